"""One parser for what people type into scorecard cells.

``parse_value("14.3% (10) ▲")`` -> value 14.3, unit percent, count 10, arrow up.
The grammar (each case has a row in ``tests/unit/test_values.py``):

- numbers with thousands separators (``25,184``), a leading sign, a ``%`` sign, a ``£`` sign
  with optional ``k`` / ``m``;
- a trend arrow anywhere at the end (``▲ ▼ ▶ ► ◄ ↑ ↓ →``), kept in ``arrow`` but never trusted;
- a count in brackets after a percentage (``14.3% (10)``, ``15.12%(24)``, ``11.84 (27)``);
- a note in brackets (``10% (England average 21/22)``, ``11.8% (2022)``, ``216 (June 2022)``);
- a label before a colon (``ASD: 31 weeks``, ``ASD:- 138 weeks``);
- ranges (``25-35 weeks``, ``20- 25 weeks``) into ``low`` / ``high`` with ``value`` NaN;
- bounds (``<50``, ``>16000 views/ month``, ``Maintain 12 weeks``): ``value`` is the bound,
  ``low`` / ``high`` the side that is allowed;
- units after the number (``weeks``, ``days``, ``views/ month``);
- markers that are not numbers (``requested``, ``n/a``, ``Requires baseline``, GSS ``c x z k u``...).

A bare fraction in a percentage row (``0.316`` among ``35.4%``) is rescaled by the reader
(:mod:`send_core.scorecard`), because only the reader knows the row is a percentage row.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

NAN = math.nan

# Markers: text that stands where a number would, and what it means in plain English.
MARKERS: dict[str, str] = {
    "requested": "Requested, not yet supplied",
    "n/a": "Not applicable",
    "na": "Not applicable",
    "not applicable": "Not applicable",
    "requires baseline": "A baseline is still needed",
    "kpi changed": "The KPI's definition changed",
    "implemented": "Implemented",
    "complete": "Complete",
    "completed": "Complete",
    "mapping completed": "Complete",
    "ongoing": "Ongoing",
    "tbc": "To be confirmed",
    "to be confirmed": "To be confirmed",
    "no data": "No data",
    "-": "No data",
    "–": "No data",
    "..": "No data",
    ":": "Not available",
    # Government Statistical Service symbols (DfE open data)
    "c": "Suppressed (confidential)",
    "x": "Not available",
    "z": "Not applicable",
    "k": "Rounds to zero, but is not zero",
    "u": "Low reliability",
    "low": "Low reliability",
}
GSS_SYMBOLS = frozenset({"c", "x", "z", "k", "u", ":", ".."})

ARROWS = {
    "▲": "up",
    "↑": "up",
    "▼": "down",
    "↓": "down",
    "▶": "flat",
    "►": "flat",
    "→": "flat",
    "◄": "flat",
}

UNIT_WORDS = {
    "week": "weeks",
    "weeks": "weeks",
    "wks": "weeks",
    "wk": "weeks",
    "day": "days",
    "days": "days",
    "working days": "days",
    "wds": "days",
}

_NUMBER = r"(?:[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)(?:[eE][-+]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_ARROW_RE = re.compile("[" + "".join(ARROWS) + "]")
_SPACES_RE = re.compile(r"\s+")
_BRACKET_RE = re.compile(r"\(([^()]*)\)")
_LABEL_RE = re.compile(r"^([A-Za-z][A-Za-z /&]{0,20}):-?\s*(?=\S)")
_RANGE_RE = re.compile(
    rf"^(?P<low>{_NUMBER})\s*(?P<pct1>%?)\s*(?:-|–|to)\s*(?P<high>{_NUMBER})\s*(?P<pct2>%?)\s*(?P<rest>.*)$"
)
_CURRENCY_RE = re.compile(rf"^£\s*(?P<num>{_NUMBER})\s*(?P<scale>[kKmMbB]n?)?\b\s*(?P<rest>.*)$")
_SIMPLE_RE = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<pct>%?)\s*(?P<rest>.*)$")
_BOUND_RE = re.compile(
    r"^(?P<op><=|>=|≤|≥|<|>|less than|more than|under|over|at least|at most|maintain(?: at)?)\s*", re.I
)


@dataclass(frozen=True)
class ParsedValue:
    """What a cell says.

    ``value`` is in the cell's own unit (percentages in percentage points). ``kind`` is
    ``number``, ``range``, ``bound``, ``marker``, ``empty`` or ``unreadable``.
    """

    text: str
    kind: str
    value: float = NAN
    low: float = NAN
    high: float = NAN
    unit: str | None = None
    count: float | None = None
    arrow: str | None = None
    note: str | None = None
    marker: str | None = None
    had_percent_sign: bool = False

    @property
    def is_number(self) -> bool:
        return self.kind in ("number", "range", "bound")


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


def _clean(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and math.isnan(text):
        return ""
    return _SPACES_RE.sub(" ", str(text).replace("\u00a0", " ")).strip()


def _unit_from_rest(rest: str) -> tuple[str | None, str]:
    """Split trailing words into a unit and whatever is left (a note)."""
    rest = rest.strip().strip(",;").strip()
    if not rest:
        return None, ""
    lowered = rest.lower()
    for word in sorted(UNIT_WORDS, key=len, reverse=True):
        if lowered == word or lowered.startswith(word + " ") or lowered.startswith(word + "/"):
            return UNIT_WORDS[word], rest[len(word) :].strip()
    if lowered.startswith("views") or lowered.startswith("per ") or "/" in lowered[:12]:
        return "other", rest
    if lowered in ("pupils", "children", "cyp", "cases", "plans", "requests", "people"):
        return "count", ""
    return None, rest


def _match_marker(text: str) -> str | None:
    lowered = text.lower().strip(" .*")
    if lowered in MARKERS:
        return lowered
    for prefix in ("requires baseline", "kpi changed", "not applicable", "no data"):
        if lowered.startswith(prefix):
            return prefix
    return None


# The shape most cells have ("7143", "49.2% ▼", "3 ►"): read without the general grammar.
_COMMON_RE = re.compile(
    r"^\s*([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(%?)\s*([" + "".join(ARROWS) + r"]?)\s*$"
)


def parse_value(cell: object) -> ParsedValue:
    """Parse one cell (text or a number) into a :class:`ParsedValue`.

    Never raises: text it cannot read comes back with ``kind == "unreadable"``.
    Real numbers (from Excel) pass through unchanged; booleans are unreadable.
    """
    if isinstance(cell, str):
        return _parse_text(cell)
    return _parse_cell(cell)


@functools.lru_cache(maxsize=65_536)
def _parse_text(cell: str) -> ParsedValue:
    # Scorecards repeat the same texts ("requested", "0%", "12 weeks") many times: parse each once.
    common = _COMMON_RE.match(cell)
    if common:
        number, percent, arrow = common.groups()
        return ParsedValue(
            text=_clean(cell),
            kind="number",
            value=float(number.replace(",", "")),
            unit="percent" if percent else None,
            arrow=ARROWS[arrow] if arrow else None,
            had_percent_sign=bool(percent),
        )
    return _parse_cell(cell)


def _parse_cell(cell: object) -> ParsedValue:
    if isinstance(cell, bool):
        return ParsedValue(text=str(cell), kind="unreadable")
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and math.isnan(cell):
            return ParsedValue(text="", kind="empty")
        return ParsedValue(text=_format_number(cell), kind="number", value=float(cell))
    text = _clean(cell)
    if not text:
        return ParsedValue(text="", kind="empty")

    arrows = _ARROW_RE.findall(text)
    arrow = ARROWS[arrows[-1]] if arrows else None
    body = _ARROW_RE.sub(" ", text)
    body = _SPACES_RE.sub(" ", body).strip()
    if not body:
        # An arrow with no number: nothing to read, but say so.
        return ParsedValue(text=text, kind="unreadable", arrow=arrow)

    marker = _match_marker(body)
    if marker is not None:
        return ParsedValue(text=text, kind="marker", marker=marker, arrow=arrow)

    # Brackets: a count after a percentage, or a note.
    count: float | None = None
    notes: list[str] = []
    for inner in _BRACKET_RE.findall(body):
        inner_clean = inner.strip()
        if re.fullmatch(r"(?:19|20)\d\d", inner_clean):
            notes.append(inner_clean)  # "11.8% (2022)": a year, not a count
        elif re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", inner_clean):
            count = _to_float(inner_clean)
        elif inner_clean:
            notes.append(inner_clean)
    body = _BRACKET_RE.sub(" ", body)
    body = _SPACES_RE.sub(" ", body).strip()

    label_match = _LABEL_RE.match(body)
    if label_match and not _NUMBER_RE.match(body):
        notes.insert(0, label_match.group(1).strip())
        body = body[label_match.end() :].strip()

    parsed = _parse_body(text, body, arrow=arrow, count=count)
    if parsed is None:
        return ParsedValue(text=text, kind="unreadable", arrow=arrow)
    if parsed.note:
        notes.append(parsed.note)
    note = "; ".join(notes) if notes else None
    return replace(parsed, note=note)


def _parse_body(text: str, body: str, *, arrow: str | None, count: float | None) -> ParsedValue | None:
    bound = _BOUND_RE.match(body)
    if bound:
        op = bound.group("op").lower()
        inner = _parse_body(text, body[bound.end() :], arrow=arrow, count=count)
        if inner is None or inner.kind != "number":
            return None
        number = inner.value
        if op.startswith("maintain"):
            return replace(inner, kind="bound", note=_join_note("maintain", inner.note))
        if op in ("<", "<=", "≤", "less than", "under", "at most"):
            return replace(inner, kind="bound", high=number)
        return replace(inner, kind="bound", low=number)

    currency = _CURRENCY_RE.match(body)
    if currency:
        scale = (currency.group("scale") or "").lower()
        factor = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "mn": 1e6}.get(scale, 1.0)
        rest = currency.group("rest").strip()
        return ParsedValue(
            text=text,
            kind="number",
            value=_to_float(currency.group("num")) * factor,
            unit="currency",
            arrow=arrow,
            count=count,
            note=rest or None,
        )

    ranged = _RANGE_RE.match(body)
    if ranged:
        low, high = _to_float(ranged.group("low")), _to_float(ranged.group("high"))
        if low <= high:
            pct = bool(ranged.group("pct1") or ranged.group("pct2"))
            unit, rest = _unit_from_rest(ranged.group("rest"))
            return ParsedValue(
                text=text,
                kind="range",
                low=low,
                high=high,
                unit="percent" if pct else unit,
                arrow=arrow,
                count=count,
                note=rest or None,
                had_percent_sign=pct,
            )

    simple = _SIMPLE_RE.match(body)
    if simple:
        pct = bool(simple.group("pct"))
        unit, rest = _unit_from_rest(simple.group("rest"))
        if rest and _NUMBER_RE.search(rest) and not re.search(r"[A-Za-z]", rest):
            # "12 14" or "3.5 4": two numbers with no words between them is not one value.
            return None
        return ParsedValue(
            text=text,
            kind="number",
            value=_to_float(simple.group("num")),
            unit="percent" if pct else unit,
            arrow=arrow,
            count=count,
            note=rest or None,
            had_percent_sign=pct,
        )
    return None


def _join_note(first: str, second: str | None) -> str:
    return first if not second else f"{first}; {second}"


def _format_number(number: float | int) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


_COMMON_PATTERN = (
    r"^\s*(?P<number>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?P<percent>%?)\s*(?P<arrow>["
    + "".join(ARROWS)
    + r"]?)\s*$"
)
_PYTHON_WHITESPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f\x85\p{Z}]+"
PARSED_COLUMNS = ("kind", "value", "low", "high", "unit", "arrow", "note", "marker", "had_percent_sign", "text")


def parse_value_arrays(cells: Sequence[object]) -> dict[str, np.ndarray]:
    """:func:`parse_value_column` as a dict of NumPy arrays (no DataFrame), for readers."""
    cells = list(cells)
    count = len(cells)
    # One pass over the cells in Python: 0 text, 1 number, 2 anything else (NaN counts as else).
    sorts = np.array(
        [0 if type(c) is str else 1 if (type(c) is int or (type(c) is float and c == c)) else 2 for c in cells],
        dtype=np.int8,
    )
    is_number = sorts == 1
    is_text = sorts == 0
    result = {
        "kind": np.full(count, "unreadable", dtype=object),
        "value": np.full(count, np.nan),
        "low": np.full(count, np.nan),
        "high": np.full(count, np.nan),
        "unit": np.full(count, None, dtype=object),
        "arrow": np.full(count, None, dtype=object),
        "note": np.full(count, None, dtype=object),
        "marker": np.full(count, None, dtype=object),
        "had_percent_sign": np.zeros(count, dtype=bool),
        "text": np.full(count, "", dtype=object),
        "was_number": is_number,  # a real number in the workbook, not text: Excel's % format gives 0.12
    }
    numbers = np.flatnonzero(is_number)
    if len(numbers):
        values = np.array([cells[i] for i in numbers.tolist()], dtype=float)
        result["kind"][numbers] = "number"
        result["value"][numbers] = values
        result["text"][numbers] = [_format_number(v) for v in values.tolist()]
    texts = np.flatnonzero(is_text)
    if len(texts):
        raw_texts = [cells[i] for i in texts.tolist()]
        strings = pa.array(raw_texts, type=pa.string())
        # Python's \s (what _clean uses) is every character str.isspace() accepts; spelt out for RE2.
        cleaned = pc.utf8_trim(pc.replace_substring_regex(strings, _PYTHON_WHITESPACE, " "), characters=" ")
        result["text"][texts] = cleaned.to_numpy(zero_copy_only=False)
        found = pc.extract_regex(strings, pattern=_COMMON_PATTERN)
        matched = pc.is_valid(found).to_numpy(zero_copy_only=False)
        hit = texts[matched]
        if len(hit):
            groups = found.filter(pc.is_valid(found))
            number = pc.cast(pc.replace_substring(groups.field("number"), ",", ""), pa.float64()).to_numpy(
                zero_copy_only=False
            )
            percent = pc.equal(groups.field("percent"), "%").to_numpy(zero_copy_only=False)
            arrow = groups.field("arrow").to_numpy(zero_copy_only=False).astype(str)
            result["kind"][hit] = "number"
            result["value"][hit] = number
            result["had_percent_sign"][hit] = percent
            units = np.full(len(hit), None, dtype=object)
            units[percent] = "percent"
            result["unit"][hit] = units
            directions = np.full(len(hit), None, dtype=object)
            for symbol, direction in ARROWS.items():
                directions[arrow == symbol] = direction
            result["arrow"][hit] = directions
        rest = texts[~matched].tolist()
        if rest:
            parsed = {cells[i]: None for i in rest}
            for text in parsed:
                parsed[text] = parse_value(text)
            for index in rest:
                item = parsed[cells[index]]
                for column in PARSED_COLUMNS:
                    result[column][index] = getattr(item, column)
    others = np.flatnonzero(~is_number & ~is_text)
    for index in others.tolist():  # booleans, dates and anything else a workbook may hold: the general path
        if cells[index] is None or type(cells[index]) is float:
            continue  # missing: empty
        item = parse_value(cells[index])
        for column in PARSED_COLUMNS:
            result[column][index] = getattr(item, column)
    empty = (result["text"] == "") & ~is_number
    result["kind"][empty] = "empty"
    return result


def parse_value_column(cells: Sequence[object]) -> pd.DataFrame:
    """:func:`parse_value` for many cells at once, with the same results.

    Real numbers and the common shape of text ("7143 ▶", "49.2% ▼") are read with vectorised
    (Arrow) operations; every other distinct text goes through :func:`parse_value` once. A
    200-KPI x 36-month scorecard parses in a few milliseconds. Returns one row per cell with
    ``PARSED_COLUMNS``, in the order given.
    """
    return pd.DataFrame(parse_value_arrays(cells))
