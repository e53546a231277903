"""The table reader (monthly, milestone and sectioned layouts), with the figures the seed
documents give.

Expected values are copied from the seeds (BCP's Jan 2025 scorecard, the 2023 KPI table,
Birmingham's APP scorecard), never from the reader.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from send_core import read_scorecard
from send_core.errors import ScorecardError
from send_core.model import OBSERVATION_COLUMNS
from send_core.reading import ColumnMapping
from tests.unit.reading_helpers import BCP, KPI_TABLE, MILESTONE_HEADER, MILESTONE_ROWS, by_name, one, xlsx_bytes


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


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        # This month's figures alone, beside a KPI heading: a monthly scorecard of one month.
        ("KPI,Jan 25\nNo. of EHCPs,7143\n", [("No. of EHCPs", pd.Timestamp("2025-01-01"), 7143.0, "row 2, column B")]),
        ("Measure,Jan 25,Target\nNo. of EHCPs,7143,7000\n", [("No. of EHCPs", pd.Timestamp("2025-01-01"), 7143.0, "row 2, column B")]),
    ],
)  # fmt: skip
def test_one_month_beside_a_kpi_heading_is_a_scorecard(text, read_as):
    read = read_scorecard(text.encode(), filename="this-month.csv")
    actuals = read.observations[read.observations["measure"] == "actual"]
    assert list(actuals[["kpi_name", "period", "value", "source"]].itertuples(index=False, name=None)) == read_as


def test_a_row_of_one_date_with_no_kpi_heading_is_not_a_header():
    # Without a KPI heading, one month heading could be any row holding a date.
    with pytest.raises(ScorecardError):
        read_scorecard(b"Printed,Jan 25\nNo. of EHCPs,7143\n", filename="notes.csv")


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


def test_a_csv_row_longer_than_its_headings_suggests_a_split_number():
    # "1,234" typed without quotes: the CSV splits it, so Nov reads 1 and Dec 234.
    csv = b"KPI,Nov 24,Dec 24,Jan 25\nChildren with an EHCP,1,234,1300,1310\n"
    read = read_scorecard(csv, filename="split.csv")
    problem = one(read.problems, location="row 2, column E")
    assert "if a number such as 1,234 was written without quotes" in problem["message"]
    ragged = xlsx_bytes([["KPI", "Nov 24", "Dec 24"], ["No. of A", 1, 2, "note"]])
    assert "without quotes" not in " ".join(read_scorecard(ragged, filename="r.xlsx").problems["message"])


def test_headings_with_impossible_dates_are_listed_not_read_as_months():
    data = xlsx_bytes(
        [
            ["KPI", "Nov 24", "Dec 24", "Jan 25", "May 2263", "30 Feb 2023", "Feb 30", "Jan 0000"],
            ["No. of complaints", 17, 12, 13, 14, 15, 16, 17],
        ]
    )
    read = read_scorecard(data, filename="dates.xlsx")
    months = sorted(read.observations["period"].dropna().dt.strftime("%Y-%m").unique())
    assert months == ["2024-11", "2024-12", "2025-01", "2030-02"]
    unheaded = read.problems[read.problems["code"] == "unheaded_column"]
    assert unheaded["location"].tolist() == ["Sheet1!E2", "Sheet1!F2", "Sheet1!H2"]  # 2263, 30 Feb, 0000
    far = read.problems[read.problems["code"] == "period_far_ahead"]
    assert far["location"].tolist() == ["Sheet1!G1"]
    assert "read as February 2030" in far["message"].iloc[0]
    assert read.accounting["cells"] == 16 and read.accounting["problems"] == 3
