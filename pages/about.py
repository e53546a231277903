"""About the data: about this data (sources, dates, suppression, ratings, real change, contact),
the glossary, the data files, and the accessibility statement."""

import pandas as pd
import streamlit as st

from send_core.config import PROJECT_ROOT
from send_core.glossary import GLOSSARY
from send_core.maps import BOUNDARY_ATTRIBUTION, OGL_ATTRIBUTION
from send_core.statements import about_this_data, accessibility_statement, unset_statement_settings
from send_core.ui.page import start_page

page = start_page(
    "About the data",
    "Where these figures come from, what the words mean, how ratings and changes are worked out, how small"
    " numbers are protected, and who to contact.",
    banner=False,
)  # the filters stay in the sidebar and address bar here too
about_tab, glossary_tab, files_tab, accessibility_tab = st.tabs(
    ["About this data", "Glossary", "Data files", "Accessibility"]
)


def show_sections(sections) -> None:
    # The statements' words come from the settings and fixed text, never from an upload.
    for section in sections:
        st.subheader(section.heading)
        st.markdown("\n\n".join(section.paragraphs).replace("\n\n- ", "\n- "))


with about_tab:
    show_sections(about_this_data(page.dataset, page.settings))

with glossary_tab:
    # A static table wraps long meanings; a data grid would cut them off.
    st.table(pd.DataFrame({"Term": list(GLOSSARY), "Meaning": list(GLOSSARY.values())}).set_index("Term"))

with files_tab:
    if not page.settings.read_only:
        st.markdown(
            "**Your own files.** When you upload files, every number shown comes from them, and each "
            "value keeps the sheet and cell it was read from (see *KPI explorer* and *Upload data*)."
        )
    st.markdown(
        "**The sample data** is typed from councils' published committee papers. The locality "
        "breakdown in it is made up for illustration. The log below lists every data file that comes with "
        "this app, where it came from and whether it is published or illustrative.\n\n"
        f"**DfE and ONS data**: {OGL_ATTRIBUTION} {BOUNDARY_ATTRIBUTION}"
    )
    log = PROJECT_ROOT / "sample_data" / "README.md"
    if log.exists():
        with st.expander("Log of the data files that come with this app"):
            # The file's own first-level heading would repeat the expander's label.
            text = log.read_text(encoding="utf-8")
            st.markdown("\n".join(line for line in text.splitlines() if not line.startswith("# ")))

with accessibility_tab:
    missing = unset_statement_settings(page.settings)
    if missing and not page.settings.read_only:
        # Officers only: the public statement needs a direct contact and the council's own date.
        st.warning(
            f"Before publishing, set {' and '.join(missing)} in config/settings.yaml: the public accessibility "
            "statement needs a direct contact and the date the council last checked it."
        )
    show_sections(accessibility_statement(page.settings))
