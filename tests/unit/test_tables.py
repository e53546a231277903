"""Tables as people read them: one date format, no None or nan, human headings."""

import datetime as dt
import math

import pandas as pd
import pytest

from send_core.tables import cell_text, conflicts_table, fitted_column_widths, readable_table, text_column_widths


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (math.nan, ""),
        (pd.NaT, ""),
        ("None", ""),
        (pd.Timestamp("2024-12-01"), "1 Dec 2024"),
        (pd.Timestamp("2026-12-02 09:30"), "2 Dec 2026 09:30"),
        (dt.date(2023, 7, 14), "14 Jul 2023"),
        (3.0, "3"),
        (1234.5, "1,234.5"),
        (0.125, "0.12"),
        (True, "Yes"),
        ("Off target", "Off target"),
        (7, "7"),
    ],
)
def test_each_cell_reads_as_a_person_writes_it(value, expected):
    assert cell_text(value) == expected


def test_the_table_keeps_the_named_columns_in_order_under_their_headings():
    frame = pd.DataFrame({"due": [pd.Timestamp("2024-01-31"), None], "title": ["Audit", None], "extra": [1, 2]})
    table = readable_table(frame, {"title": "What", "due": "Due"})
    assert table.columns.tolist() == ["What", "Due"]
    assert table.values.tolist() == [["Audit", "31 Jan 2024"], ["", ""]]
    assert frame["due"].isna().sum() == 1 and list(frame.columns) == ["due", "title", "extra"]  # unchanged


def test_long_text_columns_get_room_for_their_longest_cell():
    frame = pd.DataFrame(
        {
            "Breakdown": ["North", None, "Whole area (North has no target of its own)"],  # 43 characters
            "Period": ["Jan 2025", "Feb 2025", "Mar 2025"],  # short: left to the grid
            "Value": [1.0, None, 3.0],  # numbers are never sized
            "A heading longer than twenty": ["x", "y", "z"],  # the heading is 28 characters
            "Message": ["word " * 200, "", ""],  # 1,000 characters: the widest a column goes
        }
    )
    assert text_column_widths(frame) == {
        "Breakdown": 346,  # 43 x 7.5 + 24 = 346.5, rounded to even
        "A heading longer than twenty": 234,  # 28 x 7.5 + 24
        "Message": 520,
    }


def test_a_table_that_fits_keeps_its_widths_on_one_line():
    frame = pd.DataFrame({"Period": ["Jan 2025"], "Breakdown": ["Whole area (North has no target of its own)"]})
    assert fitted_column_widths(frame, available=880) == ({"Breakdown": 346}, 1)  # 43 x 7.5 + 24


def test_a_table_too_wide_shares_what_is_left_among_its_long_text_columns():
    frame = pd.DataFrame(
        {
            "Action": ["ASL1"],  # 6 characters (its heading): 6 x 7.5 + 24 = 69
            "Due": ["30 Sep 2022"],  # 11: 106.5, rounded to even, 106
            "Milestone": ["x" * 60],  # 60: 474
            "Notes": ["y" * 200],  # 200: 1,524, at most 520
        }
    )
    widths, lines = fitted_column_widths(frame, available=600)
    # 600 - 69 - 106 = 425 for the two long columns: 140 each at least, and the 145 left over
    # in proportion to what each lacks (474 - 140 = 334 and 520 - 140 = 380, of 714).
    assert widths == {"Action": 69, "Due": 106, "Milestone": 140 + 67, "Notes": 140 + 77}
    assert sum(widths.values()) <= 600
    # Milestone's 450 px of text in 207 - 24 = 183 px wraps to 3 lines; Notes' to 8, kept to 3.
    assert lines == 3


def test_a_squeezed_column_keeps_room_for_its_heading():
    frame = pd.DataFrame({"Due, as the plan says": ["30th September 2022"], "Notes": ["y" * 200]})
    widths, _ = fitted_column_widths(frame, available=300)
    # The heading is 21 characters: 21 x 7.5 + 24 = 181.5, rounded to even, 182, over 140.
    assert widths["Due, as the plan says"] == 182
    assert widths["Notes"] == 140  # nothing is left over: each column at its narrowest


NO_BREAK = "\u00a0"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Dates, as the tables and the plan write them, stay on one line in a narrow column.
        ("31 Jan 2024", f"31{NO_BREAK}Jan{NO_BREAK}2024"),
        ("Jun 2024", f"Jun{NO_BREAK}2024"),
        ("14 Jul 2023 09:30", f"14{NO_BREAK}Jul{NO_BREAK}2023{NO_BREAK}09:30"),
        ("June 2023", f"June{NO_BREAK}2023"),
        # Anything else wraps as before, a date inside a sentence too.
        ("Publish the annual report", "Publish the annual report"),
        ("Due 31 Jan 2024 at the latest", "Due 31 Jan 2024 at the latest"),
        ("12 Foo 2024", "12 Foo 2024"),
        ("", ""),
    ],
)
def test_a_date_is_never_broken_across_lines(cell, expected):
    from send_core.tables import unbroken_dates

    frame = pd.DataFrame({"Due": [cell], "Other": ["31 Jan 2024"]})
    shown = unbroken_dates(frame)
    assert shown["Due"].tolist() == [expected]
    assert frame["Due"].tolist() == [cell]  # the caller's frame is unchanged


def test_conflicts_are_worded_as_people_write_figures_and_periods():
    from send_core.model import observations_frame
    from send_core.reading.combine import combine_observations

    def row(value, source, **extra):
        return {"kpi_id": "K", "kpi_name": "EHCPs in 20 weeks", "period": "2024-01-01", "value": value,
                "value_text": f"{value}%", "unit": "percent", "source": source, **extra}  # fmt: skip

    first = observations_frame(
        [row(58, "row 2, column H"), row(46.4, "row 2, column I", measure="comparator", comparator="England")]
    )
    second = observations_frame([row(59, "row 8, column H"), row(45.0, "row 8, column I", measure="comparator", comparator="England"),
                                 row(60, "row 9, column H", period="2023-09-01", frequency="academic_year")])  # fmt: skip
    third = observations_frame([row(61, "row 3, column H", period="2023-09-01", frequency="academic_year")])
    _, conflicts = combine_observations([first, second, third])
    shown = conflicts_table(conflicts)
    assert sorted(zip(shown["measure"], shown["period"], shown["values"], strict=True)) == [
        ("Actual", "2023/24", "60% / 61%"),  # an academic year, as the app writes one everywhere
        ("Actual", "Jan 2024", "58% / 59%"),
        ("England", "Jan 2024", "46.4% / 45.0%"),
    ]
    assert conflicts["measure"].tolist().count("actual") == 2  # the caller's frame unchanged


def test_when_squeezing_the_long_columns_is_not_enough_short_text_wraps_too():
    # Worked by hand at 7.5 px a character and 24 px padding: KPI 474 px, Target 144, Rating
    # 69 (its heading), Whole area 99; 786 in all against 400. The KPI squeezed to its floor of
    # 125 still leaves 437, so Target (the widest short text) wraps down to its heading's 69:
    # 362, and the 38 px to spare go 31 to the KPI and 6 to Target, by what each lacks.
    frame = pd.DataFrame(
        {"KPI": ["x" * 60], "Target": ["75% (whole area)"], "Rating": ["Green"], "Whole area": ["41%"]}
    )
    widths, lines = fitted_column_widths(frame, available=400, narrowest=125)
    assert widths == {"KPI": 156, "Target": 75, "Rating": 69, "Whole area": 99}
    assert sum(widths.values()) <= 400 and lines == 3
