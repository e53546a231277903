"""The PDF: printed by the machine's Chromium from the HTML report, then rendered back to
PNG pages with PDFium (Chromium's own PDF engine) and read."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from send_core.errors import ReportError
from send_core.filters import Filters
from send_core.reports import pdf as pdf_module
from send_core.reports import report_contents
from send_core.reports.html_report import report_html
from send_core.reports.pdf import can_make_pdf, report_pdf
from tests.unit.report_helpers import small_dataset

needs_browser = pytest.mark.skipif(
    not can_make_pdf(), reason="no Chromium on this machine (scripts/test.sh installs it)"
)


@needs_browser
def test_the_pdf_has_a_page_per_part_numbered_and_footed(tmp_path):
    data = report_pdf(report_html(report_contents(small_dataset(), Filters())))
    assert data.startswith(b"%PDF")
    document = pdfium.PdfDocument(data)
    pages = [document[index] for index in range(len(document))]
    texts = [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in pages]
    # Cover; headline exceptions; O1; O2; KPIs not in the plan; glossary (two pages or more).
    assert len(pages) >= 6
    assert all(f"Page {number} of {len(pages)}" in text for number, text in enumerate(texts, start=1))
    assert all("Anytown SEND improvement report, data to March 2024" in text for text in texts)
    assert "Anytown SEND improvement report" in texts[0] and "small.csv" in texts[0]
    assert "Headline exceptions" in texts[1]
    # Each objective starts on a page of its own.
    assert any(text.split("\n", 2)[1].startswith("O1 Timeliness") for text in texts)
    assert any(text.split("\n", 2)[1].startswith("KPIs not in the plan") for text in texts)
    width, height = pages[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    for number, page in enumerate(pages[:5], start=1):
        image = page.render(scale=1).to_pil()
        image.save(tmp_path / f"page-{number}.png")
        assert image.getextrema() != ((255, 255), (255, 255), (255, 255))  # not blank


def test_no_browser_is_a_sentence_saying_what_to_do(monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    assert not can_make_pdf()
    with pytest.raises(ReportError, match="print it to PDF from your browser"):
        report_pdf("<p>x</p>")
