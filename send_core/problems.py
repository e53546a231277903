"""Problems found while reading a file: typed, each with a code from one documented set.

Code that reacts to a problem (the Upload page, :meth:`ScorecardRead.doubts`) looks at its
``code``, never at its message, so a message can be reworded without breaking anything. The
README's "Problem codes" table lists every code; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from .model import string_array

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)  # most serious first: the order problems are listed in
SEVERITY_WORDS = {ERROR: "Error", WARNING: "Warning", INFO: "Note"}  # as a read's summary counts them

# How many problems of one kind a reader lists one by one before it sums up the rest in one
# "N more" line (a broken 200,000-row file would otherwise list 200,000 rows).
MAX_PROBLEMS_PER_CHECK = 500
# DfE open data lists fewer cells one by one: a release holds about a million values.
MAX_CELL_PROBLEMS_LISTED = 200


@dataclass(frozen=True)
class ProblemKind:
    """What a code means: its severity; a short name in plain words, which the Upload page
    shows for it (officers need not learn the codes); and a sentence for the README's table."""

    severity: str
    title: str
    meaning: str


PROBLEM_CODES: dict[str, ProblemKind] = {
    # Opening the file
    "macros_not_run": ProblemKind(
        WARNING, "Macros not run", "The workbook holds macros; they were not run, only cell values read."
    ),
    "named_as_another_format": ProblemKind(
        INFO, "File type differs from its name", "The file's name says one format, its content another."
    ),
    "decimal_commas": ProblemKind(
        INFO, "Decimal commas", "A semicolon-separated CSV: numbers with decimal commas were read as such."
    ),
    "not_utf8": ProblemKind(INFO, "Read as Windows text", "The CSV is not UTF-8; it was read as Windows-1252."),
    "mixed_encodings": ProblemKind(
        WARNING, "Mixed text encodings", "A CSV whose lines are in different encodings; each read in its own."
    ),
    "rows_dropped": ProblemKind(
        WARNING, "Rows past the limit", "A sheet is longer than the row limit; only the first rows were read."
    ),
    "cells_beyond_limits": ProblemKind(
        WARNING, "Cells past the limits", "Filled cells past the rows and columns the app reads; not read."
    ),
    "sheet_not_recognised": ProblemKind(
        WARNING, "Sheet not recognised", "No reader recognised a sheet, so it was not read."
    ),
    # Table layouts (monthly, milestone, sectioned) and the template
    "same_month_columns": ProblemKind(
        WARNING, "Two columns for one month", "Two columns of one measure fall in the same month."
    ),
    "period_far_ahead": ProblemKind(
        WARNING, "Month far in the future", "A month heading read as a month years ahead (Feb 30 as February 2030)."
    ),
    "note_in_file": ProblemKind(
        INFO, "Note in the file", "A note row (starting with *) in the file, shown as written."
    ),
    "kpi_without_values": ProblemKind(INFO, "KPI with no figures", "A KPI row with no values in this file."),
    "row_without_name": ProblemKind(
        WARNING, "Row with no KPI name", "A row with values but no KPI name; it was skipped."
    ),
    "cell_without_name": ProblemKind(
        WARNING, "Figure with no KPI name", "A value in a row with no KPI name; it was not read."
    ),
    "duplicate_kpi": ProblemKind(
        WARNING, "KPI listed twice", "A KPI appears twice in a sheet; the second is kept under a new id."
    ),
    "unheaded_column": ProblemKind(
        WARNING, "Column with no heading", "A value in a column with no heading the reader knows; not read."
    ),
    "excel_percentages": ProblemKind(
        INFO, "Fractions read as percentages", "A percentage row of fractions (Excel's % format), read as percentages."
    ),
    "fraction_as_percent": ProblemKind(
        INFO, "Fraction read as a percentage", "A bare fraction among percentages, read as a percentage."
    ),
    "arrow_without_number": ProblemKind(WARNING, "Arrow with no number", "A trend arrow with no number; not read."),
    "unreadable_value": ProblemKind(
        ERROR, "Figure not understood", "Not a number, range or marker the app knows; not read."
    ),
    "comparator_with_arrow": ProblemKind(
        WARNING, "Arrow in a comparison column", "A comparator cell carries a trend arrow: columns may be shifted."
    ),
    "arrows_disagree": ProblemKind(
        INFO, "Arrows disagree with figures", "The file's trend arrows disagree with its own numbers."
    ),
    "outside_table": ProblemKind(
        WARNING, "Cell outside the table", "A filled cell outside the table that was found; not read."
    ),
    "not_template_column": ProblemKind(
        WARNING, "Column not in the template", "A column that is not part of the template; ignored."
    ),
    "template_row_not_read": ProblemKind(
        ERROR, "Template row not read", "A template row with a missing or wrong field; not read."
    ),
    "percent_out_of_range": ProblemKind(
        WARNING,
        "Percentage above 100 or below 0",
        "A percentage figure or target above 100 or below 0: read as written; check it.",
    ),
    "more_problems": ProblemKind(
        WARNING, "More of the same", "How many more problems of one kind were found than are listed."
    ),
    # DfE open data
    "level_not_used": ProblemKind(INFO, "Level not used", "Rows at a geographic level the app does not use."),
    "authority_not_found": ProblemKind(ERROR, "Local authority not found", "No rows for the local authority chosen."),
    "authority_not_chosen": ProblemKind(
        INFO, "Local authority not chosen", "No local authority chosen yet: England rows read as comparators."
    ),
    "breakdowns_not_read": ProblemKind(
        INFO, "Breakdowns not read", "A release file's breakdowns (age, sex ...) were counted; only totals read."
    ),
    "duplicate_column": ProblemKind(
        WARNING, "Column named twice", "Two columns with one name; the second is read under a new name."
    ),
    "file_not_read": ProblemKind(
        WARNING,
        "File in the zip not read",
        "A file in a zip that is not DfE open data or could not be opened; not read.",
    ),
}

PROBLEM_TITLES = {code: kind.title for code, kind in PROBLEM_CODES.items()}  # code -> its short name


@dataclass(frozen=True)
class Problem:
    """One problem. ``row`` and ``column`` are 1-based, as a spreadsheet numbers them; None
    when the problem is about a whole row, column, sheet or file. ``location`` says where as
    a person would (``Scorecard!F12``, ``row 12, column F``)."""

    code: str
    severity: str
    message: str
    location: str = ""
    sheet: str = ""
    row: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ValueError(f"Unknown problem code {self.code!r}: add it to PROBLEM_CODES and the README.")
        if self.severity not in SEVERITIES:
            raise ValueError(f"Unknown severity {self.severity!r}.")


def problem(code: str, message: str, *, severity: str | None = None, **where: object) -> Problem:
    """A :class:`Problem` whose severity is its code's, unless given (the ``more_problems``
    line takes the severity of the problems it counts)."""
    return Problem(code, severity or PROBLEM_CODES[code].severity, message, **where)


PROBLEM_COLUMNS: tuple[str, ...] = ("code", "severity", "message", "location", "sheet", "row", "column")


def problems_frame(problems: Iterable[Problem] = ()) -> pd.DataFrame:
    """Problems as a frame in ``PROBLEM_COLUMNS`` (row and column as nullable integers)."""
    problems = list(problems)
    # Column by column from the attributes: dataclasses.asdict copies deeply, and a read may
    # list hundreds of problems.
    data: dict[str, object] = {
        column: string_array(pa.array([getattr(p, column) for p in problems], type=pa.large_string()))
        for column in ("code", "severity", "message", "location", "sheet")
    }
    for column in ("row", "column"):
        numbers = [getattr(p, column) for p in problems]
        # Built from values and a mask: pd.array(..., dtype="Int64") checks each value again.
        data[column] = pd.arrays.IntegerArray(
            np.array([0 if number is None else number for number in numbers], dtype=np.int64),
            np.array([number is None for number in numbers], dtype=bool),
        )
    return pd.DataFrame(data, copy=False)


def by_severity(problems: pd.DataFrame) -> pd.DataFrame:
    """Problems with errors first, then warnings, then notes; within each, in the file's order,
    as a person works through it: sheet by sheet (in the order the sheets were read), then by
    row and column, a problem about a whole sheet or file before its cells' (stable otherwise).
    A new frame; the caller's is not changed."""
    ranks = {severity: index for index, severity in enumerate(SEVERITIES)}

    def position(column: str) -> np.ndarray:  # a whole sheet's or file's problem (no row) first
        return problems[column].astype("Float64").fillna(-1).to_numpy(dtype=float)

    # np.lexsort sorts by its last key first, and is stable.
    order = np.lexsort(
        (
            position("column"),
            position("row"),
            pd.factorize(problems["sheet"])[0],
            problems["severity"].map(ranks).to_numpy(),
        )
    )
    return problems.iloc[order]


def problems_table(problems: pd.DataFrame) -> pd.DataFrame:
    """Problems as the Upload page lists them: in :func:`by_severity`'s order, with columns
    ``severity`` (in words: "Error", "Warning", "Note"), ``location``, ``message``, ``kind``
    (the code's short title) and ``code``. A new frame."""
    table = by_severity(problems)[["severity", "location", "message", "code"]]
    return table.assign(severity=table["severity"].map(SEVERITY_WORDS), kind=table["code"].map(PROBLEM_TITLES))[
        ["severity", "location", "message", "kind", "code"]
    ]


# The messages download's headings, as the Upload page's table words them.
DOWNLOAD_HEADINGS = dict(
    file="File", severity="Severity", location="Where", message="What we found", kind="Kind", code="Code"
)


def problems_download(problems: pd.DataFrame, file_name: str) -> pd.DataFrame:
    """A read's problems to download and work through while fixing the file: the Upload page's
    table (:func:`problems_table`) under its headings, with the file named on every line, so
    several files' messages pasted into one sheet still say which file each is about. A new
    frame; the text is as read, so write it with ``downloads.to_csv_bytes`` (formulas
    neutralised)."""
    table = problems_table(problems)
    table.insert(0, "file", file_name)
    return table.rename(columns=DOWNLOAD_HEADINGS).reset_index(drop=True)
