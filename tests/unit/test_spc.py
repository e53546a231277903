"""SPC by the references: each rule on a hand-made series worked out in the test, NHS England's
"SPC Charts XmR Testing" dataset (every point's colour, tests/unit/spc_reference.py), and the
expected outcomes of NHSRplotthedots' own tests (nhs-r-community/NHSRplotthedots, v0.2.2,
commit 050b07d), cited where each is used."""

from __future__ import annotations

import math

import numpy as np
import pytest

from send_core.spc import (
    LIMITS_OUT_OF_DATE,
    MAKING_DATA_COUNT,
    MINIMUM_POINTS,
    PLOTTHEDOTS,
    PROCESS_LIMIT,
    TWO_SIGMA_LIMIT,
    SpcError,
    SpcRules,
    assurance,
    assurance_for_latest,
    icons,
    mean_moving_range,
    outside_limits,
    point_types,
    recalculation_positions,
    shift,
    trend,
    two_of_three,
    xmr,
)
from tests.unit.spc_reference import MDC_SERIES

COLOURS = {"common_cause": "G", "improvement": "B", "concern": "O", "neutral": "P"}

# 20 points alternating 10 / 12: mean 11, every moving range 2, so mR = 2 and the limits are
# 11 +/- 2.66 x 2 = 5.68 and 16.32; the two-sigma lines 11 +/- 1.773 x 2 = 7.453 and 14.547.
STEADY = [10.0, 12.0] * 10


def colours(result) -> str:
    return "".join(COLOURS[kind] for kind in result.points["point_type"])


def test_limits_by_hand():
    points = xmr(STEADY).points
    assert points["mean"].iloc[0] == pytest.approx(11)
    assert points["lower"].iloc[0] == pytest.approx(11 - 2.66 * 2)
    assert points["upper"].iloc[0] == pytest.approx(16.32)
    assert points["upper_two_sigma"].iloc[0] == pytest.approx(11 + TWO_SIGMA_LIMIT * 2)
    assert PROCESS_LIMIT == 2.66 and pytest.approx(1.7733, abs=1e-4) == TWO_SIGMA_LIMIT
    assert not points["special_cause"].any()
    assert xmr(STEADY, improvement="up").variation == "common_cause"


def test_the_testing_document_s_published_limits():
    # "SPC Charts XmR Testing", lines 98-113: 15 points, mean 23.20, mean moving range 5.43,
    # upper process limit 37.64, lower 8.76.
    values = [20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18]
    points = xmr(values).points
    assert round(points["mean"].iloc[0], 2) == 23.20
    assert round(mean_moving_range(np.array(values, dtype=float)), 2) == 5.43
    assert (round(points["upper"].iloc[0], 2), round(points["lower"].iloc[0], 2)) == (37.64, 8.76)


@pytest.mark.parametrize("series", MDC_SERIES, ids=[series.name for series in MDC_SERIES])
def test_every_point_of_nhs_england_s_testing_dataset(series):
    result = xmr(
        list(series.values),
        improvement=series.improvement,
        baseline=series.baseline,
        recalculate_at=[series.recalculate_at] if series.recalculate_at is not None else [],
    )
    assert colours(result) == series.colours, series.source
    assert result.provisional == (len(series.values) < MINIMUM_POINTS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # "SPC Charts XmR Testing" lines 497-573: the icon comes from the last point.
        ("Summary icons - variation - High is good", "improvement_high"),  # 45 above the limit
        ("Summary icons - variation - Low is good", "concern_high"),
        ("Summary icons - variation - High is good 2", "common_cause"),
        ("Summary icons - variation - High is good 3", "concern_low"),  # 5 below the limit
        ("Summary icons - variation - Low is good 3", "improvement_low"),
        ("Summary icons - variation - Neither", "neutral_high"),
        ("Summary icons - variation - Neither 2", "common_cause"),
        ("Summary icons - variation - Too few points", None),  # 10 points: no icon
        ("Special cause - trend - no pauses", "concern_low"),  # a falling trend, high is good
    ],
)
def test_the_variation_icon_comes_from_the_last_point(name, expected):
    series = next(s for s in MDC_SERIES if s.name == name)
    assert xmr(list(series.values), improvement=series.improvement).variation == expected


# The testing document's assurance example (lines 415-493), worked by hand: 30 points summing
# to 755 (mean 25.1667) with 29 moving ranges summing to 129 (mean 4.4483): limits 25.1667 +/-
# 11.8324 = 13.3343 and 36.9991. Recalculated at point 16, the last 15 points sum to 455 (mean
# 30.3333) and their 14 moving ranges to 52 (mean 3.7143): limits 20.4533 and 40.2133.
ASSURANCE_VALUES = next(s for s in MDC_SERIES if s.name == "Summary icons - assurance - high is good").values


@pytest.mark.parametrize(
    ("target", "direction", "recalculated", "expected"),
    [
        (40, "up", False, "fail"),  # 40 is above the upper limit 36.999
        (40, "down", False, "pass"),
        (30, "up", False, "hit_and_miss"),
        (10, "up", False, "pass"),  # 10 is below the lower limit 13.334
        (10, "down", False, "fail"),
        (40, "up", True, "hit_and_miss"),  # 40 is inside the recalculated limits (upper 40.213)
        (10, "up", True, "pass"),
        (10, "down", True, "fail"),
        (40, None, False, None),  # no direction: no assurance icon
    ],
)
def test_assurance_against_the_last_section_s_limits(target, direction, recalculated, expected):
    result = xmr(
        list(ASSURANCE_VALUES), improvement=direction, target=target, recalculate_at=[15] if recalculated else []
    )
    assert result.assurance == expected
    if recalculated:
        assert result.points["upper"].iloc[-1] == pytest.approx(30.3333 + 2.66 * 52 / 14, abs=1e-3)


@pytest.mark.parametrize(
    ("lower", "upper", "target", "direction", "expected"),
    [
        # NHSRplotthedots tests/testthat/test-ptd_calculate_assurance_type.R lines 16-50: target 4.
        (1, 3, 4, "up", "fail"),
        (5, 7, 4, "up", "pass"),
        (1, 5, 4, "up", "hit_and_miss"),
        (1, 3, 4, "down", "pass"),
        (5, 7, 4, "down", "fail"),
        (1, 5, 4, "down", "hit_and_miss"),
        (1, 5, 4, None, None),
        (1, 5, None, "up", None),
        # A target exactly on a limit is a pass or a fail (>= and <=, as NHS England's SQL v2.6a
        # and the fdp tests parity.assurance.test.ts lines 45-80; NHSRplotthedots says hit and miss).
        (9.5925, 10.4475, 9.5925, "up", "pass"),
        (9.5925, 10.4475, 10.4475, "up", "fail"),
        (9.5925, 10.4475, 10.4475, "down", "pass"),
        (9.5925, 10.4475, 9.5925, "down", "fail"),
        # Limits of no width (eight 42s): the pass test comes first (fdp, lines 82-151).
        (42, 42, 42, "up", "pass"),
        (42, 42, 43, "up", "fail"),
        (42, 42, 42, "down", "pass"),
        (42, 42, 41, "down", "fail"),
    ],
)
def test_assurance(lower, upper, target, direction, expected):
    assert assurance(lower, upper, target, direction) == expected


def test_rule_outside_limits_on_a_limit_is_inside():
    above, below = outside_limits(np.array([1, 2, 5, 8, 9], dtype=float), 2, 8)
    assert (above.tolist(), below.tolist()) == ([False, False, False, False, True], [True, False, False, False, False])


def test_rule_shift_six_in_a_row_and_a_point_on_the_mean_breaks_it():
    values = np.array([1, 6, 6, 6, 6, 6, 6, 1], dtype=float)  # six 6s above a mean of 5
    above, below = shift(values, 5, 6)
    assert above.tolist() == [False] + [True] * 6 + [False] and not below.any()
    assert not shift(np.array([1, 6, 6, 6, 6, 6, 1], dtype=float), 5, 6)[0].any()  # five
    assert not shift(np.array([6, 6, 6, 5, 6, 6, 6], dtype=float), 5, 6)[0].any()  # the 5 is on the mean
    # Seven for NHSRplotthedots: test-ptd_calculate_point_type.R lines 79-97 (rep(1, 6) is not enough).
    assert not shift(np.array([6] * 6, dtype=float), 5, 7)[0].any()
    assert shift(np.array([6] * 8 + [1], dtype=float), 5, 7)[0].tolist() == [True] * 8 + [False]


def test_rule_trend_equal_values_break_it_and_the_mean_plays_no_part():
    rising, falling = trend(np.array([1, 2, 3, 4, 5, 6, 2], dtype=float), 6)
    assert rising.tolist() == [True] * 6 + [False] and not falling.any()
    assert not trend(np.array([1, 2, 3, 3, 4, 5, 6], dtype=float), 6)[0].any()
    # NHSRplotthedots test-ptd_calculate_point_type.R lines 129-150: 1:6 is no 7-point trend,
    # c(1:3, 3:6) has a repeat, 1:7 and 7:1 are.
    assert not trend(np.arange(1, 7, dtype=float), 7)[0].any()
    assert not trend(np.array([1, 2, 3, 3, 4, 5, 6], dtype=float), 7)[0].any()
    assert trend(np.arange(1, 8, dtype=float), 7)[0].all()
    assert trend(np.arange(7, 0, -1, dtype=float), 7)[1].all()


def test_rule_two_of_three_needs_all_three_on_one_side_and_marks_only_the_close_points():
    # Mean 0, two-sigma lines +/-2, process limits +/-3.
    lines = ((-2.0, 2.0), (-3.0, 3.0))
    high, low = two_of_three(np.array([2.5, 1.0, 2.5, 0.5], dtype=float), 0.0, *lines)
    assert high.tolist() == [True, False, True, False] and not low.any()
    # One of the three below the mean: not counted (NHSRplotthedots #143; the document, line 251).
    high, _ = two_of_three(np.array([2.5, -1.0, 2.5], dtype=float), 0.0, *lines)
    assert not high.any()
    # Beyond the process limit a point counts for the single-point rule, not this one (line 253).
    high, _ = two_of_three(np.array([2.5, 1.0, 3.5], dtype=float), 0.0, *lines)
    assert not high.any()


def test_two_of_three_on_opposite_sides_end_to_end():
    # NHSRplotthedots tests/testthat/test-ptd_spc_standard.R lines 97-114: 1, -1, ... then 5.5
    # and -5.5. Mean 0; moving ranges 13 x 2, 6.5 and 11 (mean 2.9); screening drops 11 (at or
    # over 3.267 x 2.9 = 9.47): mean moving range 32.5 / 14 = 2.3214, two-sigma lines +/-4.12,
    # limits +/-6.18. Both 5.5s are between the lines but on opposite sides: common cause.
    values = [1.0, -1.0] * 7 + [5.5, -5.5]
    rules = SpcRules(7, 7, screen_moving_ranges=True)
    result = xmr(values, improvement="up", rules=rules)
    assert result.points["upper"].iloc[0] == pytest.approx(2.66 * 32.5 / 14)
    assert result.points["point_type"].tolist()[-2:] == ["common_cause", "common_cause"]


def test_screening_moving_ranges_narrows_the_limits_and_keeps_the_mean():
    # NHSRplotthedots vignettes/deviations.Rmd lines 55-89: screened UPL 4.6, mean 1.94, LPL
    # -0.72; unscreened (as MDC's tool) UPL 6.95, LPL -3.06. By hand: 35 / 18 = 1.9444; moving
    # ranges sum to 32 over 17 (1.8824); screening drops 8 and 9 (over 6.15), leaving 15 / 15 = 1.
    values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    screened = xmr(values, improvement="up", rules=SpcRules(screen_moving_ranges=True)).points
    plain = xmr(values, improvement="up").points
    assert round(screened["mean"].iloc[0], 2) == round(plain["mean"].iloc[0], 2) == 1.94
    assert (round(screened["upper"].iloc[0], 2), round(screened["lower"].iloc[0], 2)) == (4.6, -0.72)
    assert (round(plain["upper"].iloc[0], 2), round(plain["lower"].iloc[0], 2)) == (6.95, -3.06)
    assert plain["point_type"].tolist()[4] == "improvement"


# NHSRplotthedots tests/testthat/test-geom_ptd_icon.R lines 97-204: set.seed(123), rnorm, the
# second twelve replaced by rnorm(12, 5) or rnorm(12, -5) (values as in the package's snapshots).
FIRST_TWELVE = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499]
FIRST_TWELVE += [0.46091621, -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383]
HIGHER = [4.37496073, 3.31330669, 5.83778704, 5.15337312, 3.86186306, 6.25381492]
HIGHER += [5.42646422, 4.70492852, 5.89512566, 5.87813349, 5.82158108, 5.68864025]
LOWER = [-4.44608235, -5.06191171, -5.30596266, -5.38047100, -5.69470698, -5.20791728]
LOWER += [-6.26539635, -2.83104403, -3.79203800, -6.12310858, -5.40288484, -5.46665535]


@pytest.mark.parametrize(
    ("second", "direction", "target", "variation", "assured"),
    [
        (HIGHER, "up", -3, "improvement_high", "pass"),
        (HIGHER, "down", -3, "concern_high", "fail"),
        (LOWER, "up", 3, "concern_low", "fail"),
        (LOWER, "down", 3, "improvement_low", "pass"),
        (LOWER, None, 3, "neutral_low", None),
    ],
)
def test_nhsrplotthedots_icons(second, direction, target, variation, assured):
    rules = SpcRules(7, 7, screen_moving_ranges=True)  # the package's run lengths and its default screening
    assert icons(FIRST_TWELVE + second, improvement=direction, target=target, rules=rules)[:2] == (variation, assured)


def test_a_conflict_goes_to_improvement_unless_set_to_concern():
    series = next(s for s in MDC_SERIES if s.name == "Special cause conflict - High is good")
    assert colours(xmr(list(series.values), improvement="up")) == "BBBBOOOBBBBBBBGGGGGG"
    # Points 1-4 are high (beyond the limit, two of three) and in a falling trend; 8-11 are in a
    # rising trend and a shift below: concern wins them all.
    concern = SpcRules(conflict="concern")
    assert colours(xmr(list(series.values), improvement="up", rules=concern)) == "OOOOOOOOOOOBBBGGGGGG"
    both = np.array([True, True, False]), np.array([True, False, True])
    assert point_types(*both, "up", "improvement").tolist() == ["improvement", "improvement", "concern"]
    assert point_types(*both, None, "improvement").tolist() == ["neutral", "neutral", "neutral"]


def test_fewer_than_thirteen_points_are_a_run_chart():
    values = [10, 11, 30, 12, 10, 11, 12, 10, 11, 12, 10, 11]  # 30 would be a special cause
    result = xmr(values, improvement="up", target=5)
    assert result.provisional and (result.variation, result.assurance) == (None, None)
    assert result.points["upper"].isna().all() and result.points["lower"].isna().all()
    assert result.points["mean"].iloc[0] == pytest.approx(sum(values) / 12)
    assert not result.points["special_cause"].any()


def test_a_baseline_fixes_the_limits_and_needs_twelve_points():
    values = list(range(20))
    points = xmr(values, baseline=12).points
    assert points["mean"].iloc[-1] == pytest.approx(5.5)  # the mean of 0..11
    with pytest.raises(SpcError, match="at least 12 values"):
        xmr(values, baseline=11)
    with pytest.raises(SpcError, match="no more than the chart has"):
        xmr(values, baseline=21)


@pytest.mark.parametrize("direction", ["increase", "higher", "UP", ""])
def test_an_unknown_direction_is_an_error_with_a_message(direction):
    with pytest.raises(SpcError, match="up, down or none"):
        xmr(STEADY, improvement=direction)


def test_run_lengths_are_six_to_eight():
    assert (MAKING_DATA_COUNT.shift_length, MAKING_DATA_COUNT.trend_length) == (6, 6)
    assert (PLOTTHEDOTS.shift_length, PLOTTHEDOTS.trend_length) == (7, 7)
    for bad in ({"shift_length": 5}, {"trend_length": 9}, {"conflict": "both"}):
        with pytest.raises(SpcError):
            SpcRules(**bad)


def test_missing_months_are_skipped_not_zeroed():
    with_gap = STEADY[:6] + [math.nan] + STEADY[6:]
    points = xmr(with_gap).points
    assert len(points) == 21 and math.isnan(points["mean"].iloc[6])
    assert points["mean"].iloc[0] == pytest.approx(11)


def test_recalculation_positions_from_months():
    import pandas as pd

    periods = pd.date_range("2024-01-01", periods=6, freq="MS")
    dates = [
        pd.Timestamp("2024-03-01"),
        pd.Timestamp("2024-04-15"),
        pd.Timestamp("2023-01-01"),
        pd.Timestamp("2025-01-01"),
    ]
    # March is position 2; mid-April starts at May (4); dates outside the months split nothing.
    assert recalculation_positions(periods, dates) == [2, 4]


@pytest.mark.parametrize(
    ("variation", "assurance_code", "expected"),
    [
        ("improvement_high", "fail", LIMITS_OUT_OF_DATE),  # better beyond chance, yet "will keep missing"
        ("improvement_low", "fail", LIMITS_OUT_OF_DATE),
        ("concern_high", "pass", LIMITS_OUT_OF_DATE),  # worse beyond chance, yet "will keep meeting"
        ("concern_low", "pass", LIMITS_OUT_OF_DATE),
        ("improvement_high", "pass", "pass"),  # the two agree
        ("concern_low", "fail", "fail"),
        ("improvement_high", "hit_and_miss", "hit_and_miss"),
        ("common_cause", "fail", "fail"),
        ("neutral_high", "pass", "pass"),  # no good direction: nothing to contradict
        (None, "fail", "fail"),
        ("improvement_high", None, None),
    ],
)
def test_an_assurance_that_contradicts_the_latest_point_says_the_limits_are_out_of_date(
    variation, assurance_code, expected
):
    assert assurance_for_latest(variation, assurance_code) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # BCP's SEN Support (seed 001): 13 pairs, 10 the same as the one before.
        ([7143, 7359, 7359, 7359, 7359, 7359, 7552, 7552, 7552, 7552, 7162, 7162, 7162, 7162], True),
        # Half the pairs equal: 2 of 4.
        ([1, 1, 2, 2, 3], True),
        # 1 of 4 pairs equal.
        ([1, 1, 2, 3, 4], False),
        # A rare count: nothing most months.
        ([0, 0, 0, 1, 0, 0, 0, 0], True),
        # BCP's % in mainstream: 47.0 twice in a row, once in 13 pairs.
        ([47.0, 46.5, 46.1, 46.6, 46.0, 46.4, 47.0, 47.0, 49.0, 48.0, 48.8, 49.2, 49.4, 49.2], False),
        ([5, 5], False),  # too few to say
    ],
)
def test_a_series_that_mostly_repeats_itself_is_found(values, expected):
    from send_core.spc import mostly_repeated

    assert mostly_repeated(values) is expected
