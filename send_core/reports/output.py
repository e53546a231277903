"""Write a report in the format its file name asks for: the one place the command line and
the app's download buttons turn :class:`ReportContents` into bytes."""

from __future__ import annotations

from pathlib import Path

from ..downloads import to_csv_bytes
from ..errors import ReportError
from .board_pack import board_pack_workbook
from .contents import ReportContents, summary_table
from .html_report import report_html
from .pdf import report_pdf

# Suffix -> (what the file is, for its name; media type).
REPORT_FORMATS = {
    ".xlsx": ("board pack", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".html": ("report", "text/html"),
    ".pdf": ("report", "application/pdf"),
    ".csv": ("KPI summary", "text/csv"),
}


def report_bytes(contents: ReportContents, suffix: str) -> bytes:
    """The report as ``.xlsx`` (the board pack), ``.html`` or ``.pdf`` (the printable report)
    or ``.csv`` (the KPI summary). Raises :class:`ReportError` for another suffix, or a PDF
    where this machine cannot print one."""
    suffix = suffix.lower()
    if suffix == ".xlsx":
        return board_pack_workbook(contents)
    if suffix == ".html":
        return report_html(contents).encode("utf-8")
    if suffix == ".pdf":
        return report_pdf(report_html(contents))
    if suffix == ".csv":
        return to_csv_bytes(summary_table(contents))
    raise ReportError(
        f"The output file must end in {', '.join(REPORT_FORMATS)}; '{suffix or 'no suffix'}' is not one of them."
    )


def write_report(contents: ReportContents, path: str | Path) -> Path:
    """Write the report to ``path`` in the format its suffix names; returns the path."""
    target = Path(path)
    data = report_bytes(contents, target.suffix)
    target.write_bytes(data)
    return target
