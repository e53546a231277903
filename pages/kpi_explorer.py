"""KPI explorer: a KPI's full history with its targets, comparators, SPC limits and source cells."""

import pandas as pd
import streamlit as st

from send_core.charts import compare_periods, history_table, small_multiples, trend_chart
from send_core.ui.navigation import require_router
from send_core.ui.state import current_dataset, filtered_view, get_settings
from send_core.ui.widgets import (
    chart_table_download,
    data_banner,
    describe_filters,
    escape_markdown,
    nothing_to_show,
    sidebar_filters,
)

require_router()  # before anything is drawn: see its docstring
st.title("KPI explorer")
dataset, errors = current_dataset()
filters = sidebar_filters(dataset)
data_banner(dataset, errors)
settings = get_settings()
view = filtered_view(dataset, filters)
st.text(describe_filters(filters, dataset))

catalogue = dataset.catalogue[dataset.catalogue["kpi_id"].isin(set(view["kpi_id"]))]
if catalogue.empty:
    st.warning(nothing_to_show(filters))
    st.stop()

groups = sorted({s for s in catalogue["section"] if s})
section = st.selectbox("Section", ["All sections", *groups], key="explorer_section")
if section != "All sections":
    catalogue = catalogue[catalogue["section"] == section]
names = dict(zip(catalogue["kpi_id"], catalogue["kpi_name"], strict=True))
chosen = st.multiselect(
    "KPIs",
    list(names),
    default=list(names)[:1],
    format_func=lambda kpi_id: names.get(kpi_id, kpi_id),
    # One list per section: the KPIs chosen in one section are not in another.
    key=f"explorer_kpis::{section}",
    max_selections=12,
)
if not chosen:
    st.info("Choose one or more KPIs above to see their history.")
    st.stop()

if len(chosen) > 1:
    st.header("Side by side")
    table = view[view["kpi_id"].isin(chosen) & (view["measure"] == "actual")][
        ["kpi_name", "period_label", "value", "value_text", "source"]
    ].rename(
        columns={
            "kpi_name": "KPI",
            "period_label": "Period",
            "value": "Value",
            "value_text": "As written",
            "source": "Source",
        }
    )
    chart_table_download(
        small_multiples(view, chosen, names),
        table,
        f"{len(chosen)} KPIs, each on its own scale.",
        "kpis-side-by-side",
        key="multiples",
    )
    months = sorted(view.loc[view["kpi_id"].isin(chosen) & view["period"].notna(), "period"].unique())
    if len(months) >= 2:
        st.subheader("Compare two months", anchor=False)
        left, right = st.columns(2)
        label = lambda m: pd.Timestamp(m).strftime("%b %Y")  # noqa: E731
        first = left.selectbox("From", months, index=0, format_func=label, key="compare_from")
        second = right.selectbox("To", months, index=len(months) - 1, format_func=label, key="compare_to")
        st.dataframe(
            compare_periods(view, chosen, pd.Timestamp(first), pd.Timestamp(second)), hide_index=True, width="stretch"
        )

for kpi_id in chosen:
    kpi = catalogue[catalogue["kpi_id"] == kpi_id].iloc[0]
    st.header(escape_markdown(kpi.kpi_name), anchor=False)
    direction = {"up": "Higher is better", "down": "Lower is better"}.get(kpi.good_direction, "No good direction set")
    inferred = " (inferred from the name)" if kpi.direction_inferred and kpi.good_direction != "none" else ""
    cumulative = " Cumulative over the year." if kpi.cumulative else ""
    st.caption(f"{direction}{inferred}. Unit: {kpi.unit}.{cumulative}")
    notes = set(view.loc[view["kpi_id"] == kpi_id, "breakdown_note"]) - {""}
    if notes:
        st.info(" ".join(sorted(notes)) + ": the filters ask for a breakdown this KPI does not have.")
    options = {
        "good_direction": kpi.good_direction,
        "cumulative": bool(kpi.cumulative),
        "trend_length": settings.spc_trend_length,
    }
    chart = trend_chart(view, kpi_id, name=kpi.kpi_name, unit=kpi.unit, **options)
    # The chart's description is its summary sentence (summary_sentence): not worked out twice.
    chart_table_download(chart, history_table(view, kpi_id), chart.description, f"kpi-{kpi_id}", key=kpi_id)
