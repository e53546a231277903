"""Opening uploaded files safely: bytes in, a list of sheets (rows of raw cells) out.

Formats are told by their first bytes, not their names: ``.xlsx`` / ``.xlsm`` / ``.ods`` are
zip files, ``.xls`` and password-protected workbooks are OLE compound files, anything else is
read as CSV text (UTF-8, UTF-8 with BOM, then Windows-1252). Spreadsheets are read with
``python-calamine``. Before parsing a zip we add up its uncompressed sizes, so a zip bomb is
refused without being inflated.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import ScorecardError
from ..problems import Problem, problem
from .dfe_guidance import GUIDANCE_NAME
from .extents import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_CELLS,
    Trimmed,
    check_ods,
    check_xlsx,
    column_letter,
    read_member,
)
from .values import ARROWS

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    """One sheet's cells as read: ``rows[r][c]`` is a str, float, int, bool, date or ''."""

    name: str
    rows: list[list[object]]
    is_csv: bool = False
    rows_dropped: int = 0
    decimal_comma: bool = False  # numbers are written 12,5 and 1.234 (semicolon-separated CSV)
    # What readers worked out about the sheet while detecting, so reading need not do it again.
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    # Filled cells past MAX_ROWS or MAX_COLUMNS, not read (counted as not understood), and the
    # furthest of them ("XFD1048576" in a workbook, "row 200,001" in a CSV).
    cells_dropped: int = 0
    furthest: str = ""

    def locate(self, row: int, column: int) -> str:
        """Where a cell is, as a person would say it (0-based indexes in)."""
        letter = _LETTERS[column] if column < len(_LETTERS) else column_letter(column)
        if self.is_csv:
            return f"row {row + 1}, column {letter}"
        return f"{self.name}!{letter}{row + 1}"

    def cell(self, row: int, column: int) -> object:
        cells = self.rows[row] if row < len(self.rows) else []
        return cells[column] if column < len(cells) else ""


@dataclass
class OpenedFile:
    """The sheets of a file and what we noticed while opening it.

    For CSV the rows are split only when a reader asks for ``sheets``: DfE open data is read
    straight from ``csv_text`` with Arrow, and splitting a 25,000-row release into Python lists
    first would cost more than reading it.
    """

    kind: str  # xlsx, xls, ods, csv, or release (a zip of CSV data files)
    loaded_sheets: list[Sheet] | None = None
    notes: list[Problem] = field(default_factory=list)  # what opening the file noticed
    csv_text: str | None = None
    csv_header: list[str] = field(default_factory=list)
    csv_delimiter: str = ","
    name: str = ""
    # A zip of data files (a DfE release): each CSV's bytes by its path in the zip, and the
    # release's data guidance text ("" when it has none).
    members: dict[str, bytes] = field(default_factory=dict, repr=False)
    guidance_text: str = ""

    @property
    def sheets(self) -> list[Sheet]:
        if self.loaded_sheets is None:
            self.loaded_sheets = [_split_csv(self.csv_text or "", self.csv_delimiter, self.name)]
        return self.loaded_sheets


_LETTERS = [column_letter(i) for i in range(702)]  # A ... ZZ, looked up for every cell read


def file_provenance(data: bytes) -> tuple[str, str]:
    """A file's SHA-256 (hex) and the time it was read (UTC, ISO 8601 to the second:
    ``2025-02-03T09:15:00Z``), for the board pack's list of sources."""
    read_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return hashlib.sha256(data).hexdigest(), read_at


def source_bytes(source: str | os.PathLike | bytes | bytearray | BinaryIO, filename: str | None) -> tuple[bytes, str]:
    """Bytes and a display name from a path, bytes or a binary file object (an upload)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), filename or "uploaded file"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise ScorecardError(f"There is no file at {path}. Check the path and try again.")
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise ScorecardError(_too_big_message(path.name, size))
        return path.read_bytes(), filename or path.name
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_UPLOAD_BYTES + 1)
        name = filename or getattr(source, "name", None) or "uploaded file"
        return bytes(data), os.path.basename(str(name))
    raise ScorecardError("This is not a file: give a path, the file's bytes, or an uploaded file.")


def _too_big_message(name: str, size: int) -> str:
    return (
        f"{name} is {size / 1024 / 1024:.0f} MB, more than the {MAX_UPLOAD_BYTES // 1024 // 1024} MB this app reads. "
        "Split it into smaller files (for example one year per file) and upload those."
    )


def open_file(data: bytes, name: str) -> OpenedFile:
    """Open bytes as a workbook or CSV; raise :class:`ScorecardError` when that is impossible."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ScorecardError(_too_big_message(name, len(data)))
    if not data.strip():
        raise ScorecardError(f"{name} is empty. Check you chose the right file, then upload it again.")
    extension = Path(name).suffix.lower()
    if data.startswith(_ZIP_MAGIC):  # a workbook, or a zip of data files
        return _open_zip(data, name, extension)
    if data.startswith(_OLE_MAGIC):
        return _open_ole(data, name, extension)
    if data.startswith(b"PK"):
        raise ScorecardError(
            f"{name} looks like a damaged zip or Excel file. Open it in Excel, save it again and re-upload."
        )
    return _open_csv(data, name, extension)


def _open_zip(data: bytes, name: str, extension: str) -> OpenedFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ScorecardError(
            f"{name} could not be opened: it looks like an Excel file that is damaged or was cut short "
            f"({error}). Open it in Excel, save it again and re-upload."
        ) from None
    uncompressed = sum(entry.file_size for entry in entries)
    compressed = max(1, sum(entry.compress_size for entry in entries))
    if uncompressed > MAX_UNCOMPRESSED_BYTES or uncompressed / compressed > MAX_COMPRESSION_RATIO:
        raise ScorecardError(
            f"{name} would unpack to {uncompressed / 1024 / 1024:.0f} MB from {len(data) / 1024:.0f} KB, "
            "which is not what a real scorecard does, so it was not opened. If it is genuine, "
            "save it as CSV and upload that instead."
        )
    names = {entry.filename for entry in entries}
    notes: list[Problem] = []
    if "mimetype" in names:
        kind = "ods"
    elif "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        kind = "xlsx"
    elif any(entry.lower().endswith(".csv") for entry in names):
        return _open_release(archive, name)
    else:
        raise ScorecardError(
            f"{name} is a zip file but not a spreadsheet. Upload an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file."
        )
    if "xl/vbaProject.bin" in names:
        notes.append(
            problem(
                "macros_not_run",
                f"{name} contains macros. They were not run; only the cell values were read.",
                location=name,
            )
        )
    if extension and extension not in (".xlsx", ".xlsm", ".ods", ".xlsb") and kind == "xlsx":
        notes.append(
            problem(
                "named_as_another_format",
                f"{name} is named {extension} but is an Excel workbook; it was read as one.",
                location=name,
            )
        )
    trimmed: dict[str, Trimmed] = {}
    if kind == "xlsx":
        data, trimmed = check_xlsx(data, archive, name)
    else:
        check_ods(archive, name)
    sheets = _calamine_sheets(data, name, trimmed)
    return OpenedFile(kind=kind, loaded_sheets=sheets, notes=notes, name=name)


def _open_release(archive: zipfile.ZipFile, name: str) -> OpenedFile:
    """A zip of CSV data files, such as a DfE release downloaded whole: each CSV's bytes and the
    data guidance (whose text says what each variable is). The sizes were checked already."""
    members, guidance = {}, ""
    for entry in archive.infolist():
        lowered = entry.filename.lower()
        if entry.is_dir() or "/." in f"/{entry.filename}" or "__macosx" in lowered:
            continue
        if lowered.endswith(".csv"):
            members[entry.filename] = read_member(archive, entry, name)
        elif GUIDANCE_NAME.search(entry.filename):
            guidance = decode_text(read_member(archive, entry, name)).text
    return OpenedFile(kind="release", loaded_sheets=[], name=name, members=members, guidance_text=guidance)


def _open_ole(data: bytes, name: str, extension: str) -> OpenedFile:
    if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
        raise ScorecardError(
            f"{name} is protected with a password, so it cannot be read. Open it in Excel, remove the "
            "password (File > Info > Protect Workbook), save a copy and upload that."
        )
    return OpenedFile(kind="xls", loaded_sheets=_calamine_sheets(data, name), name=name)


def _calamine_sheets(data: bytes, name: str, trimmed: dict[str, Trimmed] | None = None) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as error:  # calamine raises several unrelated types for broken files
        if not _is_engine_fault(error):
            raise
        message = str(error).lower()
        if "password" in message or "encrypt" in message:
            raise ScorecardError(
                f"{name} is protected with a password, so it cannot be read. Remove the password in Excel, "
                "save a copy and upload that."
            ) from None
        raise ScorecardError(
            f"{name} could not be opened as a spreadsheet: it may be damaged, cut short or not really a "
            f"spreadsheet ({error}). Open it in Excel, save it again and re-upload."
        ) from None
    sheets = []
    for sheet_name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
            total = sheet.total_height
            rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS)
        except BaseException as error:
            if not _is_engine_fault(error):
                raise
            raise ScorecardError(
                f"The sheet '{sheet_name}' in {name} could not be read ({error}). Open the file in Excel, "
                "save it again and re-upload."
            ) from None
        cut = trimmed.get(sheet_name) if trimmed else None
        dropped, furthest = (cut.cells, cut.furthest) if cut else (0, "")
        if cut is not None and cut.emptied:
            furthest = f"{cut.furthest or 'the sheet'}; the sheet spans more than {MAX_SHEET_CELLS:,} cells, so none of it was read"
        if max(map(len, rows), default=0) > MAX_COLUMNS:
            dropped += sum(count_non_empty([row[MAX_COLUMNS:]]) for row in rows)
            furthest = furthest or f"column {column_letter(MAX_COLUMNS)}"
            rows = [row[:MAX_COLUMNS] for row in rows]
        sheet = Sheet(name=sheet_name, rows=rows, rows_dropped=max(0, total - len(rows)))
        sheet.cells_dropped, sheet.furthest = dropped, furthest
        sheets.append(sheet)
    return sheets


def _is_engine_fault(error: BaseException) -> bool:
    """Whether the spreadsheet engine failed on the file: any ``Exception``, or the
    ``PanicException`` pyo3 raises when calamine's Rust code panics on damaged bytes (a
    record pointing past the end of its stream). pyo3 makes it a ``BaseException`` and its
    class cannot be imported before the first panic, so it is known by its class name.
    ``KeyboardInterrupt`` and ``SystemExit`` are not engine faults."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


UTF8, UTF8_BOM, UTF16, WINDOWS_1252, MIXED = "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252", "mixed"


@dataclass(frozen=True)
class DecodedText:
    """CSV text, the encoding it was read as, and (for a file of mixed encodings) the first
    line that was not UTF-8, counted from 1."""

    text: str
    encoding: str
    first_other_line: int | None = None


def _utf16_without_mark(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when text has no byte-order mark but every other byte is
    zero (English text in UTF-16), else None: a picture's zeros fall anywhere."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_zeros, odd_zeros = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zeros > 0.6 and even_zeros < 0.02:
        return "utf-16-le"
    if even_zeros > 0.6 and odd_zeros < 0.02:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> DecodedText:
    """Decode CSV bytes: UTF-16 (by its byte-order mark, or its zero bytes), UTF-8 with or
    without BOM, else Windows-1252. A file that is UTF-8 in some lines and not in others (two
    exports pasted together) is read line by line, each in its own encoding, so arrows and £
    signs come out right in both; ``first_other_line`` says where the other encoding starts."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodedText(data.decode("utf-16", errors="replace"), UTF16)
    order = _utf16_without_mark(data[:4096])
    if order is not None:
        return DecodedText(data.decode(order, errors="replace"), UTF16)
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    try:
        return DecodedText(data.decode("utf-8"), UTF8_BOM if bom else UTF8)
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    decoded, other, utf8_beyond_ascii = [], None, False
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
            utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
        except UnicodeDecodeError:
            text = line.decode("cp1252", errors="replace")
            other = other or number
        decoded.append(text)
    if bom or utf8_beyond_ascii:
        return DecodedText("".join(decoded), MIXED, other)
    return DecodedText(data.decode("cp1252", errors="replace"), WINDOWS_1252)


def _open_csv(data: bytes, name: str, extension: str) -> OpenedFile:
    decoded = decode_text(data)
    if decoded.encoding != UTF16 and b"\x00" in data[:4096]:
        raise ScorecardError(
            f"{name} is not a spreadsheet or a CSV text file. Upload an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file."
        )
    text, encoding = decoded.text, decoded.encoding
    notes: list[Problem] = []
    if extension in (".xlsx", ".xls", ".xlsm", ".ods"):
        notes.append(
            problem(
                "named_as_another_format",
                f"{name} is named {extension} but holds plain text; it was read as CSV.",
                location=name,
            )
        )
    delimiter = delimiter_hint(text)
    if delimiter == ";":
        notes.append(
            problem(
                "decimal_commas",
                f"{name} is separated by semicolons; numbers written with decimal commas (12,5%) were read as such.",
                location=name,
            )
        )
    if encoding == WINDOWS_1252:
        notes.append(problem("not_utf8", f"{name} is not UTF-8; it was read as Windows-1252 text.", location=name))
    elif encoding == MIXED:
        notes.append(
            problem(
                "mixed_encodings",
                f"{name} mixes encodings: line {decoded.first_other_line} is the first that is not UTF-8, though "
                "other lines are. Each line was read in its own encoding; check the arrows and £ signs from line "
                f"{decoded.first_other_line} on, and save the file as 'CSV UTF-8' to avoid this.",
                location=f"row {decoded.first_other_line}",
                row=decoded.first_other_line,
            )
        )
    # The header is read from the first 64 KiB and, when it is longer, on to the end of its
    # line: a header cut short would name fewer columns than the rows hold.
    line_end = text.find("\n", 65536)
    try:
        header = next(csv.reader(io.StringIO(text[: len(text) if line_end < 0 else line_end]), delimiter=delimiter), [])
    except csv.Error:
        header = []
    return OpenedFile(kind="csv", notes=notes, csv_text=text, csv_header=header, csv_delimiter=delimiter, name=name)


def delimiter_hint(text: str) -> str:
    """The delimiter the CSV sniffer picks for this text (',' when unsure)."""
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _split_csv(text: str, delimiter: str, name: str) -> Sheet:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[object]] = []
    dropped = cells_dropped = 0
    furthest = ""
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                dropped += 1
                cells_dropped += sum(1 for cell in row if cell.strip())
                furthest = f"row {len(rows) + dropped:,}"
                continue
            if len(row) > MAX_COLUMNS:
                beyond = sum(1 for cell in row[MAX_COLUMNS:] if cell.strip())
                if beyond:
                    cells_dropped += beyond
                    furthest = furthest or f"row {len(rows) + 1:,}, column {column_letter(len(row) - 1)}"
            rows.append(list(row[:MAX_COLUMNS]))
    except csv.Error as error:
        raise ScorecardError(
            f"{name} is not valid CSV ({error}). Save it from Excel as 'CSV UTF-8' and upload it again."
        ) from None
    return Sheet(
        name=Path(name).stem or "CSV",
        rows=rows,
        is_csv=True,
        rows_dropped=dropped,
        decimal_comma=delimiter == ";",
        cells_dropped=cells_dropped,
        furthest=furthest,
    )


# In a semicolon-separated file (Excel's CSV in much of Europe) "12,5%" is twelve and a half and
# "1.234" is a thousand: a number written that way is rewritten the English way before reading.
_DECIMAL_COMMA_RE = re.compile(
    r"^(?P<sign>[-+]?)(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d+))?(?P<rest>\s*%?(?:\s*\(\d+\))?\s*["
    + "".join(ARROWS)
    + r"]?\s*)$"
)


def decimal_comma(cell: object) -> object:
    """``12,5%`` -> ``12.5%`` and ``4.343`` -> ``4343``; anything else is returned unchanged."""
    if not isinstance(cell, str):
        return cell
    match = _DECIMAL_COMMA_RE.match(cell.strip())
    if not match or ("." not in match.group("whole") and match.group("fraction") is None):
        return cell
    number = match.group("whole").replace(".", "")
    if match.group("fraction") is not None:
        number += "." + match.group("fraction")
    return f"{match.group('sign')}{number}{match.group('rest')}"


def non_empty(cell: object) -> bool:
    """True for a cell with something in it (whitespace-only text counts as empty)."""
    if cell is None:
        return False
    if isinstance(cell, str):
        return bool(cell.strip())
    return not (isinstance(cell, float) and cell != cell)


def count_non_empty(rows: Sequence[Sequence[object]]) -> int:
    """How many cells hold something."""
    return sum(1 for row in rows for cell in row if non_empty(cell))
