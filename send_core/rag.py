"""Red / amber / green ratings, always with words as well as colours.

KPIs: :func:`rate_kpi` compares an actual with the target for its period in the KPI's good
direction. Targets may be a number (``60%``), a bound (``<50``, ``>16000``), ``Maintain 12
weeks`` (no worse than 12 in the good direction) or a range (``25-35 weeks``: inside is met).
The amber tolerance is the distance short of the target that still counts as "close": in
percentage points for percentages, otherwise a share of the target (``config/settings.yaml``).

Actions use Birmingham's key (Red delayed, Amber on track, Green completed, Blue embedded):
see :mod:`send_core.plan`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GREEN, AMBER, RED = "Green", "Amber", "Red"
NO_TARGET, NO_DATA, NOT_RATED = "No target", "No data", "Not rated"

# What each rating says in words, and the colour it is drawn in (GOV.UK palette, 3:1 on white).
RAG_TEXT = {
    GREEN: "On or better than target",
    AMBER: "Close to target",
    RED: "Off target",
    NO_TARGET: "No target set",
    NO_DATA: "No data for this period",
    NOT_RATED: "No good direction set, so not rated",
}
RAG_ICONS = {GREEN: "✔", AMBER: "▲", RED: "✖", "Blue": "●", NO_TARGET: "–", NO_DATA: "?", NOT_RATED: "–"}

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


def rating_label(rating: str) -> str:
    """ "Red: Off target" - the words that go with a colour everywhere it is shown."""
    return f"{RAG_ICONS.get(rating, '')} {rating}: {RAG_TEXT.get(rating, rating)}".strip()
