"""Plan tracker: which actions are late, which milestones were met, what families said."""

import datetime as dt

import pandas as pd
import streamlit as st

from send_core.milestone_charts import (
    milestone_chart,
    milestone_points,
    milestone_timeline,
    objective_progress,
    objective_progress_chart,
    progress_sentence,
)
from send_core.model import ALL, good_directions
from send_core.plan import action_table, kpi_milestone_table, milestone_table, risk_table
from send_core.reports.contents import ChartCaption
from send_core.tables import readable_table
from send_core.ui.page import start_page
from send_core.ui.text import escape_markdown
from send_core.ui.widgets import chart_table_download, disagreements_table, text_table
from send_core.wording import (
    ACTION_RAG_SHORT_TEXT,
    ACTION_RAG_TEXT,
    ACTION_RATINGS,
    how_many,
    milestone_sentence,
    milestone_tally,
)

KPI_MILESTONE_HEADINGS = {
    "kpi_id": "KPI",
    "kpi_name": "Measure",
    "baseline": "Baseline",
    "milestone": "Milestone",
    "target": "Target",
    "actual": "Actual",
    "rag": "Rating",
    "met": "Met?",
    "gap_text": "Actual against target",
}

page = start_page(
    "Plan tracker",
    "The improvement plan: its actions and milestones, and whether each measure reached the target set for each date.",
)
dataset, filters, objective = page.dataset, page.filters, page.objective
plan = dataset.plan
if plan is None:
    if page.settings.read_only:
        st.info("No improvement plan has been published here yet.")
    else:
        st.warning(
            "No improvement plan is loaded. Upload your plan (a .yaml file) on the Upload data page; a sample "
            "authority with a plan, chosen under Filters in the sidebar, shows what one looks like."
        )
    st.stop()

st.text(f"{plan.name} ({plan.local_authority})")
if filters.locality != ALL or filters.phase != ALL:
    st.caption("The plan tracker follows the objective filter; locality and phase do not apply to the plan's actions.")
as_at = st.date_input(
    "Status as at",
    value=plan.as_at,
    min_value=min(dt.date(2015, 1, 1), plan.as_at),
    max_value=max(dt.date(2035, 12, 31), plan.as_at),
    format="DD/MM/YYYY",
    help="Actions are Red (delayed) when a milestone is past this date and not complete.",
    key="plan_as_at",
)

actions = action_table(plan, as_at, objective)
st.header("Actions")
counts = actions["rag"].value_counts()
columns = st.columns(len(ACTION_RATINGS))
for column, rating in zip(columns, ACTION_RATINGS, strict=True):
    column.metric(
        f"{rating}: {ACTION_RAG_SHORT_TEXT[rating]}", int(counts.get(rating, 0)), help=ACTION_RAG_TEXT[rating]
    )
for objective_item in plan.objectives:
    if objective and objective_item.id != objective:
        continue
    rows = actions[actions["objective"] == objective_item.id]
    if rows.empty:
        continue
    st.subheader(escape_markdown(f"{objective_item.id}: {objective_item.title}"), anchor=False)
    text_table(
        rows.assign(rating=rows["rag"] + ": " + rows["status"]),
        {
            "action_id": "Action",
            "rating": "Status",
            "title": "What",
            "owner": "Responsible",
            "next_milestone": "Next milestone",
            "next_due": "Due",
            "days_overdue": "Days overdue",
            "milestones_done": "Done",
            "milestones_total": "Milestones",
        },
    )

st.header("Milestone timeline")
milestones = milestone_table(plan, as_at, objective)
chart = milestone_timeline(milestones, as_at)
summary = milestone_sentence(milestones, as_at)
chart_table_download(
    chart,
    readable_table(
        milestones,
        {
            "action": "Action",
            "milestone": "Milestone",
            "due": "Due",
            "due_text": "Due, as the plan says",
            "state": "State",
            "days_overdue": "Days overdue",
            "notes": "Notes",
        },
    ),
    summary,
    "plan-milestones",
    key="milestones",
    title="Plan milestones",
    caption=ChartCaption(plan.local_authority, f"{as_at:%d %B %Y}", plan.source_name),
)

st.header("KPIs: milestone targets against actuals")
table = kpi_milestone_table(
    plan, dataset.rating_policy, good_directions=good_directions(dataset.catalogue), objective=objective
)
caption = ChartCaption(plan.local_authority, f"{as_at:%d %B %Y}", plan.source_name)
progress = objective_progress(table, {o.id: o.title for o in plan.objectives})
if not progress.empty:
    chart_table_download(
        objective_progress_chart(progress),
        progress[["title", "status", "count"]].rename(
            columns={"title": "Objective", "status": "Milestone", "count": "How many"}
        ),
        progress_sentence(progress),
        "plan-objective-progress",
        key="objective_progress",
        title="KPI milestones by objective",
        caption=caption,
    )
points = milestone_points(table)
if not points.empty:
    chart_table_download(
        milestone_chart(points),
        readable_table(
            points,
            {"kpi_name": "Measure", "milestone": "Date", "series": "Figure", "text": "As written", "met": "Met?"},
        ),
        f"Milestone targets (dashed steps) against actuals (points) for {how_many(points['kpi_name'].nunique(), 'measure')}.",
        "plan-kpi-milestones",
        key="kpi_milestones",
        title="KPI milestone targets against actuals",
        caption=caption,
    )
if objective:
    text_table(table, KPI_MILESTONE_HEADINGS)
else:
    # One objective's table at a time, drawn only while open: all four at once (137 rows for
    # the Birmingham sample) were a fifth of the time this page took to open in Chromium.
    st.caption("Each objective's KPIs, milestone by milestone: open one to read its table.")
    for objective_item in plan.objectives:
        rows = table[table["objective"] == objective_item.id]
        if rows.empty:
            continue
        label = escape_markdown(f"{objective_item.id}: {objective_item.title}") + f". {milestone_tally(rows)}"
        opened = st.expander(label, key=f"kpi-milestones::{objective_item.id}", on_change="rerun")
        if opened.open:
            with opened:
                text_table(rows, KPI_MILESTONE_HEADINGS)
if dataset.plan_kpis_without_data:
    with st.expander(f"{len(dataset.plan_kpis_without_data)} plan KPIs have no actuals yet"):
        st.text(", ".join(dataset.plan_kpis_without_data))
if not dataset.conflicts.empty and not page.settings.read_only:  # officers check them; figures before suppression
    st.warning("Some values in the plan and in uploaded files disagree. Both are kept; check which is right.")
    disagreements_table(dataset.conflicts)

st.header("Risk register")
text_table(risk_table(plan))

st.header("You said, we did")
audiences = list(dict.fromkeys(f.audience for f in plan.feedback))
for audience in audiences:
    items = [f for f in plan.feedback if f.audience == audience and (not objective or f.objective == objective)]
    if not items:
        continue
    # Drawn only while open: a closed expander's table is still laid out by the browser, and
    # without these four the page opened about an eighth sooner (benchmarks/README.md).
    said = st.expander(escape_markdown(f"{audience} ({len(items)})"), key=f"you-said::{audience}", on_change="rerun")
    if said.open:
        with said:
            text_table(
                pd.DataFrame(
                    [
                        {
                            "You said": f.you_said,
                            "We did": f.we_did or "Not yet answered",
                            "Objective": f.objective,
                            "Action": f.action,
                        }
                        for f in items
                    ],
                    columns=["You said", "We did", "Objective", "Action"],
                )
            )
