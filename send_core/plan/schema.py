"""The plan format: every key each kind of entry allows (``SCHEMA``), and the checks that
collect every problem in one pass, each a sentence naming its line."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any

from ..reading.periods import parse_date
from ..yaml_loader import LineList, LineMap

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
        "description": (str, False),
        "unit": (str, False),
        "good_direction": (str, False),
        "cumulative": (bool, False),
        "public": (bool, False),
        "amber_tolerance": ((int, float), False),
        "baseline": ((str, int, float, dict), False),
        "baseline_date": ((str, dt.date), False),
        "milestones": (list, False),
        "spc_recalculate_at": (list, False),
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


MAX_SUGGESTIONS = 20  # "Did you mean ...?" is worked out for this many unknown ids in one load
MAX_IDS_LISTED = 12  # a list of the ids that do exist names this many, then counts the rest


class Checker:
    """Collects the problems found, each a sentence that starts with its line."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.suggestions_made = 0

    def nearest(self, reference: str, known: Iterable[str]) -> str | None:
        """The known id most like ``reference`` (None when none is close), for the first
        ``MAX_SUGGESTIONS`` unknown ids of a load, then None: each suggestion compares the
        reference with every known id, and 4,000 unknown ids among 4,000 took 30 s."""
        if self.suggestions_made >= MAX_SUGGESTIONS:
            return None
        self.suggestions_made += 1
        close = difflib.get_close_matches(reference, list(known), n=1)
        return close[0] if close else None

    def add(self, line: int | None, message: str) -> None:
        """List ``message``, named by ``line`` when there is one."""
        self.problems.append(f"Line {line}: {message}" if line else message)


def listed(ids: Iterable[str]) -> str:
    """``ids`` joined with commas, the first ``MAX_IDS_LISTED`` named and the rest counted
    ("A1, A2 and 3,998 more"): a message naming 4,000 ids in each of 4,000 problems was 144 MB."""
    ids = list(ids)
    shown = ", ".join(ids[:MAX_IDS_LISTED])
    return shown if len(ids) <= MAX_IDS_LISTED else f"{shown} and {len(ids) - MAX_IDS_LISTED:,} more"


def check_keys(entry: Any, kind: str, where: str, checker: Checker) -> bool:
    """Check an entry's keys and types against ``SCHEMA[kind]``; False when it is not a mapping at all."""
    if not isinstance(entry, LineMap):
        line = getattr(entry, "line", None)
        checker.add(line, f"{where} should be a mapping of keys and values, not {type_name(type(entry))}.")
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
            checker.add(entry.line_of(key), f"'{key}' in {where} should be {type_name(expected)}, not true/false.")
        elif not isinstance(value, expected):
            if expected is str and isinstance(value, (int, float, dt.date)):
                # An id like 1.10 or 012, or a title that looks like a number: keep it as written.
                entry[key] = entry.raw.get(key, str(value))
                continue
            checker.add(
                entry.line_of(key),
                f"'{key}' in {where} should be {type_name(expected)}, not {type_name(type(value))}.",
            )
    return True


def type_name(expected: type | tuple[type, ...]) -> str:
    """A type as a person would say it: "text", "a whole number", "a list"."""
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a mapping",
        LineMap: "a mapping",
        LineList: "a list",
        dt.date: "a date",
    }
    if isinstance(expected, tuple):
        return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in expected))
    return names.get(expected, expected.__name__)


def parse_due(text: object) -> dt.date | None:
    """A milestone's due date: the last day it could be met by (``June 2024`` -> 30 June)."""
    if isinstance(text, dt.date):
        return text
    cleaned = re.sub(r"\b(onwards|ongoing|by|from)\b", "", str(text), flags=re.I).strip(" -,")
    cleaned = re.sub(r"^(\w+) and (\w+ \d{4})$", r"\1 to \2", cleaned)
    return parse_date(cleaned)


def label(entry: Any, index: int) -> str:
    """How a problem names an entry: by its id when it has one, else by its position."""
    if (
        isinstance(entry, dict)
        and isinstance(entry.get("id"), (str, int, float))
        and not isinstance(entry.get("id"), bool)
    ):
        return str(entry["id"])
    return str(index)


def as_list(value: Any) -> list:
    """The value if it is a list, else an empty one (its type is reported elsewhere)."""
    return list(value) if isinstance(value, list) else []


def cell_text(value: Any) -> str:
    """A YAML scalar as the text of a cell: 60.0 -> "60", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
