"""The static site for the Local Offer: written only from a published public version, three
self-contained pages with nothing fetched and no scripts, the same suppression and words as
the public app."""

from __future__ import annotations

import html
import re

import pytest

from send_core.config import load_settings
from send_core.dataset import load_sample_dataset
from send_core.errors import StoreError
from send_core.reports.site import MEASURES_PER_PAGE, PAGES, write_site
from send_core.store import snapshot_dataset
from send_core.suppression import is_suppressed
from tests.unit.store_helpers import open_store, publish_sample_for_the_public

SETTINGS = load_settings()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    version = publish_sample_for_the_public(store)
    dataset = snapshot_dataset(open_store(store).live("public").snapshot, SETTINGS)
    out = tmp_path_factory.mktemp("site")
    written = write_site(dataset, SETTINGS, out)
    return version, dataset, {path.name: path.read_text(encoding="utf-8") for path in written}


def test_small_pages_each_a_whole_accessible_document(site):
    _, dataset, pages = site
    assert set(PAGES) == {"index.html", "about.html", "accessibility.html"} <= set(pages)
    # Every public measure is on one page of measures, 16 at most to a page.
    measures = {name: text for name, text in pages.items() if name.startswith("measures-")}
    assert len(measures) >= len(dataset.catalogue) / MEASURES_PER_PAGE
    for name in dataset.catalogue["kpi_name"]:
        assert sum(html.escape(name, quote=False) in text for text in measures.values()) >= 1, name
    # The front page links to each of them.
    assert all(f"href='{name}'" in pages["index.html"] for name in measures)
    for text in pages.values():
        assert text.startswith("<!doctype html><html lang='en'>")
        assert text.count("<h1>") == 1 and "<title>" in text and "href='#content'" in text
        # Every page links to the other two.
        assert all(f"href='{name}'" in text for name in PAGES)


def test_nothing_is_fetched_and_nothing_runs(site):
    _, _, pages = site
    for name, text in pages.items():
        assert "<script" not in text.lower() and "javascript:" not in text.lower(), name
        # The only addresses are the SVG namespaces, which browsers never fetch.
        addresses = set(re.findall(r"https?://[^\s\"'<>)]+", text))
        assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, (name, addresses)
        assert re.search(r"<(img|link|iframe|object|embed)\b", text) is None, name
        assert "default-src 'none'" in text  # and the browser is told so


def test_the_figures_page_says_which_version_and_what_is_hidden(site):
    version, _, pages = site
    index = pages["index.html"]
    # The Birmingham sample's monthly figures run to June 2023; threshold 5 hides 1 to 4.
    assert f"(version {version})" in index and "up to June 2023" in index
    assert "Numbers from 1 to 4 are hidden and shown as 'c'" in index
    assert "upload" not in index.lower()


def test_no_count_below_the_threshold_is_on_the_site(site):
    _, dataset, pages = site
    counts = dataset.observations[
        (dataset.observations["unit"] == "count") & dataset.observations["measure"].isin(["actual", "baseline"])
    ]
    assert not counts["value"].between(1, 4).any()
    assert is_suppressed(dataset.observations).any()  # the sample has small counts to hide
    # Every "Latest" cell of a count is 0, 5 or more, a dash, or c.
    every_page = "".join(pages.values())
    checked = 0
    for row in re.findall(r"<tr>(.*?)</tr>", every_page):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        if len(cells) == 6 and re.fullmatch(r"[\d,]+", cells[2]):
            name = re.sub(r"<br>.*", "", cells[0])
            unit = dataset.catalogue.set_index("kpi_name")["unit"].get(name)
            if unit == "count":
                assert not 1 <= int(cells[2].replace(",", "")) <= 4, name
                checked += 1
    assert checked > 5


def test_about_and_accessibility_carry_the_statements(site):
    _, _, pages = site
    assert "How small numbers are protected" in pages["about.html"] and "What the words mean" in pages["about.html"]
    assert "What we know is not yet right" in pages["accessibility.html"]
    assert "How we tested it" in pages["accessibility.html"]


def test_only_a_published_public_version_becomes_a_site(tmp_path):
    with pytest.raises(StoreError, match="Nothing has been published for the public yet"):
        write_site(load_sample_dataset(SETTINGS), SETTINGS, tmp_path / "site")
    assert not (tmp_path / "site").exists()
