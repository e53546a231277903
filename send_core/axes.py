"""Time axes and periods on charts: labelled the way each frequency's periods are written
(``Jan 25``, ``2024/25``, ``Q1 2024-25``), the commonest frequency of a KPI's values, and the
gaps in a regular series."""

from __future__ import annotations

import collections
import math
from collections.abc import Iterable

import altair as alt
import pandas as pd

from .reading.periods import month_index
from .wording import FREQUENCY_STEPS

MAX_MONTH_TICKS = 12


def month_axis(periods: pd.Series, **options: object) -> alt.Axis:
    """A time axis labelled once per month (or every few months, at most ``MAX_MONTH_TICKS``
    labels): left to itself, Vega-Lite puts ticks inside a month when the data spans only a
    few, and "Jan 25" is written eight times."""
    dated = pd.to_datetime(periods).dropna()
    span = 1 if dated.empty else month_index(dated.max()) - month_index(dated.min()) + 1
    step = max(1, math.ceil(span / MAX_MONTH_TICKS))
    return alt.Axis(format="%b %y", tickCount={"interval": "month", "step": step}, **options)


# Vega expressions that write an axis label the way each frequency's periods are written
# (wording.period_text); month() counts from 0 in Vega, so April is 3.
_FINANCIAL_START = "(month(datum.value) >= 3 ? year(datum.value) : year(datum.value) - 1)"
PERIOD_LABEL_EXPRESSIONS = {
    "academic_year": "year(datum.value) + '/' + slice(toString(year(datum.value) + 1), 2)",
    "financial_year": "year(datum.value) + '-' + slice(toString(year(datum.value) + 1), 2)",
    "calendar_year": "toString(year(datum.value))",
    "quarter": (
        "'Q' + (floor(((month(datum.value) + 9) % 12) / 3) + 1) + ' ' + "
        f"{_FINANCIAL_START} + '-' + slice(toString({_FINANCIAL_START} + 1), 2)"
    ),
}


def period_axis(periods: pd.Series, frequency: str = "month", **options: object) -> alt.Axis:
    """A time axis labelled as the periods are written: months as ``Jan 25``; other frequencies
    with a tick on each period's start (``2024/25``, ``Q1 2024-25``), at most
    ``MAX_MONTH_TICKS`` of them."""
    if frequency not in PERIOD_LABEL_EXPRESSIONS:
        return month_axis(periods, **options)
    dated = sorted(pd.to_datetime(pd.Series(periods)).dropna().unique())
    step = max(1, math.ceil(len(dated) / MAX_MONTH_TICKS))
    ticks = [alt.DateTime(year=int(d.year), month=int(d.month), date=1) for d in map(pd.Timestamp, dated[::step])]
    return alt.Axis(values=ticks, labelExpr=PERIOD_LABEL_EXPRESSIONS[frequency], **options)


def commonest_frequency(frequencies: Iterable[str]) -> str:
    """The commonest frequency named (``month`` when none is; a tie goes to the first seen)."""
    counts = collections.Counter(str(f) for f in frequencies if f)
    return counts.most_common(1)[0][0] if counts else "month"


def main_frequency(rows: pd.DataFrame) -> str:
    """The commonest frequency among dated rows (``month`` when there are none)."""
    return commonest_frequency(rows["frequency"])


def of_main_frequency(rows: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """A KPI's rows of its commonest frequency, and that frequency: values of one frequency
    share an axis, a sentence and SPC limits (a plan's monthly figures are never put among
    DfE's yearly ones). All the rows when none has a frequency."""
    frequency = main_frequency(rows)
    kept = rows[rows["frequency"] == frequency]
    return (kept if not kept.empty else rows), frequency


def missing_periods(periods: pd.Series, frequency: str = "month") -> int:
    """Periods between the first and last value with no value: a regular series' gaps (none
    for a series whose values are further apart than its frequency, such as six-monthly
    milestones)."""
    step = FREQUENCY_STEPS.get(frequency, FREQUENCY_STEPS["month"])[1]
    months = month_index(periods) // step
    if len(months) < 2:
        return 0
    span = int(months.max() - months.min()) + 1
    steps = months.sort_values().diff().dropna()
    if (steps > 1).sum() == 0 or steps.min() > 1:
        return 0
    return span - months.nunique()
