"""Overview: every KPI's latest position, and the exceptions a board should look at."""

import streamlit as st

from send_core.filters import apply_filters
from send_core.summary import kpi_summary
from send_core.ui.state import current_dataset, get_settings
from send_core.ui.widgets import data_banner, describe_filters, rag_badge, sidebar_filters

TILES_SHOWN = 12

st.title("Overview")
dataset, errors = current_dataset()
filters = sidebar_filters(dataset)
data_banner(dataset, errors)
settings = get_settings()
view = apply_filters(dataset.observations, dataset.catalogue, filters)
summary = kpi_summary(
    view,
    dataset.catalogue,
    amber_points=settings.amber_tolerance_points,
    amber_share=settings.amber_tolerance_share,
)
st.text(describe_filters(filters, dataset))

if summary.empty:
    st.warning("No KPIs match these filters. Choose 'All' in one of the filters in the sidebar to see more.")
    st.stop()

counts = summary["rag"].value_counts()
columns = st.columns(5)
for column, (rating, words) in zip(
    columns,
    [
        ("Red", "Off target"),
        ("Amber", "Close to target"),
        ("Green", "On target"),
        ("No target", "No target set"),
        ("No data", "No data"),
    ],
):
    column.metric(f"{rating}: {words}", int(counts.get(rating, 0)))

st.header("Exceptions")
exceptions = summary[summary["rag"].isin(["Red", "Amber"])].sort_values(["rag", "kpi_name"], ascending=[False, True])
if exceptions.empty:
    st.success("No KPI is off target or close to it for these filters.")
else:
    st.dataframe(
        exceptions[["kpi_name", "rag", "latest_text", "target_text", "latest_period", "section"]],
        column_config={
            "kpi_name": "KPI",
            "rag": "Rating",
            "latest_text": "Latest",
            "target_text": "Target",
            "latest_period": st.column_config.DateColumn("Month", format="MMM YYYY"),
            "section": "Section",
        },
        hide_index=True,
        width="stretch",
    )

st.header("Latest position")
tiles = summary.sort_values(["rag"], key=lambda s: s.map({"Red": 0, "Amber": 1, "Green": 2}).fillna(3)).head(
    TILES_SHOWN
)
grid = st.columns(3)
for index, tile in enumerate(tiles.itertuples()):
    with grid[index % 3].container(border=True):
        st.text(tile.kpi_name)
        delta = None if tile.change != tile.change else round(float(tile.change), 2)
        st.metric(
            "Latest value",
            tile.latest_text,
            delta=delta,
            delta_color={"up": "normal", "down": "inverse"}.get(tile.good_direction, "off"),
        )
        rag_badge(tile.rag)
        if tile.breakdown_note:
            st.caption(tile.breakdown_note)
st.caption(f"The {TILES_SHOWN} tiles show off-target KPIs first. Every KPI is in the table below.")

st.header("All KPIs")
st.dataframe(
    summary[
        [
            "kpi_name",
            "section",
            "latest_text",
            "target_text",
            "rag",
            "england",
            "statistical_neighbours",
            "region",
            "points",
        ]
    ],
    column_config={
        "kpi_name": "KPI",
        "section": "Section",
        "latest_text": "Latest",
        "target_text": "Target",
        "rag": "Rating",
        "england": "England",
        "statistical_neighbours": "Statistical neighbours",
        "region": "Region",
        "points": "Months of data",
    },
    hide_index=True,
    width="stretch",
)
