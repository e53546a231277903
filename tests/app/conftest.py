"""AppTest helpers: the app from its entry point, with a generous first-run timeout."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from send_core.ui.navigation import PAGES as NAVIGATION
from tests.conftest import ROOT

PAGES = {page.title: page.path for page in NAVIGATION}


def open_app() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    return app


@pytest.fixture
def app() -> AppTest:
    return open_app()


def go(app: AppTest, page: str) -> AppTest:
    app.switch_page(PAGES[page])
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def choose_sample(app: AppTest, name: str) -> AppTest:
    """Pick a built-in sample authority in the sidebar, as a visitor would."""
    app.selectbox(key="sample_choice").set_value(name).run()
    return app


def open_tab(app: AppTest, key: str, name: str) -> AppTest:
    """Open one tab of a Chart / Table / Download visual (drawn only when open), as a click would."""
    app.session_state[f"tabs-{key}"] = name
    app.run()
    return app


def open_expander(app: AppTest, key: str) -> AppTest:
    """Open an expander whose contents are drawn only when open, as a click would."""
    app.session_state[key] = True
    app.run()
    return app


def table_as_read(app: AppTest, index: int = 0):
    """The page's ``index``-th static table as a person reads it: Markdown escapes taken out
    and no-break spaces (dates are kept on one line) read as spaces."""
    return app.table[index].value.map(lambda cell: cell.replace("\\", "").replace("\u00a0", " "))


def texts(app: AppTest) -> str:
    """Everything a person can read on the page, joined."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "text", "caption", "info", "warning", "error", "success"):
        parts += [str(element.value) for element in getattr(app, kind)]
    return "\n".join(parts)


def drop_files(app: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    """Put files on the Upload page's uploader (its key changes each time it is emptied)."""
    tray = app.session_state.get("upload_tray", 0)
    app.file_uploader(key=f"uploader-{tray}").set_value(list(files)).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def use_settings(monkeypatch: pytest.MonkeyPatch, path) -> None:
    """Run the app on another settings file (None: back to the project's own), forgetting the
    settings, sample data and locality file cached for this test process."""
    import streamlit as st

    if path is None:
        monkeypatch.delenv("SEND_APP_SETTINGS", raising=False)
    else:
        monkeypatch.setenv("SEND_APP_SETTINGS", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
