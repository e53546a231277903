"""What officers send: the board pack (Excel), the printable report (HTML and PDF), chart
images, and the CSV summary, all written from one :class:`ReportContents`."""

from .contents import ObjectiveSection, ReportContents, SourceFile, report_contents, report_file_name

__all__ = ["ObjectiveSection", "ReportContents", "SourceFile", "report_contents", "report_file_name"]
