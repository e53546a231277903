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

from .combine import CONFLICT_COLUMNS, KEY_COLUMNS, combine_observations
from .headers import (
    MAPPING_ROLE_LABELS,
    MAPPING_ROLES,
    ColumnMapping,
    column_role,
    suggest_header_row,
    suggest_mapping_role,
    suggest_name_column,
)
from .registry import LAYOUTS, MANUAL, MIXED, READ_LAYOUTS, READERS, reader_named
from .scorecard import ScorecardRead, preview_sheet, read_scorecard
from .template import TEMPLATE_COLUMNS

__all__ = [
    "CONFLICT_COLUMNS",
    "KEY_COLUMNS",
    "LAYOUTS",
    "MANUAL",
    "MAPPING_ROLE_LABELS",
    "MAPPING_ROLES",
    "MIXED",
    "READERS",
    "READ_LAYOUTS",
    "TEMPLATE_COLUMNS",
    "ColumnMapping",
    "ScorecardRead",
    "column_role",
    "combine_observations",
    "preview_sheet",
    "read_scorecard",
    "reader_named",
    "suggest_header_row",
    "suggest_mapping_role",
    "suggest_name_column",
]
