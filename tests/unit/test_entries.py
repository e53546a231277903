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
