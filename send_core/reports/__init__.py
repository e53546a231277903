"""What officers send: the board pack (Excel), the printable report (HTML and PDF), chart
images, and the CSV summary, all written from one :class:`ReportContents`."""

from __future__ import annotations

from send_core import lazy_exports

# The names this package offers are listed in send_core.PACKAGE_EXPORTS.
__all__, __getattr__, __dir__ = lazy_exports(globals())
