"""Altair charts built from tidy observations. Pages render them; nothing here draws.

Every chart has an accessible title and description, and a one-sentence text summary from
:func:`summary_sentence`; pages put it in Chart / Table / Download tabs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from . import chart_values  # noqa: F401  (makes Altair write chart data faster: see the module)
from .axes import main_frequency, of_main_frequency, period_axis
from .colours import CHOSEN_BAR_COLOUR, COMPARATOR_COLOURS, LEGEND_LABEL_LIMIT, OTHER_BAR_COLOUR, PALETTE, TARGET_COLOUR
from .comparators import comparator_label, latest_comparators
from .filters import NO_BREAKDOWN_NOTES
from .model import ALL, SAME_SCALE_UNITS
from .rag import RatingPolicy, targets_in_force
from .sentences import actual_series, series_label, summary_sentence
from .spc import MAKING_DATA_COUNT, MINIMUM_POINTS, SpcRules, recalculation_positions, too_repeated_for_limits, xmr
from .wording import (
    FREQUENCY_TITLES,
    REPEATED_CHART_NOTE,
    UNIT_WORDS,
    YOUR_FILTER,
    format_value,
    how_many,
    period_text,
    step_noun,
)

# GSS categorical palette (3:1 on white), then extras. Comparators get neutral greys / purple.


def with_targets(
    actuals: pd.DataFrame, kpi_rows: pd.DataFrame, good_direction: str, unit: str, policy: RatingPolicy
) -> pd.DataFrame:
    """Each actual with the target in force that month (``target_text``) and its rating
    (``rag``) by ``policy``: the latest milestone on or before it, else an undated target."""
    texts, ratings = [], []
    # Each distinct month's target is looked up once: a KPI's months share a few milestones.
    periods = list(actuals["period"].drop_duplicates())
    in_force = dict(zip(periods, targets_in_force(kpi_rows, periods), strict=True))
    for record in actuals.itertuples():
        target, text = in_force[record.period]
        texts.append(text or "none")
        ratings.append(policy.rate(record.kpi_id, record.value, target, good_direction, unit))
    return actuals.assign(target_text=texts, rag=ratings)


SPC_COLOURS = {"improvement": "#1d70b8", "concern": "#b35900", "neutral": "#3D3D3D"}
SPC_SHAPES = {"improvement": "triangle-up", "concern": "triangle-down", "neutral": "diamond"}
# What a special-cause point is called on a chart, in words a parent understands.
SPC_POINT_LABELS = {
    "improvement": "Better than usual",
    "concern": "Worse than usual",
    "neutral": "Unusual (neither better nor worse)",
}


def spc_layers(
    actuals: pd.DataFrame,
    good_direction: str,
    rules: SpcRules = MAKING_DATA_COUNT,
    recalculate_at: Sequence[pd.Timestamp] = (),
) -> tuple[list[alt.Chart], bool]:
    """Mean, process limits and special-cause points for one series (oldest first), the
    limits recalculated at ``recalculate_at`` (months; each section drawn on its own).

    Special-cause points are marked by shape as well as colour (improvement triangle up,
    concern triangle down, neutral diamond). With fewer than 13 points the chart is a run
    chart: the mean only, nothing marked. Returns the layers and whether it is provisional.
    """
    direction = good_direction if good_direction in ("up", "down") else None
    breaks = recalculation_positions(actuals["period"], recalculate_at)
    result = xmr(actuals["value"].to_numpy(), improvement=direction, rules=rules, recalculate_at=breaks)
    points = result.points.assign(period=actuals["period"].to_numpy(), period_label=actuals["period_label"].to_numpy())
    lines = points[["period", "section", "mean", "lower", "upper"]].melt(
        ["period", "section"], var_name="line", value_name="level"
    )
    lines = lines[lines["level"].notna()]
    names = {"mean": "Average", "lower": "Usual range: lowest", "upper": "Usual range: highest"}
    lines["line"] = lines["line"].map(names)
    lines["part"] = lines["line"] + " " + lines["section"].astype(str)  # a line per section: none joins a break
    lines = lines[["period", "level", "line", "part"]]
    layers = [
        alt.Chart(lines)
        .mark_line(strokeWidth=1, color="#505a5f")
        .encode(
            x=alt.X("period:T"),
            y=alt.Y("level:Q"),
            detail=alt.Detail("part:N"),
            # The legend names the lines drawn: a run chart has only its mean.
            strokeDash=alt.StrokeDash(
                "line:N",
                title="Lines",
                scale=alt.Scale(
                    domain=[name for name in names.values() if name in set(lines["line"])],
                    range=[
                        dash
                        for name, dash in zip(names.values(), ([1, 0], [4, 3], [4, 3]), strict=True)
                        if name in set(lines["line"])
                    ],
                ),
            ),
            tooltip=[alt.Tooltip("line:N", title="Line"), alt.Tooltip("level:Q", title="Level", format=",.2f")],
        )
    ]
    special = points[points["special_cause"]]
    if not special.empty:
        special = special.assign(point_label=special["point_type"].map(SPC_POINT_LABELS))
        special = special[["period", "value", "point_label", "period_label"]]
        kinds = list(SPC_POINT_LABELS.values())
        colours = dict(zip(kinds, SPC_COLOURS.values(), strict=True))
        shapes = dict(zip(kinds, SPC_SHAPES.values(), strict=True))
        layers.append(
            alt.Chart(special)
            .mark_point(size=140, filled=True, opacity=1)
            .encode(
                x=alt.X("period:T"),
                y=alt.Y("value:Q"),
                color=alt.Color(
                    "point_label:N",
                    title="Unusual points",
                    scale=alt.Scale(domain=kinds, range=[colours[k] for k in kinds]),
                    legend=alt.Legend(labelLimit=LEGEND_LABEL_LIMIT),
                ),
                shape=alt.Shape(
                    "point_label:N",
                    title="Unusual points",
                    scale=alt.Scale(domain=kinds, range=[shapes[k] for k in kinds]),
                ),
                tooltip=[
                    alt.Tooltip("period_label:N", title="Period"),
                    alt.Tooltip("point_label:N", title="Unusual point"),
                    alt.Tooltip("value:Q", title="Value"),
                ],
            )
        )
    return layers, result.provisional


_POINT_FIELDS = ("period", "value", "series", "stretch", "period_label", "value_text", "target_text", "rag")


# A KPI chart's value axis, by the KPI's unit ("Value" for any other).
Y_TITLES = {"percent": "Per cent", "count": "Number", "weeks": "Weeks", "days": "Days", "rate": "Rate"}
TARGET_LEGEND_LABEL = "Target in force (dashed steps)"  # the trend chart's target line, in its legend


def kpi_encodings(numbers: pd.DataFrame, frequency: str, unit: str) -> tuple[alt.X, alt.Y, alt.Color]:
    """The x, y and colour of a chart of a KPI's figures ``numbers`` (with a ``series`` label,
    all of one ``frequency``): periods labelled as they are written and titled by the frequency
    ("Month"); values titled by ``unit`` ("Per cent"), the axis not from zero; a colour per
    breakdown, named in a legend below only when there is more than one."""
    series_count = max(1, numbers["series"].nunique())
    return (
        alt.X(
            "period:T",
            title=FREQUENCY_TITLES.get(frequency, "Month"),
            axis=period_axis(numbers["period"], frequency, labelAngle=0),
        ),
        alt.Y("value:Q", title=Y_TITLES.get(unit, "Value"), scale=alt.Scale(zero=False)),
        alt.Color(
            "series:N",
            title="Breakdown",
            scale=alt.Scale(range=list(PALETTE[:series_count])),
            legend=alt.Legend(orient="bottom", labelLimit=LEGEND_LABEL_LIMIT) if series_count > 1 else None,
        ),
    )


def zero_axis_note(unit: str) -> str:
    """A KPI chart's first subtitle line: its axis does not start at zero, and what its values are."""
    return f"Axis does not start at zero. {UNIT_WORDS.get(unit, 'Values as written')}."


def has_source_cells(numbers: pd.DataFrame) -> bool:
    """Whether any row says which cell it came from (the public view's rows do not)."""
    return bool(numbers["source"].astype(str).str.strip().any())


def with_stretches(numbers: pd.DataFrame, cumulative: bool) -> pd.DataFrame:
    """``numbers`` with a ``stretch`` per row for the line to be drawn in: a running total over
    the year (``cumulative``) starts again each January, so its line breaks there rather than
    falling, which would read as a fall; otherwise one stretch (0)."""
    return numbers.assign(stretch=numbers["period"].dt.year if cumulative else 0)


def trend_chart(
    observations: pd.DataFrame,
    kpi_id: str,
    *,
    name: str,
    unit: str,
    policy: RatingPolicy,
    good_direction: str = "none",
    cumulative: bool = False,
    rules: SpcRules = MAKING_DATA_COUNT,
    recalculate_at: Sequence[pd.Timestamp] = (),
    height: int = 380,
) -> alt.LayerChart:
    """A KPI's actuals over time, with its targets and comparators as labelled lines.

    Dated targets (milestones) are drawn as steps; an undated target and each comparator as a
    horizontal line with its name at the end. The y-axis is not forced to zero (the subtitle
    says so) because that would flatten the change the chart is for.
    """
    actuals = actual_series(observations, kpi_id)
    kpi_rows = observations[observations["kpi_id"] == kpi_id]
    numbers = actuals.dropna(subset=["value"])
    # Values of one frequency share an axis: a plan's monthly figures are not drawn among DfE's
    # yearly ones (the subtitle says how many were left off).
    every_number = len(numbers)
    numbers, frequency = of_main_frequency(numbers)
    other_frequency = every_number - len(numbers)
    numbers = with_targets(numbers, kpi_rows, good_direction, unit, policy)
    tooltip = [
        alt.Tooltip("period_label:N", title="Period"),
        alt.Tooltip("value_text:N", title="As written"),
        alt.Tooltip("value:Q", title="Value", format=",.2f"),
        alt.Tooltip("target_text:N", title="Target"),
        alt.Tooltip("rag:N", title="Rating"),
        alt.Tooltip("series:N", title="Breakdown"),
    ]
    has_sources = has_source_cells(numbers)
    if has_sources:
        tooltip.append(alt.Tooltip("source:N", title="Source cell"))
    x, y, colour = kpi_encodings(numbers, frequency, unit)
    numbers = with_stretches(numbers, cumulative)
    # Each layer is given only the columns its marks use: Altair converts every column it is
    # given, and the browser parses every one it is sent.
    base = alt.Chart(numbers[[*_POINT_FIELDS, *(["source"] if has_sources else [])]])
    layers: list[alt.Chart] = [
        base.mark_line(strokeWidth=2.5).encode(
            x=x, y=y, color=colour, detail=[alt.Detail("series:N"), alt.Detail("stretch:N")]
        ),
        base.mark_point(size=60, filled=True, shape="circle").encode(x=x, y=y, color=colour, tooltip=tooltip),
    ]
    targets = kpi_rows[(kpi_rows["measure"] == "target")].dropna(subset=["value"])
    dated_targets = targets[targets["period"].notna()].sort_values("period")
    undated = targets[targets["period"].isna()]
    if not dated_targets.empty:
        step_data = dated_targets[["period", "value", "period_label", "value_text"]]
        layers.append(
            alt.Chart(step_data.assign(key=TARGET_LEGEND_LABEL))
            .mark_line(interpolate="step-after", strokeDash=[6, 3], strokeWidth=2)
            .encode(
                x=alt.X("period:T"),
                y=alt.Y("value:Q"),
                # In the legend with the series, so the green dashed steps need no guessing.
                color=alt.Color(
                    "key:N",
                    title="Target",
                    scale=alt.Scale(domain=[TARGET_LEGEND_LABEL], range=[TARGET_COLOUR]),
                    legend=alt.Legend(
                        orient="bottom", symbolStrokeWidth=2, symbolDash=[6, 3], labelLimit=LEGEND_LABEL_LIMIT
                    ),
                ),
                tooltip=[alt.Tooltip("period_label:N", title="Milestone"), alt.Tooltip("value_text:N", title="Target")],
            )
        )
        layers.append(
            alt.Chart(step_data)
            .mark_point(shape="diamond", size=70, color=TARGET_COLOUR, filled=True)
            .encode(
                x=alt.X("period:T"),
                y=alt.Y("value:Q"),
                tooltip=[alt.Tooltip("period_label:N", title="Milestone"), alt.Tooltip("value_text:N", title="Target")],
            )
        )
    references = []
    for record in undated.head(1).itertuples():
        references.append({"label": f"Target {record.value_text}", "value": record.value, "colour": TARGET_COLOUR})
    comparators = kpi_rows[kpi_rows["measure"] == "comparator"].dropna(subset=["value"])
    same_scale = unit in SAME_SCALE_UNITS
    comparator_series = []
    if same_scale:
        for _, rows in comparators.groupby("comparator", sort=False):
            dated = rows[rows["period"].notna() & (rows["frequency"] == frequency)]
            if dated["period"].nunique() >= 2:
                # A comparator with its own history (DfE's England and region by year) is a line.
                comparator_series.append(dated.assign(label=comparator_label(dated.iloc[-1])).sort_values("period"))
            else:
                record = latest_comparators(rows).iloc[0]
                references.append(
                    {
                        "label": f"{comparator_label(record, short=True)} {format_value(record.value, unit)}",
                        "value": record.value,
                        "colour": COMPARATOR_COLOURS.get(record.comparator, "#3D3D3D"),
                    }
                )
    if comparator_series and not numbers.empty:
        lines = pd.concat(comparator_series, ignore_index=True)[
            ["period", "value", "label", "comparator", "period_label", "value_text"]
        ]
        labels = list(dict.fromkeys(lines["label"]))
        colours = [COMPARATOR_COLOURS.get(c, "#3D3D3D") for c in lines.drop_duplicates("label")["comparator"]]
        layers.append(
            alt.Chart(lines)
            .mark_line(strokeDash=[2, 2], strokeWidth=1.5, point=alt.OverlayMarkDef(size=20))
            .encode(
                x=alt.X("period:T"),
                y=alt.Y("value:Q"),
                color=alt.Color(
                    "label:N",
                    title="Comparators",
                    scale=alt.Scale(domain=labels, range=colours),
                    legend=alt.Legend(orient="bottom", columns=3, labelLimit=LEGEND_LABEL_LIMIT),
                ),
                tooltip=[
                    alt.Tooltip("label:N", title="Area"),
                    alt.Tooltip("period_label:N", title="Period"),
                    alt.Tooltip("value_text:N", title="Value"),
                ],
            )
        )
    if references and not numbers.empty:
        reference_frame = pd.DataFrame(references)
        # Named in a legend, not beside the lines: comparators close together made labels overlap.
        reference_lines = (
            alt.Chart(reference_frame)
            .mark_rule(strokeDash=[2, 2], strokeWidth=1.5)
            .encode(
                y=alt.Y("value:Q"),
                color=alt.Color(
                    "label:N",
                    title="Reference lines",
                    scale=alt.Scale(domain=list(reference_frame["label"]), range=list(reference_frame["colour"])),
                    legend=alt.Legend(orient="bottom", columns=3, labelLimit=LEGEND_LABEL_LIMIT),
                ),
                tooltip=[alt.Tooltip("label:N", title="Reference")],
            )
        )
        layers.append(reference_lines)
    subtitle = [zero_axis_note(unit)]
    if other_frequency:
        subtitle.append(
            f"{how_many(other_frequency, 'value')} of another frequency (not {step_noun(frequency)}ly) not drawn."
        )
    if not comparators.empty and not same_scale:
        areas = ", ".join(
            dict.fromkeys(comparator_label(record) for record in latest_comparators(comparators).itertuples())
        )
        subtitle.append(f"{areas}: totals of another size, so not on this axis; compared as an index below the chart.")
    one_series = numbers["series"].nunique() == 1
    repeated = one_series and not cumulative and too_repeated_for_limits(numbers["value"].to_numpy())
    if one_series and len(numbers) >= 2 and not cumulative and not repeated:
        extra, provisional = spc_layers(numbers, good_direction, rules, recalculate_at)
        layers = extra + layers
        subtitle.append(
            f"Grey line: the average. Fewer than {MINIMUM_POINTS} points, so no usual range or unusual points yet."
            if provisional
            else "Grey lines: the average and the usual range (statistical process control: a point outside the"
            " range, or a long run on one side of the average, is unlikely to be chance)"
            + (", recalculated where the lines break." if recalculate_at else ".")
        )
    elif repeated:
        subtitle.append(REPEATED_CHART_NOTE)
    elif cumulative:
        subtitle.append(
            "A running total over the year: it starts again each January (the line breaks there; that is no "
            "fall), so no usual range or unusual points are shown."
        )
    description = summary_sentence(
        observations,
        kpi_id,
        unit,
        name,
        good_direction=good_direction,
        cumulative=cumulative,
        rules=rules,
        recalculate_at=recalculate_at,
    )
    # Each layer keeps its own colour and shape scales: the series, targets and SPC marks mean
    # different things and must not share one legend. Made in one go: each chained Altair call
    # (resolve_scale, properties) deep-copies every layer (this step took 14 ms chained, 5 in one go).
    return alt.LayerChart(
        layer=layers,
        resolve=alt.Resolve(
            scale=alt.ScaleResolveMap(color="independent", shape="independent", strokeDash="independent")
        ),
        title=alt.TitleParams(text=name, subtitle=subtitle, anchor="start"),
        height=height,
        width="container",
        description=description,
    )


def side_by_side_table(observations: pd.DataFrame, kpi_ids: list[str]) -> pd.DataFrame:
    """The actuals of several KPIs with human headings, for the table beside small multiples."""
    rows = observations[observations["kpi_id"].isin(kpi_ids) & (observations["measure"] == "actual")]
    return (
        rows[["kpi_name", "period_label", "value", "value_text", "source"]]
        .rename(
            columns={
                "kpi_name": "KPI",
                "period_label": "Period",
                "value": "Value",
                "value_text": "As written",
                "source": "Source",
            }
        )
        .pipe(_without_blank_sources)
    )


def _without_blank_sources(table: pd.DataFrame) -> pd.DataFrame:
    """The table without its Source column when no row has one (the public view has none)."""
    if "Source" in table.columns and not table["Source"].astype(str).str.strip().any():
        return table.drop(columns="Source")
    return table


def _breakdown_labels(frame: pd.DataFrame) -> pd.Series:
    """Whose figures each row is (``series_label``); a locality's figures for every phase
    together, shown for a chosen phase it has no breakdown for, say so ("North (every phase)",
    as the Overview's tiles write it); a whole-area target standing in for the chosen
    locality's (``apply_filters``' ``target_locality``) says so, with no brackets inside
    brackets: "Whole area: North (every phase) has no target of its own"."""
    labels = series_label(frame)
    if "breakdown_note" in frame:
        every_phase = (frame["breakdown_note"] == NO_BREAKDOWN_NOTES["phase"]) & (frame["locality"] != ALL)
        labels = labels.where(~every_phase, labels + " (every phase)")
    if "target_locality" not in frame:
        return labels
    shared = frame["target_locality"] != ""
    if not shared.any():
        return labels
    read_as = series_label(
        frame.loc[shared, ["target_locality", "target_phase"]].set_axis(["locality", "phase"], axis=1)
    )
    return labels.where(~shared, read_as + ": " + labels + " has no target of its own")


def history_table(observations: pd.DataFrame, kpi_id: str) -> pd.DataFrame:
    """Every row of one KPI as a person reads it: period, measure, value as written, source."""
    frame = observations[observations["kpi_id"] == kpi_id].sort_values(["measure", "period"])
    table = pd.DataFrame(
        {
            # Written the way its frequency is (2024/25), whatever the file's heading said.
            "Period": [
                period_text(period, frequency) if not pd.isna(period) else label
                for period, frequency, label in zip(
                    frame["period"], frame["frequency"], frame["period_label"], strict=True
                )
            ],
            "Measure": frame["measure"].str.capitalize() + frame["comparator"].map(lambda c: f" ({c})" if c else ""),
            "Breakdown": _breakdown_labels(frame),
            "Value": frame["value"],
            "As written": frame["value_text"],
            "Source": frame["source"],
        }
    )
    return _without_blank_sources(table.reset_index(drop=True))


def small_multiples(
    observations: pd.DataFrame, kpi_ids: list[str], names: dict[str, str], columns: int = 3
) -> alt.FacetChart:
    """One small line chart per KPI (whole-area actuals), each with its own y-axis."""
    frame = observations[
        observations["kpi_id"].isin(kpi_ids) & (observations["measure"] == "actual") & observations["period"].notna()
    ]
    frame = frame[(frame["locality"] == ALL) & (frame["phase"] == ALL)].dropna(subset=["value"])
    frame = frame.assign(kpi=frame["kpi_id"].map(names))
    return (
        alt.Chart(frame)
        .mark_line(point=True, color=PALETTE[0])
        .encode(
            x=alt.X("period:T", title=None, axis=period_axis(frame["period"], main_frequency(frame))),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("kpi:N", title="KPI"),
                alt.Tooltip("period_label:N", title="Period"),
                alt.Tooltip("value_text:N", title="Value"),
            ],
        )
        .properties(width=220, height=120)
        .facet(
            facet=alt.Facet("kpi:N", title=None, header=alt.Header(labelLimit=220, labelFontSize=11)), columns=columns
        )
        .resolve_scale(y="independent")
        .properties(
            title=alt.TitleParams("The chosen KPIs side by side", anchor="start"),
            description="Small multiples: one line chart per KPI.",
        )
    )


def compare_periods(
    observations: pd.DataFrame,
    kpi_ids: list[str],
    first: pd.Timestamp,
    second: pd.Timestamp,
    frequency: str = "month",
) -> pd.DataFrame:
    """Each KPI's whole-area actual in two periods, as written, and the change between them;
    the periods headed as ``frequency`` writes them."""
    frame = observations[observations["kpi_id"].isin(kpi_ids) & (observations["measure"] == "actual")]
    frame = frame[(frame["locality"] == ALL) & (frame["phase"] == ALL)]
    rows = []
    for kpi_id in kpi_ids:
        own = frame[frame["kpi_id"] == kpi_id]
        found = [own[own["period"] == month] for month in (first, second)]
        values = [f["value"].iloc[0] if len(f) else math.nan for f in found]
        rows.append(
            {
                "KPI": own["kpi_name"].iloc[0] if len(own) else kpi_id,
                period_text(first, frequency): found[0]["value_text"].iloc[0] if len(found[0]) else "no data",
                period_text(second, frequency): found[1]["value_text"].iloc[0] if len(found[1]) else "no data",
                "Change": "no data" if math.isnan(values[1] - values[0]) else f"{values[1] - values[0]:+,.4g}",
            }
        )
    return pd.DataFrame(rows)


def locality_bar_chart(values: pd.DataFrame, title: str, chosen: str = ALL, unit: str = "other") -> alt.Chart:
    """One bar per locality (``locality_values`` with a ``rating`` column), longest first,
    with the value as written and its rating in the tooltip; the axis says what the values are
    (``unit``). The ``chosen`` locality (the filter's) is drawn darker and outlined, and named
    "North (your filter)" on the axis, so colour is never the only signal."""
    marked = values.assign(
        shown=values["locality"].map(lambda name: "Chosen" if name == chosen else "Other"),
        label=values["locality"].map(lambda name: name + YOUR_FILTER if name == chosen else name),
    )
    return (
        alt.Chart(marked)
        .mark_bar(stroke="#0b0c0c")
        .encode(
            x=alt.X("value:Q", title=Y_TITLES.get(unit, "Value")),  # as every trend chart titles its values
            y=alt.Y("label:N", title="Locality", sort="-x"),
            color=alt.Color(
                "shown:N",
                scale=alt.Scale(domain=["Chosen", "Other"], range=[CHOSEN_BAR_COLOUR, OTHER_BAR_COLOUR]),
                legend=None,
            ),
            strokeWidth=alt.condition(alt.datum.shown == "Chosen", alt.value(2), alt.value(0)),
            tooltip=[
                alt.Tooltip("locality:N", title="Locality"),
                alt.Tooltip("value_text:N", title="Value"),
                alt.Tooltip("rating:N", title="Rating"),
                alt.Tooltip("shown:N", title="Your filter"),
            ],
        )
        .properties(title=title, width="container", description="Bar chart comparing localities.")
    )


def locality_sentence(values: pd.DataFrame, period: pd.Timestamp, chosen: str = ALL, frequency: str = "month") -> str:
    """``Highest: North (41%), Dec 2024. 4 localities. North, chosen: 41%.`` for the bar
    chart's summary. Hidden figures (no number, 'c') are never called the highest; they are
    counted. The ``chosen`` locality's figure is named when it is one of them."""
    when = period_text(period, frequency)
    numbers = values.dropna(subset=["value"])
    count = how_many(len(values), "locality", "localities")
    if numbers.empty:
        sentence = f"No locality's figure can be shown for {when}. {count}."
    else:
        best = numbers.sort_values("value").iloc[-1]
        sentence = f"Highest: {best['locality']} ({best['value_text']}), {when}. {count}."
    hidden = len(values) - len(numbers)
    if hidden:
        sentence += f" {hidden} hidden to protect privacy (c)." if hidden > 1 else " 1 hidden to protect privacy (c)."
    mine = values[values["locality"] == chosen]
    if chosen != ALL and not mine.empty:
        sentence += f" {chosen}, chosen: {mine['value_text'].iloc[0]}."
    return sentence


def locality_table(values: pd.DataFrame, chosen: str = ALL, frequency: str = "month") -> pd.DataFrame:
    """The localities' figures as people read them: Locality (the ``chosen`` one marked),
    Figure (as written; 'c' when hidden), Rating, Period (written as its frequency writes it)."""
    return pd.DataFrame(
        {
            "Locality": [name + YOUR_FILTER if name == chosen else name for name in values["locality"]],
            "Figure": values["value_text"].fillna("").astype(str).to_numpy(),
            "Rating": values["rating"].fillna("").astype(str).to_numpy() if "rating" in values else "",
            "Period": [period_text(when, frequency) for when in values["period"]],
        }
    )
