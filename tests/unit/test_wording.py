"""Plain-English wording."""

import pytest

from send_core.wording import how_many


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
        "1 milestone: 1 done, 0 overdue as at 01 January 2022."
    )


@pytest.mark.parametrize(
    ("direction", "inferred", "unit", "cumulative", "expected"),
    [
        ("down", True, "weeks", False, "Lower is better (inferred from the name). Unit: weeks."),
        ("up", False, "percent", True, "Higher is better. Unit: percent. Cumulative over the year."),
        ("none", True, "count", False, "No good direction set. Unit: count."),
    ],
)
def test_a_kpi_is_described_in_one_line(direction, inferred, unit, cumulative, expected):
    from send_core.wording import kpi_description

    assert kpi_description(direction, inferred, unit, cumulative) == expected
