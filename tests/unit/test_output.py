"""The format follows the file's suffix, and each format reads back."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from send_core.errors import ReportError
from send_core.filters import Filters
from send_core.reports import report_contents
from send_core.reports.output import REPORT_FORMATS, report_bytes, write_report
from tests.unit.report_helpers import FORMULA_NAME, small_dataset


@pytest.fixture(scope="module")
def contents():
    return report_contents(small_dataset(), Filters())


def test_xlsx_is_the_board_pack(contents):
    names = zipfile.ZipFile(io.BytesIO(report_bytes(contents, ".XLSX"))).namelist()
    assert "xl/workbook.xml" in names and any(name.startswith("xl/charts/chart") for name in names)


def test_csv_is_the_kpi_summary_with_numbers_and_no_formulas(contents):
    table = pd.read_csv(io.BytesIO(report_bytes(contents, ".csv")), encoding="utf-8-sig")
    assert table.columns[:5].tolist() == ["KPI", "Objective", "Section", "Latest period", "Latest"]
    rows = table.set_index("KPI")
    assert rows.at["Number of complaints", "Latest"] == 115
    assert rows.at["% of plans issued within 20 weeks", "Rating"] == "Amber"
    assert "'" + FORMULA_NAME in rows.index  # neutralised for spreadsheets that open CSV


def test_html_and_an_unknown_suffix(contents, tmp_path):
    assert report_bytes(contents, ".html").startswith(b"<!doctype html>")
    with pytest.raises(ReportError, match=r"must end in \.xlsx, \.html, \.pdf, \.csv"):
        report_bytes(contents, ".docx")
    target = write_report(contents, tmp_path / "summary.csv")
    assert target.read_bytes().startswith("\ufeffKPI,".encode("utf-8"))
    assert set(REPORT_FORMATS) == {".xlsx", ".html", ".pdf", ".csv"}
