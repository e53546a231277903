"""``read_scorecard``: open a file, let the registry's readers detect what it holds, read it.

Returns a :class:`ScorecardRead`: tidy observations (see :mod:`send_core.model`), every
problem typed with its code and cell, the layout, and an accounting of every non-empty cell,
so nothing is lost silently.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from ..errors import ScorecardError
from ..model import observations_frame
from ..problems import ERROR, INFO, WARNING, Problem, problem, problems_frame
from ..wording import how_many, period_text
from .checks import implausible_percentages
from .collector import CellCollector
from .extents import MAX_COLUMNS, MAX_ROWS
from .headers import ColumnMapping, cell_text, roles_from_mapping
from .reader import OPENED_SHARE, ReadOptions
from .registry import MANUAL, MIXED, READ_LAYOUTS, file_readers, reader_named, sheet_readers
from .table import MONTHLY, Header, read_table
from .workbook import Sheet, column_letter, count_non_empty, file_provenance, non_empty, open_file, source_bytes

UNSURE_UNREAD_SHARE = 0.1  # more of a file's filled cells than this not understood: ask the user
PREVIEW_ROWS = 30  # rows of each sheet shown in the "which column is what" form


@dataclass
class ScorecardRead:
    """The result of reading one file."""

    filename: str
    layout: str  # a reader's name, or MANUAL (a person's column mapping), or MIXED (sheets differ)
    observations: pd.DataFrame
    problems: pd.DataFrame  # send_core.problems.PROBLEM_COLUMNS
    accounting: dict[str, int]
    local_authorities: pd.DataFrame | None = None
    sheets_read: list[str] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list, repr=False)
    local_authority: str | None = None  # which authority is "us" in DfE open data
    checksum: str = ""  # SHA-256 of the file's bytes (hex): the board pack lists it with the file
    read_at: str = ""  # when the file was read, UTC, ISO 8601 to the second

    @property
    def kpis(self) -> list[str]:
        """The KPI ids read, in the file's order."""
        return list(dict.fromkeys(self.observations["kpi_id"]))

    @property
    def periods(self) -> list[pd.Timestamp]:
        """The dated periods read, oldest first."""
        return sorted(self.observations["period"].dropna().unique())

    def has_problem(self, code: str) -> bool:
        """Whether a problem with this code was found."""
        return bool((self.problems["code"] == code).any())

    @property
    def reads_whole_file(self) -> bool:
        """Whether a whole-file reader (DfE open data, a release zip) read it: no column mapping
        applies, and it may ask which authority is "us"."""
        return self.layout in {reader.name for reader in file_readers()}

    def doubts(self) -> list[str]:
        """Why this read, though it worked, may not be what the file means, in plain English:
        much of it not understood (over ``UNSURE_UNREAD_SHARE`` of the filled cells; a share,
        so a long file with a few odd cells is not doubted), or sheets no reader recognised.
        Empty when the read looks right. A file read whole (DfE open data, a release) is never
        doubted: its columns are named.
        """
        if self.reads_whole_file:
            return []
        cells, unread = self.accounting.get("cells", 0), self.accounting.get("problems", 0)
        skipped = int((self.problems["code"] == "sheet_not_recognised").sum())
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
        dated = self.observations[self.observations["period"].notna()]
        frequency = dated["frequency"].value_counts().index[0] if len(dated) else "month"
        span = (
            f"{period_text(periods[0], frequency)} to {period_text(periods[-1], frequency)}"
            if periods
            else "no dated periods"
        )
        return (
            f"{self.filename}: {READ_LAYOUTS[self.layout]}. "
            f"{how_many(len(self.kpis), 'KPI')}, {how_many(len(periods), 'period')} ({span}), "
            f"{how_many(len(self.observations), 'value and marker', 'values and markers')}. "
            f"Problems: {how_many(int(counts.get(ERROR, 0)), 'error')}, "
            f"{how_many(int(counts.get(WARNING, 0)), 'warning')}, {how_many(int(counts.get(INFO, 0)), 'note')}."
        )


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
    ``layout`` names the one reader to use (a key of ``LAYOUTS``) instead of asking every
    reader; a sheet that reader does not recognise is listed as a problem. ``mapping`` says
    which column is what for a sheet no layout recognises; ``local_authority`` picks "us" in
    DfE open data (a name or a code). ``progress``, if given, is called as the read goes on
    with the share done (0 to 1) and a plain-English step ("Reading sheet 'Scorecard' (1 of
    2)"), for a progress bar on large files. Raises :class:`ScorecardError` when the file
    cannot be read at all (empty, damaged, password-protected, a zip bomb, no layout
    recognised in any sheet, an unknown ``layout``).
    """
    if layout is not None:
        reader_named(layout)  # an unknown layout is refused before the file is opened

    def report(done: float, step: str) -> None:
        if progress is not None:
            progress(done, step)

    data, name = source_bytes(source, filename)
    report(0.0, f"Opening {name}")
    opened = open_file(data, name)
    report(OPENED_SHARE, f"Opened {name}")
    notes: list[Problem] = list(opened.notes)

    if mapping is None:
        for reader in file_readers(layout):
            detection = reader.detect(opened)
            if detection is None:
                if layout is not None:
                    raise ScorecardError(f"{name} {reader.refusal}.")
                continue
            whole = reader.read(opened, detection, ReadOptions(local_authority, report))
            report(1.0, f"Read {name}")
            notes += implausible_percentages(whole.observations)
            problems = (
                pd.concat([problems_frame(notes), whole.problems], ignore_index=True) if notes else whole.problems
            )
            return ScorecardRead(
                name,
                reader.name,
                whole.observations,
                problems,
                whole.accounting,
                whole.local_authorities,
                [Path(name).stem],
                [],
                local_authority,
                *file_provenance(data),
            )

    for sheet in opened.sheets:
        if sheet.rows_dropped:
            notes.append(
                problem(
                    "rows_dropped",
                    f"'{sheet.name}' has {sheet.rows_dropped + len(sheet.rows):,} rows; only the first "
                    f"{len(sheet.rows):,} were read. Split the file to read the rest.",
                    location=sheet.name,
                    sheet=sheet.name,
                )
            )

    readers = sheet_readers(layout)
    frames, problem_list, sheets_read, layouts = [], notes, [], []
    accounting = Counter({"cells": 0, "values": 0, "markers": 0, "labels": 0, "problems": 0})
    for sheet in opened.sheets:
        if sheet.cells_dropped:
            # Cells past the limits were never loaded: listed, and counted as not understood.
            problem_list.append(
                problem(
                    "cells_beyond_limits",
                    f"'{sheet.name}' has {how_many(sheet.cells_dropped, 'filled cell')} beyond the {MAX_ROWS:,} rows and "
                    f"{MAX_COLUMNS:,} columns this app reads (the furthest at {sheet.furthest}); they were not "
                    "read. Delete what lies beyond the table, or split the file, and upload it again.",
                    location=sheet.name,
                    sheet=sheet.name,
                )
            )
            accounting.update(cells=sheet.cells_dropped, problems=sheet.cells_dropped)
    for index, sheet in enumerate(opened.sheets):
        report(
            OPENED_SHARE + (1 - OPENED_SHARE) * index / len(opened.sheets),
            f"Reading sheet '{sheet.name}' ({index + 1} of {len(opened.sheets)})",
        )
        if mapping is not None and mapping.sheet not in (None, sheet.name):
            continue
        if not any(non_empty(c) for row in sheet.rows for c in row):
            continue
        collector = CellCollector(sheet, name)
        if mapping is not None:
            header = Header(mapping.header_row, MONTHLY, roles_from_mapping(sheet, mapping))
            sheet_accounting, found_layout = read_table(sheet, header, collector), MANUAL
        else:
            detections = [(detection, reader) for reader in readers if (detection := reader.detect(sheet))]
            if not detections:
                problem_list.append(_not_recognised(sheet, layout))
                cells = count_non_empty(sheet.rows)
                accounting.update(cells=cells, labels=cells)
                continue
            # The best score wins; max keeps the first of equals, so a tie goes to the earlier reader.
            detection, reader = max(detections, key=lambda pair: pair[0].score)
            sheet_accounting, found_layout = reader.read(sheet, detection, collector), reader.name
        layouts.append(found_layout)
        sheets_read.append(sheet.name)
        frames.append(collector.observations())
        problem_list.extend(collector.problems)
        accounting.update(sheet_accounting)
    if not layouts:
        # What opening the file noticed (plain text named .xlsx, say) may be the real trouble.
        noticed = "".join(f" {note.message}" for note in opened.notes)
        raise ScorecardError(
            f"{name}: no sheet looks like a scorecard we know (a header row with KPI and month, target or "
            "milestone columns, or the app's template). Download the template from the Downloads page, or "
            f"say which column is what.{noticed}"
        )
    if len(frames) == 1:
        observations = frames[0]
    else:
        observations = pd.concat(frames, ignore_index=True) if frames else observations_frame()
    found = layouts[0] if len(set(layouts)) == 1 else MIXED
    problem_list += implausible_percentages(observations)
    report(1.0, f"Read {name}")
    return ScorecardRead(
        name,
        found,
        observations,
        problems_frame(problem_list),
        dict(accounting),
        None,
        sheets_read,
        opened.sheets,
        None,
        *file_provenance(data),
    )


def _not_recognised(sheet: Sheet, layout: str | None) -> Problem:
    reader = f"The {layout} reader did not recognise" if layout else "No scorecard layout was recognised in"
    return problem(
        "sheet_not_recognised",
        f"{reader} sheet '{sheet.name}', so it was not read. If it holds KPIs, use 'Say which column is what' to "
        "read it.",
        location=sheet.name,
        sheet=sheet.name,
    )


def preview_sheet(
    source: str | os.PathLike | bytes | BinaryIO, *, filename: str | None = None, rows: int = PREVIEW_ROWS
) -> dict[str, pd.DataFrame]:
    """The first ``rows`` rows of every sheet as text frames, for the "which column is what"
    form, with columns lettered and rows numbered as the spreadsheet does."""
    data, name = source_bytes(source, filename)
    opened = open_file(data, name)
    previews = {}
    for sheet in opened.sheets:
        head = [[cell_text(c) for c in row] for row in sheet.rows[:rows]]
        width = max((len(r) for r in head), default=0)
        previews[sheet.name] = pd.DataFrame(
            [r + [""] * (width - len(r)) for r in head],
            columns=[column_letter(i) for i in range(width)],
            index=range(1, len(head) + 1),
        )
    return previews
