"""The improvement plan: loading the Birmingham sample, statuses as at a date, and every error."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from send_core import PlanError, load_plan
from send_core.plan import action_rag, action_table, kpi_milestone_table, milestone_table
from send_core.rag import RatingPolicy
from tests.conftest import SAMPLE

PLAN = SAMPLE / "birmingham_app_plan.yaml"
EXPECTED_ACTIONS = (
    [f"ASL{i}" for i in range(1, 7)]
    + [f"AGBR{i}" for i in range(1, 14)]
    + [f"AWTW{i}" for i in range(1, 7)]
    + [f"AP{i}" for i in range(1, 7)]
)


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN)


def test_every_action_from_asl1_to_ap6(plan):
    assert [a.id for a in plan.actions] == EXPECTED_ACTIONS
    assert [o.id for o in plan.objectives] == ["SL", "GBR", "WTW", "P"]
    assert all(
        a.owner
        and "Director" in a.owner
        or "Officer" in a.owner
        or "Comms" in a.owner
        or "AD " in a.owner
        or "Manager" in a.owner
        for a in plan.actions
    )


def test_milestones_keep_the_seed_dates_and_statuses(plan):
    asl1 = next(a for a in plan.actions if a.id == "ASL1")
    # Seed 003: "30 May 2022 (complete)" ... "10th Jul 2023 (complete)", "June 2024".
    assert asl1.milestones[0].due == dt.date(2022, 5, 30)
    assert asl1.milestones[0].status == "complete"
    assert asl1.milestones[-1].due == dt.date(2024, 6, 30)
    assert asl1.milestones[-1].status == "not_started"
    asl3 = next(a for a in plan.actions if a.id == "ASL3")
    assert asl3.milestones[-1].due_text == "Jan to March 2024"
    assert asl3.milestones[-1].due == dt.date(2024, 3, 31)


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


def test_ongoing_milestones_are_never_overdue(plan):
    table = milestone_table(plan, dt.date(2030, 1, 1))
    assert set(table.loc[table["state"] == "Ongoing", "days_overdue"]) == {0}


def test_risks_and_feedback(plan):
    assert len(plan.risks) == 7
    assert {r.severity for r in plan.risks} == {"Low", "Medium", "High"}
    audiences = {f.audience for f in plan.feedback}
    assert audiences == {"Parents and carers", "Young people", "Education settings", "Voluntary and community sector"}
    answered = [f for f in plan.feedback if f.we_did]
    assert len(answered) >= 10


def test_plan_observations_are_tidy(plan):
    observations = plan.observations()
    gbr1a = observations[(observations["kpi_id"] == "GBR1a") & (observations["measure"] == "actual")]
    assert list(gbr1a["value"]) == [58, 65, 65, 68]
    assert list(gbr1a["period"]) == [pd.Timestamp(d) for d in ("2021-11-01", "2022-05-01", "2022-11-01", "2023-05-01")]
    assert gbr1a["source"].str.startswith("plan line ").all()


MINIMAL = """version: 1
programme:
  name: Test plan
  local_authority: Somewhere
  as_at: 2024-01-31
objectives:
  - id: O1
    title: First objective
actions:
  - id: A1
    objective: O1
    title: Do the thing
    owner: Head of SEND
    milestones:
      - title: Start
        due: 30 Apr 2022
        status: complete
"""


def test_a_minimal_plan_loads():
    plan = load_plan(MINIMAL)
    assert plan.as_at == dt.date(2024, 1, 31)
    assert plan.actions[0].milestones[0].done


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("    owner: Head of SEND\n", "    owner: Head of SEND\n    ownr: extra\n"),
            "Line 14: unknown key 'ownr' in action A1. Did you mean 'owner'?",
        ),
        (
            ("        due: 30 Apr 2022\n", "        due: someday soon\n"),
            "Line 16: due 'someday soon' on milestone 1 of action A1 is not a date",
        ),
        (
            ("    objective: O1\n", "    objective: O2\n"),
            "Line 11: action A1 points at objective 'O2', which does not exist. Objectives are: O1.",
        ),
        (
            ("        status: complete\n", "        status: completed\n"),
            "Line 17: status 'completed' on milestone 1 of action A1 should be one of complete, implemented, ongoing, in_progress, not_started. Did you mean 'complete'?",
        ),
        (("  as_at: 2024-01-31\n", "  as_at: 31 Feb 2024\n"), "Line 5: as_at '31 Feb 2024' is not a date"),
        (("version: 1\n", "version: 2\n"), "Line 1: version 2 is not one this app reads"),
        (
            (
                "  - id: O1\n    title: First objective\n",
                "  - id: O1\n    title: First objective\n  - id: O1\n    title: Again\n",
            ),
            "Line 9: objective id 'O1' is used twice (first on line 7)",
        ),
        (
            ("    title: Do the thing\n", "    title: [a, list]\n"),
            "Line 12: 'title' in action A1 should be text, not a list.",
        ),
        (("  local_authority: Somewhere\n", ""), "programme needs 'local_authority'."),
    ],
)
def test_each_error_names_its_line_and_says_what_to_do(change, message):
    old, new = change
    assert old in MINIMAL
    with pytest.raises(PlanError) as raised:
        load_plan(MINIMAL.replace(old, new))
    assert message in str(raised.value)


def test_every_problem_is_listed_in_one_pass():
    broken = MINIMAL.replace("    owner: Head of SEND\n", "    ownr: Head of SEND\n").replace(
        "due: 30 Apr 2022", "due: whenever"
    )
    with pytest.raises(PlanError) as raised:
        load_plan(broken)
    assert len(raised.value.problems) == 3  # the unknown key, the missing owner, the bad date


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\nprogramme: {name: x\n", "is not valid YAML"),
        (
            "version: 1\nprogramme: !!python/object/apply:os.system ['echo hi']\n",
            "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        ("a: &anchor [1, 2]\nb: *anchor\n", "YAML anchors (&anchor) are not allowed"),
        ("", "The plan file is empty"),
        ("- just\n- a list\n", "the plan should be a mapping"),
    ],
)
def test_unsafe_or_broken_yaml_is_refused(text, message):
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        load_plan(text)


def test_an_alias_bomb_is_refused_before_it_is_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    with pytest.raises(PlanError, match="aliases"):
        load_plan(bomb)


def test_an_oversized_file_is_refused():
    with pytest.raises(PlanError, match="larger than 2 MB"):
        load_plan(b"# " + b"x" * (3 * 1024 * 1024))


def test_ids_that_look_like_numbers_keep_their_text():
    text = MINIMAL.replace("  - id: A1\n", "  - id: 1.10\n").replace(
        "  - id: O1\n    title: First objective\n", "  - id: 012\n    title: First objective\n"
    )
    text = text.replace("    objective: O1\n", "    objective: 012\n")
    plan = load_plan(text)
    assert plan.actions[0].id == "1.10"
    assert plan.objectives[0].id == "012"


@pytest.mark.parametrize("stamp", ["2024-01-31 10:00:00", "2024-01-31T10:00:00Z", "2024-01-31T10:00:00+01:00"])
def test_yaml_timestamps_with_a_time_are_dates(stamp):
    plan = load_plan(MINIMAL.replace("  as_at: 2024-01-31\n", f"  as_at: {stamp}\n"))
    assert plan.as_at == dt.date(2024, 1, 31)
