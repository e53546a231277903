"""Widgets every page shares: the data banner, the global filters, Chart / Table / Download
tabs and RAG badges."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from ..dataset import Dataset
from ..downloads import to_csv_bytes
from ..filters import ALL, FilterOptions, Filters, filters_from_query, filters_label, filters_to_query, sanitise
from ..filters import describe_filters as filters_sentence
from ..reports.contents import ChartCaption
from ..spc import LIMITS_OUT_OF_DATE
from ..tables import CONFLICT_HEADINGS, conflicts_table, fitted_column_widths, readable_table, unbroken_dates
from ..wording import (
    assurance_text,
    before_colon,
    file_size_text,
    how_many,
    rating_words,
    variation_text,
)
from .reports import chart_image_buttons
from .state import SAMPLE_KEY, get_settings
from .text import escape_markdown
from .views import ChartView, chart_view, dataset_filter_options

FILTERS_KEY = "filters"
_WIDGET_KEYS = {
    "objective": "filter_objective",
    "locality": "filter_locality",
    "phase": "filter_phase",
    "period_start": "filter_from",
    "period_end": "filter_to",
}
_SAMPLE_WIDGET = "sample_choice"
TAB_NAMES = ["Chart", "Table", "Download"]  # every visual's three tabs (the DfE template's)
FULL_HEIGHT_ROWS = 100  # tables up to this many rows are shown whole, longer ones scroll
# A grid row's height for one line of text, and for wrapped text a base and a height a line:
# measured in Chromium, the grid wraps a cell's text only from about 70 px (two lines).
GRID_ROW_PIXELS, WRAPPED_ROW_PIXELS, GRID_LINE_PIXELS = 35, 22, 24
_BADGE_COLOURS = {"Green": "green", "Amber": "orange", "Red": "red", "Blue": "blue"}


def nothing_to_show(filters: Filters, *, read_only: bool = False) -> str:
    """What to say when no KPI is left to show: narrower filters, or no numbers at all."""
    if (filters.objective, filters.locality, filters.phase) == (ALL, ALL, ALL):
        return "There are no figures to show for these months. Widen the months under Filters in the sidebar" + (
            "." if read_only else ", or see the Upload data page for what was read from your files."
        )
    return f"No KPIs match these filters. Choose '{ALL}' in one of them (Filters, in the sidebar) to see more."


def data_banner(dataset: Dataset, errors: list[tuple[str, str]] | None = None, *, read_only: bool = False) -> None:
    """Say whose data this is, on every page; show upload errors as sentences. ``read_only``
    (the public instance) says it to families: no uploading, no file names, no publisher."""
    if read_only:
        public_banner(dataset)
        return
    if errors:
        # One line on every page; the reasons, and the way to fix them, are on the Upload page.
        names = ", ".join(escape_markdown(name) for name, _ in errors)
        st.error(
            f"{'This file' if len(errors) == 1 else 'These files'} could not be used: {names}. "
            "The **Upload data** page says why and how to fix it."
        )
    if dataset.is_draft:
        over = (
            f" laid over published version {dataset.published_version} ({published_when(dataset)})"
            if dataset.published_version
            else ""
        )
        st.warning(
            f"**Draft**: the files you uploaded{over}. Nobody else sees this until it is published; "
            "a copied link shows others the published figures, not your draft.",
            icon=":material/edit_note:",
        )
        changes = dataset.draft_changes
        if changes is not None and not changes.empty:
            st.caption(f"Your files change {how_many(len(changes), 'published figure')}: the Publish page lists them.")
        st.text(", ".join(dataset.file_names))
    elif dataset.published_version:
        st.info(
            f"**Published figures**: version {dataset.published_version}, {published_when(dataset)}.",
            icon=":material/verified:",
        )
        st.text("From: " + ", ".join(dataset.file_names))
    elif dataset.is_sample:
        st.info(
            f"You are looking at built-in **sample data** ({escape_markdown(dataset.sample_name)}): "
            f"{escape_markdown(dataset.sample_about)} Choose another sample under Filters in the sidebar, or upload your "
            "own files on the **Upload data** page to see yours.",
            icon=":material/info:",
        )
    else:
        st.caption("Showing the files you uploaded:")
        st.text(", ".join(dataset.file_names))
    if dataset.authority:
        # Named on every page (and in every download), as text: it may come from an upload.
        st.text(f"Local authority: {dataset.authority}")


def public_banner(dataset: Dataset) -> None:
    """What a family reads at the top of each public page: whose figures, when published, and
    that small numbers are hidden; or that these are sample figures, not the council's."""
    if dataset.published_version:
        st.info(
            f"These figures were published{dataset.published_on_text}"
            + f" (version {dataset.published_version}). Small numbers are hidden (shown as 'c') so that no child can be identified; "
            "'About the data' explains how.",
            icon=":material/verified:",
        )
    else:
        st.info(
            f"No figures have been published here yet, so this shows **sample data** "
            f"({escape_markdown(dataset.sample_name)}): {escape_markdown(dataset.sample_about)} "
            "They show how this site works until the council that runs it publishes its own figures.",
            icon=":material/info:",
        )
    if dataset.authority and not dataset.is_sample:
        st.text(f"Local authority: {dataset.authority}")


def published_when(dataset: Dataset) -> str:
    """When (and by whom) a dataset's version was published, in words: "published 2 Dec 2026 at 09:30 (UTC) by x"."""
    when = pd.Timestamp(dataset.published_at) if dataset.published_at else None
    text = f"published {when:%-d %b %Y at %H:%M} (UTC)" if when is not None else "published"
    return text + (f" by {dataset.published_by}" if dataset.published_by else "")


def newer_version_note(dataset: Dataset, live_version: str | None, on_latest) -> None:
    """When a link showed an earlier version than the live one: say so, with a button to see the latest."""
    if dataset.is_draft or not dataset.published_version or not live_version:
        return
    if live_version != dataset.published_version:
        st.warning(
            f"This link shows version {dataset.published_version}. A newer version, {live_version}, has been "
            "published since.",
            icon=":material/history:",
        )
        st.button("Show the latest figures", on_click=on_latest, icon=":material/update:")


def _options(dataset: Dataset) -> FilterOptions:
    return dataset_filter_options(dataset.key, dataset)


def _store(key: str) -> None:
    """Copy a widget's value into the page-independent filters the moment it changes."""
    current: Filters = st.session_state.get(FILTERS_KEY, Filters())
    value = st.session_state[_WIDGET_KEYS[key]]
    if key in ("period_start", "period_end"):
        value = pd.Timestamp(value) if value else None
    st.session_state[FILTERS_KEY] = replace(current, **{key: value})


def _choose_sample() -> None:
    st.session_state[SAMPLE_KEY] = st.session_state[_SAMPLE_WIDGET]


def sidebar_filters(dataset: Dataset) -> Filters:
    """The global filters in the sidebar, the same on every page.

    The chosen values live in session state outside the widgets, so they survive page
    switches, and in the URL, so a copied link reopens the same view.
    """
    options = _options(dataset)
    if FILTERS_KEY not in st.session_state:
        st.session_state[FILTERS_KEY] = filters_from_query(st.query_params.to_dict())
    current = sanitise(st.session_state[FILTERS_KEY], options)
    st.session_state[FILTERS_KEY] = current
    objective_titles = dict(options.objectives)
    # Seed each widget from the stored filters (a page switch may have dropped widget state).
    seeds = {"objective": current.objective, "locality": current.locality, "phase": current.phase}
    for key, value in seeds.items():
        st.session_state[_WIDGET_KEYS[key]] = value
    settings = get_settings()
    # In a popover, drawn when opened: six lists in the sidebar were a sixth of the time every
    # page took to open in the browser (benchmarks/browser_speed.py). Its label says what is chosen.
    # Locality names and objective ids may come from an upload: the label is Markdown, so escaped.
    label = escape_markdown(filters_label(current))
    with st.sidebar.popover(label, width="stretch"):  # no icon: its ligature is read out as "filter_list"
        if dataset.is_sample and len(settings.samples) > 1:
            st.session_state[_SAMPLE_WIDGET] = dataset.sample_name
            st.selectbox(
                "Sample authority",
                [sample.name for sample in settings.samples],
                key=_SAMPLE_WIDGET,
                on_change=_choose_sample,
                help="Nothing has been published or uploaded yet, so the app shows a built-in sample: "
                "one authority's files at a time.",
            )
        st.selectbox(
            "Objective",
            [o for o, _ in options.objectives],
            format_func=lambda o: objective_titles.get(o, o),
            key=_WIDGET_KEYS["objective"],
            on_change=_store,
            args=("objective",),
            help="Show only the KPIs and actions of one improvement-plan objective.",
        )
        st.selectbox(
            "Locality",
            options.localities,
            key=_WIDGET_KEYS["locality"],
            on_change=_store,
            args=("locality",),
            help="Localities come from the data. A KPI with no locality breakdown shows its whole-area figure, labelled as such.",
        )
        st.selectbox(
            "Phase",
            options.phases,
            key=_WIDGET_KEYS["phase"],
            on_change=_store,
            args=("phase",),
            help="Early years, primary, secondary or post-16, where the data breaks a KPI down by phase; a pod adds up the counts of its phases.",
        )
        if len(options.periods) > 1:
            # Two lists, not a range slider: the slider alone made every page a fifth slower to
            # draw in the browser (benchmarks/browser_speed.py), and a list is easier by keyboard.
            months = [p.date() for p in options.periods]
            labels = {pd.Timestamp(p).date(): text for p, text in options.period_labels.items()}
            st.session_state[_WIDGET_KEYS["period_start"]] = (
                current.period_start.date() if current.period_start is not None else months[0]
            )
            st.session_state[_WIDGET_KEYS["period_end"]] = (
                current.period_end.date() if current.period_end is not None else months[-1]
            )
            start_column, end_column = st.columns(2)
            for column, key, label in ((start_column, "period_start", "From"), (end_column, "period_end", "To")):
                column.selectbox(
                    label,
                    months,
                    format_func=lambda d: labels.get(d, d.strftime("%b %Y")),
                    key=_WIDGET_KEYS[key],
                    on_change=_store,
                    args=(key,),
                    help="The first and last periods shown on every page." if key == "period_start" else None,
                )
    if current != Filters():
        st.sidebar.caption("Copy the address bar to share this view.")
    filters = st.session_state[FILTERS_KEY]
    query = filters_to_query(filters)
    if dataset.is_sample and settings.samples and dataset.sample_name != settings.samples[0].name:
        query["sample"] = dataset.sample_name  # the link reopens the same sample
    if dataset.published_version and not dataset.is_draft:
        # The link carries the version, so it reopens exactly these figures after a newer publish.
        query["version"] = dataset.published_version
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    return filters


def describe_filters(filters: Filters, dataset: Dataset) -> str:
    """A sentence naming the slice being shown (see :func:`send_core.filters.describe_filters`)."""
    titles = {o.id: o.title for o in dataset.plan.objectives} if dataset.plan is not None else {}
    return filters_sentence(filters, titles)


def exception_list(exceptions: pd.DataFrame) -> str:
    """The Overview's exceptions as one Markdown list: each KPI in bold, why it is listed, its
    latest figure and its section. Every upload's word is escaped."""
    lines = []
    for row in exceptions.itertuples():
        latest = f" Latest: {escape_markdown(row.latest_text)}." if row.latest_text else ""
        if getattr(row, "breakdown_note", ""):
            latest += f" {row.breakdown_note}."  # the app's own words
        section = f" :gray[{escape_markdown(row.section)}]" if row.section else ""
        name = escape_markdown(before_colon(row.kpi_name))
        lines.append(f"- **{name}**: {escape_markdown(row.reasons)}.{latest}{section}")
    return "\n".join(lines)


def text_table(frame: pd.DataFrame, headings: dict[str, str] | None = None) -> None:
    """A table that wraps its text, at full height, so no heading or key column is cut: the
    columns ``headings`` names under its human headings (:func:`send_core.tables.readable_table`:
    one date format, no "None"), a date never broken over lines (:func:`unbroken_dates`). Every
    cell is escaped, since a static table renders Markdown and cells may come from an upload."""
    shown = unbroken_dates(readable_table(frame, headings))
    escaped = shown.map(escape_markdown).rename(columns=escape_markdown)
    st.table(escaped, hide_index=True, border="horizontal")


def chart_table_download(
    chart: alt.TopLevelMixin,
    table: pd.DataFrame | None,
    summary: str,
    file_stem: str,
    key: str,
    *,
    title: str,
    caption: ChartCaption | Callable[[], ChartCaption],
    prepared: ChartView | None = None,
) -> None:
    """A visual in three tabs: the chart with its text summary, its data as a table, and
    downloads of the data (CSV) and of the chart as an image (PNG, SVG) titled ``title`` and
    captioned with ``caption`` (whose data, up to when, from which files). ``prepared`` is
    the chart's spec worked out already (a cached :class:`ChartView`); without it the spec is
    worked out here, once. ``table`` may be None with ``prepared``: the prepared view's
    table is then worked out only if the Table or Download tab is opened. ``caption`` may be
    a function that makes it: it is wanted only for the images, in the Download tab."""
    if prepared is None:
        if table is None:
            raise ValueError("chart_table_download needs a table, or a prepared view that has one.")
        prepared = chart_view(chart, table, summary)
    # Only the open tab is drawn (a tab change reruns the page): the table's data grid and the
    # images cost the browser and the server more than the chart, and most visits never open them.
    chart_tab, table_tab, download_tab = st.tabs(TAB_NAMES, key=f"tabs-{key}", on_change="rerun")
    with chart_tab:
        # The same spec st.altair_chart would send, without Altair checking it again.
        st.vega_lite_chart(prepared.drawn_spec, width="stretch")
        st.text(summary)
    if table_tab.open:
        _show_table(table_tab, prepared.table)
    if download_tab.open:
        _show_downloads(download_tab, chart, prepared.table, file_stem, key, title, caption, prepared)


def _show_table(tab: st.delta_generator.DeltaGenerator, table: pd.DataFrame) -> None:
    with tab:
        if len(table) <= FULL_HEIGHT_ROWS:
            # A table of a few screens is a static table, whole: its text wraps, so every column
            # is in sight at 1366 px however long its cells, and a screen reader reads it as a table.
            text_table(table)
            return
        # A longer one is a grid that scrolls in a box, its columns fitted to the page so none
        # is pushed out of sight; squeezed text wraps onto taller rows.
        widths, lines = fitted_column_widths(table)
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            height=600,
            row_height=grid_row_height(lines),
            column_config=grid_column_config(table, widths),
            placeholder="",
        )


def grid_row_height(lines: int) -> int:
    """A grid row's height in pixels for text wrapped to ``lines`` lines (1 to 3): one line
    is Streamlit's 35; the grid wraps text only in rows of about 70 px or more (measured in
    Chromium), so wrapped rows get 22 plus 24 a line."""
    return GRID_ROW_PIXELS if lines <= 1 else WRAPPED_ROW_PIXELS + GRID_LINE_PIXELS * lines


def grid_column_config(table: pd.DataFrame, widths: dict[str, int]) -> dict[str, dict]:
    """Each grid column's settings: its fitted width in pixels (``widths``, for the columns
    it names), and for a column of decimal numbers (values, limits) thousands separators
    ("3,736"), as the static tables write them. Whole-number columns (a year, a row number)
    are left plain, so 2024 never reads "2,024"."""
    config: dict[str, dict] = {name: st.column_config.Column(width=px) for name, px in widths.items()}
    for name in table.columns:
        if pd.api.types.is_float_dtype(table[name]):
            config[name] = st.column_config.NumberColumn(format="localized", width=widths.get(name))
    return config


def _show_downloads(
    tab: st.delta_generator.DeltaGenerator,
    chart: alt.TopLevelMixin,
    table: pd.DataFrame,
    file_stem: str,
    key: str,
    title: str,
    caption: ChartCaption | Callable[[], ChartCaption],
    prepared: ChartView,
) -> None:
    with tab:
        table_csv = to_csv_bytes(table)
        st.download_button(
            f"Download this data (CSV, {file_size_text(len(table_csv))})",
            data=table_csv,
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"download-{key}",
        )
        # The image cache's key, worked out only when someone opens this tab.
        spec = json.dumps(prepared.spec, sort_keys=True, default=str)
        if callable(caption):
            caption = caption()
        chart_image_buttons(chart, title=title, caption=caption, file_stem=file_stem, key=key, spec=spec)


def tile_badges(rating: str, variation: str | None, assurance: str | None, notes: list[str] = ()) -> None:
    """A tile's rating, variation and assurance as badges in one line, and its ``notes`` (Markdown
    already made safe) in small print below: one element, not five, since a page of tiles is
    drawn for every family that opens it. Each badge is words as well as a colour, so colour is
    never the only signal; the words are short (a badge is one narrow line), the app's own, never
    an upload's. No icons: Streamlit labels each one by its name, so a screen reader heard
    "trending_down icon Getting better" beside a figure that went up."""
    badges = [_badge_markdown(_BADGE_COLOURS.get(rating, "gray"), rating_words(rating))]
    badges.append(_badge_markdown(_variation_colour(variation), variation_text(variation, short=True)))
    if assurance in _ASSURANCE_COLOURS:
        badges.append(_badge_markdown(_ASSURANCE_COLOURS[assurance], assurance_text(assurance, short=True)))
    small = "".join(f"  \n:small[:gray[{note}]]" for note in notes)
    st.markdown(" ".join(badges) + small)


def _badge_markdown(colour: str, words: str) -> str:
    return f":{colour}-badge[{words}]"


def _variation_colour(variation: str | None) -> str:
    if variation and variation.startswith("improvement"):
        return "blue"
    return "orange" if variation and variation.startswith("concern") else "gray"


_ASSURANCE_COLOURS = {"pass": "blue", "fail": "orange", "hit_and_miss": "gray", LIMITS_OUT_OF_DATE: "gray"}


GLOSSARY_LINK_LABEL = "What the abbreviations and words mean (EHCNA, SEN2, SENDIST…): the glossary in About the data"


def glossary_link() -> None:
    """A link to the glossary, for pages whose KPI names use the councils' own abbreviations:
    a parent meets "EHCNA" or "SENDIST" on a tile, not on the glossary's tab."""
    st.page_link("pages/about.py", label=GLOSSARY_LINK_LABEL, icon=":material/menu_book:")


def disagreements_table(conflicts: pd.DataFrame) -> None:
    """The values that disagree (a dataset's ``conflicts``) as a static table, in words
    (:func:`send_core.tables.conflicts_table`): the Upload page and the Plan tracker both show it."""
    text_table(conflicts_table(conflicts), CONFLICT_HEADINGS)
