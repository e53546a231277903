"""KPI explorer: one KPI's full history with its targets, comparators and source cells."""

import streamlit as st

from send_core.charts import history_table, summary_sentence, trend_chart
from send_core.filters import apply_filters
from send_core.ui.state import current_dataset
from send_core.ui.widgets import chart_table_download, data_banner, describe_filters, escape_markdown, sidebar_filters

st.title("KPI explorer")
dataset, errors = current_dataset()
filters = sidebar_filters(dataset)
data_banner(dataset, errors)
view = apply_filters(dataset.observations, dataset.catalogue, filters)
st.text(describe_filters(filters, dataset))

catalogue = dataset.catalogue[dataset.catalogue["kpi_id"].isin(set(view["kpi_id"]))]
if catalogue.empty:
    st.warning("No KPIs match these filters. Choose 'All' in one of the filters in the sidebar.")
    st.stop()

sections = sorted(s for s in catalogue["section"].unique() if s)
section = st.selectbox("Section", ["All sections"] + sections, key="explorer_section")
if section != "All sections":
    catalogue = catalogue[catalogue["section"] == section]
names = dict(zip(catalogue["kpi_id"], catalogue["kpi_name"]))
chosen = st.multiselect(
    "KPIs",
    list(names),
    default=list(names)[:1],
    format_func=lambda kpi_id: names.get(kpi_id, kpi_id),
    key="explorer_kpis",
    max_selections=6,
)
if not chosen:
    st.info("Choose one or more KPIs above to see their history.")
    st.stop()

for kpi_id in chosen:
    kpi = catalogue[catalogue["kpi_id"] == kpi_id].iloc[0]
    st.subheader(escape_markdown(kpi.kpi_name), anchor=False)
    direction = {"up": "Higher is better", "down": "Lower is better"}.get(kpi.good_direction, "No good direction set")
    st.caption(
        f"{direction}{' (inferred from the name)' if kpi.direction_inferred and kpi.good_direction != 'none' else ''}. Unit: {kpi.unit}."
    )
    chart = trend_chart(view, kpi_id, name=kpi.kpi_name, unit=kpi.unit)
    summary = summary_sentence(view, kpi_id, kpi.unit, kpi.kpi_name)
    chart_table_download(chart, history_table(view, kpi_id), summary, f"kpi-{kpi_id}", key=kpi_id)
