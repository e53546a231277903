"""Reading the scorecards councils really keep (see :func:`read_scorecard`).

Where each part lives:

- ``workbook``: opening bytes safely (xlsx, xlsm, xls, ods, csv) into sheets of raw cells;
- ``values`` and ``periods``: what one cell or one header means (``49.2% ▼``, ``Dec 23``);
- ``headers``: the words councils use in headings, and a person's column mapping;
- ``collector``: the fate of every cell, typed problems, the accounting;
- ``reader`` and ``registry``: what a reader is, and the tuple of readers;
- ``template``, ``table`` (+ ``table_values``), ``dfe_open_data``: one module per reader;
- ``scorecard``: ``read_scorecard`` itself; ``combine``: several files together.
"""

from __future__ import annotations

from send_core import lazy_exports

# The names this package offers are listed in send_core.PACKAGE_EXPORTS.
__all__, __getattr__, __dir__ = lazy_exports(globals())
