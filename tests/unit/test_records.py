"""A plan as records and back: what a snapshot keeps of the plan."""

from __future__ import annotations

import dataclasses

import pytest

from send_core.plan import load_plan
from send_core.plan.records import plan_from_records, plan_records
from tests.unit.plan_helpers import MINIMAL, PLAN


@pytest.mark.parametrize("source", [PLAN, MINIMAL.encode()], ids=["sample plan", "minimal plan"])
def test_a_plan_comes_back_exactly_as_it_was(source):
    plan = load_plan(source)
    assert plan_from_records(plan_records(plan)) == plan


def test_the_sample_plan_is_one_row_per_entry_and_one_for_the_programme():
    records = plan_records(load_plan(PLAN))
    counts = records["section"].value_counts().to_dict()
    # From the seed: 4 objectives, 31 actions, 54 KPIs, 7 risks (tests/app/test_upload.py reads the same).
    assert {k: counts[k] for k in ("programme", "objectives", "actions", "kpis", "risks")} == {
        "programme": 1, "objectives": 4, "actions": 31, "kpis": 54, "risks": 7,
    }  # fmt: skip


def test_a_record_of_an_unknown_section_is_refused():
    records = plan_records(load_plan(MINIMAL.encode()))
    records.loc[0, "section"] = "gossip"
    with pytest.raises(ValueError, match="unknown plan section 'gossip'"):
        plan_from_records(records)


def test_dates_and_timestamps_keep_their_types():
    plan = plan_from_records(plan_records(load_plan(PLAN)))
    original = load_plan(PLAN)
    assert type(plan.as_at) is type(original.as_at)
    first = next(k for k in original.kpis if k.milestones)
    again = next(k for k in plan.kpis if k.id == first.id)
    assert [dataclasses.astuple(m) for m in again.milestones] == [dataclasses.astuple(m) for m in first.milestones]
