"""The SEND improvement reporting app: this file only routes to the pages in pages/."""

from send_core.ui.navigation import route


def main() -> None:
    route()  # the page list and st.navigation(...).run(), in send_core/ui/navigation.py


main()
