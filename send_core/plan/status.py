"""Where the plan stands as at a date: each action's status by Birmingham's key, each
milestone's state, and each KPI's milestone target against its actual."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

import pandas as pd

from ..rag import AMBER, BLUE, GREEN, RED, RatingPolicy, Target
from ..reading.values import parse_value
from ..wording import ACTION_RAG_TEXT, MILESTONE_MET_TEXT, gap_text
from .entries import RISK_SEVERITIES, Action, Milestone, Plan


def action_rag(action: Action, as_at: dt.date) -> str:
    """Birmingham's key: Blue if marked embedded, Green if every milestone is done, Red if any
    milestone is past due and not done, otherwise Amber (on track)."""
    if action.status == "embedded":
        return BLUE
    if action.milestones and all(m.done for m in action.milestones):
        return GREEN
    if any(overdue_days(m, as_at) > 0 for m in action.milestones):
        return RED
    return AMBER


def overdue_days(milestone: Milestone, as_at: dt.date) -> int:
    """Days past its due date, as at ``as_at``; 0 when done, ongoing, undated or not yet due."""
    if milestone.done or milestone.status == "ongoing" or milestone.due is None:
        return 0
    return max(0, (as_at - milestone.due).days)


ACTION_COLUMNS = (
    "objective",
    "action_id",
    "title",
    "owner",
    "rag",
    "status",
    "next_milestone",
    "next_due",
    "days_overdue",
    "milestones_done",
    "milestones_total",
)


_DAY_WRITTEN = re.compile(r"^\s*\d{1,2}(st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}\s*$")
_MONTH_WRITTEN = re.compile(r"^\s*[A-Za-z]+\.?\s+\d{4}\s*$")


def due_words(written: str, due: dt.date | None) -> str:
    """A due date in the tables' one format: a day as "31 Jul 2023", a month as "Jun 2024"
    (however the plan wrote them: "31 July 2023", "31st July 2023", "June 2024"); anything
    else ("Sept 2021 onwards", "Ongoing") as written, since it is more than a date."""
    if due is not None and _DAY_WRITTEN.match(written or ""):
        return f"{due:%-d %b %Y}"
    if due is not None and _MONTH_WRITTEN.match(written or ""):
        return f"{due:%b %Y}"
    return written or ""


def action_table(plan: Plan, as_at: dt.date | None = None, objective: str | None = None) -> pd.DataFrame:
    """One row per action: ``objective, action_id, title, owner, rag, status, next_milestone,
    next_due, days_overdue, milestones_done, milestones_total`` as at ``as_at`` (default: the
    plan's own as-at date). ``days_overdue`` is that of the most overdue milestone, 0 if none."""
    when = as_at or plan.as_at
    rows = []
    for action in plan.actions:
        if objective and action.objective != objective:
            continue
        rag = action_rag(action, when)
        pending = sorted(
            (m for m in action.milestones if not m.done), key=lambda m: (m.due is None, m.due or dt.date.max)
        )
        upcoming = pending[0] if pending else None
        rows.append(
            {
                "objective": action.objective,
                "action_id": action.id,
                "title": action.title,
                "owner": action.owner,
                "rag": rag,
                "status": ACTION_RAG_TEXT[rag],
                "next_milestone": upcoming.title if upcoming else "",
                "next_due": due_words(upcoming.due_text, upcoming.due) if upcoming else "",
                "days_overdue": max((overdue_days(m, when) for m in action.milestones), default=0),
                "milestones_done": sum(m.done for m in action.milestones),
                "milestones_total": len(action.milestones),
            }
        )
    return pd.DataFrame(rows, columns=list(ACTION_COLUMNS))


def milestone_table(plan: Plan, as_at: dt.date | None = None, objective: str | None = None) -> pd.DataFrame:
    """One row per action sub-milestone with its due date, state and days overdue, for the timeline.

    ``action`` names the action as a reader sees it: its id and title ("AGBR10: Increase
    capacity for autism assessments for over-7s"); ``action_id`` alone is for joining."""
    when = as_at or plan.as_at
    rows = []
    for action in plan.actions:
        if objective and action.objective != objective:
            continue
        for milestone in action.milestones:
            overdue = overdue_days(milestone, when)
            state = (
                "Done"
                if milestone.done
                else "Ongoing"
                if milestone.status == "ongoing"
                else "Overdue"
                if overdue
                else "Not yet due"
            )
            rows.append(
                {
                    "objective": action.objective,
                    "action_id": action.id,
                    "action": f"{action.id}: {action.title}" if action.title else action.id,
                    "milestone": milestone.title,
                    "due": pd.Timestamp(milestone.due) if milestone.due else pd.NaT,
                    "due_text": milestone.due_text,
                    "state": state,
                    "days_overdue": overdue,
                    "notes": milestone.notes,
                }
            )
    return pd.DataFrame(
        rows,
        columns=["objective", "action_id", "action", "milestone", "due", "due_text", "state", "days_overdue", "notes"],
    )


def kpi_milestone_table(
    plan: Plan,
    policy: RatingPolicy,
    *,
    good_directions: Mapping[str, str] | None = None,
    objective: str | None = None,
) -> pd.DataFrame:
    """Milestone vs actual for every plan KPI: one row per KPI and milestone date with
    ``baseline, target, actual, rag, met, gap`` (gap = actual minus target, in the KPI's unit;
    for a range, to its nearer end, 0 within it; NaN when either is not a number) and
    ``gap_text``, the gap in words ("2 percentage points below", "123 weeks above the range",
    :func:`send_core.wording.gap_text`). Rated by ``policy`` in each KPI's good direction
    from ``good_directions`` (the dataset catalogue's, which infers a direction the plan does
    not give, as every other page does), else the plan's own."""
    rows = []
    for kpi in plan.kpis:
        if objective and kpi.objective != objective:
            continue
        direction = (good_directions or {}).get(kpi.id) or kpi.good_direction or "none"
        for milestone in kpi.milestones:
            target = parse_value(milestone.target) if milestone.target else None
            actual = parse_value(milestone.actual) if milestone.actual else None
            target_spec = (
                Target(target.value if target.kind != "range" else math.nan, target.low, target.high)
                if target and target.is_number
                else None
            )
            actual_value = actual.value if actual and actual.kind == "number" else math.nan
            rating = policy.rate(kpi.id, actual_value, target_spec, direction, kpi.unit)
            gap = (
                actual_value - target.value
                if target_spec is not None and target.kind in ("number", "bound")
                else math.nan
            )
            words = gap_text(gap, kpi.unit or "other")
            if target_spec is not None and target.kind == "range" and not math.isnan(actual_value):
                # To the range's nearer end: 173 weeks against 40-50 is 123 above it.
                gap = max(actual_value - target.high, 0.0) + min(actual_value - target.low, 0.0)
                words = "within the range" if gap == 0 else f"{gap_text(gap, kpi.unit or 'other')} the range"
            rows.append(
                {
                    "objective": kpi.objective,
                    "kpi_id": kpi.id,
                    "kpi_name": kpi.name,
                    "baseline": kpi.baseline,
                    "milestone": milestone.date_text,
                    "period": milestone.date,
                    "target": milestone.target,
                    "actual": milestone.actual,
                    "rag": rating,
                    "met": MILESTONE_MET_TEXT.get(rating, ""),
                    "gap": gap,
                    "gap_text": words,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "objective",
            "kpi_id",
            "kpi_name",
            "baseline",
            "milestone",
            "period",
            "target",
            "actual",
            "rag",
            "met",
            "gap",
            "gap_text",
        ],
    )


def risk_table(plan: Plan) -> pd.DataFrame:
    """The risk register, most severe first (High, Medium, Low, then unrated), with human
    headings: ``Date, Risk, Severity, Mitigation, Progress``."""
    order = {severity: rank for rank, severity in enumerate(reversed(RISK_SEVERITIES))}
    risks = sorted(plan.risks, key=lambda risk: order.get(risk.severity, len(order)))
    return pd.DataFrame(
        [
            {
                "Date": risk.date,
                "Risk": risk.risk,
                "Severity": risk.severity,
                "Mitigation": risk.mitigation,
                "Progress": risk.progress,
            }
            for risk in risks
        ],
        columns=["Date", "Risk", "Severity", "Mitigation", "Progress"],
    )
