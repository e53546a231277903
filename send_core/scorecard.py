"""Reading the scorecards councils really keep.

``read_scorecard(source)`` recognises five layouts (see ``LAYOUTS``) and returns a
:class:`ScorecardRead`: tidy observations (see :mod:`send_core.model`), every problem with
its cell, the layout, and an accounting of every non-empty cell, so nothing is lost silently.

Three of the layouts (monthly, milestone, sectioned) are the same shape underneath: a header
row that says what each column holds, then KPI rows. One reader handles all three from the
header's column roles (:func:`column_role`); the layout's name only says which kind of header
was found. The app's own tidy template and DfE open-data CSV have readers of their own.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import model
from .errors import ScorecardError
from .model import ALL, observations_frame, problems_frame, slugify
from .periods import Period, parse_period
from .values import ARROW_CODES, EMPTY, GSS_SYMBOLS, MARKERS, cell_codes, parse_value_arrays, parse_value_column
from .wording import how_many
from .workbook import (
    OpenedFile,
    Sheet,
    column_letter,
    count_non_empty,
    decimal_comma,
    non_empty,
    open_file,
    source_bytes,
)

LAYOUTS: dict[str, str] = {
    "template": "The app's own tidy template (one row per value)",
    "monthly": "Monthly scorecard: KPI rows, month columns, then England / neighbours / region / target",
    "milestone": "Milestone scorecard: KPI ID, KPI, baseline, then target and actual per milestone",
    "sectioned": "Sectioned KPI table: sections, baseline (date), target, milestones with actuals",
    "dfe_open_data": "DfE open data (Explore Education Statistics CSV)",
}
TEMPLATE_COLUMNS = model.OBSERVATION_COLUMNS[:-1]  # everything but source, which we fill in
TEMPLATE_REQUIRED = ("kpi_id", "period", "value")
OPENED_SHARE = 0.3  # of a progress bar, for opening the file; reading its sheets is the rest
UNSURE_UNREAD_SHARE = 0.1  # more of a file's filled cells than this not understood: ask the user
_NO_LAYOUT_MESSAGE = "No scorecard layout was recognised"

_ENGLAND_HEADERS = {"nat", "national", "england", "england average", "eng", "nat.", "national average", "eng avg"}
_NEIGHBOUR_HEADERS = {
    "sn",
    "stat neighbours",
    "statistical neighbours",
    "statistical neighbour",
    "stat. neighbours",
    "sn average",
    "stat neighbour",
}
REGIONS = {
    "sw": "South West",
    "south west": "South West",
    "south east": "South East",
    "se": "South East",
    "london": "London",
    "east of england": "East of England",
    "east midlands": "East Midlands",
    "west midlands": "West Midlands",
    "wm": "West Midlands",
    "north west": "North West",
    "nw": "North West",
    "north east": "North East",
    "ne": "North East",
    "yorkshire and the humber": "Yorkshire and The Humber",
    "yorkshire and humber": "Yorkshire and The Humber",
    "region": "Region",
    "regional": "Region",
}
_NAME_HEADERS = ("kpi", "key performance indicator", "indicator", "measure", "kpi reference", "performance indicator")
_ID_HEADERS = ("kpi id", "id", "kpi ref", "ref", "kpi no", "kpi number")
_KPI_WORDS = re.compile(
    r"^(%|no\b|no\.|number|total|average|avg|percentage|proportion|rate|count|longest|mean|median)|%|\bnumber of\b|\brate\b",
    re.I,
)
_PHASE_ROW_RE = re.compile(
    r"^(?:(?:no\.?|number|%)\s*of\s*(?:the\s*)?above)?\s*[-–:]?\s*(early years|primary|secondary|post[\s-]?16)(?:\s*phase)?\s*$",
    re.I,
)
_PHASE_NAMES = {"early years": "Early years", "primary": "Primary", "secondary": "Secondary"}
_MONTH_IN_TEXT_RE = re.compile(
    r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*[-']?\s*(?:\d{4}|\d{2})\b",
    re.I,
)
_YEAR_SPAN_IN_TEXT_RE = re.compile(r"\b(?:19|20)?\d\d/\d\d\b")


@dataclass(frozen=True)
class ColumnRole:
    """What a column holds, from its header."""

    kind: str  # "name", "id", "value"
    measure: str = ""
    comparator: str = ""
    period: Period | None = None
    label: str = ""


@dataclass
class ColumnMapping:
    """A person's answer to "which column is what", for a sheet we could not recognise.

    ``header_row`` and the keys of ``roles`` are 0-based. A role is ``"period"`` (the header
    is read as a date), ``"target"``, ``"baseline"``, ``"England"``, ``"Statistical neighbours"``,
    ``"Region"`` or ``"ignore"``.
    """

    header_row: int
    name_column: int
    roles: dict[int, str]
    sheet: str | None = None
    id_column: int | None = None


MAPPING_ROLES = ("ignore", "period", "target", "baseline", *model.COMPARATORS)


def suggest_mapping_role(heading: object) -> str:
    """The ``ColumnMapping`` role a column's heading suggests, to start the "which column is
    what" form from what the reader would do: ``Nov 24`` -> ``period``, ``Nat`` -> ``England``,
    ``Target`` -> ``target``; ``ignore`` for a heading it does not know (or a KPI name or id).
    """
    role = column_role(heading)
    if role is None or role.kind != "value":
        return "ignore"
    if role.measure == "comparator":
        return role.comparator
    if role.measure == "actual":
        return "period"
    return role.measure


def suggest_name_column(headings: list[object]) -> int:
    """Which column (0-based) holds the KPI names, by its heading; the first when none says."""
    for column, heading in enumerate(headings):
        role = column_role(heading)
        if role is not None and role.kind == "name":
            return column
    return 0


@dataclass
class ScorecardRead:
    """The result of reading one file."""

    filename: str
    layout: str
    observations: pd.DataFrame
    problems: pd.DataFrame
    accounting: dict[str, int]
    local_authorities: pd.DataFrame | None = None
    sheets_read: list[str] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list, repr=False)
    local_authority: str | None = None  # which authority is "us" in DfE open data

    @property
    def kpis(self) -> list[str]:
        return list(dict.fromkeys(self.observations["kpi_id"]))

    @property
    def periods(self) -> list[pd.Timestamp]:
        return sorted(self.observations["period"].dropna().unique())

    def doubts(self) -> list[str]:
        """Why this read, though it worked, may not be what the file means, in plain English:
        much of it not understood (over ``UNSURE_UNREAD_SHARE`` of the filled cells; a share,
        so a long file with a few odd cells is not doubted), or sheets no layout fitted.
        Empty when the read looks right. DfE open data is never doubted: its columns are named.
        """
        if self.layout == "dfe_open_data":
            return []
        cells, unread = self.accounting.get("cells", 0), self.accounting.get("problems", 0)
        skipped = int(self.problems["message"].str.startswith(_NO_LAYOUT_MESSAGE).sum())
        doubts = []
        if cells and unread / cells > UNSURE_UNREAD_SHARE:
            doubts.append(f"{unread:,} of {cells:,} filled cells were not understood")
        if skipped:
            doubts.append(f"{skipped} sheet{'s were' if skipped > 1 else ' was'} not recognised")
        return doubts

    def summary(self) -> str:
        """One paragraph for the "What we read" panel and the command line."""
        counts = self.problems["severity"].value_counts()
        periods = self.periods
        span = (
            f"{pd.Timestamp(periods[0]):%b %Y} to {pd.Timestamp(periods[-1]):%b %Y}" if periods else "no dated periods"
        )
        return (
            f"{self.filename}: {LAYOUTS.get(self.layout, 'read with the columns as you described them')}. "
            f"{how_many(len(self.kpis), 'KPI')}, {how_many(len(periods), 'period')} ({span}), "
            f"{how_many(len(self.observations), 'value and marker', 'values and markers')}. "
            f"Problems: {how_many(int(counts.get('error', 0)), 'error')}, "
            f"{how_many(int(counts.get('warning', 0)), 'warning')}, {how_many(int(counts.get('info', 0)), 'note')}."
        )


class _Collector:
    """Collects observations, problems and the fate of every cell while a sheet is read.

    The fate of each cell (label, value, marker or problem) is kept in a grid the size of the
    sheet, so the accounting at the end is a count, and nothing non-empty can go unlisted.
    """

    LABEL, VALUE, MARKER, PROBLEM = 1, 2, 3, 4

    def __init__(self, sheet: Sheet, filename: str):
        self.sheet = sheet
        self.filename = filename
        self.problems: list[dict[str, object]] = []
        self.frames: list[pd.DataFrame] = []

    # Built when first asked for: a sheet read as the tidy template never needs them.
    @functools.cached_property
    def grid(self) -> np.ndarray:
        """The sheet's cells as a 2-D object array (empty cells are '')."""
        rows = self.sheet.rows
        grid = np.empty((len(rows), max((len(row) for row in rows), default=0)), dtype=object)
        grid[:] = ""
        for index, row in enumerate(rows):
            grid[index, : len(row)] = row
        return grid

    @functools.cached_property
    def codes(self) -> np.ndarray:
        """What each cell is (:func:`send_core.values.cell_codes`), in the grid's shape."""
        return cell_codes(self.grid.ravel().tolist()).reshape(self.grid.shape)

    @functools.cached_property
    def filled(self) -> np.ndarray:
        return self.codes != EMPTY

    @functools.cached_property
    def fate(self) -> np.ndarray:
        """What became of each cell: 0 (nothing yet), or LABEL, VALUE, MARKER, PROBLEM."""
        return np.zeros(self.grid.shape, dtype=np.int8)

    def label(self, row: int, column: int) -> None:
        if self.fate[row, column] == 0:
            self.fate[row, column] = self.LABEL

    def problem(
        self, severity: str, message: str, row: int | None = None, column: int | None = None, *, cell: bool = True
    ) -> None:
        location = self.sheet.locate(row, column) if row is not None and column is not None else self.sheet.name
        if row is not None and column is None:
            location = f"{self.sheet.name}, row {row + 1}" if not self.sheet.is_csv else f"row {row + 1}"
        self.problems.append(
            {
                "severity": severity,
                "message": message,
                "location": location,
                "sheet": self.sheet.name,
                "row": None if row is None else row + 1,
                "column": None if column is None else column + 1,
            }
        )
        if cell and row is not None and column is not None and self.fate[row, column] == 0:
            self.fate[row, column] = self.PROBLEM

    def observations(self) -> pd.DataFrame:
        if not self.frames:
            return observations_frame()
        # Frames come from model.observations_from_arrays, already in the model's types.
        if len(self.frames) == 1:
            return self.frames[0]
        return pd.concat(self.frames, ignore_index=True)

    def sweep(self) -> None:
        """Every non-empty cell not yet accounted for becomes a problem: nothing is dropped."""
        for row, column in np.argwhere(self.filled & (self.fate == 0)).tolist():
            self.problem(
                "warning",
                f"This cell was not read: '{_short(self.grid[row, column])}' is outside the table we found.",
                row,
                column,
            )

    def accounting(self) -> dict[str, int]:
        """How many non-empty cells ended as what (call after :meth:`sweep`)."""
        fate = self.fate[self.filled]
        return {
            "cells": int(self.filled.sum()),
            "values": int((fate == self.VALUE).sum()),
            "markers": int((fate == self.MARKER).sum()),
            "labels": int((fate == self.LABEL).sum()),
            "problems": int((fate == self.PROBLEM).sum()),
        }


def _short(cell: object, length: int = 40) -> str:
    text = str(cell).replace("\n", " ").strip()
    return text if len(text) <= length else text[: length - 1] + "…"


def _text(cell: object) -> str:
    if type(cell) is str:
        return " ".join(cell.split())  # see below
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))  # an id typed as 12 is stored by Excel as 12.0
    # split() with no separator splits on exactly the characters \s matches (no-break space
    # included), and is several times quicker than a regular expression on every header cell.
    return " ".join(str(cell).split())


def column_role(cell: object) -> ColumnRole | None:
    """What a header cell says its column holds, or None when it says nothing we know.

    ``Nat`` -> England comparator, ``SN`` -> statistical neighbours, ``SW`` or a region's
    name -> region, ``Target`` -> undated target, ``Milestone 1 – Jul 23`` or
    ``6 months Target Nov 2021`` -> target for that month, ``Actual Jul 23`` -> actual,
    ``Dec 23`` or a real date -> actual for that month, ``Baseline (date)`` -> baseline.
    """
    period = parse_period(cell)
    if period is not None and not isinstance(cell, (int, float)):
        return ColumnRole("value", measure="actual", period=period, label=_text(cell) or period.label)
    text = _text(cell)
    lowered = text.lower().strip(" :*")
    if not lowered:
        return None
    if lowered in _ID_HEADERS:
        return ColumnRole("id", label=text)
    if lowered in _NAME_HEADERS or lowered.startswith("key performance indicator"):
        return ColumnRole("name", label=text)
    if lowered in _ENGLAND_HEADERS:
        return ColumnRole("value", measure="comparator", comparator="England", label=text)
    if lowered in _NEIGHBOUR_HEADERS:
        return ColumnRole("value", measure="comparator", comparator="Statistical neighbours", label=text)
    if lowered in REGIONS:
        return ColumnRole("value", measure="comparator", comparator="Region", label=text)
    found = _period_in_text(text)
    if lowered.startswith("baseline"):
        return ColumnRole("value", measure="baseline", period=found, label=text)
    if "target" in lowered or lowered.startswith("milestone"):
        return ColumnRole("value", measure="target", period=found, label=text)
    if "actual" in lowered and found is not None:
        return ColumnRole("value", measure="actual", period=found, label=text)
    return None


def _period_in_text(text: str) -> Period | None:
    for pattern in (_MONTH_IN_TEXT_RE, _YEAR_SPAN_IN_TEXT_RE):
        matches = pattern.findall(text)
        if matches:
            period = parse_period(matches[-1])
            if period is not None:
                return period
    return None


def _could_be_header(cells: list[object], filled: list[int]) -> bool:
    """A cheap test before the full one: a repeated header starts with a heading word, or
    carries several real dates. Most rows are KPI rows and fail this at once."""
    first = _text(cells[filled[0]]).lower().strip(" :*")
    if first in _NAME_HEADERS or first in _ID_HEADERS or first.startswith("key performance"):
        return True
    if len(filled) < 3 or not isinstance(cells[filled[1]], dt.date):
        return False  # a header of real dates has a date straight after its first cell
    return sum(isinstance(cells[c], dt.date) for c in filled) >= 3


def _header_roles(cells: list[object]) -> dict[int, ColumnRole]:
    return {c: role for c, cell in enumerate(cells) if non_empty(cell) and (role := column_role(cell)) is not None}


def _classify_header(roles: dict[int, ColumnRole]) -> str | None:
    """Which table layout a header row belongs to, or None if it is not a header."""
    values = [r for r in roles.values() if r.kind == "value"]
    has_name = any(r.kind == "name" for r in roles.values())
    has_id = any(r.kind == "id" for r in roles.values())
    dated_targets = [r for r in values if r.measure == "target" and r.period is not None]
    dated_actuals = [r for r in values if r.measure == "actual" and r.period is not None]
    if (has_name or has_id) and dated_targets:
        if has_id:
            return "milestone"
        return "sectioned"
    if len(dated_actuals) >= 3 and all(r.period.is_single_month for r in dated_actuals):
        return "monthly"
    if has_name and len(values) >= 2:
        return "sectioned"
    return None


def _warn_same_month(roles: dict[int, ColumnRole], header_row: int, collector: _Collector) -> None:
    """Say when two columns of one measure fall in the same month (weekly dates, or a month
    written twice): their values would clash, and charts would show two points a month."""
    seen: dict[tuple[str, str, object], int] = {}
    for column, role in sorted(roles.items()):
        if role.kind != "value" or role.period is None:
            continue
        key = (role.measure, role.comparator, role.period.start)
        if key in seen:
            collector.problem(
                "warning",
                f"Columns {column_letter(seen[key])} and {column_letter(column)} are both {role.measure}s for "
                f"{role.period.start:%B %Y}; this app keeps one value per month, so check whether the columns are weekly "
                "or a month is repeated.",
                header_row,
                column,
                cell=False,
            )
        else:
            seen[key] = column


def _find_header(sheet: Sheet, start: int = 0, limit: int = 60) -> tuple[int, str, dict[int, ColumnRole]] | None:
    for r in range(start, min(len(sheet.rows), start + limit)):
        roles = _header_roles(sheet.rows[r])
        layout = _classify_header(roles)
        if layout:
            return r, layout, roles
    return None


def _read_table(
    sheet: Sheet, filename: str, header: tuple[int, str, dict[int, ColumnRole]], collector: _Collector
) -> str:
    """Read a monthly, milestone or sectioned table whose first header row is ``header``."""
    header_row, layout, roles = header
    _warn_same_month(roles, header_row, collector)
    title, section = "", ""
    for r in range(header_row):
        filled = [c for c, cell in enumerate(sheet.rows[r]) if non_empty(cell)]
        for c in filled:
            collector.label(r, c)
        if len(filled) == 1:
            # The first text above the header is the title; a later one names the first section.
            text = _text(sheet.rows[r][filled[0]])
            if title or text.lower().startswith("section"):
                section = text
            else:
                title = text
    last_kpi: tuple[str, str] | None = None
    kpi_ids_seen: Counter[str] = Counter()
    entries: list[tuple] = []
    role_sets: list[dict[int, ColumnRole]] = []
    value_masks: list[np.ndarray] = []
    filled_grid = collector.filled
    width = filled_grid.shape[1]
    # What the header in force says, worked out once per header rather than once per row.
    name_role = id_column = None
    value_mask = np.zeros(width, dtype=bool)
    first_value = 1
    last_heading = -1

    def take_header(new_roles: dict[int, ColumnRole]) -> None:
        nonlocal roles, name_role, id_column, value_mask, first_value, last_heading
        roles = new_roles
        name_role = next((c for c, role in roles.items() if role.kind == "name"), None)
        id_column = next((c for c, role in roles.items() if role.kind == "id"), None)
        value_columns = [c for c, role in roles.items() if role.kind == "value"]
        value_mask = np.zeros(width, dtype=bool)
        value_mask[[c for c in value_columns if c < width]] = True
        first_value = min(value_columns, default=1)
        last_heading = max(roles, default=-1)

    take_header(roles)
    rows = sheet.rows
    # The filled columns of every row, and those outside the value columns, as Python lists cut
    # from one np.nonzero: one NumPy call per sheet (and per header change), not per row.
    filled_lists = _columns_by_row(filled_grid)
    others_lists = _columns_by_row(filled_grid & ~value_mask)
    for r in range(header_row, len(rows)):
        filled = filled_lists[r]
        if not filled:
            continue
        cells = rows[r]
        if r == header_row:
            for c in filled:
                collector.label(r, c)
            continue
        new_layout = None
        if _could_be_header(cells, filled):
            new_roles = _header_roles(cells)
            new_layout = _classify_header(new_roles)
        if new_layout:
            take_header(new_roles)
            others_lists[r:] = _columns_by_row(filled_grid[r:] & ~value_mask)
            _warn_same_month(roles, r, collector)
            for c in filled:
                collector.label(r, c)
            continue
        name_column = name_role
        if name_column is None:
            name_column = next((c for c in filled if isinstance(cells[c], str) and c < first_value), 0)
        if not role_sets or role_sets[-1] is not roles:
            role_sets.append(roles)
            value_masks.append(value_mask)
        others = others_lists[r]
        has_values = len(others) < len(filled)
        name = _text(sheet.cell(r, name_column))
        if id_column is not None and not name:
            name = _text(sheet.cell(r, id_column))
        if not has_values and len(filled) == 1 and name:
            collector.label(r, filled[0])
            if name.startswith("*"):
                collector.problem("info", f"Note in the file: {_short(name, 120)}", r, filled[0], cell=False)
            elif title and name.lower() == title.lower():
                pass  # the title repeated after a page break
            elif _KPI_WORDS.search(name) and not name.lower().startswith("section"):
                collector.problem("info", f"'{_short(name, 80)}' has no values in this file.", r, filled[0], cell=False)
            else:
                section = name
            continue
        # A KPI row.
        phase_match = _PHASE_ROW_RE.match(name)
        phase = ALL
        if phase_match and last_kpi is not None:
            word = phase_match.group(1).lower()
            phase = _PHASE_NAMES.get(word, "Post-16")
            kpi_id, kpi_name = last_kpi
        else:
            raw_id = _text(sheet.cell(r, id_column)) if id_column is not None else ""
            kpi_id = raw_id or slugify(name)
            kpi_name = name or raw_id
            if not kpi_name:
                collector.problem(
                    "warning", "This row has values but no KPI name, so it was skipped.", r, None, cell=False
                )
                for c in filled:
                    collector.problem(
                        "warning", f"'{_short(cells[c])}' is in a row with no KPI name; it was not read.", r, c
                    )
                continue
            kpi_ids_seen[kpi_id] += 1
            if kpi_ids_seen[kpi_id] > 1:
                renamed = f"{kpi_id}-{kpi_ids_seen[kpi_id]}"
                collector.problem(
                    "warning",
                    f"KPI '{_short(kpi_name, 60)}' appears more than once in this sheet; this row is kept "
                    f"under the id '{renamed}'.",
                    r,
                    None,
                    cell=False,
                )
                kpi_id = renamed
            last_kpi = (kpi_id, kpi_name)
        if has_values:
            entries.append((r, len(role_sets) - 1, kpi_id, kpi_name, section, phase))
        for c in others:
            if c in (name_column, id_column):
                collector.label(r, c)
            elif c not in roles:
                hint = ""
                if sheet.is_csv and c > last_heading:
                    # 1,234 typed without quotes in a comma-separated file splits into 1 and 234.
                    hint = (
                        " The row is longer than the headings: if a number such as 1,234 was written "
                        "without quotes, the comma split it into two cells. Save the file from Excel as CSV, "
                        "which quotes such numbers."
                    )
                collector.problem(
                    "warning",
                    f"'{_short(cells[c])}' is in column {column_letter(c)}, which has no heading we recognise; "
                    f"it was not read.{hint}",
                    r,
                    c,
                )
            elif roles[c].kind in ("name", "id"):
                collector.label(r, c)
    _observe_cells(sheet, collector, entries, role_sets, value_masks)
    return layout


def _columns_by_row(mask: np.ndarray) -> list[list[int]]:
    """For each row of a 2-D boolean array, the list of its True columns."""
    rows, columns = np.nonzero(mask)
    bounds = np.searchsorted(rows, np.arange(mask.shape[0] + 1)).tolist()
    flat = columns.tolist()
    return [flat[bounds[r] : bounds[r + 1]] for r in range(mask.shape[0])]


def _observe_cells(
    sheet: Sheet,
    collector: _Collector,
    entries: list[tuple],
    role_sets: list[dict[int, ColumnRole]],
    value_masks: list[np.ndarray],
) -> None:
    """Turn every value cell of a table into an observation, marker or problem, in one pass.

    ``entries`` holds one ``(row, role_set, kpi_id, kpi_name, section, phase)`` per KPI row, in
    sheet order; ``role_sets`` the header mappings in force (a page break may repeat or shift
    the header) and ``value_masks`` which of the sheet's columns each one says hold values.
    Cells are gathered and parsed together (:func:`parse_value_arrays`); the per-row rules (the
    row's unit, a fraction in a percentage row, arrows that disagree with the numbers) are
    NumPy reductions over each row's run of cells, and text columns are built by Arrow
    ``take`` from one value per row or per column, so a 200 x 36 scorecard costs a few times
    what opening the workbook does.
    """
    if not entries:
        return
    # The value cells: the filled cells of each KPI row under a value heading, row by row and
    # left to right within a row.
    entry_rows = np.array([entry[0] for entry in entries], dtype=np.int64)
    entry_sets = np.array([entry[1] for entry in entries], dtype=np.int64)
    entry_of_cell, columns = np.nonzero(collector.filled[entry_rows] & np.stack(value_masks)[entry_sets])
    counts = np.bincount(entry_of_cell, minlength=len(entries))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rows = entry_rows[entry_of_cell]
    role_index = entry_sets[entry_of_cell]
    width = collector.grid.shape[1]
    sets = len(role_sets)
    measure_table = np.full((sets, width), "", dtype=object)
    comparator_table = np.full((sets, width), "", dtype=object)
    label_table = np.full((sets, width), "", dtype=object)
    period_table = np.full((sets, width), np.datetime64("NaT"), dtype="datetime64[ns]")
    dated_table = np.zeros((sets, width), dtype=bool)
    for index, roles in enumerate(role_sets):
        for c, role in roles.items():
            if role.kind != "value" or c >= width:
                continue
            measure_table[index, c] = role.measure
            comparator_table[index, c] = role.comparator
            label_table[index, c] = role.label if role.period is None or role.measure != "actual" else role.period.label
            if role.period is not None:
                period_table[index, c] = role.period.start.to_datetime64()
                dated_table[index, c] = True
    slot = role_index * width + columns  # one index into the flattened role tables per cell
    measures = measure_table.ravel()[slot]
    periods = period_table.ravel()[slot]
    dated = dated_table.ravel()[slot]

    cells = collector.grid[rows, columns]
    codes = collector.codes[rows, columns]
    parsed = parse_value_arrays(
        [decimal_comma(c) for c in cells.tolist()] if sheet.decimal_comma else cells, codes=codes
    )
    if sheet.decimal_comma:  # value_text keeps the cell as written, before the rewrite
        parsed["text"] = parse_value_arrays(cells, codes=codes)["text"]
    kind = parsed["kind"]
    value = parsed["value"]
    percent_sign = parsed["had_percent_sign"]
    cell_units = parsed["unit"]
    texts = parsed["text"]
    arrow_code = parsed["arrow_code"]
    has_arrow = arrow_code > 0
    numeric = (kind == "number") | (kind == "range") | (kind == "bound")
    has_unit = cell_units != None  # noqa: E711

    # The unit of each row: a % sign anywhere makes it a percentage row; else the most common
    # written unit; else the KPI's name; else counts when every number is whole.
    percent_rows = np.logical_or.reduceat(numeric & percent_sign, starts)
    smallest_percent = np.minimum.reduceat(np.where(numeric & percent_sign, value, np.inf), starts)
    whole_rows = np.logical_and.reduceat(~numeric | ((kind == "number") & (np.mod(value, 1) == 0)), starts)
    written = numeric & has_unit
    written_rows = np.logical_or.reduceat(written, starts)
    name_units = [model.infer_unit_from_name(entry[3]) for entry in entries]
    # Cells formatted as percentages in Excel arrive as fractions (12% is 0.12) with no % sign:
    # a row whose name says it is a percentage, holding only real numbers between -1 and 1.
    was_number = parsed["was_number"]
    named_percent = np.array([unit == "percent" for unit in name_units], dtype=bool)
    excel_percent = (
        named_percent
        & ~percent_rows
        & np.logical_or.reduceat(numeric, starts)
        & np.logical_and.reduceat(~numeric | (was_number & (np.abs(value) <= 1)), starts)
    )
    for position in np.flatnonzero(excel_percent).tolist():
        start, end = starts[position], starts[position] + counts[position]
        value[start:end] = np.round(value[start:end] * 100, 10)
        percent_rows[position] = True
        collector.problem(
            "info",
            f"The numbers for '{_short(entries[position][3], 60)}' are fractions (Excel's percentage format); "
            "they were read as percentages, so 0.12 is 12%.",
            int(entries[position][0]),
            None,
            cell=False,
        )
    row_units = np.array(
        [unit or ("count" if whole else "other") for unit, whole in zip(name_units, whole_rows.tolist(), strict=True)],
        dtype=object,
    )
    for position in np.flatnonzero(written_rows & ~percent_rows).tolist():
        start, end = starts[position], starts[position] + counts[position]
        units = cell_units[start:end][written[start:end]].tolist()
        row_units[position] = Counter(units).most_common(1)[0][0]
    row_units[percent_rows] = "percent"
    percent_row_of_cell = (row_units == "percent")[entry_of_cell]

    # A bare fraction among percentages written on a 0-100 scale ("0.316" among "35.4%") is a
    # percentage; among "0.45%" values a bare 0.66 stays 0.66.
    fraction = (
        percent_row_of_cell
        & (kind == "number")
        & ~percent_sign
        & (value > 0)
        & (value <= 1)
        & (smallest_percent[entry_of_cell] > 1)
        & np.isfinite(smallest_percent[entry_of_cell])
    )
    for index in np.flatnonzero(fraction).tolist():
        value[index] = round(value[index] * 100, 10)
        collector.problem(
            "info",
            f"'{texts[index].as_py()}' in a percentage row was read as {value[index]:g}%.",
            int(rows[index]),
            int(columns[index]),
            cell=False,
        )
    unreadable = kind == "unreadable"
    for index in np.flatnonzero(unreadable).tolist():
        arrow = has_arrow[index]
        hint = "an arrow with no number" if arrow else "not a number, range or marker we know"
        collector.problem(
            "warning" if arrow else "error",
            f"'{_short(texts[index].as_py())}' is {hint}; it was not read.",
            int(rows[index]),
            int(columns[index]),
        )
    for index in np.flatnonzero((measures == "comparator") & has_arrow & ~unreadable).tolist():
        collector.problem(
            "warning",
            f"'{_short(texts[index].as_py())}' is in the {label_table.ravel()[slot[index]]} column but carries a "
            "trend arrow, like the monthly values; check the columns line up on this row.",
            int(rows[index]),
            int(columns[index]),
            cell=False,
        )
    notes = parsed["note"]
    for index in np.flatnonzero((measures == "baseline") & ~dated & ~unreadable).tolist():
        if isinstance(notes[index], str):
            noted = parse_period(notes[index]) or _period_in_text(notes[index])
            if noted is not None:
                periods[index] = noted.start.to_datetime64()

    keep = ~unreadable
    kept = np.flatnonzero(keep)
    # A cell may carry a unit of its own ("12 weeks" in a row of counts): it keeps it. Unit
    # names are few, so each cell gets a code into one short list of names.
    unit_names = list(dict.fromkeys(row_units.tolist()))
    unit_code = np.array([unit_names.index(name) for name in row_units.tolist()], dtype=np.int64)[entry_of_cell]
    own = np.flatnonzero(has_unit & (kind != "marker"))
    own = own[cell_units[own] != row_units[entry_of_cell[own]]]
    for index, name in zip(own.tolist(), cell_units[own].tolist(), strict=True):
        if name in model.UNITS:
            if name not in unit_names:
                unit_names.append(name)
            unit_code[index] = unit_names.index(name)
    # "Sheet!F12" or "row 12, column F": one text per column and one per row, taken for every
    # cell and joined by Arrow, rather than one f-string per cell.
    used_columns = int(columns.max()) + 1 if len(columns) else 0
    used_rows = int(rows.max()) + 1 if len(rows) else 0
    if sheet.is_csv:
        firsts = [f"row {row + 1}, column " for row in range(used_rows)]
        seconds = [column_letter(column) for column in range(used_columns)]
        first_index, second_index = rows[kept], columns[kept]
    else:
        firsts = [f"{sheet.name}!{column_letter(column)}" for column in range(used_columns)]
        seconds = [str(row + 1) for row in range(used_rows)]
        first_index, second_index = columns[kept], rows[kept]
    sources = pc.binary_join_element_wise(
        pa.array(firsts, type=pa.large_string()).take(pa.array(first_index)),
        pa.array(seconds, type=pa.large_string()).take(pa.array(second_index)),
        pa.scalar("", pa.large_string()),
    )
    kept_entries = pa.array(entry_of_cell[kept])
    kept_slots = pa.array(slot[kept])

    def by_entry(position: int) -> pa.Array:
        # One value per KPI row, repeated for its cells by Arrow: no per-cell Python strings.
        return pa.array([entry[position] for entry in entries], type=pa.large_string()).take(kept_entries)

    def by_slot(table: np.ndarray) -> pa.Array:
        return pa.array(table.ravel().tolist(), type=pa.large_string()).take(kept_slots)

    columns_of = {
        "kpi_id": by_entry(2),
        "kpi_name": by_entry(3),
        "section": by_entry(4),
        "measure": by_slot(measure_table),
        "comparator": by_slot(comparator_table),
        "period": periods[kept],
        "period_label": by_slot(label_table),
        "value": np.where(kind == "range", np.nan, value)[kept],
        "value_low": parsed["low"][kept],
        "value_high": parsed["high"][kept],
        "value_text": texts if len(kept) == len(keep) else texts.filter(pa.array(keep)),
        "unit": pa.array(unit_names, type=pa.large_string()).take(pa.array(unit_code[kept])),
        "locality": pa.repeat(pa.scalar(ALL, pa.large_string()), len(kept)),
        "phase": by_entry(5),
        "source": sources,
    }
    collector.frames.append(model.observations_from_arrays(columns_of))
    collector.fate[rows[kept], columns[kept]] = np.where(kind[kept] == "marker", collector.MARKER, collector.VALUE)

    # Arrows that disagree with the file's own numbers, counted per KPI row: sort each row's
    # dated actuals by month, compare each step with the arrow written on its later month.
    check = np.flatnonzero(keep & (measures == "actual") & dated & (kind == "number"))
    if len(check) > 1:
        # Months usually run left to right already; sort only when they do not.
        in_order = (np.diff(entry_of_cell[check]) > 0) | (np.diff(periods[check]) >= np.timedelta64(0))
        order = check if in_order.all() else check[np.lexsort((periods[check], entry_of_cell[check]))]
        same_row = entry_of_cell[order][1:] == entry_of_cell[order][:-1]
        step = value[order][1:] - value[order][:-1]
        written_arrow = arrow_code[order][1:]
        direction = np.where(step > 0, ARROW_CODES["up"], np.where(step < 0, ARROW_CODES["down"], ARROW_CODES["flat"]))
        wrong = same_row & (written_arrow > 0) & (direction != written_arrow)
        per_entry = np.bincount(entry_of_cell[order][1:][wrong], minlength=len(entries))
        for position in np.flatnonzero(per_entry).tolist():
            collector.problem(
                "info",
                f"The file's trend arrows disagree with its own numbers in {int(per_entry[position])} month(s) for "
                f"'{_short(entries[position][3], 60)}'. The app works out trends from the numbers.",
                int(entries[position][0]),
                None,
                cell=False,
            )


def _text_column(cells: pd.Series) -> pd.Series:
    """``_text`` for a whole column at once (vectorised string operations)."""
    as_object = cells.astype(object)
    text = as_object.where(as_object.notna(), "").astype(str)
    return text.str.replace("\u00a0", " ", regex=False).str.replace(r"\s+", " ", regex=True).str.strip()


def _read_template(sheet: Sheet, filename: str, header_row: int, collector: _Collector) -> dict[str, int]:
    """Read the tidy template in column operations (a 200,000-row file takes seconds).

    Returns the accounting for this sheet; observations and problems go to ``collector``.
    """
    header = {
        c: _text(cell).lower().replace(" ", "_") for c, cell in enumerate(sheet.rows[header_row]) if non_empty(cell)
    }
    for c, name in header.items():
        if name not in TEMPLATE_COLUMNS:
            collector.problem(
                "warning", f"Column '{name}' is not part of the template; it was ignored.", header_row, c, cell=False
            )
    width = max(header) + 1
    body = sheet.rows[header_row + 1 :]
    frame = pd.DataFrame(
        [row[:width] + [""] * (width - len(row[:width])) for row in body], columns=range(width), dtype=object
    )
    frame.index = range(header_row + 1, header_row + 1 + len(frame))
    texts = frame.apply(_text_column) if len(frame) else frame.astype(str)
    if "kpi_id" in header.values() and len(frame):
        # Excel stores an id typed as 12 as 12.0: read ids the way _text does, so they join the plan.
        id_column = next(c for c, name in header.items() if name == "kpi_id")
        texts[id_column] = frame[id_column].map(_text)
    filled = texts != ""
    # Cells under no heading (beyond the last heading, or in an unheaded gap) are not read: list them.
    stray = 0
    gaps = [c for c in range(width) if c not in header]
    gap_rows = set(filled.index[filled[gaps].any(axis=1)] - header_row - 1) if gaps else set()
    for offset, row in enumerate(body):
        if len(row) <= width and offset not in gap_rows:
            continue
        for c, cell in enumerate(row):
            if (c >= width or c not in header) and non_empty(cell):
                stray += 1
                if stray <= 500:
                    collector.problem(
                        "warning",
                        f"'{_short(cell)}' is in a column with no heading; it was not read.",
                        header_row + 1 + offset,
                        c,
                        cell=False,
                    )
    if stray > 500:
        collector.problem(
            "warning", f"{stray - 500} more cells are in columns with no heading.", None, None, cell=False
        )
    headed = [c for c in range(width) if c in header]
    cells = count_non_empty(sheet.rows[: header_row + 1]) + int(filled[headed].to_numpy().sum()) + stray
    columns = {name: c for c, name in header.items()}

    def column(name: str) -> pd.Series:
        c = columns.get(name)
        return texts[c] if c is not None else pd.Series("", index=frame.index)

    row_used = filled[headed].any(axis=1)
    kpi_id = column("kpi_id")
    measure = column("measure").str.lower().where(lambda s: s != "", "actual")
    comparator = column("comparator")
    phase_text = column("phase")
    phase = phase_text.map(_normalise_phase)
    unit = column("unit").str.lower()
    period_text = texts[columns["period"]]
    periods = {text: parse_period(text) for text in period_text.unique() if text}
    period_start = period_text.map(lambda t: periods[t].start if periods.get(t) else pd.NaT)
    written = texts[columns["value"]].tolist()
    values = parse_value_column([decimal_comma(c) for c in written] if sheet.decimal_comma else written)
    values.index = frame.index
    values["text"] = written

    checks = [
        (kpi_id == "", "kpi_id", lambda i: "kpi_id is empty: every row needs a KPI id."),
        (
            ~measure.isin(model.MEASURES),
            "measure",
            lambda i: f"measure '{measure[i]}' should be one of {', '.join(model.MEASURES)}.",
        ),
        (
            (comparator != "") & ~comparator.isin(model.COMPARATORS),
            "comparator",
            lambda i: f"comparator '{comparator[i]}' should be one of {', '.join(model.COMPARATORS)}.",
        ),
        (
            phase.isna(),
            "phase",
            lambda i: f"phase '{phase_text[i]}' should be All or one of {', '.join(model.PHASES)}.",
        ),
        (
            (unit != "") & ~unit.isin(model.UNITS),
            "unit",
            lambda i: f"unit '{unit[i]}' should be one of {', '.join(model.UNITS)}.",
        ),
        (
            (period_text != "") & period_start.isna(),
            "period",
            lambda i: f"period '{_short(period_text[i])}' is not a date or period we can read.",
        ),
        (
            (period_text == "") & ~measure.isin(["target", "comparator"]),
            "period",
            lambda i: "period is empty: actuals and baselines need a period.",
        ),
        (
            values["kind"] == "unreadable",
            "value",
            lambda i: f"value '{_short(values['text'][i])}' is not a number, range or marker we know.",
        ),
        (values["kind"] == "empty", "value", lambda i: "value is empty."),
    ]
    bad = pd.Series(False, index=frame.index)
    value_column = columns["value"]
    for mask, name, message in checks:
        mask = mask & row_used
        for i in mask[mask].index[:500]:
            collector.problem("error", f"Row not read: {message(i)}", i, columns.get(name, value_column), cell=False)
        hidden = int(mask.sum()) - 500
        if hidden > 0:
            collector.problem("error", f"{hidden} more rows have the same problem with {name}.", None, None, cell=False)
        bad |= mask
    good = row_used & ~bad
    kept = frame.index[good]
    observations = pd.DataFrame(
        {
            "kpi_id": kpi_id[good],
            "kpi_name": column("kpi_name")[good].where(lambda s: s != "", kpi_id[good]),
            "section": column("section")[good],
            "measure": measure[good],
            "comparator": comparator[good],
            "period": period_start[good],
            "period_label": period_text[good],
            "value": values["value"][good].astype(float).where(values["kind"][good] != "range"),
            "value_low": values["low"][good].astype(float),
            "value_high": values["high"][good].astype(float),
            "value_text": values["text"][good],
            "unit": unit[good].where(unit[good] != "", values["unit"][good].fillna("other")),
            "locality": column("locality")[good].where(lambda s: s != "", ALL),
            "phase": phase[good],
            "source": [sheet.locate(i, value_column) for i in kept],
        }
    )
    collector.frames.append(observations)
    markers = int((values["kind"][good] == "marker").sum())
    numbers = int(good.sum()) - markers
    problem_cells = int((bad & filled[value_column]).sum()) + stray
    return {
        "cells": cells,
        "values": numbers,
        "markers": markers,
        "problems": problem_cells,
        "labels": cells - numbers - markers - problem_cells,
    }


def _normalise_phase(text: str) -> str | None:
    if not text or text.lower() == "all":
        return ALL
    lowered = text.lower().replace("_", " ").strip()
    if lowered in _PHASE_NAMES:
        return _PHASE_NAMES[lowered]
    if re.fullmatch(r"post[\s-]?16", lowered):
        return "Post-16"
    return None


# ---------------------------------------------------------------------------------------------
# DfE open data (Explore Education Statistics)

EES_STANDARD_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "opportunity_area_code",
    "opportunity_area_name",
)
_EES_LEVELS = {"national": "National", "regional": "Regional", "local authority": "Local authority"}


def _ees_unit(column: str) -> str:
    lowered = column.lower()
    if lowered.startswith("pc_") or lowered.endswith("_pc") or "percent" in lowered or "_pc_" in lowered:
        return "percent"
    if "rate" in lowered:
        return "rate"
    if "weeks" in lowered and "within" not in lowered:
        return "weeks"
    return "count"


def _read_ees(
    opened: OpenedFile,
    filename: str,
    local_authority: str | None,
    report: Callable[[float, str], None] = lambda done, step: None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], pd.DataFrame]:
    """Read an EES CSV with Arrow, one indicator column at a time (a release file holds about a
    million values: nothing here touches them one by one in Python)."""
    import pyarrow.csv as pa_csv

    header = [str(c) for c in opened.csv_header]
    data = (opened.csv_text or "").encode("utf-8")
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            parse_options=pa_csv.ParseOptions(delimiter=opened.csv_delimiter),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError) as error:
        raise ScorecardError(
            f"{filename} is not valid CSV ({error}). Save it as 'CSV UTF-8' and upload it again."
        ) from None
    names = [str(c).strip().lstrip("\ufeff").lower() for c in table.column_names]
    table = table.rename_columns(names)
    row_count = table.num_rows
    trimmed = {name: pc.utf8_trim_whitespace(table.column(name)) for name in names}
    non_empty_cells = sum(int(pc.sum(pc.not_equal(column, "")).as_py() or 0) for column in trimmed.values())

    def text_column(name: str) -> np.ndarray:
        return trimmed[name].to_numpy(zero_copy_only=False) if name in trimmed else np.full(row_count, "", dtype=object)

    level_text = text_column("geographic_level")
    level = np.array([_EES_LEVELS.get(str(v).lower(), "") for v in level_text.tolist()], dtype=object)
    problems: list[dict[str, object]] = []
    for name, count in pd.Series(level_text[level == ""]).value_counts().items():
        problems.append(
            {
                "severity": "info",
                "message": f"{count} rows at geographic level '{name}' are not used (only national, regional and local authority rows are).",
                "location": "column geographic_level",
                "sheet": filename,
                "row": None,
                "column": None,
            }
        )

    # A column is an indicator when (in a sample of rows) its values are numbers or GSS symbols.
    sample = slice(0, min(row_count, 5000))
    indicators, filters = [], []
    for name in names:
        if name in EES_STANDARD_COLUMNS:
            continue
        values = pd.Series(trimmed[name].slice(sample.start, sample.stop - sample.start).to_pylist(), dtype=object)
        numeric = pd.to_numeric(values.str.replace(",", "", regex=False), errors="coerce").notna()
        symbol = values.str.lower().isin(GSS_SYMBOLS) | (values == "")
        # All-symbol columns ("x" for a year not collected) are indicators too; a filter holds words.
        (indicators if (numeric | symbol).mean() > 0.95 else filters).append(name)

    used = level != ""
    varying = [f for f in filters if len(set(text_column(f)[used].tolist())) > 1]
    if varying:
        combo_codes, combo_keys = pd.MultiIndex.from_arrays([text_column(f) for f in varying]).factorize()
        combo_values = [[str(v) for v in key] for key in combo_keys]
        # "Total" and "All EHC plans" rows are the whole; they add nothing to a KPI's name.
        combo_label = [
            ", ".join(
                dict.fromkeys(v for v in values if v and v.lower() != "total" and not v.lower().startswith("all "))
            )
            for values in combo_values
        ]
        combo_suffix = ["|" + "|".join(slugify(v, max_length=30) for v in values) for values in combo_values]
    else:
        combo_codes = np.zeros(row_count, dtype=np.int64)
        combo_label, combo_suffix = [""], [""]

    period_text = text_column("time_period")
    period_codes, period_labels = pd.factorize(period_text)
    period_starts = np.array(
        [
            (found.start.to_datetime64() if (found := parse_period(label)) else np.datetime64("NaT"))
            for label in period_labels
        ],
        dtype="datetime64[ns]",
    )
    region = text_column("region_name")
    la_name, new_code, old_code = text_column("la_name"), text_column("new_la_code"), text_column("old_la_code")
    wanted = (local_authority or "").strip().lower()
    ours_mask = (level == "Local authority") & model.is_authority(la_name, new_code, old_code, wanted)
    our_regions = set(region[ours_mask].tolist())
    region_mask = (
        (level == "Regional") & np.isin(region, list(our_regions)) if our_regions else np.zeros(row_count, dtype=bool)
    )
    national_mask = level == "National"
    authority_mask = level == "Local authority"
    column_letters = {name: column_letter(index) for index, name in enumerate(names)}

    observation_pieces, authority_pieces = [], []
    values_count = markers_count = problem_cells = 0
    for position, name in enumerate(indicators):
        report(
            OPENED_SHARE + (1 - OPENED_SHARE) * position / len(indicators),
            f"Reading {name} ({position + 1} of {len(indicators)} measures)",
        )
        texts = trimmed[name]
        numbers = pd.to_numeric(
            pd.Series(texts.to_numpy(zero_copy_only=False)).str.replace(",", "", regex=False), errors="coerce"
        ).to_numpy()
        raw = texts.to_numpy(zero_copy_only=False)
        lowered = np.char.lower(raw.astype(str))
        symbol = np.isin(lowered, list(GSS_SYMBOLS)) & np.isnan(numbers)
        filled = raw != ""
        readable = filled & (~np.isnan(numbers) | symbol)
        unreadable = filled & ~readable
        values_count += int((readable & ~symbol).sum())
        markers_count += int((readable & symbol).sum())
        problem_cells += int(unreadable.sum())
        for row in np.flatnonzero(unreadable)[: max(0, 200 - len(problems))].tolist():
            problems.append(
                {
                    "severity": "error",
                    "message": f"'{_short(raw[row])}' in {name} is not a number or a GSS symbol.",
                    "location": f"row {row + 2}, column {column_letters[name]}",
                    "sheet": filename,
                    "row": row + 2,
                    "column": names.index(name) + 1,
                }
            )
        kpi_ids = np.array([name + suffix for suffix in combo_suffix], dtype=object)
        kpi_names = np.array(
            [name.replace("_", " ").capitalize() + (f" ({label})" if label else "") for label in combo_label],
            dtype=object,
        )
        unit = _ees_unit(name)
        for mask, measure, comparator, target in (
            (national_mask, "comparator", "England", observation_pieces),
            (ours_mask, "actual", "", observation_pieces),
            (region_mask, "comparator", "Region", observation_pieces),
            (authority_mask, "", "", authority_pieces),
        ):
            rows = np.flatnonzero(mask & readable)
            if not len(rows):
                continue
            piece = {
                "kpi_id": kpi_ids[combo_codes[rows]],
                "kpi_name": kpi_names[combo_codes[rows]],
                "period": period_starts[period_codes[rows]],
                "period_label": period_labels[period_codes[rows]],
                "value": numbers[rows],
                "value_text": raw[rows],
                "unit": unit,
                "row": rows + 2,
                "column": column_letters[name],
            }
            if target is authority_pieces:
                piece.update(
                    new_la_code=new_code[rows],
                    old_la_code=old_code[rows],
                    la_name=la_name[rows],
                    region_name=region[rows],
                )
            else:
                piece.update(measure=measure, comparator=comparator)
            target.append(pd.DataFrame(piece))
    if (unreadable_total := problem_cells) > 200:
        problems.append(
            {
                "severity": "error",
                "message": f"{unreadable_total - 200} more cells are not numbers or GSS symbols.",
                "location": filename,
                "sheet": filename,
                "row": None,
                "column": None,
            }
        )
    if wanted and not ours_mask.any():
        problems.append(
            {
                "severity": "error",
                "message": f"No rows for the local authority '{local_authority}'. Pick one of the names in la_name.",
                "location": "column la_name",
                "sheet": filename,
                "row": None,
                "column": None,
            }
        )
    if not wanted:
        problems.append(
            {
                "severity": "info",
                "message": "Choose which local authority is yours to read its rows as actuals; England rows were read as comparators, and every authority is kept for the England map.",
                "location": "column la_name",
                "sheet": filename,
                "row": None,
                "column": None,
            }
        )
    chosen = (
        pd.concat(observation_pieces, ignore_index=True)
        if observation_pieces
        else pd.DataFrame(columns=["kpi_id", "row", "column"])
    )
    observations = model.normalise_observations(
        chosen.assign(
            section="DfE open data",
            value_low=math.nan,
            value_high=math.nan,
            locality=ALL,
            phase=ALL,
            source="row " + chosen["row"].astype(str) + ", column " + chosen["column"].astype(str),
        )
    )
    authority_columns = [
        "new_la_code",
        "old_la_code",
        "la_name",
        "region_name",
        "kpi_id",
        "kpi_name",
        "period",
        "time_period",
        "value",
        "value_text",
        "unit",
        "source",
    ]
    if authority_pieces:
        authorities = pd.concat(authority_pieces, ignore_index=True)
        authorities = authorities.assign(
            time_period=authorities["period_label"],
            source="row " + authorities["row"].astype(str) + ", column " + authorities["column"].astype(str),
        )[authority_columns]
    else:
        authorities = pd.DataFrame(columns=authority_columns)
    cells = non_empty_cells + sum(1 for name in header if str(name).strip())
    accounting = {
        "cells": cells,
        "values": values_count,
        "markers": markers_count,
        "problems": problem_cells,
        "labels": cells - values_count - markers_count - problem_cells,
    }
    return observations, problems_frame(problems), accounting, authorities


def _is_ees(opened: OpenedFile) -> bool:
    if opened.kind != "csv":
        return False
    header = {str(c).strip().lower().lstrip("\ufeff") for c in opened.csv_header}
    return "time_period" in header and "geographic_level" in header


def _template_header(sheet: Sheet, limit: int = 10) -> int | None:
    for r in range(min(limit, len(sheet.rows))):
        names = {" ".join(c.split()).lower().replace(" ", "_") for c in sheet.rows[r] if type(c) is str}
        if all(name in names for name in TEMPLATE_REQUIRED):
            return r
    return None


# ---------------------------------------------------------------------------------------------


def read_scorecard(
    source: str | os.PathLike | bytes | BinaryIO,
    *,
    filename: str | None = None,
    layout: str | None = None,
    local_authority: str | None = None,
    mapping: ColumnMapping | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> ScorecardRead:
    """Read a scorecard file into tidy observations, problems and an accounting of its cells.

    ``source`` is a path, ``bytes`` or a binary file object (what ``st.file_uploader`` gives).
    ``layout`` forces one of ``LAYOUTS`` instead of detecting it; ``mapping`` says which column
    is what for a sheet no layout recognises; ``local_authority`` picks "us" in DfE open data
    (a name or a code). ``progress``, if given, is called as the read goes on with the share
    done (0 to 1) and a plain-English step ("Reading sheet 'Scorecard' (1 of 2)"), for a
    progress bar on large files. Raises :class:`ScorecardError` when the file cannot be read at
    all (empty, damaged, password-protected, a zip bomb, no layout recognised in any sheet).
    """
    if layout is not None and layout not in LAYOUTS:
        raise ScorecardError(f"Unknown layout '{layout}'. Choose one of: {', '.join(LAYOUTS)}.")

    def report(done: float, step: str) -> None:
        if progress is not None:
            progress(done, step)

    data, name = source_bytes(source, filename)
    report(0.0, f"Opening {name}")
    opened = open_file(data, name)
    report(OPENED_SHARE, f"Opened {name}")
    notes = [
        {"severity": s, "message": m, "location": loc, "sheet": "", "row": None, "column": None}
        for s, m, loc in opened.notes
    ]
    if layout == "dfe_open_data" or (layout is None and mapping is None and _is_ees(opened)):
        if not _is_ees(opened):
            raise ScorecardError(f"{name} is not DfE open data: it needs time_period and geographic_level columns.")
        observations, problems, accounting, authorities = _read_ees(opened, name, local_authority, report)
        report(1.0, f"Read {name}")
        problems = pd.concat([problems_frame(notes), problems], ignore_index=True) if notes else problems
        return ScorecardRead(
            name,
            "dfe_open_data",
            observations,
            problems,
            accounting,
            authorities,
            [Path(name).stem],
            [],
            local_authority,
        )

    for sheet in opened.sheets:
        if sheet.rows_dropped:
            notes.append(
                {
                    "severity": "warning",
                    "message": f"'{sheet.name}' has {sheet.rows_dropped + len(sheet.rows):,} rows; only the first {len(sheet.rows):,} were read. "
                    "Split the file to read the rest.",
                    "location": sheet.name,
                    "sheet": sheet.name,
                    "row": None,
                    "column": None,
                }
            )

    frames, problem_rows, sheets_read, layouts = [], list(notes), [], []
    accounting = Counter({"cells": 0, "values": 0, "markers": 0, "labels": 0, "problems": 0})
    for index, sheet in enumerate(opened.sheets):
        report(
            OPENED_SHARE + (1 - OPENED_SHARE) * index / len(opened.sheets),
            f"Reading sheet '{sheet.name}' ({index + 1} of {len(opened.sheets)})",
        )
        if mapping is not None and mapping.sheet not in (None, sheet.name):
            continue
        if not any(non_empty(c) for row in sheet.rows for c in row):
            continue
        collector = _Collector(sheet, name)
        found_layout = None
        if mapping is not None:
            roles = _roles_from_mapping(sheet, mapping)
            found_layout = _read_table(sheet, name, (mapping.header_row, "monthly", roles), collector)
            found_layout = "manual"
        elif layout in (None, "template") and (template_row := _template_header(sheet)) is not None:
            sheet_accounting = _read_template(sheet, name, template_row, collector)
            layouts.append("template")
            sheets_read.append(sheet.name)
            frames.extend(model.normalise_observations(f) for f in collector.frames)
            problem_rows.extend(collector.problems)
            accounting.update(sheet_accounting)
            continue
        elif layout != "template":
            header = _find_header(sheet)
            if header is not None and (
                layout is None or layout == header[1] or layout in ("monthly", "milestone", "sectioned")
            ):
                found_layout = _read_table(sheet, name, header, collector)
                if layout is not None:
                    found_layout = layout
        if found_layout is None:
            problem_rows.append(
                {
                    "severity": "warning",
                    "message": f"{_NO_LAYOUT_MESSAGE} in sheet '{sheet.name}', so it was not read. "
                    "If it holds KPIs, use 'Say which column is what' to read it.",
                    "location": sheet.name,
                    "sheet": sheet.name,
                    "row": None,
                    "column": None,
                }
            )
            cells = count_non_empty(sheet.rows)
            accounting["cells"] += cells
            accounting["labels"] += cells
            continue
        collector.sweep()
        layouts.append(found_layout)
        sheets_read.append(sheet.name)
        frames.append(collector.observations())
        problem_rows.extend(collector.problems)
        accounting.update(collector.accounting())
    if not layouts:
        # What opening the file noticed (plain text named .xlsx, say) may be the real trouble.
        noticed = "".join(f" {message}" for _, message, _ in opened.notes)
        raise ScorecardError(
            f"{name}: no sheet looks like a scorecard we know (a header row with KPI and month, target or "
            "milestone columns, or the app's template). Download the template from the Downloads page, or "
            f"say which column is what.{noticed}"
        )
    if len(frames) == 1:
        observations = frames[0]
    else:
        observations = pd.concat(frames, ignore_index=True) if frames else observations_frame()
    found = layouts[0] if len(set(layouts)) == 1 else "mixed"
    report(1.0, f"Read {name}")
    return ScorecardRead(
        name, found, observations, problems_frame(problem_rows), dict(accounting), None, sheets_read, opened.sheets
    )


def _roles_from_mapping(sheet: Sheet, mapping: ColumnMapping) -> dict[int, ColumnRole]:
    roles: dict[int, ColumnRole] = {mapping.name_column: ColumnRole("name", label="KPI")}
    if mapping.id_column is not None:
        roles[mapping.id_column] = ColumnRole("id", label="KPI ID")
    for column, role in mapping.roles.items():
        header = sheet.cell(mapping.header_row, column)
        label = _text(header) or column_letter(column)
        if role == "period":
            period = parse_period(header) or _period_in_text(label)
            if period is None:
                raise ScorecardError(
                    f"The heading '{label}' in column {column_letter(column)} is not a date we can read."
                )
            roles[column] = ColumnRole("value", measure="actual", period=period, label=label)
        elif role in ("target", "baseline"):
            roles[column] = ColumnRole("value", measure=role, period=_period_in_text(label), label=label)
        elif role in model.COMPARATORS:
            roles[column] = ColumnRole("value", measure="comparator", comparator=role, label=label)
    return roles


def preview_sheet(
    source: str | os.PathLike | bytes | BinaryIO, *, filename: str | None = None, rows: int = 30
) -> dict[str, pd.DataFrame]:
    """The first ``rows`` rows of every sheet as text frames, for the "which column is what" form."""
    data, name = source_bytes(source, filename)
    opened = open_file(data, name)
    previews = {}
    for sheet in opened.sheets:
        head = [[_text(c) for c in row] for row in sheet.rows[:rows]]
        width = max((len(r) for r in head), default=0)
        previews[sheet.name] = pd.DataFrame(
            [r + [""] * (width - len(r)) for r in head],
            columns=[column_letter(i) for i in range(width)],
            index=range(1, len(head) + 1),  # rows numbered as the spreadsheet numbers them
        )
    return previews


# ---------------------------------------------------------------------------------------------
# Combining several files

KEY_COLUMNS = ["kpi_id", "measure", "comparator", "period", "locality", "phase"]
CONFLICT_COLUMNS = [*KEY_COLUMNS, "kpi_name", "values", "sources"]


def combine_observations(frames: Iterable[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stack several files' observations; return (combined, conflicts).

    The same KPI, measure, comparator, period, locality and phase with *different* values in
    two files is a conflict: both rows stay in ``combined`` and the pair is listed in
    ``conflicts`` (the key columns, ``kpi_name``, ``values`` and ``sources``),
    never silently merged. Identical repeats are kept once.
    """
    frames = [f for f in frames if f is not None and not f.empty]
    if not frames:
        return observations_frame(), pd.DataFrame(columns=CONFLICT_COLUMNS)
    combined = pd.concat(frames, ignore_index=True)
    # Two rows say the same thing when their key and their number (or, for markers, their
    # text) agree; the file each came from does not matter.
    marker_text = combined["value_text"].where(combined["value"].isna() & combined["value_low"].isna(), "")
    comparable = combined[KEY_COLUMNS].assign(
        _value=combined["value"].round(6),
        _low=combined["value_low"].round(6),
        _high=combined["value_high"].round(6),
        _marker=marker_text.str.strip().str.lower(),
    )
    deduplicated = combined[~comparable.duplicated()].reset_index(drop=True)
    comparable = comparable[~comparable.duplicated()].reset_index(drop=True)
    clashing = comparable.duplicated(subset=KEY_COLUMNS, keep=False)
    clash = deduplicated[clashing]
    if clash.empty:
        conflicts = pd.DataFrame(columns=CONFLICT_COLUMNS)
    else:
        conflicts = (
            clash.groupby(KEY_COLUMNS, sort=False, dropna=False)
            .agg(
                kpi_name=("kpi_name", "first"),
                values=("value_text", lambda s: " / ".join(map(str, s))),
                sources=("source", lambda s: " / ".join(map(str, s))),
            )
            .reset_index()[CONFLICT_COLUMNS]
        )
    return deduplicated, conflicts


__all__ = [
    "LAYOUTS",
    "ColumnMapping",
    "ScorecardRead",
    "column_role",
    "combine_observations",
    "preview_sheet",
    "read_scorecard",
    "MARKERS",
]
