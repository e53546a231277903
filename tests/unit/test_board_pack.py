"""The Excel board pack, read back with openpyxl (cells, formats, fills, charts, printing)
and as XML (sparklines, which openpyxl does not load), against the small dataset whose
numbers are written out in report_helpers.py."""

from __future__ import annotations

import io
import re
import warnings
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from send_core.config import load_settings
from send_core.dataset import load_sample_dataset
from send_core.filters import Filters
from send_core.glossary import GLOSSARY
from send_core.reports import report_contents
from send_core.reports.board_pack import board_pack_workbook
from tests.unit.report_helpers import FORMULA_NAME, LONG_NAME, small_dataset

SHEETS = [
    "Cover",
    "Exceptions",
    "Summary",
    "O1 Timeliness",
    "O2 =cmd|' -C calc'!A0",  # "/" is not allowed in a sheet name
    "KPIs not in the plan",
    "Actions",
    "Risks",
    "Data",
    "Glossary",
    "Chart data",
    "Sparkline data",
]


def load(data: bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl: "Sparkline Group extension is not supported"
        return load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def contents():
    return report_contents(small_dataset(), Filters())


@pytest.fixture(scope="module")
def pack(contents):
    return board_pack_workbook(contents)


@pytest.fixture(scope="module")
def book(pack):
    return load(pack)


def rows_by_first_cell(sheet) -> dict[str, list]:
    return {row[0].value: row for row in sheet.iter_rows(min_row=2)}


def test_the_sheets_in_order_with_the_working_ones_hidden(book):
    assert book.sheetnames == SHEETS
    assert [book[name].sheet_state for name in SHEETS[-2:]] == ["hidden", "hidden"]


def test_summary_values_are_numbers_in_their_unit_with_ratings_in_words_and_fills(book):
    sheet = book["Summary"]
    headings = [cell.value for cell in sheet[1]]
    assert headings[:8] == [
        "KPI",
        "Objective",
        "Section",
        "Latest period",
        "Latest",
        "Change since the value before",
        "Target",
        "Rating",
    ]
    rows = rows_by_first_cell(sheet)
    k1 = rows["% of plans issued within 20 weeks"]
    assert k1[1].value == "Timeliness"
    assert k1[3].value == "Mar 2024"
    assert (k1[4].value, k1[4].number_format) == (58, '0.0"%"')
    assert (k1[5].value, k1[5].number_format) == (3, '+0.0" pts";-0.0" pts";0.0" pts"')  # 58% - 55%
    assert k1[6].value == "60%"
    assert (k1[7].value, k1[7].fill.fgColor.rgb) == ("▲ Amber: Close to target", "FFFFF7BF")  # 2 points short
    assert k1[10].value == 50.3  # England
    k2 = rows["Number of complaints"]
    assert (k2[4].value, k2[4].number_format) == (115, "#,##0")
    assert (k2[7].value, k2[7].fill.fgColor.rgb) == ("✖ Red: Off target", "FFF4CDC6")  # 15% over 100, lower is better
    assert k2[5].value == 5 and k2[5].number_format == "+#,##0;-#,##0;0"


def test_upload_text_is_text_never_a_formula(book):
    rows = rows_by_first_cell(book["Summary"])
    cell = rows[FORMULA_NAME][0]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULA_NAME, "s", True)
    assert rows[LONG_NAME.strip()][0].value == LONG_NAME.strip()  # 200+ characters and an emoji, whole
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"


def test_headers_frozen_filtered_and_printable(book):
    for name in SHEETS[1:-2]:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape", name
        assert sheet.page_setup.paperSize == 9, name  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0, name
        assert "Anytown SEND board pack, data to March 2024" in sheet.oddFooter.left.text
        assert sheet.oddFooter.right.text == "Page &P of &N"
    for name in ("Exceptions", "Summary", "Actions", "Data", "Glossary"):
        assert book[name].freeze_panes == "A2" and book[name].print_title_rows == "$1:$1", name
        assert book[name].auto_filter.ref.startswith("A1:"), name
    assert book["Summary"]["A1"].font.b and book["Summary"].column_dimensions["A"].width > 40


def test_the_cover(book, contents):
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row[0]}
    assert cover["Local authority"] == "Anytown"
    assert cover["Data to"] == "March 2024"
    assert cover["Plan status as at"] == "31 March 2024"
    assert cover["Filters applied"] == "Showing everything."
    assert cover["small.csv"] == "The app's template"  # what the file is, by the reader that read it
    checksums = [row[3] for row in book["Cover"].iter_rows(values_only=True) if row[0] == "small.csv"]
    assert checksums == [contents.sources[0].checksum] and re.fullmatch("[0-9a-f]{64}", checksums[0])
    # When it was read, as people write a moment ("8 Dec 2026, 01:01 UTC"), not ISO 8601.
    (read_at,) = [row[2] for row in book["Cover"].iter_rows(values_only=True) if row[0] == "small.csv"]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC", read_at), read_at
    assert "Sample data" not in cover


def test_sparklines_for_kpis_with_two_or_more_values(pack):
    xml = zipfile.ZipFile(io.BytesIO(pack)).read("xl/worksheets/sheet3.xml").decode("utf-8")
    # K1 and K2 have three values each, K3 two; K4 has one, too few for a line.
    assert xml.count("<x14:sparkline>") == 3
    assert "'Sparkline data'!A1:C1" in xml and "'Sparkline data'!A3:B3" in xml


def chart_summary(chart) -> tuple[str, list[str]]:
    title = "".join(run.t for paragraph in chart.title.tx.rich.p for run in (paragraph.r or []))
    return title, [series.tx.v for series in chart.series]


def test_a_native_chart_per_kpi_with_actuals_targets_and_comparators(book):
    charts = [chart_summary(chart) for chart in book["O1 Timeliness"]._charts]
    assert charts == [
        ("% of plans issued within 20 weeks", ["Actual", "Target", "England"]),
        ("Number of complaints", ["Actual", "Target"]),
    ]
    assert book["O2 =cmd|' -C calc'!A0"]._charts == []
    others = [chart_summary(chart) for chart in book["KPIs not in the plan"]._charts]
    assert [series for _, series in others] == [["Actual"], ["Actual"]]
    assert others[0][0] == FORMULA_NAME and others[1][0] == LONG_NAME.strip()[:120]
    first = book["O1 Timeliness"]._charts[0].series[0]
    assert first.val.numRef.f == "'Chart data'!$B$3:$B$5"  # January to March 2024
    data = book["Chart data"]
    assert [data.cell(row, 2).value for row in (3, 4, 5)] == [50, 55, 58]
    assert [data.cell(row, 3).value for row in (3, 4, 5)] == [None, None, 60]  # the milestone from March


def test_objective_sheet_commentary_and_milestones(book):
    sheet = book["O1 Timeliness"]
    assert sheet["A1"].value == "Timeliness"
    assert sheet["A2"].value.startswith(
        "Timeliness: of 2 KPIs with data, 0 on or better than target, 1 close to target"
    )
    assert [cell.value for cell in sheet[4]][:3] == ["KPI", "Baseline", "Milestone"]
    assert sheet["A5"].value == "% of plans issued within 20 weeks" and sheet["D5"].value == "60%"


def test_actions_risks_data_and_glossary(book, contents):
    actions = rows_by_first_cell(book["Actions"])
    delayed = actions["Timeliness"]
    assert (delayed[1].value, delayed[4].value, delayed[4].fill.fgColor.rgb, delayed[7].value) == (
        "A1",
        "Delayed",
        "FFF4CDC6",
        59,
    )
    data = book["Data"]
    assert data.max_row == 1 + 12  # 11 rows in the file and the plan's one milestone target
    assert [cell.value for cell in data[1]][-1] == "Source cell"
    assert all(row[-1] for row in data.iter_rows(min_row=2, values_only=True) if row[0] != "K1" or row[3] != "target")
    assert book["Glossary"].max_row == 1 + len(GLOSSARY)
    exceptions = rows_by_first_cell(book["Exceptions"])
    assert exceptions["Number of complaints"][3].value == "Off target"
    assert exceptions["Number of complaints"][4].value.startswith("Number of complaints was 115 in March 2024")


def test_building_never_changes_the_contents(contents):
    before = contents.data.copy(), contents.summary.copy()
    board_pack_workbook(contents)
    pd.testing.assert_frame_equal(contents.data, before[0])
    pd.testing.assert_frame_equal(contents.summary, before[1])


def test_the_sample_pack_has_a_chart_for_every_kpi_with_values():
    dataset = load_sample_dataset(load_settings())
    book = load(board_pack_workbook(report_contents(dataset, Filters(objective="GBR"))))
    observations = dataset.observations
    whole = observations[
        (observations["measure"] == "actual")
        & (observations["locality"] == "All")
        & (observations["phase"] == "All")
        & observations["value"].notna()
        & observations["period"].notna()
    ]
    gbr = set(dataset.catalogue.loc[dataset.catalogue["objective"] == "GBR", "kpi_id"])
    expected = whole.loc[whole["kpi_id"].isin(gbr), "kpi_id"].nunique()
    sheet = next(name for name in book.sheetnames if name.startswith("GBR"))
    assert len(book[sheet]._charts) == expected > 10


def test_the_risk_register_s_dates_are_dates_in_the_pack_s_one_format():
    import datetime as dt

    # The sample plan's first risks are dated "28/09/2021" (sample_data/birmingham_app_plan.yaml):
    # they were text "2021-09-28", where the Plan tracker shows "28 Sep 2021" (a reviewer).
    book = load(board_pack_workbook(report_contents(load_sample_dataset(load_settings()), Filters(objective="GBR"))))
    risks = book["Risks"]
    assert risks.cell(1, 1).value == "Date"
    first = risks.cell(2, 1)
    assert first.value == dt.datetime(2021, 9, 28) and first.number_format == "d mmm yyyy"


def test_whole_figures_of_no_named_unit_are_written_whole_and_stored_rounded():
    # SL6, Local Offer pageviews (unit "other"): 32,158 in May 2023 and 31,799 in June 2023
    # (sample data), a change of -359, shown as "-359.0". SL2, % in mainstream: 33.0% to 33.8%,
    # a change of 0.8 stored as 0.7999999999999972 (a reviewer).
    book = load(board_pack_workbook(report_contents(load_sample_dataset(load_settings()), Filters(objective="SL"))))
    summary = book["Summary"]
    headings = [cell.value for cell in summary[1]]
    latest, change = headings.index("Latest"), headings.index("Change since the value before")
    rows = rows_by_first_cell(summary)
    pageviews = rows["Local Offer Website Traffic monitoring (Pageviews)"]
    assert (pageviews[latest].value, pageviews[latest].number_format) == (31799, "#,##0")
    assert (pageviews[change].value, pageviews[change].number_format) == (-359, "+#,##0;-#,##0;0")
    mainstream = rows["% of pupils with EHCP educated in mainstream environment (based on SEN2)"]
    assert mainstream[change].value == 0.8


def test_with_no_plan_the_actions_and_risks_sheets_say_why_they_are_empty():
    # BCP's scorecard alone has no plan: its Actions and Risks sheets held only headings, and
    # the cover still described "Every action with its status..." (a reviewer).
    book = load(board_pack_workbook(report_contents(load_sample_dataset(load_settings(), "BCP"), Filters())))
    for name in ("Actions", "Risks"):
        assert book[name]["A1"].value == "No improvement plan is loaded, so there are no actions or risks to list."
        assert book[name].max_row == 1
    described = {
        row[0].value: row[1].value for row in book["Cover"].iter_rows() if row[0].value in ("Actions", "Risks")
    }
    assert described == {
        "Actions": "Empty: no improvement plan is loaded.",
        "Risks": "Empty: no improvement plan is loaded.",
    }
