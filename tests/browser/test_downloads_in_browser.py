"""What officers download, clicked for in a real browser: the board pack button gives the
same workbook as the command line; the printable report comes as HTML and PDF; a chart
comes as a PNG image."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from tests.browser.conftest import wait_for_app
from tests.conftest import ROOT, SAMPLE

pytestmark = pytest.mark.browser

SAMPLE_ARGUMENTS = [
    str(SAMPLE / "birmingham_illustrative_monthly.csv"),
    str(SAMPLE / "birmingham_illustrative_localities.csv"),
    "--plan",
    str(SAMPLE / "birmingham_app_plan.yaml"),
]


def cells(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row, except the time each file was read (the
    cover's "Read at" column), which differs between two reads of the same files."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(io.BytesIO(data))
    result = {}
    for sheet in book.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        if sheet.title == "Cover":
            start = next(index for index, row in enumerate(rows) if row[:3] == ["File", "What it is", "Read at"])
            for row in rows[start + 1 :]:
                if row[0] is None:
                    break
                row[2] = "(read time)"
        result[sheet.title] = [tuple(row) for row in rows]
    return result


def download(page, name: str) -> bytes:
    with page.expect_download(timeout=120_000) as event:
        page.get_by_role("button", name=name).click()
    return open(event.value.path(), "rb").read()


def test_the_board_pack_button_and_the_command_line_give_the_same_workbook(app_url, page, tmp_path):
    page.goto(f"{app_url}/downloads?objective=GBR")
    wait_for_app(page)
    button = page.get_by_role("button", name="Download the board pack (Excel,")
    label = button.inner_text()
    from_button = download(page, label)
    assert label.endswith(" KB)")
    out = tmp_path / "pack.xlsx"
    command = subprocess.run(
        [sys.executable, "-m", "send_core", "summary", *SAMPLE_ARGUMENTS, "--objective", "GBR", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert command.returncode == 0, command.stderr
    from_command = cells(out.read_bytes())
    assert list(cells(from_button)) == list(from_command)
    assert cells(from_button) == from_command
    assert from_command["Cover"][2][:2] == ("Local authority", "Sample data: Birmingham")


def test_the_printable_report_comes_as_html_and_pdf(app_url, page, tmp_path):
    page.goto(f"{app_url}/downloads?objective=SL")
    wait_for_app(page)
    page.get_by_role("button", name="Prepare the printable report").click()
    html_button = page.get_by_role("button", name="Download the printable report (HTML,")
    html_button.wait_for(timeout=120_000)
    html = download(page, html_button.inner_text()).decode("utf-8")
    assert html.startswith("<!doctype html>") and "System Leadership" in html and "<svg" in html
    page.get_by_role("button", name="Prepare the PDF as well").click()
    pdf_button = page.get_by_role("button", name="Download the printable report (PDF,")
    pdf_button.wait_for(timeout=120_000)
    document = pdfium.PdfDocument(download(page, pdf_button.inner_text()))
    first = document[0].get_textpage().get_text_range()
    assert "Sample data: Birmingham SEND improvement report" in first and f"Page 1 of {len(document)}" in first
    for number in range(len(document)):
        document[number].render(scale=1).to_pil().save(tmp_path / f"page-{number + 1}.png")


def test_a_chart_downloads_as_a_png_image(app_url, page):
    page.goto(f"{app_url}/kpi_explorer")
    wait_for_app(page)
    page.get_by_role("tab", name="Download").first.click()
    button = page.get_by_role("button", name="Download the chart (PNG image,").first
    assert button.inner_text().endswith(" KB)")  # the label gives the format and the size
    png = download(page, button.inner_text())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
