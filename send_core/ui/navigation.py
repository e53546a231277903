"""The app's pages, named once: the router, the tests and the benchmarks all read this list."""

from __future__ import annotations

import threading
from typing import NamedTuple


class PageEntry(NamedTuple):
    path: str
    title: str
    icon: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/overview.py", "Overview", ":material/dashboard:"),
    PageEntry("pages/kpi_explorer.py", "KPI explorer", ":material/query_stats:"),
    PageEntry("pages/plan_tracker.py", "Plan tracker", ":material/checklist:"),
    PageEntry("pages/localities.py", "Localities", ":material/map:"),
    PageEntry("pages/downloads.py", "Downloads", ":material/download:"),
    PageEntry("pages/upload.py", "Upload data", ":material/upload_file:"),
    PageEntry("pages/publish.py", "Publish", ":material/publish:"),
    PageEntry("pages/about.py", "About the data", ":material/info:"),
)
HOME_PAGE = PageEntry("pages/home.py", "Home", ":material/home:")  # the public instance's first page
# The Home page's links: each page a family may open, and what it is for, in a few words.
PUBLIC_HOME_LINKS = (
    ("pages/overview.py", "Overview", "every measure's latest figure, its target and whether it is changing"),
    # The Home page adds what the data is compared with, where it has comparators (wording.compared_with).
    ("pages/kpi_explorer.py", "KPI explorer", "one measure over time, against its target"),
    ("pages/plan_tracker.py", "Plan tracker", "the plan's actions and the targets it set for each date"),
    ("pages/localities.py", "Localities", "how parts of the area compare"),
    ("pages/downloads.py", "Downloads", "the figures as a spreadsheet and a printable report"),
    ("pages/about.py", "About the data", "where the figures come from, what the words mean, who to contact"),
)
UPLOAD_PAGE = "pages/upload.py"
EXPLORER_PAGE = "pages/kpi_explorer.py"
PUBLISH_PAGE = "pages/publish.py"
# Pages only some may open, and what each needs (send_core.access.NEEDS); none is on the
# read-only public instance.
PAGE_NEEDS = {UPLOAD_PAGE: "upload", PUBLISH_PAGE: "publish"}
# Whether this thread is running a page inside route() (each session's script runs in a thread
# of its own): a page run any other way is the older pages/ mode's (see require_router).
_ROUTING = threading.local()


def route() -> None:
    """Draw the navigation and run the page the address asks for (app.py's whole job).

    With sign-in set up, a visitor who is not signed in sees only the sign-in page; each
    person sees the pages their role allows. The public read-only instance has no sign-in and
    no Upload or Publish page.
    """
    import streamlit as st

    from ..errors import ConfigError
    from .reports import warm_chart_renderer
    from .sign_in import person_in_sidebar, person_or_gate
    from .state import get_settings, start_memory_trimmer, warm_reading_workers

    # An emoji favicon is drawn in the browser; a ":material/...:" one is fetched from Google.
    st.set_page_config(page_icon="📊", layout="wide")
    try:
        read_only = get_settings().read_only
    except ConfigError as error:
        # Nothing can be shown safely without settings (is this the public instance?): say
        # which file, key and line is wrong, and stop.
        st.title("The app's settings need fixing")
        st.error("The app cannot start until its administrator fixes the settings file. The problem:")
        st.text(str(error))
        st.stop()
    warm_reading_workers()
    start_memory_trimmer()
    warm_chart_renderer()
    person, gate = (None, None) if read_only else person_or_gate()
    if gate is not None:
        # Only the gate: no page list, not even the older pages/ mode's list of files.
        st.navigation([st.Page(gate, title="Sign in", url_path="sign-in", default=True)], position="hidden").run()
        return
    if person is not None:
        person_in_sidebar(person)
    shown = [
        page
        for page in ((HOME_PAGE, *PAGES) if read_only else PAGES)
        if page.path not in PAGE_NEEDS or (person is not None and person.may(PAGE_NEEDS[page.path]))
    ]
    pages = [
        st.Page(page.path, title=page.title, icon=page.icon, default=index == 0) for index, page in enumerate(shown)
    ]
    _ROUTING.active = True
    try:
        st.navigation(pages).run()
    finally:
        _ROUTING.active = False


def require_router() -> None:
    """Make sure the page runs inside the router; call it first thing on every page.

    When a pages/ folder sits beside app.py, Streamlit starts in its older multipage mode and
    leaves it only when st.navigation runs. If the first visit to a freshly started server is
    a page's own address (a shared link such as /localities?locality=North), that older mode
    runs the page file alone: app.py never runs and the sidebar lists file names ("app",
    "kpi explorer"). Here the older mode is switched off and the router runs in its place,
    in this same run (a rerun would drop a button press that started it), then this run of
    the page file stops. Whether the page runs inside the router is asked of this session's
    own run, not of the server's mode: sessions that started together, before the mode was
    switched off, each run their page file alone.
    """
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager

    if not getattr(_ROUTING, "active", False):
        PagesManager.uses_pages_directory = False
        route()
        st.stop()
