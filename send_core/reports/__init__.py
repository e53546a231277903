"""What officers send: the board pack (Excel), the printable report (HTML and PDF), chart
images, and the CSV summary, all written from one :class:`ReportContents`."""

from __future__ import annotations

from send_core import lazy_exports

# What the package offers, and the module each name is in (imported on first use: see
# send_core.lazy_exports).
_EXPORTS = {
    "ObjectiveSection": ".contents",
    "ReportContents": ".contents",
    "SourceFile": ".contents",
    "report_contents": ".contents",
    "report_file_name": ".contents",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
