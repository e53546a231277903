"""The Upload page's first look: a KPI's figures as read, one plain line per breakdown."""

from __future__ import annotations

import pandas as pd

from send_core.colours import LEGEND_LABEL_LIMIT
from send_core.first_look import FIRST_LOOK_NOTE, first_look_chart
from send_core.model import observations_frame
from send_core.reading import read_scorecard
from tests.conftest import SAMPLE

BCP = read_scorecard(SAMPLE / "bcp_send_scorecard_jan25.xlsx").observations
MAINSTREAM = BCP.loc[BCP["kpi_name"] == "% of EHCPs in Mainstream", "kpi_id"].iloc[0]


def spec_of(observations: pd.DataFrame, kpi_id: str, **options) -> tuple[dict, list[dict]]:
    """The chart's spec and its one dataset's rows."""
    options = {"name": "A KPI", "unit": "percent", "description": "What it shows.", **options}
    spec = first_look_chart(observations, kpi_id, **options).to_dict()
    (rows,) = spec["datasets"].values()
    return spec, rows


def tooltip_titles(spec: dict) -> list[str]:
    return [tooltip["title"] for tooltip in spec["encoding"]["tooltip"]]


def test_bcp_mainstream_is_one_line_of_its_figures_oldest_first():
    spec, rows = spec_of(BCP, MAINSTREAM, name="% of EHCPs in Mainstream", description="The sentence.")
    # Seed 001, row 27: 47.0% in Dec 23 ... 49.2% in Jan 25, 14 months; no targets or comparators.
    assert spec["mark"]["type"] == "line" and spec["mark"]["point"]["filled"] is True
    assert "layer" not in spec
    assert (rows[0]["period"], rows[0]["value"]) == ("2023-12-01T00:00:00", 47.0)
    assert (rows[-1]["period"], rows[-1]["value"]) == ("2025-01-01T00:00:00", 49.2)
    assert len(rows) == 14
    assert {row["series"] for row in rows} == {"Whole area"}
    assert spec["title"]["text"] == "% of EHCPs in Mainstream"
    assert spec["title"]["subtitle"] == ["Axis does not start at zero. Values are percentages.", FIRST_LOOK_NOTE]
    assert spec["description"] == "The sentence."
    assert spec["encoding"]["y"]["title"] == "Per cent"
    assert spec["encoding"]["color"]["legend"] is None  # one line needs no key
    assert tooltip_titles(spec) == ["Period", "As written", "Breakdown", "Source cell"]
    assert rows[0]["source"].startswith("Scorecard Jan 25!")


def row(period, value, **other):
    return {"kpi_id": "K1", "kpi_name": "K1", "measure": "actual", "period": period, "value": value, **other}


def test_each_breakdown_is_its_own_line_with_a_key():
    observations = observations_frame(
        [
            row("2024-02-01", 45),
            row("2024-01-01", 40),
            row("2024-01-01", 30, locality="North"),
            row("2024-02-01", 33, locality="North"),
            row("2024-02-01", 1, measure="target"),  # targets are the KPI explorer's
        ]
    )
    spec, rows = spec_of(observations, "K1")
    # Sorted by breakdown, then month: North's two, then the whole area's two.
    assert [(row["series"], row["value"]) for row in rows] == [
        ("North", 30),
        ("North", 33),
        ("Whole area", 40),
        ("Whole area", 45),
    ]
    assert spec["encoding"]["color"]["legend"] == {"orient": "bottom", "labelLimit": LEGEND_LABEL_LIMIT}
    assert "Source cell" not in tooltip_titles(spec)  # no row says where it came from


def test_a_running_total_breaks_each_january_and_other_frequencies_are_left_off():
    observations = observations_frame(
        [
            row("2024-11-01", 10, frequency="month"),
            row("2024-12-01", 20, frequency="month"),
            row("2025-01-01", 3, frequency="month"),
            row("2024-09-01", 500, frequency="academic_year"),  # another frequency: not on this axis
        ]
    )
    _, rows = spec_of(observations, "K1", cumulative=True, unit="count")
    assert [(row["value"], row["stretch"]) for row in rows] == [(10, 2024), (20, 2024), (3, 2025)]
    _, rows = spec_of(observations, "K1", unit="count")
    assert {row["stretch"] for row in rows} == {0}
