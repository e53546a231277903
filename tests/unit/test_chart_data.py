"""The numbers behind the packs' charts: actuals, the target in force each month, and the
latest comparators, worked out by hand for a small set of observations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from send_core.model import observations_frame
from send_core.reports.chart_data import CHART_COLUMNS, chart_table, target_line

NAN = math.nan


def row(kpi_id, measure, period, value=NAN, **other):
    unit = "count" if kpi_id == "K5" else "percent"
    return {
        "kpi_id": kpi_id,
        "kpi_name": kpi_id,
        "measure": measure,
        "period": period,
        "value": value,
        "unit": unit,
        **other,
    }


OBSERVATIONS = observations_frame(
    [
        # K1: three months; a target of 50 from January and 60 from March.
        row("K1", "actual", "2024-01-01", 40),
        row("K1", "actual", "2024-02-01", 45),
        row("K1", "actual", "2024-03-01", 52),
        row("K1", "target", "2024-01-01", 50),
        row("K1", "target", "2024-03-01", 60),
        # England's value for K1 at two dates: the later one is drawn.
        row("K1", "comparator", "2023-12-01", 48, comparator="England"),
        row("K1", "comparator", "2024-03-01", 49, comparator="England"),
        row("K1", "comparator", None, 47, comparator="Region"),
        # A locality's value is not part of the whole-area line.
        row("K1", "actual", "2024-03-01", 99, locality="North"),
        # K2: an undated target applies to every month; a second month.
        row("K2", "actual", "2024-02-01", 7),
        row("K2", "actual", "2024-03-01", 9),
        row("K2", "target", None, 8),
        # K3: a dated target that starts after its first value: none in force before it.
        row("K3", "actual", "2024-01-01", 1),
        row("K3", "actual", "2024-02-01", 2),
        row("K3", "target", "2024-02-01", 3),
        # K4: only a locality breakdown: no whole-area chart.
        row("K4", "actual", "2024-01-01", 5, locality="South"),
        # K5: a count, with England's total: another size, so not drawn with it.
        row("K5", "actual", "2024-09-01", 12094, frequency="academic_year"),
        row("K5", "comparator", "2024-09-01", 638745, comparator="England", frequency="academic_year"),
    ]
)


def test_each_month_has_its_actual_and_the_target_then_in_force():
    table = chart_table(OBSERVATIONS)
    assert list(table.columns) == list(CHART_COLUMNS)
    assert list(dict.fromkeys(table["kpi_id"])) == ["K1", "K2", "K3", "K5"]
    k1 = table[table["kpi_id"] == "K1"]
    assert k1["period"].dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-02", "2024-03"]
    assert k1["actual"].tolist() == [40, 45, 52]
    assert k1["target"].tolist() == [50, 50, 60]
    assert k1["England"].tolist() == [49, 49, 49]
    assert k1["Region"].tolist() == [47, 47, 47]
    assert k1["Statistical neighbours"].isna().all()
    assert table.loc[table["kpi_id"] == "K2", "target"].tolist() == [8, 8]
    k3 = table.loc[table["kpi_id"] == "K3", "target"].tolist()
    assert math.isnan(k3[0]) and k3[1] == 3
    k5 = table[table["kpi_id"] == "K5"].iloc[0]
    assert math.isnan(k5["England"]) and k5["frequency"] == "academic_year"
    assert set(k1["frequency"]) == {"month"}


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        (60, NAN, NAN, 60),  # a number
        (NAN, 70, NAN, 70),  # at least 70
        (NAN, NAN, 20, 20),  # no more than 20
        (NAN, 40, 60, NAN),  # a range draws no line
    ],
)
def test_the_line_a_target_draws(value, low, high, expected):
    line = target_line(pd.DataFrame({"value": [value], "value_low": [low], "value_high": [high]}))
    assert (math.isnan(line.iloc[0]) and math.isnan(expected)) or line.iloc[0] == expected


def test_no_observations_no_rows_and_the_input_is_unchanged():
    before = OBSERVATIONS.copy()
    chart_table(OBSERVATIONS)
    pd.testing.assert_frame_equal(OBSERVATIONS, before)
    assert chart_table(observations_frame()).empty
