"""Statistical process control: the XmR chart of NHS England's "Making Data Count".

:func:`xmr` returns a tidy frame (one row per point) and the two icons' states; drawing is
separate (:func:`send_core.charts.spc_layers`). Each special-cause rule is a small function of
its own. Thresholds are named once, here.

Conventions (also in the README):

- missing values (NaN) are kept as rows but skipped: moving ranges join the points either
  side of a gap, and a gap does not break a run;
- a special-cause point is an improvement or a concern by which side of the mean it lies, in
  the KPI's good direction (a point on the mean takes the direction of its trend);
- with fewer than ``MINIMUM_POINTS`` points the limits are provisional and there are no icons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PROCESS_LIMIT = 2.66  # mean +/- 2.66 x mean moving range: the process limits (3 sigma)
TWO_SIGMA_LIMIT = PROCESS_LIMIT * 2 / 3  # 1.773: two thirds of the way to a limit
MINIMUM_POINTS = 13  # fewer points: provisional limits, no icons
SHIFT_LENGTH = 7  # points in a row on one side of the mean
TREND_LENGTHS = (6, 7)  # points in a row each rising (or falling); 7 unless set in config
DEFAULT_TREND_LENGTH = 7
TWO_OF_THREE = (2, 3)  # two of three points in a row beyond the two-sigma line, same side


@dataclass(frozen=True)
class SpcResult:
    """``points`` has one row per value given: ``value, mean, lower, upper, lower_two_sigma,
    upper_two_sigma, special_cause, point_type`` plus one boolean column per rule."""

    points: pd.DataFrame
    variation: str | None
    assurance: str | None
    provisional: bool


def moving_ranges(values: np.ndarray) -> np.ndarray:
    """Absolute differences between consecutive values (length n - 1)."""
    return np.abs(np.diff(values))


def outside_limits(values: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """Rule 1: a point above the upper or below the lower process limit."""
    return (values > upper) | (values < lower)


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


def shift(values: np.ndarray, mean: float, length: int = SHIFT_LENGTH) -> np.ndarray:
    """Rule 2: ``length`` or more points in a row all above, or all below, the mean.

    A point exactly on the mean belongs to neither side, so it breaks a run.
    """
    return _runs(values > mean, length) | _runs(values < mean, length)


def trend(values: np.ndarray, length: int = DEFAULT_TREND_LENGTH) -> tuple[np.ndarray, np.ndarray]:
    """Rule 3: ``length`` or more points in a row, each strictly higher (or lower) than the one
    before. Returns (rising, falling) masks. Equal neighbours break a trend."""
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


def two_of_three(values: np.ndarray, lower_two_sigma: float, upper_two_sigma: float) -> np.ndarray:
    """Rule 4: two (or three) of three points in a row beyond the two-sigma line on the same
    side; the points beyond the line are marked."""
    needed, window = TWO_OF_THREE
    marked = np.zeros(len(values), dtype=bool)
    if len(values) < window:
        return marked
    for side in (values > upper_two_sigma, values < lower_two_sigma):
        counts = np.convolve(side.astype(np.int8), np.ones(window, dtype=np.int8), mode="valid")
        for start in np.flatnonzero(counts >= needed).tolist():
            marked[start : start + window] |= side[start : start + window]
    return marked


def xmr(
    values: list[float] | np.ndarray | pd.Series,
    *,
    improvement: str | None = None,
    target: float | None = None,
    baseline: int | None = None,
    trend_length: int = DEFAULT_TREND_LENGTH,
) -> SpcResult:
    """An XmR chart of ``values`` (oldest first).

    ``improvement`` is ``"up"``, ``"down"`` or None (no good direction: special causes are
    ``neutral``). ``target`` (same unit as the values) gives the assurance icon. ``baseline``
    fixes the mean and limits on the first ``baseline`` points. ``trend_length`` is 6 or 7.
    Never raises for short, constant or gappy series: it says what it can.
    """
    columns, variation, assured, provisional = _xmr_columns(
        values, improvement=improvement, target=target, baseline=baseline, trend_length=trend_length
    )
    return SpcResult(pd.DataFrame(columns), variation, assured, provisional)


def icons(
    values: list[float] | np.ndarray,
    *,
    improvement: str | None = None,
    target: float | None = None,
    trend_length: int = DEFAULT_TREND_LENGTH,
) -> tuple[str | None, str | None, bool]:
    """Only the (variation, assurance, provisional) of :func:`xmr`, without building the frame:
    what a page of 500 KPI tiles needs."""
    _, variation, assured, provisional = _xmr_columns(
        values, improvement=improvement, target=target, trend_length=trend_length
    )
    return variation, assured, provisional


def _xmr_columns(
    values: list[float] | np.ndarray | pd.Series,
    *,
    improvement: str | None = None,
    target: float | None = None,
    baseline: int | None = None,
    trend_length: int = DEFAULT_TREND_LENGTH,
) -> tuple[dict[str, np.ndarray], str | None, str | None, bool]:
    if trend_length not in TREND_LENGTHS:
        raise ValueError(f"trend_length must be one of {TREND_LENGTHS}, not {trend_length}")
    direction = improvement if improvement in ("up", "down") else None
    raw = np.asarray(values, dtype=float)
    present = ~np.isnan(raw)
    series = raw[present]
    count = len(series)
    columns = {
        "value": raw,
        "mean": np.full(len(raw), np.nan),
        "lower": np.full(len(raw), np.nan),
        "upper": np.full(len(raw), np.nan),
        "lower_two_sigma": np.full(len(raw), np.nan),
        "upper_two_sigma": np.full(len(raw), np.nan),
        "outside_limits": np.zeros(len(raw), dtype=bool),
        "shift": np.zeros(len(raw), dtype=bool),
        "trend": np.zeros(len(raw), dtype=bool),
        "two_of_three": np.zeros(len(raw), dtype=bool),
        "special_cause": np.zeros(len(raw), dtype=bool),
        "point_type": np.full(len(raw), "common_cause", dtype=object),
    }
    if count == 0:
        return columns, None, None, True
    fixed = series[:baseline] if baseline and baseline >= 2 else series
    mean = float(fixed.mean())
    mean_range = float(moving_ranges(fixed).mean()) if len(fixed) > 1 else 0.0
    lower, upper = mean - PROCESS_LIMIT * mean_range, mean + PROCESS_LIMIT * mean_range
    lower_two, upper_two = mean - TWO_SIGMA_LIMIT * mean_range, mean + TWO_SIGMA_LIMIT * mean_range

    rule_outside = outside_limits(series, lower, upper)
    rule_shift = shift(series, mean)
    rising, falling = trend(series, trend_length)
    rule_two = two_of_three(series, lower_two, upper_two)
    special = rule_outside | rule_shift | rising | falling | rule_two
    # Which side a special-cause point is on: above or below the mean; on the mean, its trend.
    high = (series > mean) | ((series == mean) & rising)
    if direction is None:
        kinds = np.where(special, "neutral", "common_cause")
    else:
        good = high if direction == "up" else ~high
        kinds = np.where(special, np.where(good, "improvement", "concern"), "common_cause")

    for name, array in (
        ("mean", np.full(count, mean)),
        ("lower", np.full(count, lower)),
        ("upper", np.full(count, upper)),
        ("lower_two_sigma", np.full(count, lower_two)),
        ("upper_two_sigma", np.full(count, upper_two)),
        ("outside_limits", rule_outside),
        ("shift", rule_shift),
        ("trend", rising | falling),
        ("two_of_three", rule_two),
        ("special_cause", special),
        ("point_type", kinds.astype(object)),
    ):
        columns[name][present] = array
    if count < MINIMUM_POINTS:
        return columns, None, None, True
    side = "high" if high[-1] else "low"
    variation = "common_cause" if not special[-1] else f"{kinds[-1]}_{side}"
    return columns, variation, assurance(lower, upper, target, direction), False


def assurance(lower: float, upper: float, target: float | None, improvement: str | None) -> str | None:
    """Will the process meet the target? ``pass`` when the whole band between the limits is on
    the good side of the target, ``fail`` when it is all on the bad side, else ``hit_and_miss``.
    None without a target or a direction."""
    if target is None or (isinstance(target, float) and np.isnan(target)) or improvement not in ("up", "down"):
        return None
    if improvement == "up":
        return "pass" if target <= lower else "fail" if target > upper else "hit_and_miss"
    return "pass" if target >= upper else "fail" if target < lower else "hit_and_miss"


def icons_table(
    series: list[np.ndarray],
    improvements: list[str | None],
    targets: list[float | None],
    *,
    trend_length: int = DEFAULT_TREND_LENGTH,
) -> list[tuple[str | None, str | None, bool]]:
    """:func:`icons` for many series at once, as NumPy operations over all of them.

    Same answers as calling :func:`icons` on each (a test holds them together); used by pages
    that show hundreds of KPIs. Series must not contain NaN (drop missing months first).
    """
    if trend_length not in TREND_LENGTHS:
        raise ValueError(f"trend_length must be one of {TREND_LENGTHS}, not {trend_length}")
    results: list[tuple[str | None, str | None, bool]] = [(None, None, True)] * len(series)
    chosen = [i for i, values in enumerate(series) if len(values) >= MINIMUM_POINTS]
    if not chosen:
        return results
    window = max(SHIFT_LENGTH, trend_length, TWO_OF_THREE[1])
    tails = np.array([np.asarray(series[i], dtype=float)[-window:] for i in chosen])
    means = np.array([float(np.mean(series[i])) for i in chosen])
    ranges = np.array([float(np.abs(np.diff(series[i])).mean()) for i in chosen])
    lower, upper = means - PROCESS_LIMIT * ranges, means + PROCESS_LIMIT * ranges
    lower_two, upper_two = means - TWO_SIGMA_LIMIT * ranges, means + TWO_SIGMA_LIMIT * ranges
    last = tails[:, -1]
    outside = (last > upper) | (last < lower)
    recent = tails[:, -SHIFT_LENGTH:]
    shifted = (recent > means[:, None]).all(axis=1) | (recent < means[:, None]).all(axis=1)
    steps = np.diff(tails[:, -trend_length:], axis=1)
    rising = (steps > 0).all(axis=1)
    falling = (steps < 0).all(axis=1)
    three = tails[:, -TWO_OF_THREE[1] :]
    above = three > upper_two[:, None]
    below = three < lower_two[:, None]
    two = (above[:, -1] & (above.sum(axis=1) >= TWO_OF_THREE[0])) | (
        below[:, -1] & (below.sum(axis=1) >= TWO_OF_THREE[0])
    )
    special = outside | shifted | rising | falling | two
    high = (last > means) | ((last == means) & rising)
    for position, index in enumerate(chosen):
        direction = improvements[index] if improvements[index] in ("up", "down") else None
        side = "high" if high[position] else "low"
        if not special[position]:
            variation = "common_cause"
        elif direction is None:
            variation = f"neutral_{side}"
        else:
            good = high[position] if direction == "up" else not high[position]
            variation = f"{'improvement' if good else 'concern'}_{side}"
        results[index] = (variation, assurance(lower[position], upper[position], targets[index], direction), False)
    return results
