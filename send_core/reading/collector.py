"""What becomes of every cell while a sheet is read: observations, typed problems, and the
fate of each non-empty cell, so the accounting adds up and nothing is dropped silently."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..model import observations_frame
from ..problems import PROBLEM_CODES, Problem, problem
from .headers import shorten
from .values import EMPTY, cell_codes
from .workbook import Sheet


class CellCollector:
    """Collects observations, problems and the fate of every cell while a sheet is read.

    The fate of each cell (label, value, marker or problem) is kept in a grid the size of the
    sheet, so the accounting at the end is a count, and nothing non-empty can go unlisted.
    """

    LABEL, VALUE, MARKER, PROBLEM = 1, 2, 3, 4

    def __init__(self, sheet: Sheet, filename: str):
        self.sheet = sheet
        self.filename = filename
        self.problems: list[Problem] = []
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
        """What each cell is (:func:`send_core.reading.values.cell_codes`), in the grid's shape."""
        return cell_codes(self.grid.ravel().tolist()).reshape(self.grid.shape)

    @functools.cached_property
    def filled(self) -> np.ndarray:
        """Which cells hold anything (a value, a marker or text)."""
        return self.codes != EMPTY

    @functools.cached_property
    def fate(self) -> np.ndarray:
        """What became of each cell: 0 (nothing yet), or LABEL, VALUE, MARKER, PROBLEM."""
        return np.zeros(self.grid.shape, dtype=np.int8)

    def label(self, row: int, column: int) -> None:
        """Count the cell as a label or heading, unless something else has claimed it."""
        if self.fate[row, column] == 0:
            self.fate[row, column] = self.LABEL

    def problem(
        self,
        code: str,
        message: str,
        row: int | None = None,
        column: int | None = None,
        *,
        cell: bool = True,
        severity: str | None = None,
    ) -> None:
        """List a problem (``code`` from :data:`send_core.problems.PROBLEM_CODES`; ``row`` and
        ``column`` 0-based). With ``cell``, the cell's fate becomes "problem" if nothing else
        has claimed it, so it counts as not understood."""
        if row is not None and column is not None:
            location = self.sheet.locate(row, column)
        elif row is not None:
            location = self._row_location(row)
        else:
            location = self.sheet.name
        self.problems.append(
            problem(
                code,
                message,
                severity=severity,
                location=location,
                sheet=self.sheet.name,
                row=None if row is None else row + 1,
                column=None if column is None else column + 1,
            )
        )
        if cell and row is not None and column is not None and self.fate[row, column] == 0:
            self.fate[row, column] = self.PROBLEM

    def row_problems(self, code: str, rows: list[int], messages: list[str]) -> None:
        """List one problem per row (0-based ``rows``), about the whole row, as :meth:`problem`
        with no column and ``cell=False`` would, each with its message: a rule that can fire
        on most rows of a sheet (arrows that disagree) makes them in one go."""
        severity = PROBLEM_CODES[code].severity
        self.problems.extend(
            Problem(code, severity, message, location=self._row_location(row), sheet=self.sheet.name, row=row + 1)
            for row, message in zip(rows, messages, strict=True)
        )

    def _row_location(self, row: int) -> str:
        """A whole row (0-based) as a person names it: ``Scorecard, row 12``, or ``row 12`` in a CSV."""
        return f"row {row + 1}" if self.sheet.is_csv else f"{self.sheet.name}, row {row + 1}"

    def observations(self) -> pd.DataFrame:
        """The observations read from the sheet so far, as one frame."""
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
                "outside_table",
                f"This cell was not read: '{shorten(self.grid[row, column])}' is outside the table we found.",
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
