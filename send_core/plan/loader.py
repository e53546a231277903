"""``load_plan``: read a plan YAML file, check every entry in one pass, build the plan.

The YAML is read by :mod:`send_core.yaml_loader` (safe composer only; aliases, custom tags
and oversized files refused before anything is built); each section is built and checked by
:mod:`.builders`; every problem is listed at once in a :class:`PlanError`, with its line.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import BinaryIO

from ..errors import PlanError
from ..reading.workbook import file_provenance
from ..yaml_loader import LineMap, YamlProblems, load_yaml
from .builders import build_actions, build_feedback, build_filters, build_kpis, build_objectives, build_risks
from .entries import PLAN_VERSION, Plan
from .schema import Checker, check_keys, parse_due

MAX_PLAN_BYTES = 2 * 1024 * 1024
EMPTY_PLAN_MESSAGE = "The plan file is empty. Start from the example in the README."


def read_plan_text(source: str | os.PathLike | bytes | BinaryIO) -> tuple[str, str, bytes]:
    """The plan's text, a name for it and its bytes, from a path, text, bytes or an uploaded
    file. Raises :class:`PlanError` for a missing, oversized, empty or non-UTF-8 file."""
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
        raise PlanError(EMPTY_PLAN_MESSAGE)
    return text, name, data


def load_plan(source: str | os.PathLike | bytes | BinaryIO) -> Plan:
    """Load and check a plan YAML file (a path, text, bytes or an uploaded file).

    Raises :class:`PlanError` listing every problem found (unknown keys with a suggestion,
    wrong types, dates that are not dates, duplicate ids, references to objectives or actions
    that do not exist, aliases, custom tags, files over ``MAX_PLAN_BYTES``).
    """
    text, name, data = read_plan_text(source)
    checksum, read_at = file_provenance(data)
    try:
        root = load_yaml(text, noun="plan")
    except YamlProblems as error:
        raise PlanError(error.problems) from None
    if root is None:
        raise PlanError(EMPTY_PLAN_MESSAGE)
    checker = Checker()
    if not check_keys(root, "top", "the plan", checker):
        raise PlanError(checker.problems)
    version = root.get("version")
    if isinstance(version, int) and version != PLAN_VERSION:
        checker.add(
            root.line_of("version"), f"version {version} is not one this app reads; use version: {PLAN_VERSION}."
        )
    programme = root.get("programme") if isinstance(root.get("programme"), LineMap) else LineMap(line=1)
    check_keys(programme, "programme", "programme", checker)
    as_at = parse_due(programme.get("as_at")) if programme.get("as_at") is not None else None
    if programme.get("as_at") is not None and as_at is None:
        checker.add(
            programme.line_of("as_at"),
            f"as_at '{programme.get('as_at')}' is not a date; write it like 2023-07-31 or 31 Jul 2023.",
        )
    objectives, objective_ids = build_objectives(root, checker)
    actions, action_ids = build_actions(root, checker, objective_ids)
    kpis = build_kpis(root, checker, objective_ids)
    localities, phases = build_filters(root, checker)
    risks = build_risks(root, checker)
    feedback = build_feedback(root, checker, objective_ids, action_ids)
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
        checksum=checksum,
        read_at=read_at,
    )
