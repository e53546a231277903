"""send_core's packages re-export names from their modules, imported on first use
(send_core.lazy_exports), so that threads importing the app at once never deadlock."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Several threads each import one part of the app at the same moment, as sessions opening
# different pages on a just-started server do. With packages that imported their own modules
# while starting, 8 runs of 8 out of 8 ended in "deadlock detected" or "cannot import name ...
# from partially initialized module".
RACE = """
import importlib, sys, threading
import altair, numpy, pandas, pyarrow  # the third-party imports first: the race is in ours
targets = sys.argv[1:]
barrier = threading.Barrier(len(targets))
failures = []
def load(name):
    barrier.wait()
    try:
        importlib.import_module(name)
    except BaseException as error:
        failures.append(f"{name}: {type(error).__name__}: {error}")
threads = [threading.Thread(target=load, args=(name,)) for name in targets]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(failures)
"""
PARTS = [
    "send_core",
    "send_core.reading.template",
    "send_core.axes",
    "send_core.plan.status",
    "send_core.store.snapshots",
    "send_core.ui.views",
    "send_core.reports.contents",
    "send_core.reading.registry",
]


@pytest.mark.parametrize("turn", range(3))
def test_threads_importing_the_app_at_once_each_get_whole_modules(turn):
    done = subprocess.run(
        [sys.executable, "-c", RACE, *PARTS], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_a_package_s_names_come_from_their_modules():
    import send_core
    import send_core.reading
    from send_core.reading.scorecard import read_scorecard

    assert send_core.read_scorecard is read_scorecard is send_core.reading.read_scorecard
    assert "read_scorecard" in dir(send_core) and set(send_core.__all__) <= set(dir(send_core))
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        send_core.no_such_name  # noqa: B018
    # A module of the package is still imported as a module, not taken for a name.
    from send_core import reading

    assert reading is send_core.reading


def test_every_name_a_package_offers_is_there():
    import importlib

    for package in ("send_core", "send_core.reading", "send_core.plan", "send_core.store", "send_core.reports"):
        module = importlib.import_module(package)
        for name in module.__all__:
            assert getattr(module, name) is not None, f"{package}.{name}"
