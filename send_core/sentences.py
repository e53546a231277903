"""A chart's one-sentence summary: where the KPI went, against its comparators, and what
statistical process control says. It is the chart's description on screen, its caption in
the printable report, and what a screen reader reads."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .axes import commonest_frequency, missing_periods
from .comparators import comparator_label, latest_comparators
from .model import ALL, SAME_SCALE_UNITS
from .spc import MAKING_DATA_COUNT, MINIMUM_POINTS, SpcRules, recalculation_positions, too_repeated_for_limits, xmr
from .wording import before_colon, format_value, format_values, how_many, period_text, periods_between, step_noun


def series_label(frame: pd.DataFrame) -> pd.Series:
    """A label per row naming its locality and phase ("North, Early Years & Primary", as the
    Overview's tiles write it), either alone ("North"), or "Whole area"."""
    locality = frame["locality"].where(frame["locality"] != ALL, "")
    phase = frame["phase"].where(frame["phase"] != ALL, "")
    both = (locality != "") & (phase != "")
    parts = locality + both.map({True: ", ", False: ""}) + phase
    return parts.where(parts != "", "Whole area")


def actual_series(observations: pd.DataFrame, kpi_id: str) -> pd.DataFrame:
    """The dated actual values of one KPI, oldest first, with a ``series`` label column."""
    frame = observations[
        (observations["kpi_id"] == kpi_id) & (observations["measure"] == "actual") & observations["period"].notna()
    ]
    frame = frame.assign(series=series_label(frame)).sort_values(["series", "period"])
    return frame.reset_index(drop=True)


def summary_sentence(
    observations: pd.DataFrame,
    kpi_id: str,
    unit: str,
    name: str,
    *,
    good_direction: str = "none",
    cumulative: bool = False,
    rules: SpcRules = MAKING_DATA_COUNT,
    recalculate_at: Sequence[pd.Timestamp] = (),
) -> str:
    """One plain-English sentence: where the KPI went, where it sits against comparators, and
    whether statistical process control sees a real change ("no special cause"), with the
    limits recalculated at ``recalculate_at`` (months)."""
    name = before_colon(name)  # every sentence starts "name: ..."
    rows = observations[observations["kpi_id"] == kpi_id]
    # A KPI has a few dozen rows: plain records are far quicker to look through than frames
    # (the printable report writes this sentence for every KPI).
    records = rows[
        ["measure", "period", "locality", "phase", "value", "frequency", "comparator", "area", "unit"]
    ].to_dict("records")
    dated = [r for r in records if r["measure"] == "actual" and not pd.isna(r["period"])]
    whole = [r for r in dated if r["locality"] == ALL and r["phase"] == ALL]
    if not whole and dated:
        # Only breakdowns: every breakdown's values, as the chart draws them.
        whole = actual_series(rows, kpi_id).to_dict("records")
    whole.sort(key=lambda r: r["period"])
    numbers = [r for r in whole if not pd.isna(r["value"])]
    if not numbers:
        return f"{name}: no numbers to chart yet."
    # Values of another frequency (a plan's monthly milestones beside yearly DfE figures) are
    # never compared with these: the sentence follows the commonest.
    frequency = commonest_frequency(r["frequency"] for r in numbers)
    numbers = [r for r in numbers if r["frequency"] == frequency] or numbers
    first, last = numbers[0], numbers[-1]
    steps = periods_between(first["period"], last["period"], frequency)
    if cumulative and frequency == "month":
        # A running total is compared with the same month a year before, never across a reset.
        year_before = [r for r in numbers if r["period"] == last["period"] - pd.DateOffset(years=1)]
        latest, before = format_values((last["value"], year_before[0]["value"] if year_before else np.nan), unit)
        sentence = f"{name}: {latest} so far this year by {period_text(last['period'], frequency, long=True)}" + (
            f", against {before} by the same month a year before" if year_before else ""
        )
    elif steps == 0 and len(written := _distinct_values(numbers, unit)) > 1:
        # Several values for one period and none for any other: files (or rows) that disagree
        # about it, not a change over time.
        sentence = (
            f"{name}: {' and '.join(written)} for {period_text(last['period'], frequency, long=True)}, "
            "values that disagree, so no change over time yet"
        )
    elif steps == 0:  # one value, or the same value written more than once
        sentence = (
            f"{name}: {format_value(last['value'], unit)} in {period_text(last['period'], frequency, long=True)}"
            " (one value so far)"
        )
    else:
        start, end = format_values((first["value"], last["value"]), unit)
        if last["value"] > first["value"]:
            movement = f"up from {start} to {end}"
        elif last["value"] < first["value"]:
            movement = f"down from {start} to {end}"
        else:
            movement = f"unchanged at {format_value(last['value'], unit)}"
        sentence = (
            f"{name}: {movement} over {how_many(steps, step_noun(frequency))} "
            f"({period_text(first['period'], frequency)} to {period_text(last['period'], frequency)})"
        )
    latest = latest_comparators(rows).to_dict("records")
    if latest and unit not in SAME_SCALE_UNITS:
        sentence += "; England and the region are totals of another size, so they are not compared here"
    elif latest:
        comparisons = []
        for record in latest:
            value = record["value"]
            relation = "above" if last["value"] > value else "below" if last["value"] < value else "level with"
            region = comparator_label(record)
            whose = {"England": "England's", "Statistical neighbours": "the statistical neighbours'"}.get(
                record["comparator"], f"the region's ({region})" if region != "Region" else "the region's"
            )
            comparisons.append(f"{relation} {whose} {format_value(value, unit)}")
        sentence += "; " + ", ".join(comparisons)
    periods = pd.Series([r["period"] for r in numbers])
    values = np.array([r["value"] for r in numbers], dtype=float)
    breaks = recalculation_positions(periods, recalculate_at)
    sentence += "; " + _spc_phrase(values, good_direction, cumulative, rules, breaks)
    units = sorted({r["unit"] for r in whole} - {""})
    if len(units) > 1:
        sentence += f"; its values come in more than one unit ({', '.join(units)}), so check the file"
    gaps = missing_periods(periods, frequency)
    if gaps:
        sentence += f"; {how_many(gaps, step_noun(frequency))} missing"
    return sentence + "."


def _distinct_values(records: list[dict], unit: str) -> list[str]:
    """The records' values as written for the unit, each once, in order."""
    return list(dict.fromkeys(format_values([record["value"] for record in records], unit)))


def _spc_phrase(values, good_direction: str, cumulative: bool, rules: SpcRules, breaks: Sequence[int]) -> str:
    if cumulative:
        return "a running total over the year, so not tested for a real change"
    if too_repeated_for_limits(values):
        return "most figures repeat the one before, so not tested for a real change"
    result = xmr(
        values,
        improvement=good_direction if good_direction in ("up", "down") else None,
        rules=rules,
        recalculate_at=breaks,
    )
    if result.provisional:
        return f"too few points yet to tell a real change from chance (fewer than {MINIMUM_POINTS})"
    if result.variation == "common_cause":
        return "no real change: the ups and downs are within the usual range"
    kind, side = result.variation.split("_")
    # Which figures are unusual, in words that cannot be read against the sentence's "up from"
    # or "down from" (the first and last figures): "(lower values)" beside "up" was.
    unusual = f"figures {side}er than usual"
    if kind == "neutral":
        return f"{unusual}, and unlikely to be chance"
    better_or_worse = "getting better" if kind == "improvement" else "getting worse"
    return f"{better_or_worse}, and unlikely to be chance ({unusual})"
