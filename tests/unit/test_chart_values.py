"""A chart's data as Vega-Lite rows: the same rows as Altair's own transformer, for every kind
of column the app's charts are given (Altair's ``to_values`` is the expected value)."""

from __future__ import annotations

import json
import math

import altair as alt
import numpy as np
import pandas as pd
import pytest
from altair.utils.data import MaxRowsError, to_values
from hypothesis import given, settings
from hypothesis import strategies as st

from send_core.chart_values import TRANSFORMER_NAME, chart_values

TEXT = st.one_of(st.none(), st.text(max_size=6))
FLOAT = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64))
MOMENT = st.one_of(st.none(), st.datetimes(min_value=pd.Timestamp("1900-01-01"), max_value=pd.Timestamp("2200-12-31")))


@st.composite
def column(draw, rows: int) -> pd.Series:
    """One column of a kind the charts are given, with its missing values."""
    kind = draw(st.sampled_from(["float", "int", "bool", "object", "string", "datetime", "utc", "Int64", "mixed"]))
    if kind == "float":
        return pd.Series(draw(st.lists(FLOAT, min_size=rows, max_size=rows)), dtype="float64")
    if kind == "int":
        return pd.Series(draw(st.lists(st.integers(-(2**40), 2**40), min_size=rows, max_size=rows)), dtype="int64")
    if kind == "bool":
        return pd.Series(draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), dtype="bool")
    if kind == "Int64":
        values = draw(st.lists(st.one_of(st.none(), st.integers(-1000, 1000)), min_size=rows, max_size=rows))
        return pd.Series(values, dtype="Int64")
    if kind in ("object", "string"):
        values = draw(st.lists(TEXT, min_size=rows, max_size=rows))
        return pd.Series(values, dtype=object if kind == "object" else "string[pyarrow]")
    if kind == "mixed":  # an object column of text, numbers and missing numbers
        values = draw(st.lists(st.one_of(TEXT, FLOAT, st.integers(-5, 5)), min_size=rows, max_size=rows))
        return pd.Series(values, dtype=object)
    moments = pd.to_datetime(pd.Series(draw(st.lists(MOMENT, min_size=rows, max_size=rows)), dtype=object))
    return moments.dt.tz_localize("UTC") if kind == "utc" else moments


@st.composite
def frames(draw) -> pd.DataFrame:
    rows = draw(st.integers(0, 6))
    names = draw(st.lists(st.text(min_size=1, max_size=4), max_size=5, unique=True))
    return pd.DataFrame({name: draw(column(rows)).reset_index(drop=True) for name in names}, index=range(rows))


def typed(rows: list[dict], loose: set[str] = frozenset()) -> str:
    """The rows as JSON, with each value's Python type: ``7 == np.int64(7)``, but only one of
    them can be sent to the browser. Columns in ``loose`` are left out (compared by value)."""
    return json.dumps(
        [{key: [type(value).__name__, value] for key, value in row.items() if key not in loose} for row in rows]
    )


def altairs_rows(frame: pd.DataFrame) -> tuple[list[dict], set[str]]:
    """Altair's rows, and the object columns, where Altair with pandas 3 differs on purpose:
    it writes a missing value as NaN and keeps infinities (not valid JSON), where
    ``chart_values`` writes None as Altair does in a column of numbers, and with a
    value missing it turns the column's whole numbers into floats (7.0: the same number)."""
    objects = {name for name, dtype in frame.dtypes.items() if dtype.kind == "O"}
    rows = [
        {
            key: None if key in objects and isinstance(value, float) and not math.isfinite(value) else value
            for key, value in row.items()
        }
        for row in to_values(frame)["values"]
    ]
    return rows, objects


@settings(max_examples=300, deadline=None)
@given(frames())
def test_the_rows_are_the_ones_altair_makes(frame):
    before = frame.copy()
    ours = chart_values(frame)["values"]
    altairs, objects = altairs_rows(frame)
    assert ours == altairs  # by value: 7 == 7.0
    assert typed(ours, objects) == typed(altairs, objects)
    json.dumps(ours, allow_nan=False)  # no NaN or infinity reaches the browser
    pd.testing.assert_frame_equal(frame, before)  # the caller's frame is not changed


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        # Worked by hand: a month as a full ISO time (Vega reads it as local time, as Altair
        # intends); NaN, infinity and NaT as empty; numpy numbers as Python ones.
        (
            pd.DataFrame(
                {
                    "period": pd.to_datetime(["2024-12-01", None]),
                    "value": [41.5, math.nan],
                    "count": np.array([3, 4], dtype="int64"),
                    "label": ["Dec 2024", None],
                }
            ),
            [
                {"period": "2024-12-01T00:00:00", "value": 41.5, "count": 3, "label": "Dec 2024"},
                {"period": "", "value": None, "count": 4, "label": None},
            ],
        ),
        (pd.DataFrame({"value": [math.inf, -math.inf, 0.0]}), [{"value": None}, {"value": None}, {"value": 0.0}]),
        (pd.DataFrame(index=range(2)), [{}, {}]),
        (
            pd.DataFrame({"note": pd.Series(["a", None, math.nan], dtype=object)}),
            [{"note": "a"}, {"note": None}, {"note": None}],
        ),
        (pd.DataFrame({"value": pd.Series([], dtype="float64")}), []),
    ],
)
def test_rows_worked_out_by_hand(frame, expected):
    assert chart_values(frame) == {"values": expected}


def test_columns_of_other_kinds_are_left_to_altair():
    frame = pd.DataFrame({"rating": pd.Categorical(["Green", None, "Red"])})
    assert (
        chart_values(frame)
        == to_values(frame)
        == {"values": [{"rating": "Green"}, {"rating": None}, {"rating": "Red"}]}
    )
    numbered = pd.DataFrame([[1, 2]])  # column names 0 and 1: Altair names them "0" and "1"
    assert chart_values(numbered) == to_values(numbered)


def test_more_rows_than_a_chart_may_have_is_altairs_error():
    with pytest.raises(MaxRowsError):
        chart_values(pd.DataFrame({"value": range(5001)}))
    assert len(chart_values(pd.DataFrame({"value": range(10)}), max_rows=None)["values"]) == 10


def test_importing_the_charts_makes_it_altairs_transformer_and_a_chart_spec_is_unchanged():
    import send_core.charts  # noqa: F401  (every chart module imports chart_values)

    assert alt.data_transformers.active == TRANSFORMER_NAME
    frame = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-02-01"]), "value": [1.0, math.nan]})
    chart = alt.Chart(frame).mark_line().encode(x="period:T", y="value:Q")
    ours = chart.to_dict(validate=False)
    with alt.data_transformers.enable("default"):
        altairs = chart.to_dict(validate=False)
    assert ours == altairs


def test_numpy_values_in_an_object_column_become_python_ones_the_browser_can_be_sent():
    frame = pd.DataFrame({"mixed": pd.Series([np.int64(3), np.array([1, 2]), "text"], dtype=object)})
    rows = chart_values(frame)["values"]
    assert json.dumps(rows) == '[{"mixed": 3}, {"mixed": [1, 2]}, {"mixed": "text"}]'
