"""Localities (or phases and pods) compared over time: one small chart each, with the whole
area and the target drawn in every panel, the chosen one highlighted; and a ranking that says
how far each is from its target. Calculation returns tidy frames; plotting is separate."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from . import chart_values  # noqa: F401  (makes Altair write chart data faster: see the module)
from .axes import period_axis
from .colours import LEGEND_LABEL_LIMIT
from .model import ALL
from .rag import Target, targets_in_force
from .wording import YOUR_FILTER, format_value, period_text

THIS_ONE, WHOLE_AREA, TARGET = "Its own figures", "Whole area", "Target"  # each panel's legend
SERIES_COLOURS = {THIS_ONE: "#1d70b8", WHOLE_AREA: "#505a5f", TARGET: "#d4351c"}  # GOV.UK blue, grey, red
SERIES_DASHES = {THIS_ONE: [1, 0], WHOLE_AREA: [6, 3], TARGET: [2, 2]}
RANKING_COLUMNS = ["Rank", "Name", "Latest", "Period", "Target", "How far from target", "Whole area"]


def _actuals(observations: pd.DataFrame, kpi_id: str) -> pd.DataFrame:
    return observations[
        (observations["kpi_id"] == kpi_id)
        & (observations["measure"] == "actual")
        & observations["period"].notna()
        & observations["value"].notna()
    ]


def breakdown_groups(observations: pd.DataFrame, kpi_id: str, column: str) -> list[str]:
    """The localities (``column`` "locality") or phases and pods ("phase") a KPI has actuals
    for across the whole of the other column, in the order they first appear."""
    other = "phase" if column == "locality" else "locality"
    rows = _actuals(observations, kpi_id)
    rows = rows[(rows[column] != ALL) & (rows[other] == ALL)]
    return list(dict.fromkeys(rows[column].tolist()))


def breakdown_series(observations: pd.DataFrame, kpi_id: str, column: str, chosen: str = ALL) -> pd.DataFrame:
    """A tidy frame for the small multiples: for each group (each locality, or each phase and
    pod) its own actuals, and, repeated in its panel, the whole area's actuals and the
    area's target line (a target in force from its month until the next). Columns: ``panel``
    (the group's name, the ``chosen`` one marked), ``group``, ``series`` (Its own figures / Whole
    area / Target), ``period``, ``value``, ``value_text``, ``chosen``. Empty when the KPI has
    no breakdown by ``column``."""
    groups = breakdown_groups(observations, kpi_id, column)
    rows = _actuals(observations, kpi_id)
    other = "phase" if column == "locality" else "locality"
    area = rows[(rows["locality"] == ALL) & (rows["phase"] == ALL)]
    targets = observations[
        (observations["kpi_id"] == kpi_id)
        & (observations["measure"] == "target")
        & (observations["locality"] == ALL)
        & (observations["phase"] == ALL)
        & observations["period"].notna()
        & observations["value"].notna()
    ].sort_values("period")
    if not targets.empty and not rows.empty:
        # The last target holds to the last month shown: a step needs an end.
        last = targets.iloc[[-1]].assign(period=rows["period"].max())
        targets = pd.concat([targets, last], ignore_index=True)
    frames = []
    for group in groups:
        own = rows[(rows[column] == group) & (rows[other] == ALL)]
        panel = group + (YOUR_FILTER if group == chosen else "")
        for series, part in ((THIS_ONE, own), (WHOLE_AREA, area), (TARGET, targets)):
            if part.empty:
                continue
            frames.append(
                pd.DataFrame(
                    {
                        "panel": panel,
                        "group": group,
                        "series": series,
                        "period": part["period"].to_numpy(),
                        "value": part["value"].astype(float).to_numpy(),
                        "value_text": part["value_text"].astype(str).to_numpy(),
                        "chosen": group == chosen,
                    }
                )
            )
    columns = ["panel", "group", "series", "period", "value", "value_text", "chosen"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def breakdown_small_multiples(
    series: pd.DataFrame, title: str, frequency: str = "month", columns: int = 2
) -> alt.FacetChart:
    """One small line chart per group (:func:`breakdown_series`): its own figures as a solid
    blue line with points, the whole area as a dashed grey line, the target as a dotted red
    step. The chosen group's panel is titled "(your filter)" and its line drawn thicker.
    Series differ by dash as well as colour, and the legend names them. The time axis writes
    periods as ``frequency`` does (the app's one period axis)."""
    domain = [THIS_ONE, WHOLE_AREA, TARGET]
    base = alt.Chart().encode(
        x=alt.X("period:T", title=None, axis=period_axis(series["period"], frequency, labelAngle=0)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[SERIES_COLOURS[s] for s in domain]),
            legend=alt.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=3, labelLimit=LEGEND_LABEL_LIMIT),
        ),
        strokeDash=alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=domain, range=[SERIES_DASHES[s] for s in domain]), legend=None
        ),
        tooltip=[
            alt.Tooltip("group:N", title="Name"),
            alt.Tooltip("series:N", title="Line"),
            alt.Tooltip("period:T", title="Period", format="%b %Y"),
            alt.Tooltip("value_text:N", title="Figure"),
        ],
    )
    lines = base.transform_filter(alt.datum.series != TARGET).mark_line(point=alt.OverlayMarkDef(size=18))
    lines = lines.encode(strokeWidth=alt.condition(alt.datum.chosen, alt.value(3.5), alt.value(1.8)))
    target = base.transform_filter(alt.datum.series == TARGET).mark_line(interpolate="step-after", strokeWidth=1.5)
    return (
        alt.layer(lines, target, data=series)
        .properties(width=360, height=150)
        .facet(
            facet=alt.Facet("panel:N", title=None, header=alt.Header(labelFontSize=13, labelFontWeight="bold")),
            columns=columns,
        )
        .resolve_scale(y="shared")
        .properties(
            title=alt.TitleParams(title, anchor="start"),
            description="Small multiples: one line chart per locality or phase, each with the whole area and the target.",
        )
    )


def series_table(series: pd.DataFrame, frequency: str = "month") -> pd.DataFrame:
    """The small multiples' figures as people read them: Name, Period (as its frequency writes
    it), Line (this one, the whole area or the target) and Figure, one row each, the target's
    closing copy left out."""
    shown = series.drop_duplicates(["group", "series", "period"], keep="first")
    return pd.DataFrame(
        {
            "Name": shown["panel"].to_numpy(),
            "Period": [period_text(when, frequency) for when in shown["period"]],
            "Line": shown["series"].to_numpy(),
            "Figure": shown["value_text"].to_numpy(),
        }
    )


def distance_from_target(value: float, target: Target | None, good_direction: str, unit: str) -> tuple[str, float]:
    """How far a figure is from its target, in words ("3.2 points short of target", "12
    better than target", "On target", "Within the target range"), and a score for ranking
    (how far on the good side: larger is better; NaN when there is no target). A percentage's
    distance is in percentage points; a KPI with no good direction says above or below."""
    if target is None or value != value:
        return "No target set", math.nan
    low, high = target.low, target.high
    if not math.isnan(low) and not math.isnan(high):
        if low <= value <= high:
            return "Within the target range", 0.0
        aim = low if value < low else high
    elif not math.isnan(target.value):
        aim = target.value
    elif not math.isnan(low):  # "at least"
        aim = low
    else:
        aim = high
    gap = value - aim
    if gap == 0:
        return "On target", 0.0
    number = f"{abs(gap):,.1f}".rstrip("0").rstrip(".")
    size = f"{number} {'point' if number == '1' else 'points'}" if unit == "percent" else format_value(abs(gap), unit)
    if good_direction not in ("up", "down"):
        return f"{size} {'above' if gap > 0 else 'below'} target", -abs(gap)
    better = gap > 0 if good_direction == "up" else gap < 0
    return f"{size} {'better than' if better else 'short of'} target", abs(gap) if better else -abs(gap)


def breakdown_ranking(
    observations: pd.DataFrame,
    kpi_id: str,
    column: str,
    good_direction: str,
    unit: str,
    frequency: str = "month",
    chosen: str = ALL,
) -> pd.DataFrame:
    """Each group's latest figure, the target in force then (the whole area's), how far it is
    from the target in words, and the whole area's figure that period; ranked best first (the
    furthest on the good side of the target, or with no target the best figure by the KPI's
    good direction; ties and unknown directions keep the groups' order). Columns:
    RANKING_COLUMNS; the chosen group marked "(your filter)"."""
    groups = breakdown_groups(observations, kpi_id, column)
    rows = _actuals(observations, kpi_id)
    other = "phase" if column == "locality" else "locality"
    kpi_rows = observations[
        (observations["kpi_id"] == kpi_id) & (observations["locality"] == ALL) & (observations["phase"] == ALL)
    ]
    area = rows[(rows["locality"] == ALL) & (rows["phase"] == ALL)].set_index("period")
    latests = [rows[(rows[column] == group) & (rows[other] == ALL)].sort_values("period").iloc[-1] for group in groups]
    # The whole area's targets, sorted out once for every group's latest period.
    in_force = targets_in_force(kpi_rows, [latest["period"] for latest in latests])
    records = []
    for order, (group, latest, (target, target_text)) in enumerate(zip(groups, latests, in_force, strict=True)):
        words, score = distance_from_target(float(latest["value"]), target, good_direction, unit)
        if math.isnan(score):
            sign = {"up": 1, "down": -1}.get(good_direction, 0)
            score = sign * float(latest["value"]) if sign else -order
        whole = area["value_text"].get(latest["period"]) if latest["period"] in area.index else None
        records.append(
            {
                "Name": group + (YOUR_FILTER if group == chosen else ""),
                "Latest": str(latest["value_text"]),
                "Period": period_text(latest["period"], frequency),
                "Target": target_text or "None set",
                "How far from target": words,
                "Whole area": str(whole) if whole is not None else "No figure",
                "_score": score,
                "_order": order,
            }
        )
    if not records:
        return pd.DataFrame(columns=RANKING_COLUMNS)
    table = pd.DataFrame(records).sort_values(["_score", "_order"], ascending=[False, True], kind="stable")
    table.insert(0, "Rank", range(1, len(table) + 1))
    return table[RANKING_COLUMNS].reset_index(drop=True)


def ranking_sentence(ranking: pd.DataFrame, noun: str) -> str:
    """A sentence for the ranking: which is furthest ahead of its target and how many are
    short of it ("Best against target: West, 4.2 points better than target. 2 of 4 localities
    are short of target."; "Closest to target" when every one is short)."""
    if ranking.empty:
        return f"There are no figures to rank the {noun} by."
    best = ranking.iloc[0]
    short = int(ranking["How far from target"].str.contains("short of").sum())
    has_target = (ranking["How far from target"] != "No target set").any()
    if not has_target:
        return f"No target is set; ranked by the latest figure, {best['Name']} first ({best['Latest']})."
    lead = "Closest to target" if "short of" in best["How far from target"] else "Best against target"
    return (
        f"{lead}: {best['Name']}, {best['How far from target'][0].lower()}{best['How far from target'][1:]}. "
        f"{short} of {len(ranking)} {noun} {'is' if short == 1 else 'are'} short of target."
    )
