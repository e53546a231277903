"""Tables as people read them: human headings, one date format, no "None" or "nan", numbers
without stray decimals. The pages show the result as a static table that wraps its text, so no
heading or key column is cut, and downloads can use it as it is."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import pandas as pd

DATE_FORMAT = "%-d %b %Y"  # "14 Jul 2023": every date in every table


def cell_text(value: object) -> str:
    """One cell as text: empty for None, NaN and NaT; a date (or a midnight timestamp) as
    "14 Jul 2023", a timestamp with a time as "14 Jul 2023 09:30"; a whole float without
    ".0" and others to at most 2 decimal places; booleans as Yes / No; anything else as
    ``str`` gives it."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        if pd.isna(value):
            return ""
        stamp = pd.Timestamp(value)
        return stamp.strftime(DATE_FORMAT if stamp == stamp.normalize() else DATE_FORMAT + " %H:%M")
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    text = str(value)
    return "" if text in ("None", "nan", "NaN", "NaT", "<NA>") else text


def readable_table(frame: pd.DataFrame, headings: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A new frame of text for showing: the columns ``headings`` names, in its order, under
    its human headings (every column, as named, when None), each cell by :func:`cell_text`.
    The caller's frame is not changed."""
    chosen = list(headings) if headings is not None else list(frame.columns)
    shown = frame.loc[:, chosen]
    result = pd.DataFrame(
        {column: [cell_text(value) for value in shown[column].tolist()] for column in chosen},
        index=range(len(shown)),
    )
    return result.rename(columns=dict(headings or {}))


# The disagreements between files and the plan (send_core.reading.combine's conflicts).
CONFLICT_HEADINGS = {
    "kpi_name": "KPI",
    "measure": "Figure",
    "period": "Period",
    "locality": "Locality",
    "phase": "Phase",
    "values": "Values that disagree",
    "sources": "Where each is",
}
