"""The SEND improvement reporting app: this file only routes to the pages in pages/."""

import streamlit as st

from send_core.ui.navigation import PAGES, UPLOAD_PAGE
from send_core.ui.state import get_settings


def main() -> None:
    st.set_page_config(page_icon=":material/monitoring:", layout="wide")
    read_only = get_settings().read_only  # the public instance has no upload page
    pages = [
        st.Page(page.path, title=page.title, icon=page.icon, default=index == 0)
        for index, page in enumerate(PAGES)
        if not (read_only and page.path == UPLOAD_PAGE)
    ]
    st.navigation(pages).run()


main()
