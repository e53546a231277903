"""Overview: every KPI's latest position, whether it is really changing, and the exceptions."""

import streamlit as st

from send_core.summary import RECENT_POINTS, flagged_first
from send_core.ui.page import start_page
from send_core.ui.state import kpi_status
from send_core.ui.text import escape_markdown
from send_core.ui.widgets import describe_filters, nothing_to_show, rag_badge, spc_badges
from send_core.wording import (
    ASSURANCE_TEXT,
    RATING_COUNT_LABELS,
    VARIATION_TEXT,
    assurance_text,
    change_text,
    period_text,
    periods_between,
    variation_text,
)

TILES_SHOWN = 12

page = start_page(
    "Overview",
    "How each measure of the SEND improvement work stands against its target, and which need attention.",
)
dataset, filters = page.dataset, page.filters
summary, spc, exceptions = kpi_status(dataset.key, filters, dataset)
st.text(describe_filters(filters, dataset))

if summary.empty:
    st.warning(nothing_to_show(filters, read_only=page.settings.read_only))
    st.stop()

counts = summary["rag"].value_counts()
columns = st.columns(len(RATING_COUNT_LABELS))
for column, (rating, label) in zip(columns, RATING_COUNT_LABELS, strict=True):
    column.metric(label, int(counts.get(rating, 0)))

st.header("Exceptions")
st.caption(
    "KPIs that are off target, show a special-cause concern, will consistently fail their target, are worse than "
    "every comparator, or have no figure for the latest period their file reports."
)
if exceptions.empty:
    st.success("Nothing to flag for these filters.")
else:
    st.dataframe(
        exceptions[["kpi_name", "reasons", "latest_text", "section"]],
        column_config={
            "kpi_name": st.column_config.TextColumn("KPI", width="large"),
            "reasons": st.column_config.TextColumn("Why it is here", width="large"),
            "latest_text": "Latest",
            "section": "Section",
        },
        hide_index=True,
        width="stretch",
    )

st.header("Latest position")
tiles = flagged_first(summary.merge(spc, on="kpi_id", how="left"), exceptions).head(TILES_SHOWN)
grid = st.columns(3)
for index, tile in enumerate(tiles.itertuples()):
    with grid[index % 3].container(border=True):
        st.text(tile.kpi_name)
        # "since the month before" only when it was; else the period it is since ("since Nov 2022").
        steps = (
            periods_between(tile.previous_period, tile.latest_period, tile.frequency)
            if tile.previous_period is not None and tile.latest_period is not None
            else 1
        )
        since = None if steps == 1 else period_text(tile.previous_period, tile.frequency)
        delta = (
            None
            if tile.change != tile.change or tile.change == 0
            else change_text(tile.change, tile.unit, tile.frequency, since)
        )
        period = period_text(tile.latest_period, tile.frequency)
        st.metric(
            f"Latest ({period})" if period else "Latest",
            tile.latest_text,
            delta=delta,
            delta_color={"up": "normal", "down": "inverse"}.get(tile.good_direction, "off"),
        )
        rag_badge(tile.rag)
        spc_badges(tile.variation, tile.assurance)
        if tile.target_text:
            st.caption(f"Target: {escape_markdown(tile.target_text)}")
        if tile.breakdown_note:
            st.caption(tile.breakdown_note)
st.caption(
    f"The {TILES_SHOWN} tiles show flagged KPIs first. Every KPI is in the table below. "
    f"Variation and assurance icons use statistical process control (see About the data); "
    f"'{VARIATION_TEXT[None]}' and '{ASSURANCE_TEXT[None]}' are shown when there is not enough to judge."
)

st.header("All KPIs")
table = summary.merge(spc, on="kpi_id", how="left")
table["variation_text"] = table["variation"].map(variation_text)
table["assurance_text"] = table["assurance"].map(assurance_text)
st.dataframe(
    table[
        [
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
            "section",
        ]
    ],
    column_config={
        "kpi_name": st.column_config.TextColumn("KPI", width="large"),
        "section": "Section",
        "recent": st.column_config.LineChartColumn(
            "Recent months", help=f"The last {RECENT_POINTS} values, oldest on the left"
        ),
        "latest_text": "Latest",
        "target_text": "Target",
        "rag": "Rating",
        "variation_text": "Variation (SPC)",
        "assurance_text": "Assurance (SPC)",
        "england": "England",
        "statistical_neighbours": "Statistical neighbours",
        "region": "Region",
    },
    hide_index=True,
    width="stretch",
)
