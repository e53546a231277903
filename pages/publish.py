"""Publish: make this month's files the figures everyone sees (internal) or families see
(public), look at every version, roll back, and read the audit log."""

import pandas as pd
import streamlit as st

from send_core.config import APP_VERSION
from send_core.errors import SnapshotError, StoreError
from send_core.summary import kpi_summary
from send_core.suppression import is_suppressed
from send_core.ui.page import start_page
from send_core.ui.sign_in import current_person
from send_core.ui.state import (
    UPLOADS_KEY,
    VERSION_KEY,
    forget_published,
    prepared_publish,
    published,
    recent_audit_events,
    session_draft,
    snapshot_store,
    store_error,
    store_versions,
)
from send_core.wording import how_many

AUDIENCE_WORDS = {
    "internal": "Internal: officers and managers who sign in (every figure)",
    "public": "Public: the read-only site for families (KPIs marked public, small numbers suppressed)",
}

CHANGE_HEADINGS = {
    "kpi_name": "KPI",
    "measure": "Measure",
    "period_label": "Period",
    "locality": "Locality",
    "phase": "Phase",
    "published": "Published",
    "new": "In the new file",
    "file": "File",
}

page = start_page(
    "Publish",
    "Publish checked figures for everyone who signs in, or for the public site, and see every version published.",
)
person = current_person()
if not person.may("publish"):
    st.error("Only publishers can publish or roll back. Ask one of them if the figures need publishing.")
    st.stop()
store = snapshot_store()
if store is None:
    st.error("The snapshot store cannot be opened, so nothing can be published. The app's administrator can fix it:")
    st.text(store_error() or "")
    st.stop()
who = person.email or "this computer"
notice = st.session_state.pop("publish_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

st.header("Publish a new version")
st.markdown(
    "Publishing keeps a copy of the figures as a new **version**. Everyone who signs in sees the live internal "
    "version; the public site shows the live public version. Every version is kept, and any can be made live "
    "again below."
)
audience = st.radio("Publish for", list(AUDIENCE_WORDS), format_func=AUDIENCE_WORDS.get, key="publish_audience")
draft = session_draft()
base = published("internal").snapshot
if draft.is_empty and audience == "internal":
    st.info("Upload this month's files on the Upload data page first: they are published on top of the live version.")
elif draft.errors:
    st.error("Some files could not be read; remove them on the Upload data page before publishing.")
else:
    try:
        prepared = prepared_publish(draft, base, audience)
    except StoreError as error:
        st.error(str(error))
        prepared = None
    if prepared is not None:
        publication, preview = prepared.publication, prepared.dataset
        on = f" on top of version {base.version}" if base is not None else ""
        files = ", ".join(source["name"] for source in publication.sources)
        st.markdown(
            f"This would publish {how_many(publication.details['kpis'], 'KPI')} "
            f"({how_many(publication.details['rows'], 'figure')}), data to {publication.details['as_at_text'] or 'no date'}, "
            f"for the **{audience}** audience{on}."
        )
        st.caption("From these files:")
        st.text(files)
        checks_needed = []
        if not prepared.changes.empty:
            st.subheader("Published figures these files change")
            st.caption("Nothing published is overwritten silently: check each change before publishing.")
            st.dataframe(
                prepared.changes.drop(columns="kpi_id").rename(columns=CHANGE_HEADINGS),
                hide_index=True,
                width="stretch",
                placeholder="",
            )
            checks_needed.append(
                st.checkbox(
                    "I have checked this change"
                    if len(prepared.changes) == 1
                    else f"I have checked these {len(prepared.changes):,} changes",
                    key="check_changes",
                )
            )
        if audience == "public":
            st.subheader("What the public will see")
            st.caption(
                "Exactly these KPIs and figures go on the public site: KPIs marked public in the plan, counts from 1 to "
                f"{preview.suppression_threshold - 1} shown as 'c', with any other figure that would let someone work "
                "one out hidden the same way."
            )
            summary = kpi_summary(preview.observations, preview.catalogue, policy=preview.rating_policy)
            shown = summary.reindex(columns=["kpi_name", "latest_period", "latest_text", "rag"])
            st.dataframe(shown, hide_index=True, width="stretch", placeholder="")
            suppressed = int(is_suppressed(preview.observations).sum())
            st.text(f"{how_many(suppressed, 'figure')} suppressed.")
            checks_needed.append(st.checkbox("I have checked what the public will see", key="check_public_preview"))
        if st.button(
            f"Publish for the {audience} audience", type="primary", disabled=not all(checks_needed), key="publish"
        ):
            try:
                manifest = store.publish(publication, by=who, app_version=APP_VERSION)
            except StoreError as error:
                st.error(str(error))
            else:
                forget_published()
                if audience == "internal":
                    # The draft is now the live version: the session shows it, and the files go.
                    st.session_state[UPLOADS_KEY] = []
                    st.session_state[VERSION_KEY] = None
                st.session_state["publish_notice"] = (
                    f"Published version {manifest['version']} for the {audience} audience. It is live now."
                )
                st.rerun()

st.header("Versions")
versions = store_versions()
if not versions:
    st.info("Nothing has been published yet.")
else:
    table = pd.DataFrame(
        {
            "Version": [v.version for v in versions],
            "For": [v.audience for v in versions],
            "Live": ["Live" if v.live else "" for v in versions],
            "Published (UTC)": [v.published_at.replace("T", " ")[:16] for v in versions],
            "By": [v.published_by for v in versions],
            "Data to": [v.as_at_text for v in versions],
            "Checks": ["Whole" if v.status == "ok" else v.status for v in versions],
        }
    ).iloc[::-1]
    st.dataframe(table, hide_index=True, width="stretch", placeholder="")
    choices = [v for v in reversed(versions) if v.status == "ok" and not v.live]
    if choices:
        st.subheader("Roll back")
        chosen = st.selectbox(
            "Make an earlier version live again",
            choices,
            format_func=lambda v: f"{v.version} ({v.audience}, published {v.published_at[:16].replace('T', ' ')})",
            key="rollback_version",
        )
        if st.button("Make this version live again", key="rollback"):
            try:
                store.rollback(chosen.version, chosen.audience, by=who)
            except (StoreError, SnapshotError) as error:
                st.error(str(error))
            else:
                forget_published()
                st.session_state[VERSION_KEY] = None
                st.session_state["publish_notice"] = (
                    f"Version {chosen.version} is live again for the {chosen.audience} audience."
                )
                st.rerun()

with st.expander("Audit log: who published, rolled back or signed in"):
    events = recent_audit_events()[-100:]
    if events:
        st.dataframe(pd.DataFrame(events[::-1]).astype(str), hide_index=True, width="stretch", placeholder="")
    else:
        st.text("Nothing yet.")
