"""Downloads: the filtered summary for a board pack, the tidy data, and the blank template."""

import streamlit as st

from send_core.downloads import blank_template, to_csv_bytes, to_excel_bytes
from send_core.model import good_directions
from send_core.plan import action_table, kpi_milestone_table
from send_core.summary import board_summary
from send_core.ui.page import start_page
from send_core.ui.state import filtered_view, kpi_status
from send_core.ui.widgets import describe_filters

page = start_page("Downloads")
dataset, filters = page.dataset, page.filters
view = filtered_view(dataset, filters)
status, spc, _ = kpi_status(dataset.key, filters, dataset)
summary = board_summary(status, spc)
st.text(describe_filters(filters, dataset) + " Downloads follow the filters in the sidebar.")

st.header("Board pack")
sheets = {"KPI summary": summary, "Data": view.drop(columns=["breakdown_note"], errors="ignore")}
if dataset.plan is not None:
    sheets["Actions"] = action_table(dataset.plan, None, page.objective)
    sheets["KPI milestones"] = kpi_milestone_table(
        dataset.plan,
        dataset.rating_policy,
        good_directions=good_directions(dataset.catalogue),
        objective=page.objective,
    )
st.download_button(
    "Download the board pack (Excel)",
    data=lambda: to_excel_bytes(sheets),
    file_name="send-board-pack.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="download-pack",
)
st.download_button(
    "Download the KPI summary (CSV)",
    data=lambda: to_csv_bytes(summary),
    file_name="send-kpi-summary.csv",
    mime="text/csv",
    key="download-summary",
)
st.download_button(
    "Download every value shown (CSV)",
    data=lambda: to_csv_bytes(sheets["Data"]),
    file_name="send-data.csv",
    mime="text/csv",
    key="download-data",
)

st.header("Blank template")
st.markdown(
    "The app's own layout: one row per value. Fill it in from any system and upload it on the "
    "**Upload data** page. The README explains every column."
)
template = blank_template()
st.download_button(
    "Download the blank template (Excel)",
    data=lambda: to_excel_bytes({"Template": template}),
    file_name="send-template.xlsx",
    key="download-template-xlsx",
)
st.download_button(
    "Download the blank template (CSV)",
    data=lambda: to_csv_bytes(template),
    file_name="send-template.csv",
    mime="text/csv",
    key="download-template-csv",
)
