"""Home, on the public instance only: what this site is, when its figures were published, the
ratings at a glance and where to go next, in plain English. Light on purpose: it is the page
every family opens first, so it draws a few elements from results shared by every session."""

import streamlit as st

from send_core.filters import Filters
from send_core.ui.navigation import EXPLORER_PAGE, PAGES, PUBLIC_HOME_LINKS
from send_core.ui.page import start_page
from send_core.ui.views import overview_view
from send_core.ui.widgets import describe_filters
from send_core.wording import RATING_COUNT_LABELS, compared_with

page = start_page(
    "SEND improvement figures",
    "How the local area is doing on the measures in its plan to improve support for children and young people "
    "with special educational needs and disabilities (SEND), and what has changed.",
)
view = overview_view(page.dataset.key, page.filters, page.dataset)
st.header("Ratings at a glance")
if page.filters != Filters():  # a shared link to one locality or phase: say whose counts these are
    st.text(describe_filters(page.filters, page.dataset))
st.markdown(
    " · ".join(
        f"**{view.counts[rating]}** {label.lower()}" for rating, label in RATING_COUNT_LABELS if view.counts[rating]
    )
    + "  \n:small[Green, amber and red compare each measure's latest figure with its target. "
    "'About the data' explains how.]"
)
st.header("Where to look")
icons = {entry.path: entry.icon for entry in PAGES}
compared = compared_with(page.dataset.comparators)  # promise only comparisons the figures hold
for path, title, what in PUBLIC_HOME_LINKS:
    if path == EXPLORER_PAGE and compared:
        what = f"{what} and {compared}"
    st.page_link(path, label=f"{title}: {what}", icon=icons[path])
