"""The printable report as a PDF, printed by headless Chromium from the HTML report.

Only where the machine has Chromium already (Debian's ``chromium`` package, or Chrome): the
app never downloads a browser. The page is loaded from a local file with the network off, so
the PDF is exactly the HTML report, A4, with its own page numbers.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ReportError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PDF_TIME_LIMIT_SECONDS = 120.0


def find_browser() -> str | None:
    """The path of a Chromium-family browser on this machine, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def can_make_pdf() -> bool:
    """Whether :func:`report_pdf` can work here (a Chromium-family browser is installed)."""
    return find_browser() is not None


def report_pdf(report_html: str) -> bytes:
    """Print ``report_html`` (from :func:`.html_report.report_html`) to PDF bytes. Raises
    :class:`ReportError` when no browser is installed or printing fails."""
    browser = find_browser()
    if browser is None:
        raise ReportError(
            "A PDF needs Chromium on the server, and it has none. Download the HTML report and print it "
            "to PDF from your browser instead (it is laid out for A4)."
        )
    with tempfile.TemporaryDirectory(prefix="send-report-") as folder:
        page, output = Path(folder, "report.html"), Path(folder, "report.pdf")
        page.write_text(report_html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--proxy-server=127.0.0.1:9",  # nothing to fetch: any request fails at once
            f"--user-data-dir={Path(folder, 'profile')}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={output}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=PDF_TIME_LIMIT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            raise ReportError(
                "Printing the report to PDF failed. Download the HTML report and print it from your browser."
            ) from None
        if not output.exists() or output.stat().st_size == 0:
            raise ReportError(
                "Printing the report to PDF failed. Download the HTML report and print it from your browser."
            )
        return output.read_bytes()
