import cProfile
import os
import runpy

profile = cProfile.Profile()
profile.enable()
try:
    runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "app.py"), run_name="__main__")
finally:
    profile.disable()
    profile.dump_stats(os.environ.get("PROFILE_OUT", "/tmp/app.prof"))
