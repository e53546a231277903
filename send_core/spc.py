"""Statistical process control: the XmR chart of NHS England's "Making Data Count" (MDC).

:func:`xmr` returns a tidy frame (one row per point) and the two icons' states; drawing is
separate (:func:`send_core.charts.spc_layers`). Each rule is a small function of its own and
each threshold is named once, here. The rules follow NHS England's "SPC Charts XmR Testing"
document for its Single Chart Tool (README, "Ratings and statistical process control"):

- process limits at the mean plus or minus 2.66 mean moving ranges; the two-sigma lines two
  thirds of the way out. Moving-range outliers (3.267 mean moving ranges or more) may be
  screened out of the mean moving range (:attr:`SpcRules.screen_moving_ranges`, off, as MDC);
- a single point outside a process limit;
- a shift: ``shift_length`` points in a row all above, or all below, the mean (a point on
  the mean breaks it);
- a trend: ``trend_length`` points in a row each higher (or lower) than the one before (equal
  values break it). A trend is an improvement or a concern by its direction, not by the side
  of the mean it is on;
- two of three: of three points in a row all on the same side of the mean, two or three lie
  beyond the two-sigma line (but not beyond the process limit): those are marked;
- a point that is both an improvement and a concern (a trend crossing a shift) is an
  improvement, as MDC's tool shows, unless :attr:`SpcRules.conflict` says concern;
- a recalculation splits the chart into sections, each with its own mean and limits; the rules
  that need several points run across the break, each point judged against its own section's
  lines. A baseline fixes the mean and limits on the first points and extends them;
- with fewer than ``MINIMUM_POINTS`` points the chart is a plain run chart: no limits, no
  special-cause marks, no icons.

Missing values (NaN) are kept as rows but skipped: moving ranges join the points either side of
a gap, and a gap does not break a run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import SendCoreError

PROCESS_LIMIT = 2.66  # mean +/- 2.66 x mean moving range: the process limits (3 sigma)
TWO_SIGMA_LIMIT = PROCESS_LIMIT * 2 / 3  # 1.773: two thirds of the way to a limit
MOVING_RANGE_OUTLIER = 3.267  # a moving range this many mean moving ranges or more is an outlier
MINIMUM_POINTS = 13  # fewer points: a run chart, no limits, marks or icons
MINIMUM_BASELINE = 12  # points a fixed baseline needs
RUN_LENGTHS = (6, 7, 8)  # shift and trend lengths allowed
TWO_OF_THREE = (2, 3)  # two of three points in a row beyond the two-sigma line, same side
DIRECTIONS = ("up", "down")  # the good directions; None (or "none") is neither
CONFLICT_WINNERS = ("improvement", "concern")


class SpcError(SendCoreError):
    """Statistical process control was asked for something it cannot do (a baseline of
    fewer than 12 points, an unknown direction, a run length outside 6 to 8)."""


@dataclass(frozen=True)
class SpcRules:
    """How the special-cause rules are set. The defaults are NHS England's Making Data Count
    tool's (shift and trend of 6, improvement wins a conflict, no moving-range screening)."""

    shift_length: int = 6
    trend_length: int = 6
    conflict: str = "improvement"
    screen_moving_ranges: bool = False

    def __post_init__(self) -> None:
        for name in ("shift_length", "trend_length"):
            if getattr(self, name) not in RUN_LENGTHS:
                raise SpcError(f"The SPC {name.replace('_', ' ')} must be 6, 7 or 8, not {getattr(self, name)}.")
        if self.conflict not in CONFLICT_WINNERS:
            raise SpcError(f"An SPC conflict is won by improvement or concern, not {self.conflict!r}.")


MAKING_DATA_COUNT = SpcRules()  # NHS England's Single Chart Tool
PLOTTHEDOTS = SpcRules(shift_length=7, trend_length=7)  # NHSRplotthedots' run lengths
RULE_PRESETS = {"making_data_count": MAKING_DATA_COUNT, "plotthedots": PLOTTHEDOTS}


@dataclass(frozen=True)
class SpcResult:
    """``points`` has one row per value given: ``value, section, mean, lower, upper,
    lower_two_sigma, upper_two_sigma``, one boolean column per rule (``outside_limits,
    shift, trend, two_of_three``), ``special_cause`` and ``point_type`` (``common_cause``,
    ``improvement``, ``concern`` or ``neutral``). With ``provisional`` (fewer than
    ``MINIMUM_POINTS`` values) the limits are NaN and nothing is marked."""

    points: pd.DataFrame
    variation: str | None
    assurance: str | None
    provisional: bool


# At least this share of consecutive figures the same as the one before: a figure carried
# forward (updated each term or year) or a rare count. Its moving ranges are mostly 0, so the
# usual range is too narrow and nearly every point after a step looks unusual.
REPEATED_SHARE = 0.5
REPEATED_FIGURES = "repeated_figures"  # the app's code, as a variation and an assurance, for such a series


def mostly_repeated(values: Sequence[float] | np.ndarray) -> bool:
    """Whether at least ``REPEATED_SHARE`` of the consecutive pairs of ``values`` (oldest first)
    are equal, so the series is not suitable for SPC as it stands (BCP's SEN Support: 7,359
    five months running, then 7,552 four, then 7,162 four: 10 of 13 pairs). False for fewer
    than three values."""
    values = np.asarray(values, dtype=float)
    if len(values) < 3:
        return False
    return float(np.mean(np.diff(values) == 0)) >= REPEATED_SHARE


def too_repeated_for_limits(values: Sequence[float] | np.ndarray) -> bool:
    """Whether a series that would have limits (``MINIMUM_POINTS`` or more) is
    :func:`mostly_repeated`, so it gets none: the chart, its sentence and the KPI's icons all
    say it is not tested instead. A shorter series is a run chart either way."""
    return len(values) >= MINIMUM_POINTS and mostly_repeated(values)


def latest_step_against(variation: object, change: float | None) -> bool:
    """Whether the latest step (``change``, the latest figure less the one before) went the
    other way from a special-cause signal (a ``..._high`` or ``..._low`` variation): the signal
    is about recent months, so "getting better" can stand beside a figure that just got worse.
    False for no signal, or no change (None, NaN or 0)."""
    if not isinstance(variation, str) or not variation.endswith(("_high", "_low")):
        return False
    if change is None or change != change or change == 0:
        return False
    return (change > 0) != variation.endswith("_high")


def moving_ranges(values: np.ndarray) -> np.ndarray:
    """Absolute differences between consecutive values (length n - 1)."""
    return np.abs(np.diff(values))


def mean_moving_range(values: np.ndarray, *, screen: bool = False) -> float:
    """The mean moving range of ``values``; with ``screen``, recalculated once without the
    moving ranges of ``MOVING_RANGE_OUTLIER`` times the mean or more (the mean of the values
    is not changed). 0 for fewer than two values."""
    ranges = moving_ranges(values)
    if not len(ranges):
        return 0.0
    mean = float(ranges.mean())
    if screen:
        kept = ranges[ranges < MOVING_RANGE_OUTLIER * mean]
        mean = float(kept.mean()) if len(kept) else mean
    return mean


def outside_limits(
    values: np.ndarray, lower: np.ndarray | float, upper: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """Single point: (above the upper limit, below the lower limit). On a limit is inside."""
    return values > upper, values < lower


def _runs(flags: np.ndarray, length: int) -> np.ndarray:
    """Mark every member of a run of at least ``length`` consecutive True flags."""
    flags = np.asarray(flags, dtype=bool)
    marked = np.zeros(len(flags), dtype=bool)
    if len(flags) < length or not flags.any():
        return marked
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    for start, end in zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True):
        if end - start >= length:
            marked[start:end] = True
    return marked


def shift(
    values: np.ndarray, mean: np.ndarray | float, length: int = MAKING_DATA_COUNT.shift_length
) -> tuple[np.ndarray, np.ndarray]:
    """Shift: (runs above the mean, runs below it) of ``length`` points or more. ``mean`` may
    be one per point (each section's own). A point exactly on the mean breaks a run."""
    return _runs(values > mean, length), _runs(values < mean, length)


def trend(values: np.ndarray, length: int = MAKING_DATA_COUNT.trend_length) -> tuple[np.ndarray, np.ndarray]:
    """Trend: (rising, falling) runs of ``length`` points or more, each strictly higher (or
    lower) than the one before. Equal neighbours break a trend; the mean plays no part."""
    if len(values) < 2:
        return np.zeros(len(values), dtype=bool), np.zeros(len(values), dtype=bool)
    steps = np.diff(values)
    # A run of k rising steps covers k + 1 points.
    rising_steps = _runs(steps > 0, length - 1)
    falling_steps = _runs(steps < 0, length - 1)
    rising = np.zeros(len(values), dtype=bool)
    falling = np.zeros(len(values), dtype=bool)
    rising[1:] |= rising_steps
    rising[:-1] |= rising_steps
    falling[1:] |= falling_steps
    falling[:-1] |= falling_steps
    return rising, falling


def two_of_three(
    values: np.ndarray,
    mean: np.ndarray | float,
    two_sigma: tuple[np.ndarray | float, np.ndarray | float],
    limits: tuple[np.ndarray | float, np.ndarray | float],
) -> tuple[np.ndarray, np.ndarray]:
    """Two of three: (high, low) marks. In each three points in a row that are all on one
    side of the mean, if two or three lie beyond that side's two-sigma line but inside the
    process limit, those points are marked (not the third). ``two_sigma`` and ``limits`` are
    (lower, upper) pairs, each a number or one per point."""
    needed, window = TWO_OF_THREE
    (lower_two, upper_two), (lower, upper) = two_sigma, limits
    marks = []
    for side, close in (
        (values > mean, (values > upper_two) & (values <= upper)),
        (values < mean, (values < lower_two) & (values >= lower)),
    ):
        marked = np.zeros(len(values), dtype=bool)
        for start in range(len(values) - window + 1):
            if side[start : start + window].all() and close[start : start + window].sum() >= needed:
                marked[start : start + window] |= close[start : start + window]
        marks.append(marked)
    return marks[0], marks[1]


def point_types(high: np.ndarray, low: np.ndarray, improvement: str | None, conflict: str) -> np.ndarray:
    """Each point's type from its high-side and low-side special causes: ``improvement`` or
    ``concern`` in the good direction (``conflict`` names the winner when a point is both),
    ``neutral`` with no direction, else ``common_cause``."""
    if improvement is None:
        return np.where(high | low, "neutral", "common_cause").astype(object)
    good, bad = (high, low) if improvement == "up" else (low, high)
    both = good & bad
    types = np.where(good, "improvement", np.where(bad, "concern", "common_cause")).astype(object)
    types[both] = conflict
    return types


def assurance(lower: float, upper: float, target: float | None, improvement: str | None) -> str | None:
    """Will the process meet the target? With up as good: ``pass`` when the target is at or
    below the lower limit, ``fail`` at or above the upper, else ``hit_and_miss`` (the other
    way round for down; MDC's >= and <= on both sides). None without a target or a direction."""
    if target is None or (isinstance(target, float) and np.isnan(target)) or improvement not in DIRECTIONS:
        return None
    if improvement == "up":
        return "pass" if target <= lower else "fail" if target >= upper else "hit_and_miss"
    return "pass" if target >= upper else "fail" if target <= lower else "hit_and_miss"


LIMITS_OUT_OF_DATE = "limits_out_of_date"  # an assurance code of the app's own: see assurance_for_latest


def assurance_for_latest(variation: str | None, assurance_code: str | None) -> str | None:
    """The assurance to show beside the latest point's variation: ``assurance_code`` as
    :func:`assurance` gives it, except ``LIMITS_OUT_OF_DATE`` when the two point opposite ways.

    Limits worked out over a KPI's whole history describe the process it used to be. When the
    latest point is an improvement beyond chance (or a concern) while those limits say the target
    will always be missed (or always met), the figures have moved away from the limits: "will
    keep missing its target" beside a figure well past its target is wrong to the reader, and
    the target can be judged again only once the limits are recalculated from when the change
    began. NHS England's tool shows both icons and leaves that to the analyst; a tile cannot.
    Any other pairing, and a missing variation or assurance, is returned as it is."""
    if variation is None or assurance_code is None:
        return assurance_code
    if (variation.startswith("improvement") and assurance_code == "fail") or (
        variation.startswith("concern") and assurance_code == "pass"
    ):
        return LIMITS_OUT_OF_DATE
    return assurance_code


def check_direction(improvement: str | None) -> str | None:
    """``up`` or ``down``, or None for neither (None, ``none``, ``neither``, ``neutral``).
    Raises :class:`SpcError` for anything else."""
    if improvement in DIRECTIONS:
        return improvement
    if improvement is None or improvement in ("none", "neither", "neutral"):
        return None
    raise SpcError(f"The good direction must be up, down or none, not {improvement!r}.")


def sections(count: int, recalculate_at: Sequence[int] = ()) -> np.ndarray:
    """Each of ``count`` points' section number: a recalculation at position ``i`` starts a
    new section at point ``i`` (0-based; positions outside 1..count-1 are ignored)."""
    section = np.zeros(count, dtype=int)
    for position in sorted({int(p) for p in recalculate_at if 0 < int(p) < count}):
        section[position:] += 1
    return section


def recalculation_positions(periods: Sequence[pd.Timestamp], dates: Sequence[pd.Timestamp]) -> list[int]:
    """Where each recalculation date falls among ``periods`` (oldest first): the position of
    the first period on or after it. Dates before the first period or after the last are
    left out (they split nothing)."""
    moments = pd.DatetimeIndex(periods)
    positions = []
    for date in dates:
        position = int(moments.searchsorted(pd.Timestamp(date), side="left"))
        if 0 < position < len(moments):
            positions.append(position)
    return sorted(set(positions))


def xmr(
    values: Sequence[float] | np.ndarray | pd.Series,
    *,
    improvement: str | None = None,
    target: float | None = None,
    baseline: int | None = None,
    recalculate_at: Sequence[int] = (),
    rules: SpcRules = MAKING_DATA_COUNT,
) -> SpcResult:
    """An XmR chart of ``values`` (oldest first).

    ``improvement`` is ``"up"``, ``"down"`` or None / ``"none"`` (special causes are then
    ``neutral``); anything else raises :class:`SpcError`. ``target`` (in the values' unit)
    gives the assurance icon, against the last section's limits. ``baseline`` fixes the mean
    and limits on the first ``baseline`` values (at least ``MINIMUM_BASELINE``, else
    :class:`SpcError`) and then takes the place of any recalculation, as MDC's tool does.
    ``recalculate_at`` gives positions among the values (counting missing ones) where a new
    section starts. Never raises for short, constant or gappy series: it says what it can.
    """
    columns, variation, assured, provisional = _xmr_columns(
        values, improvement=improvement, target=target, baseline=baseline, recalculate_at=recalculate_at, rules=rules
    )
    return SpcResult(pd.DataFrame(columns), variation, assured, provisional)


def icons(
    values: Sequence[float] | np.ndarray,
    *,
    improvement: str | None = None,
    target: float | None = None,
    recalculate_at: Sequence[int] = (),
    rules: SpcRules = MAKING_DATA_COUNT,
) -> tuple[str | None, str | None, bool]:
    """Only the (variation, assurance, provisional) of :func:`xmr`: what a tile needs."""
    _, variation, assured, provisional = _xmr_columns(
        values, improvement=improvement, target=target, recalculate_at=recalculate_at, rules=rules
    )
    return variation, assured, provisional


def _xmr_columns(
    values: Sequence[float] | np.ndarray | pd.Series,
    *,
    improvement: str | None,
    target: float | None,
    baseline: int | None = None,
    recalculate_at: Sequence[int] = (),
    rules: SpcRules,
) -> tuple[dict[str, np.ndarray], str | None, str | None, bool]:
    direction = check_direction(improvement)
    raw = np.asarray(values, dtype=float)
    present = ~np.isnan(raw)
    series = raw[present]
    count = len(series)
    if baseline is not None and (baseline < MINIMUM_BASELINE or baseline > count):
        raise SpcError(
            f"A baseline needs at least {MINIMUM_BASELINE} values and no more than the chart has ({count}); "
            f"{baseline} was asked for."
        )
    # Positions among all values (gaps counted) become positions among the values present.
    present_before = np.cumsum(present) - present
    breaks = [int(present_before[p]) for p in recalculate_at if 0 <= p < len(raw)]
    columns = {
        "value": raw,
        "section": np.zeros(len(raw), dtype=int),
        **{
            name: np.full(len(raw), np.nan) for name in ("mean", "lower", "upper", "lower_two_sigma", "upper_two_sigma")
        },
        **{
            name: np.zeros(len(raw), dtype=bool)
            for name in ("outside_limits", "shift", "trend", "two_of_three", "special_cause")
        },
        "point_type": np.full(len(raw), "common_cause", dtype=object),
    }
    section = sections(count, () if baseline else breaks)
    columns["section"][present] = section
    if count < MINIMUM_POINTS:
        # A run chart: the mean only, nothing marked, no icons.
        columns["mean"][present] = series.mean() if count else np.nan
        return columns, None, None, True
    mean, spread = np.empty(count), np.empty(count)
    for number in np.unique(section).tolist():
        members = section == number
        fixed = series[members][:baseline] if baseline else series[members]
        mean[members] = fixed.mean()
        spread[members] = mean_moving_range(fixed, screen=rules.screen_moving_ranges)
    lower, upper = mean - PROCESS_LIMIT * spread, mean + PROCESS_LIMIT * spread
    lower_two, upper_two = mean - TWO_SIGMA_LIMIT * spread, mean + TWO_SIGMA_LIMIT * spread

    above_limit, below_limit = outside_limits(series, lower, upper)
    shift_high, shift_low = shift(series, mean, rules.shift_length)
    rising, falling = trend(series, rules.trend_length)
    two_high, two_low = two_of_three(series, mean, (lower_two, upper_two), (lower, upper))
    high = above_limit | shift_high | rising | two_high
    low = below_limit | shift_low | falling | two_low
    kinds = point_types(high, low, direction, rules.conflict)
    special = high | low
    for name, array in (
        ("mean", mean),
        ("lower", lower),
        ("upper", upper),
        ("lower_two_sigma", lower_two),
        ("upper_two_sigma", upper_two),
        ("outside_limits", above_limit | below_limit),
        ("shift", shift_high | shift_low),
        ("trend", rising | falling),
        ("two_of_three", two_high | two_low),
        ("special_cause", special),
        ("point_type", kinds),
    ):
        columns[name][present] = array
    return (
        columns,
        _variation(kinds[-1], high[-1], direction),
        assurance(lower[-1], upper[-1], target, direction),
        False,
    )


def _variation(kind: str, high: bool, direction: str | None) -> str:
    """The variation icon from the last point: its type and side. An improvement is high when
    up is good and low when down is; a concern the other way; a neutral point is high when
    any of its special causes is on the high side."""
    if kind == "common_cause":
        return "common_cause"
    if kind == "neutral":
        return f"neutral_{'high' if high else 'low'}"
    up = direction == "up"
    side = ("high" if up else "low") if kind == "improvement" else ("low" if up else "high")
    return f"{kind}_{side}"
