"""Red / amber / green ratings, always with words as well as colours.

KPIs: :func:`rate_kpi` compares an actual with the target for its period in the KPI's good
direction. Targets may be a number (``60%``), a bound (``<50``, ``>16000``), ``Maintain 12
weeks`` (no worse than 12 in the good direction) or a range (``25-35 weeks``: inside is met).
The amber tolerance is the distance short of the target that still counts as "close": in
percentage points for percentages, otherwise a share of the target (``config/settings.yaml``,
or a plan KPI's own ``amber_tolerance``). Every rating the app shows goes through one
:class:`RatingPolicy`, so a KPI rates the same on every page and in every download.

Actions use Birmingham's key (Red delayed, Amber on track, Green completed, Blue embedded):
see :mod:`send_core.plan`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

GREEN, AMBER, RED, BLUE = "Green", "Amber", "Red", "Blue"  # Blue: actions only (embedded)
NO_TARGET, NO_DATA, NOT_RATED = "No target", "No data", "Not rated"
# A latest figure hidden for the public ("c"): never rated, since a rating against a target
# would tell it. Counted with the KPIs not rated.
HIDDEN = "Hidden"

DEFAULT_AMBER_POINTS = 5.0  # percentage points short of target that is still amber
DEFAULT_AMBER_SHARE = 0.10  # for other units: 10% of the target


@dataclass(frozen=True)
class Target:
    """A target as read from a cell: a number, a bound, ``maintain``, or a range."""

    value: float = math.nan
    low: float = math.nan
    high: float = math.nan

    @property
    def is_range(self) -> bool:
        return not math.isnan(self.low) and not math.isnan(self.high)

    @property
    def is_empty(self) -> bool:
        return math.isnan(self.value) and math.isnan(self.low) and math.isnan(self.high)


def _missing(number: float | None) -> bool:
    return number is None or (isinstance(number, float) and math.isnan(number))


def rate_kpi(
    actual: float | None,
    target: Target | None,
    good_direction: str,
    *,
    unit: str = "other",
    amber_points: float = DEFAULT_AMBER_POINTS,
    amber_share: float = DEFAULT_AMBER_SHARE,
) -> str:
    """Rate one actual against one target. Returns one of the rating names above.

    ``good_direction`` is ``up``, ``down`` or ``none``. A range is met inside its ends (either
    direction); with no direction a plain number target cannot be rated (``Not rated``).
    """
    if target is None or target.is_empty:
        return NO_TARGET
    if _missing(actual):
        return NO_DATA
    assert actual is not None
    tolerance_base = (
        target.value if not math.isnan(target.value) else (target.high if not math.isnan(target.high) else target.low)
    )

    def tolerance() -> float:
        if unit == "percent":
            return amber_points
        return abs(tolerance_base) * amber_share if not _missing(tolerance_base) else 0.0

    if target.is_range:
        if target.low <= actual <= target.high:
            return GREEN
        if good_direction == "up" and actual > target.high or good_direction == "down" and actual < target.low:
            return GREEN  # better than the whole range
        distance = target.low - actual if actual < target.low else actual - target.high
        return AMBER if distance <= tolerance() else RED
    # Bounds: "<50" is met at or below 50 whatever the KPI's direction; ">16000" at or above.
    if not math.isnan(target.high) and math.isnan(target.low):
        gap = actual - target.high
    elif not math.isnan(target.low) and math.isnan(target.high):
        gap = target.low - actual
    elif good_direction == "up":
        gap = target.value - actual
    elif good_direction == "down":
        gap = actual - target.value
    else:
        return NOT_RATED
    if gap <= 1e-9:
        return GREEN
    return AMBER if gap <= tolerance() else RED


class ToleranceSettings(Protocol):
    """The two settings a policy is built from (:class:`send_core.config.Settings` has them)."""

    amber_tolerance_points: float
    amber_tolerance_share: float


class KpiWithTolerance(Protocol):
    """A plan KPI, as far as ratings care (:class:`send_core.plan.PlanKpi` is one)."""

    id: str
    amber_tolerance: float | None


@dataclass(frozen=True)
class RatingPolicy:
    """How every rating in the app is made: one object, built once per dataset from the
    settings and the plan (:meth:`from_settings`), passed to every page, chart and download.

    Amber means "close": within ``amber_points`` percentage points of the target for a KPI in
    percent, or within ``amber_share`` of the target (0.10 = 10%) for any other unit. A plan
    KPI's own ``amber_tolerance`` wins for that KPI, in the same terms: points for a percentage,
    a share of the target for anything else.
    """

    amber_points: float = DEFAULT_AMBER_POINTS
    amber_share: float = DEFAULT_AMBER_SHARE
    kpi_tolerances: tuple[tuple[str, float], ...] = ()

    @classmethod
    def from_settings(
        cls, settings: ToleranceSettings | None = None, kpis: Iterable[KpiWithTolerance] = ()
    ) -> RatingPolicy:
        """The policy for these settings (defaults when None) and these plan KPIs."""
        own = tuple((kpi.id, float(kpi.amber_tolerance)) for kpi in kpis if kpi.amber_tolerance is not None)
        if settings is None:
            return cls(kpi_tolerances=own)
        return cls(settings.amber_tolerance_points, settings.amber_tolerance_share, own)

    @functools.cached_property
    def _own_tolerances(self) -> dict[str, float]:
        # Built once: every rating on every page asks.
        return dict(self.kpi_tolerances)

    def tolerances_for(self, kpi_id: str, unit: str) -> tuple[float, float]:
        """(points, share) for one KPI: the KPI's own tolerance replaces the setting its unit uses."""
        own = self._own_tolerances.get(kpi_id)
        if own is None:
            return self.amber_points, self.amber_share
        return (own, self.amber_share) if unit == "percent" else (self.amber_points, own)

    def rate(self, kpi_id: str, actual: float | None, target: Target | None, good_direction: str, unit: str) -> str:
        """Rate one actual of one KPI against one target (see :func:`rate_kpi`)."""
        points, share = self.tolerances_for(kpi_id, unit)
        return rate_kpi(actual, target, good_direction, unit=unit, amber_points=points, amber_share=share)


def with_a_figure(targets: pd.DataFrame) -> pd.DataFrame:
    """The target rows that set a figure (a value or a bound): a milestone whose target was
    written "n/a" sets none, so it neither rates anything nor shows as "Target: n/a"."""
    return targets[targets["value"].notna() | targets["value_low"].notna() | targets["value_high"].notna()]


def target_for(kpi_rows: pd.DataFrame, period: pd.Timestamp | None) -> tuple[Target | None, str]:
    """The target in force at ``period``: the latest dated (milestone) target on or before it,
    else an undated target. Returns the target and its text as written ("" when none)."""
    return targets_in_force(kpi_rows, [period])[0]


def targets_in_force(kpi_rows: pd.DataFrame, periods: Sequence[pd.Timestamp | None]) -> list[tuple[Target | None, str]]:
    """:func:`target_for` at each of ``periods`` (None or NaT: the undated target), in order,
    the KPI's targets sorted out once rather than once per period: a trend chart asks for
    every month of a KPI's history."""
    targets = with_a_figure(kpi_rows[kpi_rows["measure"] == "target"])
    if targets.empty:
        return [(None, "")] * len(periods)
    dated = targets[targets["period"].notna()].sort_values("period")
    undated = targets[targets["period"].isna()]
    fallback = _target_of(undated.iloc[-1]) if not undated.empty else (None, "")
    dated_periods = dated["period"].to_numpy()
    chosen: list[tuple[Target | None, str]] = []
    for period in periods:
        # The last milestone on or before the period (of equal months, the last in sorted order).
        due = (
            0
            if period is None or pd.isna(period)
            else int(np.searchsorted(dated_periods, np.datetime64(period), side="right"))
        )
        chosen.append(_target_of(dated.iloc[due - 1]) if due else fallback)
    return chosen


def _target_of(row: pd.Series) -> tuple[Target, str]:
    value = row["value"] if math.isnan(row["value_low"]) or math.isnan(row["value_high"]) else math.nan
    return Target(value, row["value_low"], row["value_high"]), str(row["value_text"])
