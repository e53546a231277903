"""Tables as people read them: human headings, one date format, no "None" or "nan", numbers
without stray decimals. The pages show the result as a static table that wraps its text, so no
heading or key column is cut, and downloads can use it as it is."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import pandas as pd

DATE_FORMAT = "%-d %b %Y"  # "14 Jul 2023": every date in every table

# A data grid sizes a column to its first rows, so a long label further down ("Whole area (North
# has no target of its own)") was cut at 1366 px. Text columns are given room for their longest
# cell instead: about 7.5 px a character in the app's 14 px font, 24 px of padding, and at most
# 520 px, past which a cell is cut (its full text shows on hover).
CHARACTER_PIXELS = 7.5
CELL_PADDING_PIXELS = 24
WIDEST_COLUMN_PIXELS = 520
SIZED_FROM_CHARACTERS = 20  # shorter text fits the grid's own sizing


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


def text_column_widths(frame: pd.DataFrame) -> dict[str, int]:
    """Pixel widths for the text columns of ``frame`` whose longest cell or heading runs past
    ``SIZED_FROM_CHARACTERS`` characters: room for that text, at most ``WIDEST_COLUMN_PIXELS``.
    Other columns are not named (the grid sizes them). Missing cells count as empty."""
    widths = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        longest = max([len(str(column)), *(len(cell_text(value)) for value in values.tolist())])
        if longest > SIZED_FROM_CHARACTERS:
            widths[str(column)] = min(WIDEST_COLUMN_PIXELS, round(longest * CHARACTER_PIXELS + CELL_PADDING_PIXELS))
    return widths


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
