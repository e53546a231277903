"""Loading a plan: the Birmingham sample as the seed gives it, and every problem at once."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from send_core import PlanError, load_plan
from tests.unit.plan_helpers import EXPECTED_ACTIONS, MINIMAL, PLAN


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


def test_risks_and_feedback(plan):
    assert len(plan.risks) == 7
    assert {r.severity for r in plan.risks} == {"Low", "Medium", "High"}
    audiences = {f.audience for f in plan.feedback}
    assert audiences == {"Parents and carers", "Young people", "Education settings", "Voluntary and community sector"}
    answered = [f for f in plan.feedback if f.we_did]
    assert len(answered) >= 10


def test_a_minimal_plan_loads():
    plan = load_plan(MINIMAL)
    assert plan.as_at == dt.date(2024, 1, 31)
    assert plan.actions[0].milestones[0].done


def test_every_problem_is_listed_in_one_pass():
    broken = MINIMAL.replace("    owner: Head of SEND\n", "    ownr: Head of SEND\n").replace(
        "due: 30 Apr 2022", "due: whenever"
    )
    with pytest.raises(PlanError) as raised:
        load_plan(broken)
    assert len(raised.value.problems) == 3  # the unknown key, the missing owner, the bad date


def test_an_oversized_file_is_refused():
    with pytest.raises(PlanError, match="larger than 2 MB"):
        load_plan(b"# " + b"x" * (3 * 1024 * 1024))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  as_at: 2024-01-31\n", "  as_at: 0000-01-31\n", "Line 5: as_at '0000-01-31' is not a date"),
        ("        due: 30 Apr 2022\n", "        due: 30 Feb 2022\n", "Line 16: due '30 Feb 2022' on milestone 1"),
    ],
)
def test_impossible_plan_dates_are_listed_with_their_line(old, new, message):
    # Before: year 0000 raised an untyped ValueError; 30 Feb was taken as February.
    with pytest.raises(PlanError) as raised:
        load_plan(MINIMAL.replace(old, new))
    assert message in str(raised.value)


# Any text at all, and any plan-shaped data: only PlanError, never ValueError or RecursionError.

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["0000-01-01", "30 Feb 2023", "Jan to March 2024", "60%", "<50", "n/a", "embedded", "O1"]),
    st.text(max_size=15),
)
KEYS = st.sampled_from(
    [
        "version",
        "programme",
        "objectives",
        "actions",
        "kpis",
        "risks",
        "feedback",
        "id",
        "objective",
        "title",
        "owner",
        "milestones",
        "due",
        "status",
        "date",
        "target",
        "actual",
        "name",
        "as_at",
        "baseline",
        "unit",
        "good_direction",
        "amber_tolerance",
        "localities",
        "pods",
        "phases",
        "severity",
        "risk",
        "x",
    ]
)
PLAN_LIKE = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=6)),
    max_leaves=40,
)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(KEYS, PLAN_LIKE, max_size=8))
def test_any_plan_shaped_yaml_loads_or_raises_a_plan_error(data):
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        load_plan(text)
    except PlanError as error:
        assert error.problems and all(isinstance(problem, str) for problem in error.problems)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_raises_a_plan_error(text):
    try:
        plan = load_plan(text)
    except PlanError as error:
        assert error.problems
    else:
        assert plan.objectives is not None


def test_a_target_of_a_thousand_bounds_is_a_listed_problem_not_a_recursion():
    # "<<<…<5": each "<" once made the value parser call itself again, 1,200 deep.
    kpi = '\nkpis:\n  - id: K1\n    name: A KPI\n    objective: O1\n    milestones:\n      - {date: Nov 2021, target: "'
    text = MINIMAL + kpi + "<" * 1200 + '5", actual: "28%"}\n'
    with pytest.raises(PlanError, match="Line 24: target .* on milestone 1 of KPI K1 is not a number"):
        load_plan(text)


def test_thousands_of_unknown_objectives_are_each_listed_briefly(monkeypatch):
    # 4,000 objectives and 4,000 actions that each point at one that does not exist. Before,
    # every problem named all 4,000 objectives (a 144 MB message) and each looked for the
    # nearest of them with difflib (30 s).
    import difflib

    from send_core.plan.schema import MAX_IDS_LISTED, MAX_SUGGESTIONS

    comparisons = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: comparisons.append(a[0]) or real(*a, **k))
    lines = ["version: 1", "programme:", "  name: P", "  local_authority: X", "  as_at: 2024-01-31", "objectives:"]
    lines += [f"  - {{id: OBJ{i:04d}, title: T}}" for i in range(4000)]
    lines += ["actions:"]
    # Each points at "OBJ0007" written with a letter O for the zero before the 7.
    lines += [f"  - {{id: A{i}, objective: OBJ00O{i % 10}, title: T, owner: O}}" for i in range(4000)]
    with pytest.raises(PlanError) as raised:
        load_plan("\n".join(lines) + "\n")
    problems = raised.value.problems
    assert len(problems) == 4000
    assert sum("Did you mean 'OBJ" in p for p in problems) == MAX_SUGGESTIONS
    assert len([c for c in comparisons if c.startswith("OBJ00O")]) == MAX_SUGGESTIONS
    later = problems[MAX_SUGGESTIONS]
    assert later.endswith(f"Objectives are: {', '.join(f'OBJ{i:04d}' for i in range(MAX_IDS_LISTED))} and 3,988 more.")
    assert max(map(len, problems)) < 400
    message = str(raised.value)
    assert message.startswith("The plan file has 4,000 problems:\n")
    assert message.endswith("\n- and 3,900 more, not shown; fix these and load it again.")
    assert message.count("\n- ") == 101
