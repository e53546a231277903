"""About the data: glossary, where the data comes from, and the accessibility statement."""

import pandas as pd
import streamlit as st

from send_core.config import PROJECT_ROOT
from send_core.glossary import GLOSSARY
from send_core.maps import BOUNDARY_ATTRIBUTION, OGL_ATTRIBUTION
from send_core.ui.page import start_page

start_page(
    "About the data",
    "Where these figures come from, what the words mean, how ratings and changes are worked out, how small"
    " numbers are protected, and who to contact.",
    banner=False,
)  # the filters stay in the sidebar and address bar here too
glossary_tab, sources_tab, accessibility_tab = st.tabs(["Glossary", "Where the data comes from", "Accessibility"])

with glossary_tab:
    # A static table wraps long meanings; a data grid would cut them off.
    st.table(pd.DataFrame({"Term": list(GLOSSARY), "Meaning": list(GLOSSARY.values())}).set_index("Term"))

with sources_tab:
    st.markdown(
        "**Your own files.** When you upload files, every number shown comes from them, and each "
        "value keeps the sheet and cell it was read from (see *KPI explorer* and *Upload data*).\n\n"
        "**The sample data** is typed from councils' published committee papers. The locality "
        "breakdown in it is made up for illustration. The log below lists every data file in the "
        "project, where it came from and whether it is published or illustrative.\n\n"
        f"**DfE and ONS data**, when you upload it: {OGL_ATTRIBUTION} {BOUNDARY_ATTRIBUTION}"
    )
    log = PROJECT_ROOT / "sample_data" / "README.md"
    if log.exists():
        with st.expander("Log of the data files that come with this app"):
            # The file's own first-level heading would repeat the expander's label.
            text = log.read_text(encoding="utf-8")
            st.markdown("\n".join(line for line in text.splitlines() if not line.startswith("# ")))

with accessibility_tab:
    st.markdown(
        """
### Accessibility statement

This app is for everyone who follows a local area's SEND improvement work, including parents and
carers, young people and their representatives. We aim to meet the Web Content Accessibility
Guidelines (WCAG) 2.2 at level AA.

What we do:

- every chart has a text summary and its data as a table, and can be downloaded;
- ratings (red, amber, green) are always written in words and marked with an icon, never shown by colour alone;
- chart colours come from the Government Statistical Service palette and contrast with white;
- every control has a visible label, and the page title changes with the page;
- the app works with a keyboard and at 200% zoom.

What we know is not yet right:

- the maps cannot be read by screen readers: use the table beside each map instead;
- charts with many lines can be hard to follow: choose fewer KPIs, or use the table tab.

If you find a problem, or need the information in another format, contact the team that
publishes this instance. We test with automated accessibility checks (axe-core) on every change.
"""
    )
