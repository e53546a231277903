"""Overview: every KPI's latest position, whether it is really changing, and the exceptions."""

import streamlit as st

from send_core.filters import slice_name
from send_core.rag import HIDDEN
from send_core.summary import RECENT_POINTS
from send_core.ui.page import start_page
from send_core.ui.text import escape_markdown
from send_core.ui.views import OVERVIEW_HEADINGS, OVERVIEW_HELP, SPARKLINE_PIXELS, TILES_SHOWN, overview_view
from send_core.ui.widgets import (
    describe_filters,
    exception_list,
    glossary_link,
    grid_row_height,
    nothing_to_show,
    tile_badges,
)
from send_core.wording import RATING_COUNT_LABELS, tiles_footnote

page = start_page(
    "Overview",
    "How each measure of the SEND improvement work stands against its target, and which need attention.",
)
dataset, filters = page.dataset, page.filters
view = overview_view(dataset.key, filters, dataset)
st.text(describe_filters(filters, dataset))

if view.table.num_rows == 0:
    st.warning(nothing_to_show(filters, read_only=page.settings.read_only))
    st.stop()

# Every counter, even at 0, except "Hidden", which only the public instance ever counts.
counters = [(rating, label) for rating, label in RATING_COUNT_LABELS if rating != HIDDEN or view.counts[rating]]
for column, (rating, label) in zip(st.columns(len(counters)), counters, strict=True):
    column.metric(label, view.counts[rating])

st.header("Exceptions")
st.caption(
    "KPIs that are off target, getting worse beyond chance, will keep missing their target, are worse than every "
    "comparator, or have no figure for the latest period their file reports."
)
if view.exceptions.num_rows == 0:
    st.success("Nothing to flag for these filters.")
else:
    # One list in one element: it wraps, reads in order with a screen reader, and costs the
    # browser a fraction of a table or data grid of the same rows (benchmarks/browser_speed.py).
    st.markdown(exception_list(view.exceptions.to_pandas()))

st.header("Latest position")
# Tiles or the table of every KPI, one at a time: the table's data grid alone made the page a
# sixth slower to open in the browser (benchmarks/browser_speed.py), so it is drawn when asked for.
layout = st.radio(
    "Show",
    ["Tiles: flagged KPIs first", "Table: every KPI"],
    horizontal=True,
    key="overview_layout",
    label_visibility="collapsed",
)
if layout.startswith("Tiles"):
    grid = st.columns(3)
    for index, tile in enumerate(view.tiles):
        with grid[index % 3].container(border=True):
            st.text(tile.kpi_name)  # an upload's words: never Markdown
            st.metric(tile.latest_label, tile.latest_text, delta=tile.change, delta_color=tile.change_colour)
            notes = [escape_markdown(tile.comparison)] if tile.comparison else []
            notes += [f"Target: {escape_markdown(tile.target_text)}"] if tile.target_text else []
            notes += [tile.breakdown_note] if tile.breakdown_note else []
            notes += [tile.hidden_note] if tile.hidden_note else []
            notes += [tile.variation_note] if tile.variation_note else []
            tile_badges(tile.rag, tile.variation, tile.assurance, notes)
    # With a locality or phase chosen, the KPIs with figures of its own come first (summary.flagged_first).
    order = (
        "KPIs with figures for your choice first, flagged ones first among them"
        if slice_name(filters)
        else "flagged KPIs first"
    )
    st.caption(tiles_footnote(TILES_SHOWN, order, (tile.assurance for tile in view.tiles)))
else:
    widths = view.table_widths
    st.dataframe(
        view.table,
        height="content",
        # Widths fitted to the page so every column is in sight; long text wraps onto taller rows.
        row_height=grid_row_height(view.table_lines),
        column_config={
            "kpi_name": st.column_config.TextColumn(
                OVERVIEW_HEADINGS["kpi_name"], width=widths.get("kpi_name"), pinned=True
            ),
            "recent": st.column_config.LineChartColumn(
                OVERVIEW_HEADINGS["recent"],
                width=SPARKLINE_PIXELS,
                help=f"The last {RECENT_POINTS} values, oldest on the left",
            ),
            **{
                column: st.column_config.Column(heading, width=widths.get(column), help=OVERVIEW_HELP.get(column))
                for column, heading in OVERVIEW_HEADINGS.items()
                if column not in ("kpi_name", "recent")
            },
        },
        hide_index=True,
        width="stretch",
        placeholder="",
    )

glossary_link()
