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

# Only a reference with three letters (past ZZ, column 702) or six digits (row 100,000 on)
# can be past the limits: a sheet without one needs no full scan. (Another attribute ending
# in r with such a value only sends the sheet to the full scan, which is exact.) The search
# is RE2's, through Arrow, over the sheet's bytes without a copy: a third of what Python's
# re takes for a 200 x 36 scorecard (0.2 ms against 0.7), and the same answer on any bytes.
FAR_REFERENCE_PATTERN = r'r="(?:[A-Z]{3}|[A-Z]{1,2}[0-9]{6})'
_CELL = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:/>|>.*?</c>)', re.S)
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
    """Whether ``xml`` holds a cell reference that may be past the limits
    (``FAR_REFERENCE_PATTERN`` anywhere in it). Empty bytes hold none."""
    if not xml:
        return False
    offsets = pa.py_buffer(np.array([0, len(xml)], dtype=np.int64))
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(xml)])
    return bool(pc.match_substring_regex(whole, pattern=FAR_REFERENCE_PATTERN)[0].as_py())


def _beyond(reference: bytes) -> bool:
    """Whether a dimension (``A1:XFD1048576``) reaches past the limits."""
    end = _RANGE_END.search(reference.split(b":")[-1])
    return end is not None and (column_number(end.group(1)) > MAX_COLUMNS or int(end.group(2)) > MAX_ROWS)


def _trim_sheet(xml: bytes) -> tuple[bytes, Trimmed]:
    dropped, furthest, furthest_key = 0, "", (0, 0)
    top = left = 10**9
    bottom = right = 0

    def keep_or_drop(match: re.Match[bytes]) -> bytes:
        nonlocal dropped, furthest, furthest_key, top, left, bottom, right
        column, row = column_number(match.group(1)), int(match.group(2))
        if column > MAX_COLUMNS or row > MAX_ROWS:
            dropped += _holds_value(match.group(0))
            if (row, column) > furthest_key:
                furthest_key, furthest = (row, column), (match.group(1) + match.group(2)).decode("ascii")
            return b""
        top, left, bottom, right = min(top, row), min(left, column), max(bottom, row), max(right, column)
        return match.group(0)

    kept = _CELL.sub(keep_or_drop, xml)
    if bottom and (bottom - top + 1) * (right - left + 1) > MAX_SHEET_CELLS:
        filled = len(_CELL.findall(kept))
        emptied = re.sub(rb"<sheetData\b.*?</sheetData>|<sheetData\s*/>", b"<sheetData/>", kept, count=1, flags=re.S)
        return emptied, Trimmed(dropped + filled, furthest, emptied=True)
    return kept, Trimmed(dropped, furthest)


def _holds_value(cell: bytes) -> int:
    """1 for a cell element with a value (``<v>``, inline text or a formula), 0 for a bare style."""
    return int(b"<v" in cell or b"<is" in cell or b"<f" in cell)


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
_LARGE_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="[0-9]{4,}"')


def check_ods(archive: zipfile.ZipFile, filename: str) -> None:
    """Refuse an OpenDocument spreadsheet whose filled cells, repeats multiplied out, reach past
    the limits. Raises :class:`ScorecardError` naming the sheet and its extent."""
    try:
        content = read_member(archive, "content.xml", filename)
    except KeyError:
        return
    if not _LARGE_REPEAT.search(content):
        return  # no repeat over 999: nothing can reach far
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
