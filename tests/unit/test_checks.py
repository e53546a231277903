"""Checks on what a file says, once read: figures that cannot be what their unit says."""

from __future__ import annotations

from send_core.model import observations_frame
from send_core.reading import read_scorecard
from send_core.reading.checks import implausible_percentages


def cells(*rows):
    return observations_frame(
        [
            {"kpi_id": k, "kpi_name": n, "measure": m, "value": v, "value_text": t, "unit": u, "source": s}
            for k, n, m, v, t, u, s in rows
        ]
    )


def test_a_percentage_above_100_or_below_0_is_one_warning_per_kpi_and_measure():
    observations = cells(
        ("K1", "% of plans on time", "actual", 58.0, "58%", "percent", "Card!B4"),
        ("K1", "% of plans on time", "actual", 150.0, "150%", "percent", "Card!C4"),
        ("K1", "% of plans on time", "actual", 101.0, "101%", "percent", "Card!D4"),
        ("K1", "% of plans on time", "target", 120.0, "120%", "percent", "Card!F4"),
        ("K2", "% attending", "actual", -3.0, "-3%", "percent", "Card!B5"),
        ("K3", "No. of plans", "actual", 150.0, "150", "count", "Card!B6"),  # a count may be anything
        ("K1", "% of plans on time", "actual", 100.0, "100%", "percent", "Card!E4"),  # 100 is possible
    )
    problems = implausible_percentages(observations)
    assert [(p.code, p.severity, p.location, p.sheet, p.row, p.column) for p in problems] == [
        ("percent_out_of_range", "warning", "Card!C4", "Card", 4, 3),
        ("percent_out_of_range", "warning", "Card!F4", "Card", 4, 6),
        ("percent_out_of_range", "warning", "Card!B5", "Card", 5, 2),
    ]
    assert problems[0].message == (
        "'% of plans on time' has 2 percentages above 100 or below 0, the first '150%': check they are right "
        "(they were read as written)."
    )
    assert problems[1].message == (
        "The target for '% of plans on time' is '120%', above 100 or below 0: check it is right (it was read "
        "as written)."
    )
    assert problems[2].message == (
        "'% attending' has a percentage above 100 or below 0, '-3%': check it is right (it was read as written)."
    )


def test_a_file_of_sensible_percentages_gets_no_warning():
    observations = cells(("K1", "% of plans on time", "actual", 58.0, "58%", "percent", "Card!B4"))
    assert implausible_percentages(observations) == []


def test_a_scorecard_with_a_target_of_150_percent_is_warned_about():
    csv = b"KPI,Nov 24,Dec 24,Jan 25,Target\n% of EHCPs issued in 20 weeks,45%,47%,49%,150%\n"
    read = read_scorecard(csv, filename="card.csv")
    warned = read.problems[read.problems["code"] == "percent_out_of_range"]
    assert warned["message"].tolist() == [
        "The target for '% of EHCPs issued in 20 weeks' is '150%', above 100 or below 0: check it is right (it was "
        "read as written)."
    ]
    assert len(read.observations) == 4  # still read, as written
