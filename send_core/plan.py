"""The improvement plan: one YAML file an officer can edit (format in README, "Plan YAML").

``load_plan(source)`` reads it with PyYAML's safe composer only, refuses aliases, custom tags
and oversized files before building anything, checks every key, type, date and reference in
one pass, and raises :class:`PlanError` listing every problem with its line number.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
import yaml

from .errors import PlanError
from .model import ALL, observations_frame
from .rag import AMBER, GREEN, RED, Target, rate_kpi
from .reading.periods import parse_date, parse_period
from .reading.values import parse_value

PLAN_VERSION = 1
MAX_PLAN_BYTES = 2 * 1024 * 1024
MAX_PLAN_NODES = 200_000
_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}

BLUE = "Blue"
ACTION_RAG_TEXT = {
    RED: "Delayed",
    AMBER: "On track",
    GREEN: "Completed",
    BLUE: "Embedded, gathering evidence of impact",
}
MILESTONE_STATUSES = ("complete", "implemented", "ongoing", "in_progress", "not_started")
DONE_STATUSES = ("complete", "implemented")
SEVERITIES = ("Low", "Medium", "High")

# Every key the format allows, per kind of entry; "required" ones must be present.
SCHEMA: dict[str, dict[str, tuple[type | tuple[type, ...], bool]]] = {
    "top": {
        "version": (int, True),
        "programme": (dict, True),
        "objectives": (list, True),
        "actions": (list, False),
        "kpis": (list, False),
        "localities": (list, False),
        "phases": (list, False),
        "pods": (list, False),
        "risks": (list, False),
        "feedback": (list, False),
    },
    "programme": {
        "name": (str, True),
        "local_authority": (str, True),
        "as_at": ((str, dt.date), True),
        "description": (str, False),
    },
    "objective": {
        "id": (str, True),
        "title": (str, True),
        "description": (str, False),
        "sponsor": (str, False),
        "areas_of_weakness": (list, False),
    },
    "action": {
        "id": (str, True),
        "objective": (str, True),
        "title": (str, True),
        "owner": (str, True),
        "status": (str, False),
        "milestones": (list, False),
        "notes": (str, False),
    },
    "milestone": {
        "title": (str, True),
        "due": ((str, dt.date), False),
        "status": (str, False),
        "completed": ((str, dt.date), False),
        "notes": (str, False),
    },
    "kpi": {
        "id": (str, True),
        "objective": (str, True),
        "name": (str, True),
        "unit": (str, False),
        "good_direction": (str, False),
        "cumulative": (bool, False),
        "public": (bool, False),
        "amber_tolerance": ((int, float), False),
        "baseline": ((str, int, float, dict), False),
        "baseline_date": ((str, dt.date), False),
        "milestones": (list, False),
        "notes": (str, False),
    },
    "kpi_milestone": {
        "date": ((str, dt.date), True),
        "target": ((str, int, float), False),
        "actual": ((str, int, float), False),
    },
    "baseline": {"value": ((str, int, float), True), "date": ((str, dt.date), False)},
    "locality": {"name": (str, True), "wards": (list, False), "centre": (list, False)},
    "phase": {"name": (str, True), "phases": (list, False)},
    "risk": {
        "date": ((str, dt.date), True),
        "risk": (str, True),
        "severity": (str, True),
        "mitigation": (str, False),
        "progress": (str, False),
        "owner": (str, False),
    },
    "feedback": {
        "audience": (str, True),
        "you_said": (str, True),
        "we_did": (str, False),
        "objective": (str, False),
        "action": (str, False),
    },
}


@dataclass(frozen=True)
class Milestone:
    title: str
    due: dt.date | None
    due_text: str
    status: str
    completed: dt.date | None = None
    notes: str = ""
    line: int = 0

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES


@dataclass(frozen=True)
class Action:
    id: str
    objective: str
    title: str
    owner: str
    milestones: tuple[Milestone, ...]
    status: str = ""
    notes: str = ""
    line: int = 0


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    description: str = ""
    sponsor: str = ""
    areas_of_weakness: tuple[str, ...] = ()


@dataclass(frozen=True)
class KpiMilestone:
    date: pd.Timestamp
    date_text: str
    target: str
    actual: str
    line: int = 0


@dataclass(frozen=True)
class PlanKpi:
    id: str
    objective: str
    name: str
    unit: str
    good_direction: str
    cumulative: bool
    public: bool
    amber_tolerance: float | None
    baseline: str
    baseline_date: pd.Timestamp | None
    milestones: tuple[KpiMilestone, ...]
    line: int = 0


@dataclass(frozen=True)
class Risk:
    date: dt.date | None
    risk: str
    severity: str
    mitigation: str = ""
    progress: str = ""


@dataclass(frozen=True)
class Feedback:
    audience: str
    you_said: str
    we_did: str = ""
    objective: str = ""
    action: str = ""


@dataclass(frozen=True)
class Plan:
    """A loaded, checked plan. Read-only: share it between sessions freely."""

    name: str
    local_authority: str
    as_at: dt.date
    objectives: tuple[Objective, ...]
    actions: tuple[Action, ...]
    kpis: tuple[PlanKpi, ...]
    risks: tuple[Risk, ...]
    feedback: tuple[Feedback, ...]
    localities: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    source_name: str = "plan"
    extra: dict[str, Any] = field(default_factory=dict)

    def objective_title(self, objective_id: str) -> str:
        return next((o.title for o in self.objectives if o.id == objective_id), objective_id)

    def kpi_table(self) -> pd.DataFrame:
        """The plan's KPIs in the catalogue's columns (see :func:`send_core.model.kpi_catalogue`)."""
        return pd.DataFrame(
            [
                {
                    "kpi_id": k.id,
                    "kpi_name": k.name,
                    "objective": k.objective,
                    "unit": k.unit,
                    "good_direction": k.good_direction,
                    "cumulative": k.cumulative,
                    "public": k.public,
                }
                for k in self.kpis
            ],
            columns=["kpi_id", "kpi_name", "objective", "unit", "good_direction", "cumulative", "public"],
        )

    def observations(self) -> pd.DataFrame:
        """The plan's baselines, milestone targets and actuals as tidy observations."""
        rows = []
        for kpi in self.kpis:
            section = self.objective_title(kpi.objective)
            if kpi.baseline:
                rows.append(
                    _plan_observation(kpi, section, "baseline", kpi.baseline, kpi.baseline_date, "Baseline", kpi.line)
                )
            for milestone in kpi.milestones:
                for measure, text in (("target", milestone.target), ("actual", milestone.actual)):
                    if text:
                        rows.append(
                            _plan_observation(
                                kpi, section, measure, text, milestone.date, milestone.date_text, milestone.line
                            )
                        )
        return observations_frame(rows)


def _plan_observation(
    kpi: PlanKpi, section: str, measure: str, text: str, period: pd.Timestamp | None, label: str, line: int
) -> dict:
    parsed = parse_value(text)
    return {
        "kpi_id": kpi.id,
        "kpi_name": kpi.name,
        "section": section,
        "measure": measure,
        "comparator": "",
        "period": period if period is not None else pd.NaT,
        "period_label": label,
        "value": parsed.value if parsed.kind in ("number", "bound") else math.nan,
        "value_low": parsed.low,
        "value_high": parsed.high,
        "value_text": text,
        "unit": kpi.unit,
        "locality": ALL,
        "phase": ALL,
        "source": f"plan line {line}",
    }


# ---------------------------------------------------------------------------------------------
# Loading


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(f"Line {line}: {message}" if line else message)


def _read_text(source: str | os.PathLike | bytes | BinaryIO) -> tuple[str, str]:
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), "plan"
    elif isinstance(source, os.PathLike) or (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 400
        and Path(source).suffix in (".yaml", ".yml")
    ):
        path = Path(source)
        if not path.exists():
            raise PlanError(f"There is no plan file at {path}. Check the path.")
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise PlanError(
                f"{path.name} is larger than {MAX_PLAN_BYTES // 1024 // 1024} MB; a plan should be far smaller. Check it is the right file."
            )
        data, name = path.read_bytes(), path.name
    elif isinstance(source, str):
        data, name = source.encode("utf-8"), "plan"
    elif hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_PLAN_BYTES + 1)
        name = os.path.basename(str(getattr(source, "name", "plan")))
    else:
        raise PlanError("Give the plan as a path, text, bytes or an uploaded file.")
    if len(data) > MAX_PLAN_BYTES:
        raise PlanError(
            f"The plan file is larger than {MAX_PLAN_BYTES // 1024 // 1024} MB; a plan should be far smaller. Check it is the right file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanError("The plan file is not UTF-8 text. Save it as UTF-8 (a YAML file) and try again.") from None
    if not text.strip():
        raise PlanError("The plan file is empty. Start from the example in the README.")
    return text, name


def _compose(text: str) -> yaml.Node:
    """Compose YAML into nodes without constructing any object, refusing aliases and tags."""
    problems = []
    try:
        for event in yaml.parse(io.StringIO(text), Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    f"Line {line}: YAML aliases (*{event.anchor}) are not allowed in a plan; write the value out in full."
                )
            elif getattr(event, "anchor", None):
                problems.append(
                    f"Line {line}: YAML anchors (&{event.anchor}) are not allowed in a plan; write values out in full."
                )
            tag = getattr(event, "tag", None)
            if tag and tag not in ("!", "?") and tag not in _SAFE_TAGS:
                problems.append(
                    f"Line {line}: the tag '{tag}' is not allowed; a plan holds only text, numbers, dates, lists and mappings."
                )
            if len(problems) > 50:
                break
        if problems:
            raise PlanError(problems)
        node = yaml.compose(io.StringIO(text), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else "?"
        raise PlanError(
            f"Line {line}: the file is not valid YAML ({error.problem or error.context}). Check the indentation and "
            "that text containing ':' or '#' is in quotes."
        ) from None
    except yaml.YAMLError as error:
        raise PlanError(f"The file is not valid YAML ({error}).") from None
    if node is None:
        raise PlanError("The plan file is empty. Start from the example in the README.")
    return node


def _to_data(node: yaml.Node, counter: list[int]) -> Any:
    """Plain Python data from nodes; mappings become ``_Map`` that remember line numbers."""
    counter[0] += 1
    if counter[0] > MAX_PLAN_NODES:
        raise PlanError("The plan file has too many entries to be a real plan. Check it is the right file.")
    if isinstance(node, yaml.MappingNode):
        result = _Map(line=node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in result:
                result.duplicates.append((key, key_node.start_mark.line + 1))
            result[key] = _to_data(value_node, counter)
            result.lines[key] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):
                result.raw[key] = value_node.value  # "1.10" stays "1.10" where text is expected
        return result
    if isinstance(node, yaml.SequenceNode):
        return _List((_to_data(item, counter) for item in node.value), line=node.start_mark.line + 1)
    value = node.value
    tag = node.tag
    if tag.endswith(":int"):
        try:
            return int(value.replace("_", ""), 0) if not value.startswith("0") or value == "0" else int(value)
        except ValueError:
            return value
    if tag.endswith(":float"):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on", "y")
    if tag.endswith(":null"):
        return None
    if tag.endswith(":timestamp"):
        parsed = parse_date(value)
        return parsed if parsed is not None else value
    return value


class _Map(dict):
    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}
        self.duplicates: list[tuple[str, int]] = []

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _List(list):
    def __init__(self, items, line: int):
        super().__init__(items)
        self.line = line


def _check_keys(entry: Any, kind: str, where: str, checker: _Checker) -> bool:
    if not isinstance(entry, _Map):
        line = getattr(entry, "line", None)
        checker.add(line, f"{where} should be a mapping of keys and values, not {type(entry).__name__}.")
        return False
    schema = SCHEMA[kind]
    for key, line in entry.duplicates:
        checker.add(line, f"'{key}' appears twice in {where}; keep one.")
    for key in entry:
        if key not in schema:
            close = difflib.get_close_matches(key, schema, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else f" Allowed keys: {', '.join(schema)}."
            checker.add(entry.line_of(key), f"unknown key '{key}' in {where}.{hint}")
    for key, (expected, required) in schema.items():
        if key not in entry or entry[key] is None:
            if required:
                checker.add(entry.line, f"{where} needs '{key}'.")
            continue
        value = entry[key]
        if isinstance(value, bool) and expected is not bool and not (isinstance(expected, tuple) and bool in expected):
            checker.add(entry.line_of(key), f"'{key}' in {where} should be {_type_name(expected)}, not true/false.")
        elif not isinstance(value, expected):
            if expected is str and isinstance(value, (int, float, dt.date)):
                # An id like 1.10 or 012, or a title that looks like a number: keep it as written.
                entry[key] = entry.raw.get(key, str(value))
                continue
            checker.add(
                entry.line_of(key),
                f"'{key}' in {where} should be {_type_name(expected)}, not {_type_name(type(value))}.",
            )
    return True


def _type_name(expected: type | tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a mapping",
        _Map: "a mapping",
        _List: "a list",
        dt.date: "a date",
    }
    if isinstance(expected, tuple):
        return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in expected))
    return names.get(expected, expected.__name__)


def _parse_due(text: object) -> dt.date | None:
    """A milestone's due date: the last day it could be met by (``June 2024`` -> 30 June)."""
    if isinstance(text, dt.date):
        return text
    cleaned = re.sub(r"\b(onwards|ongoing|by|from)\b", "", str(text), flags=re.I).strip(" -,")
    cleaned = re.sub(r"^(\w+) and (\w+ \d{4})$", r"\1 to \2", cleaned)
    return parse_date(cleaned)


def _label(entry: Any, index: int) -> str:
    """How a problem names an entry: by its id when it has one, else by its position."""
    if (
        isinstance(entry, dict)
        and isinstance(entry.get("id"), (str, int, float))
        and not isinstance(entry.get("id"), bool)
    ):
        return str(entry["id"])
    return str(index)


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, list) else []


def load_plan(source: str | os.PathLike | bytes | BinaryIO) -> Plan:
    """Load and check a plan YAML file (a path, text, bytes or an uploaded file).

    Raises :class:`PlanError` listing every problem found (unknown keys with a suggestion,
    wrong types, dates that are not dates, duplicate ids, references to objectives or actions
    that do not exist, aliases, custom tags, files over ``MAX_PLAN_BYTES``).
    """
    text, name = _read_text(source)
    root = _to_data(_compose(text), [0])
    checker = _Checker()
    if not _check_keys(root, "top", "the plan", checker):
        raise PlanError(checker.problems)
    version = root.get("version")
    if isinstance(version, int) and version != PLAN_VERSION:
        checker.add(
            root.line_of("version"), f"version {version} is not one this app reads; use version: {PLAN_VERSION}."
        )

    programme = root.get("programme") if isinstance(root.get("programme"), _Map) else _Map(line=1)
    _check_keys(programme, "programme", "programme", checker)
    as_at = _parse_due(programme.get("as_at")) if programme.get("as_at") is not None else None
    if programme.get("as_at") is not None and as_at is None:
        checker.add(
            programme.line_of("as_at"),
            f"as_at '{programme.get('as_at')}' is not a date; write it like 2023-07-31 or 31 Jul 2023.",
        )

    objectives: list[Objective] = []
    objective_ids: dict[str, int] = {}
    for index, entry in enumerate(_as_list(root.get("objectives")), start=1):
        if not _check_keys(entry, "objective", f"objective {_label(entry, index)}", checker):
            continue
        oid = str(entry.get("id", ""))
        if oid in objective_ids:
            checker.add(
                entry.line_of("id"),
                f"objective id '{oid}' is used twice (first on line {objective_ids[oid]}); ids must be unique.",
            )
        objective_ids.setdefault(oid, entry.line_of("id"))
        objectives.append(
            Objective(
                id=oid,
                title=str(entry.get("title", "")),
                description=str(entry.get("description") or ""),
                sponsor=str(entry.get("sponsor") or ""),
                areas_of_weakness=tuple(str(a) for a in _as_list(entry.get("areas_of_weakness"))),
            )
        )

    def check_objective(entry: _Map, where: str) -> None:
        ref = entry.get("objective")
        if ref is not None and str(ref) not in objective_ids:
            close = difflib.get_close_matches(str(ref), objective_ids, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else f" Objectives are: {', '.join(objective_ids)}."
            checker.add(entry.line_of("objective"), f"{where} points at objective '{ref}', which does not exist.{hint}")

    actions: list[Action] = []
    action_ids: dict[str, int] = {}
    for index, entry in enumerate(_as_list(root.get("actions")), start=1):
        if not _check_keys(entry, "action", f"action {_label(entry, index)}", checker):
            continue
        aid = str(entry.get("id", ""))
        where = f"action {aid or index}"
        if aid in action_ids:
            checker.add(
                entry.line_of("id"),
                f"action id '{aid}' is used twice (first on line {action_ids[aid]}); ids must be unique.",
            )
        action_ids.setdefault(aid, entry.line_of("id"))
        check_objective(entry, where)
        status = str(entry.get("status") or "").lower()
        if status and status not in ("embedded",):
            checker.add(
                entry.line_of("status"),
                f"status '{status}' on {where}: the only status an action takes is 'embedded' (others are worked out from its milestones).",
            )
        milestones = []
        for m_index, m_entry in enumerate(_as_list(entry.get("milestones")), start=1):
            if not _check_keys(m_entry, "milestone", f"milestone {m_index} of {where}", checker):
                continue
            due_raw = m_entry.get("due")
            due = _parse_due(due_raw) if due_raw is not None else None
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
            completed = _parse_due(completed_raw) if completed_raw is not None else None
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

    kpis: list[PlanKpi] = []
    kpi_ids: dict[str, int] = {}
    for index, entry in enumerate(_as_list(root.get("kpis")), start=1):
        if not _check_keys(entry, "kpi", f"KPI {_label(entry, index)}", checker):
            continue
        kid = str(entry.get("id", ""))
        where = f"KPI {kid or index}"
        if kid in kpi_ids:
            checker.add(
                entry.line_of("id"), f"KPI id '{kid}' is used twice (first on line {kpi_ids[kid]}); ids must be unique."
            )
        kpi_ids.setdefault(kid, entry.line_of("id"))
        check_objective(entry, where)
        unit = str(entry.get("unit") or "")
        from .model import GOOD_DIRECTIONS, UNITS, infer_unit_from_name

        if unit and unit not in UNITS:
            checker.add(entry.line_of("unit"), f"unit '{unit}' on {where} should be one of {', '.join(UNITS)}.")
        direction = str(entry.get("good_direction") or "")
        if direction and direction not in GOOD_DIRECTIONS:
            checker.add(
                entry.line_of("good_direction"), f"good_direction '{direction}' on {where} should be up, down or none."
            )
        baseline = entry.get("baseline")
        baseline_date_raw = entry.get("baseline_date")
        if isinstance(baseline, _Map):
            _check_keys(baseline, "baseline", f"the baseline of {where}", checker)
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
        for m_index, m_entry in enumerate(_as_list(entry.get("milestones")), start=1):
            if not _check_keys(m_entry, "kpi_milestone", f"milestone {m_index} of {where}", checker):
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
                    target=_cell_text(m_entry.get("target")),
                    actual=_cell_text(m_entry.get("actual")),
                    line=m_entry.line,
                )
            )
        name_text = str(entry.get("name", ""))
        kpis.append(
            PlanKpi(
                id=kid,
                objective=str(entry.get("objective", "")),
                name=name_text,
                unit=unit or _unit_from_values(baseline, k_milestones) or infer_unit_from_name(name_text) or "other",
                good_direction=direction,
                cumulative=bool(entry.get("cumulative", False)),
                public=bool(entry.get("public", True)),
                amber_tolerance=float(entry["amber_tolerance"])
                if isinstance(entry.get("amber_tolerance"), (int, float))
                else None,
                baseline=_cell_text(baseline),
                baseline_date=baseline_date,
                milestones=tuple(k_milestones),
                line=entry.line,
            )
        )

    localities = []
    for index, entry in enumerate(_as_list(root.get("localities")), start=1):
        if isinstance(entry, str):
            localities.append(entry)
        elif _check_keys(entry, "locality", f"locality {index}", checker):
            localities.append(str(entry.get("name")))
    phases = []
    for key in ("phases", "pods"):
        for index, entry in enumerate(_as_list(root.get(key)), start=1):
            if isinstance(entry, str):
                phases.append(entry)
            elif _check_keys(entry, "phase", f"{key[:-1]} {index}", checker):
                phases.append(str(entry.get("name")))

    risks = []
    for index, entry in enumerate(_as_list(root.get("risks")), start=1):
        if not _check_keys(entry, "risk", f"risk {index}", checker):
            continue
        severity = str(entry.get("severity", "")).capitalize()
        if severity and severity not in SEVERITIES:
            checker.add(
                entry.line_of("severity"),
                f"severity '{entry.get('severity')}' on risk {index} should be Low, Medium or High.",
            )
        when = _parse_due(entry.get("date")) if entry.get("date") is not None else None
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

    feedback = []
    for index, entry in enumerate(_as_list(root.get("feedback")), start=1):
        if not _check_keys(entry, "feedback", f"feedback {index}", checker):
            continue
        check_objective(entry, f"feedback {index}")
        action_ref = entry.get("action")
        if action_ref is not None and str(action_ref) not in action_ids:
            close = difflib.get_close_matches(str(action_ref), action_ids, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
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

    if checker.problems:
        raise PlanError(checker.problems)
    return Plan(
        name=str(programme.get("name", "")),
        local_authority=str(programme.get("local_authority", "")),
        as_at=as_at or dt.date.today(),
        objectives=tuple(objectives),
        actions=tuple(actions),
        kpis=tuple(kpis),
        risks=tuple(risks),
        feedback=tuple(feedback),
        localities=tuple(localities),
        phases=tuple(phases),
        source_name=name,
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unit_from_values(baseline: Any, milestones: list[KpiMilestone]) -> str | None:
    texts = [_cell_text(baseline)] + [m.target for m in milestones] + [m.actual for m in milestones]
    units = [parse_value(t).unit for t in texts if t]
    units = [u for u in units if u]
    return max(set(units), key=units.count) if units else None


# ---------------------------------------------------------------------------------------------
# Status as at a date


def action_rag(action: Action, as_at: dt.date) -> str:
    """Birmingham's key: Blue if marked embedded, Green if every milestone is done, Red if any
    milestone is past due and not done, otherwise Amber (on track)."""
    if action.status == "embedded":
        return BLUE
    if action.milestones and all(m.done for m in action.milestones):
        return GREEN
    if any(_overdue_days(m, as_at) > 0 for m in action.milestones):
        return RED
    return AMBER


def _overdue_days(milestone: Milestone, as_at: dt.date) -> int:
    if milestone.done or milestone.status == "ongoing" or milestone.due is None:
        return 0
    return max(0, (as_at - milestone.due).days)


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
                "next_due": upcoming.due_text if upcoming else "",
                "days_overdue": max((_overdue_days(m, when) for m in action.milestones), default=0),
                "milestones_done": sum(m.done for m in action.milestones),
                "milestones_total": len(action.milestones),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
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
        ],
    )


def milestone_table(plan: Plan, as_at: dt.date | None = None, objective: str | None = None) -> pd.DataFrame:
    """One row per action sub-milestone with its due date, state and days overdue, for the timeline."""
    when = as_at or plan.as_at
    rows = []
    for action in plan.actions:
        if objective and action.objective != objective:
            continue
        for milestone in action.milestones:
            overdue = _overdue_days(milestone, when)
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
                    "milestone": milestone.title,
                    "due": pd.Timestamp(milestone.due) if milestone.due else pd.NaT,
                    "due_text": milestone.due_text,
                    "state": state,
                    "days_overdue": overdue,
                    "notes": milestone.notes,
                }
            )
    return pd.DataFrame(
        rows, columns=["objective", "action_id", "milestone", "due", "due_text", "state", "days_overdue", "notes"]
    )


def kpi_milestone_table(
    plan: Plan, *, amber_points: float = 5.0, amber_share: float = 0.1, objective: str | None = None
) -> pd.DataFrame:
    """Milestone vs actual for every plan KPI: one row per KPI and milestone date with
    ``baseline, target, actual, rag, met, gap`` (gap = actual minus target, in the KPI's unit;
    NaN when either is not a single number)."""
    rows = []
    for kpi in plan.kpis:
        if objective and kpi.objective != objective:
            continue
        direction = kpi.good_direction or "none"
        for milestone in kpi.milestones:
            target = parse_value(milestone.target) if milestone.target else None
            actual = parse_value(milestone.actual) if milestone.actual else None
            target_spec = (
                Target(target.value if target.kind != "range" else math.nan, target.low, target.high)
                if target and target.is_number
                else None
            )
            actual_value = actual.value if actual and actual.kind == "number" else math.nan
            rating = rate_kpi(
                actual_value,
                target_spec,
                direction,
                unit=kpi.unit,
                amber_points=kpi.amber_tolerance if kpi.amber_tolerance is not None else amber_points,
                amber_share=amber_share,
            )
            gap = (
                actual_value - target.value
                if target_spec is not None and target.kind in ("number", "bound")
                else math.nan
            )
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
                    "met": {GREEN: "Met", AMBER: "Not met (close)", RED: "Not met"}.get(rating, ""),
                    "gap": gap,
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
        ],
    )
