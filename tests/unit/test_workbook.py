"""Opening files safely: bad input gives a clear ScorecardError or a bounded read, quickly."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from send_core import ScorecardError, read_scorecard
from send_core.reading.workbook import MAX_ROWS, column_letter
from tests.conftest import SAMPLE


def good_xlsx() -> bytes:
    return (SAMPLE / "bcp_send_scorecard_jan25.xlsx").read_bytes()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def encrypted_workbook() -> bytes:
    # An OLE compound file holding an EncryptedPackage stream is what Excel writes for a
    # password-protected .xlsx; its directory names are UTF-16.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024


def macro_workbook() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(good_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item.filename))
        archive.writestr("xl/vbaProject.bin", b"\x01\x02 not really macros")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.xlsx", b"", "is empty"),
        ("blank.csv", b"   \n  \n", "is empty"),
        ("cut.xlsx", good_xlsx()[:4000], "could not be opened"),
        ("bomb.xlsx", zip_bomb(), "would unpack to"),
        ("locked.xlsx", encrypted_workbook(), "protected with a password"),
        ("archive.zip.xlsx", b"PK\x03\x04" + b"\0" * 100, "could not be opened"),
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 200, "not a spreadsheet"),
        ("notes.csv", b"just some words\nand more words\n", "no sheet looks like a scorecard"),
    ],
    # Named ids: the zip bomb's bytes carry the time it was made, and test ids built from them
    # would differ between the two test workers (pytest-xdist refuses to run then).
    ids=["empty", "blank-csv", "truncated", "zip-bomb", "password", "bad-zip", "png", "no-layout"],
)
def test_bad_files_raise_a_clear_error_quickly(name, data, message):
    started = time.perf_counter()
    with pytest.raises(ScorecardError, match=message) as raised:
        read_scorecard(data, filename=name)
    assert time.perf_counter() - started < 10
    assert name in str(raised.value) or "is empty" in message or "no sheet" in message


def test_a_zip_that_is_not_a_spreadsheet():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ScorecardError, match="zip file but not a spreadsheet"):
        read_scorecard(buffer.getvalue(), filename="files.zip")


def test_macros_are_not_run_and_the_values_are_read():
    read = read_scorecard(macro_workbook(), filename="scorecard.xlsm")
    assert read.layout == "monthly"
    assert "contains macros" in " ".join(read.problems["message"])


def test_a_huge_sheet_is_read_up_to_the_limit_with_a_problem_listed():
    rows = ["kpi_id,kpi_name,measure,period,value"]
    rows += [f"K{i % 500},KPI {i % 500},actual,{2000 + i // 6000}-{i % 12 + 1:02d},{i}" for i in range(300_000)]
    data = ("\n".join(rows) + "\n").encode()
    started = time.perf_counter()
    read = read_scorecard(data, filename="huge.csv")
    elapsed = time.perf_counter() - started
    assert len(read.observations) == MAX_ROWS - 1  # the header is one of the rows read
    assert "only the first 200,000 were read" in " ".join(read.problems["message"])
    assert elapsed < 30


def test_a_wide_workbook_opens(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["KPI"] + [f"Jan {y}" for y in range(2000, 2026)])
    sheet.append(["No. of EHCPs"] + list(range(26)))
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    assert len(read_scorecard(path).observations) == 26


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(index, letter):
    assert column_letter(index) == letter


def test_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(ScorecardError, match="There is no file"):
        read_scorecard(tmp_path / "nowhere.xlsx")


def test_file_objects_are_read_like_uploads():
    upload = io.BytesIO(good_xlsx())
    upload.name = "bcp.xlsx"
    assert read_scorecard(upload).filename == "bcp.xlsx"


def test_semicolon_csv_with_decimal_commas():
    data = "KPI;Nov 24;Dec 24;Jan 25\n% in 20 weeks;12,5%;13,25% ▲;14%\nNo. of EHCPs;4.343;4.417;4.453\n".encode()
    read = read_scorecard(data, filename="europe.csv")
    values = read.observations.groupby("kpi_name")["value"].apply(list)
    assert values["% in 20 weeks"] == [12.5, 13.25, 14]
    assert values["No. of EHCPs"] == [4343, 4417, 4453]
    assert "decimal commas" in " ".join(read.problems["message"])
    assert "12,5%" in set(read.observations["value_text"])  # as written


UTF16_TEXT = "KPI\tNov 24\tDec 24\tJan 25\nNo. of complaints\t17 ▼\t12 ▼\t13 ▲\n"


@pytest.mark.parametrize(
    "data",
    [
        UTF16_TEXT.encode("utf-16"),  # with its byte-order mark, as Excel's "Unicode text" saves it
        UTF16_TEXT.encode("utf-16-le"),  # no byte-order mark
        UTF16_TEXT.encode("utf-16-be"),
    ],
)
def test_utf16_csv_is_read(data):
    # Before: "is not a spreadsheet or a CSV text file".
    read = read_scorecard(data, filename="scorecard.csv")
    assert read.observations["value"].tolist() == [17.0, 12.0, 13.0]
    assert read.observations["value_text"].tolist() == ["17 ▼", "12 ▼", "13 ▲"]


def test_a_csv_of_mixed_encodings_reads_each_line_in_its_own_and_names_the_first_other():
    data = (
        b"KPI,Nov 24,Dec 24\n"
        + "No. of complaints,17 ▼,12 ▼\n".encode()
        + "Spend on transport,£1200,£1300\n".encode("cp1252")
    )
    read = read_scorecard(data, filename="mixed.csv")
    assert read.observations["value_text"].tolist() == ["17 ▼", "12 ▼", "£1200", "£1300"]  # before: 17 â–¼
    mixed = read.problems[read.problems["code"] == "mixed_encodings"]
    assert mixed["row"].tolist() == [3]
    assert "line 3 is the first that is not UTF-8" in mixed["message"].iloc[0]


def test_a_file_of_windows_1252_only_is_not_called_mixed():
    read = read_scorecard("KPI,Nov 24,Dec 24\nSpend,£1200,£1300\n".encode("cp1252"), filename="w.csv")
    assert read.has_problem("not_utf8") and not read.has_problem("mixed_encodings")


def test_csv_columns_past_the_limit_are_listed_and_counted():
    # Before: columns past 2,000 were dropped with no problem listed.
    from send_core.reading.extents import MAX_COLUMNS

    header = ["KPI", "Nov 24", "Dec 24"] + [""] * (MAX_COLUMNS - 3) + ["far heading"]
    row = ["No. of complaints", "17", "12"] + [""] * (MAX_COLUMNS - 3) + ["far value"]
    data = ("\n".join(",".join(cells) for cells in (header, row)) + "\n").encode()
    read = read_scorecard(data, filename="wide.csv")
    assert read.observations["value"].tolist() == [17.0, 12.0]
    beyond = read.problems[read.problems["code"] == "cells_beyond_limits"]
    assert "has 2 filled cells beyond the" in beyond["message"].iloc[0]
    assert read.accounting == {"cells": 8, "values": 2, "markers": 0, "labels": 4, "problems": 2}


def _with_member_patched(data: bytes, member: str, patch) -> bytes:
    """``data`` (a zip) rewritten with ``member`` stored uncompressed, then ``patch(whole,
    central_header_offset, data_offset, size)`` applied to the bytes: how a damaged download
    or a hostile tool leaves a workbook."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            method = zipfile.ZIP_STORED if item.filename == member else zipfile.ZIP_DEFLATED
            archive.writestr(item.filename, source.read(item.filename), compress_type=method)
    whole = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(whole))).getinfo(member)
    name_length = int.from_bytes(whole[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(whole[info.header_offset + 28 : info.header_offset + 30], "little")
    data_offset = info.header_offset + 30 + name_length + extra_length
    central = whole.index(b"PK\x01\x02")  # the central directory, one header per member
    while whole[central + 46 : central + 46 + len(member)] != member.encode():
        central = whole.index(b"PK\x01\x02", central + 4)
    patch(whole, central, data_offset, info.file_size)
    return bytes(whole)


def _bad_crc(whole, central, data_offset, size):
    whole[data_offset + size // 2] ^= 0xFF  # one byte of the sheet changed: its checksum fails


def _bad_deflate(whole, central, data_offset, size):
    whole[central + 10 : central + 12] = (8).to_bytes(2, "little")  # says deflated, holds plain XML


def _encrypted_flag(whole, central, data_offset, size):
    whole[central + 8] |= 0x01  # flagged as encrypted with a zip password


def _deflate64(whole, central, data_offset, size):
    whole[central + 10 : central + 12] = (9).to_bytes(2, "little")  # Deflate64, which Python cannot inflate


@pytest.mark.parametrize(
    ("patch", "engine_error"),
    [
        (_bad_crc, zipfile.BadZipFile),
        (_bad_deflate, __import__("zlib").error),
        (_encrypted_flag, RuntimeError),
        (_deflate64, NotImplementedError),
    ],
    ids=["bad-checksum", "bad-deflate", "encrypted-member", "deflate64"],
)
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "data/caseload.csv"])
def test_a_damaged_part_of_a_zip_is_a_clear_error(member, patch, engine_error):
    if member.endswith(".csv"):  # a DfE release downloaded whole: a zip of CSV files
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(member, "time_period,la_name,value\n202425,Poole,12\n" * 20)
        data, name = buffer.getvalue(), "release.zip"
    else:
        data, name = good_xlsx(), "scorecard.xlsx"
    damaged = _with_member_patched(data, member, patch)
    with pytest.raises(engine_error):  # what Python's zipfile raises for this damage
        zipfile.ZipFile(io.BytesIO(damaged)).read(member)
    with pytest.raises(ScorecardError, match="is damaged") as raised:
        read_scorecard(damaged, filename=name)
    assert name in str(raised.value) and member in str(raised.value)


def test_an_xls_whose_sheet_record_points_past_its_stream_is_a_clear_error():
    # Excel 97-2003's BOUNDSHEET record (type 0x85) holds the byte where its sheet starts.
    # Pointing it at byte 32,966 of a 4 KB stream makes calamine's Rust code panic, which
    # pyo3 raises as a BaseException that `except Exception` does not catch.
    import xlwt
    from python_calamine import CalamineWorkbook

    book = xlwt.Workbook()
    book.add_sheet("Scorecard").write(0, 0, "KPI")
    buffer = io.BytesIO()
    book.save(buffer)
    data = bytearray(buffer.getvalue())
    record = data.index(b"\x85\x00\x11\x00")  # BOUNDSHEET: 8 bytes and the 9-letter name
    data[record + 4 : record + 8] = (32_966).to_bytes(4, "little")
    with pytest.raises(BaseException) as panic:
        CalamineWorkbook.from_filelike(io.BytesIO(bytes(data)))
    assert not isinstance(panic.value, Exception)
    with pytest.raises(ScorecardError, match="could not be opened as a spreadsheet"):
        read_scorecard(bytes(data), filename="old.xls")
