"""Periods as written in headers and plans."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_core.reading.periods import parse_date, parse_period

T = pd.Timestamp


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("Dec 23", T("2023-12-01"), T("2023-12-01"), "month"),
        ("Jan 25", T("2025-01-01"), T("2025-01-01"), "month"),
        ("Nov 2021", T("2021-11-01"), T("2021-11-01"), "month"),
        ("December 2023", T("2023-12-01"), T("2023-12-01"), "month"),
        ("Sept 2022", T("2022-09-01"), T("2022-09-01"), "month"),
        ("2024-01", T("2024-01-01"), T("2024-01-01"), "month"),
        (dt.datetime(2024, 1, 31), T("2024-01-01"), T("2024-01-01"), "month"),
        ("30 Apr 2022", T("2022-04-01"), T("2022-04-01"), "day"),
        ("31st Mar 2023", T("2023-03-01"), T("2023-03-01"), "day"),
        ("2022-04-30", T("2022-04-01"), T("2022-04-01"), "day"),
        ("28/09/2021", T("2021-09-01"), T("2021-09-01"), "day"),
        ("Jan to March 2024", T("2024-01-01"), T("2024-03-01"), "range"),
        ("September 2022 – December 2022", T("2022-09-01"), T("2022-12-01"), "range"),
        ("2023-24", T("2023-04-01"), T("2024-03-01"), "financial_year"),
        ("2023/24", T("2023-09-01"), T("2024-08-01"), "academic_year"),
        ("21/22", T("2021-09-01"), T("2022-08-01"), "academic_year"),
        ("202324", T("2023-09-01"), T("2024-08-01"), "academic_year"),
        (202324, T("2023-09-01"), T("2024-08-01"), "academic_year"),
        ("Q1 2024/25", T("2024-04-01"), T("2024-06-01"), "quarter"),
        ("Q4 2024/25", T("2025-01-01"), T("2025-03-01"), "quarter"),
        ("2022", T("2022-01-01"), T("2022-12-01"), "year"),
        ("Actual Jul 23", T("2023-07-01"), T("2023-07-01"), "month"),
    ],
)
def test_periods(text, start, end, kind):
    period = parse_period(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)


@pytest.mark.parametrize("text", ["KPI", "Nat", "SN", "Target", "", None, "31/02/2024", "2023-25", "hello 2023"])
def test_non_periods(text):
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 May 2022", dt.date(2022, 5, 30)),
        ("June 2024", dt.date(2024, 6, 30)),
        ("Jan to March 2024", dt.date(2024, 3, 31)),
        ("December 2023", dt.date(2023, 12, 31)),
        ("2023-07-14", dt.date(2023, 7, 14)),
        ("not a date", None),
    ],
)
def test_due_dates_fall_on_the_last_day_a_milestone_can_be_met(text, expected):
    assert parse_date(text) == expected


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_day_reads_back_as_its_month(day):
    for text in (day.strftime("%d %b %Y"), day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%b %Y")):
        period = parse_period(text)
        assert period.start == T(year=day.year, month=day.month, day=1)


def test_month_index_counts_months_apart():
    from send_core.reading.periods import month_index

    # Dec 2023 to Jan 2025 is 13 months apart (seed 001's scorecard span).
    assert month_index(pd.Timestamp("2025-01-01")) - month_index(pd.Timestamp("2023-12-01")) == 13
    column = pd.Series(pd.to_datetime(["2023-12-01", "2024-02-15"]))
    assert (month_index(column) - month_index(pd.Timestamp("2023-12-01"))).tolist() == [0, 2]


@pytest.mark.parametrize(
    "text",
    ["0000-01", "0000-01-01", "Jan 0000", "May 2263", "2300-01", "Jan 2101", "30 Feb 2023", "2024-02-30", "31/04/2024"],
)
def test_impossible_days_and_years_out_of_range_are_not_periods(text):
    # Before: year 0000 raised ValueError, months after April 2262 wrapped round to 1678-1915,
    # and "30 Feb 2023" was taken as February 2023.
    assert parse_period(text) is None
    assert parse_date(text) is None


def test_real_dates_out_of_range_are_not_periods():
    assert parse_period(dt.datetime(9999, 12, 31)) is None
    assert parse_date(dt.date(1, 1, 1)) is None
    assert parse_period(dt.datetime(2100, 12, 31)).label == "31 Dec 2100"  # the last year read
