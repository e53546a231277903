"""Per-KPI summaries: latest value, change, target in force, RAG and comparators."""

import math

import pandas as pd
import pytest

from send_core.model import kpi_catalogue, observations_frame
from send_core.scorecard import read_scorecard
from send_core.summary import kpi_summary
from tests.conftest import SAMPLE


def summary_of(rows):
    observations = observations_frame(rows)
    return kpi_summary(observations, kpi_catalogue(observations)).set_index("kpi_id")


def test_latest_change_and_milestone_target():
    rows = [
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "period": "2022-05-01",
            "value": 65,
            "unit": "percent",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "period": "2022-11-01",
            "value": 65,
            "unit": "percent",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "period": "2023-05-01",
            "value": 68,
            "unit": "percent",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "measure": "target",
            "period": "2022-11-01",
            "value": 70,
            "value_text": "70%",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "measure": "target",
            "period": "2023-05-01",
            "value": 80,
            "value_text": "80%",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "measure": "target",
            "period": "2023-11-01",
            "value": 90,
            "value_text": "90%",
        },
    ]
    row = summary_of(rows).loc["T"]
    assert row["latest_value"] == 68 and row["change"] == 3
    assert row["target_text"] == "80%"  # the May 2023 milestone, not the later one
    assert row["rag"] == "Red"  # 12 points short
    assert row["latest_text"] == "68%"


def test_a_cumulative_kpi_does_not_fall_at_the_january_reset():
    rows = [
        {
            "kpi_id": "M",
            "kpi_name": "Total number of mediations (cumulative figure calendar year)",
            "period": "2024-12-01",
            "value": 435,
        },
        {
            "kpi_id": "M",
            "kpi_name": "Total number of mediations (cumulative figure calendar year)",
            "period": "2025-01-01",
            "value": 42,
        },
    ]
    assert math.isnan(summary_of(rows).loc["M", "change"])


def test_comparators_on_the_bcp_sample():
    read = read_scorecard(SAMPLE / "bcp_send_scorecard_jan25.xlsx")
    summary = kpi_summary(read.observations, kpi_catalogue(read.observations)).set_index("kpi_name")
    eotas = summary.loc["% of EHCPs in Other - arrangements by LA (EOTAS S61 & S19) (as main provision listed)"]
    # Seed 001: EOTAS 6.2% in Jan 25 against England 1.5%, neighbours 2.2%, South West 2.3%.
    assert (eotas["latest_value"], eotas["england"], eotas["statistical_neighbours"], eotas["region"]) == (
        6.2,
        1.5,
        2.2,
        2.3,
    )
    neet = summary.loc["% of EHCP young people NEET (16-25yrs)"]
    assert neet["latest_value"] == 12.5 and neet["latest_period"] == pd.Timestamp("2024-12-01")
    special = summary.loc["% of EHCPs in Special: Independent & Non-Maintained"]
    # 11.5% against a 5.0% target, lower is better (inferred): more than 5 points over.
    assert special["target_text"] == "5.0%" and special["rag"] == "Red"


def test_no_data_and_no_target():
    rows = [
        {"kpi_id": "A", "kpi_name": "No. of EHCPs", "period": "2024-01-01", "value": 10},
        {"kpi_id": "B", "kpi_name": "% of places", "period": "2024-01-01", "value_text": "requested"},
        {"kpi_id": "B", "kpi_name": "% of places", "measure": "target", "value": 50},
    ]
    summary = summary_of(rows)
    assert summary.loc["A", "rag"] == "No target"
    assert summary.loc["B", "rag"] == "No data"
    assert summary.loc["B", "latest_text"] == "no data"


@pytest.mark.parametrize("count", [0, 1])
def test_short_series(count):
    rows = [{"kpi_id": "A", "kpi_name": "No. of EHCPs", "period": "2024-01-01", "value": 10}][:count]
    rows.append({"kpi_id": "A", "kpi_name": "No. of EHCPs", "measure": "target", "value": 12})
    summary = summary_of(rows)
    assert summary.loc["A", "points"] == count
