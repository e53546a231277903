"""KPI explorer: a KPI's full history with its targets, comparators, SPC limits and source cells."""

import functools

import pandas as pd
import streamlit as st

from send_core.axes import main_frequency
from send_core.charts import compare_periods, side_by_side_table, small_multiples
from send_core.comparators import comparator_index, comparator_index_chart, index_sentence
from send_core.filters import breakdown_sentence
from send_core.model import SAME_SCALE_UNITS
from send_core.reports.contents import chart_caption
from send_core.ui.page import start_page
from send_core.ui.text import escape_markdown
from send_core.ui.views import shared_view, trend_view
from send_core.ui.widgets import chart_table_download, describe_filters, glossary_link, nothing_to_show
from send_core.wording import explorer_purpose, kpi_description, period_text

page = start_page("KPI explorer", lambda dataset: explorer_purpose(dataset.comparators))
dataset, filters, settings = page.dataset, page.filters, page.settings
view = shared_view(dataset.key, filters, False, dataset)
st.text(describe_filters(filters, dataset))

catalogue = dataset.catalogue[dataset.catalogue["kpi_id"].isin(set(view["kpi_id"]))]
if catalogue.empty:
    st.warning(nothing_to_show(filters, read_only=page.settings.read_only))
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
    chart_table_download(
        small_multiples(view, chosen, names),
        side_by_side_table(view, chosen),
        f"{len(chosen)} KPIs, each on its own scale.",
        "kpis-side-by-side",
        key="multiples",
        title=f"{len(chosen)} KPIs side by side",
        caption=lambda: chart_caption(dataset, view, chosen),
    )
    months = sorted(view.loc[view["kpi_id"].isin(chosen) & view["period"].notna(), "period"].unique())
    if len(months) >= 2:
        st.subheader("Compare two months", anchor=False)
        left, right = st.columns(2)
        frequency = main_frequency(view[view["kpi_id"].isin(chosen) & view["period"].notna()])
        label = lambda m: period_text(m, frequency)  # noqa: E731
        first = left.selectbox("From", months, index=0, format_func=label, key="compare_from")
        second = right.selectbox("To", months, index=len(months) - 1, format_func=label, key="compare_to")
        compared = compare_periods(view, chosen, pd.Timestamp(first), pd.Timestamp(second), frequency)
        st.dataframe(compared, hide_index=True, width="stretch", placeholder="")

for kpi_id in chosen:
    kpi = catalogue[catalogue["kpi_id"] == kpi_id].iloc[0]
    # For the trend chart's image and the index's: made only if a Download tab is opened.
    caption = functools.partial(chart_caption, dataset, view, [kpi_id])
    st.header(escape_markdown(kpi.kpi_name), anchor=False)
    if kpi.description:
        st.text(kpi.description)  # the plan's words: an upload, so never Markdown
    st.caption(kpi_description(kpi.good_direction, bool(kpi.direction_inferred), kpi.unit, bool(kpi.cumulative)))
    fallback = breakdown_sentence(view.loc[view["kpi_id"] == kpi_id, "breakdown_note"])
    if fallback:
        st.info(fallback)
    planned = dataset.plan.recalculations().get(kpi_id, ()) if dataset.plan is not None else ()
    recalculate_at: list[pd.Timestamp] = list(planned)
    kpi_actuals = view[(view["kpi_id"] == kpi_id) & (view["measure"] == "actual") & view["period"].notna()]
    kpi_months = sorted(kpi_actuals["period"].unique())
    kpi_frequency = main_frequency(kpi_actuals)
    if not kpi.cumulative and len(kpi_months) >= 2 and not page.settings.read_only:  # an officer's tool
        starts = [pd.Timestamp(m) for m in kpi_months[1:]]
        # The months chosen are kept apart from the list itself, which is drawn only while the
        # expander is open: a closed one costs the browser nothing (a list of months is one of
        # the costlier things on this page to draw), and its choice still holds.
        chosen_key = f"recalculate-chosen::{kpi_id}"
        startable = set(starts)
        recalculate_at = [m for m in st.session_state.get(chosen_key, planned) if m in startable]
        limits = st.expander("Recalculate the process limits", key=f"recalculate-open::{kpi_id}", on_change="rerun")
        if limits.open:
            with limits:
                st.caption(
                    "When the way a KPI is counted changed, or a change is known to have made a lasting "
                    "difference, the mean and limits can start again from that month. The special-cause rules "
                    "still run across the break, as NHS England's tool does."
                    + (" The plan recalculates this KPI's limits at the months already chosen." if planned else "")
                )
                recalculate_at = st.multiselect(
                    "Start new limits from",
                    starts,
                    default=recalculate_at,
                    format_func=lambda m, frequency=kpi_frequency: period_text(m, frequency),
                    key=f"recalculate::{kpi_id}",
                )
            st.session_state[chosen_key] = recalculate_at
    months = tuple(f"{pd.Timestamp(month):%Y-%m-%d}" for month in recalculate_at)
    trend = trend_view(dataset.key, filters, kpi_id, months, dataset)
    chart_table_download(
        trend.chart,
        None,  # the prepared view's table, worked out only if its tab is opened
        trend.summary,
        f"kpi-{kpi_id}",
        key=kpi_id,
        title=kpi.kpi_name,
        caption=caption,
        prepared=trend,
    )
    index = comparator_index(view, kpi_id, dataset.authority) if kpi.unit not in SAME_SCALE_UNITS else None
    if index is not None and not index.empty:
        # Totals of another size (England's 640,000 plans beside 12,000) share no axis: compared
        # by how each changed, as an index.
        st.subheader("Compared with England and the region, as an index", anchor=False)
        chart_table_download(
            comparator_index_chart(index, kpi.kpi_name),
            index.drop(columns=["period", "frequency"]).rename(
                columns={"area": "Area", "period_label": "Period", "value": "Value", "index": "Index"}
            ),
            index_sentence(index),
            f"kpi-{kpi_id}-index",
            key=f"{kpi_id}-index",
            title=f"{kpi.kpi_name}: change compared with England and the region",
            caption=caption,
        )

glossary_link()
