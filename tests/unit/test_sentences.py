"""A chart's one-sentence summary, worked out by hand for small series."""

from __future__ import annotations

import pandas as pd
import pytest

from send_core.model import observations_frame
from send_core.sentences import actual_series, series_label, summary_sentence


def monthly(values, start="2023-11-01", **extra):
    months = pd.date_range(start, periods=len(values), freq="MS")
    return observations_frame(
        [
            {"kpi_id": "K", "kpi_name": "K", "measure": "actual", "period": m, "value": v, **extra}
            for m, v in zip(months, values, strict=True)
        ]
    )


def test_a_running_total_is_compared_with_the_same_month_a_year_before():
    # November 2023 to January 2025: January 2024 restarts at 5; January 2025 is 9.
    values = [40, 50, 5, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 70, 9]
    sentence = summary_sentence(monthly(values), "K", "count", "Mediations", cumulative=True)
    assert sentence.startswith(
        "Mediations: 9 so far this year by January 2025, against 5 by the same month a year before"
    )
    assert "down from" not in sentence  # no fall across a reset
    assert "a running total over the year, so not tested for a real change" in sentence


def test_a_running_total_with_no_year_before_says_only_so_far():
    sentence = summary_sentence(monthly([10, 20]), "K", "count", "Mediations", cumulative=True)
    assert sentence.startswith("Mediations: 20 so far this year by December 2023;")


def test_a_yearly_series_counts_years_and_writes_them_as_years():
    frame = monthly([100, 110, 125], start="2022-09-01")
    yearly = frame.assign(period=pd.to_datetime(["2022-09-01", "2023-09-01", "2024-09-01"]), frequency="academic_year")
    assert summary_sentence(yearly, "K", "count", "Plans").startswith(
        "Plans: up from 100 to 125 over 2 years (2022/23 to 2024/25)"
    )


def test_breakdowns_are_labelled_by_their_series():
    frame = monthly([1, 2], locality="North")
    assert set(actual_series(frame, "K")["series"]) == {"North"}


@pytest.mark.parametrize(
    ("locality", "phase", "label"),
    [
        ("All", "All", "Whole area"),
        ("North", "All", "North"),
        ("All", "Post-16", "Post-16"),
        ("North", "Early Years & Primary", "North, Early Years & Primary"),  # as the Overview's tiles write it
    ],
)
def test_a_series_is_named_by_its_locality_and_phase(locality, phase, label):
    frame = pd.DataFrame({"locality": [locality], "phase": [phase]})
    assert series_label(frame).tolist() == [label]


def test_a_change_neither_good_nor_bad_says_which_way_the_figures_went():
    # 23 months: 100s and 101s with a 70 and a 74 among them, then seven of 90 and 91. The
    # mean is (7 x 101 + 7 x 100 + 70 + 74 + 4 x 90 + 3 x 91) / 23 = 2,184 / 23 = 95.0 and the
    # last seven sit below it: a shift, neither good nor bad for a KPI with no good direction.
    # "A change unlikely to be chance (lower values)" read as a contradiction beside "up from"
    # on a reviewer's upload; the sentence says which figures. (No two months in a row are
    # equal: a series that mostly repeats itself is not tested at all.)
    values = [100, 101, 100, 101, 100, 101, 100, 70, 101, 100, 101, 100, 74, 101, 100, 101] + [90, 91] * 3 + [90]
    sentence = summary_sentence(monthly(values), "K", "count", "K")
    assert sentence.endswith("; figures lower than usual, and unlikely to be chance.")
    assert "lower values" not in sentence


def test_two_values_for_one_month_that_disagree_are_not_a_change_over_time():
    # A file with 58% and 59% for January 2024 and no other month: "over 0 months (Jan 2024
    # to Jan 2024)" described a clash as a trend.
    frame = observations_frame(
        [{"kpi_id": "K", "kpi_name": "K", "measure": "actual", "period": "2024-01-01", "value": v} for v in (58, 59)]
    )
    sentence = summary_sentence(frame, "K", "percent", "EHCPs in 20 weeks")
    assert sentence.startswith(
        "EHCPs in 20 weeks: 58% and 59% for January 2024, values that disagree, so no change over time yet"
    )
    assert "0 months" not in sentence


def test_a_name_ending_in_a_full_stop_is_not_followed_by_a_colon_after_it():
    frame = monthly([60, 65])
    sentence = summary_sentence(frame, "K", "percent", "% who complete transfer documentation by 31st March.")
    assert sentence.startswith("% who complete transfer documentation by 31st March: up from 60% to 65%")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.95, 0.97, 1.0], "K: up from 0.95% to 1.00% over 2 months"),
        ([45, 47.5, 49.2], "K: up from 45.0% to 49.2% over 2 months"),
        ([58.5, 58, 55.25], "K: down from 58.50% to 55.25% over 2 months"),
    ],
)
def test_the_first_and_last_figures_are_written_with_the_same_decimals(values, expected):
    assert summary_sentence(monthly(values), "K", "percent", "K").startswith(expected)


def test_values_that_disagree_are_written_with_the_same_decimals():
    frame = observations_frame(
        [{"kpi_id": "K", "kpi_name": "K", "measure": "actual", "period": "2024-01-01", "value": v} for v in (58, 58.5)]
    )
    assert summary_sentence(frame, "K", "percent", "K").startswith("K: 58.0% and 58.5% for January 2024")


def test_a_series_carried_forward_from_term_to_term_is_not_tested_for_a_real_change():
    # BCP's SEN Support (seed 001): 7,143, then 7,359 five months running, 7,552 four and 7,162
    # four. Its mean moving range is 61.5 though it moves only three times, so nearly every point
    # after a step looked "lower than usual, and unlikely to be chance" (a reviewer).
    values = [7143, 7359, 7359, 7359, 7359, 7359, 7552, 7552, 7552, 7552, 7162, 7162, 7162, 7162]
    sentence = summary_sentence(monthly(values), "K", "count", "No. of SEN Support")
    assert sentence.endswith("; most figures repeat the one before, so not tested for a real change.")
    assert "unlikely to be chance" not in sentence
