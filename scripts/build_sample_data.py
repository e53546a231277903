"""Rebuild the spreadsheets in sample_data/ (run by hand, never by the app or the tests).

The figures come from the published committee papers kept beside the project in
``../shared/seeds/`` (see sample_data/README.md for each file's origin). The workbooks keep the
layout and cell quirks of the originals: title rows, section rows, text month headers, values
with trend arrows, markers such as ``requested``, and a page break that repeats the title.

    python scripts/build_sample_data.py           # needs ../shared/seeds
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "sample_data"
BOLD = Font(bold=True)


def cell_value(text: str) -> object:
    """Plain numbers become numbers (as Excel would store them); everything else stays text."""
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text or None


def build_bcp_monthly() -> None:
    lines = (SEEDS / "001_e20a8f2a2f81fcb2.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("KPI\tDec 23"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard Jan 25"
    sheet.append(["SEND SCORECARD"])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in lines[start:]:
        if not line.strip():
            continue
        cells = line.split("\t")
        if line.strip() == "SEND SCORECARD":
            sheet.append([])  # the page break in the printed original
            sheet.append(["SEND SCORECARD"])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=14)
            continue
        row = [cell_value(c) for c in cells]
        sheet.append(row)
        if len([c for c in row if c is not None]) == 1 or cells[0] == "KPI":
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
        if cells[0].startswith("SEND Workforce"):
            break
    sheet.column_dimensions["A"].width = 70
    sheet.freeze_panes = "B3"
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=False)
    workbook.save(OUT / "bcp_send_scorecard_jan25.xlsx")


def build_kpi_table() -> None:
    """Seed 002: one cell per line, sections A-D, seven columns."""
    lines = [line.strip() for line in (SEEDS / "002_37a5242d30343601.txt").read_text(encoding="utf-8").split("\n")]
    lines = [line for line in lines if line]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "KPI table"
    sheet.append(["SEND improvement plan: key performance indicators"])
    sheet["A1"].font = Font(bold=True, size=14)
    i = 0
    row: list[str] = []

    def flush() -> None:
        if row:
            sheet.append([row[0]] + [cell_value(c) for c in row[1:]])
            row.clear()

    while i < len(lines):
        line = lines[i]
        if line.startswith("Section "):
            flush()
            sheet.append([])
            sheet.append([line])
            sheet.cell(sheet.max_row, 1).font = BOLD
            header = lines[i + 1 : i + 8]
            sheet.append(header)
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
            i += 8
            continue
        if line.startswith("*"):
            flush()
            sheet.append([line])
            i += 1
            continue
        is_value = bool(re.match(r"^([<>]?\d|n/a)", line))
        if not is_value:
            flush()
            row.append(line)
        else:
            row.append(line)
        i += 1
    flush()
    sheet.column_dimensions["A"].width = 80
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 24
    workbook.save(OUT / "send_kpi_table_2023.xlsx")


LOCALITIES = ("North", "South", "East", "West")
PHASE_SHARES = {"Early years": 0.18, "Primary": 0.42, "Secondary": 0.3, "Post-16": 0.1}


def build_locality_breakdown() -> None:
    """Illustrative numbers only: a locality x phase breakdown in the app's tidy template.

    No seed publishes one. The totals are scaled to a large city's monthly EHC needs
    assessment requests, and the 20-week timeliness sits near Birmingham's published 2024
    figure (26.7%), but every split is made up with a fixed random seed.
    """
    generator = random.Random(20240131)
    locality_weight = {"North": 0.22, "South": 0.27, "East": 0.3, "West": 0.21}
    locality_timeliness = {"North": 31.0, "South": 24.0, "East": 19.0, "West": 34.0}
    rows = []
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    for index, month in enumerate(months):
        for locality in LOCALITIES:
            for phase, share in PHASE_SHARES.items():
                requests = max(0, round(520 * locality_weight[locality] * share * (0.85 + 0.3 * generator.random())))
                rows.append(
                    {
                        "kpi_id": "ILL-REQ",
                        "kpi_name": "Requests for an EHC needs assessment (illustrative)",
                        "section": "Illustrative locality breakdown",
                        "measure": "actual",
                        "period": month,
                        "value": requests,
                        "unit": "count",
                        "locality": locality,
                        "phase": phase,
                    }
                )
            trend = index * 0.6
            timely = locality_timeliness[locality] + trend + generator.uniform(-4, 4)
            rows.append(
                {
                    "kpi_id": "ILL-20WK",
                    "kpi_name": "% of EHC plans issued within 20 weeks (illustrative)",
                    "section": "Illustrative locality breakdown",
                    "measure": "actual",
                    "period": month,
                    "value": f"{max(0.0, min(100.0, timely)):.1f}%",
                    "unit": "percent",
                    "locality": locality,
                    "phase": "All",
                }
            )
        month_requests = [
            r for r in rows if r["kpi_id"] == "ILL-REQ" and r["period"] == month and r["locality"] != "All"
        ]
        totals: dict[tuple[str, str], int] = {}
        for r in month_requests:
            totals[(r["locality"], "All")] = totals.get((r["locality"], "All"), 0) + r["value"]
            totals[("All", r["phase"])] = totals.get(("All", r["phase"]), 0) + r["value"]
        for (locality, phase), total in totals.items():
            rows.append({**month_requests[0], "locality": locality, "phase": phase, "value": total})
        whole_requests = sum(r["value"] for r in month_requests)
        whole_timely = (
            sum(float(r["value"].rstrip("%")) for r in rows[-20:] if r["kpi_id"] == "ILL-20WK" and r["period"] == month)
            / 4
        )
        for kpi_id, value, unit in (
            ("ILL-REQ", whole_requests, "count"),
            ("ILL-20WK", f"{whole_timely:.1f}%", "percent"),
        ):
            name = next(r["kpi_name"] for r in rows if r["kpi_id"] == kpi_id)
            rows.append(
                {
                    "kpi_id": kpi_id,
                    "kpi_name": name,
                    "section": "Illustrative locality breakdown",
                    "measure": "actual",
                    "period": month,
                    "value": value,
                    "unit": unit,
                    "locality": "All",
                    "phase": "All",
                }
            )
    for locality in LOCALITIES + ("All",):
        rows.append(
            {
                "kpi_id": "ILL-20WK",
                "kpi_name": "% of EHC plans issued within 20 weeks (illustrative)",
                "section": "Illustrative locality breakdown",
                "measure": "target",
                "period": "",
                "value": "40%",
                "unit": "percent",
                "locality": locality,
                "phase": "All",
            }
        )
    columns = ["kpi_id", "kpi_name", "section", "measure", "comparator", "period", "value", "unit", "locality", "phase"]
    with open(OUT / "illustrative_locality_breakdown.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def main() -> int:
    if not SEEDS.is_dir():
        print(f"The seed documents are not at {SEEDS}; nothing was rebuilt.", file=sys.stderr)
        return 1
    build_bcp_monthly()
    build_kpi_table()
    build_locality_breakdown()
    print("Rebuilt the sample spreadsheets in", OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
