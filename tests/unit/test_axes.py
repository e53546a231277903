"""Time axes by frequency: labels written as the periods are, one tick per period, and gaps."""

from __future__ import annotations

import pandas as pd
import pytest
import vl_convert

from send_core.axes import PERIOD_LABEL_EXPRESSIONS, main_frequency, missing_periods, period_axis


@pytest.mark.parametrize(
    ("frequency", "starts", "labels"),
    [
        ("academic_year", ["2023-09-01", "2024-09-01"], ["2023/24", "2024/25"]),
        ("financial_year", ["2023-04-01", "2024-04-01"], ["2023-24", "2024-25"]),
        ("calendar_year", ["2023-01-01", "2024-01-01"], ["2023", "2024"]),
        # Financial quarters: April to June is Q1; January to March is Q4 of the year before.
        ("quarter", ["2024-01-01", "2024-04-01", "2024-10-01"], ["Q4 2023-24", "Q1 2024-25", "Q3 2024-25"]),
    ],
)
def test_axis_labels_are_written_as_the_periods_are(frequency, starts, labels):
    import altair as alt

    frame = pd.DataFrame({"period": pd.to_datetime(starts), "value": range(len(starts))})
    chart = (
        alt.Chart(frame)
        .mark_point()
        .encode(x=alt.X("period:T", axis=period_axis(frame["period"], frequency)), y="value:Q")
    )
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    for label in labels:
        assert f">{label}<" in svg
    assert ">Sep" not in svg and ">Jan" not in svg  # no month names as labels on a yearly axis


def test_a_monthly_axis_is_left_to_months():
    axis = period_axis(pd.Series(pd.date_range("2024-01-01", periods=3, freq="MS")), "month").to_dict()
    assert axis["format"] == "%b %y" and "labelExpr" not in axis
    assert set(PERIOD_LABEL_EXPRESSIONS) == {"academic_year", "financial_year", "calendar_year", "quarter"}


def test_the_commonest_frequency_and_gaps_counted_in_its_steps():
    rows = pd.DataFrame({"frequency": ["academic_year"] * 3 + ["month", ""]})
    assert main_frequency(rows) == "academic_year"
    assert main_frequency(pd.DataFrame({"frequency": [""]})) == "month"
    years = pd.Series(pd.to_datetime(["2019-09-01", "2020-09-01", "2022-09-01", "2023-09-01"]))
    assert missing_periods(years, "academic_year") == 1  # 2021/22
    months = pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-05-01"]))
    assert missing_periods(months, "month") == 2  # March and April
    six_monthly = pd.Series(pd.to_datetime(["2021-11-01", "2022-05-01", "2022-11-01"]))
    assert missing_periods(six_monthly, "month") == 0  # milestones, not a monthly series
