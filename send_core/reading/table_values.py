"""The table reader's one pass over its value cells: numbers, markers, units, fractions in
percentage rows and arrows that disagree, worked out with NumPy and Arrow over every cell at
once (a 200 x 36 scorecard costs a few times what opening the workbook does)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import model
from ..model import ALL
from ..wording import how_many
from .collector import CellCollector
from .headers import ColumnRole, period_in_text, shorten
from .periods import frequency_of, parse_period
from .values import ARROW_CODES, KIND_CODES, parse_value_arrays
from .workbook import Sheet, column_letter, decimal_comma

# The measures observe_cells' rules pick out, as small integers (0 for any other measure).
_MEASURE_CODES = {"actual": 1, "comparator": 2, "baseline": 3}


def observe_cells(
    sheet: Sheet,
    collector: CellCollector,
    entries: list[tuple],
    role_sets: list[dict[int, ColumnRole]],
    value_masks: list[np.ndarray],
) -> None:
    """Turn every value cell of a table into an observation, marker or problem, in one pass.

    ``entries`` holds one ``(row, role_set, kpi_id, kpi_name, section, phase)`` per KPI row, in
    sheet order; ``role_sets`` the header mappings in force (a page break may repeat or shift
    the header) and ``value_masks`` which of the sheet's columns each one says hold values.
    Cells are gathered and parsed together (:func:`parse_value_arrays`); the per-row rules (the
    row's unit, a fraction in a percentage row, arrows that disagree with the numbers) are
    NumPy reductions over each row's run of cells, and text columns are built by Arrow
    ``take`` from one value per row or per column, so a 200 x 36 scorecard costs a few times
    what opening the workbook does.
    """
    if not entries:
        return
    # The value cells: the filled cells of each KPI row under a value heading, row by row and
    # left to right within a row.
    entry_rows = np.array([entry[0] for entry in entries], dtype=np.int64)
    entry_sets = np.array([entry[1] for entry in entries], dtype=np.int64)
    entry_of_cell, columns = np.nonzero(collector.filled[entry_rows] & np.stack(value_masks)[entry_sets])
    counts = np.bincount(entry_of_cell, minlength=len(entries))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rows = entry_rows[entry_of_cell]
    role_index = entry_sets[entry_of_cell]
    width = collector.grid.shape[1]
    sets = len(role_sets)
    measure_table = np.full((sets, width), "", dtype=object)
    comparator_table = np.full((sets, width), "", dtype=object)
    label_table = np.full((sets, width), "", dtype=object)
    frequency_table = np.full((sets, width), "", dtype=object)
    area_table = np.full((sets, width), "", dtype=object)
    period_table = np.full((sets, width), np.datetime64("NaT"), dtype="datetime64[ns]")
    dated_table = np.zeros((sets, width), dtype=bool)
    # The measures the rules below pick out, as small integers: comparing text per cell costs
    # far more than comparing numbers.
    measure_code_table = np.zeros((sets, width), dtype=np.int8)
    for index, roles in enumerate(role_sets):
        for c, role in roles.items():
            if role.kind != "value" or c >= width:
                continue
            measure_table[index, c] = role.measure
            measure_code_table[index, c] = _MEASURE_CODES.get(role.measure, 0)
            comparator_table[index, c] = role.comparator
            area_table[index, c] = role.label if role.comparator == "Region" else role.comparator
            label_table[index, c] = role.label if role.period is None or role.measure != "actual" else role.period.label
            if role.period is not None:
                period_table[index, c] = role.period.start.to_datetime64()
                frequency_table[index, c] = frequency_of(role.period)
                dated_table[index, c] = True
    slot = role_index * width + columns  # one index into the flattened role tables per cell
    measures = measure_code_table.ravel()[slot]
    periods = period_table.ravel()[slot]
    frequencies: dict[int, str] = {}  # a baseline's own period, from its note: rare, so kept apart
    dated = dated_table.ravel()[slot]

    cells = collector.grid[rows, columns]
    codes = collector.codes[rows, columns]
    parsed = parse_value_arrays(
        [decimal_comma(c) for c in cells.tolist()] if sheet.decimal_comma else cells, codes=codes
    )
    if sheet.decimal_comma:  # value_text keeps the cell as written, before the rewrite
        parsed["text"] = parse_value_arrays(cells, codes=codes)["text"]
    kind = parsed["kind"]
    value = parsed["value"]
    percent_sign = parsed["had_percent_sign"]
    cell_units = parsed["unit"]
    texts = parsed["text"]
    arrow_code = parsed["arrow_code"]
    has_arrow = arrow_code > 0
    number = kind == KIND_CODES["number"]
    numeric = number | (kind == KIND_CODES["range"]) | (kind == KIND_CODES["bound"])
    marker = kind == KIND_CODES["marker"]
    has_unit = cell_units != None  # noqa: E711

    # The unit of each row: a % sign anywhere makes it a percentage row; else the most common
    # written unit; else the KPI's name; else counts when every number is whole.
    percent_rows = np.logical_or.reduceat(numeric & percent_sign, starts)
    smallest_percent = np.minimum.reduceat(np.where(numeric & percent_sign, value, np.inf), starts)
    # Whole by its floor, not its remainder: infinity ("1e999") has none, and np.mod warns.
    whole = number & np.isfinite(value) & (np.floor(value) == value)
    whole_rows = np.logical_and.reduceat(~numeric | whole, starts)
    written = numeric & has_unit
    written_rows = np.logical_or.reduceat(written, starts)
    name_units = [model.infer_unit_from_name(entry[3]) for entry in entries]
    # Cells formatted as percentages in Excel arrive as fractions (12% is 0.12) with no % sign:
    # a row whose name says it is a percentage, holding only real numbers between -1 and 1.
    was_number = parsed["was_number"]
    named_percent = np.array([unit == "percent" for unit in name_units], dtype=bool)
    excel_percent = (
        named_percent
        & ~percent_rows
        & np.logical_or.reduceat(numeric, starts)
        & np.logical_and.reduceat(~numeric | (was_number & (np.abs(value) <= 1)), starts)
    )
    for position in np.flatnonzero(excel_percent).tolist():
        start, end = starts[position], starts[position] + counts[position]
        value[start:end] = np.round(value[start:end] * 100, 10)
        percent_rows[position] = True
        collector.problem(
            "excel_percentages",
            f"The numbers for '{shorten(entries[position][3], 60)}' are fractions (Excel's percentage format); "
            "they were read as percentages, so 0.12 is 12%.",
            int(entries[position][0]),
            None,
            cell=False,
        )
    row_units = np.array(
        [unit or ("count" if whole else "other") for unit, whole in zip(name_units, whole_rows.tolist(), strict=True)],
        dtype=object,
    )
    for position in np.flatnonzero(written_rows & ~percent_rows).tolist():
        start, end = starts[position], starts[position] + counts[position]
        units = cell_units[start:end][written[start:end]].tolist()
        row_units[position] = Counter(units).most_common(1)[0][0]
    row_units[percent_rows] = "percent"
    percent_row_of_cell = (row_units == "percent")[entry_of_cell]

    # A bare fraction among percentages written on a 0-100 scale ("0.316" among "35.4%") is a
    # percentage; among "0.45%" values a bare 0.66 stays 0.66.
    fraction = (
        percent_row_of_cell
        & number
        & ~percent_sign
        & (value > 0)
        & (value <= 1)
        & (smallest_percent[entry_of_cell] > 1)
        & np.isfinite(smallest_percent[entry_of_cell])
    )
    for index in np.flatnonzero(fraction).tolist():
        value[index] = round(value[index] * 100, 10)
        collector.problem(
            "fraction_as_percent",
            f"'{texts[index].as_py()}' in a percentage row was read as {value[index]:g}%.",
            int(rows[index]),
            int(columns[index]),
            cell=False,
        )
    unreadable = kind == KIND_CODES["unreadable"]
    for index in np.flatnonzero(unreadable).tolist():
        arrow = has_arrow[index]
        hint = "an arrow with no number" if arrow else "not a number, range or marker we know"
        collector.problem(
            "arrow_without_number" if arrow else "unreadable_value",
            f"'{shorten(texts[index].as_py())}' is {hint}; it was not read.",
            int(rows[index]),
            int(columns[index]),
        )
    for index in np.flatnonzero((measures == _MEASURE_CODES["comparator"]) & has_arrow & ~unreadable).tolist():
        collector.problem(
            "comparator_with_arrow",
            f"'{shorten(texts[index].as_py())}' is in the {label_table.ravel()[slot[index]]} column but carries a "
            "trend arrow, like the monthly values; check the columns line up on this row.",
            int(rows[index]),
            int(columns[index]),
            cell=False,
        )
    notes = parsed["note"]
    for index in np.flatnonzero((measures == _MEASURE_CODES["baseline"]) & ~dated & ~unreadable).tolist():
        if isinstance(notes[index], str):
            noted = parse_period(notes[index]) or period_in_text(notes[index])
            if noted is not None:
                periods[index] = noted.start.to_datetime64()
                frequencies[index] = frequency_of(noted)

    keep = ~unreadable
    kept = np.flatnonzero(keep)
    # A cell may carry a unit of its own ("12 weeks" in a row of counts): it keeps it. Unit
    # names are few, so each cell gets a code into one short list of names.
    unit_names = list(dict.fromkeys(row_units.tolist()))
    unit_code = np.array([unit_names.index(name) for name in row_units.tolist()], dtype=np.int64)[entry_of_cell]
    own = np.flatnonzero(has_unit & ~marker)
    own = own[cell_units[own] != row_units[entry_of_cell[own]]]
    for index, name in zip(own.tolist(), cell_units[own].tolist(), strict=True):
        if name in model.UNITS:
            if name not in unit_names:
                unit_names.append(name)
            unit_code[index] = unit_names.index(name)
    # "Sheet!F12" or "row 12, column F": one text per column and one per row, taken for every
    # cell and joined by Arrow, rather than one f-string per cell.
    used_columns = int(columns.max()) + 1 if len(columns) else 0
    used_rows = int(rows.max()) + 1 if len(rows) else 0
    if sheet.is_csv:
        firsts = [f"row {row + 1}, column " for row in range(used_rows)]
        seconds = [column_letter(column) for column in range(used_columns)]
        first_index, second_index = rows[kept], columns[kept]
    else:
        firsts = [f"{sheet.name}!{column_letter(column)}" for column in range(used_columns)]
        seconds = [str(row + 1) for row in range(used_rows)]
        first_index, second_index = columns[kept], rows[kept]
    sources = pc.binary_join_element_wise(
        pa.array(firsts, type=pa.large_string()).take(pa.array(first_index)),
        pa.array(seconds, type=pa.large_string()).take(pa.array(second_index)),
        pa.scalar("", pa.large_string()),
    )
    kept_entries = pa.array(entry_of_cell[kept])
    kept_slots = pa.array(slot[kept])

    def by_entry(position: int) -> pa.Array:
        # One value per KPI row, repeated for its cells by Arrow: no per-cell Python strings.
        return pa.array([entry[position] for entry in entries], type=pa.large_string()).take(kept_entries)

    def by_slot(table: np.ndarray) -> pa.Array:
        return pa.array(table.ravel().tolist(), type=pa.large_string()).take(kept_slots)

    columns_of = {
        "kpi_id": by_entry(2),
        "kpi_name": by_entry(3),
        "section": by_entry(4),
        "measure": by_slot(measure_table),
        "comparator": by_slot(comparator_table),
        # The area a comparator describes: a region as its heading names it ("SW").
        "area": by_slot(area_table),
        "period": periods[kept],
        "period_label": by_slot(label_table),
        "frequency": by_slot(frequency_table)
        if not frequencies
        else _with_noted(frequency_table, slot, frequencies, kept),
        "value": np.where(kind == KIND_CODES["range"], np.nan, value)[kept],
        "value_low": parsed["low"][kept],
        "value_high": parsed["high"][kept],
        "value_text": texts if len(kept) == len(keep) else texts.filter(pa.array(keep)),
        "unit": pa.array(unit_names, type=pa.large_string()).take(pa.array(unit_code[kept])),
        "locality": pa.repeat(pa.scalar(ALL, pa.large_string()), len(kept)),
        "phase": by_entry(5),
        "source": sources,
    }
    collector.frames.append(model.observations_from_arrays(columns_of))
    collector.fate[rows[kept], columns[kept]] = np.where(marker[kept], collector.MARKER, collector.VALUE)

    # Arrows that disagree with the file's own numbers, counted per KPI row: sort each row's
    # dated actuals by month, compare each step with the arrow written on its later month.
    check = np.flatnonzero(keep & (measures == _MEASURE_CODES["actual"]) & dated & number)
    if len(check) > 1:
        # Months usually run left to right already; sort only when they do not.
        in_order = (np.diff(entry_of_cell[check]) > 0) | (np.diff(periods[check]) >= np.timedelta64(0))
        order = check if in_order.all() else check[np.lexsort((periods[check], entry_of_cell[check]))]
        same_row = entry_of_cell[order][1:] == entry_of_cell[order][:-1]
        step = value[order][1:] - value[order][:-1]
        written_arrow = arrow_code[order][1:]
        direction = np.where(step > 0, ARROW_CODES["up"], np.where(step < 0, ARROW_CODES["down"], ARROW_CODES["flat"]))
        wrong = same_row & (written_arrow > 0) & (direction != written_arrow)
        per_entry = np.bincount(entry_of_cell[order][1:][wrong], minlength=len(entries))
        disagreeing = np.flatnonzero(per_entry).tolist()
        collector.row_problems(
            "arrows_disagree",
            [int(entries[position][0]) for position in disagreeing],
            [
                f"The file's trend arrows disagree with its own numbers in {how_many(count, 'month')} for "
                f"'{shorten(entries[position][3], 60)}'. The app works out trends from the numbers."
                for position, count in zip(disagreeing, per_entry[disagreeing].tolist(), strict=True)
            ],
        )


def _with_noted(table: np.ndarray, slot: np.ndarray, noted: dict[int, str], kept: np.ndarray) -> pa.Array:
    """The frequency column when some baselines' notes gave them a period of their own."""
    values = table.ravel()[slot]
    for index, frequency in noted.items():
        values[index] = frequency
    return pa.array(values[kept].tolist(), type=pa.large_string())
