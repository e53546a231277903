"""How far a workbook's sheets reach, checked before a spreadsheet engine allocates them.

An engine makes a sheet into a dense grid from its first to its furthest cell, so one stray
cell at XFD1048576 (or a declared dimension that says so, or an OpenDocument cell repeated a
billion times by its own shorthand) asks for hundreds of gigabytes. Here the sheets' XML is
checked first:

- ``.xlsx``: a quick search finds any cell reference past column ZZ or row 99,999; only such a
  sheet is scanned in full. Cells past ``MAX_ROWS`` rows or ``MAX_COLUMNS`` columns are taken
  out of a copy of the workbook (counted, so the read lists them and its accounting still adds
  up), and a declared dimension past the limits is dropped. A sheet still larger than
  ``MAX_SHEET_CELLS`` from its first to its furthest cell is emptied, its cells counted.
- ``.ods``: repeated rows and cells are multiplied out for the cells that hold something; a
  sheet beyond the limits refuses the file (the engine reads every sheet at once).
- ``.xls`` is not checked here: its format caps a sheet at 65,536 x 256 cells, and the
  worker's memory limit (:mod:`.worker`) holds whatever that costs.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import ScorecardError

MAX_ROWS = 200_000
MAX_COLUMNS = 2_000
MAX_SHEET_CELLS = 10_000_000  # first to furthest cell: a dense grid larger than this is not built

# A sheet needs the full scan when it may reach past the limits: a cell reference with three
# letters (past ZZ, column 702), six digits (row 100,000 on) or two letters and five digits
# (ZZ99999 spans 70 million cells), or a row numbered from 100,000, read as the engine reads
# them (either quote, spaces around "=", lower case); or a row or cell whose first attribute
# is not r (every writer we know puts it first; with none, the engine counts its place), or
# one with a namespace prefix. (Text that only looks like one of these sends the sheet to the
# full scan, which is exact.) Each search is RE2's, through Arrow, over the sheet's bytes
# without a copy, and each starts from a literal, which RE2 finds fast: 0.6 ms for the three
# on a 200 x 36 scorecard's 375 KB sheet, where one pattern of three alternatives took 0.8.
FAR_REFERENCE_PATTERNS = (
    r"""r[ \t\r\n]*=[ \t\r\n]*["'][ \t\r\n]*(?:[A-Za-z]{3}|[A-Za-z]{1,2}[0-9]{6}|[A-Za-z]{2}[0-9]{5}|[0-9]{6})""",
    r"<(?:c|row)(?:[\t\r\n/>]| [^r]| r[^=])",
    r":(?:c|row)[ \t\r\n/>]",
)
# The full scan: each row's start and each whole cell, in order, so that a row or cell with
# no reference is placed as the engine places it (the next row; the cell after the last).
_PREFIX = rb"(?:[A-Za-z_][A-Za-z0-9_.-]*:)?"  # an element's namespace prefix, if any ("x:")
_ROW_OR_CELL = re.compile(
    rb"<(?P<prefix>" + _PREFIX + rb")(?:row(?=[\s/>])(?P<row>[^>]*?)/?>"
    rb"|c(?=[\s/>])(?P<cell>[^>]*?)(?:/>|>.*?</(?P=prefix)c>))",
    re.S,
)
_VALUE_ELEMENT = re.compile(rb"<" + _PREFIX + rb"(?:v|is|f)(?=[\s/>])")
_SHEET_DATA = re.compile(
    rb"<" + _PREFIX + rb"sheetData\b.*?</" + _PREFIX + rb"sheetData>|<" + _PREFIX + rb"sheetData\s*/>", re.S
)
_REFERENCE = re.compile(rb"""(?:^|[\s:])r\s*=\s*(["'])\s*([A-Za-z]{0,3})([0-9]{0,7})\s*\1""")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")
_DIMENSION = re.compile(rb'<dimension\b[^>]*?ref="([^"]*)"[^>]*/>')
_RANGE_END = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})$")
_WORKBOOK_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_RELATIONSHIP = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_RELATIONSHIP_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


# What ``ZipFile.read`` raises for a member that is damaged rather than missing: a bad CRC or
# header (BadZipFile), a corrupt deflate stream (zlib.error), a member flagged as encrypted
# (RuntimeError), a method Python cannot inflate such as Deflate64 (NotImplementedError), or
# one cut short (EOFError). A missing member is a KeyError, which callers handle themselves.
DAMAGED_MEMBER_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,
)


def read_member(archive: zipfile.ZipFile, member: str | zipfile.ZipInfo, filename: str) -> bytes:
    """One member's bytes; a damaged member raises :class:`ScorecardError` naming ``filename``
    and the member. A missing member still raises ``KeyError``."""
    try:
        return archive.read(member)
    except DAMAGED_MEMBER_ERRORS as error:
        part = member.filename if isinstance(member, zipfile.ZipInfo) else member
        raise ScorecardError(
            f"{filename} could not be opened: the part '{part}' inside it is damaged or uses a kind of "
            f"compression or encryption this app cannot read ({type(error).__name__}). Open it in Excel, "
            "save it again and re-upload."
        ) from None


@dataclass(frozen=True)
class Trimmed:
    """What was taken out of one sheet: ``cells`` filled cells past the limits, the furthest
    of them at ``furthest`` (``XFD1048576``), or ``emptied`` for a sheet too large to read."""

    cells: int
    furthest: str
    emptied: bool = False


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (0-based: :func:`column_number` undone is
    ``column_letter(number - 1)``)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_number(letters: bytes | str) -> int:
    """``A`` -> 1, ``Z`` -> 26, ``AA`` -> 27, ``XFD`` -> 16384."""
    number = 0
    for letter in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(letter) - 64
    return number


def check_xlsx(data: bytes, archive: zipfile.ZipFile, filename: str) -> tuple[bytes, dict[str, Trimmed]]:
    """The workbook's bytes with every sheet within the limits (``data`` itself when nothing
    needed changing), and what was taken out of each sheet, by the sheet's name. A damaged
    part raises :class:`ScorecardError` naming ``filename``."""
    changed: dict[str, bytes] = {}
    trimmed: dict[str, Trimmed] = {}
    parts = [entry.filename for entry in archive.infolist() if _WORKSHEET.match(entry.filename)]
    names: dict[str, str] | None = None  # each part's sheet name, looked up only if one needs trimming
    for part in parts:
        xml = read_member(archive, part, filename)
        dimension = _DIMENSION.search(xml, 0, 4096)
        far_dimension = dimension is not None and _beyond(dimension.group(1))
        if not far_dimension and not has_far_reference(xml):
            continue
        new_xml, result = _trim_sheet(xml)
        if far_dimension:
            new_xml = _DIMENSION.sub(b"", new_xml, count=1)
        changed[part] = new_xml
        if result.cells or result.emptied:
            names = _sheet_parts(archive, filename) if names is None else names
            trimmed[names.get(part, part)] = result
    if not changed:
        return data, trimmed
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in archive.infolist():
            copy.writestr(entry.filename, changed.get(entry.filename) or read_member(archive, entry, filename))
    return buffer.getvalue(), trimmed


def has_far_reference(xml: bytes) -> bool:
    """Whether ``xml`` holds a row or cell that may be past the limits (any of
    ``FAR_REFERENCE_PATTERNS`` anywhere in it). Empty bytes hold none."""
    if not xml:
        return False
    offsets = pa.py_buffer(np.array([0, len(xml)], dtype=np.int64))
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(xml)])
    return any(pc.match_substring_regex(whole, pattern=pattern)[0].as_py() for pattern in FAR_REFERENCE_PATTERNS)


def _beyond(reference: bytes) -> bool:
    """Whether a dimension (``A1:XFD1048576``) reaches past the limits."""
    end = _RANGE_END.search(reference.split(b":")[-1])
    return end is not None and (column_number(end.group(1)) > MAX_COLUMNS or int(end.group(2)) > MAX_ROWS)


def _trim_sheet(xml: bytes) -> tuple[bytes, Trimmed]:
    dropped, furthest, furthest_key = 0, "", (0, 0)
    top = left = 10**9
    bottom = right = 0
    row_number, next_column = 0, 1  # where the engine puts a row or cell with no reference

    def keep_or_drop(match: re.Match[bytes]) -> bytes:
        nonlocal dropped, furthest, furthest_key, top, left, bottom, right, row_number, next_column
        if match.group("row") is not None:
            reference = _REFERENCE.search(match.group("row"))
            row_number = int(reference.group(3)) if reference and reference.group(3) else row_number + 1
            next_column = 1
            return match.group(0)
        reference = _REFERENCE.search(match.group("cell"))
        letters = reference.group(2).upper() if reference else b""
        column = column_number(letters) if letters else next_column
        row = int(reference.group(3)) if reference and reference.group(3) else row_number
        next_column = column + 1
        if column > MAX_COLUMNS or row > MAX_ROWS:
            dropped += _holds_value(match.group(0))
            if (row, column) > furthest_key:
                furthest_key, furthest = (row, column), f"{column_letter(column - 1)}{row}"
            return b""
        top, left, bottom, right = min(top, row), min(left, column), max(bottom, row), max(right, column)
        return match.group(0)

    kept = _ROW_OR_CELL.sub(keep_or_drop, xml)
    if bottom and (bottom - top + 1) * (right - left + 1) > MAX_SHEET_CELLS:
        filled = sum(match.group("cell") is not None for match in _ROW_OR_CELL.finditer(kept))
        emptied = _SHEET_DATA.sub(b"<sheetData/>", kept, count=1)
        return emptied, Trimmed(dropped + filled, furthest, emptied=True)
    return kept, Trimmed(dropped, furthest)


def _holds_value(cell: bytes) -> int:
    """1 for a cell element with a value (``<v>``, inline text or a formula), 0 for a bare style."""
    return int(_VALUE_ELEMENT.search(cell, 2) is not None)


def _sheet_parts(archive: zipfile.ZipFile, filename: str) -> dict[str, str]:
    """Each worksheet's part in the zip (``xl/worksheets/sheet1.xml``) and the sheet's name."""
    try:
        workbook = read_member(archive, "xl/workbook.xml", filename)
        relationships = read_member(archive, "xl/_rels/workbook.xml.rels", filename)
    except KeyError:
        return {}
    targets = dict(_RELATIONSHIP.findall(relationships))
    targets.update({key: target for target, key in _RELATIONSHIP_REVERSED.findall(relationships)})
    parts = {}
    for name, key in _WORKBOOK_SHEET.findall(workbook):
        target = targets.get(key, b"").decode("utf-8", "replace")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[part] = name.decode("utf-8", "replace")
    return parts


# ---------------------------------------------------------------------------------------------
# OpenDocument

_ODS_TABLE = re.compile(rb'<table:table\b[^>]*?table:name="([^"]*)"[^>]*>(.*?)</table:table>', re.S)
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(?:/>|>(.*?)</table:(?:covered-)?table-cell>)", re.S)
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="([0-9]+)"')


def check_ods(archive: zipfile.ZipFile, filename: str) -> None:
    """Refuse an OpenDocument spreadsheet whose filled cells, repeats multiplied out, reach past
    the limits. Raises :class:`ScorecardError` naming the sheet and its extent."""
    try:
        content = read_member(archive, "content.xml", filename)
    except KeyError:
        return
    if b"-repeated=" not in content:
        return  # nothing repeated: the file's own size bounds its cells
    # Any repeat is multiplied out, however small: twelve rows each repeated 999 times, their
    # cells 999 times, reach 12 million cells with no number over 999 in the file.
    for table in _ODS_TABLE.finditer(content):
        rows, columns = _ods_extent(table.group(2))
        if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_SHEET_CELLS:
            sheet = table.group(1).decode("utf-8", "replace")
            raise ScorecardError(
                f"The sheet '{sheet}' in {filename} reaches {rows:,} rows by {columns:,} columns of filled cells "
                "(counting cells the file repeats), more than this app reads "
                f"({MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns). Delete what lies beyond the table, or save it "
                "as .xlsx or CSV, and upload it again."
            )


def _ods_extent(table: bytes) -> tuple[int, int]:
    """Rows and columns from the top-left corner to the furthest filled cell."""
    row_position, last_row, last_column = 0, 0, 0
    for row in _ODS_ROW.finditer(table):
        repeat = _repeat(_ROWS_REPEATED, row.group(1))
        column_position, row_last_column = 0, 0
        for cell in _ODS_CELL.finditer(row.group(2) or b""):
            columns = _repeat(_COLUMNS_REPEATED, cell.group(1))
            column_position += columns
            if b"office:value-type" in cell.group(1) or (cell.group(2) or b"").strip():
                row_last_column = column_position
        row_position += repeat
        if row_last_column:
            last_row, last_column = row_position, max(last_column, row_last_column)
    return last_row, last_column


def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1
