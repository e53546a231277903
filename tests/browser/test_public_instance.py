"""The public instance as a family meets it, and the officers' app beside it: no upload control
or upload wording, no count below the threshold in what can be downloaded, no request to any
host but the app's, no serious or critical axe-core violation on any page, a keyboard-only walk
through the filters and tabs; and the static site for the Local Offer, served by a plain file
server, checked the same way."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd
import pytest

from tests.browser.conftest import running_server, static_file_server, wait_for_app
from tests.unit.store_helpers import publish_sample_for_the_public

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["", "overview", "kpi_explorer", "plan_tracker", "localities", "downloads", "about"]
OFFICER_PAGES = ["", "kpi_explorer", "plan_tracker", "localities", "downloads", "about", "upload", "publish"]
THRESHOLD = 5  # config/settings.yaml's suppression_threshold


@pytest.fixture(scope="module")
def public_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("public-store")
    publish_sample_for_the_public(store)
    return str(store)


@pytest.fixture(scope="module")
def public_url(public_store):
    with running_server(store=public_store, public=True) as (url, _process):
        yield url


@pytest.fixture
def watched_page(browser):
    """A page that records every request to a host other than the app's (127.0.0.1)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    page.elsewhere = []
    page.on(
        "request",
        lambda request: (
            page.elsewhere.append(request.url)
            if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(request.url).hostname not in ("127.0.0.1",)
            else None
        ),
    )
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    # Charts and maps draw after the script has run; their requests are what we are counting.
    page.wait_for_timeout(1500)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_offers_no_upload_calls_no_third_party_and_passes_axe(public_url, watched_page, path):
    open_page(watched_page, f"{public_url}/{path}")
    assert watched_page.locator('[data-testid="stFileUploader"]').count() == 0
    words = (
        watched_page.locator('[data-testid="stMain"]').inner_text()
        + watched_page.locator('[data-testid="stSidebar"]').inner_text()
    ).lower()
    assert "upload" not in words
    assert (
        "These figures were published on" in watched_page.locator('[data-testid="stMain"]').inner_text()
        or path == "about"
    )
    assert watched_page.locator('[data-testid="stException"]').count() == 0
    assert serious_violations(watched_page) == []
    assert watched_page.elsewhere == []


@pytest.mark.parametrize("path", ["upload", "publish"])
def test_the_officers_pages_are_not_there_in_public(public_url, watched_page, path):
    open_page(watched_page, f"{public_url}/{path}")
    assert watched_page.locator('[data-testid="stFileUploader"]').count() == 0
    assert watched_page.locator('[data-testid="stMain"] h1').first.inner_text() == "SEND improvement figures"
    assert watched_page.get_by_role("link", name="Upload data").count() == 0


def test_the_public_data_download_has_no_count_below_the_threshold(public_url, watched_page):
    # West's early years: the sample's locality file has appeals (WTW6) of 0 to 2 a month there.
    open_page(watched_page, f"{public_url}/downloads?locality=West&phase=Early+years")
    with watched_page.expect_download() as download:
        watched_page.get_by_role("button", name="Download every value shown").click()
    data = pd.read_csv(download.value.path(), encoding="utf-8-sig")
    unit = next(c for c in data.columns if c.lower() == "unit")
    value = next(c for c in data.columns if c.lower() == "value")
    counts = pd.to_numeric(data.loc[data[unit] == "count", value], errors="coerce")
    assert len(counts) > 0
    assert not counts.between(1, THRESHOLD - 1).any()
    # Nor in the words as written: a hidden count reads c, never its number.
    written = next(c for c in data.columns if c.lower() in ("value_text", "as written"))
    as_written = pd.to_numeric(
        data.loc[data[unit] == "count", written].astype(str).str.replace(",", ""), errors="coerce"
    )
    assert not as_written.between(1, THRESHOLD - 1).any()
    assert (data.loc[data[unit] == "count", written].astype(str) == "c").any()
    text = data.astype(str).to_string().lower()
    assert "!c" not in text and "!d" not in text  # no sheet-and-cell references ("Scorecard Jan 25!C67")


def tab_to(page, target, name: str, presses: int = 80) -> None:
    """Press Tab until ``target`` has the focus; fail, naming it, if it never does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{name} cannot be reached with the Tab key")


def test_keyboard_alone_reaches_the_filters_and_the_tabs(public_url, watched_page):
    page = watched_page
    open_page(page, f"{public_url}/kpi_explorer")
    # Tab from the top of the page to the filters' button, open them, Tab on to the locality
    # filter, choose North by typing, confirm.
    tab_to(page, page.get_by_role("button", name=re.compile("^Filters")), "the filters' button")
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("combobox", name="Locality"), "the locality filter")
    page.keyboard.type("North")
    page.keyboard.press("Enter")
    page.wait_for_url("**locality=North**")
    wait_for_app(page)
    # On to the first tab list (Chart / Table / Download), and along it with the arrow keys.
    tab_to(page, page.get_by_role("tab").first, "the chart's tabs")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert page.get_by_role("tab").nth(1).get_attribute("aria-selected") == "true"


@pytest.mark.parametrize("path", OFFICER_PAGES)
def test_an_officers_page_calls_no_third_party_and_passes_axe(app_url, watched_page, path):
    open_page(watched_page, f"{app_url}/{path}")
    assert serious_violations(watched_page) == []
    assert watched_page.elsewhere == []


@pytest.fixture(scope="module")
def site_url(public_store, tmp_path_factory):
    from send_core.config import load_settings
    from send_core.reports.site import write_site
    from send_core.store import snapshot_dataset
    from tests.unit.store_helpers import open_store

    settings = load_settings()
    out = tmp_path_factory.mktemp("site")
    write_site(snapshot_dataset(open_store(public_store).live("public").snapshot, settings), settings, out)
    with static_file_server(out) as url:
        yield url


@pytest.mark.parametrize(
    "name", ["index.html", "measures-1.html", "measures-2.html", "about.html", "accessibility.html"]
)
def test_the_static_site_passes_axe_and_fetches_nothing(site_url, watched_page, name):
    watched_page.goto(f"{site_url}/{name}")
    watched_page.wait_for_load_state("load")
    assert serious_violations(watched_page) == []
    assert watched_page.elsewhere == []
    assert watched_page.evaluate("document.scripts.length") == 0
    # The skip link is the first thing the keyboard reaches, and it leads to the content.
    watched_page.keyboard.press("Tab")
    assert watched_page.evaluate("document.activeElement.getAttribute('href')") == "#content"
