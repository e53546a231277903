"""Upload data: this month's scorecard, a plan, DfE open data; then "What we read"."""

import hashlib
from pathlib import Path

import streamlit as st

from send_core.downloads import to_csv_bytes
from send_core.errors import PlanError, ScorecardError
from send_core.filters import first_kpi_with_figures
from send_core.problems import ERROR, problems_download, problems_table
from send_core.reading import (
    MAPPING_ROLE_LABELS,
    MAPPING_ROLES,
    READ_LAYOUTS,
    ColumnMapping,
    suggest_header_row,
    suggest_mapping_role,
    suggest_name_column,
)
from send_core.reports.contents import chart_caption
from send_core.ui.page import start_page
from send_core.ui.sign_in import current_person
from send_core.ui.state import (
    UPLOADS_KEY,
    is_guidance_file,
    is_plan_file,
    preview_upload,
    read_guidance_upload,
    read_plan_upload,
    read_upload,
    release_uploaded_file,
    session_draft,
    upload_store,
)
from send_core.ui.text import escape_markdown, plain_label
from send_core.ui.views import first_look_view, shared_view
from send_core.ui.widgets import chart_table_download, disagreements_table
from send_core.wording import accounting_sentence, how_many

# Worked out once per run: taking files in, removing them and mapping columns all rerun first.
# The filters stay in the sidebar (and the address bar) on this page too; the files are listed below.
page = start_page(
    "Upload data",
    "Upload this month's scorecard and the improvement plan, and see exactly what was read from each file.",
    banner=False,
)
dataset = page.dataset
if page.settings.read_only:
    st.info("This is a read-only copy of the app: uploads are switched off.")
    st.stop()
if not current_person().may("upload"):
    st.error("Your role lets you read the published figures, not upload files. Ask a publisher if you need to.")
    st.stop()

st.markdown(
    "Upload the spreadsheets you already keep (Excel `.xlsx` / `.xls`, OpenDocument `.ods` or CSV), "
    "your improvement plan (`.yaml`), or DfE open data (CSV). Several files can go together. "
    "Your files are a draft that only you see, laid over the published figures, until a publisher "
    "publishes them (the Publish page)."
)
# The uploader is an in-tray: files dropped on it are taken into the session's list of uploads
# (session state, so they stay when you move to another page, which empties any uploader) and
# the tray is emptied by giving it a new key. "What we read" below is then the one list of
# your files, each with its own Remove button; the same file can be uploaded again after it
# is removed. The same content twice is kept once. Taking files in is the uploader's callback,
# run before the page is drawn, so a drop costs one run of the page, not two.


def take_in_files(tray_key: str) -> None:
    """Move the files on the uploader ``tray_key`` into the session's uploads, and empty the tray."""
    uploads = list(st.session_state.get(UPLOADS_KEY, []))
    known = {upload["digest"] for upload in uploads}
    for file in st.session_state.get(tray_key) or []:
        data = file.getvalue()
        digest = hashlib.sha256(data).hexdigest()  # names the content once; reruns need not hash again
        upload_store().put(digest, data)  # held once for every session, bounded; the session keeps the digest
        if digest not in known:
            known.add(digest)
            uploads.append({"name": file.name, "digest": digest, "local_authority": None, "mapping": None})
        release_uploaded_file(file)
    st.session_state[UPLOADS_KEY] = uploads
    st.session_state["upload_tray"] = st.session_state.get("upload_tray", 0) + 1


tray = st.session_state.get("upload_tray", 0)
st.file_uploader(
    "Choose files",
    type=["xlsx", "xlsm", "xls", "ods", "csv", "zip", "txt", "yaml", "yml"],
    accept_multiple_files=True,
    key=f"uploader-{tray}",
    on_change=take_in_files,
    args=(f"uploader-{tray}",),
)
uploads = list(st.session_state.get(UPLOADS_KEY, []))
if not uploads:
    st.info("No files uploaded: every page shows the built-in sample data.")
    st.stop()
names = [upload["name"] for upload in uploads]


def widget_key(prefix: str, upload: dict) -> str:
    """A key per upload: its name, plus its content when two uploads share a name."""
    suffix = upload["name"] if names.count(upload["name"]) == 1 else f"{upload['name']}-{upload['digest'][:8]}"
    return f"{prefix}-{suffix}"


def remove(digest: str | None) -> None:
    """Forget one upload (or every upload when ``digest`` is None)."""
    current = st.session_state.get(UPLOADS_KEY, [])
    st.session_state[UPLOADS_KEY] = [u for u in current if digest is not None and u["digest"] != digest]


def column_mapping_form(upload: dict, *, label: str, expanded: bool) -> None:
    """Show the sheet and let the user say which column is what, then read it that way.

    Drawn only while its expander is open: its preview table and one list per column cost the
    browser more than the rest of the file's section (an upload's first chart came about a
    tenth sooner without them), and most files never need the form."""
    form = st.expander(label, expanded=expanded, key=widget_key("map-open", upload), on_change="rerun")
    if not form.open:
        return
    with form:
        previews = preview_upload(upload)
        if not any(len(preview) for preview in previews.values()):
            st.text("There are no cells in this file to choose from.")
        else:
            sheet = st.selectbox("Sheet", list(previews), key=widget_key("map-sheet", upload))
            preview = previews[sheet]
            st.dataframe(preview, width="stretch", placeholder="")
            header_row = (
                st.number_input(
                    "Row with the column headings (1 = first row)",
                    1,
                    len(preview),
                    suggest_header_row(preview.values.tolist()) + 1,
                    key=widget_key("map-header", upload),
                )
                - 1
            )
            columns = list(preview.columns)
            headings = list(preview.iloc[header_row]) if header_row < len(preview) else [""] * len(columns)
            # Each choice starts at what the reader would make of the heading, so fixing one
            # column does not mean setting all the others again.
            name_column = st.selectbox(
                "Column with the KPI names",
                columns,
                index=suggest_name_column(headings),
                key=widget_key("map-name", upload),
            )
            roles = {}
            for column, heading in zip(columns, headings, strict=True):
                if column == name_column or not heading:
                    continue
                roles[column] = st.selectbox(
                    plain_label(f"Column {column} ({heading[:40]})"),
                    MAPPING_ROLES,
                    index=MAPPING_ROLES.index(suggest_mapping_role(heading)),
                    format_func=MAPPING_ROLE_LABELS.get,
                    key=widget_key("map-role", upload) + f"-{column}",
                )
            if st.button("Read with these columns", key=widget_key("map-read", upload)):
                upload["mapping"] = ColumnMapping(
                    header_row=int(header_row),
                    name_column=columns.index(name_column),
                    roles={columns.index(c): r for c, r in roles.items() if r != "ignore"},
                    sheet=sheet,
                )
                st.rerun()


st.caption("Your files stay while you move between pages, until you remove them here.")
st.button("Remove every file and show the sample data again", on_click=remove, args=(None,), key="remove-all")


# A first chart of the file just read, above the list (an officer sees at once whether the
# figures look right, and the browser starts drawing it while the list arrives). A plain line
# (send_core.first_look), not the KPI explorer's chart of six layers: the check comes sooner.
scorecards = session_draft().reads  # in upload order, those that could be read (each read once, cached)
latest_read = scorecards[-1] if scorecards else None
view = shared_view(dataset.key, page.filters, False, dataset) if latest_read is not None else None
first_kpi = None if latest_read is None else first_kpi_with_figures(latest_read.observations, view)
if first_kpi is not None:
    kpi_name = dataset.catalogue.loc[dataset.catalogue["kpi_id"] == first_kpi, "kpi_name"].iloc[0]
    st.header("First look")
    st.text(f"{kpi_name}, the first KPI read from {latest_read.filename}.")  # an upload's words: never Markdown
    st.page_link("pages/kpi_explorer.py", label="Every KPI, with its table and downloads: the KPI explorer")
    first_look = first_look_view(dataset.key, page.filters, first_kpi, dataset)
    chart_table_download(
        first_look.chart,
        None,  # the prepared view's table, worked out only if its tab is opened
        first_look.summary,
        f"kpi-{first_kpi}",
        key="first-look",
        title=kpi_name,
        caption=lambda: chart_caption(dataset, view, [first_kpi]),
        prepared=first_look,
    )

st.header("What we read")
for upload in uploads:
    name = upload["name"]
    with st.container(border=True):
        st.subheader(f"File {uploads.index(upload) + 1}: {escape_markdown(name)}", anchor=False)
        st.button(
            f"Remove {escape_markdown(name)}",
            on_click=remove,
            args=(upload["digest"],),
            key=widget_key("remove", upload),
        )
        if is_guidance_file(name):
            guidance = read_guidance_upload(upload)
            described = sum(len(variables) for variables in guidance.values())
            if described:
                st.success(
                    f"Data guidance: {how_many(described, 'variable')} described for "
                    f"{how_many(len(guidance), 'data file')}. DfE open-data "
                    "files you upload take their KPIs' names and units from it."
                )
            else:
                st.warning(
                    "This text file is not a DfE release's data guidance (no 'Filename:' sections with variable "
                    "tables), so nothing was taken from it."
                )
            continue
        if is_plan_file(name):
            try:
                plan = read_plan_upload(upload)
            except PlanError as error:
                st.error("This plan file could not be read. Fix the lines listed below and upload it again.")
                st.text(str(error))
                continue
            st.success(
                f"Improvement plan: {len(plan.objectives)} objectives, {len(plan.actions)} actions, {len(plan.kpis)} KPIs, {len(plan.risks)} risks."
            )
            continue
        try:
            read = read_upload(upload)
        except ScorecardError as error:
            st.error("This file could not be read.")
            st.text(str(error))
            column_mapping_form(upload, label="Say which column is what", expanded=False)
            continue
        st.text(read.summary())
        st.caption(f"Layout: {READ_LAYOUTS[read.layout]}")
        if not read.reads_whole_file:
            # Detection can succeed and still be wrong; when much of the file went unread, say
            # so and open the form, and otherwise keep it one click away.
            doubts = read.doubts()
            if doubts:
                st.warning(
                    "This file may not have been read as you meant: "
                    + " and ".join(doubts)
                    + ". Check the problems below; if the columns were taken wrongly, say which column is what."
                )
            if upload.get("mapping") is not None:
                st.button(
                    "Read this file automatically again",
                    on_click=lambda upload=upload: upload.update(mapping=None),
                    key=widget_key("map-clear", upload),
                )
            column_mapping_form(
                upload,
                label="Say which column is what" if doubts else "Not read as you expected? Say which column is what",
                expanded=bool(doubts),
            )
        if read.local_authorities is not None:  # only whole-file readers list authorities
            authorities = sorted(read.local_authorities["la_name"].unique())
            current = upload.get("local_authority")
            choice = st.selectbox(
                "Which local authority is yours?",
                ["Choose…"] + authorities,
                index=(authorities.index(current) + 1) if current in authorities else 0,
                key=widget_key("la", upload),
            )
            if choice != "Choose…" and choice != current:
                upload["local_authority"] = choice
                st.rerun()
        accounting = read.accounting
        st.caption(accounting_sentence(accounting))
        if read.problems.empty:
            st.success("No problems found.")
        else:
            problems = problems_table(read.problems)
            # The summary above counts them; the list is one click away, open when something
            # could not be read (an error), so a long list does not push the next file away.
            listed = st.expander(
                f"{how_many(len(problems), 'problem')} found, one per line",
                expanded=bool((read.problems["severity"] == ERROR).any()),
                key=widget_key("problems-open", upload),
                on_change="rerun",
            )
            # Drawn only while open: a table in a closed expander is still laid out by the
            # browser, and without it an upload's first chart came about a fifth sooner.
            if listed.open:
                listed.dataframe(
                    problems[["severity", "location", "message", "kind"]],
                    column_config={
                        "severity": "Severity",
                        "location": "Where",
                        "message": st.column_config.TextColumn("What we found", width="large"),
                        "kind": st.column_config.TextColumn(
                            "Kind", help="The kind of problem: the same kind has the same name in every file"
                        ),
                    },
                    hide_index=True,
                    width="stretch",
                    row_height=80,  # two lines a row: a long message wraps instead of being cut off
                    placeholder="",
                )
                # Long messages are cut short in the table; the download has them whole, to work
                # through in Excel while fixing the file.
                listed.download_button(
                    "Download the messages (CSV)",
                    to_csv_bytes(problems_download(read.problems, name)),
                    file_name=f"what-we-read-{Path(name).stem}.csv",
                    mime="text/csv",
                    key=widget_key("problems-csv", upload),
                    icon=":material/download:",
                )

if not dataset.conflicts.empty:
    st.header("Values that disagree")
    st.warning(
        "The same KPI and period has two different values, in one file or in two (see where each is). "
        "Both are kept: check which is right."
    )
    disagreements_table(dataset.conflicts)
if not dataset.is_sample and dataset.plan is not None and dataset.scorecard_kpis_not_in_plan:
    with st.expander(f"{len(dataset.scorecard_kpis_not_in_plan)} KPIs in your files are not in the plan"):
        st.text("\n".join(dataset.scorecard_kpis_not_in_plan))
