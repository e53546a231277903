"""DfE open data (Explore Education Statistics CSV), with DfE's published figures."""

from __future__ import annotations

import pandas as pd

from send_core import read_scorecard
from tests.conftest import SHARED_DATA, requires_shared_data
from tests.unit.reading_helpers import ees_bytes, one


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
