"""RAG ratings, worked out by hand for each kind of target."""

import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from send_core.model import observations_frame
from send_core.rag import (
    AMBER,
    GREEN,
    NO_DATA,
    NO_TARGET,
    NOT_RATED,
    RED,
    RatingPolicy,
    Target,
    rate_kpi,
    target_for,
    targets_in_force,
)
from send_core.wording import rating_label

NAN = math.nan


@pytest.mark.parametrize(
    ("actual", "target", "direction", "unit", "expected"),
    [
        # Higher is better, percentages: amber within 5 points.
        (68, Target(80), "up", "percent", RED),  # 12 short
        (76, Target(80), "up", "percent", AMBER),  # 4 short
        (75, Target(80), "up", "percent", AMBER),  # exactly 5 short
        (80, Target(80), "up", "percent", GREEN),
        (90, Target(80), "up", "percent", GREEN),
        # Lower is better.
        (1.9, Target(3.5), "down", "percent", GREEN),
        (9.0, Target(5.0), "down", "percent", AMBER),  # 4 points over
        (12.5, Target(5.0), "down", "percent", RED),
        # Other units: amber within 10% of the target.
        (34, Target(30), "down", "weeks", RED),  # 4 over, tolerance 3
        (32, Target(30), "down", "weeks", AMBER),  # 2 over
        (140, Target(135), "down", "count", AMBER),  # 5 over, tolerance 13.5
        (266, Target(135), "down", "count", RED),
        # Bounds apply whatever the direction.
        (30777, Target(16000, low=16000), "up", "other", GREEN),  # ">16000"
        (15000, Target(16000, low=16000), "up", "other", AMBER),  # 1000 short, tolerance 1600
        (176, Target(50, high=50), "down", "count", RED),  # "<50"
        (45, Target(50, high=50), "down", "count", GREEN),
        # Maintain 12 weeks, lower is better.
        (10, Target(12), "down", "weeks", GREEN),
        (12, Target(12), "down", "weeks", GREEN),
        # Ranges: inside is met; better than the range is met; outside on the bad side by distance.
        (27, Target(NAN, 25, 35), "down", "weeks", GREEN),
        (14, Target(NAN, 20, 25), "down", "weeks", GREEN),
        (27, Target(NAN, 20, 25), "down", "weeks", AMBER),  # 2 over the top, tolerance 2.5
        (173, Target(NAN, 40, 50), "down", "weeks", RED),
        # Nothing to rate against.
        (50, None, "up", "percent", NO_TARGET),
        (50, Target(), "up", "percent", NO_TARGET),
        (NAN, Target(60), "up", "percent", NO_DATA),
        (50, Target(60), "none", "percent", NOT_RATED),
    ],
)
def test_ratings(actual, target, direction, unit, expected):
    assert rate_kpi(actual, target, direction, unit=unit) == expected


def test_tolerances_are_settings():
    assert rate_kpi(76, Target(80), "up", unit="percent", amber_points=3) == RED
    assert rate_kpi(32, Target(30), "down", unit="weeks", amber_share=0.05) == RED


@pytest.mark.parametrize(
    ("rating", "label"),
    [
        (GREEN, "✔ Green: On or better than target"),
        (AMBER, "▲ Amber: Close to target"),
        (RED, "✖ Red: Off target"),
        # Not colours: their words alone, not "No target: No target set".
        (NO_TARGET, "– No target set"),
        (NO_DATA, "? No data for this period"),
    ],
)
def test_every_rating_has_words_and_an_icon(rating, label):
    assert rating_label(rating) == label


# ---------------------------------------------------------------------------------------------
# One policy everywhere: a KPI rates the same on every page and in the board pack.

CONSISTENCY_PLAN = """
version: 1
programme: {name: Test plan, local_authority: Anytown, as_at: 2021-12-31}
objectives:
  - {id: O1, title: Timeliness}
kpis:
  - id: K1
    objective: O1
    name: "% of plans issued within 20 weeks"
    unit: percent
    good_direction: up
    amber_tolerance: 1
    milestones:
      - {date: Nov 2021, target: "60%", actual: "57.5%"}
  - id: K2
    objective: O1
    name: Number of complaints
    unit: count
    good_direction: down
    milestones:
      - {date: Nov 2021, target: "100", actual: "115"}
  - id: K3
    objective: O1
    name: Average wait for an assessment in weeks
    unit: weeks
    milestones:
      - {date: Nov 2021, target: "20", actual: "19"}
"""
# Worked by hand, with amber_tolerance_points 3 and amber_tolerance_share 0.2 in the settings:
# K1: 2.5 points short; its own tolerance (1 point) wins over the setting (3): Red. A page that
#     ignored the plan would say Amber (3 points), as would one on the defaults (5 points).
# K2: 15 over a target of 100, lower is better; the setting allows 20% of 100 = 20: Amber.
#     The default share (10% = 10) would say Red.
# K3: no direction in the plan; "wait" means lower is better, and 19 is under 20: Green. The
#     Plan tracker used the plan's direction alone and said "Not rated".
EXPECTED_EVERYWHERE = {"K1": RED, "K2": AMBER, "K3": GREEN}
CONSISTENCY_LOCALITIES = (
    "kpi_id,kpi_name,measure,period,value,unit,locality,phase\n"
    "K2,Number of complaints,actual,2021-11,115,count,North,All\n"
    "K2,Number of complaints,target,2021-11,100,count,North,All\n"
)


def test_a_kpi_rates_the_same_on_every_page_and_in_the_board_pack():
    from send_core.charts import trend_chart
    from send_core.config import Settings
    from send_core.dataset import build_dataset
    from send_core.filters import Filters, apply_filters
    from send_core.maps import locality_values
    from send_core.model import good_directions
    from send_core.plan import kpi_milestone_table, load_plan
    from send_core.reading import read_scorecard
    from send_core.reports import report_contents
    from send_core.reports.board_pack import board_pack_workbook
    from send_core.summary import kpi_summary, locality_ratings

    settings = Settings(amber_tolerance_points=3.0, amber_tolerance_share=0.2)
    plan = load_plan(CONSISTENCY_PLAN)
    localities = read_scorecard(CONSISTENCY_LOCALITIES.encode(), filename="localities.csv")
    dataset = build_dataset([localities], plan, settings=settings)
    policy = dataset.rating_policy
    view = apply_filters(dataset.observations, dataset.catalogue, Filters())
    catalogue = dataset.catalogue.set_index("kpi_id")

    # Overview (and the tiles' badges): the KPI summary.
    summary = kpi_summary(view, dataset.catalogue, policy=policy)
    overview = dict(zip(summary["kpi_id"], summary["rag"], strict=True))
    # Board pack: the Rating column of the workbook's Summary sheet, read back.
    sheet = load_workbook(io.BytesIO(board_pack_workbook(report_contents(dataset, Filters()))))["Summary"]
    # A rating is written "✖ Red: Off target": its word is the one before the colon.
    written = {row[0]: row[7] for row in sheet.iter_rows(min_row=2, values_only=True)}
    pack = {kpi_id: written[catalogue.at[kpi_id, "kpi_name"]].split(":")[0].split()[-1] for kpi_id in summary["kpi_id"]}
    # Plan tracker: milestone targets against actuals.
    table = kpi_milestone_table(plan, policy, good_directions=good_directions(dataset.catalogue))
    tracker = dict(zip(table["kpi_id"], table["rag"], strict=True))
    # KPI explorer: the chart's own data carries each point's rating.
    explorer = {}
    for kpi_id in EXPECTED_EVERYWHERE:
        whole_area = view[(view["kpi_id"] == kpi_id) & (view["locality"] == "All")]
        spec = trend_chart(
            whole_area,
            kpi_id,
            name=kpi_id,
            unit=catalogue.loc[kpi_id, "unit"],
            good_direction=catalogue.loc[kpi_id, "good_direction"],
            policy=policy,
        ).to_dict()
        rated = [row for rows in spec["datasets"].values() for row in rows if "rag" in row]
        explorer[kpi_id] = rated[-1]["rag"]
    assert overview == pack == tracker == explorer == EXPECTED_EVERYWHERE
    # Localities: North's K2 has the same numbers as the whole area, so the same rating.
    values = locality_values(dataset.observations, "K2")
    north = locality_ratings(values, dataset.observations, "K2", "down", "count", policy)
    assert north == {"North": AMBER}


def test_the_consistency_example_would_rate_differently_without_the_settings_or_the_plan():
    # The same numbers through the defaults (5 points, 10%) and with no direction: what pages
    # that ignored the settings, the plan's tolerance or the inferred direction would say.
    defaults = RatingPolicy()
    assert defaults.rate("K1", 57.5, Target(60), "up", "percent") == AMBER
    assert defaults.rate("K2", 115, Target(100), "down", "count") == RED
    assert defaults.rate("K3", 19, Target(20), "none", "weeks") == NOT_RATED


@pytest.mark.parametrize(
    ("kpi_id", "unit", "expected"),
    [
        ("P11", "percent", (0.02, 0.2)),  # its own tolerance, in points, for a percentage
        ("W1", "weeks", (3.0, 0.05)),  # its own tolerance, as a share, for anything else
        ("X", "percent", (3.0, 0.2)),  # no tolerance of its own: the settings
    ],
)
def test_a_kpis_own_tolerance_replaces_the_setting_its_unit_uses(kpi_id, unit, expected):
    from send_core.config import Settings
    from send_core.plan import load_plan

    plan = load_plan(
        CONSISTENCY_PLAN.replace("id: K1\n", "id: P11\n")
        .replace("amber_tolerance: 1\n", "amber_tolerance: 0.02\n")
        .replace("  - id: K2\n", "  - id: W1\n    amber_tolerance: 0.05\n", 1)
    )
    policy = RatingPolicy.from_settings(Settings(amber_tolerance_points=3.0, amber_tolerance_share=0.2), plan.kpis)
    assert policy.tolerances_for(kpi_id, unit) == expected


# One KPI's targets: milestones of 10 (Mar 2024) and 20 (Sep 2024), an undated target of 30,
# and a range of 5-8 due Dec 2025; an actual among them is no target.
_TARGETS = observations_frame(
    [
        {"kpi_id": "K", "measure": "target", "period": "2024-09-01", "value": 20, "value_text": "20"},
        {"kpi_id": "K", "measure": "target", "period": "2024-03-01", "value": 10, "value_text": "10"},
        {"kpi_id": "K", "measure": "target", "value": 30, "value_text": "30"},
        {
            "kpi_id": "K",
            "measure": "target",
            "period": "2025-12-01",
            "value_low": 5,
            "value_high": 8,
            "value_text": "5-8",
        },
        {"kpi_id": "K", "measure": "actual", "period": "2024-04-01", "value": 99, "value_text": "99"},
    ]
)


@pytest.mark.parametrize(
    ("period", "text"),
    [
        ("2024-01-01", "30"),  # before the first milestone: the undated target
        ("2024-03-01", "10"),  # a milestone holds from its own month
        ("2024-06-01", "10"),
        ("2024-09-01", "20"),
        ("2025-11-01", "20"),
        ("2025-12-01", "5-8"),
        (None, "30"),  # an undated figure: the undated target
        (pd.NaT, "30"),
    ],
)
def test_the_target_in_force_is_the_last_milestone_due_else_the_undated_one(period, text):
    when = None if period is None else pd.Timestamp(period)
    target, written = target_for(_TARGETS, when)
    assert written == text
    if text == "5-8":
        assert math.isnan(target.value) and (target.low, target.high) == (5, 8)
    else:
        assert target.value == float(text)


def test_targets_in_force_answers_each_period_in_order_as_target_for_does():
    periods = [pd.Timestamp("2024-06-01"), None, pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-01")]
    assert [text for _, text in targets_in_force(_TARGETS, periods)] == ["10", "30", "30", "5-8"]
    assert targets_in_force(_TARGETS[_TARGETS["measure"] == "actual"], periods) == [(None, "")] * 4
