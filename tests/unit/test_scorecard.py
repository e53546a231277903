"""read_scorecard as a whole: every cell accounted for, every format opened, a person's
column mapping, progress, doubts and what an unreadable file says.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from send_core import ScorecardError, SendCoreError, read_scorecard
from send_core.model import normalise_observations
from send_core.problems import PROBLEM_CODES
from send_core.reading import ColumnMapping
from tests.conftest import SAMPLE
from tests.unit.reading_helpers import (
    BCP,
    KPI_TABLE,
    LOCALITIES,
    MILESTONE_HEADER,
    MILESTONE_ROWS,
    by_name,
    ees_bytes,
    one,
    xlsx_bytes,
)


def independent_cell_count(path_or_bytes, filename: str) -> int:
    """Count non-empty cells with a different reader from the app's (openpyxl / csv)."""
    data = path_or_bytes.read_bytes() if hasattr(path_or_bytes, "read_bytes") else path_or_bytes
    if filename.endswith(".csv"):
        text = data.decode("utf-8-sig")
        return sum(1 for row in csv.reader(io.StringIO(text)) for cell in row if cell.strip())
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return sum(
        1
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None and str(cell).strip()
    )


ACCOUNTING_FILES = {
    "bcp_send_scorecard_jan25.xlsx": lambda: BCP.read_bytes(),
    "send_kpi_table_2023.xlsx": lambda: KPI_TABLE.read_bytes(),
    "illustrative_locality_breakdown.csv": lambda: LOCALITIES.read_bytes(),
    "milestone.xlsx": lambda: xlsx_bytes([["Score card"], MILESTONE_HEADER, *MILESTONE_ROWS]),
    "timeliness.csv": ees_bytes,
    "stray.xlsx": lambda: xlsx_bytes(
        [
            ["KPI", "Dec 23", "Jan 24", "Feb 24", "Nat"],
            ["No. of EHCPs", "3736 ▲", "3791 ▲", "oops", "x"],
            [],
            [None, None, None, None, None, "stray note"],
        ]
    ),
}


@pytest.mark.parametrize("filename", list(ACCOUNTING_FILES))
def test_every_non_empty_cell_is_accounted_for(filename):
    data = ACCOUNTING_FILES[filename]()
    read = read_scorecard(
        data, filename=filename, local_authority="Birmingham" if filename == "timeliness.csv" else None
    )
    accounting = read.accounting
    assert accounting["cells"] == independent_cell_count(data, filename)
    assert (
        accounting["cells"]
        == accounting["values"] + accounting["markers"] + accounting["labels"] + accounting["problems"]
    )
    if filename != "timeliness.csv":  # DfE rows for other authorities are kept aside, not as observations
        assert accounting["values"] + accounting["markers"] == len(read.observations)
    cell_problems = read.problems.dropna(subset=["row", "column"])
    assert accounting["problems"] <= len(cell_problems)
    # Readers build their frames in the model's types directly: normalising changes nothing.
    pd.testing.assert_frame_equal(read.observations, normalise_observations(read.observations))


def test_stray_cells_are_listed_not_dropped():
    read = read_scorecard(ACCOUNTING_FILES["stray.xlsx"](), filename="stray.xlsx")
    locations = dict(zip(read.problems["location"], read.problems["message"], strict=True))
    assert "'oops' is not a number" in locations["Sheet1!D2"]
    assert "stray note" in locations["Sheet1!F4"]


# ---------------------------------------------------------------------------------------------
# Several files together


def test_windows_1252_and_bom_csv():
    text = "KPI,Dec 23,Jan 24,Feb 24\n% of budget spent on £ items,49.2%,50%,51%\n"
    for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        read = read_scorecard(data, filename="pounds.csv")
        assert read.observations["kpi_name"].iloc[0] == "% of budget spent on £ items"
        assert list(read.observations["value"]) == [49.2, 50, 51]


def test_ods_is_read(tmp_path):
    frame = pd.DataFrame({"KPI": ["No. of complaints"], "Nov 24": ["17 ▼"], "Dec 24": ["12 ▼"], "Jan 25": ["13 ▲"]})
    path = tmp_path / "scorecard.ods"
    frame.to_excel(path, engine="odf", index=False)
    read = read_scorecard(path)
    assert list(read.observations["value"]) == [17, 12, 13]


def test_xls_is_read(tmp_path):
    # An old-style .xls (Excel 97-2003), as councils still export: text and real-date month
    # headings, text and real-number cells, with BCP's Jan 2025 figures (seed 001).
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Scorecard Jan 25")
    month = xlwt.easyxf(num_format_str="mmm-yy")
    sheet.write(0, 0, "SEND SCORECARD")
    for column, heading in enumerate(["KPI", "Nov 24", "Dec 24"]):
        sheet.write(1, column, heading)
    sheet.write(1, 3, dt.date(2025, 1, 1), month)
    sheet.write(1, 4, "Nat")
    for column, cell in enumerate(["No. of complaints", "17 ▼", "12 ▼", "13 ▲"]):
        sheet.write(2, column, cell)
    for column, cell in enumerate(["% of EHCPs in Mainstream", 49.2, 49.4, 49.2, 43.3]):
        sheet.write(3, column, cell)
    path = tmp_path / "scorecard.xls"
    book.save(str(path))
    read = read_scorecard(path)
    assert read.layout == "monthly"
    complaints = by_name(read.observations, "No. of complaints")
    assert list(complaints["value"]) == [17, 12, 13]
    assert one(complaints, period=pd.Timestamp("2025-01-01"))["source"] == "Scorecard Jan 25!D3"
    mainstream = by_name(read.observations, "% of EHCPs in Mainstream")
    assert one(mainstream, measure="comparator")["value"] == 43.3
    assert one(mainstream, period=pd.Timestamp("2024-12-01"))["value"] == 49.4


def test_a_mislabelled_csv_is_read_as_csv():
    read = read_scorecard(b"KPI,Dec 23,Jan 24,Feb 24\nNo. of EHCPs,3736,3791,3877\n", filename="scorecard.xlsx")
    assert list(read.observations["value"]) == [3736, 3791, 3877]
    assert "read as CSV" in " ".join(read.problems["message"])


def test_manual_mapping_reads_a_sheet_no_layout_recognises():
    data = xlsx_bytes([["Measure name", "Last month", "This month", "Goal"], ["Complaints", 17, 13, "<10"]])
    with pytest.raises(ScorecardError, match="no sheet looks like a scorecard"):
        read_scorecard(data, filename="odd.xlsx")
    mapping = ColumnMapping(header_row=0, name_column=0, roles={3: "target"})
    read = read_scorecard(data, filename="odd.xlsx", mapping=mapping)
    assert one(read.observations, measure="target")["value_high"] == 10
    assert len(read.problems[read.problems["location"].isin(["Sheet1!B2", "Sheet1!C2"])]) == 2


@pytest.mark.parametrize(
    ("mapping", "faults"),
    [
        (
            ColumnMapping(header_row=5, name_column=0, roles={3: "target"}),
            ["the header row is row 6, but the sheet has rows 1 to 2"],
        ),
        (
            ColumnMapping(header_row=-1, name_column=0, roles={3: "target"}),
            ["the header row is row 0, but the sheet has rows 1 to 2"],
        ),
        (
            ColumnMapping(header_row=0, name_column=7, roles={3: "target", 26: "period"}, id_column=-2),
            [
                "the KPI name column is column H, but the sheet has columns A to D",
                "the KPI ID column is before column A, but the sheet has columns A to D",
                "the period column is column AA, but the sheet has columns A to D",
            ],
        ),
    ],
    ids=["header-past-the-end", "header-before-the-start", "three-columns-outside"],
)
def test_a_mapping_outside_the_sheet_names_every_misfit(mapping, faults):
    # The sheet has 2 rows and 4 columns (A to D). Before, a header row past the end raised
    # IndexError and a negative one silently read the last row as the header.
    data = xlsx_bytes([["Measure name", "Last month", "This month", "Goal"], ["Complaints", 17, 13, "<10"]])
    with pytest.raises(ScorecardError) as raised:
        read_scorecard(data, filename="odd.xlsx", mapping=mapping)
    message = str(raised.value)
    assert message.startswith("The column choices do not fit the sheet 'Sheet1': ")
    assert message.count(" but the sheet has ") == len(faults)
    for fault in faults:
        assert fault in message


# ---------------------------------------------------------------------------------------------
# Cases found in review


@pytest.mark.parametrize(
    ("make", "filename", "steps"),
    [
        (
            lambda: xlsx_bytes([["KPI", "Dec 23", "Jan 24", "Feb 24"], ["No. of EHCPs", "3736 ▲", "3791 ▲", "3802"]]),
            "two.xlsx",
            ["Opening two.xlsx", "Opened two.xlsx", "Reading sheet 'Sheet1' (1 of 1)", "Read two.xlsx"],
        ),
        (
            ees_bytes,
            "timeliness.csv",
            [
                "Opening timeliness.csv",
                "Opened timeliness.csv",
                "Reading plans_issued_den (1 of 4 measures)",
                "Reading plans_issued_within_20_weeks (2 of 4 measures)",
                "Reading pc_plans_issued_within_20_weeks (3 of 4 measures)",
                "Reading pc_plans_issued_20_weeks_ex (4 of 4 measures)",
                "Read timeliness.csv",
            ],
        ),
    ],
)
def test_progress_is_reported_from_start_to_finish(make, filename, steps):
    reported = []
    read_scorecard(make(), filename=filename, progress=lambda done, step: reported.append((done, step)))
    assert [step for _, step in reported] == steps
    shares = [done for done, _ in reported]
    assert shares[0] == 0 and shares[-1] == 1 and shares == sorted(shares)


def two_sheet_bytes(second: list[list[object]]) -> bytes:
    workbook = Workbook()
    first = workbook.active
    first.title = "Scorecard"
    for row in [["KPI", "Nov 24", "Dec 24", "Jan 25"], ["No. of complaints", "17 ▼", "12 ▼", "13 ▲"]]:
        first.append(row)
    other = workbook.create_sheet("Notes")
    for row in second:
        other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "doubts"),
    [
        (lambda: BCP.read_bytes(), []),
        (ees_bytes, []),
        # 4 headings + a name + 3 values = 8 filled cells, 2 of them not understood: over a tenth.
        (
            lambda: xlsx_bytes([["KPI", "Nov 24", "Dec 24", "Jan 25"], ["No. of complaints", "17 ▼", "oops", "??"]]),
            ["2 of 8 filled cells were not understood"],
        ),
        (lambda: two_sheet_bytes([["Written by the SEND team"]]), ["1 sheet was not recognised"]),
    ],
)
def test_doubts_about_a_read_that_worked(make, doubts):
    read = read_scorecard(make(), filename="file.csv" if make is ees_bytes else "file.xlsx")
    assert read.doubts() == doubts


def test_the_summary_counts_in_plain_english():
    read = read_scorecard(
        xlsx_bytes([["KPI", "Jan 24", "Feb 24", "Mar 24"], ["No. of A", 1, 2, "oops"]]), filename="a.xlsx"
    )
    assert read.summary() == (
        "a.xlsx: Monthly scorecard: KPI rows, month columns, then England / neighbours / region / target. "
        "1 KPI, 2 periods (Jan 2024 to Feb 2024), 2 values and markers. Problems: 1 error, 0 warnings, 0 notes."
    )


def test_an_unreadable_file_says_what_opening_it_noticed():
    with pytest.raises(ScorecardError, match=r"notes\.xlsx is named \.xlsx but holds plain text; it was read as CSV\."):
        read_scorecard(b"Minutes of the SEND board\nAll present\n", filename="notes.xlsx")


# ---------------------------------------------------------------------------------------------
# Any file at all: only SendCoreError, and every cell accounted for.

HEADINGS = st.one_of(
    st.sampled_from(
        ["KPI", "KPI ID", "Nat", "SN", "SW", "Target", "Baseline", "Actual Jul 23", "Milestone 1 – Jul 23"]
    ),
    st.builds(
        lambda month, year: f"{month} {year}",
        st.sampled_from(["Jan", "Feb", "Sept", "December", "30 Feb"]),
        st.sampled_from(["23", "2023", "0000", "2263", "30", "99999"]),
    ),
    st.text(max_size=12),
)
ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(9999, 12, 31)),
    st.sampled_from(["49.2% ▼", "7143 ▶", "14.3% (10) ▲", "<50", "25-35 weeks", "n/a", "c", "requested", "=1+1"]),
    st.text(max_size=20),
)


def as_xlsx(grid: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in grid:
        sheet.append([_xlsx_safe(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_safe(cell: object) -> object:
    # openpyxl refuses control characters and integers beyond Excel's; those are not the reader's to test.
    if isinstance(cell, str):
        return "".join(ch for ch in cell if ch >= " " or ch in "\t\n")
    if isinstance(cell, int) and not isinstance(cell, bool) and abs(cell) > 2**53:
        return float(cell)
    return cell


def as_csv(grid: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["" if cell is None else str(cell) for cell in row] for row in grid])
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(HEADINGS, min_size=1, max_size=6),
    body=st.lists(st.lists(ANY_CELL, min_size=0, max_size=6), min_size=0, max_size=6),
    kind=st.sampled_from(["xlsx", "csv"]),
)
def test_any_monthly_scorecard_raises_only_send_core_errors_and_accounts_for_every_cell(header, body, kind):
    grid = [["SEND scorecard"], header, *body]
    data = as_xlsx(grid) if kind == "xlsx" else as_csv(grid)
    try:
        read = read_scorecard(data, filename=f"random.{kind}")
    except SendCoreError:
        return
    accounting = read.accounting
    assert min(accounting.values()) >= 0
    assert accounting["cells"] == sum(accounting[k] for k in ("values", "markers", "labels", "problems"))
    assert set(read.problems["code"]) <= set(PROBLEM_CODES)


def test_every_dated_value_carries_its_period_s_frequency():
    # The sample KPI table: monthly milestone columns; baselines dated by their notes, such as
    # "2021/22" (an academic year) or "Jan 2023" (a month).
    observations = read_scorecard(SAMPLE / "send_kpi_table_2023.xlsx").observations
    dated = observations[observations["period"].notna()]
    assert (dated["frequency"] != "").all() and (
        observations.loc[observations["period"].isna(), "frequency"] == ""
    ).all()
    baselines = dated[dated["measure"] == "baseline"]
    assert {"academic_year", "month"} <= set(baselines["frequency"])
    assert set(dated.loc[dated["measure"] == "actual", "frequency"]) == {"month"}
