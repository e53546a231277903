"""Reading the five layouts, with the figures the seed documents give.

Expected values are copied from the seeds (BCP's Jan 2025 scorecard, the 2023 KPI table,
Birmingham's APP scorecard, DfE's published 2024 timeliness figures), never from the reader.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from send_core import ScorecardError, read_scorecard
from send_core.model import OBSERVATION_COLUMNS, normalise_observations
from send_core.reading import ColumnMapping, combine_observations, suggest_mapping_role, suggest_name_column
from send_core.reading.values import parse_value
from tests.conftest import SAMPLE, SHARED_DATA, requires_shared_data

BCP = SAMPLE / "bcp_send_scorecard_jan25.xlsx"
KPI_TABLE = SAMPLE / "send_kpi_table_2023.xlsx"
LOCALITIES = SAMPLE / "illustrative_locality_breakdown.csv"


def one(frame: pd.DataFrame, **where) -> pd.Series:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"expected one row for {where}, found {len(rows)}"
    return rows.iloc[0]


def by_name(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["kpi_name"] == name]


def xlsx_bytes(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Layout 2: the monthly scorecard (seed 001), from the sample workbook


@pytest.fixture(scope="module")
def bcp():
    return read_scorecard(BCP)


def test_the_bcp_scorecard_is_read_as_a_monthly_scorecard(bcp):
    assert bcp.layout == "monthly"
    assert list(bcp.observations.columns) == list(OBSERVATION_COLUMNS)
    assert len(bcp.periods) == 14
    assert pd.Timestamp(bcp.periods[0]) == pd.Timestamp("2023-12-01")
    assert pd.Timestamp(bcp.periods[-1]) == pd.Timestamp("2025-01-01")


@pytest.mark.parametrize(
    ("name", "month", "value", "text"),
    [
        ("No. of EHCPs", "2025-01-01", 4453, "4453 ▲"),
        ("No. of EHCPs", "2024-01-01", 3791, "3791 ▲"),
        ("No. of SEN Support", "2023-12-01", 7143, "7143 ▶"),
        ("% of EHCPs in Mainstream", "2025-01-01", 49.2, "49.2% ▼"),
        (
            "% of EHCPs in Other - arrangements by LA (EOTAS S61 & S19) (as main provision listed)",
            "2025-01-01",
            6.2,
            "6.2% ▲",
        ),
        (
            "% of mediation cases that were followed by appeals (cumulative calendar)",
            "2023-12-01",
            14.3,
            "14.3% (10) ▲",
        ),
        (
            "% of mediation cases that were followed by appeals (cumulative calendar)",
            "2024-06-01",
            11.84,
            "11.84 (27) ▼",
        ),
        ("Total number of mediations (cumulative figure calendar year)", "2025-01-01", 42, "42"),
        ("No. of complaints", "2025-01-01", 13, "13 ▲"),
        ("% of 2 Year Olds Claiming 2 Year Old EEF Funding EXPANDED", "2024-04-01", 31.6, "0.316"),
    ],
)
def test_monthly_values_match_the_seed(bcp, name, month, value, text):
    row = one(by_name(bcp.observations, name), measure="actual", period=pd.Timestamp(month), phase="All")
    assert row["value"] == pytest.approx(value)
    assert row["value_text"] == text


@pytest.mark.parametrize(
    ("name", "comparator", "value"),
    [
        ("% of EHCPs in Mainstream", "England", 43.3),
        ("% of EHCPs in Mainstream", "Statistical neighbours", 41.2),
        ("% of EHCPs in Mainstream", "Region", 43.8),
        ("% of EHCPs in Other - arrangements by LA (EOTAS S61 & S19) (as main provision listed)", "England", 1.5),
        ("% of EHCPs in Other - arrangements by LA (EOTAS S61 & S19) (as main provision listed)", "Region", 2.3),
        ("% of EHCP young people NEET (16-25yrs)", "Statistical neighbours", 1.9),
    ],
)
def test_nat_sn_sw_columns_become_comparators(bcp, name, comparator, value):
    row = one(by_name(bcp.observations, name), measure="comparator", comparator=comparator)
    assert row["value"] == pytest.approx(value)
    assert pd.isna(row["period"])


def test_target_column_gives_undated_targets(bcp):
    row = one(by_name(bcp.observations, "% of EHCPs in Special: Independent & Non-Maintained"), measure="target")
    assert row["value"] == pytest.approx(5.0)
    assert pd.isna(row["period"])
    assert row["period_label"] == "Target"


def test_phase_sub_rows_attach_to_the_kpi_above_them(bcp):
    requests = by_name(bcp.observations, "No. of requests for EHC assessment")
    jan = requests[(requests["period"] == pd.Timestamp("2025-01-01")) & (requests["measure"] == "actual")]
    by_phase = dict(zip(jan["phase"], jan["value"], strict=True))
    # Seed 001, Jan 25: 107 requests; primary 50, secondary 25, post 16 1.
    assert by_phase == {"All": 107, "Primary": 50, "Secondary": 25, "Post-16": 1}
    assert requests["kpi_id"].nunique() == 1


def test_markers_are_kept_as_observations(bcp):
    places = by_name(bcp.observations, "Number of places available in Mainstream Provision")
    assert list(places["value_text"]) == ["requested"] * 4
    assert places["value"].isna().all()
    changed = by_name(
        bcp.observations,
        "No. of statutory school age CYPs in Mainstream or AP (Oct data includes all CYPs) waiting for a Special School place (agreed as eligible)",
    )
    assert "KPI changed-see below" in set(changed["value_text"])


def test_sections_come_from_section_rows(bcp):
    assert (
        one(by_name(bcp.observations, "No. of EHCPs"), period=pd.Timestamp("2025-01-01"))["section"]
        == "EHCPs and SEN Support"
    )
    assert set(by_name(bcp.observations, "No. of complaints")["section"]) == {
        "Mediations, Tribunals, Compliments and Complaints"
    }


def test_every_source_names_its_cell(bcp):
    row = one(by_name(bcp.observations, "No. of SEN Support"), period=pd.Timestamp("2023-12-01"))
    assert row["source"] == "Scorecard Jan 25!B4"


def test_arrow_only_cells_and_the_rescaled_fraction_are_listed_as_problems(bcp):
    messages = " ".join(bcp.problems["message"])
    assert "'▲' is an arrow with no number" in messages
    assert "'0.316' in a percentage row was read as 31.6%" in messages


def test_month_headers_as_real_excel_dates():
    data = xlsx_bytes(
        [
            ["SEND SCORECARD"],
            [
                "KPI",
                dt.datetime(2024, 11, 1),
                dt.datetime(2024, 12, 1),
                dt.datetime(2025, 1, 1),
                "Nat",
                "SN",
                "SW",
                "Target",
            ],
            ["EHCPs and SEN Support"],
            ["% of EHCPs in Mainstream", "49.2% ▲", "49.4% ▲", "49.2% ▼", "43.3%", "41.2%", "43.8%", None],
            ["No. of EHCPs", 4343, 4417, 4453],
        ]
    )
    read = read_scorecard(data, filename="dates.xlsx")
    assert read.layout == "monthly"
    row = one(by_name(read.observations, "No. of EHCPs"), period=pd.Timestamp("2024-12-01"))
    assert row["value"] == 4417
    assert row["source"] == "Sheet1!C5"


# ---------------------------------------------------------------------------------------------
# Layout 3: the milestone scorecard (seed 003)

MILESTONE_HEADER = [
    "KPI ID",
    "KPI",
    "Baseline\n(May 2021 or most recent available data)",
    "6 months\nTarget\nNov 2021",
    "RAG and Actual \nNov 2021",
    "12 months\nTarget\nMay 2022",
    "RAG\nand Actual\n May 2022",
    "18 months\nTarget\nNov 2022",
    "RAG\nand Actual\nNov 2022",
    "24 months\nTarget\nMay 2023",
    "RAG\nand Actual\nMay 2023",
]
MILESTONE_ROWS = [
    ["SL1", "% of professionals in the partnership that understand the vision", "Requires baseline"],
    [
        "GBR1a",
        "%EHCPs issued within 20 weeks (12 months rolling)",
        "53%",
        "60%",
        "58%",
        "60%",
        "65%",
        "70%",
        "65%",
        "80%",
        "68%",
    ],
    [
        "GBR9",
        "Average wait for OT ",
        "12 weeks",
        "Maintain 12 weeks ",
        "11 weeks ",
        "Maintain 12 weeks",
        "7 weeks",
        "Maintain 12 weeks",
        "8 weeks",
        "Maintain 12 weeks",
        "10 weeks",
    ],
    [
        "GBR10",
        "Average wait for SLT",
        "75 weeks",
        "25-35 weeks",
        "27 weeks",
        "20-25 weeks",
        "14 weeks",
        "20- 25 weeks",
        "15.8 weeks",
        "20- 25 weeks",
        "22 weeks",
    ],
    [
        "SL6",
        "Local Offer Website Traffic monitoring (Pageviews)",
        "15252 views/ month",
        ">16000 views/ month",
        "30777\nviews/ month",
        ">16000 views/ month",
        "25,184 views/ month",
        ">16000 views/ month",
        "23,860\nviews/ month",
        ">16000 views/ month",
        "32,158\nviews/ month",
    ],
]


@pytest.fixture(scope="module")
def milestone():
    return read_scorecard(
        xlsx_bytes([["Score card"], MILESTONE_HEADER, *MILESTONE_ROWS], "Scorecard"), filename="app.xlsx"
    )


def test_milestone_scorecard_is_recognised(milestone):
    assert milestone.layout == "milestone"
    assert set(milestone.observations["kpi_id"]) == {"SL1", "GBR1a", "GBR9", "GBR10", "SL6"}


def test_gbr1a_baseline_targets_and_actuals(milestone):
    rows = milestone.observations[milestone.observations["kpi_id"] == "GBR1a"]
    baseline = one(rows, measure="baseline")
    assert baseline["value"] == 53
    assert baseline["period"] == pd.Timestamp("2021-05-01")
    targets = rows[rows["measure"] == "target"].sort_values("period")
    actuals = rows[rows["measure"] == "actual"].sort_values("period")
    months = [pd.Timestamp(m) for m in ("2021-11-01", "2022-05-01", "2022-11-01", "2023-05-01")]
    assert list(targets["period"]) == months
    assert list(targets["value"]) == [60, 60, 70, 80]
    assert list(actuals["period"]) == months
    assert list(actuals["value"]) == [58, 65, 65, 68]


def test_text_targets_keep_their_bounds(milestone):
    rows = milestone.observations
    slt = one(rows, kpi_id="GBR10", measure="target", period=pd.Timestamp("2021-11-01"))
    assert (slt["value_low"], slt["value_high"]) == (25, 35)
    assert math.isnan(slt["value"])
    ot = one(rows, kpi_id="GBR9", measure="target", period=pd.Timestamp("2022-05-01"))
    assert ot["value"] == 12
    assert ot["unit"] == "weeks"
    traffic = one(rows, kpi_id="SL6", measure="target", period=pd.Timestamp("2021-11-01"))
    assert traffic["value_low"] == 16000
    assert one(rows, kpi_id="SL6", measure="actual", period=pd.Timestamp("2022-05-01"))["value"] == 25184


def test_requires_baseline_is_a_marker(milestone):
    row = one(milestone.observations, kpi_id="SL1")
    assert row["measure"] == "baseline"
    assert row["value_text"] == "Requires baseline"
    assert math.isnan(row["value"])


# ---------------------------------------------------------------------------------------------
# Layout 4: the sectioned KPI table (seed 002), from the sample workbook


@pytest.fixture(scope="module")
def sectioned():
    return read_scorecard(KPI_TABLE)


def test_sectioned_table_is_recognised(sectioned):
    assert sectioned.layout == "sectioned"
    sections = set(sectioned.observations["section"])
    assert {s[:9] for s in sections} == {"Section A", "Section B", "Section C", "Section D"}


@pytest.mark.parametrize(
    ("name", "measure", "period", "value"),
    [
        ("Percentage of EHC plans issued in 20 weeks", "baseline", "2022-01-01", 11.8),
        ("Percentage of EHC plans issued in 20 weeks", "target", None, 60),
        ("Percentage of EHC plans issued in 20 weeks", "target", "2023-07-01", 10),
        ("Percentage of EHC plans issued in 20 weeks", "actual", "2023-07-01", 10),
        ("Percentage of EHC plans issued in 20 weeks", "actual", "2023-11-01", 8),
        ("Number of annual reviews overdue", "baseline", "2022-06-01", 1897),
        ("Number of annual reviews overdue", "actual", "2023-11-01", 1156),
        ("Percentage of phone calls answered by SEN Statutory Service", "actual", "2023-11-01", 70),
        ("Suspension rate of children and young people with SEN support (Suspensions)", "actual", "2023-07-01", 47.7),
    ],
)
def test_sectioned_values_match_the_seed(sectioned, name, measure, period, value):
    rows = by_name(sectioned.observations, name)
    rows = rows[rows["measure"] == measure]
    rows = rows[rows["period"].isna()] if period is None else rows[rows["period"] == pd.Timestamp(period)]
    assert len(rows) == 1
    assert rows.iloc[0]["value"] == pytest.approx(value)


def test_bounds_in_the_sectioned_table(sectioned):
    complaints = by_name(
        sectioned.observations, "Number of formal complaints received by the Council related to SEND (annual)"
    )
    target = complaints[(complaints["measure"] == "target") & complaints["period"].isna()].iloc[0]
    assert target["value_text"] == "<50"
    assert target["value_high"] == 50


def test_small_percentages_are_not_rescaled(sectioned):
    exclusions = by_name(
        sectioned.observations, "Permanent exclusion rate of children and young people with SEN support (Exclusions)"
    )
    actual = one(exclusions, measure="actual", period=pd.Timestamp("2023-07-01"))
    assert actual["value"] == pytest.approx(0.66)


# ---------------------------------------------------------------------------------------------
# Layout 1: the app's own tidy template


def test_template_sample_is_read(tmp_path):
    read = read_scorecard(LOCALITIES)
    assert read.layout == "template"
    assert set(read.observations["locality"]) == {"North", "South", "East", "West", "All"}
    first = read.observations.iloc[0]
    with open(LOCALITIES, encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert first["kpi_id"] == row["kpi_id"]
    assert first["value"] == float(row["value"])
    assert (first["locality"], first["phase"]) == (row["locality"], row["phase"])


def test_template_rows_with_bad_values_are_problems_not_observations():
    text = (
        "kpi_id,kpi_name,measure,period,value,unit,locality,phase\n"
        "A1,Requests,actual,2024-01,12,count,North,Primary\n"
        "A1,Requests,actuals,2024-02,13,count,North,Primary\n"
        "A1,Requests,actual,sometime,14,count,North,Primary\n"
        "A1,Requests,actual,2024-04,14,count,North,Year 7\n"
        "A1,Requests,actual,2024-05,c,count,North,Primary\n"
    )
    read = read_scorecard(text.encode(), filename="template.csv")
    assert len(read.observations) == 2  # the good row and the suppressed marker
    messages = " ".join(read.problems["message"])
    assert "measure 'actuals' should be one of" in messages
    assert "period 'sometime' is not a date" in messages
    assert "phase 'Year 7' should be" in messages
    assert set(read.problems["location"]) >= {"row 3, column C", "row 4, column D", "row 5, column H"}


# ---------------------------------------------------------------------------------------------
# Layout 5: DfE open data

EES_HEADER = "time_period,time_identifier,geographic_level,region_code,region_name,new_la_code,old_la_code,la_name,plans_issued_den,plans_issued_within_20_weeks,pc_plans_issued_within_20_weeks,pc_plans_issued_20_weeks_ex"
# DfE's published 2024 figures (see ../shared/data/SOURCES.md): England 46.4% excluding
# exceptions, Birmingham 26.7%, BCP 74.1% (77.6% excluding exceptions).
EES_ROWS = [
    "2024,Calendar year,National,,,,,,90392,41448,45.9,46.4",
    "2024,Calendar year,Regional,E12000005,West Midlands,,,,9558,3920,41,42.3",
    "2024,Calendar year,Regional,E12000009,South West,,,,8919,2767,31,28.5",
    "2024,Calendar year,Local authority,E12000005,West Midlands,E08000025,330,Birmingham,1382,369,26.7,26.7",
    '2024,Calendar year,Local authority,E12000009,South West,E06000058,839,"Bournemouth, Christchurch and Poole",784,581,74.1,77.6',
    "2024,Calendar year,Local authority,E12000009,South West,E06000099,999,Example Town,c,c,x,z",
]


def ees_bytes() -> bytes:
    return ("\n".join([EES_HEADER, *EES_ROWS]) + "\n").encode()


def test_dfe_open_data_without_a_chosen_authority_gives_england_and_keeps_every_la():
    read = read_scorecard(ees_bytes(), filename="timeliness.csv")
    assert read.layout == "dfe_open_data"
    assert set(read.observations["measure"]) == {"comparator"}
    england = one(read.observations, kpi_id="pc_plans_issued_20_weeks_ex")
    assert (england["comparator"], england["value"], england["period"]) == ("England", 46.4, pd.Timestamp("2024-01-01"))
    authorities = read.local_authorities
    birmingham = one(authorities, la_name="Birmingham", kpi_id="pc_plans_issued_within_20_weeks")
    assert birmingham["value"] == 26.7
    assert "Choose which local authority is yours" in " ".join(read.problems["message"])


def test_dfe_open_data_with_an_authority_gives_actuals_and_its_region():
    read = read_scorecard(ees_bytes(), filename="timeliness.csv", local_authority="Bournemouth, Christchurch and Poole")
    rows = read.observations[read.observations["kpi_id"] == "pc_plans_issued_within_20_weeks"]
    assert one(rows, measure="actual")["value"] == 74.1
    assert one(rows, comparator="Region")["value"] == 31
    assert one(rows, comparator="England")["value"] == 45.9
    assert one(read.observations, kpi_id="pc_plans_issued_20_weeks_ex", measure="actual")["value"] == 77.6
    assert one(rows, measure="actual")["unit"] == "percent"


def test_gss_symbols_become_markers():
    read = read_scorecard(ees_bytes(), filename="timeliness.csv", local_authority="Example Town")
    markers = read.observations[read.observations["measure"] == "actual"]
    assert sorted(markers["value_text"]) == ["c", "c", "x", "z"]
    assert markers["value"].isna().all()


@requires_shared_data
def test_real_dfe_timeliness_file():
    read = read_scorecard(SHARED_DATA / "dfe_ehcp_timeliness_20wk_by_la_2019_2024.csv", local_authority="Birmingham")
    row = one(
        read.observations, kpi_id="pc_plans_issued_within_20_weeks", measure="actual", period=pd.Timestamp("2024-01-01")
    )
    assert row["value"] == 26.7
    bcp = read.local_authorities
    bcp = bcp[
        (bcp["old_la_code"] == "839")
        & (bcp["kpi_id"] == "pc_plans_issued_within_20_weeks")
        & (bcp["time_period"] == "2024")
    ]
    assert bcp["value"].tolist() == [74.1]


# ---------------------------------------------------------------------------------------------
# Nothing lost: every non-empty cell is a value, a marker, a label or a problem


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


def test_the_same_value_in_two_files_is_kept_once_and_a_different_one_is_flagged():
    first = read_scorecard(
        xlsx_bytes([["KPI", "Nov 24", "Dec 24", "Jan 25"], ["No. of EHCPs", 4343, 4417, 4453]]), filename="a.xlsx"
    )
    second = read_scorecard(
        xlsx_bytes([["KPI", "Jan 25", "Feb 25", "Mar 25"], ["No. of EHCPs", 4450, 4480, 4500]]), filename="b.xlsx"
    )
    combined, conflicts = combine_observations([first.observations, second.observations])
    assert len(conflicts) == 1
    conflict = conflicts.iloc[0]
    assert conflict["period"] == pd.Timestamp("2025-01-01")
    assert conflict["values"] == "4453 / 4450"
    assert len(combined) == 6  # both January values are kept; nothing is merged
    repeat, none = combine_observations([first.observations, first.observations])
    assert len(repeat) == 3 and none.empty


# ---------------------------------------------------------------------------------------------
# Other formats and encodings


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


# ---------------------------------------------------------------------------------------------
# Cases found in review


def test_excel_percentage_cells_arrive_as_fractions_and_are_read_as_percentages():
    data = xlsx_bytes(
        [
            ["KPI", "Nov 24", "Dec 24", "Jan 25", "Nat", "Target"],
            ["% of plans in mainstream", 0.12, 0.15, 0.17, 0.433, 0.2],
        ]
    )
    read = read_scorecard(data, filename="pct.xlsx")
    rows = read.observations.set_index("measure")
    assert sorted(read.observations.loc[read.observations["measure"] == "actual", "value"]) == [12, 15, 17]
    assert rows.loc["comparator", "value"] == pytest.approx(43.3)
    assert rows.loc["target", "value"] == pytest.approx(20)
    assert set(read.observations["unit"]) == {"percent"}
    assert "Excel's percentage format" in " ".join(read.problems["message"])


def test_a_fractional_target_among_written_percentages_is_a_percentage():
    read = read_scorecard(
        b"KPI,Nov 24,Dec 24,Jan 25,Nat,Target\n% EHCPs in 20 weeks,12%,14%,15%,0.5,0.6\n", filename="t.csv"
    )
    rows = read.observations.set_index("measure")
    assert rows.loc["target", "value"] == pytest.approx(60)
    assert rows.loc["comparator", "value"] == pytest.approx(50)


@pytest.mark.parametrize(("text", "value"), [("3.2E-05", 3.2e-05), ("1.23E+05", 123000), ("1.5e16", 1.5e16)])
def test_scientific_notation(text, value):
    from send_core.reading.values import parse_value

    assert parse_value(text).value == pytest.approx(value)
    read = read_scorecard(f"KPI,Nov 24,Dec 24,Jan 25\nRate,{text},{text},{text}\n".encode(), filename="s.csv")
    assert list(read.observations["value"]) == pytest.approx([value] * 3)


def test_a_section_row_just_above_the_header_names_the_first_section():
    data = xlsx_bytes(
        [
            ["Section 1: Timeliness"],
            ["KPI", "Nov 24", "Dec 24", "Jan 25"],
            ["No. of EHCPs", 1, 2, 3],
            ["Section 2: Inclusion"],
            ["No. of complaints", 4, 5, 6],
        ]
    )
    sections = read_scorecard(data, filename="s.xlsx").observations.groupby("kpi_name")["section"].first()
    assert sections["No. of EHCPs"] == "Section 1: Timeliness"
    assert sections["No. of complaints"] == "Section 2: Inclusion"


def test_two_columns_in_the_same_month_are_flagged():
    weeks = [dt.datetime(2024, 1, d) for d in (5, 12, 19, 26)] + [dt.datetime(2024, 2, 2)]
    read = read_scorecard(xlsx_bytes([["KPI", *weeks], ["No. of requests", 1, 2, 3, 4, 5]]), filename="w.xlsx")
    messages = list(read.problems["message"])
    assert sum("Columns B and C are both actuals for January 2024" in m for m in messages) == 1  # said once


def test_numeric_ids_from_excel_keep_their_text():
    data = xlsx_bytes([["kpi_id", "kpi_name", "period", "value"], [12, "Requests", "2024-01", 5]])
    assert read_scorecard(data, filename="t.xlsx").observations["kpi_id"].tolist() == ["12"]
    milestone = xlsx_bytes(
        [["KPI ID", "KPI", "Baseline", "Target Nov 2021", "Actual Nov 2021"], [1, "Thing", "5", "6", "7"]]
    )
    assert set(read_scorecard(milestone, filename="m.xlsx").observations["kpi_id"]) == {"1"}


# Cells as officers type them in a row of counts: whole and decimal numbers (as real numbers
# and as text), arrows, thousands separators, stray spaces, units, notes and markers. Numbers
# are 2 or more, so no percentage-row rule rescales them.
MONTHLY_CELLS = st.one_of(
    st.integers(min_value=2, max_value=10**7),
    st.floats(min_value=2, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2)),
    st.integers(min_value=2, max_value=10**6).map(lambda n: f"{n:,} ▲"),
    st.floats(min_value=2, max_value=99).map(lambda x: f"{x:.1f}% ▼"),
    st.sampled_from(["7143 ▶", " 12 ", "12  ►", "31 weeks", "216 (June 2022)", "requested", "n/a", "<50", "2.5E+03"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(MONTHLY_CELLS, min_size=3, max_size=3), min_size=1, max_size=4))
def test_every_monthly_cell_reads_as_the_cell_parser_reads_it(grid):
    # The reader parses a sheet's cells in bulk; each observation must say what parse_value says
    # of its cell alone, and sit at that cell.
    header = ["KPI", "Jan 24", "Feb 24", "Mar 24"]
    rows = [[f"No. of cases {index}", *cells] for index, cells in enumerate(grid)]
    read = read_scorecard(xlsx_bytes([["Scorecard"], header, *rows]), filename="property.xlsx")
    observations = read.observations.set_index("source")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row[1:], start=1):
            expected = parse_value(cell)
            found = observations.loc[f"Sheet1!{'ABCD'[c]}{r + 3}"]
            assert found["kpi_name"] == row[0] and found["period_label"] == header[c]
            assert found["value_text"] == expected.text
            for column, attribute in (("value", "value"), ("value_low", "low"), ("value_high", "high")):
                want = (
                    getattr(expected, attribute) if not (column == "value" and expected.kind == "range") else math.nan
                )
                got = found[column]
                assert (math.isnan(want) and math.isnan(got)) or got == want, (cell, column, got, want)
    assert len(read.observations) == sum(len(cells) for cells in grid)


def test_a_header_repeated_after_a_page_break_with_other_columns_takes_over():
    # Printed scorecards repeat the title and header on each page; the second page here has
    # later months and one more column, so column E is Nat on page one and Jul 24 on page two.
    rows = [
        ["SEND Scorecard"],
        ["KPI", "Jan 24", "Feb 24", "Mar 24", "Nat"],
        ["No. of EHCPs", 3736, 3791, 3850, 5000],
        ["SEND Scorecard"],
        ["KPI", "Apr 24", "May 24", "Jun 24", "Jul 24", "Nat"],
        ["No. of requests", 10, 11, 12, 13, 20],
    ]
    read = read_scorecard(xlsx_bytes(rows), filename="pages.xlsx")
    observations = read.observations
    ehcps = observations[observations["kpi_name"] == "No. of EHCPs"]
    requests = observations[observations["kpi_name"] == "No. of requests"]
    assert one(ehcps, measure="comparator")["value"] == 5000
    assert one(ehcps, period_label="Mar 24")["value"] == 3850
    assert one(requests, period_label="Jul 24")[["value", "source"]].tolist() == [13, "Sheet1!E6"]
    assert one(requests, measure="comparator")[["value", "source"]].tolist() == [20, "Sheet1!F6"]
    assert len(observations) == 4 + 5
    assert read.accounting["problems"] == 0 and read.accounting["labels"] == 1 + 5 + 1 + 1 + 6 + 1


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


def test_a_mapping_is_kept_even_where_the_header_is_recognised():
    # The user said column E ("Goal") holds targets; recognising the month headings must not
    # throw that away and list Goal's cells as unread.
    data = xlsx_bytes([["KPI", "Jan 24", "Feb 24", "Mar 24", "Goal"], ["No. of complaints", 17, 12, 13, "<10"]])
    mapping = ColumnMapping(header_row=0, name_column=0, roles={1: "period", 2: "period", 3: "period", 4: "target"})
    read = read_scorecard(data, filename="goal.xlsx", mapping=mapping)
    assert one(read.observations, measure="target")[["value_high", "source"]].tolist() == [10, "Sheet1!E2"]
    assert len(read.observations) == 4 and read.accounting["problems"] == 0


def test_a_header_with_a_blank_first_cell_is_not_read_as_a_kpi_row():
    read = read_scorecard(xlsx_bytes([["", "Apr 23", "May 23", "Jun 23"], ["No. of A", 1, 2, 3]]), filename="b.xlsx")
    assert list(read.observations["value"]) == [1, 2, 3]
    assert read.accounting == {"cells": 7, "values": 3, "markers": 0, "labels": 4, "problems": 0}


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


@pytest.mark.parametrize(
    ("header", "row", "wrong"),
    [
        # Seed 001's complaints, Nov 24 to Jan 25: 17, 12 (down), 13 (up), arrows as written.
        (["KPI", "Nov 24", "Dec 24", "Jan 25"], ["No. of complaints", "17 ▼", "12 ▼", "13 ▲"], 0),
        # The same months newest first: the arrows still belong to the later month.
        (["KPI", "Jan 25", "Dec 24", "Nov 24"], ["No. of complaints", "13 ▲", "12 ▼", "17 ▼"], 0),
        # Dec 24 fell from 17 to 12 but is marked up; Jan 25 rose to 13 but is marked down.
        (["KPI", "Jan 25", "Dec 24", "Nov 24"], ["No. of complaints", "13 ▼", "12 ▲", "17 ▼"], 2),
    ],
)
def test_arrows_that_disagree_with_the_numbers_are_counted(header, row, wrong):
    read = read_scorecard(xlsx_bytes([header, row]), filename="arrows.xlsx")
    notes = [m for m in read.problems["message"] if "trend arrows disagree" in m]
    assert notes == (
        [
            f"The file's trend arrows disagree with its own numbers in {wrong} month(s) for 'No. of complaints'. The app works out trends from the numbers."
        ]
        if wrong
        else []
    )


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Nov 24", "period"),
        (dt.datetime(2025, 1, 1), "period"),
        ("Nat", "England"),
        ("SN", "Statistical neighbours"),
        ("SW", "Region"),
        ("Target", "target"),
        ("Milestone 1 - Jul 23", "target"),
        ("Baseline (Jan 23)", "baseline"),
        ("KPI", "ignore"),
        ("Goal", "ignore"),
        ("", "ignore"),
    ],
)
def test_the_column_form_starts_from_what_the_heading_says(heading, role):
    assert suggest_mapping_role(heading) == role


@pytest.mark.parametrize(
    ("headings", "column"),
    [(["KPI", "Nov 24"], 0), (["Ref", "Measure", "Nov 24"], 1), (["Ref", "Something", "Nov 24"], 0)],
)
def test_the_column_form_finds_the_name_column(headings, column):
    assert suggest_name_column(headings) == column


def test_a_csv_row_longer_than_its_headings_suggests_a_split_number():
    # "1,234" typed without quotes: the CSV splits it, so Nov reads 1 and Dec 234.
    csv = b"KPI,Nov 24,Dec 24,Jan 25\nChildren with an EHCP,1,234,1300,1310\n"
    read = read_scorecard(csv, filename="split.csv")
    problem = one(read.problems, location="row 2, column E")
    assert "if a number such as 1,234 was written without quotes" in problem["message"]
    ragged = xlsx_bytes([["KPI", "Nov 24", "Dec 24"], ["No. of A", 1, 2, "note"]])
    assert "without quotes" not in " ".join(read_scorecard(ragged, filename="r.xlsx").problems["message"])


def test_an_unreadable_file_says_what_opening_it_noticed():
    with pytest.raises(ScorecardError, match=r"notes\.xlsx is named \.xlsx but holds plain text; it was read as CSV\."):
        read_scorecard(b"Minutes of the SEND board\nAll present\n", filename="notes.xlsx")
