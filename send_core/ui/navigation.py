"""The app's pages, named once: the router, the tests and the benchmarks all read this list."""

from __future__ import annotations

from typing import NamedTuple


class PageEntry(NamedTuple):
    path: str
    title: str
    icon: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/overview.py", "Overview", ":material/dashboard:"),
    PageEntry("pages/kpi_explorer.py", "KPI explorer", ":material/query_stats:"),
    PageEntry("pages/plan_tracker.py", "Plan tracker", ":material/checklist:"),
    PageEntry("pages/localities.py", "Localities", ":material/map:"),
    PageEntry("pages/downloads.py", "Downloads", ":material/download:"),
    PageEntry("pages/upload.py", "Upload data", ":material/upload_file:"),
    PageEntry("pages/about.py", "About the data", ":material/info:"),
)
UPLOAD_PAGE = "pages/upload.py"
