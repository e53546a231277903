"""A workbook's extents are checked before a spreadsheet engine allocates them: far cells are
taken out and counted, sheets too large are emptied, repeated ODS cells are multiplied out."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from send_core import ScorecardError, read_scorecard
from send_core.reading.extents import (
    FAR_REFERENCE_PATTERNS,
    MAX_COLUMNS,
    MAX_ROWS,
    check_ods,
    column_number,
    has_far_reference,
)

TABLE = [["KPI", "Nov 24", "Dec 24", "Jan 25"], ["No. of complaints", 17, 12, 13]]


def workbook_with(**cells: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard"
    for row in TABLE:
        sheet.append(row)
    for reference, value in cells.items():
        sheet[reference] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("letters", "number"), [("A", 1), ("Z", 26), ("AA", 27), ("BXX", 2000), ("XFD", 16384)])
def test_column_numbers(letters, number):
    assert column_number(letters) == number


@pytest.mark.parametrize(
    ("xml", "far"),
    [
        (b"", False),
        (b'<c r="A1"><v>1</v></c><c r="ZZ9999">', False),  # column 702, row 9,999: 7 million cells at most
        (b'<row r="99999" spans="1:4"><c r="A99999" s="2"/>', False),
        (b'<cols><col min="1" max="4"/></cols><c r="B2"/>', False),  # <col> is not a cell
        (b'<c r="AAA1">', True),  # three letters: column 703 on
        (b'<c r="XFD1048576">', True),
        (b'<c r="B100000">', True),  # six digits: row 100,000 on
        (b'<c r="ZZ99999">', True),  # two letters, five digits: up to 70 million cells from A1
        (b'<c r="AB12345">', True),  # within reach, but only the full scan can tell
        (b'<row r="100000">', True),  # a far row: cells in it with no reference of their own are far too
        (b"<c r='XFD1'>", True),  # either quote
        (b'<c r = "AAA1">', True),  # spaces around "="
        (b'<c r="xfd1">', True),  # the engine reads lower case too
        (b'<x:c r="AAA1">', True),  # a namespace prefix
        (b'<c t="s"><v>1</v></c>', True),  # no reference: the engine counts its place
        (b"<x:row>", True),
        (b'\xff\xfe\x00\x80<c r="XFD3000">', True),  # bytes that are not UTF-8 before it
    ],
)
def test_a_far_reference_is_found_wherever_it_is(xml, far):
    assert has_far_reference(xml) is far


# The pattern in Python's own regular expressions: a second engine that must agree with RE2
# on any bytes, including bytes that are not UTF-8.
_STATED = [re.compile(pattern.encode()) for pattern in FAR_REFERENCE_PATTERNS]


@given(
    st.lists(
        st.one_of(
            st.binary(max_size=12),
            st.sampled_from(
                [
                    b'r="',
                    b"r = '",
                    b"XFD",
                    b"xfd",
                    b"AB",
                    b"123456",
                    b"12345",
                    b"A1",
                    b"<c",
                    b"<x:row",
                    b' t="s"',
                    b">",
                    b"/>",
                    b"\xc3",
                    b"\n",
                ]
            ),
        ),
        max_size=30,
    )
)
def test_the_far_reference_search_agrees_with_the_stated_pattern_on_any_bytes(pieces):
    xml = b"".join(pieces)
    assert has_far_reference(xml) is any(pattern.search(xml) for pattern in _STATED)


@pytest.mark.parametrize(
    "far",
    [
        "XFD1048576",  # before: the engine tried to allocate hundreds of GB and aborted the process
        "XFD3000",  # before: 2 GB
        "BXY5",  # before: columns past 2,000 were dropped with no problem listed
        f"A{MAX_ROWS + 1}",
    ],
)
def test_a_far_cell_is_taken_out_listed_and_counted(far):
    started = time.perf_counter()
    read = read_scorecard(workbook_with(**{far: "stray"}), filename="far.xlsx")
    assert time.perf_counter() - started < 5
    assert read.observations["value"].tolist() == [17.0, 12.0, 13.0]
    beyond = read.problems[read.problems["code"] == "cells_beyond_limits"]
    assert beyond["message"].tolist() == [
        f"'Scorecard' has 1 filled cell beyond the {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns this app reads "
        f"(the furthest at {far}); they were not read. Delete what lies beyond the table, or split the file, "
        "and upload it again."
    ]
    # Every non-empty cell is accounted for: 8 in the table, and the far one as not understood.
    assert read.accounting == {"cells": 9, "values": 3, "markers": 0, "labels": 5, "problems": 1}


def _sheet_rewritten(data: bytes, rewrite) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in source.infolist():
            content = source.read(entry.filename)
            copy.writestr(entry.filename, rewrite(content) if entry.filename == "xl/worksheets/sheet1.xml" else content)
    return buffer.getvalue()


_STRAY = b'<c t="inlineStr"><is><t>stray</t></is></c>'


def _prefixed(xml: bytes) -> bytes:
    # Every element of the sheet in the x: namespace prefix, as some exporters write them.
    xml = re.sub(
        rb"<(/?)(worksheet|sheetData|row|c|v|is|t|dimension|sheetViews|sheetView|selection|sheetFormatPr"
        rb"|pageMargins|cols|col)\b",
        rb"<\1x:\2",
        xml,
    )
    return xml.replace(
        b"<x:worksheet ", b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1
    )


@pytest.mark.parametrize(
    ("rewrite", "furthest"),
    [
        (lambda xml: xml.replace(b'r="BXY5"', b"r='BXY5'"), "BXY5"),
        (lambda xml: xml.replace(b'r="BXY5"', b'r = "BXY5"'), "BXY5"),
        (lambda xml: xml.replace(b'r="BXY5"', b'r="bxy5"'), "BXY5"),
        (_prefixed, "BXY5"),
        # 2,000 empty cells with no reference, then the stray one: the engine puts it in column 2,001.
        (
            lambda xml: re.sub(rb'<row r="5".*?</row>', b'<row r="5">' + b"<c/>" * 2000 + _STRAY + b"</row>", xml),
            "BXY5",
        ),
        # A far row whose cell has no reference of its own.
        (lambda xml: re.sub(rb'<row r="5".*?</row>', b'<row r="300000">' + _STRAY + b"</row>", xml), "A300000"),
    ],
    ids=["single-quotes", "spaces", "lower-case", "namespace-prefix", "cells-with-no-reference", "far-row"],
)
def test_a_far_cell_written_any_way_the_engine_reads_is_taken_out(rewrite, furthest):
    # Before, each of these passed the check as written only in Excel's own way, and the engine
    # laid the far cell out (at XFD1048576, hundreds of GB).
    data = _sheet_rewritten(workbook_with(BXY5="stray"), rewrite)
    read = read_scorecard(data, filename="far.xlsx")
    assert read.observations["value"].tolist() == [17.0, 12.0, 13.0]
    beyond = read.problems[read.problems["code"] == "cells_beyond_limits"]
    assert len(beyond) == 1 and f"(the furthest at {furthest})" in beyond["message"].iloc[0]
    assert read.accounting == {"cells": 9, "values": 3, "markers": 0, "labels": 5, "problems": 1}


def test_a_sheet_spanning_zz99999_is_emptied_and_counted():
    # Column 702 by row 99,999 from A1 is 70 million cells, past MAX_SHEET_CELLS; before, only
    # three letters or six digits sent a sheet to the full scan, so the engine built them all.
    with pytest.raises(ScorecardError, match="no sheet looks like a scorecard"):
        read_scorecard(workbook_with(ZZ99999="far corner"), filename="huge.xlsx")


def test_a_sheet_too_large_to_lay_out_is_emptied_and_counted():
    # Within the row and column limits, but 200,000 x 2,000 cells from corner to corner.
    data = workbook_with(**{f"BXX{MAX_ROWS}": "far corner"})
    with pytest.raises(ScorecardError, match="no sheet looks like a scorecard"):
        read_scorecard(data, filename="huge.xlsx")


def test_a_declared_dimension_past_the_limits_is_dropped():
    data = workbook_with()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', content)
            copy.writestr(entry.filename, content)
    read = read_scorecard(buffer.getvalue(), filename="lying.xlsx")
    assert read.observations["value"].tolist() == [17.0, 12.0, 13.0]
    assert read.accounting["cells"] == 8


def ods_bytes(rows_xml: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Scorecard">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def text_cell(text: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{repeated}><text:p>{text}</text:p></table:table-cell>'


def test_an_ods_cell_repeated_a_billion_times_is_refused_before_it_is_built():
    # Before: an 850-byte file cost 3.7 GB and 28 s.
    row = f'<table:table-row table:number-rows-repeated="1048576">{text_cell("x", 16384)}</table:table-row>'
    data = ods_bytes(row)
    assert len(data) < 2000
    started = time.perf_counter()
    with pytest.raises(ScorecardError, match="reaches 1,048,576 rows by 16,384 columns of filled cells"):
        read_scorecard(data, filename="repeat.ods")
    assert time.perf_counter() - started < 5


def test_small_repeats_stacked_past_the_limits_are_refused():
    # Twelve rows, each repeated 999 times, of one cell repeated 999 times: 11,988 x 999 is
    # about 12 million filled cells, though no repeat in the file is over 999. Before, only a
    # four-digit repeat sent the file to the count, so the engine built them all.
    rows = "".join(
        f'<table:table-row table:number-rows-repeated="999">{text_cell("x", 999)}</table:table-row>' for _ in range(12)
    )
    with pytest.raises(ScorecardError, match="reaches 11,988 rows by 999 columns of filled cells"):
        check_ods(zipfile.ZipFile(io.BytesIO(ods_bytes(rows))), "stacked.ods")
    with pytest.raises(ScorecardError, match="reaches 11,988 rows by 999 columns"):
        read_scorecard(ods_bytes(rows), filename="stacked.ods")


def test_trailing_empty_repeats_as_spreadsheets_write_them_are_fine():
    header = "".join(text_cell(text) for text in ["KPI", "Nov 24", "Dec 24", "Jan 25"])
    values = text_cell("No. of complaints") + "".join(
        f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        for v in (17, 12, 13)
    )
    empty_tail = '<table:table-cell table:number-columns-repeated="16380"/>'
    rows = (
        f"<table:table-row>{header}{empty_tail}</table:table-row>"
        f"<table:table-row>{values}{empty_tail}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
    )
    read = read_scorecard(ods_bytes(rows), filename="libre.ods")
    assert read.observations["value"].tolist() == [17.0, 12.0, 13.0]
