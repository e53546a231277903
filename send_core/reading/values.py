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
(:mod:`send_core.reading.table_values`), because only the reader knows the row is a percentage row.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
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
    "n.k": "Not known",  # "n.k." once the trailing full stop is stripped
    "nk": "Not known",
    "n/k": "Not known",
    "not known": "Not known",
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
    return " ".join(str(text).split())  # the same as collapsing \s+ (no-break space included)


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


def _parse_body(
    text: str, body: str, *, arrow: str | None, count: float | None, bounded: bool = False
) -> ParsedValue | None:
    bound = _BOUND_RE.match(body)
    if bound:
        if bounded:
            return None  # "< < 5" is no value; stopping here keeps "<" * 1200 from recursing 1,200 deep
        op = bound.group("op").lower()
        inner = _parse_body(text, body[bound.end() :], arrow=arrow, count=count, bounded=True)
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


# The shape most cells have, already tidy ("7143", "49.2% ▼", "3 ►", "1,262"): ASCII spaces
# only, single, and none at either end once trimmed, so the cell's text is its tidy text. RE2
# matches this without capturing, and the parts are cut out with string kernels, which is
# several times cheaper than extracting groups.
_TIDY_COMMON_PATTERN = (
    r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?: ?%)?(?: ?[" + "".join(ARROWS) + r"])?$"
)
_ARROW_CHARACTERS = "".join(ARROWS)
_ARROW_SYMBOLS = pa.array(list(ARROWS), type=pa.large_string())
_ARROW_DIRECTIONS = np.array([*ARROWS.values(), None], dtype=object)  # the last: no arrow
ARROW_CODES = {"up": 1, "down": 2, "flat": 3}  # arrow_code: 0 where a cell has no arrow
_ARROW_SYMBOL_CODES = np.array([*(ARROW_CODES[d] for d in ARROWS.values()), 0], dtype=np.int8)
PARSED_COLUMNS = ("kind", "value", "low", "high", "unit", "arrow", "note", "marker", "had_percent_sign", "text")


EMPTY, TEXT, NUMBER, OTHER = 0, 1, 2, 3  # what cell_codes says a cell is


_FLOAT = 4  # a float not yet checked for NaN: cell_codes' own working code
_CODE_OF_TYPE = {str: TEXT, float: _FLOAT, int: NUMBER, type(None): EMPTY}


def cell_codes(cells: list[object]) -> np.ndarray:
    """What each cell is, as int8 codes: ``EMPTY`` (None, NaN, blank or whitespace-only text),
    ``TEXT``, ``NUMBER`` (a real int or float) or ``OTHER`` (booleans, dates...).

    Readers compute it once for a whole sheet (it also says which cells are filled) and hand
    it to :func:`parse_value_arrays`. Every step is a C-level ``map`` (a type's code from a
    dict, ``str.strip`` on the text cells, ``math.isnan`` on the floats), not a Python loop.
    """
    count = len(cells)
    codes = np.fromiter(
        map(_CODE_OF_TYPE.get, map(type, cells), itertools.repeat(OTHER, count)), dtype=np.int8, count=count
    )
    texts = np.flatnonzero(codes == TEXT)
    if len(texts):
        blank = np.fromiter(map(operator.not_, map(str.strip, _pick(cells, texts))), dtype=bool, count=len(texts))
        codes[texts[blank]] = EMPTY
    floats = np.flatnonzero(codes == _FLOAT)
    if len(floats):
        missing = np.fromiter(map(math.isnan, _pick(cells, floats)), dtype=bool, count=len(floats))
        codes[floats] = np.where(missing, EMPTY, NUMBER)
    return codes


def _pick(cells: list[object], positions: np.ndarray) -> tuple[object, ...]:
    """The cells at ``positions``, as a tuple (itemgetter returns a lone item bare)."""
    if len(positions) == 1:
        return (cells[int(positions[0])],)
    return operator.itemgetter(*positions.tolist())(cells)


def parse_value_arrays(cells: Sequence[object], *, codes: np.ndarray | None = None) -> dict[str, np.ndarray | pa.Array]:
    """:func:`parse_value_column` as a dict of arrays (no DataFrame), for readers.

    ``text`` is an Arrow ``large_string`` array (pandas' string dtype's own type) (readers put it straight into a string column; making
    Python strings of it would cost more than the parsing); ``kind`` is a small integer per
    cell, an index into ``KINDS`` (``KIND_CODES["number"]``...), because a reader compares
    it many times and comparing text costs fifty times more; the other ``PARSED_COLUMNS`` are
    NumPy arrays. There are two more keys: ``was_number``, True where the cell was a real number in the workbook
    rather than text (Excel's percentage format gives 0.12 for 12%); ``arrow_code``, the
    arrow as a small integer (``ARROW_CODES``, 0 for none) for comparisons in NumPy. ``codes`` is
    :func:`cell_codes` of ``cells`` when the caller has it already.
    """
    count = len(cells)
    if isinstance(cells, np.ndarray) and cells.dtype == object:
        objects = cells
    else:
        objects = np.empty(count, dtype=object)
        objects[:] = list(cells)
    if codes is None:
        codes = cell_codes(objects.tolist())
    is_text = codes == TEXT
    is_number = codes == NUMBER
    numbers = np.flatnonzero(is_number)
    values = objects[numbers].astype(float)
    result: dict[str, np.ndarray | pa.Array] = {
        "kind": np.full(count, KIND_CODES["unreadable"], dtype=np.int8),
        "value": np.full(count, np.nan),
        "low": np.full(count, np.nan),
        "high": np.full(count, np.nan),
        "unit": np.full(count, None, dtype=object),
        "arrow": np.full(count, None, dtype=object),
        "note": np.full(count, None, dtype=object),
        "marker": np.full(count, None, dtype=object),
        "had_percent_sign": np.zeros(count, dtype=bool),
        "was_number": is_number,
        "arrow_code": np.zeros(count, dtype=np.int8),
    }
    # The text of every cell, in pieces that are put back in cell order at the end.
    positions: list[np.ndarray] = []
    pieces: list[pa.Array] = []
    if len(numbers):
        result["kind"][numbers] = KIND_CODES["number"]
        result["value"][numbers] = values
        number_positions, number_pieces = _number_text(values, objects[numbers])
        positions.extend(numbers[where] for where in number_positions)
        pieces.extend(number_pieces)
    texts = np.flatnonzero(is_text)
    untidy = texts
    if len(texts):
        # A space is one byte in UTF-8 and never part of another character, so the ASCII trim
        # is exact for it, and cheaper.
        strings = pc.ascii_trim(pa.array(objects[texts].tolist(), type=pa.large_string()), characters=" ")
        tidy = pc.match_substring_regex(strings, pattern=_TIDY_COMMON_PATTERN)
        tidy_mask = tidy.to_numpy(zero_copy_only=False)
        hit = texts[tidy_mask]
        untidy = texts[~tidy_mask]
        if len(hit):
            found = strings.filter(tidy)
            # In the tidy shape a number ends in a digit, and all that may follow it is a % sign,
            # an arrow and single spaces; a comma can only be a thousands separator.
            number = pc.utf8_rtrim(found, characters=_ARROW_CHARACTERS + "% ")
            if pc.any(pc.match_substring(number, ",")).as_py():
                number = pc.replace_substring(number, ",", "")
            result["kind"][hit] = KIND_CODES["number"]
            result["value"][hit] = pc.cast(number, pa.float64()).to_numpy(zero_copy_only=False)
            percent = pc.match_substring(found, "%").to_numpy(zero_copy_only=False)
            result["had_percent_sign"][hit] = percent
            result["unit"][hit[percent]] = "percent"
            # An arrow can only be a tidy cell's last character.
            arrow = pc.index_in(pc.utf8_slice_codeunits(found, -1), value_set=_ARROW_SYMBOLS)
            if arrow.null_count < len(arrow):
                symbol = arrow.fill_null(len(ARROWS)).to_numpy()
                result["arrow"][hit] = _ARROW_DIRECTIONS[symbol]
                result["arrow_code"][hit] = _ARROW_SYMBOL_CODES[symbol]
            positions.append(hit)
            pieces.append(found)
    # Everything else goes through the full grammar, once per distinct text: text that is not
    # in the common shape, booleans, dates and anything else a workbook may hold.
    others = np.flatnonzero(codes == OTHER)
    general = np.concatenate((untidy, others)) if len(others) else untidy
    if len(general):
        # These repeat ("requested" in a fifth of a row's months): each distinct cell is
        # parsed and its fields gathered once, then spread to its cells by index. Keyed by
        # type too, since True == 1 and hashes alike.
        distinct: dict[tuple[type, object], int] = {}
        which = np.fromiter(
            (distinct.setdefault((type(cell), cell), len(distinct)) for cell in objects[general].tolist()),
            dtype=np.int64,
            count=len(general),
        )
        parsed = [parse_value(cell) for _, cell in distinct]
        for column in PARSED_COLUMNS:
            if column not in ("text", "kind"):
                field = np.array([getattr(item, column) for item in parsed], dtype=result[column].dtype)
                result[column][general] = field[which]
        result["kind"][general] = np.array([KIND_CODES[item.kind] for item in parsed], dtype=np.int8)[which]
        result["arrow_code"][general] = np.array([ARROW_CODES.get(item.arrow, 0) for item in parsed], dtype=np.int8)[
            which
        ]
        positions.append(general)
        pieces.append(pa.array([item.text for item in parsed], type=pa.large_string()).take(pa.array(which)))
    placed = np.concatenate(positions) if positions else np.empty(0, dtype=np.int64)
    # Cells in no piece (None, NaN) are empty: an empty string at the end of the pieces.
    where = np.full(count, len(placed), dtype=np.int64)
    where[placed] = np.arange(len(placed))
    pieces.append(pa.array([""], type=pa.large_string()))
    text = pa.concat_arrays(pieces).take(pa.array(where))
    result["text"] = text
    result["kind"][pc.equal(text, "").to_numpy(zero_copy_only=False) & ~is_number] = KIND_CODES["empty"]
    return result


KINDS = ("number", "range", "bound", "marker", "empty", "unreadable")  # what a cell is (ParsedValue.kind)
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
_KIND_NAMES = np.array(KINDS, dtype=object)  # a code back to its name, for parse_value_column


def _number_text(values: np.ndarray, originals: np.ndarray) -> tuple[list[np.ndarray], list[pa.Array]]:
    """``_format_number`` of each of ``originals`` (the cells: ints and floats; ``values`` is
    them as floats), as Arrow string pieces: ``(positions, pieces)``, where ``pieces[i]`` holds
    the text of the numbers at ``positions[i]``.

    Arrow's shortest round-trip text agrees with Python's ``str`` for whole numbers below 2**53
    (written as integers, as Excel's 12.0 is 12; above that a float is no longer the exact
    integer a cell may hold) and for fractions between 1e-4 and 1e9; outside that Arrow
    switches to exponents at other points than Python, so those few go through Python.
    """
    magnitude = np.abs(values)
    # Compared with its floor rather than by remainder: infinity has no remainder (a warning
    # that would need np.errstate, which costs more than the test), and it fails the size test.
    whole = np.floor(values) == values
    integers = np.flatnonzero(whole & (magnitude < 2.0**53))
    fractions = np.flatnonzero(~whole & (magnitude >= 1e-4) & (magnitude < 1e9))
    positions = [integers, fractions]
    pieces = [
        pa.array(values[integers].astype(np.int64)).cast(pa.large_string()),
        pa.array(values[fractions]).cast(pa.large_string()),
    ]
    if len(integers) + len(fractions) < len(values):
        slow = np.setdiff1d(np.arange(len(values)), np.concatenate(positions), assume_unique=True)
        positions.append(slow)
        pieces.append(pa.array([_format_number(n) for n in originals[slow].tolist()], type=pa.large_string()))
    return positions, pieces


def parse_value_column(cells: Sequence[object]) -> pd.DataFrame:
    """:func:`parse_value` for many cells at once, with the same results.

    Real numbers and the common shape of text ("7143 ▶", "49.2% ▼") are read with vectorised
    (Arrow) operations; every other distinct text goes through :func:`parse_value` once. A
    200-KPI x 36-month scorecard parses in a few milliseconds. Returns one row per cell with
    ``PARSED_COLUMNS``, in the order given.
    """
    arrays = parse_value_arrays(cells)
    arrays["text"] = arrays["text"].to_numpy(zero_copy_only=False)
    arrays["kind"] = _KIND_NAMES[arrays["kind"]]
    # Text columns stay Python objects, with None where parse_value has None (pandas would
    # otherwise infer its string dtype and turn None into NaN).
    return pd.DataFrame(
        {
            column: pd.Series(array, dtype=object) if column in _OBJECT_COLUMNS else array
            for column, array in arrays.items()
        }
    )


_OBJECT_COLUMNS = ("kind", "unit", "arrow", "note", "marker", "text")
