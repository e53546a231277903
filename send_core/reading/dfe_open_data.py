"""DfE open data: Explore Education Statistics (EES) CSV files.

National rows become England comparators, the chosen authority's rows actuals and its
region's rows region comparators; every authority is kept for the England map. GSS symbols
(``c x z k u``) become markers. Read with Arrow, one indicator column at a time.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import model
from ..errors import ScorecardError
from ..model import ALL, slugify
from ..problems import ERROR, MAX_CELL_PROBLEMS_LISTED, problem, problems_frame
from .dfe_guidance import Variable, variable_for
from .extents import MAX_ROWS
from .headers import shorten
from .periods import frequency_of, parse_period
from .reader import OPENED_SHARE, Detection, FileRead, ReadOptions
from .values import GSS_SYMBOLS
from .workbook import OpenedFile, column_letter

DFE_OPEN_DATA = "dfe_open_data"
INDICATOR_SAMPLE_ROWS = 5000  # a column is judged an indicator or a filter on this many rows
# Every authority's values (for the England map), one row each: the cell is its row and column.
AUTHORITY_COLUMNS = (
    "new_la_code",
    "old_la_code",
    "la_name",
    "region_name",
    "kpi_id",
    "kpi_name",
    "period",
    "time_period",
    "value",
    "value_text",
    "unit",
    "row",
    "column",
)
AUTHORITY_CATEGORIES = tuple(column for column in AUTHORITY_COLUMNS if column not in ("period", "value", "row"))

EES_STANDARD_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "opportunity_area_code",
    "opportunity_area_name",
)
_EES_LEVELS = {"national": "National", "regional": "Regional", "local authority": "Local authority"}
_GSS_SYMBOL_VALUES = pa.array(sorted(GSS_SYMBOLS), type=pa.string())


def kpi_label(variable: Variable) -> str:
    """A variable's label as a KPI's name: a percentage says so, so it is never taken for the
    count DfE describes in the same words ("EHC plans issued within 20 weeks (%)")."""
    if variable.unit == "percent" and not re.search(r"(?i)%|percent|share", variable.label):
        return f"{variable.label} (%)"
    return variable.label


def read_dfe_open_data(
    opened: OpenedFile,
    local_authority: str | None,
    report: Callable[[float, str], None],
    guidance: Mapping[str, Variable] | None = None,
    *,
    totals_only: bool = False,
) -> FileRead:
    """Read an EES CSV: observations, problems, accounting and every authority's values. With
    Arrow, one indicator column at a time (a release file holds about a million values:
    nothing here touches them one by one in Python). ``guidance`` is this file's variables
    from its release's data guidance: each KPI's name and unit come from it, else from the
    built-in dictionary (:mod:`.dfe_guidance`). With ``totals_only``, rows that break a
    measure down (by age, sex ...) are counted but only the totals become KPIs."""
    filename = opened.name
    import pyarrow.csv as pa_csv  # only this reader needs Arrow's CSV parser

    header = [str(c) for c in opened.csv_header]
    data = (opened.csv_text or "").encode("utf-8")
    try:
        # Read in blocks and stop at MAX_ROWS, as every other CSV is: an 85 MB release read whole
        # peaked at 3.35 GB.
        reader = pa_csv.open_csv(
            io.BytesIO(data),
            # The header's names are given rather than read again by Arrow, so that every column
            # is the text column asked for below: Arrow skips a byte-order mark the header
            # keeps (a file saved twice with one has two), and a name it read differently
            # would be left to type inference (int64, which the text steps refuse).
            read_options=pa_csv.ReadOptions(block_size=1 << 20, column_names=header, skip_rows=1),
            parse_options=pa_csv.ParseOptions(delimiter=opened.csv_delimiter),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        batches, rows_read, rows_dropped, cells_dropped = [], 0, 0, 0
        for batch in reader:
            if rows_read >= MAX_ROWS:
                # Past the cap a block is only counted, then let go: memory stays at a few blocks.
                rows_dropped += batch.num_rows
                cells_dropped += _filled_cells(batch)
                continue
            keep = min(batch.num_rows, MAX_ROWS - rows_read)
            if keep < batch.num_rows:
                rows_dropped += batch.num_rows - keep
                cells_dropped += _filled_cells(batch.slice(keep))
                batch = batch.slice(0, keep)
            batches.append(batch)
            rows_read += keep
        table = pa.Table.from_batches(batches, schema=reader.schema)
    except (pa.ArrowInvalid, ValueError) as error:
        raise ScorecardError(
            f"{filename} is not valid CSV ({error}). Save it as 'CSV UTF-8' and upload it again."
        ) from None
    names, problems = [], []
    for position, column in enumerate(table.column_names):
        name = str(column).strip().lstrip("\ufeff").lower()
        if name in names:
            # DfE's own files have held one column twice: both are read, the second renamed.
            renamed = f"{name}_{names.count(name) + 1}" if f"{name}_2" not in names else f"{name}_{position + 1}"
            problems.append(
                problem(
                    "duplicate_column",
                    f"{filename} has two columns named {name}; the second (column {column_letter(position)}) is "
                    f"read as {renamed}.",
                    location=f"column {column_letter(position)}",
                    sheet=filename,
                    column=position + 1,
                )
            )
            name = renamed
        names.append(name)
    table = table.rename_columns(names)
    row_count = table.num_rows
    trimmed = {name: pc.utf8_trim_whitespace(table.column(name)) for name in names}
    non_empty_cells = sum(int(pc.sum(pc.not_equal(column, "")).as_py() or 0) for column in trimmed.values())
    non_empty_cells += cells_dropped  # counted as not understood below

    def text_column(name: str) -> np.ndarray:
        return trimmed[name].to_numpy(zero_copy_only=False) if name in trimmed else np.full(row_count, "", dtype=object)

    level_text = text_column("geographic_level")
    level = np.array([_EES_LEVELS.get(str(v).lower(), "") for v in level_text.tolist()], dtype=object)
    if rows_dropped:
        problems.append(
            problem(
                "rows_dropped",
                f"{filename} has {MAX_ROWS + rows_dropped:,} rows; only the first {MAX_ROWS:,} were read. Download "
                "the release filtered to your authority, region and England, or split the file.",
                location=filename,
                sheet=filename,
            )
        )
    for name, count in pd.Series(level_text[level == ""]).value_counts().items():
        problems.append(
            problem(
                "level_not_used",
                f"{count} rows at geographic level '{name}' are not used (only national, regional and local "
                "authority rows are).",
                location="column geographic_level",
                sheet=filename,
            )
        )

    # A column is an indicator when (in a sample of rows) its values are numbers or GSS symbols.
    sample = slice(0, min(row_count, INDICATOR_SAMPLE_ROWS))
    indicators, filters = [], []
    for name in names:
        if name in EES_STANDARD_COLUMNS:
            continue
        values = trimmed[name].slice(sample.start, sample.stop - sample.start)
        numeric = ~np.isnan(_numbers(values))
        symbol = _symbols(values) | pc.equal(values, "").to_numpy(zero_copy_only=False)
        # All-symbol columns ("x" for a year not collected) are indicators too; a filter holds words.
        (indicators if (numeric | symbol).mean() > 0.95 else filters).append(name)

    used = level != ""
    varying = [f for f in filters if len(set(text_column(f)[used].tolist())) > 1]
    if varying:
        combo_codes, combo_keys = pd.MultiIndex.from_arrays([text_column(f) for f in varying]).factorize()
        combo_values = [[str(v) for v in key] for key in combo_keys]
        # "Total" and "All EHC plans" rows are the whole; they add nothing to a KPI's name.
        combo_label = [
            ", ".join(
                dict.fromkeys(v for v in values if v and v.lower() != "total" and not v.lower().startswith("all "))
            )
            for values in combo_values
        ]
        combo_suffix = ["|" + "|".join(slugify(v, max_length=30) for v in values) for values in combo_values]
    else:
        combo_codes = np.zeros(row_count, dtype=np.int64)
        combo_label, combo_suffix = [""], [""]

    period_text = text_column("time_period")
    period_codes, period_labels = pd.factorize(period_text)
    found_periods = [parse_period(label) for label in period_labels]
    period_starts = np.array(
        [found.start.to_datetime64() if found else np.datetime64("NaT") for found in found_periods],
        dtype="datetime64[ns]",
    )
    period_frequencies = np.array([frequency_of(found) for found in found_periods], dtype=object)
    region = text_column("region_name")
    la_name, new_code, old_code = text_column("la_name"), text_column("new_la_code"), text_column("old_la_code")
    wanted = (local_authority or "").strip().lower()
    ours_mask = (level == "Local authority") & model.is_authority(la_name, new_code, old_code, wanted)
    our_regions = set(region[ours_mask].tolist())
    region_mask = (
        (level == "Regional") & np.isin(region, list(our_regions)) if our_regions else np.zeros(row_count, dtype=bool)
    )
    national_mask = level == "National"
    authority_mask = level == "Local authority"
    if totals_only:
        # Only the whole-population rows become KPIs (a release breaks each measure down by age,
        # sex, ethnicity ... into thousands of rows): the rest are counted and said, not read.
        totals = np.array([label == "" for label in combo_label], dtype=bool)
        if totals.any() and not totals.all():
            whole = totals[combo_codes]
            breakdown_rows = int((~whole & (level != "")).sum())
            ours_mask, region_mask = ours_mask & whole, region_mask & whole
            national_mask, authority_mask = national_mask & whole, authority_mask & whole
            problems.append(
                problem(
                    "breakdowns_not_read",
                    f"{filename}: {breakdown_rows:,} rows break its measures down ({', '.join(varying)}); only "
                    "the totals were read. Upload the file on its own to read every breakdown.",
                    location=filename,
                    sheet=filename,
                )
            )
    column_letters = {name: column_letter(index) for index, name in enumerate(names)}

    observation_pieces, authority_pieces = [], []
    values_count = markers_count = problem_cells = 0
    for position, name in enumerate(indicators):
        report(
            OPENED_SHARE + (1 - OPENED_SHARE) * position / len(indicators),
            f"Reading {name} ({position + 1} of {len(indicators)} measures)",
        )
        texts = trimmed[name]
        numbers = _numbers(texts)
        raw = texts.to_numpy(zero_copy_only=False)
        symbol = _symbols(texts) & np.isnan(numbers)
        filled = raw != ""
        readable = filled & (~np.isnan(numbers) | symbol)
        unreadable = filled & ~readable
        values_count += int((readable & ~symbol).sum())
        markers_count += int((readable & symbol).sum())
        problem_cells += int(unreadable.sum())
        for row in np.flatnonzero(unreadable)[: max(0, MAX_CELL_PROBLEMS_LISTED - len(problems))].tolist():
            problems.append(
                problem(
                    "unreadable_value",
                    f"'{shorten(raw[row])}' in {name} is not a number or a GSS symbol.",
                    location=f"row {row + 2}, column {column_letters[name]}",
                    sheet=filename,
                    row=row + 2,
                    column=names.index(name) + 1,
                )
            )
        kpi_ids = np.array([name + suffix for suffix in combo_suffix], dtype=object)
        variable = variable_for(name, guidance)
        kpi_names = np.array(
            [kpi_label(variable) + (f" ({label})" if label else "") for label in combo_label], dtype=object
        )
        unit = variable.unit
        for mask, measure, comparator, area, target in (
            (national_mask, "comparator", "England", "England", observation_pieces),
            (ours_mask, "actual", "", "", observation_pieces),
            # The region is named as DfE names it ("West Midlands"), not "Region".
            (region_mask, "comparator", "Region", region, observation_pieces),
            (authority_mask, "", "", "", authority_pieces),
        ):
            rows = np.flatnonzero(mask & readable)
            if not len(rows):
                continue
            piece = {
                "kpi_id": kpi_ids[combo_codes[rows]],
                "kpi_name": kpi_names[combo_codes[rows]],
                "period": period_starts[period_codes[rows]],
                "period_label": period_labels[period_codes[rows]],
                "frequency": period_frequencies[period_codes[rows]],
                "value": numbers[rows],
                "value_text": raw[rows],
                "unit": np.full(len(rows), unit, dtype=object),
                "row": rows + 2,
                "column": np.full(len(rows), column_letters[name], dtype=object),
            }
            if target is authority_pieces:
                piece.update(
                    new_la_code=new_code[rows],
                    old_la_code=old_code[rows],
                    la_name=la_name[rows],
                    region_name=region[rows],
                )
            else:
                piece.update(
                    measure=np.full(len(rows), measure, dtype=object),
                    comparator=np.full(len(rows), comparator, dtype=object),
                    area=area[rows] if isinstance(area, np.ndarray) else np.full(len(rows), area, dtype=object),
                )
            target.append(piece)
    if problem_cells > MAX_CELL_PROBLEMS_LISTED:
        problems.append(
            problem(
                "more_problems",
                f"{problem_cells - MAX_CELL_PROBLEMS_LISTED} more cells are not numbers or GSS symbols.",
                severity=ERROR,
                location=filename,
                sheet=filename,
            )
        )
    if wanted and not ours_mask.any():
        problems.append(
            problem(
                "authority_not_found",
                f"No rows for the local authority '{local_authority}'. Pick one of the names in la_name.",
                location="column la_name",
                sheet=filename,
            )
        )
    if not wanted:
        problems.append(
            problem(
                "authority_not_chosen",
                "Choose which local authority is yours to read its rows as actuals; England rows were read as "
                "comparators, and every authority is kept for the England map.",
                location="column la_name",
                sheet=filename,
            )
        )
    chosen = _joined(observation_pieces) if observation_pieces else pd.DataFrame(columns=["kpi_id", "row", "column"])
    observations = model.normalise_observations(
        chosen.assign(
            section="DfE open data",
            value_low=math.nan,
            value_high=math.nan,
            locality=ALL,
            phase=ALL,
            source="row " + chosen["row"].astype(str) + ", column " + chosen["column"].astype(str),
        )
    )
    authority_columns = list(AUTHORITY_COLUMNS)
    if authority_pieces:
        authorities = _joined(authority_pieces)
        authorities = authorities.assign(time_period=authorities["period_label"])[authority_columns]
        # A release holds a million authority values: the text columns repeat a few hundred
        # names, so they are kept as categories (a tenth of the memory), and each value's cell
        # as its row number and column letter rather than a million "row N, column F" strings.
        authorities = authorities.astype(dict.fromkeys(AUTHORITY_CATEGORIES, "category")).astype({"row": "int32"})
    else:
        authorities = pd.DataFrame(columns=authority_columns)
    cells = non_empty_cells + sum(1 for name in header if str(name).strip())
    accounting = {
        "cells": cells,
        "values": values_count,
        "markers": markers_count,
        "problems": problem_cells + cells_dropped,
        "labels": cells - values_count - markers_count - problem_cells - cells_dropped,
    }
    return FileRead(observations, problems_frame(problems), accounting, authorities)


def relabel(observations: pd.DataFrame, guidance: Mapping[str, Variable]) -> pd.DataFrame:
    """DfE open-data observations named and measured by ``guidance`` (one file's variables,
    uploaded after the file was read): each KPI's name and unit as the guidance gives them,
    its breakdown kept. Returns a new frame; KPIs the guidance does not list are unchanged."""
    if observations.empty or not guidance:
        return observations
    base = observations["kpi_id"].str.split("|").str[0].str.lower()
    described = base.isin(set(guidance))
    if not described.any():
        return observations
    result = observations.copy()
    names, units = [], []
    for variable_name, kpi_name in zip(base[described], result.loc[described, "kpi_name"], strict=True):
        variable = guidance[variable_name]
        old = kpi_label(variable_for(variable_name))
        breakdown = kpi_name[len(old) :] if kpi_name.startswith(old) else ""
        names.append(kpi_label(variable) + breakdown)
        units.append(variable.unit)
    result.loc[described, "kpi_name"] = names
    result.loc[described, "unit"] = units
    return result


def _numbers(texts: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Each text as a number ("1,234" -> 1234.0), NaN where it is not one. Text steps are
    Arrow's, one call per column rather than pandas' per-Series machinery (3,000 columns of
    a wide release took seconds that way)."""
    plain = pc.replace_substring(texts, ",", "").to_numpy(zero_copy_only=False)
    return np.asarray(pd.to_numeric(plain, errors="coerce"), dtype=float)


def _symbols(texts: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Whether each text is a GSS symbol (x, c, z ...), in any case. Lower-cased by Arrow cell
    by cell: NumPy's fixed-width strings would make every cell as wide as the longest (one
    100,000-letter cell in a million rows asked for 7 GiB)."""
    return pc.is_in(pc.utf8_lower(texts), value_set=_GSS_SYMBOL_VALUES).to_numpy(zero_copy_only=False)


def _joined(pieces: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """One frame from pieces of equal columns, each column joined once: a frame per piece and
    a concat of them cost about 2 ms a piece, 25 s for a release with 3,000 measures."""
    return pd.DataFrame({key: np.concatenate([piece[key] for piece in pieces]) for key in pieces[0]})


def _filled_cells(batch: pa.RecordBatch) -> int:
    """How many cells of a block hold something other than spaces."""
    return sum(int(pc.sum(pc.not_equal(pc.utf8_trim_whitespace(column), "")).as_py() or 0) for column in batch.columns)


def is_dfe_open_data(opened: OpenedFile) -> bool:
    """A CSV whose header has EES's ``time_period`` and ``geographic_level`` columns."""
    if opened.kind != "csv":
        return False
    header = {str(c).strip().lower().lstrip("\ufeff") for c in opened.csv_header}
    return "time_period" in header and "geographic_level" in header


@dataclass(frozen=True)
class DfeOpenDataReader:
    """The registry's entry for DfE open data: it reads a whole CSV file, not one sheet."""

    name: str = DFE_OPEN_DATA
    description: str = "DfE open data (Explore Education Statistics CSV)"
    refusal: str = "is not DfE open data: it needs time_period and geographic_level columns"
    reads_whole_file = True

    def detect(self, opened: OpenedFile) -> Detection | None:
        """EES's standard columns score 1; anything else is not DfE open data."""
        return Detection(self.name, 1.0, None) if is_dfe_open_data(opened) else None

    def read(self, opened: OpenedFile, detection: Detection, options: ReadOptions) -> FileRead:
        """Read the release file (see :func:`read_dfe_open_data`)."""
        return read_dfe_open_data(opened, options.local_authority, options.report)


DFE_OPEN_DATA_READER = DfeOpenDataReader()
