"""The table reader: monthly, milestone and sectioned scorecards.

The three layouts are the same shape underneath: a header row that says what each column
holds (:func:`send_core.reading.headers.column_role`), then KPI rows, with section rows,
notes, phase rows and page breaks that repeat the header. One reader handles all three; the
registry holds one entry per layout, each recognising only a sheet whose first header is of
its own kind, so forcing ``layout="milestone"`` reads a sheet only if it is a milestone table.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model import ALL, slugify
from .collector import CellCollector
from .headers import (
    ID_HEADERS,
    KPI_WORDS,
    NAME_HEADERS,
    PHASE_NAMES,
    PHASE_ROW,
    ColumnRole,
    cell_text,
    column_role,
    shorten,
)
from .reader import Detection
from .table_values import observe_cells
from .workbook import Sheet, column_letter, non_empty

MONTHLY, MILESTONE, SECTIONED = "monthly", "milestone", "sectioned"
HEADER_SEARCH_ROWS = 60  # a header further down than this is not looked for
MINIMUM_MONTH_COLUMNS = 3  # a monthly header has at least this many month columns
YEARS_AHEAD = 2  # an actual's month further ahead than this is questioned


@dataclass(frozen=True)
class Header:
    """A header row: where it is, which table layout it belongs to, and each column's role."""

    row: int
    layout: str
    roles: dict[int, ColumnRole]


def _could_be_header(cells: list[object], filled: list[int]) -> bool:
    """A cheap test before the full one: a repeated header starts with a heading word, or
    carries several real dates. Most rows are KPI rows and fail this at once."""
    first = cell_text(cells[filled[0]]).lower().strip(" :*")
    if first in NAME_HEADERS or first in ID_HEADERS or first.startswith("key performance"):
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
            return MILESTONE
        return SECTIONED
    # Beside a KPI heading one month is enough (this month's figures alone); without one it
    # takes a few month headings in a row to tell a header from a row of dates.
    months_needed = 1 if has_name else MINIMUM_MONTH_COLUMNS
    if len(dated_actuals) >= months_needed and all(r.period.is_single_month for r in dated_actuals):
        return MONTHLY
    if has_name and len(values) >= 2:
        return SECTIONED
    return None


def _warn_same_month(roles: dict[int, ColumnRole], header_row: int, collector: CellCollector) -> None:
    """Say when two columns of one measure fall in the same month (weekly dates, or a month
    written twice): their values would clash, and charts would show two points a month."""
    seen: dict[tuple[str, str, object], int] = {}
    latest_believable = far_ahead()
    for column, role in sorted(roles.items()):
        if role.kind != "value" or role.period is None:
            continue
        key = (role.measure, role.comparator, role.period.start)
        if key in seen:
            collector.problem(
                "same_month_columns",
                f"Columns {column_letter(seen[key])} and {column_letter(column)} are both {role.measure}s for "
                f"{role.period.start:%B %Y}; this app keeps one value per month, so check whether the columns are weekly "
                "or a month is repeated.",
                header_row,
                column,
                cell=False,
            )
        else:
            seen[key] = column
        if role.measure == "actual" and role.period.start > latest_believable:
            collector.problem(
                "period_far_ahead",
                f"The heading '{role.label}' in column {column_letter(column)} was read as "
                f"{role.period.start:%B %Y}, more than {YEARS_AHEAD} years from now. If it is a day (Feb 30), "
                "write the month and year instead (Feb 2023).",
                header_row,
                column,
                cell=False,
            )


def far_ahead() -> pd.Timestamp:
    """Actuals dated after this are more likely a typing slip than a month still to come."""
    return pd.Timestamp.today().normalize() + pd.DateOffset(years=YEARS_AHEAD)


def read_table(sheet: Sheet, header: Header, collector: CellCollector) -> dict[str, int]:
    """Read a monthly, milestone or sectioned table whose first header row is ``header``;
    observations and problems go to ``collector``. Returns the accounting of the sheet's cells
    (every filled cell outside the table is listed as a problem, so the counts add up)."""
    header_row, roles = header.row, header.roles
    _warn_same_month(roles, header_row, collector)
    title, section = "", ""
    for r in range(header_row):
        filled = [c for c, cell in enumerate(sheet.rows[r]) if non_empty(cell)]
        for c in filled:
            collector.label(r, c)
        if len(filled) == 1:
            # The first text above the header is the title; a later one names the first section.
            text = cell_text(sheet.rows[r][filled[0]])
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
        name = cell_text(sheet.cell(r, name_column))
        if id_column is not None and not name:
            name = cell_text(sheet.cell(r, id_column))
        if not has_values and len(filled) == 1 and name:
            collector.label(r, filled[0])
            if name.startswith("*"):
                collector.problem("note_in_file", f"Note in the file: {shorten(name, 120)}", r, filled[0], cell=False)
            elif title and name.lower() == title.lower():
                pass  # the title repeated after a page break
            elif KPI_WORDS.search(name) and not name.lower().startswith("section"):
                collector.problem(
                    "kpi_without_values", f"'{shorten(name, 80)}' has no values in this file.", r, filled[0], cell=False
                )
            else:
                section = name
            continue
        # A KPI row.
        phase_match = PHASE_ROW.match(name)
        phase = ALL
        if phase_match and last_kpi is not None:
            word = phase_match.group(1).lower()
            phase = PHASE_NAMES.get(word, "Post-16")
            kpi_id, kpi_name = last_kpi
        else:
            raw_id = cell_text(sheet.cell(r, id_column)) if id_column is not None else ""
            kpi_id = raw_id or slugify(name)
            kpi_name = name or raw_id
            if not kpi_name:
                collector.problem(
                    "row_without_name", "This row has values but no KPI name, so it was skipped.", r, None, cell=False
                )
                for c in filled:
                    collector.problem(
                        "cell_without_name",
                        f"'{shorten(cells[c])}' is in a row with no KPI name; it was not read.",
                        r,
                        c,
                    )
                continue
            kpi_ids_seen[kpi_id] += 1
            if kpi_ids_seen[kpi_id] > 1:
                renamed = f"{kpi_id}-{kpi_ids_seen[kpi_id]}"
                collector.problem(
                    "duplicate_kpi",
                    f"KPI '{shorten(kpi_name, 60)}' appears more than once in this sheet; this row is kept "
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
                    "unheaded_column",
                    f"'{shorten(cells[c])}' is in column {column_letter(c)}, which has no heading we recognise; "
                    f"it was not read.{hint}",
                    r,
                    c,
                )
            elif roles[c].kind in ("name", "id"):
                collector.label(r, c)
    observe_cells(sheet, collector, entries, role_sets, value_masks)
    collector.sweep()
    return collector.accounting()


def _columns_by_row(mask: np.ndarray) -> list[list[int]]:
    """For each row of a 2-D boolean array, the list of its True columns."""
    rows, columns = np.nonzero(mask)
    bounds = np.searchsorted(rows, np.arange(mask.shape[0] + 1)).tolist()
    flat = columns.tolist()
    return [flat[bounds[r] : bounds[r + 1]] for r in range(mask.shape[0])]


def first_header(sheet: Sheet) -> Header | None:
    """The first header row in the sheet's first ``HEADER_SEARCH_ROWS`` rows, of whichever
    table layout. Worked out once per sheet and kept on it: the three table readers'
    ``detect`` all ask."""
    if "table_header" not in sheet.memo:
        found = None
        for r in range(min(len(sheet.rows), HEADER_SEARCH_ROWS)):
            roles = _header_roles(sheet.rows[r])
            layout = _classify_header(roles)
            if layout:
                found = Header(r, layout, roles)
                break
        sheet.memo["table_header"] = found
    return sheet.memo["table_header"]


@dataclass(frozen=True)
class TableReader:
    """The registry's entry for one table layout."""

    name: str
    description: str
    reads_whole_file = False

    def detect(self, sheet: Sheet) -> Detection | None:
        """The sheet is this layout's when its first header row is of this layout (a later
        header, after a page break, may be of another kind and is read as it comes). Scores
        0.8 to 0.9, higher the nearer the top: the tidy template, at 1, beats any table."""
        header = first_header(sheet)
        if header is None or header.layout != self.name:
            return None
        return Detection(self.name, 0.9 - 0.1 * header.row / HEADER_SEARCH_ROWS, header)

    def read(self, sheet: Sheet, detection: Detection, collector: CellCollector) -> dict[str, int]:
        """Read the sheet from the detected header (see :func:`read_table`)."""
        return read_table(sheet, detection.found, collector)


MONTHLY_READER = TableReader(
    MONTHLY, "Monthly scorecard: KPI rows, month columns, then England / neighbours / region / target"
)
MILESTONE_READER = TableReader(
    MILESTONE, "Milestone scorecard: KPI ID, KPI, baseline, then target and actual per milestone"
)
SECTIONED_READER = TableReader(
    SECTIONED, "Sectioned KPI table: sections, baseline (date), target, milestones with actuals"
)
