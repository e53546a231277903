"""AppTest helpers: the app from its entry point, with a generous first-run timeout."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = {
    "Overview": "pages/overview.py",
    "KPI explorer": "pages/kpi_explorer.py",
    "Plan tracker": "pages/plan_tracker.py",
    "Localities": "pages/localities.py",
    "Downloads": "pages/downloads.py",
    "Upload data": "pages/upload.py",
    "About the data": "pages/about.py",
}


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


def texts(app: AppTest) -> str:
    """Everything a person can read on the page, joined."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "text", "caption", "info", "warning", "error", "success"):
        parts += [str(element.value) for element in getattr(app, kind)]
    return "\n".join(parts)
