"""Localities: where a KPI is better or worse, on a map and in a table."""

import altair as alt
import streamlit as st

from send_core.filters import apply_filters
from send_core.localities import load_localities
from send_core.maps import locality_points_deck, locality_values
from send_core.ui.state import current_dataset, get_settings
from send_core.ui.widgets import chart_table_download, data_banner, sidebar_filters

st.title("Localities")
dataset, errors = current_dataset()
filters = sidebar_filters(dataset)
data_banner(dataset, errors)
settings = get_settings()


@st.cache_resource(show_spinner=False)
def locality_config(path: str):
    return load_localities(path)


config = locality_config(str(settings.path(settings.localities_file)))
# The map compares localities, so it ignores the locality filter but keeps the others.
view = apply_filters(dataset.observations, dataset.catalogue, filters, every_locality=True)
with_localities = sorted(set(view.loc[view["locality"] != "All", "kpi_id"]))
if not with_localities:
    st.info(
        "None of the loaded KPIs is broken down by locality. Add a locality column to your data (see the template on the Upload data page)."
    )
    st.stop()
names = dict(zip(dataset.catalogue["kpi_id"], dataset.catalogue["kpi_name"]))
kpi_id = st.selectbox("KPI", with_localities, format_func=lambda k: names.get(k, k), key="locality_kpi")
values = locality_values(view, kpi_id)
if values.empty:
    st.info("This KPI has no locality figures in the months chosen.")
    st.stop()
period = values["period"].iloc[0]
st.text(f"{names.get(kpi_id, kpi_id)}, {period:%B %Y}")
if config.illustrative:
    st.warning(
        "The locality centres on this map are illustrative: they are not a published allocation of wards to localities."
    )

deck, missing = locality_points_deck(values, config, label=names.get(kpi_id, kpi_id))
if deck is not None:
    st.pydeck_chart(deck, height=420)
    st.caption("Circle area is proportional to the value.")
if missing:
    st.warning(
        "These localities in the data have no centre in the locality configuration, so they are not on the map: "
        + ", ".join(missing)
    )

chart = (
    alt.Chart(values)
    .mark_bar(color="#12436D")
    .encode(
        x=alt.X("value:Q", title="Value"),
        y=alt.Y("locality:N", title="Locality", sort="-x"),
        tooltip=[alt.Tooltip("locality:N", title="Locality"), alt.Tooltip("value_text:N", title="Value")],
    )
    .properties(
        title=f"{names.get(kpi_id, kpi_id)} by locality",
        width="container",
        description="Bar chart comparing localities.",
    )
)
best = values.sort_values("value").iloc[-1]
summary = f"Highest: {best['locality']} ({best['value_text']}), {period:%B %Y}. {len(values)} localities."
chart_table_download(chart, values, summary, f"localities-{kpi_id}", key="localities")
