"""Build the Birmingham sample's illustrative monthly figures and locality breakdown (run by
hand, never by the app or the tests; needs only the project's own files).

Birmingham's Accelerated Progress Plan (sample_data/birmingham_app_plan.yaml) publishes a
baseline (May 2021) and an actual at each six-monthly milestone (Nov 2021 to May 2023) for
most of its KPIs. A manager's scorecard has a figure every month, and some KPIs broken down by
locality and phase; no seed publishes those. So this script makes them up, in a way that
keeps to every published figure:

- the whole-area monthly series passes exactly through the published baseline and each
  published milestone actual; the months between are a straight line between them with a
  little seeded noise, and June 2023 follows May 2023;
- the locality breakdowns (North, South, East, West; for counts also by phase, in each
  locality and across the whole area) add up to the whole-area count each month, and
  percentages sit either side of the whole-area figure.

Every file it writes is labelled illustrative in sample_data/README.md and in the app.

    python scripts/build_birmingham_sample.py
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from send_core.plan import load_plan  # noqa: E402
from send_core.plan.entries import PlanKpi  # noqa: E402

PLAN = ROOT / "sample_data" / "birmingham_app_plan.yaml"
MONTHLY = ROOT / "sample_data" / "birmingham_illustrative_monthly.csv"
LOCALITY_FILE = ROOT / "sample_data" / "birmingham_illustrative_localities.csv"
LAST_MONTH = pd.Timestamp("2023-06-01")  # the month before the plan's as-at date (14 July 2023)
SEED = 20230714
COLUMNS = ["kpi_id", "kpi_name", "section", "measure", "period", "value", "unit", "locality", "phase"]

LOCALITY_SHARES = {"North": 0.26, "South": 0.29, "East": 0.28, "West": 0.17}
# Percentage points either side of the whole-area figure (for figures of 30% or more; smaller
# ones in proportion): their weighted sum is about zero.
LOCALITY_OFFSETS = {"North": 3.0, "South": -2.0, "East": -4.0, "West": 5.0}
PHASE_SHARES = {"Early years": 0.12, "Primary": 0.38, "Secondary": 0.35, "Post-16": 0.15}
# The KPIs broken down: percentages by locality; counts by locality and phase.
BY_LOCALITY = ("SL2", "GBR1a", "GBR2a", "GBR8.a")
BY_LOCALITY_AND_PHASE = ("GBR8.b", "GBR2b", "WTW6")


def anchors(observations: pd.DataFrame, kpi_id: str) -> pd.Series:
    """The published figures a KPI's months must pass through: its baseline and milestone
    actuals, by month (later figures win where a baseline and an actual share a month)."""
    rows = observations[
        (observations["kpi_id"] == kpi_id)
        & observations["measure"].isin(["baseline", "actual"])
        & observations["value"].notna()
        & observations["period"].notna()
    ].sort_values(["period", "measure"])
    return rows.groupby("period")["value"].last()


def monthly_series(points: pd.Series, unit: str, generator: random.Random) -> pd.Series:
    """A figure for every month from the first published one to LAST_MONTH: exact at the
    published months, a straight line between them plus noise (about 2% of the figure), the
    last published figure carried on after it. Percentages stay within 0-100; counts whole."""
    months = pd.date_range(points.index.min(), LAST_MONTH, freq="MS")
    line = points.reindex(months).interpolate(method="time").ffill()
    values = []
    for month, value in line.items():
        if month not in points.index:
            spread = 1.5 if unit == "percent" else max(abs(value) * 0.04, 0.5)
            value += generator.uniform(-spread, spread)
        values.append(value)
    series = pd.Series(values, index=months).clip(lower=0)
    if unit == "percent":
        series = series.clip(upper=100)
    # As precise as the published figures (0.05% stays 0.05%, not 0%; page views stay whole);
    # those stay exact.
    whole = bool((points == points.round()).all()) and points.abs().min() >= 100
    places = 0 if unit == "count" or whole else 2 if points.abs().max() < 10 else 1
    series = series.round(places)
    series[points.index] = points
    return series


def split_count(total: int, shares: dict[str, float], generator: random.Random) -> dict[str, int]:
    """Share a whole count out so the parts add up to it exactly (largest remainders), each
    share jittered a little so months differ."""
    weights = {name: share * generator.uniform(0.85, 1.15) for name, share in shares.items()}
    scale = sum(weights.values())
    exact = {name: total * weight / scale for name, weight in weights.items()}
    parts = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(exact, key=lambda name: exact[name] - parts[name], reverse=True)
    for name in by_remainder[: total - sum(parts.values())]:
        parts[name] += 1
    return parts


def row(
    kpi: PlanKpi, section: str, month: pd.Timestamp, value: float, locality: str = "All", phase: str = "All"
) -> dict:
    """One row of the tidy template: an actual for ``month`` ("2021-05"), a percentage written
    with its % sign."""
    text = f"{value:g}%" if kpi.unit == "percent" else f"{value:g}"
    return {
        "kpi_id": kpi.id,
        "kpi_name": kpi.name,
        "section": section,
        "measure": "actual",
        "period": f"{month:%Y-%m}",
        "value": text,
        "unit": kpi.unit,
        "locality": locality,
        "phase": phase,
    }


def build() -> tuple[list[dict], list[dict]]:
    plan = load_plan(PLAN.read_bytes())
    observations = plan.observations()
    sections = {objective.id: objective.title for objective in plan.objectives}
    generator = random.Random(SEED)
    monthly, breakdown = [], []
    for kpi in plan.kpis:
        points = anchors(observations, kpi.id)
        written = observations[(observations["kpi_id"] == kpi.id) & (observations["measure"] == "actual")]
        # A baseline and two actuals at least, or there is no line to draw; and no "n/a" actual
        # (a once-a-year measure such as phase transfer has no monthly figure to make up).
        if len(points) < 3 or written["value"].isna().any():
            continue
        series = monthly_series(points, kpi.unit, generator)
        section = sections.get(kpi.objective, kpi.objective)
        monthly += [row(kpi, section, month, value) for month, value in series.items()]
        for month, value in series.items():
            if kpi.id in BY_LOCALITY:
                # A small percentage (2% NEET) differs between localities by less than a large one.
                scale = min(1.0, value / 30)
                for locality, offset in LOCALITY_OFFSETS.items():
                    figure = min(100.0, max(0.0, value + (offset + generator.uniform(-2, 2)) * scale))
                    breakdown.append(row(kpi, section, month, round(figure, 2 if value < 10 else 1), locality))
            elif kpi.id in BY_LOCALITY_AND_PHASE:
                by_phase = dict.fromkeys(PHASE_SHARES, 0)  # the whole area's count in each phase
                for locality, count in split_count(int(value), LOCALITY_SHARES, generator).items():
                    breakdown.append(row(kpi, section, month, count, locality))
                    for phase, part in split_count(count, PHASE_SHARES, generator).items():
                        breakdown.append(row(kpi, section, month, part, locality, phase))
                        by_phase[phase] += part
                breakdown += [row(kpi, section, month, part, "All", phase) for phase, part in by_phase.items()]
    return monthly, breakdown


def write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    monthly, breakdown = build()
    write(MONTHLY, monthly)
    write(LOCALITY_FILE, breakdown)
    print(f"Wrote {len(monthly)} monthly rows to {MONTHLY.name} and {len(breakdown)} to {LOCALITY_FILE.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
