"""Timings for the closing notes: medians of repeated runs, and ratios against a baseline
measured in the same process (these machines are noisy, so ratios travel better than seconds).

    python3 benchmarks/run.py            # everything
    python3 benchmarks/run.py reading    # only the scorecard readers
    python3 benchmarks/run.py app        # only cold start and page renders
    python3 benchmarks/run.py reports    # the board pack, the printable report and the PDF
    python3 benchmarks/run.py store      # publishing and loading snapshots
    python3 benchmarks/run.py load       # 100 sessions at once on the public instance, and the static site
    python3 benchmarks/run.py browser    # pages and an upload timed in Chromium, against a plain page

Nothing here is asserted: the numbers go in the closing note.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED_DATA = ROOT.parent / "shared" / "data"


def median_seconds(action: Callable[[], object], repeats: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(repeats):
        if before:
            before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def reading() -> None:
    from python_calamine import CalamineWorkbook

    from benchmarks.generate import long_template, monthly_scorecard
    from send_core import read_scorecard
    from send_core.reading.values import _parse_text

    print("== Reading scorecards")
    monthly = monthly_scorecard()

    def bare() -> None:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(monthly))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()

    def ours() -> None:
        read_scorecard(monthly, filename="monthly.xlsx")

    # The machine's speed drifts by half or more over seconds, so the two are timed in turns
    # and the ratio is the median of each turn's ratio, not a ratio of medians taken apart.
    bare_times, our_times = [], []
    for turn in range(25 + 3):
        _parse_text.cache_clear()  # every read parses its cells afresh
        bare_time = median_seconds(bare, 1)
        our_time = median_seconds(ours, 1)
        if turn >= 3:  # the first turns warm imports and caches of the interpreter
            bare_times.append(bare_time)
            our_times.append(our_time)
    ratios = [ours / bare for ours, bare in zip(our_times, bare_times, strict=True)]
    print(
        f"200-KPI x 36-month monthly scorecard: bare python-calamine load {statistics.median(bare_times) * 1000:.1f} ms, "
        f"read_scorecard {statistics.median(our_times) * 1000:.1f} ms (medians of 25 turns, value cache cleared each time)"
    )
    print(
        f"  ratio read_scorecard / bare load: median {statistics.median(ratios):.2f} "
        f"(quartiles {statistics.quantiles(ratios, n=4)[0]:.2f} to {statistics.quantiles(ratios, n=4)[2]:.2f})"
    )

    reading_through_workers()

    long = long_template(20_000)
    long_time = median_seconds(lambda: read_scorecard(long, filename="long.xlsx"), 5, before=_parse_text.cache_clear)
    print(f"20,000-row workbook (tidy template, .xlsx): read_scorecard {long_time:.2f} s (median of 5)")

    release = SHARED_DATA / "dfe_education-health-and-care-plans_2025_release.zip"
    if release.exists():
        with zipfile.ZipFile(release) as archive:
            caseload = archive.read("data/caseload.csv")
        caseload_time = median_seconds(
            lambda: read_scorecard(caseload, filename="caseload.csv", local_authority="Birmingham"), 3
        )
        print(
            f"DfE 2025 EHCP release caseload.csv ({len(caseload) / 1e6:.1f} MB): read_scorecard {caseload_time:.2f} s (median of 3)"
        )
    else:
        print("DfE caseload.csv: skipped (../shared/data is not beside this clone)")


def reading_through_workers() -> None:
    """The same scorecard read as the app reads uploads: in a worker process (the pool warm, as
    the app starts it), against the bare load in this process, in turns. The worker keeps its
    cell cache between files as it does in the app, so each turn reads a scorecard with other
    numbers (another seed), and the in-process read is timed on the same files for comparison."""
    from python_calamine import CalamineWorkbook

    from benchmarks.generate import monthly_scorecard
    from send_core import read_scorecard
    from send_core.reading.worker import ReadingPool, Task

    pool = ReadingPool(1)
    pool.warm()
    files = [monthly_scorecard(seed=seed) for seed in range(100, 128 + 3)]
    pool.run(Task("read", files[0], "monthly.xlsx"))
    bare_times, worker_times, here_times = [], [], []
    for turn, data in enumerate(files[1:]):

        def bare(data: bytes = data) -> None:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            for name in workbook.sheet_names:
                workbook.get_sheet_by_name(name).to_python()

        bare_time = median_seconds(bare, 1)
        worker_time = median_seconds(lambda data=data: pool.run(Task("read", data, "monthly.xlsx")), 1)
        here_time = median_seconds(lambda data=data: read_scorecard(data, filename="monthly.xlsx"), 1)
        if turn >= 3:
            bare_times.append(bare_time)
            worker_times.append(worker_time)
            here_times.append(here_time)
    pool.close()
    worker_ratios = [w / b for w, b in zip(worker_times, bare_times, strict=True)]
    here_ratios = [h / b for h, b in zip(here_times, bare_times, strict=True)]
    hops = [w - h for w, h in zip(worker_times, here_times, strict=True)]
    print(
        f"Through a worker process, as the app reads uploads (a new scorecard each turn, 25 turns): "
        f"{statistics.median(worker_times) * 1000:.1f} ms, in this process {statistics.median(here_times) * 1000:.1f} ms, "
        f"bare load {statistics.median(bare_times) * 1000:.1f} ms"
    )
    print(
        f"  ratio worker read / bare load: median {statistics.median(worker_ratios):.2f} "
        f"(quartiles {statistics.quantiles(worker_ratios, n=4)[0]:.2f} to {statistics.quantiles(worker_ratios, n=4)[2]:.2f}); "
        f"in-process {statistics.median(here_ratios):.2f}; the hop {statistics.median(hops) * 1000:.1f} ms"
    )


COLD_START = """
import time
started = time.perf_counter()
from streamlit.testing.v1 import AppTest
app = AppTest.from_file({app!r}, default_timeout=120)
app.run()
assert not app.exception, [e.value for e in app.exception]
print(time.perf_counter() - started)
"""


def app() -> None:
    from streamlit.testing.v1 import AppTest

    print("== The app (Streamlit AppTest, server-side time)")
    cold = []
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-c", COLD_START.format(app=str(ROOT / "app.py"))],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        cold.append(float(result.stdout.strip().splitlines()[-1]))
    print(
        f"Cold start (new process: imports, settings, sample data, first Overview render): {statistics.median(cold):.2f} s (median of 3)"
    )

    def baseline() -> None:
        AppTest.from_string("import streamlit as st\nst.title('Baseline')\nst.write('x')").run()

    baseline()
    baseline_time = median_seconds(baseline, 7)
    print(f"Baseline: a two-element page in a new session {baseline_time * 1000:.0f} ms (median of 7)")
    warm = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    warm.run()  # fill the process-wide caches (settings, sample data) once, as a running server has
    from send_core.ui.navigation import PAGES

    for title, path in ((page.title, page.path) for page in PAGES):

        def first_render(path: str = path) -> None:
            session = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            session.switch_page(path)
            session.run()
            assert not session.exception

        seconds = median_seconds(first_render, 5)
        print(
            f"First render of {title} in a new session: {seconds * 1000:.0f} ms (median of 5), {seconds / baseline_time:.1f} x baseline"
        )


def overview() -> None:
    """Issue: with 500 KPIs x 36 months loaded, changing the selection re-renders quickly."""
    import os
    import tempfile

    import pandas as pd
    from streamlit.testing.v1 import AppTest

    from benchmarks.generate import monthly_scorecard
    from send_core.config import load_settings
    from send_core.dataset import load_sample_dataset
    from send_core.filters import Filters, apply_filters
    from send_core.summary import kpi_summary, spc_table

    print("== Overview with 500 KPIs x 36 months")
    folder = Path(tempfile.mkdtemp())
    (folder / "config").mkdir()
    (folder / "big.xlsx").write_bytes(monthly_scorecard(500, 36))
    settings_file = folder / "config" / "settings.yaml"
    settings_file.write_text(
        f"samples:\n  Big:\n    files: [{folder / 'big.xlsx'}]\nlocalities_file: {ROOT / 'config' / 'localities.yaml'}\n"
    )
    settings = load_settings(settings_file)
    dataset = load_sample_dataset(settings)
    view = apply_filters(dataset.observations, dataset.catalogue, Filters())
    summary = kpi_summary(view, dataset.catalogue, policy=dataset.rating_policy)
    spc_seconds = median_seconds(lambda: spc_table(view, dataset.catalogue, summary), 7)
    print(f"SPC for all {dataset.catalogue.shape[0]} KPIs: {spc_seconds * 1000:.0f} ms (median of 7)")
    summary_seconds = median_seconds(lambda: kpi_summary(view, dataset.catalogue, policy=dataset.rating_policy), 7)
    print(f"KPI summary (latest, change, target, RAG) for all KPIs: {summary_seconds * 1000:.0f} ms (median of 7)")

    os.environ["SEND_APP_SETTINGS"] = str(settings_file)
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        app.run()
        months = [pd.Timestamp(p).date() for p in sorted(dataset.observations["period"].dropna().unique())]
        times = []
        for index in range(1, 8):  # each a new selection, so nothing is served from a cache
            app.selectbox(key="filter_from").set_value(months[index])
            app.selectbox(key="filter_to").set_value(months[-index])
            started = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - started)
            assert not app.exception, [e.value for e in app.exception]
        print(
            f"Overview re-render after changing the months shown: {statistics.median(times) * 1000:.0f} ms (median of 7 new selections)"
        )
        app.selectbox(key="filter_from").set_value(months[1])
        app.selectbox(key="filter_to").set_value(months[-1])
        repeat = median_seconds(app.run, 5)
        print(f"Overview re-render of a selection seen before: {repeat * 1000:.0f} ms (median of 5)")
    finally:
        os.environ.pop("SEND_APP_SETTINGS", None)


def median_rerun(app, key: str, choices: list, runs: int = 6) -> float:
    """Median seconds of a re-render after setting selectbox ``key`` to each choice in turn."""
    times = []
    for index in range(runs):
        app.selectbox(key=key).set_value(choices[index % len(choices)])
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
        assert not app.exception, [e.value for e in app.exception]
    return statistics.median(times)


def maps() -> None:
    """Issue: switching locality or KPI on the map page re-renders quickly (69 wards, 153 LAs)."""
    import os
    import tempfile

    from streamlit.testing.v1 import AppTest

    wards = SHARED_DATA / "birmingham_wards_may2024_bsc.geojson"
    areas = SHARED_DATA / "england_ctyua_dec2023_bsc.geojson"
    timeliness = SHARED_DATA / "dfe_ehcp_timeliness_20wk_by_la_2019_2024.csv"
    print("== Maps")
    if not wards.exists():
        print("skipped (../shared/data is not beside this clone)")
        return
    folder = Path(tempfile.mkdtemp())
    text = (ROOT / "config" / "settings.yaml").read_text()
    text = text.replace(
        "ward_boundaries: sample_data/birmingham_wards_simplified.geojson", f'ward_boundaries: "{wards}"'
    ).replace('authority_boundaries: ""', f'authority_boundaries: "{areas}"')
    text = text.replace("  - sample_data/", f"  - {ROOT}/sample_data/")
    text = text.replace("localities_file: config/", f"localities_file: {ROOT}/config/")
    (folder / "settings.yaml").write_text(text)
    os.environ["SEND_APP_SETTINGS"] = str(folder / "settings.yaml")
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        app.run()
        app.switch_page("pages/localities.py")
        app.run()
        seconds = median_rerun(app, "locality_kpi", ["GBR1a", "GBR8.b"])
        print(
            f"Locality map (69 wards, sample data), switching KPI: {seconds * 1000:.0f} ms per re-render (median of 6)"
        )
        app.switch_page("pages/upload.py")
        app.run()
        tray = app.session_state.get("upload_tray", 0)  # the uploader's key changes each time it empties
        app.file_uploader(key=f"uploader-{tray}").set_value(
            [("timeliness.csv", timeliness.read_bytes(), "text/csv")]
        ).run()
        app.selectbox(key="la-timeliness.csv").set_value("Birmingham").run()
        app.switch_page("pages/localities.py")
        app.run()
        seconds = median_rerun(app, "england_period", app.selectbox(key="england_period").options)
        print(f"England map (153 authorities), switching year: {seconds * 1000:.0f} ms per re-render (median of 6)")
    finally:
        os.environ.pop("SEND_APP_SETTINGS", None)


def resident_megabytes(pid: int) -> float:
    """A process's resident memory (VmRSS), in MB."""
    from send_core.reading.worker import process_memory

    return process_memory("VmRSS", pid) / 1024**2


def children_of(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


def memory() -> None:
    """Server memory when 20 sessions, one after another, each upload DfE's 6.4 MB caseload
    file (as the issue asks), against the server's memory before them. Disconnected sessions
    are kept by Streamlit for two minutes, so "after" is measured once that has passed."""
    import time as clock

    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, running_server, wait_for_app

    print("== Memory: 20 sessions each uploading the DfE caseload file (a real streamlit run)")
    release = SHARED_DATA / "dfe_education-health-and-care-plans_2025_release.zip"
    if not release.exists():
        print("skipped: ../shared/data is not beside this clone")
        return
    with zipfile.ZipFile(release) as archive:
        caseload = archive.read("data/caseload.csv")
    with running_server() as (url, server):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)

            def session(upload: bool) -> None:
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{url}/upload" if upload else url)
                wait_for_app(page, timeout=120_000)
                if upload:
                    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                        {"name": "caseload.csv", "mimeType": "text/csv", "buffer": caseload}
                    )
                    page.get_by_text("Every non-empty cell is accounted for").first.wait_for(timeout=120_000)
                    page.get_by_role("link", name="Overview").click()
                    wait_for_app(page, timeout=120_000)
                context.close()

            session(upload=True)  # the first upload warms the caches a server keeps by design
            clock.sleep(5)
            before = resident_megabytes(server.pid)
            workers_before = sum(resident_megabytes(child) for child in children_of(server.pid))
            started = clock.perf_counter()
            for _ in range(20):
                session(upload=True)
            took = clock.perf_counter() - started
            during = resident_megabytes(server.pid)
            clock.sleep(130)  # Streamlit keeps a disconnected session for 2 minutes
            session(upload=False)  # a new connection makes it let the old ones go
            clock.sleep(5)
            after = resident_megabytes(server.pid)
            workers_after = sum(resident_megabytes(child) for child in children_of(server.pid))
            browser.close()
        print(
            f"Server RSS: {before:.0f} MB before, {during:.0f} MB just after the 20 sessions ({took:.0f} s), "
            f"{after:.0f} MB once they ended: growth {after - before:+.0f} MB"
        )
        print(f"Reading workers' RSS: {workers_before:.0f} MB before, {workers_after:.0f} MB after")


def reports() -> None:
    """The sample's board pack and printable report (BCP's scorecard and KPI table, the
    illustrative localities, Birmingham's plan): the pack against writing the same frames with
    a bare ``DataFrame.to_excel``, in turns; the HTML report with every chart, the chart
    renderer already started (the app's server keeps it); its cold start; and the PDF."""
    import pandas as pd
    import vl_convert

    from send_core.config import load_settings
    from send_core.dataset import load_sample_dataset
    from send_core.filters import Filters
    from send_core.reports import report_contents
    from send_core.reports.board_pack import board_pack_workbook
    from send_core.reports.html_report import report_html
    from send_core.reports.pdf import can_make_pdf, report_pdf

    print("== Reports")
    started = time.perf_counter()
    vl_convert.vegalite_to_svg({"mark": "point"})
    print(f"Chart renderer's cold start (first vl-convert call in a process): {time.perf_counter() - started:.2f} s")
    dataset = load_sample_dataset(load_settings())
    contents_time = median_seconds(lambda: report_contents(dataset, Filters()), 5)
    contents = report_contents(dataset, Filters())
    frames = {
        "Exceptions": contents.exceptions,
        "Summary": contents.summary.drop(columns=["recent"]),
        **{section.objective_id or "Other": section.milestones for section in contents.sections},
        "Actions": contents.actions,
        "Risks": contents.risks,
        "Data": contents.data,
        "Glossary": pd.DataFrame(contents.glossary),
    }

    def bare() -> None:
        with pd.ExcelWriter(io.BytesIO()) as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)

    pack_times, bare_times = [], []
    for _ in range(7):
        bare_times.append(median_seconds(bare, 1))
        pack_times.append(median_seconds(lambda: board_pack_workbook(contents), 1))
    ratios = [p / b for p, b in zip(pack_times, bare_times, strict=True)]
    from send_core.reports.chart_data import chart_table

    charts = chart_table(contents.observations)["kpi_id"].nunique()
    print(
        f"Board pack ({len(contents.sections)} objective sheets, {len(contents.data):,} data rows, native charts): "
        f"{statistics.median(pack_times):.2f} s (median of 7), plus its contents {contents_time:.2f} s; "
        f"bare DataFrame.to_excel of the same frames {statistics.median(bare_times):.2f} s; "
        f"ratio median {statistics.median(ratios):.2f}"
    )
    report_time = median_seconds(lambda: report_html(contents), 3)
    print(f"HTML report with every chart (a panel for each of {charts} KPIs): {report_time:.2f} s (median of 3)")
    if can_make_pdf():
        html = report_html(contents)
        print(f"PDF (Chromium printing the HTML report): {median_seconds(lambda: report_pdf(html), 1):.2f} s")


def store() -> None:
    """Publishing and loading a snapshot (a folder store in a temporary folder): the BCP sample
    scorecard with Birmingham's plan, and the whole DfE EHCP release (when ../shared/data is
    there). Publish = laying the reads over the live version, writing and checking the version,
    moving the pointer; load = reading and checking every file, then building the Dataset. Each
    against reading the same file(s) in the same process."""
    import tempfile

    from send_core.config import PROJECT_ROOT, load_settings
    from send_core.plan import load_plan
    from send_core.reading import read_scorecard
    from send_core.store import SnapshotStore, prepare_publish, snapshot_dataset

    print("== Snapshot store")
    settings = load_settings()
    cases = [("BCP sample scorecard + plan", [ROOT / "sample_data" / "bcp_send_scorecard_jan25.xlsx"], None)]
    release = SHARED_DATA / "dfe_education-health-and-care-plans_2025_release.zip"
    if release.exists():
        cases.append(("whole DfE EHCP release (zip)", [release], "Bournemouth, Christchurch and Poole"))
    else:
        print("(the DfE release is not in ../shared/data: only the sample is timed)")
    plan = load_plan(ROOT / "sample_data" / "birmingham_app_plan.yaml")
    for label, files, authority in cases:
        reads = [read_scorecard(path, local_authority=authority) for path in files]
        read_time = median_seconds(
            lambda files=files, a=authority: [read_scorecard(p, local_authority=a) for p in files], 3
        )
        folder = tempfile.mkdtemp(prefix="send-bench-store-")
        snapshot_store = SnapshotStore.open(folder, PROJECT_ROOT)

        def publish(reads=reads, snapshot_store=snapshot_store):
            base = snapshot_store.live("internal").snapshot
            prepared = prepare_publish(reads, plan, base, "internal", settings)
            return snapshot_store.publish(prepared.publication, by="benchmark", app_version="bench")

        publish_time = median_seconds(publish, 5)

        def load(snapshot_store=snapshot_store):
            return snapshot_dataset(snapshot_store.live("internal").snapshot, settings)

        load_time = median_seconds(load, 5)
        rows = len(snapshot_store.live("internal").snapshot.rows)
        print(
            f"{label}: {rows:,} rows; publish {publish_time:.2f} s, load {load_time:.2f} s (medians of 5);"
            f" reading the file(s) {read_time:.2f} s; publish/read {publish_time / read_time:.2f},"
            f" load/read {load_time / read_time:.2f}"
        )


def main(argv: list[str]) -> int:
    chosen = set(argv) or {"reading", "app", "overview", "maps", "reports", "store"}
    if "memory" in chosen:
        memory()
    if "load" in chosen:
        from benchmarks.load import load

        load()
    if "browser" in chosen:
        from benchmarks.browser_speed import browser_speed

        browser_speed()
    if "maps" in chosen:
        maps()
    if "reading" in chosen:
        reading()
    if "app" in chosen:
        app()
    if "overview" in chosen:
        overview()
    if "reports" in chosen:
        reports()
    if "store" in chosen:
        store()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
