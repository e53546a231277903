"""Downloads: the board pack (Excel), the printable report (HTML, PDF), the KPI summary and
data (CSV), and the blank template. Each shows what it holds before it is downloaded."""

import pandas as pd
import streamlit as st

from send_core.errors import ReportError
from send_core.reading.template import TEMPLATE_REQUIRED
from send_core.reports.contents import PREVIEW_COLUMNS, cover_facts, section_sheets_text, summary_preview, summary_table
from send_core.reports.output import REPORT_FORMATS
from send_core.reports.pdf import can_make_pdf
from send_core.ui.page import start_page
from send_core.ui.reports import blank_template_files, data_file, report_file, report_for_view
from send_core.ui.widgets import text_table
from send_core.wording import file_size_text, how_many

page = start_page(
    "Downloads",
    "The figures shown in this app to download: a spreadsheet, a report you can print, and the data as a table.",
)
dataset, filters = page.dataset, page.filters
contents = report_for_view(dataset.key, filters, dataset)
st.text(contents.filters_text + " Every download follows the filters in the sidebar.")


def download(label: str, file_format: str, suffix: str, data: bytes, key: str) -> None:
    """A download button whose label gives the format and the file's size."""
    st.download_button(
        f"{label} ({file_format}, {file_size_text(len(data))})",
        data=data,
        file_name=contents.file_name(REPORT_FORMATS[suffix][0], suffix),
        mime=REPORT_FORMATS[suffix][1],
        key=f"download-{key}",
    )


PREVIEW_ROWS = 8

st.header("Board pack (Excel)")
st.markdown(
    "A spreadsheet of every measure: its latest figure, target and rating, whether it is really changing, a "
    "chart of each, the plan's targets for each date, the figures themselves, and what the words mean. It "
    "prints on A4, landscape."
    if page.settings.read_only
    else "A workbook for the Improvement Board: a **cover** (whose data, to when, the files it came from "
    "with their checksums, the filters and any suppression), the **exceptions** with a paragraph on "
    "each, a **summary** of every KPI with its rating, SPC and a sparkline, **one sheet per objective** "
    "with its commentary, milestones against actuals and a chart per KPI, then **actions**, **risks**, "
    "the **data** with each value's source cell, and a **glossary**. It prints on A4, landscape."
)
with st.expander("Preview: the cover and the first rows of the summary", expanded=True):
    text_table(pd.DataFrame(cover_facts(contents), columns=["On the cover", "What it says"]))
    summary = summary_table(contents)
    # A static table of the columns a reader checks first: it wraps, so all of them are in
    # sight at 1366 px (the grid of all 14 was three times wider than the page).
    text_table(summary_preview(contents, PREVIEW_ROWS, summary))
    st.caption(
        f"{how_many(len(summary), 'KPI')} in all; {how_many(len(contents.exceptions), 'exception')}; "
        f"{section_sheets_text(contents)}. The preview shows {len(PREVIEW_COLUMNS)} of the "
        f"summary's {summary.shape[1]} columns; the workbook has them all."
    )
download("Download the board pack", "Excel", ".xlsx", report_file(dataset.key, filters, ".xlsx", contents), "pack")

st.header("Printable report (HTML or PDF)")
st.markdown(
    "The same figures as a document to read or print on A4: the cover, the headline exceptions with "
    "their commentary, then one section per objective with its charts, each chart's one-sentence "
    "summary, the KPI table, milestones and actions, and finally the risks and a glossary. The HTML "
    "file works offline in any browser and fetches nothing."
)
wanted = (dataset.key, filters)
if st.button("Prepare the printable report", key="prepare-report"):
    st.session_state["report_prepared"] = wanted
if st.session_state.get("report_prepared") == wanted:
    with st.spinner("Drawing every chart…"):
        html_report = report_file(dataset.key, filters, ".html", contents)
    download("Download the printable report", "HTML", ".html", html_report, "report-html")
    if can_make_pdf():
        if st.button("Prepare the PDF as well", key="prepare-pdf"):
            st.session_state["pdf_prepared"] = wanted
        if st.session_state.get("pdf_prepared") == wanted:
            try:
                with st.spinner("Printing the report to PDF…"):
                    pdf = report_file(dataset.key, filters, ".pdf", contents)
                download("Download the printable report", "PDF", ".pdf", pdf, "report-pdf")
            except ReportError as error:
                st.error(str(error))
    else:
        st.info("This server cannot make PDFs. Open the HTML report and print it to PDF from your browser.")
else:
    st.caption("Drawing every chart takes a few seconds, so the report is made when you ask for it.")

st.header("KPI summary and data (CSV)")
download("Download the KPI summary", "CSV", ".csv", report_file(dataset.key, filters, ".csv", contents), "summary")
data_csv = data_file(dataset.key, filters, contents)
st.download_button(
    f"Download every value shown (CSV, {file_size_text(len(data_csv))})",
    data=data_csv,
    file_name=contents.file_name("data", ".csv"),
    mime="text/csv",
    key="download-data",
)

if page.settings.read_only:
    st.stop()  # the blank template is for uploading, which the public instance does not offer

st.header("Blank template")
st.markdown(
    "The app's own layout: one row per value. It comes with one example row to follow (delete it before "
    f"filling in); each row needs at least {', '.join(f'`{column}`' for column in TEMPLATE_REQUIRED)}. Fill it "
    "in from any system and upload it on the **Upload data** page."
)
template_xlsx, template_csv = blank_template_files()
st.download_button(
    f"Download the blank template (Excel, {file_size_text(len(template_xlsx))})",
    data=template_xlsx,
    file_name="SEND-template.xlsx",
    mime=REPORT_FORMATS[".xlsx"][1],
    key="download-template-xlsx",
)
st.download_button(
    f"Download the blank template (CSV, {file_size_text(len(template_csv))})",
    data=template_csv,
    file_name="SEND-template.csv",
    mime="text/csv",
    key="download-template-csv",
)
