"""Where the plan stands as at a date: action status by Birmingham's key, KPI milestones rated by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from send_core import load_plan
from send_core.plan import action_rag, action_table, kpi_milestone_table, milestone_table
from send_core.rag import RatingPolicy
from tests.unit.plan_helpers import PLAN


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN)


def test_the_gbr1a_milestone_table(plan):
    table = kpi_milestone_table(plan, RatingPolicy())
    gbr1a = table[table["kpi_id"] == "GBR1a"]
    # Seed 003: baseline 53%; targets 60/60/70/80%; actuals 58/65/65/68%.
    assert set(gbr1a["baseline"]) == {"53%"}
    assert list(gbr1a["target"]) == ["60%", "60%", "70%", "80%"]
    assert list(gbr1a["actual"]) == ["58%", "65%", "65%", "68%"]
    # Higher is better; amber within 5 points: 58 vs 60 close, 65 vs 60 met, 65 vs 70 close, 68 vs 80 off.
    assert list(gbr1a["rag"]) == ["Amber", "Green", "Amber", "Red"]
    assert list(gbr1a["met"]) == ["Not met (close)", "Met", "Not met (close)", "Not met"]
    assert list(gbr1a["gap"]) == [-2, 5, -5, -12]
    # Percentages apart by points (58% against 60% is 2 points, not 2% of the target).
    assert list(gbr1a["gap_text"]) == [
        "2 percentage points below",
        "5 percentage points above",
        "5 percentage points below",
        "12 percentage points below",
    ]


@pytest.mark.parametrize(
    ("kpi_id", "milestone", "rating"),
    [
        ("GBR9", "May 2023", "Green"),  # 10 weeks against "Maintain 12 weeks", lower is better
        ("GBR10", "Nov 2021", "Green"),  # 27 weeks inside 25-35 weeks
        ("GBR14", "May 2022", "Red"),  # 173 weeks against 40-50 weeks
        ("GBR13", "May 2023", "Red"),  # 34 weeks against 30: 4 over, more than 10% of 30 (3)
        ("GBR13", "Nov 2021", "Green"),  # 31 weeks against 35
        ("SL6", "Nov 2021", "Green"),  # 30777 views against >16000
        ("GBR8.a", "May 2023", "Green"),  # NEET 1.9% against 3.5%, lower is better
        ("SL3", "May 2022", "Red"),  # 43% against 65%
        ("GBR6", "Nov 2021", "No target"),  # n/a
    ],
)
def test_kpi_ratings_by_hand(plan, kpi_id, milestone, rating):
    table = kpi_milestone_table(plan, RatingPolicy())
    row = table[(table["kpi_id"] == kpi_id) & (table["milestone"] == milestone)].iloc[0]
    assert row["rag"] == rating


def test_action_status_as_at_the_plan_date(plan):
    table = action_table(plan).set_index("action_id")
    assert table.loc["ASL5", "rag"] == "Green"  # every milestone complete
    assert table.loc["ASL3", "rag"] == "Amber"  # first due December 2023, after 14 Jul 2023
    assert table.loc["ASL6", "rag"] == "Red"  # due 30 April 2023 and not complete
    assert table.loc["ASL6", "days_overdue"] == (dt.date(2023, 7, 14) - dt.date(2023, 4, 30)).days


def test_moving_the_as_at_date_moves_actions_between_amber_and_red(plan):
    asl3 = next(a for a in plan.actions if a.id == "ASL3")
    assert action_rag(asl3, dt.date(2023, 7, 14)) == "Amber"
    assert action_rag(asl3, dt.date(2024, 1, 15)) == "Red"  # December 2023 milestones now past
    asl1 = next(a for a in plan.actions if a.id == "ASL1")
    assert action_rag(asl1, dt.date(2024, 6, 30)) == "Amber"  # due by the end of June 2024
    assert action_rag(asl1, dt.date(2024, 7, 1)) == "Red"
    early = action_table(plan, dt.date(2022, 1, 1)).set_index("action_id")
    assert early.loc["ASL6", "rag"] == "Amber"


def test_embedded_actions_are_blue(plan, tmp_path):
    text = PLAN.read_text(encoding="utf-8").replace(
        "    title: Improve the Local Offer website\n",
        "    title: Improve the Local Offer website\n    status: embedded\n",
    )
    changed = load_plan(text)
    assert action_rag(next(a for a in changed.actions if a.id == "ASL5"), changed.as_at) == "Blue"


def test_each_milestone_names_its_action_by_id_and_title():
    text = PLAN.read_text(encoding="utf-8")
    table = milestone_table(load_plan(text))
    agbr10 = table[table["action_id"] == "AGBR10"]
    assert set(agbr10["action"]) == {"AGBR10: Increase capacity for autism assessments for over-7s"}
    # An action with no title is named by its id alone.
    untitled = load_plan(text.replace("title: Increase capacity for autism assessments for over-7s", 'title: ""'))
    table = milestone_table(untitled)
    assert set(table.loc[table["action_id"] == "AGBR10", "action"]) == {"AGBR10"}


def test_ongoing_milestones_are_never_overdue(plan):
    table = milestone_table(plan, dt.date(2030, 1, 1))
    assert set(table.loc[table["state"] == "Ongoing", "days_overdue"]) == {0}


@pytest.mark.parametrize(
    ("written", "due", "shown"),
    [
        ("31 July 2023", dt.date(2023, 7, 31), "31 Jul 2023"),
        ("31st January 2024", dt.date(2024, 1, 31), "31 Jan 2024"),
        ("June 2024", dt.date(2024, 6, 30), "Jun 2024"),
        ("Sept 2021 onwards", dt.date(2021, 9, 30), "Sept 2021 onwards"),
        ("Ongoing", None, "Ongoing"),
        ("", None, ""),
    ],
)
def test_due_dates_are_written_one_way(written, due, shown):
    from send_core.plan.status import due_words

    assert due_words(written, due) == shown


@pytest.mark.parametrize(
    ("kpi_id", "milestone", "gap", "words"),
    [
        # A range's gap is to its nearer end (the plan's own figures): 173 weeks against
        # 40-50 is 123 above its top; 27 weeks inside 25-35 is within it. Both were blank.
        ("GBR14", "May 2022", 123, "123 weeks above the range"),
        ("GBR14", "May 2023", 51, "51 weeks above the range"),
        ("GBR10", "Nov 2021", 0, "within the range"),
    ],
)
def test_a_range_target_s_gap_is_to_its_nearer_end(plan, kpi_id, milestone, gap, words):
    table = kpi_milestone_table(plan, RatingPolicy())
    row = table[(table["kpi_id"] == kpi_id) & (table["milestone"] == milestone)].iloc[0]
    assert (row["gap"], row["gap_text"]) == (gap, words)
