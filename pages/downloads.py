"""Downloads: the filtered summary for a board pack, the tidy data, and the blank template."""

import streamlit as st

from send_core.downloads import blank_template, to_csv_bytes, to_excel_bytes
from send_core.plan import action_table, kpi_milestone_table
from send_core.summary import board_summary
from send_core.ui.navigation import require_router
from send_core.ui.state import current_dataset, filtered_view, get_settings, kpi_status
from send_core.ui.widgets import data_banner, describe_filters, sidebar_filters

require_router()  # before anything is drawn: see its docstring
st.title("Downloads")
dataset, errors = current_dataset()
filters = sidebar_filters(dataset)
data_banner(dataset, errors)
settings = get_settings()
view = filtered_view(dataset, filters)
status, spc, _ = kpi_status(dataset.key, filters, dataset)
summary = board_summary(status, spc)
st.text(describe_filters(filters, dataset) + " Downloads follow the filters in the sidebar.")

st.header("Board pack")
sheets = {"KPI summary": summary, "Data": view.drop(columns=["breakdown_note"], errors="ignore")}
if dataset.plan is not None:
    objective = None if filters.objective == "All" else filters.objective
    sheets["Actions"] = action_table(dataset.plan, None, objective)
    sheets["KPI milestones"] = kpi_milestone_table(dataset.plan, objective=objective)
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
