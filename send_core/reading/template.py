"""The app's own tidy template: one row per value, in the model's columns (a blank one is on
the Downloads page). Read in column operations, so a 200,000-row file takes seconds."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import model
from ..model import ALL
from ..problems import ERROR, MAX_PROBLEMS_PER_CHECK, WARNING
from .collector import CellCollector
from .headers import cell_text, normalise_phase, shorten
from .periods import frequency_of, parse_period
from .reader import Detection
from .values import parse_value_column
from .workbook import Sheet, count_non_empty, decimal_comma, non_empty

TEMPLATE = "template"
# Every observation column but those the app fills in: the source cell, the comparator's area
# (its kind names it) and the frequency (from the period as written).
TEMPLATE_COLUMNS = tuple(c for c in model.OBSERVATION_COLUMNS if c not in ("source", "area", "frequency"))
TEMPLATE_REQUIRED = ("kpi_id", "period", "value")
TEMPLATE_HEADER_ROWS = 10  # the template's header is looked for in this many rows at the top


def _text_column(cells: pd.Series) -> pd.Series:
    """``_text`` for a whole column at once (vectorised string operations)."""
    as_object = cells.astype(object)
    text = as_object.where(as_object.notna(), "").astype(str)
    return text.str.replace("\u00a0", " ", regex=False).str.replace(r"\s+", " ", regex=True).str.strip()


def read_template(sheet: Sheet, header_row: int, collector: CellCollector) -> dict[str, int]:
    """Read the tidy template in column operations (a 200,000-row file takes seconds).

    Returns the accounting for this sheet; observations and problems go to ``collector``.
    """
    header = {
        c: cell_text(cell).lower().replace(" ", "_") for c, cell in enumerate(sheet.rows[header_row]) if non_empty(cell)
    }
    for c, name in header.items():
        if name not in TEMPLATE_COLUMNS:
            collector.problem(
                "not_template_column",
                f"Column '{name}' is not part of the template; it was ignored.",
                header_row,
                c,
                cell=False,
            )
    width = max(header) + 1
    body = sheet.rows[header_row + 1 :]
    frame = pd.DataFrame(
        [row[:width] + [""] * (width - len(row[:width])) for row in body], columns=range(width), dtype=object
    )
    frame.index = range(header_row + 1, header_row + 1 + len(frame))
    texts = frame.apply(_text_column) if len(frame) else frame.astype(str)
    if "kpi_id" in header.values() and len(frame):
        # Excel stores an id typed as 12 as 12.0: read ids the way cell_text does, so they join the plan.
        id_column = next(c for c, name in header.items() if name == "kpi_id")
        texts[id_column] = frame[id_column].map(cell_text)
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
                if stray <= MAX_PROBLEMS_PER_CHECK:
                    collector.problem(
                        "unheaded_column",
                        f"'{shorten(cell)}' is in a column with no heading; it was not read.",
                        header_row + 1 + offset,
                        c,
                        cell=False,
                    )
    if stray > MAX_PROBLEMS_PER_CHECK:
        collector.problem(
            "more_problems",
            f"{stray - MAX_PROBLEMS_PER_CHECK} more cells are in columns with no heading.",
            cell=False,
            severity=WARNING,
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
    phase = phase_text.map(normalise_phase)
    unit = column("unit").str.lower()
    period_text = texts[columns["period"]]
    periods = {text: parse_period(text) for text in period_text.unique() if text}
    period_start = period_text.map(lambda t: periods[t].start if periods.get(t) else pd.NaT)
    period_frequency = period_text.map(lambda t: frequency_of(periods.get(t)))
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
            lambda i: f"period '{shorten(period_text[i])}' is not a date or period we can read.",
        ),
        (
            (period_text == "") & ~measure.isin(["target", "comparator"]),
            "period",
            lambda i: "period is empty: actuals and baselines need a period.",
        ),
        (
            values["kind"] == "unreadable",
            "value",
            lambda i: f"value '{shorten(values['text'][i])}' is not a number, range or marker we know.",
        ),
        (values["kind"] == "empty", "value", lambda i: "value is empty."),
    ]
    bad = pd.Series(False, index=frame.index)
    value_column = columns["value"]
    for mask, name, message in checks:
        mask = mask & row_used
        for i in mask[mask].index[:MAX_PROBLEMS_PER_CHECK]:
            collector.problem(
                "template_row_not_read", f"Row not read: {message(i)}", i, columns.get(name, value_column), cell=False
            )
        hidden = int(mask.sum()) - MAX_PROBLEMS_PER_CHECK
        if hidden > 0:
            collector.problem(
                "more_problems", f"{hidden} more rows have the same problem with {name}.", cell=False, severity=ERROR
            )
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
            "frequency": period_frequency[good],
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
    collector.frames.append(model.normalise_observations(observations))
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


def template_header_row(sheet: Sheet, limit: int = TEMPLATE_HEADER_ROWS) -> int | None:
    """The 0-based row holding every required template heading in the first ``limit`` rows."""
    for r in range(min(limit, len(sheet.rows))):
        texts = [c for c in sheet.rows[r] if type(c) is str]
        # Most rows of most sheets hold no "kpi" at all: one joined, lowered string says so at once.
        if "kpi" not in " ".join(texts).lower():
            continue
        names = {" ".join(c.split()).lower().replace(" ", "_") for c in texts}
        if all(name in names for name in TEMPLATE_REQUIRED):
            return r
    return None


@dataclass(frozen=True)
class TemplateReader:
    """The registry's entry for the tidy template."""

    name: str = TEMPLATE
    description: str = "The app's own tidy template (one row per value)"
    reads_whole_file = False

    def detect(self, sheet: Sheet) -> Detection | None:
        """A row holding every required template heading scores 1: nothing else looks like it."""
        row = template_header_row(sheet)
        return None if row is None else Detection(self.name, 1.0, row)

    def read(self, sheet: Sheet, detection: Detection, collector: CellCollector) -> dict[str, int]:
        """Read the sheet from the detected header row (see :func:`read_template`)."""
        return read_template(sheet, detection.found, collector)


TEMPLATE_READER = TemplateReader()
