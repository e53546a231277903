"""Comparators on charts and in sentences: what each is called, the latest of each, and an
index for totals of another size (an authority's 12,000 plans beside England's 640,000)."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from . import chart_values  # noqa: F401  (makes Altair write chart data faster: see the module)
from .axes import of_main_frequency, period_axis
from .colours import COMPARATOR_COLOURS, LEGEND_LABEL_LIMIT, PALETTE
from .model import ALL
from .wording import FREQUENCY_TITLES, period_text


def comparator_label(record: object, *, short: bool = False) -> str:
    """What a comparator is called on a chart: England, the statistical neighbours (``Stat.
    neighbours`` with ``short``), or the region by the name its file gives ("West Midlands",
    "SW"). ``record`` is a row (a Series, a mapping or a named tuple) with ``comparator`` and
    ``area``."""
    if isinstance(record, (pd.Series, Mapping)):
        comparator, area = record.get("comparator"), record.get("area", "")
    else:
        comparator, area = getattr(record, "comparator", None), getattr(record, "area", "")
    if comparator == "Statistical neighbours":
        return "Stat. neighbours" if short else "Statistical neighbours"
    if comparator == "England":
        return "England"
    return area if area and area != "Region" else "Region"


def latest_comparators(rows: pd.DataFrame) -> pd.DataFrame:
    """Each comparator's latest row (undated values count as latest), one per KPI and
    comparator: a summary compares with the latest only, not with every year a file holds.
    The one place "latest comparator" is decided, for one KPI's rows or for all of them."""
    comparators = rows[(rows["measure"] == "comparator") & rows["value"].notna()]
    # Sorting puts undated rows (NaT) last, so they are kept as the latest.
    ordered = comparators.sort_values("period", kind="stable", na_position="last")
    return ordered.drop_duplicates(["kpi_id", "comparator"], keep="last")


def latest_comparator_values(observations: pd.DataFrame) -> pd.Series:
    """:func:`latest_comparators`' values, indexed by ``kpi_id`` and ``comparator``."""
    return latest_comparators(observations).set_index(["kpi_id", "comparator"])["value"]


INDEX_COLUMNS = ("area", "period", "period_label", "value", "index", "frequency")


def comparator_index(observations: pd.DataFrame, kpi_id: str, authority: str = "") -> pd.DataFrame:
    """For a KPI counted in totals (plans, requests): its whole-area values and each dated
    comparator's as an index, 100 at the first period every one of them has a value, so an
    authority of 12,000 and England of 640,000 can be compared by how they changed. Columns:
    ``area, period, period_label, value, index, frequency``; the authority's own line is named
    ``authority`` ("This authority" when not given). Empty when they share no period."""
    rows = observations[
        (observations["kpi_id"] == kpi_id) & observations["period"].notna() & observations["value"].notna()
    ]
    ours = rows[(rows["measure"] == "actual") & (rows["locality"] == ALL) & (rows["phase"] == ALL)]
    if ours.empty:
        return pd.DataFrame(columns=list(INDEX_COLUMNS))
    ours, frequency = of_main_frequency(ours)
    ours_name = authority or "This authority"
    pieces = [ours.assign(area=ours_name)]
    for _, group in rows[(rows["measure"] == "comparator") & (rows["frequency"] == frequency)].groupby("comparator"):
        pieces.append(group.assign(area=comparator_label(group.iloc[-1])))
    frame = pd.concat(pieces, ignore_index=True).drop_duplicates(["area", "period"], keep="last")
    shared = frame.groupby("period")["area"].nunique()
    common = shared[shared == frame["area"].nunique()].index
    if len(common) == 0 or frame["area"].nunique() < 2:
        return pd.DataFrame(columns=list(INDEX_COLUMNS))
    base = frame[frame["period"] == common.min()].set_index("area")["value"]
    frame = frame.assign(index=(frame["value"] / frame["area"].map(base) * 100).round(1))
    frame = frame.assign(period_label=[period_text(p, frequency) for p in frame["period"]])
    # This authority first, then the comparators by name.
    frame = frame.assign(comparator=frame["area"] != ours_name)
    return (
        frame[frame["period"] >= common.min()]
        .sort_values(["comparator", "area", "period"])
        .assign(frequency=frequency)[list(INDEX_COLUMNS)]
        .reset_index(drop=True)
    )


def index_sentence(index: pd.DataFrame) -> str:
    """``Since 2018/19: this authority +28%, England +80%, West Midlands +62%.``"""
    if index.empty:
        return ""
    latest = index.groupby("area", sort=False).tail(1)  # this authority first, as the index is ordered
    parts = [
        f"{row.area if row.area != 'This authority' else 'this authority'} {row.index - 100:+.0f}%"
        for row in latest.itertuples()
    ]
    return f"Since {index['period_label'].iloc[0]} (latest {latest['period_label'].iloc[0]}): " + ", ".join(parts) + "."


def comparator_index_chart(index: pd.DataFrame, name: str) -> alt.Chart:
    """:func:`comparator_index` drawn: a line per area, 100 at the shared first period, on an
    axis of the index's own frequency."""
    frequency = str(index["frequency"].iloc[0]) if len(index) else "month"
    base_label = index["period_label"].iloc[0] if len(index) else ""
    # This authority first, solid and in the app's blue; each comparator dashed, in its colour.
    areas = list(dict.fromkeys(index["area"]))  # the authority first, as the index is ordered
    colours = [
        PALETTE[0] if position == 0 else COMPARATOR_COLOURS["England" if area == "England" else "Region"]
        for position, area in enumerate(areas)
    ]
    return (
        alt.Chart(index)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X(
                "period:T",
                title=FREQUENCY_TITLES.get(frequency, "Month"),
                axis=period_axis(index["period"], frequency, labelAngle=0),
            ),
            y=alt.Y("index:Q", title=f"Index ({base_label} = 100)", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "area:N",
                title="Area",
                scale=alt.Scale(domain=areas, range=colours),
                legend=alt.Legend(orient="bottom", labelLimit=LEGEND_LABEL_LIMIT),
            ),
            strokeDash=alt.StrokeDash(
                "area:N", legend=None, scale=alt.Scale(domain=areas, range=[[1, 0]] + [[4, 2]] * (len(areas) - 1))
            ),
            tooltip=[
                alt.Tooltip("area:N", title="Area"),
                alt.Tooltip("period_label:N", title="Period"),
                alt.Tooltip("value:Q", title="Value", format=",.0f"),
                alt.Tooltip("index:Q", title="Index"),
            ],
        )
        .properties(
            title=alt.TitleParams(
                text=f"{name}: change compared with England and the region",
                subtitle=[f"Each area's values as an index: {base_label} = 100, so areas of different sizes compare."],
                anchor="start",
            ),
            height=380,
            width="container",
        )
    )
