"""Speed in a real browser: Playwright driving /usr/bin/chromium against `streamlit run`.

    python3 benchmarks/run.py browser

Beside the app, in the same run and the same browser, a plain one-chart Streamlit page is the
baseline (benchmarks/load.py's PLAIN_PAGE), its server running at the same time as the app's.
Each page is opened warm (a first visit fills the server's caches, as any earlier visitor
would have), then in five turns, each turn one new page load (so a new Streamlit session) of
the plain page and then of every app page; a page is done when its script has finished, its
heading is drawn and every chart on it has drawn its marks. Medians of 5; each page's ratio is
the median of its turns' ratios to the plain page (the machine's speed drifts over seconds).
``BROWSER_RUNS`` changes the number of turns.

Then an officer's upload: on the Upload page, BCP's scorecard is chosen (a copy whose title
cell differs each time, so every upload is read afresh, not served from the cache), and timed
until "What we read" is shown and until the page's first look at the file (its first KPI's
chart) is drawn; then the KPI explorer link is clicked and timed until its chart is drawn.
Each upload is paired with one to a plain upload page (PLAIN_UPLOAD_PAGE: Streamlit's uploader,
a bare python-calamine read in the server and one line chart of the file's first KPI), its
server running at the same time: what choosing a file and drawing a chart costs in Streamlit
and this browser on this machine, whatever the app does. Medians of 5, and the median of the
pairs' ratios.

All of it twice: first with a new browser profile for every visit (nothing cached, as on
someone's first visit), then with one profile for every visit (Streamlit's and Vega's scripts
from the browser's cache, as for anyone who has opened the app before).

Where the time goes, for each page: until the app's frame is there (connect), until the
script has finished (the server's run and the messages it sends), until every chart is drawn
(the front end's rendering), and the bytes the server sent over the WebSocket.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.load import PLAIN_PAGE
from tests.browser.conftest import SCRIPT_FINISHED

RUNS = int(os.environ.get("BROWSER_RUNS", "5"))
DRAWN = """() => {
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    return charts.every(chart => chart.querySelector('canvas, svg.marks'))
        && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0;
}"""
CHART_DRAWN = """() => {
    const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
    return chart && chart.querySelector('canvas, svg.marks');
}"""


# The floor of an upload's first chart: the same file chosen the same way, read with a bare
# python-calamine load in the server (not in a worker, nothing checked), and one line chart of
# the first KPI's row (row 4 of BCP's sheet, its numbers from column C).
PLAIN_UPLOAD_PAGE = """
import io

import altair as alt
import pandas as pd
import streamlit as st
from python_calamine import CalamineWorkbook

st.title("A plain upload page")
file = st.file_uploader("Choose files", type=["xlsx"])
if file is not None:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(file.getvalue())).get_sheet_by_index(0).to_python()
    values = [value for value in rows[3][2:] if isinstance(value, (int, float))]
    frame = pd.DataFrame({"month": pd.date_range("2023-12-01", periods=len(values), freq="MS"), "value": values})
    st.altair_chart(alt.Chart(frame).mark_line(point=True).encode(x="month:T", y="value:Q"), width="stretch")
    st.header("What we read")
    st.text(f"{len(rows)} rows")
"""


def open_and_time(page, url: str) -> dict[str, float]:
    """Open ``url`` in ``page`` and time it: seconds to connect, to the script's end and to
    every chart drawn; and the WebSocket bytes received."""
    received = []

    def on_socket(socket) -> None:
        socket.on("framereceived", lambda frame: received.append(len(frame) if isinstance(frame, (bytes, str)) else 0))

    page.on("websocket", on_socket)
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    connected = time.perf_counter()
    page.wait_for_function(SCRIPT_FINISHED, timeout=60_000)
    finished = time.perf_counter()
    page.wait_for_function(DRAWN, timeout=60_000)
    drawn = time.perf_counter()
    page.remove_listener("websocket", on_socket)
    return {
        "connect": connected - started,
        "script": finished - connected,
        "draw": drawn - finished,
        "total": drawn - started,
        "bytes": float(sum(received)),
    }


VIEWPORT = {"width": 1366, "height": 768}


def page_opener(browser, *, cached: bool) -> Callable[[], object]:
    """How each visit gets its browser page: with ``cached`` False a new browser profile each
    time (nothing cached, as on someone's first visit); with ``cached`` True one profile for
    every visit, so the front end's files (Streamlit's and Vega's scripts) come from the
    browser's cache, as for anyone who has opened the app before. Either way each visit is
    a new page, so a new Streamlit session."""
    if not cached:
        return lambda: browser.new_page(viewport=VIEWPORT)
    context = browser.new_context(viewport=VIEWPORT)
    return context.new_page


def fresh_visit(new_page: Callable[[], object], url: str) -> dict[str, float]:
    """One timed visit in a new page (so a new Streamlit session), closed afterwards."""
    page = new_page()
    try:
        return open_and_time(page, url)
    finally:
        page.close()


def pages_in_turns(new_page: Callable[[], object], addresses: dict[str, str]) -> dict[str, list[dict[str, float]]]:
    """A warm visit to each address, then RUNS turns of one visit to each, in order: the
    machine's speed drifts over seconds, so each turn's ratios compare visits made together."""
    for url in addresses.values():
        fresh_visit(new_page, url)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in addresses}
    for _ in range(RUNS):
        for name, url in addresses.items():
            runs[name].append(fresh_visit(new_page, url))
    return runs


def unique_scorecard(source: Path, mark: int) -> Path:
    """A copy of the scorecard whose title cell differs, so its digest is new and the app
    reads it afresh rather than from its cache of parsed uploads."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    book.active["A1"] = f"SEND SCORECARD (copy {mark})"
    buffer = io.BytesIO()
    book.save(buffer)
    path = Path(tempfile.mkdtemp(prefix="send-upload-")) / source.name
    path.write_bytes(buffer.getvalue())
    return path


def upload_to_first_chart(
    new_page: Callable[[], object], url: str, source: Path, mark: int
) -> tuple[float, float, float]:
    """Seconds from choosing the file to "What we read", to the Upload page's first look at
    the file (its first KPI's chart drawn), and from there to the KPI explorer's chart drawn."""
    page = new_page()
    page.goto(f"{url}/upload")
    read, charted = choose_and_time(page, source, mark)
    started = time.perf_counter()
    page.wait_for_function(SCRIPT_FINISHED, timeout=60_000)
    page.get_by_role("link", name="KPI explorer", exact=True).click()
    page.wait_for_url(f"{url}/kpi_explorer", timeout=60_000)
    page.wait_for_function(CHART_DRAWN, timeout=60_000)
    explored = time.perf_counter()
    page.close()
    return read, charted, explored - started


def choose_and_time(page, source: Path, mark: int) -> tuple[float, float]:
    """Choose a fresh copy of ``source`` on the page's uploader, once the page has finished;
    seconds to "What we read" and to the first chart drawn."""
    page.wait_for_function(SCRIPT_FINISHED, timeout=60_000)
    path = unique_scorecard(source, mark)
    started = time.perf_counter()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("What we read").first.wait_for(timeout=60_000)
    read = time.perf_counter()
    page.wait_for_function(CHART_DRAWN, timeout=60_000)
    return read - started, time.perf_counter() - started


def plain_upload(new_page: Callable[[], object], url: str, source: Path, mark: int) -> float:
    """Seconds from choosing the file on the plain upload page to its chart drawn."""
    page = new_page()
    page.goto(url)
    _, charted = choose_and_time(page, source, mark)
    page.close()
    return charted


def browser_speed() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, running_server
    from tests.conftest import ROOT

    print(f"== Speed in Chromium ({CHROMIUM}), medians of {RUNS} warm page loads")
    if not CHROMIUM.exists():
        print("skipped: no Chromium at that path (scripts/test.sh installs Debian's)")
        return
    work = Path(tempfile.mkdtemp(prefix="send-browser-"))
    plain_script = work / "plain_page.py"
    plain_script.write_text(PLAIN_PAGE, encoding="utf-8")
    plain_upload_script = work / "plain_upload_page.py"
    plain_upload_script.write_text(PLAIN_UPLOAD_PAGE, encoding="utf-8")
    pages = {
        "Overview": "/",
        "KPI explorer": "/kpi_explorer",
        "Overview, North + Early Years & Primary": "/?locality=North&phase=Early+Years+%26+Primary",
        "KPI explorer, North + Early Years & Primary": "/kpi_explorer?locality=North&phase=Early+Years+%26+Primary",
        "Localities, North": "/localities?locality=North",
        "Plan tracker": "/plan_tracker",
    }
    scorecard = ROOT / "sample_data" / "bcp_send_scorecard_jan25.xlsx"
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        # Both servers run at once, and each turn visits the plain page then every app page.
        with (
            running_server(script=str(plain_script)) as (plain_url, _),
            running_server(script=str(plain_upload_script)) as (plain_upload_url, _),
            running_server() as (url, _),
        ):
            addresses = {"Plain one-chart page": plain_url} | {n: url + p for n, p in pages.items()}
            for cached in (False, True):
                new_page = page_opener(browser, cached=cached)
                runs = pages_in_turns(new_page, addresses)
                # The first pair warms the reading workers' code paths and both servers.
                uploads = [
                    (
                        upload_to_first_chart(new_page, url, scorecard, mark),
                        plain_upload(new_page, plain_upload_url, scorecard, mark),
                    )
                    for mark in range(RUNS + 1)
                ][1:]
                results[cached] = runs, uploads
        browser.close()
    for cached, (runs, uploads) in results.items():
        print(
            "-- One browser profile for every visit: the front end's files cached, as for anyone who has "
            "opened the app before"
            if cached
            else "-- A new browser profile for each visit: nothing cached, as on a first visit"
        )
        report(runs, uploads)


def report(runs: dict[str, list[dict[str, float]]], uploads: list[tuple[tuple[float, float, float], float]]) -> None:
    """Print each page's medians and ratios to the plain page, then the upload's, and its
    ratio to the plain upload page's."""
    plain_runs = runs["Plain one-chart page"]
    for name, visits in runs.items():
        ratios = [visit["total"] / plain["total"] for visit, plain in zip(visits, plain_runs, strict=True)]
        figures = {key: statistics.median(visit[key] for visit in visits) for key in visits[0]}
        print(
            f"{name}: {figures['total'] * 1000:.0f} ms, {statistics.median(ratios):.2f}x the plain page "
            f"(turns {min(ratios):.2f} to {max(ratios):.2f}): connect {figures['connect'] * 1000:.0f}, "
            f"script {figures['script'] * 1000:.0f}, drawn {figures['draw'] * 1000:.0f} ms; "
            f"{figures['bytes'] / 1024:.0f} KB over the WebSocket"
        )
    reads = [read for (read, _, _), _ in uploads]
    charts = [chart for (_, chart, _), _ in uploads]
    explorers = [explorer for (_, _, explorer), _ in uploads]
    plains = [plain for _, plain in uploads]
    ratios = [chart / plain for chart, plain in zip(charts, plains, strict=True)]
    print(
        f"Upload BCP's scorecard to its first chart (the Upload page's first look): {statistics.median(charts) * 1000:.0f} ms "
        f"(turns {min(charts) * 1000:.0f} to {max(charts) * 1000:.0f}; to 'What we read' "
        f"{statistics.median(reads) * 1000:.0f} ms); then to the KPI explorer's chart "
        f"{statistics.median(explorers) * 1000:.0f} ms (medians of {RUNS}). The plain upload page: "
        f"{statistics.median(plains) * 1000:.0f} ms to its chart, so the app's first look took "
        f"{statistics.median(ratios):.2f}x it (pairs {min(ratios):.2f} to {max(ratios):.2f})"
    )
