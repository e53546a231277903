"""SPC rules, each on a hand-made series whose answer is worked out in the test."""

import math

import numpy as np
import pytest

from send_core.spc import (
    MINIMUM_POINTS,
    PROCESS_LIMIT,
    TWO_SIGMA_LIMIT,
    assurance,
    outside_limits,
    shift,
    trend,
    two_of_three,
    xmr,
)

# 20 points alternating 10 / 12: mean 11, every moving range 2, so mR = 2 and the limits are
# 11 +/- 2.66 x 2 = 5.68 and 16.32; the two-sigma lines 11 +/- 1.773 x 2 = 7.453 and 14.547.
STEADY = [10.0, 12.0] * 10


def test_limits_by_hand():
    points = xmr(STEADY).points
    assert points["mean"].iloc[0] == pytest.approx(11)
    assert points["lower"].iloc[0] == pytest.approx(11 - 2.66 * 2)
    assert points["upper"].iloc[0] == pytest.approx(16.32)
    assert points["upper_two_sigma"].iloc[0] == pytest.approx(11 + TWO_SIGMA_LIMIT * 2)
    assert PROCESS_LIMIT == 2.66 and pytest.approx(1.7733, abs=1e-4) == TWO_SIGMA_LIMIT
    assert not points["special_cause"].any()


def test_common_cause_variation():
    result = xmr(STEADY, improvement="up")
    assert result.variation == "common_cause"
    assert set(result.points["point_type"]) == {"common_cause"}


@pytest.mark.parametrize(
    ("values", "lower", "upper", "expected"),
    [
        ([1, 5, 9], 2, 8, [True, False, True]),
        ([2, 8], 2, 8, [False, False]),  # on a limit is not outside
    ],
)
def test_rule_outside_limits(values, lower, upper, expected):
    assert list(outside_limits(np.array(values, dtype=float), lower, upper)) == expected


def test_rule_shift_needs_seven_on_one_side():
    values = np.array([1, 6, 6, 6, 6, 6, 6, 6, 1], dtype=float)  # seven 6s above a mean of 5
    assert list(shift(values, 5)) == [False] + [True] * 7 + [False]
    six = np.array([1, 6, 6, 6, 6, 6, 6, 1], dtype=float)
    assert not shift(six, 5).any()
    on_the_mean = np.array([6, 6, 6, 5, 6, 6, 6, 6], dtype=float)  # the 5 breaks the run
    assert not shift(on_the_mean, 5).any()


def test_rule_trend_of_seven_and_ties():
    rising = np.array([1, 2, 3, 4, 5, 6, 7, 3], dtype=float)  # seven points each higher
    up, down = trend(rising, 7)
    assert list(up) == [True] * 7 + [False] and not down.any()
    tie = np.array([1, 2, 3, 3, 4, 5, 6, 7], dtype=float)  # an equal pair breaks the trend
    assert not trend(tie, 7)[0].any()
    six = np.array([9, 8, 7, 6, 5, 4], dtype=float)
    assert not trend(six, 7)[1].any()
    assert trend(six, 6)[1].all()  # six points make a trend when the setting is 6


def test_rule_two_of_three_beyond_two_sigma():
    values = np.array([0, 15, 0, 15, 0, 0], dtype=float)  # 15s beyond an upper line of 14.5
    assert list(two_of_three(values, -14.5, 14.5)) == [False, True, False, True, False, False]
    apart = np.array([15, 0, 0, 15], dtype=float)  # never two in any three
    assert not two_of_three(apart, -14.5, 14.5).any()
    split = np.array([15, -15, 0], dtype=float)  # two beyond, but on opposite sides
    assert not two_of_three(split, -14.5, 14.5).any()


def test_a_high_point_is_an_improvement_when_up_is_good_and_a_concern_when_down_is():
    values = STEADY[:-1] + [30.0]  # last point far above 16.32 (limits from mR 2 ... 2, 18)
    up = xmr(values, improvement="up")
    assert up.points["outside_limits"].iloc[-1]
    assert up.points["point_type"].iloc[-1] == "improvement"
    assert up.variation == "improvement_high"
    down = xmr(values, improvement="down")
    assert down.points["point_type"].iloc[-1] == "concern"
    assert down.variation == "concern_high"
    none = xmr(values)
    assert none.points["point_type"].iloc[-1] == "neutral" and none.variation == "neutral_high"


def test_a_rising_trend_below_the_mean_is_judged_by_its_side():
    # Ten high points then a rising run of seven that stays below the overall mean (about 10):
    # the trend is special cause, and its points are below the mean, so with up as good they
    # are concerns even though they rise. (Both improvement and concern: the side decides.)
    values = [20.0] * 10 + [1, 2, 3, 4, 5, 6, 7]
    result = xmr(values, improvement="up")
    run = result.points.iloc[10:]
    assert run["trend"].all()
    assert set(run["point_type"]) == {"concern"}
    assert result.variation == "concern_low"


def test_fewer_than_thirteen_points_are_provisional_with_no_icons():
    result = xmr(STEADY[: MINIMUM_POINTS - 1], improvement="up", target=11)
    assert result.provisional
    assert result.variation is None and result.assurance is None
    assert not result.points["mean"].isna().any()  # the limits are still drawn, as provisional


def test_all_values_equal():
    result = xmr([5.0] * 15, improvement="up", target=4)
    assert not result.points["special_cause"].any()
    assert result.variation == "common_cause"
    assert result.assurance == "pass"  # limits collapse to 5, which is above the target of 4


def test_missing_months_are_skipped_not_zeroed():
    values = STEADY[:6] + [math.nan] + STEADY[6:]
    result = xmr(values)
    assert math.isnan(result.points["mean"].iloc[6])
    assert result.points["mean"].iloc[0] == pytest.approx(11)  # moving ranges join across the gap
    assert len(result.points) == 21


def test_one_point_and_no_points():
    assert xmr([4.0]).provisional
    assert xmr([]).points.empty
    assert xmr([math.nan, math.nan]).variation is None


@pytest.mark.parametrize(
    ("target", "direction", "expected"),
    [
        (5.0, "up", "pass"),  # below the lower limit of 5.68
        (17.0, "up", "fail"),  # above the upper limit of 16.32
        (11.0, "up", "hit_and_miss"),
        (17.0, "down", "pass"),
        (5.0, "down", "fail"),
        (11.0, "down", "hit_and_miss"),
        (11.0, None, None),
        (None, "up", None),
    ],
)
def test_assurance(target, direction, expected):
    assert xmr(STEADY, improvement=direction, target=target).assurance == expected
    assert assurance(5.68, 16.32, target, direction) == expected


def test_a_fixed_baseline_sets_the_limits():
    values = STEADY[:14] + [30.0] * 6
    fixed = xmr(values, baseline=14).points
    assert fixed["mean"].iloc[-1] == pytest.approx(11)
    assert fixed["outside_limits"].iloc[-6:].all()


def test_trend_length_must_be_six_or_seven():
    with pytest.raises(ValueError):
        xmr(STEADY, trend_length=5)


@pytest.mark.parametrize(
    "values",
    [
        STEADY,
        STEADY[:-1] + [30.0],
        [20.0] * 10 + [1, 2, 3, 4, 5, 6, 7],
        [5.0] * 15,
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
        [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 15, 10, 15.5],
        [float(v) for v in np.random.default_rng(7).normal(50, 5, 36)],
    ],
)
@pytest.mark.parametrize("direction", ["up", "down", None])
def test_the_quick_icons_agree_with_the_full_chart(values, direction):
    from send_core.spc import icons

    full = xmr(values, improvement=direction, target=11.0)
    assert icons(values, improvement=direction, target=11.0) == (full.variation, full.assurance, full.provisional)


def test_the_table_of_icons_agrees_with_one_at_a_time():
    from send_core.spc import icons, icons_table

    generator = np.random.default_rng(11)
    series, directions, targets = [], [], []
    for index in range(300):
        length = int(generator.integers(1, 40))
        values = generator.normal(50, 5, length)
        if index % 5 == 0:
            values = values + np.linspace(0, 30, length)  # drifts, trends and shifts
        if index % 7 == 0:
            values = np.round(values)  # ties
        series.append(values)
        directions.append(["up", "down", None][index % 3])
        targets.append(float(generator.normal(50, 10)) if index % 4 else None)
    table = icons_table(series, directions, targets, trend_length=6)
    for values, direction, target, row in zip(series, directions, targets, table, strict=True):
        assert row == icons(values, improvement=direction, target=target, trend_length=6)
