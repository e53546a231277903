"""Synthetic workbooks for the benchmarks, shaped like real scorecards (made up numbers)."""

from __future__ import annotations

import io
import random

import pandas as pd
from openpyxl import Workbook

ARROWS = ("▲", "▼", "▶")


def monthly_scorecard(kpis: int = 200, months: int = 36, seed: int = 7) -> bytes:
    """A monthly scorecard: title, sections every 20 KPIs, month columns, Nat / SN / SW / Target.

    Cells are written as officers write them: a third percentages with arrows, a third counts
    with arrows, a third plain numbers; a few markers.
    """
    generator = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Scorecard")
    month_labels = [f"{m:%b %y}" for m in pd.date_range("2022-01-01", periods=months, freq="MS")]
    sheet.append(["SEND SCORECARD"])
    sheet.append(["KPI", *month_labels, "Nat", "SN", "SW", "Target"])
    for index in range(kpis):
        if index % 20 == 0:
            sheet.append([f"Section {index // 20 + 1}"])
        kind = index % 3
        name = (
            f"% of plans meeting measure {index}",
            f"No. of cases for measure {index}",
            f"Average wait for measure {index}",
        )[kind]
        row: list[object] = [name]
        for _ in range(months):
            if generator.random() < 0.02:
                row.append("requested")
            elif kind == 0:
                row.append(f"{generator.uniform(10, 90):.1f}% {generator.choice(ARROWS)}")
            elif kind == 1:
                row.append(f"{generator.randint(10, 5000)} {generator.choice(ARROWS)}")
            else:
                row.append(round(generator.uniform(5, 40), 1))
        row += ["43.3%", "41.2%", "43.8%", "50%"] if kind == 0 else [None, None, None, None]
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def long_template(rows: int = 20_000, seed: int = 11) -> bytes:
    """The tidy template with ``rows`` rows, as an .xlsx."""
    generator = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(["kpi_id", "kpi_name", "measure", "period", "value", "unit", "locality", "phase"])
    localities = ("North", "South", "East", "West")
    phases = ("Early years", "Primary", "Secondary", "Post-16")
    for index in range(rows):
        month = pd.Timestamp("2020-01-01") + pd.DateOffset(months=index % 60)
        sheet.append(
            [
                f"K{index % 50}",
                f"KPI number {index % 50}",
                "actual",
                month.to_pydatetime(),
                generator.randint(0, 500),
                "count",
                localities[index % 4],
                phases[(index // 4) % 4],
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
