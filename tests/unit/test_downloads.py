"""Downloads never turn uploaded text into a formula."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from send_core.downloads import blank_template, neutralise_formulas, to_csv_bytes, to_excel_bytes
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
