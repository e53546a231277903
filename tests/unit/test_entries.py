"""What a plan holds, as tidy observations."""

from __future__ import annotations

import pandas as pd
import pytest

from send_core import load_plan
from tests.unit.plan_helpers import PLAN


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN)


def test_plan_observations_are_tidy(plan):
    observations = plan.observations()
    gbr1a = observations[(observations["kpi_id"] == "GBR1a") & (observations["measure"] == "actual")]
    assert list(gbr1a["value"]) == [58, 65, 65, 68]
    assert list(gbr1a["period"]) == [pd.Timestamp(d) for d in ("2021-11-01", "2022-05-01", "2022-11-01", "2023-05-01")]
    assert gbr1a["source"].str.startswith("plan line ").all()


def test_plan_values_carry_their_period_s_frequency():
    from send_core.plan import load_plan
    from tests.unit.plan_helpers import MINIMAL

    plan = load_plan(
        MINIMAL
        + """kpis:
  - id: K1
    objective: O1
    name: Number of complaints
    milestones:
      - {date: Nov 2021, target: "100"}
      - {date: 2023/24, target: "90"}
"""
    )
    frequencies = dict(zip(plan.observations()["period_label"], plan.observations()["frequency"], strict=True))
    assert frequencies == {"Nov 2021": "month", "2023/24": "academic_year"}
