"""One builder per section of the plan: each checks its entries (adding every problem to the
checker) and returns what it built. ``load_plan`` calls them in order."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from typing import Any

from ..model import GOOD_DIRECTIONS, UNITS, infer_unit_from_name
from ..reading.periods import parse_period
from ..reading.values import parse_value
from ..yaml_loader import LineMap
from .entries import (
    MILESTONE_STATUSES,
    RISK_SEVERITIES,
    Action,
    Feedback,
    KpiMilestone,
    Milestone,
    Objective,
    PlanKpi,
    Risk,
)
from .schema import Checker, as_list, cell_text, check_keys, label, listed, parse_due


def check_objective(entry: LineMap, where: str, objective_ids: dict[str, int], checker: Checker) -> None:
    """List a reference to an objective that does not exist, with the nearest id."""
    ref = entry.get("objective")
    if ref is not None and str(ref) not in objective_ids:
        close = checker.nearest(str(ref), objective_ids)
        hint = f" Did you mean '{close}'?" if close else f" Objectives are: {listed(objective_ids)}."
        checker.add(entry.line_of("objective"), f"{where} points at objective '{ref}', which does not exist.{hint}")


def check_unique_id(entry: LineMap, entry_id: str, kind: str, seen: dict[str, int], checker: Checker) -> None:
    """List an id used twice, naming the line it was first used on; remember the first."""
    if entry_id in seen:
        checker.add(
            entry.line_of("id"),
            f"{kind} id '{entry_id}' is used twice (first on line {seen[entry_id]}); ids must be unique.",
        )
    seen.setdefault(entry_id, entry.line_of("id"))


def build_objectives(root: LineMap, checker: Checker) -> tuple[list[Objective], dict[str, int]]:
    """The objectives, and the line each id is on (ids must be unique)."""
    objectives: list[Objective] = []
    objective_ids: dict[str, int] = {}
    for index, entry in enumerate(as_list(root.get("objectives")), start=1):
        if not check_keys(entry, "objective", f"objective {label(entry, index)}", checker):
            continue
        oid = str(entry.get("id", ""))
        check_unique_id(entry, oid, "objective", objective_ids, checker)
        objectives.append(
            Objective(
                id=oid,
                title=str(entry.get("title", "")),
                description=str(entry.get("description") or ""),
                sponsor=str(entry.get("sponsor") or ""),
                areas_of_weakness=tuple(str(a) for a in as_list(entry.get("areas_of_weakness"))),
            )
        )
    return objectives, objective_ids


def _entries_of_objectives(
    root: LineMap,
    key: str,
    kind: str,
    noun: str,
    checker: Checker,
    seen: dict[str, int],
    objective_ids: dict[str, int],
) -> Iterator[tuple[LineMap, str, str]]:
    """Each well-formed entry under ``key`` (actions, KPIs; ``kind`` its SCHEMA entry) with its
    id and how problems name it ("action AGBR1"), its keys, id and objective checked on the way."""
    for index, entry in enumerate(as_list(root.get(key)), start=1):
        if not check_keys(entry, kind, f"{noun} {label(entry, index)}", checker):
            continue
        entry_id = str(entry.get("id", ""))
        where = f"{noun} {entry_id or index}"
        check_unique_id(entry, entry_id, noun, seen, checker)
        check_objective(entry, where, objective_ids, checker)
        yield entry, entry_id, where


def build_actions(
    root: LineMap, checker: Checker, objective_ids: dict[str, int]
) -> tuple[list[Action], dict[str, int]]:
    """The actions with their milestones, and the line each action id is on."""
    actions: list[Action] = []
    action_ids: dict[str, int] = {}
    for entry, aid, where in _entries_of_objectives(
        root, "actions", "action", "action", checker, action_ids, objective_ids
    ):
        status = str(entry.get("status") or "").lower()
        if status and status not in ("embedded",):
            checker.add(
                entry.line_of("status"),
                f"status '{status}' on {where}: the only status an action takes is 'embedded' (others are worked out from its milestones).",
            )
        milestones = []
        for m_index, m_entry in enumerate(as_list(entry.get("milestones")), start=1):
            if not check_keys(m_entry, "milestone", f"milestone {m_index} of {where}", checker):
                continue
            due_raw = m_entry.get("due")
            due = parse_due(due_raw) if due_raw is not None else None
            if due_raw is not None and due is None:
                checker.add(
                    m_entry.line_of("due"),
                    f"due '{due_raw}' on milestone {m_index} of {where} is not a date; write e.g. 30 Apr 2022, April 2022 or Jan to March 2024.",
                )
            m_status = str(m_entry.get("status") or "not_started").lower().replace(" ", "_")
            if m_status not in MILESTONE_STATUSES:
                close = difflib.get_close_matches(m_status, MILESTONE_STATUSES, n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                checker.add(
                    m_entry.line_of("status"),
                    f"status '{m_status}' on milestone {m_index} of {where} should be one of {', '.join(MILESTONE_STATUSES)}.{hint}",
                )
            completed_raw = m_entry.get("completed")
            completed = parse_due(completed_raw) if completed_raw is not None else None
            if completed_raw is not None and completed is None:
                checker.add(
                    m_entry.line_of("completed"),
                    f"completed '{completed_raw}' on milestone {m_index} of {where} is not a date.",
                )
            milestones.append(
                Milestone(
                    title=str(m_entry.get("title", "")),
                    due=due,
                    due_text=str(due_raw) if due_raw is not None else "",
                    status=m_status,
                    completed=completed,
                    notes=str(m_entry.get("notes") or ""),
                    line=m_entry.line,
                )
            )
        actions.append(
            Action(
                id=aid,
                objective=str(entry.get("objective", "")),
                title=str(entry.get("title", "")),
                owner=str(entry.get("owner", "")),
                milestones=tuple(milestones),
                status=status,
                notes=str(entry.get("notes") or ""),
                line=entry.line,
            )
        )
    return actions, action_ids


def build_kpis(root: LineMap, checker: Checker, objective_ids: dict[str, int]) -> list[PlanKpi]:
    """The KPIs with their baselines and milestone targets and actuals."""
    kpis: list[PlanKpi] = []
    kpi_ids: dict[str, int] = {}
    for entry, kid, where in _entries_of_objectives(root, "kpis", "kpi", "KPI", checker, kpi_ids, objective_ids):
        unit = str(entry.get("unit") or "")
        if unit and unit not in UNITS:
            checker.add(entry.line_of("unit"), f"unit '{unit}' on {where} should be one of {', '.join(UNITS)}.")
        direction = str(entry.get("good_direction") or "")
        if direction and direction not in GOOD_DIRECTIONS:
            checker.add(
                entry.line_of("good_direction"), f"good_direction '{direction}' on {where} should be up, down or none."
            )
        baseline = entry.get("baseline")
        baseline_date_raw = entry.get("baseline_date")
        if isinstance(baseline, LineMap):
            check_keys(baseline, "baseline", f"the baseline of {where}", checker)
            baseline_date_raw = baseline.get("date", baseline_date_raw)
            baseline = baseline.get("value")
        baseline_date = None
        if baseline_date_raw is not None:
            period = (
                parse_period(baseline_date_raw)
                if not isinstance(baseline_date_raw, dt.date)
                else parse_period(baseline_date_raw)
            )
            if period is None:
                checker.add(
                    entry.line_of("baseline_date"), f"baseline date '{baseline_date_raw}' on {where} is not a date."
                )
            else:
                baseline_date = period.start
        k_milestones = []
        for m_index, m_entry in enumerate(as_list(entry.get("milestones")), start=1):
            if not check_keys(m_entry, "kpi_milestone", f"milestone {m_index} of {where}", checker):
                continue
            period = parse_period(m_entry.get("date"))
            if period is None:
                checker.add(
                    m_entry.line_of("date"),
                    f"date '{m_entry.get('date')}' on milestone {m_index} of {where} is not a date; write e.g. Nov 2021.",
                )
                continue
            for key in ("target", "actual"):
                value = m_entry.get(key)
                if value is not None and parse_value(value).kind == "unreadable":
                    checker.add(
                        m_entry.line_of(key),
                        f"{key} '{value}' on milestone {m_index} of {where} is not a number, range or marker (e.g. 60%, <50, 25-35 weeks, n/a).",
                    )
            k_milestones.append(
                KpiMilestone(
                    date=period.start,
                    date_text=str(m_entry.get("date")),
                    target=cell_text(m_entry.get("target")),
                    actual=cell_text(m_entry.get("actual")),
                    line=m_entry.line,
                )
            )
        recalculate_at = []
        for position, when in enumerate(as_list(entry.get("spc_recalculate_at")), start=1):
            period = parse_period(when)
            if period is None:
                checker.add(
                    entry.line_of("spc_recalculate_at"),
                    f"spc_recalculate_at date {position} ('{when}') on {where} is not a date; write e.g. Apr 2023.",
                )
            else:
                recalculate_at.append(period.start)
        name_text = str(entry.get("name", ""))
        kpis.append(
            PlanKpi(
                id=kid,
                objective=str(entry.get("objective", "")),
                name=name_text,
                description=str(entry.get("description", "") or "").strip(),
                unit=unit or unit_from_values(baseline, k_milestones) or infer_unit_from_name(name_text) or "other",
                good_direction=direction,
                cumulative=bool(entry.get("cumulative", False)),
                public=bool(entry.get("public", True)),
                amber_tolerance=float(entry["amber_tolerance"])
                if isinstance(entry.get("amber_tolerance"), (int, float))
                else None,
                baseline=cell_text(baseline),
                baseline_date=baseline_date,
                milestones=tuple(k_milestones),
                spc_recalculate_at=tuple(sorted(set(recalculate_at))),
                line=entry.line,
            )
        )
    return kpis


def build_filters(root: LineMap, checker: Checker) -> tuple[list[str], list[str]]:
    """The localities, and the phases and pods, the filters offer."""
    localities = []
    for index, entry in enumerate(as_list(root.get("localities")), start=1):
        if isinstance(entry, str):
            localities.append(entry)
        elif check_keys(entry, "locality", f"locality {index}", checker):
            localities.append(str(entry.get("name")))
    phases = []
    for key in ("phases", "pods"):
        for index, entry in enumerate(as_list(root.get(key)), start=1):
            if isinstance(entry, str):
                phases.append(entry)
            elif check_keys(entry, "phase", f"{key[:-1]} {index}", checker):
                phases.append(str(entry.get("name")))
    return localities, phases


def build_risks(root: LineMap, checker: Checker) -> list[Risk]:
    """The risk register."""
    risks = []
    for index, entry in enumerate(as_list(root.get("risks")), start=1):
        if not check_keys(entry, "risk", f"risk {index}", checker):
            continue
        severity = str(entry.get("severity", "")).capitalize()
        if severity and severity not in RISK_SEVERITIES:
            checker.add(
                entry.line_of("severity"),
                f"severity '{entry.get('severity')}' on risk {index} should be Low, Medium or High.",
            )
        when = parse_due(entry.get("date")) if entry.get("date") is not None else None
        if entry.get("date") is not None and when is None:
            checker.add(entry.line_of("date"), f"date '{entry.get('date')}' on risk {index} is not a date.")
        risks.append(
            Risk(
                date=when,
                risk=str(entry.get("risk", "")),
                severity=severity,
                mitigation=str(entry.get("mitigation") or ""),
                progress=str(entry.get("progress") or ""),
            )
        )
    return risks


def build_feedback(
    root: LineMap, checker: Checker, objective_ids: dict[str, int], action_ids: dict[str, int]
) -> list[Feedback]:
    """ "You said, we did" feedback, each pointing at an objective or action that exists."""
    feedback = []
    for index, entry in enumerate(as_list(root.get("feedback")), start=1):
        if not check_keys(entry, "feedback", f"feedback {index}", checker):
            continue
        check_objective(entry, f"feedback {index}", objective_ids, checker)
        action_ref = entry.get("action")
        if action_ref is not None and str(action_ref) not in action_ids:
            close = checker.nearest(str(action_ref), action_ids)
            hint = f" Did you mean '{close}'?" if close else ""
            checker.add(
                entry.line_of("action"),
                f"feedback {index} points at action '{action_ref}', which does not exist.{hint}",
            )
        feedback.append(
            Feedback(
                audience=str(entry.get("audience", "")),
                you_said=str(entry.get("you_said", "")),
                we_did=str(entry.get("we_did") or ""),
                objective=str(entry.get("objective") or ""),
                action=str(action_ref or ""),
            )
        )
    return feedback


def unit_from_values(baseline: Any, milestones: list[KpiMilestone]) -> str | None:
    """The unit most of a KPI's written values carry (60% -> percent), or None."""
    texts = [cell_text(baseline)] + [m.target for m in milestones] + [m.actual for m in milestones]
    units = [parse_value(t).unit for t in texts if t]
    units = [u for u in units if u]
    return max(set(units), key=units.count) if units else None
