"""Each section's builder: every error names its line and says what to do."""

from __future__ import annotations

import datetime as dt

import pytest

from send_core import PlanError, load_plan
from tests.unit.plan_helpers import MINIMAL


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


KPI_WITH_RECALCULATION = (
    MINIMAL
    + """kpis:
  - id: K1
    objective: O1
    name: Number of complaints
    spc_recalculate_at: [Apr 2023, 2022-09]
"""
)


def test_a_kpi_s_spc_recalculation_months_are_read_and_sorted():
    import pandas as pd

    plan = load_plan(KPI_WITH_RECALCULATION)
    assert plan.kpis[0].spc_recalculate_at == (pd.Timestamp("2022-09-01"), pd.Timestamp("2023-04-01"))
    assert plan.recalculations() == {"K1": plan.kpis[0].spc_recalculate_at}


def test_a_recalculation_month_that_is_not_a_date_names_its_line():
    with pytest.raises(PlanError) as raised:
        load_plan(KPI_WITH_RECALCULATION.replace("[Apr 2023, 2022-09]", "[Apr 2023, soon]"))
    assert "Line 22: spc_recalculate_at date 2 ('soon') on KPI K1 is not a date; write e.g. Apr 2023." in str(
        raised.value
    )


def test_a_kpi_s_plain_description_reaches_the_catalogue():
    from send_core.config import load_settings
    from send_core.dataset import load_sample_dataset
    from tests.conftest import ROOT

    plan = load_plan(ROOT / "sample_data" / "birmingham_app_plan.yaml")
    sl3 = next(k for k in plan.kpis if k.id == "SL3")
    assert sl3.description.startswith("When a child is assessed for an EHC plan")
    catalogue = load_sample_dataset(load_settings()).catalogue.set_index("kpi_id")
    assert catalogue.loc["SL3", "description"] == sl3.description
    # A KPI only a scorecard names has no description, not "nan".
    from send_core.dataset import build_dataset
    from send_core.reading import read_scorecard

    both = build_dataset([read_scorecard(ROOT / "sample_data" / "bcp_send_scorecard_jan25.xlsx")], plan)
    assert "" in set(both.catalogue["description"]) and both.catalogue["description"].notna().all()
