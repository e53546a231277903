"""The command line: python -m send_core inspect / check-plan."""

import subprocess
import sys

from tests.conftest import ROOT, SAMPLE


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "send_core", *arguments], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_inspect_prints_layout_kpis_periods_counts_and_problems():
    result = run("inspect", str(SAMPLE / "bcp_send_scorecard_jan25.xlsx"), "--limit", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Layout:  monthly" in out
    assert "Periods: 14 (Dec 2023 to Jan 2025)" in out
    assert "KPIs:    77" in out
    assert "Scorecard Jan 25!F22" in out  # the rescaled fraction, listed with its cell


def test_a_file_that_cannot_be_read_exits_2_with_the_message(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    result = run("inspect", str(empty))
    assert result.returncode == 2
    assert "empty.xlsx is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_plan_reports_each_problem_with_its_line(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "version: 1\nprogramme: {name: x, local_authority: y, as_at: someday}\nobjectives: []\nactons: []\n"
    )
    result = run("check-plan", str(plan))
    assert result.returncode == 2
    assert "Line 2: as_at 'someday' is not a date" in result.stderr
    assert "Line 4: unknown key 'actons' in the plan. Did you mean 'actions'?" in result.stderr
    assert run("check-plan", str(SAMPLE / "birmingham_app_plan.yaml")).stdout.startswith("Together We CAN")


def test_piping_into_head_is_not_an_error():
    # `inspect FILE | head -1`: the reader closes the pipe after one line.
    command = subprocess.Popen(
        [sys.executable, "-m", "send_core", "inspect", str(SAMPLE / "bcp_send_scorecard_jan25.xlsx"), "--limit", "77"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert command.stdout.readline().startswith(b"File:")
    command.stdout.close()
    assert command.wait(timeout=120) == 0
    assert b"Traceback" not in command.stderr.read()


SAMPLE_FILES = [
    str(SAMPLE / "birmingham_illustrative_monthly.csv"),
    str(SAMPLE / "birmingham_illustrative_localities.csv"),
]


def test_summary_writes_the_board_pack_the_suffix_asks_for(tmp_path):
    out = tmp_path / "pack.xlsx"
    result = run(
        "summary",
        *SAMPLE_FILES,
        "--plan",
        str(SAMPLE / "birmingham_app_plan.yaml"),
        "--objective",
        "GBR",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out}")
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(out)
    assert book.sheetnames[:4] == ["Cover", "Exceptions", "Summary", "GBR Getting the basics right"]
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row[0]}
    assert cover["Filters applied"] == "Showing objective Getting the basics right – identifying and assessing need."
    assert cover["Sample data"].startswith("This is built from the app's sample data")  # exactly the sample files


def test_summary_as_csv_filtered_to_a_locality(tmp_path):
    import pandas as pd

    out = tmp_path / "summary.csv"
    result = run(
        "summary", str(SAMPLE / "illustrative_locality_breakdown.csv"), "--locality", "North", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "Showing North locality." in result.stdout
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert table.columns[0] == "KPI" and len(table) > 0


def test_summary_refuses_what_it_cannot_do_in_words(tmp_path):
    bad_locality = run("summary", SAMPLE_FILES[0], "--locality", "Atlantis", "--out", str(tmp_path / "x.csv"))
    assert bad_locality.returncode == 2
    assert "--locality 'Atlantis' is not in the data; choose one of: All." in bad_locality.stderr
    bad_date = run("summary", SAMPLE_FILES[0], "--as-at", "someday", "--out", str(tmp_path / "x.csv"))
    assert bad_date.returncode == 2 and "--as-at 'someday' is not a date" in bad_date.stderr
    bad_suffix = run("summary", SAMPLE_FILES[0], "--out", str(tmp_path / "x.docx"))
    assert bad_suffix.returncode == 2 and "must end in .xlsx, .html, .pdf, .csv" in bad_suffix.stderr
    assert "Traceback" not in bad_locality.stderr + bad_date.stderr + bad_suffix.stderr


def test_publish_versions_rollback_and_audit_from_the_command_line(tmp_path):
    store = str(tmp_path / "store")
    nov, dec = tmp_path / "nov.csv", tmp_path / "dec.csv"
    nov.write_bytes(b"KPI,Nov 24,Dec 24\nNo. of complaints,17,12\n")
    dec.write_bytes(b"KPI,Dec 24,Jan 25\nNo. of complaints,11,13\n")
    first = run("publish", str(nov), "--store", store, "--audience", "internal", "--by", "officer")
    assert first.returncode == 0, first.stderr
    refused = run("publish", str(dec), "--store", store, "--audience", "internal", "--by", "officer")
    assert refused.returncode == 3  # December changes from 12 to 11: listed, nothing published
    assert "No. of complaints, Dec 24 (actual, All, All): published 12, now 11 in dec.csv" in refused.stderr
    second = run("publish", str(dec), "--store", store, "--audience", "internal", "--by", "officer", "--accept-changes")
    assert second.returncode == 0, second.stderr
    v1, v2 = first.stdout.strip(), second.stdout.strip()
    listing = run("versions", "--store", store).stdout.splitlines()
    assert [line.split()[:3] for line in listing] == [[v1, "internal", line.split()[2]] for line in listing[:1]] + [
        [v2, "live", "internal"]
    ]
    assert all(line.endswith("checksums ok") and "by officer" in line for line in listing)
    back = run("rollback", v1, "--store", store, "--audience", "internal", "--by", "publisher")
    assert back.returncode == 0 and f"Version {v1}" in back.stdout
    assert run("versions", "--store", store).stdout.splitlines()[0].split()[1] == "live"
    actions = [
        line.split('"action": "')[1].split('"')[0] for line in run("audit", "--store", store).stdout.splitlines()
    ]
    assert actions == ["publish", "publish", "rollback"]


def test_export_site_writes_the_live_public_version_or_says_why_not(tmp_path):
    store, out = str(tmp_path / "store"), tmp_path / "site"
    nothing = run("export-site", "--store", store, "--out", str(out))
    assert nothing.returncode == 2 and "Nothing has been published for the public yet" in nothing.stderr
    assert "Traceback" not in nothing.stderr and not out.exists()
    data = tmp_path / "counts.csv"
    data.write_bytes(b"KPI,Nov 24,Dec 24\nNo. of complaints,17,12\n")
    assert run("publish", str(data), "--store", store, "--audience", "internal").returncode == 0
    public = run("publish", "--store", store, "--audience", "public")
    assert public.returncode == 0, public.stderr
    written = run("export-site", "--store", store, "--out", str(out))
    assert written.returncode == 0, written.stderr
    assert "Wrote 4 pages" in written.stdout and public.stdout.strip() in written.stdout
    names = ["about.html", "accessibility.html", "index.html", "measures-1.html"]
    assert sorted(p.name for p in out.iterdir()) == names
    # November's 17 complaints and December's 12 are both 5 or more: shown as they are.
    assert "No. of complaints" in (out / "measures-1.html").read_text(encoding="utf-8")
