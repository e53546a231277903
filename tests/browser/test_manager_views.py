"""A locality manager's walk in Chromium at 1366 x 768: North and the Early Years & Primary pod
chosen in the sidebar, then the Overview, the KPI explorer and the Localities page, each showing
North's own figures (not whole-area fall-backs) with North picked out. Each page is saved as a
screenshot (tests/browser/screenshots/, not committed) for a person to look over."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import wait_for_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SEND_SCREENSHOTS", ROOT / "tests" / "browser" / "screenshots"))


def choose(page, label: str, option: str, in_link: str) -> None:
    """Pick ``option`` in the sidebar list labelled ``label``, as a person would (open the
    filters, open the list,
    type the start of it, click it), then wait until the address bar carries it (``in_link``) and the page
    has finished again."""
    box = page.get_by_role("combobox", name=label)
    if not box.is_visible():  # the filters are in a popover, opened by their button in the sidebar
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name=re.compile("^Filters")).click()
    box.click()
    page.keyboard.type(option)  # the list narrows to what is typed
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_url(re.compile(re.escape(in_link)))
    wait_for_app(page)
    page.keyboard.press("Escape")  # close the filters, as a person would before moving on
    box.wait_for(state="hidden")


def screenshot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"manager-{name}.png"))


def go_to(page, app_url: str, link: str, path: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link).click()
    page.wait_for_url(f"{app_url}/{path}**")
    page.locator('[data-testid="stMain"] h1').filter(has_text=link).wait_for()
    wait_for_app(page)


def north_sl2() -> tuple[str, str]:
    """North's first and last figures for SL2 (% in mainstream), read from the sample's
    locality file by hand, as the KPI explorer's sentence should give them."""
    with open(ROOT / "sample_data" / "birmingham_illustrative_localities.csv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kpi_id"] == "SL2" and r["locality"] == "North"]
    rows.sort(key=lambda r: r["period"])
    return rows[0]["value"], rows[-1]["value"]


def test_a_manager_sees_north_s_own_figures_on_every_page(app_url, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(app_url)
    wait_for_app(page)
    choose(page, "Locality", "North", "locality=North")
    choose(page, "Phase", "Early Years & Primary", "phase=Early")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Showing North locality, Early Years & Primary phase.").wait_for()
    assert "locality=North" in page.url and "phase=Early" in page.url  # a link to share

    # Overview: the first tiles are North's own, compared with the whole area; any whole-area
    # fall-back comes after them.
    tiles = main.inner_text().split("Latest position", 1)[1]
    assert "North, Early Years & Primary: " in tiles and "whole area: " in tiles
    fallback = tiles.find("No locality breakdown")
    assert fallback == -1 or tiles.find("North, Early Years & Primary: ") < fallback
    screenshot(page, "overview")

    # KPI explorer: the first KPI (SL2) is North's series, from North's first to last figure.
    go_to(page, app_url, "KPI explorer", "kpi_explorer")
    first, last = north_sl2()
    main.get_by_text(f"up from {first} to {last}").first.wait_for()
    assert "No locality breakdown" not in main.inner_text()
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks').first.wait_for()
    screenshot(page, "kpi-explorer")

    # Localities: North outlined on the map, named in the sentence and the ranking.
    go_to(page, app_url, "Localities", "localities")
    text = main.inner_text()
    assert "Outlined in black, its name on yellow: North." in text
    assert "North, chosen:" in text and "North (your filter)" in text
    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for()
    screenshot(page, "localities")
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()
