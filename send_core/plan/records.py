"""A plan as rows of plain values, and back: how a published snapshot keeps the plan (as
Parquet) without keeping, or parsing again, the YAML file it came from."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import types
import typing
from typing import Any

import pandas as pd

from .entries import Action, Feedback, Objective, Plan, PlanKpi, Risk

# The plan's sections in the order they are stored; each row holds one entry as JSON.
SECTIONS: dict[str, type] = {
    "objectives": Objective,
    "actions": Action,
    "kpis": PlanKpi,
    "risks": Risk,
    "feedback": Feedback,
}
PROGRAMME = "programme"  # the one row holding the plan's own fields (name, authority, as at...)
RECORD_COLUMNS = ("section", "position", "record")


def plan_records(plan: Plan) -> pd.DataFrame:
    """The plan as a frame of ``section`` (a key of :data:`SECTIONS`, or ``"programme"``),
    ``position`` (the entry's place in its section, from 0) and ``record`` (its fields as JSON;
    dates as ISO text). :func:`plan_from_records` gives the same plan back."""
    programme = {f.name: _plain(getattr(plan, f.name)) for f in dataclasses.fields(Plan) if f.name not in SECTIONS}
    rows = [(PROGRAMME, 0, json.dumps(programme, ensure_ascii=False))]
    for section in SECTIONS:
        for position, entry in enumerate(getattr(plan, section)):
            rows.append((section, position, json.dumps(_plain(entry), ensure_ascii=False)))
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


def plan_from_records(records: pd.DataFrame) -> Plan:
    """The plan :func:`plan_records` wrote. Raises ``ValueError`` (the store turns it into a
    typed error) when a record does not fit the plan's shape."""
    ordered = records.sort_values(["section", "position"], kind="stable")
    by_section: dict[str, list[Any]] = {section: [] for section in SECTIONS}
    programme: dict[str, Any] | None = None
    for row in ordered.itertuples(index=False):
        fields = json.loads(row.record)
        if row.section == PROGRAMME:
            programme = fields
        elif row.section in SECTIONS:
            by_section[row.section].append(_build(SECTIONS[row.section], fields))
        else:
            raise ValueError(f"unknown plan section {row.section!r}")
    if programme is None:
        raise ValueError("the plan's programme row is missing")
    values = {name: _convert(_hints(Plan)[name], value) for name, value in programme.items()}
    return Plan(**values, **{section: tuple(entries) for section, entries in by_section.items()})


def _plain(value: Any) -> Any:
    """A JSON-able copy of a plan value (dates as ISO text, tuples as lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type, fields: dict[str, Any]) -> Any:
    hints = _hints(cls)
    return cls(**{name: _convert(hints[name], value) for name, value in fields.items() if name in hints})


def _convert(hint: Any, value: Any) -> Any:
    """``value`` (as :func:`_plain` wrote it) back to the type ``hint`` names."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        return _convert(options[0], value)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_convert(item, element) for element in value)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    if hint is pd.Timestamp:
        return pd.Timestamp(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value
