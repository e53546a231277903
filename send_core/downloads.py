"""Files people download: safe CSV and Excel (no formulas from uploaded text), and the blank template."""

from __future__ import annotations

import io
import re

import pandas as pd

from .reading import TEMPLATE_COLUMNS
from .wording import cut_at_word

# A cell starting with one of these, even after spaces or a line break, would run as a formula
# in Excel or another spreadsheet ("CSV injection"): -2+3+cmd|' /C calc'!A0 is the classic.
_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL_STARTS = ("\t", "\r", "\n")
# Text that is just a number (-5, +3.2, -12%, 1,234) runs as nothing but that number: left alone,
# so no apostrophe shows in front of it.
_NUMBER_TEXT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
# Excel's rules for a sheet name: at most 31 characters, none of these, not blank, unique
# whatever the case, and not "History" (Excel keeps it for itself).
MAX_SHEET_NAME = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
# What may not start a sheet name: spaces, apostrophes (Excel refuses one at either end) and
# formula starts, in any mix (" ' =x" and "= -x" are cleared to "x").
_SHEET_NAME_LEADING = re.compile(r"^[\s'=+\-@]+")
_SHEET_NAME_TRAILING = " –'"  # a cut name ends on a word, not a dash or space
# Characters XML 1.0 cannot hold (an .xlsx is XML): a cell with one broke the workbook.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet would run this text as a formula (``=1+1``, `` =1``, ``\n@SUM``,
    ``-2+3``), and not merely show a number written as text (``-5``)."""
    if not isinstance(value, str) or not value:
        return False
    stripped = value.strip()
    if _NUMBER_TEXT.match(stripped):
        return False
    return value.startswith(_CONTROL_STARTS) or value.lstrip().startswith(_FORMULA_STARTS)


def neutralise_text(value: object) -> object:
    """``'`` in front of formula-like text (see :func:`is_formula_like`); anything else as it is."""
    return "'" + value if is_formula_like(value) else value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells and headings that a spreadsheet would run as formulas start with
    an apostrophe. Numbers, and text that is just a number, are left alone."""
    result = frame.copy()
    result.columns = [neutralise_text(str(column)) for column in result.columns]
    for column in range(result.shape[1]):
        values = result.iloc[:, column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            result.isetitem(column, values.map(neutralise_text))
    return result


def safe_sheet_names(names: list[str]) -> list[str]:
    """Sheet names Excel accepts, one per name, in order: forbidden and control characters
    become ``-``, formula-like starts and edge apostrophes go, blanks become ``Sheet``, long
    names are cut to 31 characters (at a word's end where one is near), "History" (Excel's own) becomes "History (data)", and
    names that would clash (whatever their case) get `` (2)``, `` (3)``."""
    result: list[str] = []
    used: set[str] = set()
    for name in names:
        base = _SHEET_NAME_LEADING.sub("", _SHEET_NAME_FORBIDDEN.sub("-", str(name)))
        base = cut_at_word(base, MAX_SHEET_NAME).rstrip(_SHEET_NAME_TRAILING)
        base = _SHEET_NAME_LEADING.sub("", base) or "Sheet"
        if base.lower() == "history":
            base = "History (data)"
        candidate, number = base, 1
        while candidate.lower() in used:
            number += 1
            suffix = f" ({number})"
            candidate = base[: MAX_SHEET_NAME - len(suffix)].rstrip(_SHEET_NAME_TRAILING) + suffix
        used.add(candidate.lower())
        result.append(candidate)
    return result


def whole_numbers_as_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where whole numbers in float columns are integers (``7162``, not ``7162.0``);
    other numbers and missing values are left as they are."""
    result = frame.copy()
    for column in range(result.shape[1]):
        values = result.iloc[:, column]
        if pd.api.types.is_float_dtype(values):
            # Built as object, not by map: map would infer floats again from ints and NaN.
            numbers = [int(v) if v.is_integer() and abs(v) < 2**53 else v for v in values.tolist()]
            result.isetitem(column, pd.Series(numbers, index=values.index, dtype=object))
    return result


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel shows £ and ▲ correctly), formulas neutralised, whole
    numbers written without ``.0``. Lines end in CRLF, as RFC 4180 says: with ``\n`` alone,
    a field holding a lone ``\r`` went unquoted, and Excel began a new row at it, so text
    after it ran as a formula."""
    safe = whole_numbers_as_integers(neutralise_formulas(frame))
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame (names made valid and unique), every text cell and
    heading stored as text, never a formula or a number; characters XML cannot hold (control
    characters from an upload) are left out. Written by XlsxWriter, told never to turn text
    into a formula, number or link."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for sheet_name, frame in zip(safe_sheet_names(list(sheets)), sheets.values(), strict=True):
            safe = neutralise_formulas(frame)
            safe.columns = [_CONTROL_CHARACTERS.sub("", str(column)) for column in safe.columns]
            for column in range(safe.shape[1]):
                values = safe.iloc[:, column]
                if pd.api.types.is_datetime64_any_dtype(values):
                    safe.isetitem(column, values.dt.strftime("%Y-%m-%d").fillna(""))
                elif values.dtype == object or pd.api.types.is_string_dtype(values):
                    safe.isetitem(column, values.map(_without_control_characters))
            safe.to_excel(writer, sheet_name=sheet_name, index=False)
    return buffer.getvalue()


def _without_control_characters(value: object) -> object:
    return _CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


TEMPLATE_EXAMPLE = [
    {
        "kpi_id": "GBR1a",
        "kpi_name": "% EHCPs issued within 20 weeks",
        "section": "Getting the basics right",
        "measure": "actual",
        "comparator": "",
        "period": "2024-01",
        "period_label": "Jan 24",
        "value": "58%",
        "value_low": "",
        "value_high": "",
        "value_text": "",
        "unit": "percent",
        "locality": "North",
        "phase": "Primary",
    }
]


def blank_template() -> pd.DataFrame:
    """The tidy template's columns with one example row (delete it before filling in)."""
    return pd.DataFrame(TEMPLATE_EXAMPLE, columns=list(TEMPLATE_COLUMNS))
