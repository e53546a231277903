"""Downloads never turn uploaded text into a formula."""

import csv
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from send_core.downloads import blank_template, neutralise_formulas, safe_sheet_names, to_csv_bytes, to_excel_bytes
from send_core.reading import TEMPLATE_COLUMNS, read_scorecard


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("No. of EHCPs", "No. of EHCPs"),
        ("49.2% ▼", "49.2% ▼"),
    ],
)
def test_text_that_excel_would_run_is_neutralised(text, expected):
    frame = pd.DataFrame({"kpi_name": [text], "value": [-5.0]})
    safe = neutralise_formulas(frame)
    assert safe["kpi_name"].iloc[0] == expected
    assert safe["value"].iloc[0] == -5.0  # numbers are not text
    assert frame["kpi_name"].iloc[0] == text  # the caller's frame is untouched


def test_excel_download_holds_text_not_formulas():
    data = to_excel_bytes({"Summary": pd.DataFrame({"kpi_name": ["=1+1"], "value": [3]})})
    sheet = load_workbook(io.BytesIO(data)).active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == "'=1+1"


def test_csv_has_a_bom_for_excel():
    assert to_csv_bytes(pd.DataFrame({"a": ["£"]})).startswith(b"\xef\xbb\xbf")


def test_the_blank_template_reads_back_as_the_template():
    template = blank_template()
    assert list(template.columns) == list(TEMPLATE_COLUMNS)
    read = read_scorecard(to_csv_bytes(template), filename="template.csv")
    assert read.layout == "template"
    row = read.observations.iloc[0]
    assert (row["kpi_id"], row["value"], row["locality"], row["phase"]) == ("GBR1a", 58.0, "North", "Primary")
    read_xlsx = read_scorecard(to_excel_bytes({"Template": template}), filename="template.xlsx")
    assert read_xlsx.observations.iloc[0]["value"] == 58.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-5", "-5"),  # before: "'-5", an apostrophe in front of a number
        ("+3.2", "+3.2"),
        ("-12%", "-12%"),
        ("1,234", "1,234"),
        ("  =1+1", "'  =1+1"),  # before: spaces then = slipped through
        ("\n=HYPERLINK(1)", "'\n=HYPERLINK(1)"),
        ("\t5", "\t5"),  # just a number after a tab
        ("\tnote", "'\tnote"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ],
)
def test_numbers_stay_numbers_and_text_after_whitespace_is_neutralised(text, expected):
    assert neutralise_formulas(pd.DataFrame({"a": [text]}))["a"].iloc[0] == expected


def test_headings_are_neutralised_in_csv_and_excel():
    frame = pd.DataFrame({'=HYPERLINK("http://x","y")': ["a"], "Latest": [1]})
    assert to_csv_bytes(frame).decode("utf-8-sig").splitlines()[0] == '"\'=HYPERLINK(""http://x"",""y"")",Latest'
    sheet = load_workbook(io.BytesIO(to_excel_bytes({"S": frame}))).active
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("'=")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["KPI summary", "Data"], ["KPI summary", "Data"]),
        (["A" * 40, "A" * 35], ["A" * 31, "A" * 27 + " (2)"]),  # before: the second overwrote the first
        (["Jan [draft]", "a/b", "q?"], ["Jan -draft-", "a-b", "q-"]),  # before: [ or / raised
        (["=cmd", "", "'quoted'"], ["cmd", "Sheet", "quoted"]),
        (["Data", "DATA", "data"], ["Data", "DATA (2)", "data (3)"]),
        (["History"], ["History (data)"]),
        # Found in review: each of these once came out as a name Excel refuses or keeps for itself.
        (["= -x", " ' =x"], ["x", "x (2)"]),  # formula starts after spaces or quotes
        (["History –––"], ["History (data)"]),  # "History" only once its dashes were cut
        (["–", "  "], ["Sheet", "Sheet (2)"]),  # nothing left once cut
        (["sheet", "SHEET"], ["sheet", "SHEET (2)"]),
        (["Jan\x01\x1f24"], ["Jan--24"]),  # control characters, which broke the workbook
    ],
)
def test_sheet_names_are_made_valid_and_unique(names, expected):
    assert safe_sheet_names(names) == expected


def test_a_long_sheet_name_is_cut_at_a_word_s_end():
    # Birmingham's objective P: 31 characters end in "…meeting need and i"; cut at the word,
    # "…meeting need and" still read as cut mid-phrase (a reviewer), so a joining word goes too.
    assert safe_sheet_names(["P Pathways – meeting need and improving outcomes"]) == ["P Pathways – meeting need"]
    # A word that ends exactly at 31 characters is kept whole.
    assert safe_sheet_names(["Early help for young children now and more"]) == ["Early help for young children"]
    assert safe_sheet_names(["Early help for young families, and more"]) == ["Early help for young families"]
    assert safe_sheet_names(["Joint commissioning – health & care"]) == ["Joint commissioning – health"]


def test_every_sheet_is_written_even_when_names_clash():
    sheets = {"A" * 40: pd.DataFrame({"x": [1]}), "A" * 35: pd.DataFrame({"x": [2]}), "b/c": pd.DataFrame({"x": [3]})}
    workbook = load_workbook(io.BytesIO(to_excel_bytes(sheets)))
    assert workbook.sheetnames == ["A" * 31, "A" * 27 + " (2)", "b-c"]
    assert [workbook[name]["A2"].value for name in workbook.sheetnames] == [1, 2, 3]


def test_a_sheet_name_cut_at_31_characters_does_not_end_in_a_space_or_dash():
    names = safe_sheet_names(["GBR Getting the basics right – identifying and assessing need"])
    assert names == ["GBR Getting the basics right"]


@pytest.mark.parametrize(
    "names",
    [["sheet", "SHEET"], ["Sheet", "sheet"], ["History –––", "Data"], ["a\x01b"]],
    ids=["lower-then-upper", "default-name-clash", "reserved", "control-character"],
)
def test_every_sheet_is_written_whatever_its_name(names):
    # Before: {"sheet", "SHEET"} raised KeyError, and a control character made a workbook
    # Excel could not open.
    sheets = {name: pd.DataFrame({"x": [position]}) for position, name in enumerate(names)}
    workbook = load_workbook(io.BytesIO(to_excel_bytes(sheets)))
    assert workbook.sheetnames == safe_sheet_names(names)
    assert [workbook[name]["A2"].value for name in workbook.sheetnames] == list(range(len(names)))


def test_control_characters_in_cells_and_headings_are_left_out_of_the_workbook():
    # Before: openpyxl raised IllegalCharacterError for a cell an upload carried.
    frame = pd.DataFrame({"KPI\x02": ["No. of\x01 EHCPs", "=1+1\x0b"], "value": [3736, 3791]})
    sheet = load_workbook(io.BytesIO(to_excel_bytes({"S": frame}))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["KPI", "value"],
        ["No. of EHCPs", 3736],
        ["'=1+1", 3791],
    ]


def test_numeric_text_stays_text_in_the_workbook():
    # XlsxWriter is told not to turn text into numbers: "012" keeps its zero, as typed.
    sheet = load_workbook(io.BytesIO(to_excel_bytes({"S": pd.DataFrame({"code": ["012", "-5"]})}))).active
    assert [(sheet["A2"].value, sheet["A2"].data_type), (sheet["A3"].value, sheet["A3"].data_type)] == [
        ("012", "s"),
        ("-5", "s"),
    ]


def test_a_lone_carriage_return_cannot_start_a_row_in_the_csv():
    # Before: a field holding "\r" was written unquoted, and Excel began a new row at it, so
    # "=1+1" after it was a live formula. Read back as Excel splits rows (at \r or \n outside
    # quotes), every row has its one field and none starts with "=".
    frame = pd.DataFrame({"note": ["safe\r=1+1", "line\n@SUM(A1)", "plain"]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["note"], ["safe\r=1+1"], ["line\n@SUM(A1)"], ["plain"]]
    outside_quotes = re.sub(r'"[^"]*"', '""', text)
    assert [line for line in re.split(r"\r\n|\r|\n", outside_quotes) if line] == ["note", '""', '""', "plain"]
