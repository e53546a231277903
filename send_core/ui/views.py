"""Per-view results worked out once per dataset and filters, and shared by every session as
read-only objects (``st.cache_resource``): a family's first page draws them, it does not
recompute or unpickle them. Keyed on the dataset's key (its files' content)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from ..chart_values import without_unused_fields
from ..charts import history_table, trend_chart
from ..dataset import Dataset
from ..filters import ALL, FilterOptions, Filters, figures_for, filter_options, slice_name, within_months
from ..first_look import first_look_chart
from ..sentences import summary_sentence
from ..summary import COMPARATOR_NAMES, Tile, all_kpis_table, exceptions, kpi_summary, overview_tiles, spc_table
from ..suppression import is_suppressed, with_pod_rows
from ..tables import TABLE_PIXELS, fitted_column_widths
from ..wording import format_value, rating_counts
from .state import UPLOAD_CACHE_SECONDS, filtered_view, get_settings, pods


@st.cache_resource(show_spinner=False, max_entries=64, ttl=UPLOAD_CACHE_SECONDS)
def shared_view(dataset_key: str, filters: Filters, every_locality: bool, _dataset: Dataset) -> pd.DataFrame:
    """The dataset's observations for these filters (:func:`filtered_view`), worked out once per
    dataset and filters and shared read-only: pages read it and never change it."""
    return filtered_view(_dataset, filters, every_locality=every_locality)


@dataclass(frozen=True)
class ChartView:
    """A chart with its spec worked out once, its one-sentence summary and its table: what
    Chart / Table / Download draws. The table is worked out when first asked for (most visits
    never open the Table or Download tab), then kept."""

    chart: alt.TopLevelMixin
    spec: dict
    summary: str
    make_table: Callable[[], pd.DataFrame]

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """The chart's data as a person reads it (worked out once, on first use)."""
        return self.make_table()

    @functools.cached_property
    def drawn_spec(self) -> dict:
        """``spec`` as ``st.vega_lite_chart`` sends it, its tables already in Arrow's format
        (worked out on first drawing, then kept). Streamlit otherwise turns every table of a
        spec into Arrow on every drawing (7 ms of each KPI explorer run), though the spec is
        the same each time; given bytes, it sends them as they are. Geographic data
        (GeoJSON features) stays as it is, as Streamlit leaves it in the spec."""
        datasets = self.spec.get("datasets")
        if not datasets:
            return self.spec
        return {**self.spec, "datasets": {name: _as_arrow(rows) for name, rows in datasets.items()}}


def _as_arrow(rows: object) -> object:
    """A spec's table (a list of records) as Streamlit's Arrow bytes; anything else as it is."""
    if isinstance(rows, list) and rows and isinstance(rows[0], dict) and rows[0].get("type") != "Feature":
        return dataframe_util.convert_anything_to_arrow_bytes(rows)
    return rows


def chart_view(chart: alt.TopLevelMixin, table: pd.DataFrame | Callable[[], pd.DataFrame], summary: str) -> ChartView:
    """A :class:`ChartView` of ``chart``: its spec without Altair's schema check (the tests
    run it on every chart builder), which cost a page a third of its time on every drawing.
    ``table`` is the table, or a function that makes it when it is first wanted."""
    make_table = table if callable(table) else lambda: table
    return ChartView(chart, without_unused_fields(chart.to_dict(validate=False)), summary, make_table)


@st.cache_resource(show_spinner=False, max_entries=256, ttl=UPLOAD_CACHE_SECONDS)
def trend_view(
    dataset_key: str, filters: Filters, kpi_id: str, recalculate_at: tuple[str, ...], _dataset: Dataset
) -> ChartView:
    """The KPI explorer's chart of one KPI (its figures, targets, comparators and SPC, limits
    recalculated from the months in ``recalculate_at``, "YYYY-MM-DD"), its history table and
    summary, for these filters: built once and shared, so a page drawn again only sends it."""
    view = shared_view(dataset_key, filters, False, _dataset)
    kpi, name = _kpi_and_chart_name(view, filters, kpi_id, _dataset)
    chart = trend_chart(
        view,
        kpi_id,
        name=name,
        unit=kpi.unit,
        policy=_dataset.rating_policy,
        good_direction=kpi.good_direction,
        cumulative=bool(kpi.cumulative),
        rules=get_settings().spc_rules(),
        recalculate_at=[pd.Timestamp(month) for month in recalculate_at],
    )
    # The chart's description is its summary sentence (summary_sentence): not worked out twice.
    return chart_view(chart, lambda: history_table(view, kpi_id), chart.description)


def _kpi_and_chart_name(view: pd.DataFrame, filters: Filters, kpi_id: str, dataset: Dataset) -> tuple[pd.Series, str]:
    """A KPI's catalogue row, and its charts' title: a chosen locality's or phase's figures say
    so in the title and sentence, which also travel without the page (the image downloads, a
    shared screenshot)."""
    kpi = dataset.catalogue[dataset.catalogue["kpi_id"] == kpi_id].iloc[0]
    whose = figures_for(filters, view.loc[view["kpi_id"] == kpi_id, "breakdown_note"])
    return kpi, f"{kpi.kpi_name}, {whose}" if whose else kpi.kpi_name


@st.cache_resource(show_spinner=False, max_entries=64, ttl=UPLOAD_CACHE_SECONDS)
def first_look_view(dataset_key: str, filters: Filters, kpi_id: str, _dataset: Dataset) -> ChartView:
    """The Upload page's first look at a file's first KPI (:func:`first_look_chart`), with the
    KPI explorer's table of its rows and its summary sentence, for these filters: built once."""
    view = shared_view(dataset_key, filters, False, _dataset)
    kpi, name = _kpi_and_chart_name(view, filters, kpi_id, _dataset)
    cumulative = bool(kpi.cumulative)
    summary = summary_sentence(
        view,
        kpi_id,
        kpi.unit,
        name,
        good_direction=kpi.good_direction,
        cumulative=cumulative,
        rules=get_settings().spc_rules(),
    )
    chart = first_look_chart(view, kpi_id, name=name, unit=kpi.unit, description=summary, cumulative=cumulative)
    return chart_view(chart, lambda: history_table(view, kpi_id), summary)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=UPLOAD_CACHE_SECONDS)
def kpi_status(
    dataset_key: str, filters: Filters, _dataset: Dataset
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Summary, SPC and exceptions for one dataset and one set of filters, worked out once:
    changing a filter back and forth, or moving between pages, costs nothing the second time.
    Shared by every session (read-only): a family's first page does not unpickle a copy."""
    settings = get_settings()
    view = shared_view(dataset_key, filters, False, _dataset)
    summary = kpi_summary(view, _dataset.catalogue, policy=_dataset.rating_policy)
    recalculations = _dataset.plan.recalculations() if _dataset.plan is not None else {}
    spc = spc_table(view, _dataset.catalogue, summary, rules=settings.spc_rules(), recalculations=recalculations)
    return summary, spc, exceptions(summary, spc)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=UPLOAD_CACHE_SECONDS)
def overview_view(dataset_key: str, filters: Filters, _dataset: Dataset) -> OverviewView:
    """The Overview's rating counts, tiles and table for one dataset and set of filters, worked
    out once and shared (read-only): the page only draws them."""
    summary, spc, flagged = kpi_status(dataset_key, filters, _dataset)
    table = all_kpis_table(summary, spc)
    chosen = slice_name(filters)
    area = None
    columns = ALL_KPI_COLUMNS
    if chosen:
        # The whole area over the same objective and months: what a locality is compared with.
        area = kpi_status(dataset_key, replace(filters, locality=ALL, phase=ALL), _dataset)[0]
        whole = area[["kpi_id", "latest_text"]].rename(columns={"latest_text": "area_text"})
        table = table.merge(whole, on="kpi_id", how="left").fillna({"area_text": ""})
        columns = (*ALL_KPI_COLUMNS[:2], "area_text", *ALL_KPI_COLUMNS[2:])
    # The comparators in one column of words that wraps ("England 43.3%; Region 40%"): as three
    # columns of numbers the BCP sample's table was 115 px wider than a 1366 px screen. A
    # comparator no KPI has (no England figures in the file) is left out.
    present = [c for c in COMPARATOR_COLUMNS if c in table and table[c].notna().any()]
    columns = tuple(c for c in columns if c not in COMPARATOR_COLUMNS)
    if present:
        table = table.assign(compared_text=_compared_text(table, present))
        columns = (*columns, "compared_text")
    return OverviewView(
        counts=rating_counts(summary["rag"]),
        # Each exception says when its figure is the whole area's, not the chosen locality's.
        exceptions=_arrow(
            flagged.merge(summary[["kpi_id", "breakdown_note"]], on="kpi_id", how="left"), EXCEPTION_COLUMNS
        ),
        tiles=overview_tiles(
            summary,
            spc,
            flagged,
            TILES_SHOWN,
            area=area,
            slice_name=chosen,
            locality="" if filters.locality == ALL else filters.locality,
        ),
        table=_arrow(table, columns),
        **_overview_table_widths(table, columns),
    )


# The Overview grid's headings, by column.
OVERVIEW_HEADINGS = {
    "kpi_name": "KPI",
    "recent": "Recent",  # "Recent months" was cut in its 90 px column; the help says how many
    "latest_text": "Latest",
    "area_text": "Whole area",
    "target_text": "Target",
    "rag": "Rating",
    "variation_text": "Change over time",
    "assurance_text": "Meets target?",
    "compared_text": "Compared with",
}
OVERVIEW_HELP = {
    "variation_text": "Whether the figure is really changing, in a few words: the KPI explorer says it in full.",
    "assurance_text": "In a few words: the KPI explorer says it in full.",
    "compared_text": "England's figure, and the statistical neighbours' (councils most like this one) and the region's where the file has them",
}
OVERVIEW_NARROWEST_PIXELS = 125  # four long text columns at 140 left no room for the rest
SPARKLINE_PIXELS = 90  # the "Recent" column: a line of the last few values


def _compared_text(table: pd.DataFrame, comparators: list[str]) -> list[str]:
    """Each row's comparators in words, in the KPI's unit; empty where it has none."""
    texts = []
    for row in table.to_dict("records"):
        parts = [
            f"{COMPARATOR_NAMES[c]} {format_value(row[c], row.get('unit') or '')}"
            for c in comparators
            if pd.notna(row[c])
        ]
        texts.append("; ".join(parts))
    return texts


def _overview_table_widths(table: pd.DataFrame, columns: tuple[str, ...]) -> dict:
    """Widths that keep every column of the Overview grid in sight (a reviewer found "Recent
    months" cut and two columns off the page at 1366 px), as ``fitted_column_widths`` fits
    any grid, with room kept for the sparkline."""
    shown = table.loc[:, [c for c in columns if c != "recent"]].rename(columns=OVERVIEW_HEADINGS)
    widths, lines = fitted_column_widths(
        shown, available=TABLE_PIXELS - SPARKLINE_PIXELS, narrowest=OVERVIEW_NARROWEST_PIXELS
    )
    by_heading = {heading: column for column, heading in OVERVIEW_HEADINGS.items()}
    return {"table_widths": {by_heading[h]: px for h, px in widths.items()}, "table_lines": lines}


@st.cache_resource(show_spinner=False, max_entries=64, ttl=UPLOAD_CACHE_SECONDS)
def kpi_history(dataset_key: str, kpi_id: str, filters: Filters, _dataset: Dataset) -> pd.DataFrame:
    """One KPI's rows in every locality and phase, with its pods' rows added up (where the
    data is not already suppressed), within the filters' months: what the locality and pod
    comparisons over time draw from. Worked out once per dataset, KPI and filters, shared."""
    rows = _dataset.observations[_dataset.observations["kpi_id"] == kpi_id]
    configured = pods()
    if configured and not is_suppressed(rows).any():
        rows = with_pod_rows(rows, configured)
    return within_months(rows, filters)


COMPARATOR_COLUMNS = tuple(COMPARATOR_NAMES)
# The columns each Overview table shows, in order.
EXCEPTION_COLUMNS = ("kpi_name", "reasons", "latest_text", "section", "breakdown_note")
ALL_KPI_COLUMNS = (
    "kpi_name",
    "latest_text",
    "target_text",
    "rag",
    "variation_text",
    "recent",
    "assurance_text",
    "england",
    "statistical_neighbours",
    "region",
)  # no Section: with it, no set of widths kept every column in sight at 1366 px


def _arrow(frame: pd.DataFrame, columns: tuple[str, ...]) -> pa.Table:
    # Converted once: st.dataframe sends an Arrow table as it is, where a DataFrame is
    # converted again for every session that opens the page.
    return pa.Table.from_pandas(frame.loc[:, list(columns)], preserve_index=False)


@dataclass(frozen=True)
class OverviewView:
    """What the Overview draws (see :func:`overview_view`)."""

    counts: dict[str, int]
    exceptions: pa.Table  # EXCEPTION_COLUMNS
    tiles: tuple[Tile, ...]
    table: pa.Table  # ALL_KPI_COLUMNS
    # The grid's column widths in pixels (by column name) and the lines its tallest cell wraps to.
    table_widths: dict[str, int]
    table_lines: int


TILES_SHOWN = 12  # on the Overview: flagged KPIs first


@st.cache_resource(show_spinner=False, max_entries=64, ttl=UPLOAD_CACHE_SECONDS)
def dataset_filter_options(dataset_key: str, _dataset: Dataset) -> FilterOptions:
    """The sidebar's choices for a dataset (objectives, localities, phases and pods, months),
    worked out once per dataset, not on every page of every session."""
    titles = {o.id: o.title for o in _dataset.plan.objectives} if _dataset.plan is not None else {}
    return filter_options(_dataset.observations, _dataset.catalogue, titles, pods())
