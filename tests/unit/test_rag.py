"""RAG ratings, worked out by hand for each kind of target."""

import math

import pytest

from send_core.rag import AMBER, GREEN, NO_DATA, NO_TARGET, NOT_RATED, RED, Target, rate_kpi
from send_core.wording import rating_label

NAN = math.nan


@pytest.mark.parametrize(
    ("actual", "target", "direction", "unit", "expected"),
    [
        # Higher is better, percentages: amber within 5 points.
        (68, Target(80), "up", "percent", RED),  # 12 short
        (76, Target(80), "up", "percent", AMBER),  # 4 short
        (75, Target(80), "up", "percent", AMBER),  # exactly 5 short
        (80, Target(80), "up", "percent", GREEN),
        (90, Target(80), "up", "percent", GREEN),
        # Lower is better.
        (1.9, Target(3.5), "down", "percent", GREEN),
        (9.0, Target(5.0), "down", "percent", AMBER),  # 4 points over
        (12.5, Target(5.0), "down", "percent", RED),
        # Other units: amber within 10% of the target.
        (34, Target(30), "down", "weeks", RED),  # 4 over, tolerance 3
        (32, Target(30), "down", "weeks", AMBER),  # 2 over
        (140, Target(135), "down", "count", AMBER),  # 5 over, tolerance 13.5
        (266, Target(135), "down", "count", RED),
        # Bounds apply whatever the direction.
        (30777, Target(16000, low=16000), "up", "other", GREEN),  # ">16000"
        (15000, Target(16000, low=16000), "up", "other", AMBER),  # 1000 short, tolerance 1600
        (176, Target(50, high=50), "down", "count", RED),  # "<50"
        (45, Target(50, high=50), "down", "count", GREEN),
        # Maintain 12 weeks, lower is better.
        (10, Target(12), "down", "weeks", GREEN),
        (12, Target(12), "down", "weeks", GREEN),
        # Ranges: inside is met; better than the range is met; outside on the bad side by distance.
        (27, Target(NAN, 25, 35), "down", "weeks", GREEN),
        (14, Target(NAN, 20, 25), "down", "weeks", GREEN),
        (27, Target(NAN, 20, 25), "down", "weeks", AMBER),  # 2 over the top, tolerance 2.5
        (173, Target(NAN, 40, 50), "down", "weeks", RED),
        # Nothing to rate against.
        (50, None, "up", "percent", NO_TARGET),
        (50, Target(), "up", "percent", NO_TARGET),
        (NAN, Target(60), "up", "percent", NO_DATA),
        (50, Target(60), "none", "percent", NOT_RATED),
    ],
)
def test_ratings(actual, target, direction, unit, expected):
    assert rate_kpi(actual, target, direction, unit=unit) == expected


def test_tolerances_are_settings():
    assert rate_kpi(76, Target(80), "up", unit="percent", amber_points=3) == RED
    assert rate_kpi(32, Target(30), "down", unit="weeks", amber_share=0.05) == RED


@pytest.mark.parametrize("rating", [GREEN, AMBER, RED, NO_TARGET, NO_DATA])
def test_every_rating_has_words_and_an_icon(rating):
    label = rating_label(rating)
    assert rating in label and ":" in label and len(label) > len(rating) + 5
