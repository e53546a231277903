"""The app in a real browser: it starts, every page loads, nothing shows an error."""

from __future__ import annotations

import pytest

from tests.browser.conftest import running_app, wait_for_app

PAGES = {
    "": "Overview",
    "kpi_explorer": "KPI explorer",
    "plan_tracker": "Plan tracker",
    "localities": "Localities",
    "downloads": "Downloads",
    "upload": "Upload data",
    "about": "About the data",
}

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("path", "title"), list(PAGES.items()))
def test_every_page_loads_without_an_error(app_url, page, path, title):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == title
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert title in page.title()


def test_the_sidebar_navigates_between_pages(app_url, page):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("link", name="Plan tracker").click()
    page.wait_for_url("**/plan_tracker")
    wait_for_app(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Plan tracker"


def test_a_filtered_link_opens_the_same_view(app_url, page):
    page.goto(f"{app_url}/?locality=North&phase=Primary")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    assert "Showing North locality, Primary phase." in main.inner_text()


def test_no_serious_accessibility_violations_in_the_app_s_own_content(app_url, page):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{app_url}/about")
    wait_for_app(page)
    results = Axe().run(page, context={"include": [['[data-testid="stMain"]']]})
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()


def test_a_link_with_months_opens_that_range(app_url, page):
    page.goto(f"{app_url}/?from=2022-06&to=2022-12")
    wait_for_app(page)
    assert "Showing Jun 2022 to Dec 2022." in page.locator('[data-testid="stMain"]').inner_text()


def test_an_uploaded_scorecard_is_read_and_what_we_read_is_shown(app_url, page):
    # The whole upload path on a real server: the uploader, the cached read with its progress
    # bar, "What we read", and the other pages then showing the upload instead of the sample.
    from tests.conftest import SAMPLE

    page.goto(f"{app_url}/upload")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(SAMPLE / "bcp_send_scorecard_jan25.xlsx")
    )
    page.get_by_text("What we read").wait_for(timeout=60_000)
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Every non-empty cell is accounted for").first.wait_for(timeout=60_000)
    assert "bcp_send_scorecard_jan25.xlsx: Monthly scorecard" in main.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.locator('[data-testid="stProgress"]').count() == 0  # the bar goes when the read is done
    # The column form and the problems list are drawn only while open (tests/app/test_upload.py):
    # here a click opens each and draws it.
    assert main.get_by_text("Column with the KPI names").count() == 0
    main.get_by_text("Not read as you expected? Say which column is what").click()
    main.get_by_text("Column with the KPI names").wait_for(timeout=60_000)
    wait_for_app(page)
    # The problems list: 19, none an error, so folded away.
    assert main.get_by_role("button", name="Download the messages (CSV)").count() == 0
    main.get_by_text("19 problems found, one per line").click()
    main.get_by_role("button", name="Download the messages (CSV)").wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_role("link", name="Overview").click()
    page.wait_for_url(f"{app_url}/")  # the default page lives at the root
    wait_for_app(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Overview"
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert "sample data" not in page.locator('[data-testid="stMain"]').inner_text().lower()


def test_a_shared_link_is_the_first_visit_to_a_fresh_server(page):
    # A manager's link to their locality may be the first request a just-started server gets.
    # Streamlit then starts in its older pages/ mode; the app must still route through app.py:
    # its own page names in the sidebar (not file names such as "app"), and the filter kept.
    with running_app() as url:
        page.goto(f"{url}/kpi_explorer?locality=North&phase=Primary")
        wait_for_app(page)
        page.get_by_text("Showing North locality, Primary phase.").first.wait_for(timeout=30_000)
        links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
        assert [link.split("\n")[-1] for link in links] == [
            "Overview",
            "KPI explorer",
            "Plan tracker",
            "Localities",
            "Downloads",
            "Upload data",
            "Publish",
            "About the data",
        ]
        assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "KPI explorer"


def test_several_shared_links_opened_at_once_on_a_fresh_server_are_each_routed(browser):
    # A link in a newsletter is opened by several people in the first seconds after a restart.
    # Each session starts in Streamlit's older pages/ mode; switching that mode off once for
    # the server routed only the first of them, and the others listed the pages/ files
    # ("app", "publish") in the sidebar and ran the page file alone.
    paths = ["/", "/kpi_explorer", "/localities", "/about"]
    with running_app() as url:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        pages = [context.new_page() for _ in paths]
        for page, path in zip(pages, paths, strict=True):
            page.goto(url + path, wait_until="commit")
        for page in pages:
            wait_for_app(page, timeout=180_000)  # four cold first runs at once on two cores
            links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
            assert [link.split("\n")[-1] for link in links][:2] == ["Overview", "KPI explorer"], links
            assert page.locator('[data-testid="stException"]').count() == 0
        context.close()
