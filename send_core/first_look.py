"""The Upload page's first look at a file just read: its first KPI's figures as one plain line,
so an officer sees at once whether the numbers were read as they meant.

It is deliberately less than the KPI explorer's chart (no targets, comparators or usual range):
that chart's six layers and three legends took a fifth longer from choosing the file to a
drawn chart (an A/B of 14 uploads in Chromium, 7 December 2026), and a first look is a check
of the reading, not the analysis, which is one click away.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import chart_values  # noqa: F401  (makes Altair write chart data faster: see the module)
from .axes import of_main_frequency
from .charts import has_source_cells, kpi_encodings, with_stretches, zero_axis_note
from .sentences import actual_series

FIRST_LOOK_NOTE = "Its target, comparators and usual range are in the KPI explorer."


def first_look_chart(
    observations: pd.DataFrame,
    kpi_id: str,
    *,
    name: str,
    unit: str,
    description: str,
    cumulative: bool = False,
    height: int = 300,
) -> alt.Chart:
    """A KPI's dated actuals in ``observations`` (those of its commonest frequency), oldest
    first: one line with its points for each breakdown (the whole area, or the chosen locality
    or phase, in a legend only when there is more than one). Each point's tooltip gives the
    period, the figure as written and the cell it came from. ``description`` is the chart's
    accessible description (its summary sentence). A running total (``cumulative``) breaks
    its line each January rather than falling. The y-axis does not start at zero (the subtitle
    says so). With no dated figures the chart has no marks."""
    actuals = actual_series(observations, kpi_id).dropna(subset=["value"])
    numbers, frequency = of_main_frequency(actuals)
    numbers = with_stretches(numbers, cumulative)
    has_sources = has_source_cells(numbers)
    fields = [
        "period",
        "value",
        "series",
        "stretch",
        "period_label",
        "value_text",
        *(["source"] if has_sources else []),
    ]
    tooltip = [
        alt.Tooltip("period_label:N", title="Period"),
        alt.Tooltip("value_text:N", title="As written"),
        alt.Tooltip("series:N", title="Breakdown"),
        *([alt.Tooltip("source:N", title="Source cell")] if has_sources else []),
    ]
    x, y, colour = kpi_encodings(numbers, frequency, unit)
    return (
        alt.Chart(
            numbers[fields],
            title=alt.TitleParams(text=name, subtitle=[zero_axis_note(unit), FIRST_LOOK_NOTE], anchor="start"),
            height=height,
            width="container",
            description=description,
        )
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True), strokeWidth=2.5)
        .encode(x=x, y=y, color=colour, detail=alt.Detail("stretch:N"), tooltip=tooltip)
    )
