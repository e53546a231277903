"""The tidy data model every page reads, and the KPI catalogue.

An *observation* is one number (or marker) read from one cell of one file. Its columns are
``OBSERVATION_COLUMNS``; :func:`observations_frame` builds a frame with the right dtypes from
row dicts, so every reader returns the same shape.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

OBSERVATION_COLUMNS: tuple[str, ...] = (
    "kpi_id",
    "kpi_name",
    "section",
    "measure",
    "comparator",
    "area",
    "period",
    "period_label",
    "frequency",
    "value",
    "value_low",
    "value_high",
    "value_text",
    "unit",
    "locality",
    "phase",
    "source",
)
MEASURES = ("actual", "target", "baseline", "comparator")
COMPARATORS = ("England", "Statistical neighbours", "Region")
PHASES = ("Early years", "Primary", "Secondary", "Post-16")
UNITS = ("percent", "count", "weeks", "days", "rate", "currency", "other")
ALL = "All"
# Units an authority's value shares a scale with England's and its region's: a count or a
# sum of money is another size for every area, so it is never drawn on the same axis.
SAME_SCALE_UNITS = ("percent", "rate", "weeks", "days")
GOOD_DIRECTIONS = ("up", "down", "none")

_FLOAT_COLUMNS = ("value", "value_low", "value_high")
_TEXT_COLUMNS = tuple(c for c in OBSERVATION_COLUMNS if c not in _FLOAT_COLUMNS and c != "period")


def observations_frame(rows: Iterable[Mapping[str, object]] = ()) -> pd.DataFrame:
    """Build an observations frame with the model's columns and dtypes.

    Missing keys take their defaults: ``locality`` and ``phase`` ``"All"``, ``comparator`` ``""``,
    numbers NaN, ``period`` NaT. Extra keys are dropped.
    """
    frame = pd.DataFrame(list(rows), columns=list(OBSERVATION_COLUMNS))
    return normalise_observations(frame)


def normalise_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with the model's columns, defaults and dtypes."""
    result = frame.reindex(columns=list(OBSERVATION_COLUMNS)).copy()
    for column in _FLOAT_COLUMNS:
        result[column] = pd.to_numeric(result[column], errors="coerce").astype("float64")
    result["period"] = pd.to_datetime(result["period"], errors="coerce")
    defaults = {"locality": ALL, "phase": ALL, "comparator": "", "measure": "actual", "section": ""}
    for column in _TEXT_COLUMNS:
        result[column] = _text_series(result[column], defaults.get(column, ""))
    # A comparator whose reader named no area is named by its kind ("England", "Region").
    unnamed = (result["area"] == "") & (result["comparator"] != "")
    if unnamed.any():
        result.loc[unnamed, "area"] = result.loc[unnamed, "comparator"]
    # A dated value whose reader did not say otherwise is a month's; an undated one has none.
    unsaid = result["frequency"] == ""
    if unsaid.any():
        result.loc[unsaid & result["period"].notna(), "frequency"] = "month"
    result.loc[result["period"].isna(), "frequency"] = ""
    return result.reset_index(drop=True)


# How a value from the improvement plan's YAML names its source ("plan line 40"); the public
# view keeps only this word of it, so that it can still tell the plan's figures from files'.
PLAN_SOURCE = "plan"


def is_from_plan(sources: pd.Series) -> pd.Series:
    """Which of ``sources`` (an observations frame's ``source``) name the plan, not a file."""
    return sources.astype(str).str.startswith(PLAN_SOURCE)


STRING_DTYPE = pd.Series(["x"]).astype(str).dtype  # pandas' default string dtype


def observations_from_arrays(columns: Mapping[str, pa.Array | np.ndarray]) -> pd.DataFrame:
    """An observations frame from one array per column, already in the model's types.

    Text columns are Arrow string arrays with no nulls (wrapped, not copied: readers build
    them with Arrow, and a trip through Python strings would cost more than reading the
    file); ``value``, ``value_low`` and ``value_high`` are float arrays; ``period`` is
    ``datetime64[ns]`` with NaT for undated. Every column in ``OBSERVATION_COLUMNS`` is required
    and all have one length. The result needs no :func:`normalise_observations`.
    """
    data: dict[str, object] = {}
    for column in OBSERVATION_COLUMNS:
        array = columns[column]
        if column in _FLOAT_COLUMNS:
            data[column] = np.asarray(array, dtype="float64")
        elif column == "period":
            data[column] = np.asarray(array, dtype="datetime64[ns]")
        else:
            if array.null_count:
                raise ValueError(f"The text column {column} has missing values.")
            data[column] = string_array(array)
    return pd.DataFrame(data, copy=False)


def string_array(array: pa.Array, dtype: pd.StringDtype = STRING_DTYPE) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as a pandas column in ``dtype`` (pandas' default string dtype
    unless given), wrapped, not copied.

    The array is made directly rather than through ``pd.array``, whose checks of what it was
    given cost four times as much; a read builds a couple of dozen such columns.
    """
    return pd.arrays.ArrowStringArray(array, dtype=dtype)


def _text_series(series: pd.Series, default: str) -> pd.Series:
    """A text column with ``default`` for missing values, in pandas' string dtype.

    Built through Arrow directly: ``astype(str)`` checks each value in Python, which was the
    slowest step of reading a large scorecard.
    """
    if series.dtype == STRING_DTYPE:
        return series.fillna(default) if series.isna().any() else series
    values = series.to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = default
    try:
        array = pa.array(values.tolist(), type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pd.Series(values, index=series.index).astype(str)
    return pd.Series(array, index=series.index, dtype=STRING_DTYPE)


def is_authority(
    la_name: Iterable[object], new_la_code: Iterable[object], old_la_code: Iterable[object], wanted: str | None
) -> np.ndarray:
    """Which rows are the local authority ``wanted``, given as its name or either of its
    codes (``Birmingham``, ``E08000025`` or ``330``), in any case. All False when ``wanted``
    is empty. Used wherever DfE data marks "us": reading it, the England map, the ranking."""
    key = (wanted or "").strip().lower()
    columns = [np.char.lower(np.asarray(list(column), dtype=str)) for column in (la_name, new_la_code, old_la_code)]
    if not key:
        return np.zeros(len(columns[0]), dtype=bool)
    return (columns[0] == key) | (columns[1] == key) | (columns[2] == key)


_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


# Cached: a monthly file names the same few hundred KPIs every month.
@functools.lru_cache(maxsize=8192)
def slugify(text: str, *, max_length: int = 60) -> str:
    """A stable id from a KPI name: lower case, words joined by ``-``.

    The same name gives the same id in next month's file, which is how months join up.
    """
    slug = _NOT_SLUG_RE.sub("-", text.lower().replace("%", " pc ")).strip("-")
    if len(slug) > max_length:
        # Long names often differ only at the end: keep them apart with a short digest.
        digest = hashlib.sha1(slug.encode()).hexdigest()[:6]
        slug = slug[: max_length - 7].rstrip("-") + "-" + digest
    return slug or "kpi"


# Words that mean lower is better, in a KPI's name. Shown as "inferred" wherever used.
_LOWER_IS_BETTER = (
    "wait",
    "complaint",
    "neet",
    "exclusion",
    "suspension",
    "overdue",
    "absent",
    "absence",
    "appeal",
    "tribunal",
    "over 20 weeks",
    "over 30 weeks",
    "over 52 weeks",
    "exceeded",
    "backlog",
    "not completed",
    "unknown",
    "eotas",
    "electively home",
    "home educated",
    "days to close",
    "waiting for",
    "unsettled",
    "independent & non-maintained",
    "independent and non-maintained",
    "conceded",
    "mediation",
)
# Words for a state nobody wants, which decide the direction whatever else the name says: an
# absence KPI labelled "(Attendance)", a child "in Mainstream or AP ... waiting for a Special
# School place", "not in education, employment or training". Looked for before the words below.
_DECISIVELY_LOWER_IS_BETTER = ("absent", "absence", "waiting for", "awaiting", "not in education", "neet")
_HIGHER_IS_BETTER = (
    "within 20 weeks",
    "within 6 weeks",
    "within timescale",
    "within 4 weeks",
    "in 20 weeks",
    "satisf",
    "good or outstanding",
    "good and outstanding",
    "'good' or 'better'",
    "good or better",
    "good/outstanding",
    "in mainstream",
    "mainstream environment",
    "understand",
    "employment",
    "attendance",
    "in education",
    "answered",
    "compliment",
    "take up",
    "claiming",
    "happy",
    "contributed",
    "good communication",
    "direct payments",
    "received face-to-face",
    "developmental health review",
    "transfer",
    "traffic",
    "assessed within",
    "resolved",
)


def infer_good_direction(name: str) -> str:
    """Guess whether higher or lower is better from a KPI's name: ``up``, ``down`` or ``none``.

    Only a guess: callers must label it as inferred. Counts of activity with no clear
    polarity ("No. of EHCPs") are ``none``.
    """
    lowered = name.lower()
    if any(phrase in lowered for phrase in _DECISIVELY_LOWER_IS_BETTER):
        return "down"
    for phrase in _HIGHER_IS_BETTER:
        if phrase in lowered and not any(neg in lowered for neg in ("not completed", "over 20 weeks awaiting")):
            return "up"
    for phrase in _LOWER_IS_BETTER:
        if phrase in lowered:
            return "down"
    return "none"


_RATE_RE = re.compile(r"\brate\b")
_COUNT_RE = re.compile(r"^(no\.?|number|total number|count)\b")


@functools.lru_cache(maxsize=8192)
def infer_unit_from_name(name: str) -> str | None:
    """A unit from a KPI's name, or None when the name does not say."""
    lowered = name.lower().strip()
    if (
        lowered.startswith("%")
        or "percentage" in lowered
        or "% of" in lowered
        or "(%)" in lowered
        or lowered.endswith("%")
        or lowered.startswith("proportion")
    ):
        return "percent"
    if _RATE_RE.search(lowered):
        return "rate"
    if "average wait" in lowered or "longest wait" in lowered:
        return "weeks"
    if "days" in lowered:
        return "days"
    if _COUNT_RE.match(lowered) or lowered.startswith("no of"):
        return "count"
    return None


def is_cumulative_name(name: str) -> bool:
    """True when a KPI's name says it accumulates over the year (and resets)."""
    lowered = name.lower()
    return "cumulative" in lowered or " ytd" in lowered or "year to date" in lowered


def kpi_catalogue(observations: pd.DataFrame, plan_kpis: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per KPI: ``kpi_id, kpi_name, section, objective, unit, good_direction,
    direction_inferred, cumulative, public, description``.

    The plan's KPI table (same columns, from :mod:`send_core.plan`) wins where it says
    something; otherwise the unit is the most common unit of the KPI's actuals and the good
    direction is inferred from the name (``direction_inferred`` True). An empty frame gives an
    empty catalogue.
    """
    columns = [
        "kpi_id",
        "kpi_name",
        "section",
        "objective",
        "unit",
        "good_direction",
        "direction_inferred",
        "cumulative",
        "public",
        "description",  # the plan's plain-English description, "" when it has none
    ]
    rows: dict[str, dict[str, object]] = {}
    if not observations.empty:
        # Whole-frame operations, then one loop over the KPIs (a loop of pandas calls per KPI
        # cost a quarter of an upload's run): each KPI's first name and section, and the most
        # common unit of its actuals (of equally common units, the first in alphabetical order).
        firsts = observations.drop_duplicates("kpi_id")
        written = observations.loc[
            (observations["measure"] == "actual") & (observations["unit"] != ""), ["kpi_id", "unit"]
        ]
        counts = written.groupby(["kpi_id", "unit"], sort=False, observed=True).size().reset_index(name="count")
        best = counts.sort_values(["kpi_id", "count", "unit"], ascending=[True, False, True]).drop_duplicates("kpi_id")
        unit_of = dict(zip(best["kpi_id"], best["unit"], strict=True))
        for kpi_id, name, section in zip(firsts["kpi_id"], firsts["kpi_name"], firsts["section"], strict=True):
            name = str(name)
            unit = unit_of.get(kpi_id) or infer_unit_from_name(name) or "other"
            rows[str(kpi_id)] = {
                "kpi_id": str(kpi_id),
                "kpi_name": name,
                "section": str(section),
                "objective": "",
                "unit": unit,
                "good_direction": infer_good_direction(name),
                "direction_inferred": True,
                "cumulative": is_cumulative_name(name),
                "public": True,
                "description": "",
            }
    if plan_kpis is not None and not plan_kpis.empty:
        for record in plan_kpis.to_dict("records"):
            kpi_id = str(record["kpi_id"])
            row = rows.setdefault(
                kpi_id,
                {
                    "kpi_id": kpi_id,
                    "kpi_name": record.get("kpi_name", kpi_id),
                    "section": "",
                    "objective": "",
                    "unit": "other",
                    "good_direction": "none",
                    "direction_inferred": True,
                    "cumulative": False,
                    "public": True,
                    "description": "",
                },
            )
            for key in ("kpi_name", "objective", "unit", "cumulative", "public", "description"):
                value = record.get(key)
                if value is not None and not (isinstance(value, float) and math.isnan(value)) and value != "":
                    row[key] = value
            direction = record.get("good_direction")
            if direction:
                row["good_direction"] = direction
                row["direction_inferred"] = False
            elif row["direction_inferred"]:
                row["good_direction"] = infer_good_direction(str(row["kpi_name"]))
    return pd.DataFrame(list(rows.values()), columns=columns)


def good_directions(catalogue: pd.DataFrame) -> dict[str, str]:
    """Each KPI's good direction (``up``, ``down``, ``none``) from the catalogue, by KPI id:
    the plan's where it gives one, else inferred from the name."""
    return dict(zip(catalogue["kpi_id"], catalogue["good_direction"], strict=True))
