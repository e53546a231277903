"""What a header cell says its column holds: the words councils use for KPI names, ids,
England, statistical neighbours, regions, targets, baselines, milestones and months.

A new synonym goes here, once, and every reader that looks at headings understands it.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from .. import model
from ..errors import ScorecardError
from ..wording import cut_at_word
from .periods import Period, parse_period
from .workbook import Sheet, column_letter

ENGLAND_HEADERS = {"nat", "national", "england", "england average", "eng", "nat.", "national average", "eng avg"}
NEIGHBOUR_HEADERS = {
    "sn",
    "stat neighbours",
    "statistical neighbours",
    "statistical neighbour",
    "stat. neighbours",
    "sn average",
    "stat neighbour",
}
REGIONS = {
    "sw": "South West",
    "south west": "South West",
    "south east": "South East",
    "se": "South East",
    "london": "London",
    "east of england": "East of England",
    "east midlands": "East Midlands",
    "west midlands": "West Midlands",
    "wm": "West Midlands",
    "north west": "North West",
    "nw": "North West",
    "north east": "North East",
    "ne": "North East",
    "yorkshire and the humber": "Yorkshire and The Humber",
    "yorkshire and humber": "Yorkshire and The Humber",
    "region": "Region",
    "regional": "Region",
}
NAME_HEADERS = ("kpi", "key performance indicator", "indicator", "measure", "kpi reference", "performance indicator")
ID_HEADERS = ("kpi id", "id", "kpi ref", "ref", "kpi no", "kpi number")
KPI_WORDS = re.compile(
    r"^(%|no\b|no\.|number|total|average|avg|percentage|proportion|rate|count|longest|mean|median)|%|\bnumber of\b|\brate\b",
    re.I,
)
PHASE_ROW = re.compile(
    r"^(?:(?:no\.?|number|%)\s*of\s*(?:the\s*)?above)?\s*[-–:]?\s*(early years|primary|secondary|post[\s-]?16)(?:\s*phase)?\s*$",
    re.I,
)
PHASE_NAMES = {"early years": "Early years", "primary": "Primary", "secondary": "Secondary"}
_MONTH_IN_TEXT = re.compile(
    r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*[-']?\s*(?:\d{4}|\d{2})\b",
    re.I,
)
_YEAR_SPAN_IN_TEXT = re.compile(r"\b(?:19|20)?\d\d/\d\d\b")


@dataclass(frozen=True)
class ColumnRole:
    """What a column holds, from its header."""

    kind: str  # "name", "id", "value"
    measure: str = ""
    comparator: str = ""
    period: Period | None = None
    label: str = ""


@dataclass
class ColumnMapping:
    """A person's answer to "which column is what", for a sheet we could not recognise.

    ``header_row`` and the keys of ``roles`` are 0-based. A role is ``"period"`` (the header
    is read as a date), ``"target"``, ``"baseline"``, ``"England"``, ``"Statistical neighbours"``,
    ``"Region"`` or ``"ignore"``.
    """

    header_row: int
    name_column: int
    roles: dict[int, str]
    sheet: str | None = None
    id_column: int | None = None


MAPPING_ROLES = ("ignore", "period", "target", "baseline", *model.COMPARATORS)
# What the "which column is what" form shows for each role: words, capitalised, not names.
MAPPING_ROLE_LABELS = {
    "ignore": "Not used",
    "period": "Actual figures for the month or year in its heading",
    "target": "Target",
    "baseline": "Baseline",
    **{comparator: f"Comparator: {comparator}" for comparator in model.COMPARATORS},
}


def suggest_mapping_role(heading: object) -> str:
    """The ``ColumnMapping`` role a column's heading suggests, to start the "which column is
    what" form from what the reader would do: ``Nov 24`` -> ``period``, ``Nat`` -> ``England``,
    ``Target`` -> ``target``; ``ignore`` for a heading it does not know (or a KPI name or id).
    """
    role = column_role(heading)
    if role is None or role.kind != "value":
        return "ignore"
    if role.measure == "comparator":
        return role.comparator
    if role.measure == "actual":
        return "period"
    return role.measure


def suggest_name_column(headings: list[object]) -> int:
    """Which column (0-based) holds the KPI names, by its heading; the first when none says."""
    for column, heading in enumerate(headings):
        role = column_role(heading)
        if role is not None and role.kind == "name":
            return column
    return 0


def suggest_header_row(rows: list[list[object]]) -> int:
    """Which row (0-based) of a sheet's first rows holds the column headings, for the column
    form to start from: the one with the most headings the reader recognises (a KPI name, a
    month, a target...), the first of equals, when some row has two or more; else the first
    row with the most filled cells (a title row above a table has one); 0 for no rows."""
    recognised = [sum(column_role(cell) is not None for cell in row if cell_text(cell)) for row in rows]
    if recognised and max(recognised) >= 2:
        return recognised.index(max(recognised))
    filled = [sum(bool(cell_text(cell)) for cell in row) for row in rows]
    return filled.index(max(filled)) if filled else 0


def shorten(cell: object, length: int = 40) -> str:
    """A cell's text on one line, cut to at most ``length`` characters with an ellipsis, for
    messages: at the end of a word where one ends in the last two fifths ("living in own…",
    not "living in own accommodat…"), else mid-word (one long word, a code)."""
    text = str(cell).replace("\n", " ").strip()
    if len(text) <= length:
        return text
    return cut_at_word(text, length - 1).rstrip(" ,;:-(") + "…"


def cell_text(cell: object) -> str:
    """A cell as text with its whitespace collapsed; ``""`` for empty or NaN; a whole float
    (Excel's 12.0 for a typed 12) without its ``.0``."""
    if type(cell) is str:
        return " ".join(cell.split())  # see below
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))  # an id typed as 12 is stored by Excel as 12.0
    # split() with no separator splits on exactly the characters \s matches (no-break space
    # included), and is several times quicker than a regular expression on every header cell.
    return " ".join(str(cell).split())


# Cached: headings repeat from month to month and file to file (ColumnRole and Period are frozen).
@functools.lru_cache(maxsize=8192, typed=True)  # 1, 1.0 and True are different headings
def column_role(cell: object) -> ColumnRole | None:
    """What a header cell says its column holds, or None when it says nothing we know.

    ``Nat`` -> England comparator, ``SN`` -> statistical neighbours, ``SW`` or a region's
    name -> region, ``Target`` -> undated target, ``Milestone 1 – Jul 23`` or
    ``6 months Target Nov 2021`` -> target for that month, ``Actual Jul 23`` -> actual,
    ``Dec 23`` or a real date -> actual for that month, ``Baseline (date)`` -> baseline.
    """
    period = parse_period(cell)
    if period is not None and not isinstance(cell, (int, float)):
        return ColumnRole("value", measure="actual", period=period, label=cell_text(cell) or period.label)
    text = cell_text(cell)
    lowered = text.lower().strip(" :*")
    if not lowered:
        return None
    if lowered in ID_HEADERS:
        return ColumnRole("id", label=text)
    if lowered in NAME_HEADERS or lowered.startswith("key performance indicator"):
        return ColumnRole("name", label=text)
    if lowered in ENGLAND_HEADERS:
        return ColumnRole("value", measure="comparator", comparator="England", label=text)
    if lowered in NEIGHBOUR_HEADERS:
        return ColumnRole("value", measure="comparator", comparator="Statistical neighbours", label=text)
    if lowered in REGIONS:
        return ColumnRole("value", measure="comparator", comparator="Region", label=text)
    found = period_in_text(text)
    if lowered.startswith("baseline"):
        return ColumnRole("value", measure="baseline", period=found, label=text)
    if "target" in lowered or lowered.startswith("milestone"):
        return ColumnRole("value", measure="target", period=found, label=text)
    if "actual" in lowered and found is not None:
        return ColumnRole("value", measure="actual", period=found, label=text)
    return None


def period_in_text(text: str) -> Period | None:
    for pattern in (_MONTH_IN_TEXT, _YEAR_SPAN_IN_TEXT):
        matches = pattern.findall(text)
        if matches:
            period = parse_period(matches[-1])
            if period is not None:
                return period
    return None


def roles_from_mapping(sheet: Sheet, mapping: ColumnMapping) -> dict[int, ColumnRole]:
    """The column roles a person's :class:`ColumnMapping` gives, as a header row would.

    Raises :class:`ScorecardError` when the mapping's header row or a column lies outside the
    sheet (every such place named at once), or a column said to hold a period has a heading
    that is not a date."""
    _check_mapping_fits(sheet, mapping)
    roles: dict[int, ColumnRole] = {mapping.name_column: ColumnRole("name", label="KPI")}
    if mapping.id_column is not None:
        roles[mapping.id_column] = ColumnRole("id", label="KPI ID")
    for column, role in mapping.roles.items():
        header = sheet.cell(mapping.header_row, column)
        label = cell_text(header) or column_letter(column)
        if role == "period":
            period = parse_period(header) or period_in_text(label)
            if period is None:
                raise ScorecardError(
                    f"The heading '{label}' in column {column_letter(column)} is not a date we can read."
                )
            roles[column] = ColumnRole("value", measure="actual", period=period, label=label)
        elif role in ("target", "baseline"):
            roles[column] = ColumnRole("value", measure=role, period=period_in_text(label), label=label)
        elif role in model.COMPARATORS:
            roles[column] = ColumnRole("value", measure="comparator", comparator=role, label=label)
    return roles


def _check_mapping_fits(sheet: Sheet, mapping: ColumnMapping) -> None:
    """Raise :class:`ScorecardError` listing every part of ``mapping`` outside ``sheet``."""
    height = len(sheet.rows)
    width = max((len(row) for row in sheet.rows), default=0)
    faults = []
    if not 0 <= mapping.header_row < height:
        faults.append(f"the header row is row {mapping.header_row + 1}, but the sheet has rows 1 to {height}")
    columns = {"the KPI name column": mapping.name_column}
    if mapping.id_column is not None:
        columns["the KPI ID column"] = mapping.id_column
    columns.update({f"the {role} column": column for column, role in mapping.roles.items()})
    for what, column in columns.items():
        if not 0 <= column < width:
            where = f"column {column_letter(column)}" if column >= 0 else "before column A"
            faults.append(f"{what} is {where}, but the sheet has columns A to {column_letter(max(width, 1) - 1)}")
    if faults:
        raise ScorecardError(
            f"The column choices do not fit the sheet '{sheet.name}': " + "; ".join(faults) + ". "
            "Choose the header row and columns again from the sheet's preview."
        )


def normalise_phase(text: str) -> str | None:
    """``primary`` -> ``Primary``, ``post 16`` -> ``Post-16``, empty or ``all`` -> ``All``;
    None for a phase the model does not know."""
    if not text or text.lower() == "all":
        return model.ALL
    lowered = text.lower().replace("_", " ").strip()
    if lowered in PHASE_NAMES:
        return PHASE_NAMES[lowered]
    if re.fullmatch(r"post[\s-]?16", lowered):
        return "Post-16"
    return None
