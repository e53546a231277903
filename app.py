"""The SEND improvement reporting app: this file only routes to the pages in pages/."""

import streamlit as st


def main() -> None:
    st.set_page_config(page_icon=":material/monitoring:", layout="wide")
    pages = [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/kpi_explorer.py", title="KPI explorer", icon=":material/query_stats:"),
        st.Page("pages/plan_tracker.py", title="Plan tracker", icon=":material/checklist:"),
        st.Page("pages/localities.py", title="Localities", icon=":material/map:"),
        st.Page("pages/downloads.py", title="Downloads", icon=":material/download:"),
        st.Page("pages/upload.py", title="Upload data", icon=":material/upload_file:"),
        st.Page("pages/about.py", title="About the data", icon=":material/info:"),
    ]
    st.navigation(pages).run()


main()
