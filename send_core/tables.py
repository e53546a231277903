"""Tables as people read them: human headings, one date format, no "None" or "nan", numbers
without stray decimals. The pages show the result as a static table that wraps its text, so no
heading or key column is cut, and downloads can use it as it is."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping

import pandas as pd

from .wording import period_text

DATE_FORMAT = "%-d %b %Y"  # "14 Jul 2023": every date in every table

# A data grid sizes a column to its first rows, so a long label further down ("Whole area (North
# has no target of its own)") was cut at 1366 px. Text columns are given room for their longest
# cell instead: about 7.5 px a character in the app's 14 px font, 24 px of padding, and at most
# 520 px, past which a cell is cut (its full text shows on hover).
CHARACTER_PIXELS = 7.5
CELL_PADDING_PIXELS = 24
WIDEST_COLUMN_PIXELS = 520
SIZED_FROM_CHARACTERS = 20  # shorter text fits the grid's own sizing
# The main column's width at 1366 px with the sidebar open, less room for a scroll bar: a grid
# wider than this hides its last columns off to the right.
TABLE_PIXELS = 880
NARROWEST_SHARED_PIXELS = 140  # a long text column squeezed to fit still shows a few words a line
MOST_LINES = 3  # a wrapped cell's lines; past that its text is cut (shown whole on hover)


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
    return _long_text_widths(_natural_widths(frame))


def _long_text_widths(natural: dict[str, tuple[int, int, bool]]) -> dict[str, int]:
    """Of :func:`_natural_widths`, the text columns longer than ``SIZED_FROM_CHARACTERS``."""
    return {
        column: width
        for column, (width, characters, is_text) in natural.items()
        if is_text and characters > SIZED_FROM_CHARACTERS
    }


def fitted_column_widths(
    frame: pd.DataFrame, available: int = TABLE_PIXELS, narrowest: int = NARROWEST_SHARED_PIXELS
) -> tuple[dict[str, int], int]:
    """Pixel widths for a data grid of ``frame`` that fits ``available`` pixels, and how many
    lines its tallest cell then wraps to (1 to ``MOST_LINES``).

    A table that fits as it is gets :func:`text_column_widths` and one line. A wider one (a
    plan's milestones and notes) would push its last columns out of sight, so every column is
    named: columns of numbers and short text keep their room, and the long text columns share
    what is left in proportion to their text, none narrower than ``narrowest`` pixels or its
    heading; their text wraps instead of being cut. Column names are taken as text."""
    natural = _natural_widths(frame)  # each cell's text is measured once, for both answers
    shared = _long_text_widths(natural)
    if not shared or sum(width for width, _, _ in natural.values()) <= available:
        return shared, 1
    kept = {c: width for c, (width, _, _) in natural.items() if c not in shared}
    # A heading never wraps in the grid: a squeezed column keeps room for its heading.
    floors = {c: max(narrowest, _heading_pixels(c)) for c in shared}
    # Still too wide (the Overview with a locality's "Whole area" column beside its own): the
    # short text columns wrap too, widest first, each down to its heading's width.
    for column in sorted(kept, key=kept.get, reverse=True):
        if sum(kept.values()) + sum(floors.values()) <= available:
            break
        width, _, is_text = natural[column]
        if is_text and width > _heading_pixels(column):
            shared[column] = kept.pop(column)
            floors[column] = _heading_pixels(column)
    # Each gets its narrowest, then a share of what is left in proportion to what it lacks.
    spare = max(0, available - sum(kept.values()) - sum(floors.values()))
    lacking = {c: max(0, natural[c][0] - floors[c]) for c in shared}
    widths = {**kept}
    lines = 1
    for column in shared:
        width = floors[column] + int(spare * lacking[column] / (sum(lacking.values()) or 1))
        widths[column] = width
        text_pixels = natural[column][1] * CHARACTER_PIXELS
        lines = max(lines, math.ceil(text_pixels / (width - CELL_PADDING_PIXELS)))
    return widths, min(lines, MOST_LINES)


def _heading_pixels(heading: str) -> int:
    """Room for a column's heading on one line, in pixels."""
    return round(len(heading) * CHARACTER_PIXELS + CELL_PADDING_PIXELS)


def _natural_widths(frame: pd.DataFrame) -> dict[str, tuple[int, int, bool]]:
    """Each column's room for its longest cell or heading, in pixels (at most
    ``WIDEST_COLUMN_PIXELS``), that text's length in characters, and whether it holds text."""
    widths = {}
    for column in frame.columns:
        values = frame[column]
        is_text = not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values))
        characters = max([len(str(column)), *(len(cell_text(value)) for value in values.tolist())])
        widths[str(column)] = (
            min(WIDEST_COLUMN_PIXELS, round(characters * CHARACTER_PIXELS + CELL_PADDING_PIXELS)),
            characters,
            is_text,
        )
    return widths


# A cell that is a date and nothing else: "14 Jul 2023", "Jun 2024", "June 2023", with a time
# or not. Its spaces become no-break spaces in a static table, so a narrow column ("Due")
# never shows a date over three lines.
_MONTH_NAMES = "|".join(sorted({*calendar.month_name[1:], *calendar.month_abbr[1:]}, key=len, reverse=True))
_DATE_CELL = re.compile(rf"(?:\d{{1,2}} )?(?:{_MONTH_NAMES}) \d{{4}}(?: \d{{2}}:\d{{2}})?")
NO_BREAK_SPACE = "\u00a0"


def unbroken_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame of text in which every cell that is a date alone ("31 Jan 2024", "Jun 2024",
    "14 Jul 2023 09:30") has no-break spaces, so a browser never wraps it; other cells, and
    dates inside other text, are as they were. For showing only: downloads keep plain spaces.
    Non-text cells are left as they are."""

    def whole(value: object) -> object:
        if isinstance(value, str) and _DATE_CELL.fullmatch(value):
            return value.replace(" ", NO_BREAK_SPACE)
        return value

    return frame.map(whole)


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


def conflicts_table(conflicts: pd.DataFrame) -> pd.DataFrame:
    """The disagreements between files and the plan (``send_core.reading.combine``'s
    ``conflicts``) in words, for :data:`CONFLICT_HEADINGS`: the figure as "Actual", "Target" or
    the comparator's name ("England"), the period as people write it ("Jan 2024", "2023/24").
    The caller's frame is not changed."""
    figures = [
        comparator or str(measure).capitalize()
        for measure, comparator in zip(conflicts["measure"], conflicts["comparator"], strict=True)
    ]
    periods = [
        period_text(period, frequency or "month")
        for period, frequency in zip(conflicts["period"], conflicts["frequency"], strict=True)
    ]
    return conflicts.assign(measure=figures, period=periods)


# The disagreements between files and the plan, as conflicts_table words them.
CONFLICT_HEADINGS = {
    "kpi_name": "KPI",
    "measure": "Figure",
    "period": "Period",
    "locality": "Locality",
    "phase": "Phase",
    "values": "Values that disagree",
    "sources": "Where each is",
}
