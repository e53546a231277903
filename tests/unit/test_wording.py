"""Plain-English wording."""

import math

import pandas as pd
import pytest

from send_core.wording import VARIATION_TEXT, explorer_purpose, gap_text, how_many, number_text


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (0, "KPI", None, "0 KPIs"),
        (1, "KPI", None, "1 KPI"),
        (2, "month", None, "2 months"),
        (1234, "value and marker", "values and markers", "1,234 values and markers"),
        (1, "value and marker", "values and markers", "1 value and marker"),
    ],
)
def test_how_many(count, one, many, expected):
    assert how_many(count, one, many) == expected


def test_the_milestone_sentence_counts_done_and_overdue():
    import datetime as dt

    import pandas as pd

    from send_core.wording import milestone_sentence

    milestones = pd.DataFrame({"state": ["Done", "Done", "Overdue", "Not yet due", "Ongoing"]})
    assert milestone_sentence(milestones, dt.date(2021, 12, 31)) == (
        "5 milestones: 2 done, 1 overdue as at 31 December 2021."
    )
    assert milestone_sentence(milestones.head(1), dt.date(2022, 1, 1)) == (
        "1 milestone: 1 done, 0 overdue as at 1 January 2022."
    )
    # Milestones with no due date are not on the timeline: the sentence says so.
    dated = milestones.assign(due=pd.to_datetime(["2021-06-30", None, "2021-09-30", None, None]))
    assert milestone_sentence(dated, dt.date(2021, 12, 31)) == (
        "5 milestones: 2 done, 1 overdue as at 31 December 2021. 3 milestones with no due date are not on the "
        "chart; the table lists them."
    )
    assert milestone_sentence(dated.head(2), dt.date(2021, 12, 31)).endswith(
        "1 milestone with no due date is not on the chart; the table lists them."
    )


@pytest.mark.parametrize(
    ("direction", "inferred", "unit", "cumulative", "expected"),
    [
        ("down", True, "weeks", False, "Lower is better (worked out from its name). In weeks."),
        ("up", False, "percent", True, "Higher is better. A percentage. A running total over the year."),
        ("none", True, "count", False, "Neither higher nor lower is better. A number."),
        ("up", False, "other", False, "Higher is better."),
    ],
)
def test_a_kpi_is_described_in_one_line(direction, inferred, unit, cumulative, expected):
    from send_core.wording import kpi_description

    assert kpi_description(direction, inferred, unit, cumulative) == expected


@pytest.mark.parametrize(
    ("when", "frequency", "long", "expected"),
    [
        ("2025-01-01", "month", False, "Jan 2025"),
        ("2025-01-01", "month", True, "January 2025"),
        ("2024-09-01", "academic_year", False, "2024/25"),
        ("2024-04-01", "financial_year", False, "2024-25"),
        ("2024-01-01", "calendar_year", False, "2024"),
        ("2024-07-01", "quarter", False, "Q2 2024-25"),
        ("2025-02-01", "quarter", False, "Q4 2024-25"),
        ("1999-09-01", "academic_year", False, "1999/00"),
        (None, "month", False, ""),
    ],
)
def test_period_text(when, frequency, long, expected):
    from send_core.wording import period_text

    assert period_text(pd.Timestamp(when) if when else None, frequency, long=long) == expected


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        ("month", "+3 since the month before"),
        ("academic_year", "+3 since the year before"),
        ("quarter", "+3 since the quarter before"),
    ],
)
def test_a_change_is_since_the_period_before(frequency, expected):
    from send_core.wording import change_text

    assert change_text(3, "count", frequency) == expected


def test_periods_between():
    from send_core.wording import periods_between

    assert periods_between(pd.Timestamp("2018-09-01"), pd.Timestamp("2024-09-01"), "academic_year") == 6
    assert periods_between(pd.Timestamp("2023-12-01"), pd.Timestamp("2025-01-01"), "month") == 13


@pytest.mark.parametrize(
    ("code", "long", "short"),
    [
        ("improvement_high", "Getting better (higher), and unlikely to be chance", "Getting better: not chance"),
        (None, VARIATION_TEXT[None], "Too few figures to judge"),
        (float("nan"), VARIATION_TEXT[None], "Too few figures to judge"),
        (
            "hidden",  # the latest figure hidden for the public
            "Not judged: the latest figure is hidden (a small number), so whether it is changing is not said",
            "Not judged: figure hidden",
        ),
    ],
)
def test_a_variation_in_full_and_in_a_few_words(code, long, short):
    from send_core.wording import variation_text

    assert (variation_text(code), variation_text(code, short=True)) == (long, short)


@pytest.mark.parametrize(
    ("gap", "unit", "words"),
    [
        (14777.0, "count", "14,777 above"),
        (-2.0, "percent", "2 percentage points below"),  # 48% against a target of 50%
        (1.0, "percent", "1 percentage point above"),
        (-0.5, "percent", "0.5 percentage points below"),
        (3.0, "weeks", "3 weeks above"),
        (-1500.0, "currency", "£1,500 below"),
        (0.0, "count", "on the target"),
        (math.nan, "count", ""),  # a range or a marker: no single number to compare
    ],
)
def test_the_gap_from_a_target_is_said_in_the_kpis_unit(gap, unit, words):
    assert gap_text(gap, unit) == words


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (14777.0, "14,777"),
        (2.5, "2.5"),
        (2.50, "2.5"),
        (10.0, "10"),
        (1234.567, "1,234.57"),
        (0.0, "0"),
        (-3.25, "-3.25"),
    ],
)
def test_number_text(value, expected):
    assert number_text(value) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # (kpi_id, met, actual) per milestone row, as kpi_milestone_table gives them.
        (
            [("SL1", "Met", "5%"), ("SL1", "Not met", "2%"), ("SL2", "", None)],
            "2 KPIs, 3 milestones: 1 met, 1 not met, 1 with no actual yet",
        ),
        ([("P1", "Not met (close)", "7")], "1 KPI, 1 milestone: 1 not met (close)"),
        ([("P1", "", ""), ("P1", "", None)], "1 KPI, 2 milestones: 2 with no actual yet"),
        # An actual that nothing rates (the plan gives no target for the date) is not missing.
        ([("W1", "", "788"), ("W1", "", "")], "1 KPI, 2 milestones: 1 with no target to compare, 1 with no actual yet"),
        ([("A", "Met", "1"), ("B", "Met", "1"), ("C", "Met", "1")], "3 KPIs, 3 milestones: 3 met"),
    ],
)
def test_an_objective_s_milestones_are_counted_in_words(rows, expected):
    from send_core.wording import milestone_tally

    table = pd.DataFrame(rows, columns=["kpi_id", "met", "actual"])
    assert milestone_tally(table) == expected


def test_a_hidden_figure_s_kpi_has_its_own_counter():
    from send_core.wording import rating_counts

    # Counted as "Not rated" it read, by About's definition, as a KPI with no good direction,
    # and the public Overview's counters differed from the officers' (a reviewer).
    ratings = pd.Series(["Red", "Hidden", "Not rated", "Green", "Hidden"])
    assert rating_counts(ratings) == {
        "Red": 1,
        "Amber": 0,
        "Green": 1,
        "No target": 0,
        "Not rated": 1,
        "No data": 0,
        "Hidden": 2,
    }


@pytest.mark.parametrize(
    ("assurance", "expected"),
    [
        ("pass", "Should keep meeting target"),
        ("fail", "Will keep missing target"),
        # Under "Meets target?" on the public Overview, "Limits out of date" was jargon.
        ("limits_out_of_date", "Cannot say: figures changed"),
        (None, "Cannot say yet"),
    ],
)
def test_whether_a_kpi_will_meet_its_target_is_said_in_a_few_plain_words(assurance, expected):
    from send_core.wording import assurance_text

    assert assurance_text(assurance, short=True) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1, "weeks", "1 week"),  # the Plan tracker said "1 weeks below" (a reviewer)
        (1.0, "days", "1 day"),
        (2, "weeks", "2 weeks"),
        (1.5, "weeks", "1.5 weeks"),
        (12.5, "percent", "12.5%"),
        (1234, "count", "1,234"),
    ],
)
def test_a_value_is_written_with_its_unit(value, unit, expected):
    from send_core.wording import format_value

    assert format_value(value, unit) == expected


@pytest.mark.parametrize(
    ("comparators", "expected"),
    [
        ((), "One measure at a time: its figures over time and its target."),
        (
            ("England",),
            "One measure at a time: its figures over time and its target, and how it compares with England.",
        ),
        (
            ("Region", "England"),  # named in the usual order, whatever order they come in
            "One measure at a time: its figures over time and its target, and how it compares with England and the region.",
        ),
        (
            ("England", "Statistical neighbours", "Region", "Somewhere"),  # an unknown kind is left out
            "One measure at a time: its figures over time and its target, and how it compares with England, "
            "similar areas and the region.",
        ),
    ],
)
def test_the_explorer_promises_only_the_comparisons_there_are(comparators, expected):
    assert explorer_purpose(comparators) == expected


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ("2026-12-08T01:01:23Z", "8 Dec 2026, 01:01 UTC"),  # as a read records when it was read
        ("2026-06-30T23:30:00+01:00", "30 Jun 2026, 22:30 UTC"),  # British Summer Time, told in UTC
        ("", ""),
        ("yesterday", "yesterday"),  # not a moment: left as written
    ],
)
def test_a_moment_as_people_write_one(stamp, shown):
    from send_core.wording import timestamp_text

    assert timestamp_text(stamp) == shown


@pytest.mark.parametrize(
    ("written", "value", "unit", "shown"),
    [
        ("5.0%", 5.0, "percent", "5%"),  # BCP's target for independent special, beside "11.5%"
        ("16000", 16000.0, "other", "16,000"),
        ("1,262", 1262.0, "count", "1,262"),
        (">16000 views/ month", 16000.0, "other", ">16000 views/ month"),  # a bound with words: as written
        ("40-50 weeks", float("nan"), "weeks", "40-50 weeks"),  # a range has no one value
        ("n/a", float("nan"), "percent", "n/a"),
    ],
)
def test_a_bare_number_from_a_file_is_written_as_the_app_writes_numbers(written, value, unit, shown):
    from send_core.wording import figure_text

    assert figure_text(written, value, unit) == shown


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        # Birmingham's P15, as its plan writes it: "…by 31st March.:" read as a slip.
        ("% of post 16 young people who complete transfer documentation by 31st March.", "% of post 16 young people who complete transfer documentation by 31st March"),
        ("No. of EHCPs", "No. of EHCPs"),  # a full stop inside is kept
        ("Waiting lists etc...", "Waiting lists etc..."),  # an ellipsis is kept
    ],
)  # fmt: skip
def test_a_name_before_a_colon_loses_its_closing_full_stop(name, shown):
    from send_core.wording import before_colon

    assert before_colon(name) == shown


def test_the_tiles_footnote_explains_each_short_status_the_tiles_show():
    from send_core.wording import tiles_footnote

    plain = tiles_footnote(12, "flagged KPIs first", [None])
    assert plain.startswith("The 12 tiles show flagged KPIs first;") and "Sometimes meets target" not in plain
    # A tile saying "Sometimes meets target" (Birmingham's longest wait for OT) is explained.
    mixed = tiles_footnote(12, "flagged KPIs first", ["hit_and_miss", None])
    assert (
        "'Should keep meeting target', 'Sometimes meets target' and 'Will keep missing target' say where its usual "
        "range lies if nothing changes" in mixed
    )
    assert "'Cannot say: figures changed' means" in tiles_footnote(12, "x", ["limits_out_of_date"])


@pytest.mark.parametrize(
    ("values", "unit", "expected"),
    [
        # Side by side in one sentence, two figures share their decimals: "1% up from 0.95%"
        # read as a precision mix (a reviewer).
        ((1.0, 0.95), "percent", ["1.00%", "0.95%"]),
        ((49.2, 45.0), "percent", ["49.2%", "45.0%"]),
        ((58.0, 55.0), "percent", ["58%", "55%"]),
        ((81.0, 83.5), "weeks", ["81.0 weeks", "83.5 weeks"]),
        ((1.0, 1.5), "weeks", ["1.0 weeks", "1.5 weeks"]),  # "1 week" only when written "1"
        ((1250.0, 1100.0), "count", ["1,250", "1,100"]),
        ((12.25, 3.5), "rate", ["12.25", "3.50"]),
        ((float("nan"), 3.5), "percent", ["no data", "3.5%"]),
        ((2.0,), "percent", ["2%"]),
    ],
)
def test_figures_side_by_side_share_their_decimals(values, unit, expected):
    from send_core.wording import format_values

    assert format_values(values, unit) == expected


@pytest.mark.parametrize(
    ("accounting", "expected"),
    [
        # A header of 3 cells and a row of 3 (the Upload page's test): read as a sentence, not
        # "6 cells = 1 value + 1 marker + 4 labels and headings + 0 not understood".
        (
            {"cells": 6, "values": 1, "markers": 1, "labels": 4, "problems": 0},
            "Every non-empty cell is accounted for. Of 6 cells, we read 1 as a value, 1 as a marker and 4 as "
            "labels or headings.",
        ),
        (
            {"cells": 7300, "values": 7056, "markers": 144, "labels": 99, "problems": 1},
            "Every non-empty cell is accounted for. Of 7,300 cells, we read 7,056 as values, 144 as markers and "
            "99 as labels or headings; 1 could not be understood (see the problems).",
        ),
        (
            {"cells": 5, "values": 0, "markers": 0, "labels": 1, "problems": 4},
            "Every non-empty cell is accounted for. Of 5 cells, we read 0 as values, 0 as markers and 1 as a "
            "label or heading; 4 could not be understood (see the problems).",
        ),
    ],
)
def test_the_accounting_of_cells_is_a_sentence(accounting, expected):
    from send_core.wording import accounting_sentence

    assert accounting_sentence(accounting) == expected


def test_a_change_of_one_week_is_singular():
    from send_core.wording import change_text

    assert change_text(1.0, "weeks") == "+1 week since the month before"
    assert change_text(-2.5, "weeks") == "-2.5 weeks since the month before"
