"""Per-KPI summaries: latest value, change, target, RAG and comparators, for tiles and packs."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .axes import commonest_frequency
from .comparators import latest_comparator_values
from .filters import NO_BREAKDOWN_NOTES, TARGET_READ_AS, Filters, slice_name
from .model import ALL, PLAN_SOURCE, SAME_SCALE_UNITS, is_from_plan
from .rag import HIDDEN, NO_DATA, RatingPolicy, Target, target_for, with_a_figure
from .spc import (
    MAKING_DATA_COUNT,
    MINIMUM_POINTS,
    REPEATED_FIGURES,
    SpcRules,
    assurance_for_latest,
    icons,
    latest_step_against,
    recalculation_positions,
    too_repeated_for_limits,
)
from .suppression import SUPPRESSED, is_suppressed
from .wording import (
    HIDDEN_FIGURE_NOTE,
    HIDDEN_VARIATION,
    assurance_text,
    change_text,
    figure_text,
    format_value,
    period_text,
    periods_between,
    variation_text,
)

# The summary's comparator columns and the comparator each holds (model.COMPARATORS' names).
COMPARATOR_NAMES = {"england": "England", "statistical_neighbours": "Statistical neighbours", "region": "Region"}
RECENT_POINTS = 14  # values in each KPI's sparkline (the Overview's "Recent" column)
SUMMARY_COLUMNS = [
    "kpi_id",
    "kpi_name",
    "section",
    "objective",
    "unit",
    "good_direction",
    "direction_inferred",
    "cumulative",
    "latest_period",
    "frequency",
    "latest_value",
    "latest_text",
    "previous_value",
    "previous_period",
    "change",
    "target_text",
    "rag",
    "england",
    "statistical_neighbours",
    "region",
    "points",
    "breakdown_note",
    "target_value",
    "source_file",
    "recent",
]


def one_series_each(actuals: pd.DataFrame) -> pd.DataFrame:
    """Each KPI's actuals as one series: a KPI whose rows are all one slice (the whole area,
    or the one locality or phase the filters chose) keeps them; a KPI whose rows come in
    several localities or phases keeps only its whole-area rows. Returns a new frame."""
    whole = (actuals["locality"] == ALL) & (actuals["phase"] == ALL)
    if whole.all():
        return actuals
    spread = actuals.groupby("kpi_id")[["locality", "phase"]].transform("nunique").max(axis=1) > 1
    return actuals[~spread | whole]


def kpi_summary(
    observations: pd.DataFrame,
    catalogue: pd.DataFrame,
    *,
    policy: RatingPolicy,
) -> pd.DataFrame:
    """One row per KPI in ``catalogue`` that has rows in ``observations`` (already filtered).

    ``change`` is latest minus previous actual (NaN with fewer than two, and NaN across a
    January reset of a cumulative KPI, which is not a fall). ``rag`` uses the target in force
    at the latest period. A KPI whose actuals come in several localities or phases counts
    only its whole-area rows. Vectorised: 500 KPIs x 36 months take milliseconds.
    """
    if observations.empty or catalogue.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    present = catalogue[catalogue["kpi_id"].isin(set(observations["kpi_id"].unique().tolist()))].reset_index(drop=True)
    actuals = observations[(observations["measure"] == "actual") & observations["period"].notna()]
    numbers = one_series_each(actuals[actuals["value"].notna()])
    codes = pd.factorize(numbers["kpi_id"])[0]
    numbers = numbers.iloc[np.lexsort((numbers["period"].to_numpy(), codes))]
    grouped = numbers.groupby("kpi_id", sort=False)
    latest = grouped.tail(1).set_index("kpi_id")
    previous = grouped.nth(-2).set_index("kpi_id") if len(numbers) else numbers.set_index("kpi_id")
    points = grouped.size()

    keys = present["kpi_id"]

    def lookup(series: pd.Series) -> object:
        # reindex, not map: pandas 3 cannot map through an empty datetime series.
        return series.reindex(keys).to_numpy()

    result = present.assign(
        latest_period=pd.to_datetime(lookup(latest["period"])),
        frequency=pd.Series(lookup(latest["frequency"]), dtype=object).fillna("").to_numpy(),
        latest_value=lookup(latest["value"]).astype(float),
        previous_value=lookup(previous["value"]).astype(float),
        previous_period=pd.to_datetime(lookup(previous["period"])),
        points=points.reindex(keys).fillna(0).astype(int).to_numpy(),
    )
    reset = result["cumulative"].astype(bool) & (result["latest_period"].dt.year != result["previous_period"].dt.year)
    # Values of two frequencies (a plan's month beside DfE's year) are no change either.
    previous_frequency = pd.Series(lookup(previous["frequency"]), dtype=object).fillna("").to_numpy()
    mixed = result["frequency"].to_numpy() != previous_frequency
    result["change"] = (result["latest_value"] - result["previous_value"]).where(~reset & ~mixed)
    # A figure hidden for the public ("c") newer than every figure shown is the latest: else the
    # tile shows an older figure as the latest, and a slice whose figures are all hidden says
    # it has none. It is never rated or compared (a rating against a target would tell it).
    series = one_series_each(actuals[actuals["value"].notna() | is_suppressed(actuals)])
    newest_hidden = series[is_suppressed(series)].sort_values("period").groupby("kpi_id").tail(1).set_index("kpi_id")
    hidden_at = pd.to_datetime(lookup(newest_hidden["period"]))
    hidden = ~np.isnat(hidden_at) & ~(hidden_at <= result["latest_period"].to_numpy())
    if hidden.any():
        result.loc[hidden, "latest_period"] = hidden_at[hidden]
        result.loc[hidden, "frequency"] = pd.Series(lookup(newest_hidden["frequency"]), dtype=object).to_numpy()[hidden]
        result.loc[hidden, ["latest_value", "change"]] = math.nan
    hidden_kpis = set(keys[hidden].tolist())

    # The target in force: the latest milestone on or before the latest month, else an undated one.
    targets = with_a_figure(observations[observations["measure"] == "target"])
    dated = targets[targets["period"].notna()].sort_values("period")
    undated = {
        row.kpi_id: row for row in targets[targets["period"].isna()].groupby("kpi_id").tail(1).itertuples(index=False)
    }
    chosen = {}
    # apply_filters' record of a whole-area target standing in for the chosen locality's.
    shared_columns = [column for column in TARGET_READ_AS if column in targets]
    if not dated.empty:
        lookup = result.loc[result["latest_period"].notna(), ["kpi_id", "latest_period"]].sort_values("latest_period")
        if not lookup.empty:
            joined = pd.merge_asof(
                lookup,
                dated[["kpi_id", "period", "value", "value_low", "value_high", "value_text", *shared_columns]],
                left_on="latest_period",
                right_on="period",
                by="kpi_id",
                direction="backward",
            ).dropna(subset=["period"])
            chosen = {row.kpi_id: row for row in joined.itertuples()}
    comparators = latest_comparator_values(observations)
    notes = (
        observations.loc[
            observations.get("breakdown_note", pd.Series("", index=observations.index)) != "",
            ["kpi_id", "breakdown_note"],
        ]
        .drop_duplicates()
        .groupby("kpi_id")["breakdown_note"]
        .agg("; ".join)
        if "breakdown_note" in observations
        else pd.Series(dtype=str)
    )

    ratings, target_texts, latest_texts, target_values = [], [], [], []
    for row in result.itertuples():
        source = chosen.get(row.kpi_id)
        if source is None:
            source = undated.get(row.kpi_id)
        target, text = None, ""
        if source is not None:
            low, high = float(source.value_low), float(source.value_high)
            value = float(source.value) if math.isnan(low) or math.isnan(high) else math.nan
            target, text = Target(value, low, high), figure_text(str(source.value_text), value, row.unit)
            if getattr(source, "target_locality", ""):
                # Whose target it is, so "Target: 80%" on North's tile is not taken for North's.
                owner = slice_name(Filters(locality=source.target_locality, phase=source.target_phase))
                text += f" ({owner or 'whole area'})"
        if target is None:
            target_values.append(math.nan)
        elif not math.isnan(target.value):
            target_values.append(target.value)
        else:  # a bound: its allowed side is the target line; a range has none
            target_values.append(
                target.low if math.isnan(target.high) else target.high if math.isnan(target.low) else math.nan
            )
        if row.kpi_id in hidden_kpis:
            rating = HIDDEN
        elif math.isnan(row.latest_value):
            rating = NO_DATA  # no figure to rate: "No figures yet", whether or not it has a target
        else:
            rating = policy.rate(row.kpi_id, row.latest_value, target, row.good_direction, row.unit)
        ratings.append(rating)
        target_texts.append(text)
        if row.kpi_id in hidden_kpis:
            latest_texts.append(SUPPRESSED)
        else:
            latest_texts.append(
                format_value(row.latest_value, row.unit) if not math.isnan(row.latest_value) else "no data"
            )
    result["rag"] = ratings
    result["target_text"] = target_texts
    result["latest_text"] = latest_texts
    by_comparator = comparators.unstack() if len(comparators) else pd.DataFrame()
    for column, name in COMPARATOR_NAMES.items():
        found = by_comparator[name] if name in by_comparator else pd.Series(dtype=float)
        result[column] = found.reindex(keys).to_numpy(dtype=float)
    result["breakdown_note"] = [notes.get(kpi_id, "") if len(notes) else "" for kpi_id in keys.tolist()]
    result["target_value"] = target_values
    # Where each KPI's latest figure came from, the plan or the files, so that "not updated for
    # the latest period" compares like with like. Not the sheet: the public view keeps no more
    # of a source than this, and its exceptions must be the officers' own.
    from_plan = is_from_plan(latest["source"].reindex(keys).fillna("")).to_numpy(dtype=bool)
    result["source_file"] = np.where(from_plan, PLAN_SOURCE, "files")
    # The last few values of each KPI, for the sparkline: slices of the sorted values.
    ids = numbers["kpi_id"].to_numpy()
    values = numbers["value"].to_numpy()
    ends = np.flatnonzero(np.r_[ids[1:] != ids[:-1], True]) + 1 if len(ids) else np.array([], dtype=int)
    starts = np.r_[0, ends[:-1]] if len(ends) else ends
    recent = {
        ids[end - 1]: values[max(end - RECENT_POINTS, start) : end].tolist()
        for start, end in zip(starts, ends, strict=True)
    }
    result["recent"] = [recent.get(kpi_id, []) for kpi_id in keys.tolist()]
    result["latest_period"] = result["latest_period"].where(result["latest_period"].notna(), None)
    result["previous_period"] = result["previous_period"].where(result["previous_period"].notna(), None)
    return result[SUMMARY_COLUMNS].reset_index(drop=True)


SPC_COLUMNS = ["kpi_id", "variation", "assurance", "provisional", "spc_points", "spc_note"]


REPEATED_NOTE = "Most figures repeat the one before: not suitable for SPC"


def spc_table(
    observations: pd.DataFrame,
    catalogue: pd.DataFrame,
    summary: pd.DataFrame | None = None,
    *,
    rules: SpcRules = MAKING_DATA_COUNT,
    recalculations: Mapping[str, Sequence[pd.Timestamp]] | None = None,
) -> pd.DataFrame:
    """SPC for every KPI's dated actuals, one series each (:func:`one_series_each`: the chosen
    locality's or phase's when the filters chose one): variation and assurance icons' states.

    Cumulative KPIs are not charted (they reset each January) and say so in ``spc_note``.
    The assurance target is the target in force at the latest point (from ``summary``): a
    number or a bound; a range gives no assurance. ``recalculations`` gives KPIs' months where
    their limits are recalculated (the plan's ``spc_recalculate_at``). 500 KPIs x 36 months
    take a fraction of a second.
    """
    if observations.empty or catalogue.empty:
        return pd.DataFrame(columns=SPC_COLUMNS)
    actuals = one_series_each(
        observations[
            (observations["measure"] == "actual") & observations["period"].notna() & observations["value"].notna()
        ]
    ).sort_values(["kpi_id", "period"])
    if actuals.empty:
        return pd.DataFrame(columns=SPC_COLUMNS)
    ids = actuals["kpi_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    first_ids = ids[starts].tolist()
    series = dict(zip(first_ids, np.split(actuals["value"].to_numpy(), starts[1:]), strict=True))
    periods = dict(zip(first_ids, np.split(actuals["period"].to_numpy(), starts[1:]), strict=True))
    frequencies = dict(zip(first_ids, np.split(actuals["frequency"].to_numpy(), starts[1:]), strict=True))
    targets = {}
    if summary is not None and not summary.empty:
        targets = (
            dict(zip(summary["kpi_id"], summary["target_value"], strict=True)) if "target_value" in summary else {}
        )
    rows = []
    for kpi in catalogue.itertuples():
        values = series.get(kpi.kpi_id)
        if values is None:
            continue
        # As the KPI's chart draws it: values of its commonest frequency only.
        frequency = commonest_frequency(frequencies[kpi.kpi_id])
        same = frequencies[kpi.kpi_id] == frequency
        if same.any() and not same.all():
            values, kpi_periods = values[same], periods[kpi.kpi_id][same]
        else:
            kpi_periods = periods[kpi.kpi_id]
        if kpi.cumulative:
            rows.append((kpi.kpi_id, None, None, True, len(values), "Cumulative over the year: not suitable for SPC"))
            continue
        if too_repeated_for_limits(values):
            rows.append((kpi.kpi_id, REPEATED_FIGURES, REPEATED_FIGURES, False, len(values), REPEATED_NOTE))
            continue
        target = targets.get(kpi.kpi_id)
        target = None if target is None or (isinstance(target, float) and math.isnan(target)) else float(target)
        breaks = recalculation_positions(kpi_periods, (recalculations or {}).get(kpi.kpi_id, ()))
        variation, assured, provisional = icons(
            values,
            improvement=kpi.good_direction if kpi.good_direction in ("up", "down") else None,
            target=target,
            recalculate_at=breaks,
            rules=rules,
        )
        note = f"Fewer than {MINIMUM_POINTS} points: a run chart, no limits or icons yet" if provisional else ""
        rows.append((kpi.kpi_id, variation, assurance_for_latest(variation, assured), provisional, len(values), note))
    return pd.DataFrame(rows, columns=SPC_COLUMNS)


EXCEPTION_REASONS = (  # in the order exceptions() checks them
    "Off target",
    "Getting worse, unlikely to be chance",
    "Will keep missing its target",
    "Worse than every comparator",
    "Not updated for the latest period",
)


def exceptions(summary: pd.DataFrame, spc: pd.DataFrame) -> pd.DataFrame:
    """The KPIs a board should look at, each with its reasons in words.

    Reasons: off target (Red); special-cause concern at the latest point; an assurance of
    "fail"; worse than every comparator given (England, neighbours, region) in the KPI's good
    direction; no value for the latest period the files report (the plan's figures against the
    plan's), among KPIs of its frequency. Returns ``kpi_id,
    kpi_name, section, latest_text, reasons``: the off-target KPIs first, then by how many
    reasons each has, then by name.
    """
    if summary.empty:
        return pd.DataFrame(columns=["kpi_id", "kpi_name", "section", "latest_text", "reasons"])
    merged = summary.merge(spc, on="kpi_id", how="left")
    comparators = merged[["england", "statistical_neighbours", "region"]]
    have = comparators.notna().sum(axis=1)
    worse_up = (merged["good_direction"] == "up") & comparators.gt(merged["latest_value"], axis=0).where(
        comparators.notna(), True
    ).all(axis=1)
    worse_down = (merged["good_direction"] == "down") & comparators.lt(merged["latest_value"], axis=0).where(
        comparators.notna(), True
    ).all(axis=1)
    # Only where the comparators are on the same scale: a count is not "worse than England's".
    same_scale = merged["unit"].isin(SAME_SCALE_UNITS)
    worse = (have > 0) & merged["latest_value"].notna() & (worse_up | worse_down) & same_scale
    source_file = merged["source_file"] if "source_file" in merged else pd.Series("", index=merged.index)
    # Like with like: a file's KPIs of one frequency (a yearly release's files end in different
    # years, and CSV sources do not name their file).
    newest = merged.groupby([source_file, merged["frequency"]])["latest_period"].transform("max")
    stale = merged["latest_period"].notna() & (merged["latest_period"] < newest)
    checks = tuple(
        zip(
            EXCEPTION_REASONS,
            (
                (merged["rag"] == "Red").to_numpy(),
                merged["variation"].fillna("").astype(str).str.startswith("concern").to_numpy(),
                (merged["assurance"] == "fail").to_numpy(),
                worse.to_numpy(),
                stale.to_numpy(),
            ),
            strict=True,
        )
    )
    reasons = ["; ".join(name for name, flags in checks if flags[index]) for index in range(len(merged))]
    merged["reasons"] = reasons
    flagged = merged[merged["reasons"] != ""].copy()
    flagged["count"] = flagged["reasons"].str.count(";") + 1
    # Off target first, whatever else is said of the others: the Overview shows the first
    # twelve as tiles, and a red KPI was left out for ones only "not updated" and "getting worse".
    flagged["off_target"] = flagged["rag"] == "Red"
    flagged = flagged.sort_values(["off_target", "count", "kpi_name"], ascending=[False, False, True])
    return flagged[["kpi_id", "kpi_name", "section", "latest_text", "reasons"]].reset_index(drop=True)


def locality_ratings(
    values: pd.DataFrame,
    observations: pd.DataFrame,
    kpi_id: str,
    good_direction: str,
    unit: str,
    policy: RatingPolicy,
) -> dict[str, str]:
    """Each locality's rating for one KPI (``values`` from ``maps.locality_values``: one row per
    locality, all in one period), against the target in force for that locality in that
    period, by ``policy``. A locality with no target of its own is held to the whole area's, as
    the ranking beside the map and the Overview's tiles for a chosen locality hold it; "No
    target" only when neither has one."""
    kpi_rows = observations[observations["kpi_id"] == kpi_id]
    whole_area = kpi_rows[(kpi_rows["locality"] == ALL) & (kpi_rows["phase"] == ALL)]
    ratings = {}
    for row in values.itertuples():
        target, _ = target_for(kpi_rows[kpi_rows["locality"] == row.locality], row.period)
        if target is None:
            target, _ = target_for(whole_area, row.period)
        ratings[row.locality] = policy.rate(kpi_id, row.value, target, good_direction, unit)
    return ratings


def flagged_first(summary: pd.DataFrame, flagged: pd.DataFrame, *, breakdown_first: bool = False) -> pd.DataFrame:
    """``summary`` rows with the KPIs in ``flagged`` (the exceptions, most reasons first) first,
    in that order, then the rest in their own order: the Overview's tiles. ``breakdown_first``
    (a locality or phase is chosen) puts the KPIs that have figures for it first, then those
    with figures for the chosen locality but not the phase, then whole-area fall-backs (told
    apart by ``breakdown_note``), flagged first within each."""
    rank = {kpi_id: position for position, kpi_id in enumerate(flagged["kpi_id"])}
    order = summary["kpi_id"].map(rank).fillna(len(rank)).to_numpy(dtype=float)
    if breakdown_first:
        notes = summary["breakdown_note"].fillna("")
        tier = np.where(notes == "", 0, np.where(notes == NO_BREAKDOWN_NOTES["phase"], 1, 2))
        order = order + tier * (len(rank) + 1)
    return summary.iloc[np.argsort(order, kind="stable")]


@dataclass(frozen=True)
class Tile:
    """One KPI's tile on the Overview, every word worked out: the page only draws it."""

    kpi_name: str
    latest_label: str  # "Latest (Jan 2025)", or "Latest" for an undated figure
    latest_text: str
    change: str | None  # "+0.3 points since the month before"; None when unchanged or unknown
    change_colour: str  # Streamlit's delta colour: "normal" (up is good), "inverse" (down is good), "off"
    rag: str
    variation: str | None
    assurance: str | None
    target_text: str
    breakdown_note: str
    comparison: str = ""  # "North: 41%, whole area: 38%" when a locality or phase is chosen
    hidden_note: str = ""  # why the figure reads "c", when it is hidden for the public
    # When the latest step went against a change over recent months ("Getting better" beside
    # "+1 week" for a wait): says so, so the badge and the change do not read as a contradiction.
    variation_note: str = ""


def overview_tiles(
    summary: pd.DataFrame,
    spc: pd.DataFrame,
    flagged: pd.DataFrame,
    limit: int,
    *,
    area: pd.DataFrame | None = None,
    slice_name: str = "",
    locality: str = "",
) -> tuple[Tile, ...]:
    """The first ``limit`` KPIs' tiles, flagged ones first (:func:`flagged_first`). The change
    says "since the month before" only when it was; else the period it is since ("since Nov
    2022"), written as the KPI's frequency writes periods.

    When a locality or phase is chosen, ``slice_name`` names it ("North") and ``area`` is the
    whole area's summary: the KPIs with figures for the slice come first, and each says how it
    compares with the whole area in the same period ("North: 41%, whole area: 38%"), or the
    area's latest with its period when the area has no figure for that period. A KPI with
    figures for the chosen ``locality`` but not its phase is compared as the locality's."""
    rows = flagged_first(
        hidden_not_judged(summary.merge(spc, on="kpi_id", how="left")), flagged, breakdown_first=bool(slice_name)
    )
    rows = rows.head(limit)
    comparisons = {}
    if slice_name and area is not None:
        notes = rows["breakdown_note"].fillna("")
        comparisons = area_comparisons(rows[notes == ""], area, slice_name)
        if locality:
            every_phase = rows[notes == NO_BREAKDOWN_NOTES["phase"]].assign(breakdown_note="")
            comparisons |= area_comparisons(every_phase, area, f"{locality} (every phase)")
    tiles = []
    for row in rows.itertuples():
        steps = (
            periods_between(row.previous_period, row.latest_period, row.frequency)
            if row.previous_period is not None and row.latest_period is not None
            else 1
        )
        since = None if steps == 1 else period_text(row.previous_period, row.frequency)
        unchanged = row.change != row.change or row.change == 0
        period = period_text(row.latest_period, row.frequency)
        tiles.append(
            Tile(
                kpi_name=row.kpi_name,
                latest_label=f"Latest ({period})" if period else "Latest",
                latest_text=row.latest_text,
                change=None if unchanged else change_text(row.change, row.unit, row.frequency, since),
                change_colour={"up": "normal", "down": "inverse"}.get(row.good_direction, "off"),
                rag=row.rag,
                variation=row.variation if isinstance(row.variation, str) else None,
                assurance=row.assurance if isinstance(row.assurance, str) else None,
                target_text=row.target_text or "",
                breakdown_note=row.breakdown_note or "",
                comparison=comparisons.get(row.kpi_id, ""),
                hidden_note=HIDDEN_FIGURE_NOTE if row.latest_text == SUPPRESSED else "",
                variation_note="" if unchanged else _against_the_change(row.variation, row.change),
            )
        )
    return tuple(tiles)


_AGAINST_THE_CHANGE = {
    "improvement": "Getting better over recent months",
    "concern": "Getting worse over recent months",
    "neutral_high": "Higher than usual over recent months",
    "neutral_low": "Lower than usual over recent months",
}


def _against_the_change(variation: object, change: float) -> str:
    """A note when the latest step went the other way from a special-cause change
    (:func:`send_core.spc.latest_step_against`)."""
    if not latest_step_against(variation, change):
        return ""
    words = _AGAINST_THE_CHANGE.get(variation.split("_")[0]) or _AGAINST_THE_CHANGE[variation]
    return f"{words}; the latest figure went the other way."


def area_comparisons(summary: pd.DataFrame, area: pd.DataFrame, slice_name: str) -> dict[str, str]:
    """For each KPI in ``summary`` (a locality's or phase's) with figures of its own (no
    ``breakdown_note``), the sentence comparing its latest figure with the whole area's
    (``area``, the same columns): "North: 41%, whole area: 38%", with the area's period
    added when it differs ("whole area: 38% (May 2023)"). A KPI the area has no figure for is
    left out."""
    whole = area.set_index("kpi_id")
    result = {}
    for row in summary.itertuples():
        if (row.breakdown_note or "") or row.kpi_id not in whole.index or not row.latest_text:
            continue
        other = whole.loc[row.kpi_id]
        if not other["latest_text"]:
            continue
        when = ""
        if other["latest_period"] != row.latest_period and other["latest_period"] is not None:
            when = f" ({period_text(other['latest_period'], other['frequency'])})"
        result[row.kpi_id] = f"{slice_name}: {row.latest_text}, whole area: {other['latest_text']}{when}"
    return result


def hidden_not_judged(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (a summary merged with its SPC) with the variation of each KPI whose latest
    figure is hidden set to ``HIDDEN_VARIATION``: "too few figures to judge" gave the wrong
    reason. A new frame; the caller's is not changed."""
    hidden = rows["latest_text"] == SUPPRESSED
    return rows.assign(variation=rows["variation"].where(~hidden, HIDDEN_VARIATION)) if hidden.any() else rows


def all_kpis_table(summary: pd.DataFrame, spc: pd.DataFrame) -> pd.DataFrame:
    """Every KPI's row for the Overview's table: the summary with SPC's states in a few words
    (``variation_text``, ``assurance_text``, as the tiles' badges write them): the full
    sentences ran to five lines in a column narrow enough for every column to be in sight at
    1366 px; the KPI explorer gives them. Returns a new frame."""
    table = hidden_not_judged(summary.merge(spc, on="kpi_id", how="left"))
    return table.assign(
        variation_text=table["variation"].map(functools.partial(variation_text, short=True)),
        assurance_text=table["assurance"].map(functools.partial(assurance_text, short=True)),
    )
