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

# What the package offers, and the module each name is in (imported on first use: see
# send_core.lazy_exports).
_EXPORTS = {
    "CONFLICT_COLUMNS": ".combine",
    "ColumnMapping": ".headers",
    "KEY_COLUMNS": ".combine",
    "LAYOUTS": ".registry",
    "MANUAL": ".registry",
    "MAPPING_ROLES": ".headers",
    "MAPPING_ROLE_LABELS": ".headers",
    "MIXED": ".registry",
    "READERS": ".registry",
    "READ_LAYOUTS": ".registry",
    "ScorecardRead": ".scorecard",
    "TEMPLATE_COLUMNS": ".template",
    "column_role": ".headers",
    "combine_observations": ".combine",
    "preview_sheet": ".scorecard",
    "read_scorecard": ".scorecard",
    "reader_named": ".registry",
    "suggest_header_row": ".headers",
    "suggest_mapping_role": ".headers",
    "suggest_name_column": ".headers",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
