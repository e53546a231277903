"""On a real server: a hostile upload in one session leaves every other session its pages."""

from __future__ import annotations

import urllib.request

from tests.browser.conftest import running_app, wait_for_app
from tests.unit.test_extents import workbook_with

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_far_cell_upload_leaves_a_second_session_its_pages(browser):
    # Before: a 1.5 KB workbook whose only far cell was at XFD1048576 aborted the whole server
    # process, and every user lost the app.
    far = workbook_with(XFD1048576="stray")
    with running_app() as url:
        first = browser.new_context(viewport={"width": 1280, "height": 900})
        second = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            officer = first.new_page()
            officer.goto(f"{url}/upload")
            wait_for_app(officer)
            officer.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                {"name": "far.xlsx", "mimeType": XLSX, "buffer": far}
            )
            main = officer.locator('[data-testid="stMain"]')
            main.get_by_text("Every non-empty cell is accounted for").first.wait_for(timeout=60_000)
            wait_for_app(officer)
            # The far cell is read as not understood (the problems table, drawn on a canvas, names it).
            assert (
                "Of 9 cells, we read 3 as values, 0 as markers and 5 as labels or headings; 1 could not be understood"
            ) in main.inner_text()
            assert officer.locator('[data-testid="stException"]').count() == 0

            manager = second.new_page()
            manager.goto(f"{url}/")
            wait_for_app(manager)
            assert manager.locator('[data-testid="stMain"] h1').first.inner_text() == "Overview"
            assert manager.locator('[data-testid="stException"]').count() == 0
            manager.get_by_role("link", name="KPI explorer").click()
            # The old page's finished state would satisfy wait_for_app before the new one starts.
            manager.wait_for_url("**/kpi_explorer")
            manager.get_by_role("heading", name="KPI explorer", level=1).wait_for(timeout=60_000)
            wait_for_app(manager)
            assert manager.locator('[data-testid="stMain"] h1').first.inner_text() == "KPI explorer"
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
                assert response.read().strip() == b"ok"
        finally:
            first.close()
            second.close()
