"""The collector: every non-empty cell ends as a label, value, marker or problem."""

from __future__ import annotations

from send_core.reading.collector import CellCollector
from send_core.reading.workbook import Sheet


def sheet() -> Sheet:
    return Sheet("Scorecard", [["Title", "", ""], ["KPI", "Dec 23", "stray"], ["", "", 7]])


def test_cells_nothing_claimed_are_swept_up_as_problems():
    collector = CellCollector(sheet(), "s.xlsx")
    collector.label(0, 0)
    collector.label(1, 0)
    collector.label(1, 1)
    collector.sweep()
    assert collector.accounting() == {"cells": 5, "values": 0, "markers": 0, "labels": 3, "problems": 2}
    assert [p.code for p in collector.problems] == ["outside_table", "outside_table"]
    assert [p.location for p in collector.problems] == ["Scorecard!C2", "Scorecard!C3"]
    assert (collector.problems[0].row, collector.problems[0].column) == (2, 3)  # 1-based, as Excel numbers


def test_a_problem_on_a_cell_claims_it_once():
    collector = CellCollector(sheet(), "s.xlsx")
    collector.problem("unreadable_value", "'stray' is not a number", 1, 2)
    collector.label(1, 2)  # a later label does not undo the problem
    assert collector.fate[1, 2] == CellCollector.PROBLEM
    assert collector.problems[0].severity == "error"


def test_a_row_or_sheet_problem_claims_no_cell():
    collector = CellCollector(sheet(), "s.xlsx")
    collector.problem("row_without_name", "no name", 2)
    collector.problem("more_problems", "3 more", severity="error")
    assert [p.location for p in collector.problems] == ["Scorecard, row 3", "Scorecard"]
    assert [p.severity for p in collector.problems] == ["warning", "error"]
    assert not collector.fate.any()


def test_a_csv_row_is_named_without_a_sheet():
    collector = CellCollector(Sheet("data", [["a", "b"]], is_csv=True), "data.csv")
    collector.problem("row_without_name", "no name", 0)
    collector.problem("unreadable_value", "bad", 0, 1)
    assert [p.location for p in collector.problems] == ["row 1", "row 1, column B"]


def test_problems_for_many_rows_at_once_are_those_one_at_a_time_would_be():
    for is_csv in (False, True):
        one_by_one = CellCollector(Sheet("Scorecard", [["a"], ["b"], ["c"]], is_csv=is_csv), "s.xlsx")
        at_once = CellCollector(Sheet("Scorecard", [["a"], ["b"], ["c"]], is_csv=is_csv), "s.xlsx")
        for row, message in ((0, "first"), (2, "third")):
            one_by_one.problem("arrows_disagree", message, row, None, cell=False)
        at_once.row_problems("arrows_disagree", [0, 2], ["first", "third"])
        assert at_once.problems == one_by_one.problems
        # As a person reads it: 1-based rows, the sheet named in a workbook but not in a CSV.
        expected = ["row 1", "row 3"] if is_csv else ["Scorecard, row 1", "Scorecard, row 3"]
        assert [p.location for p in at_once.problems] == expected
        assert [p.severity for p in at_once.problems] == ["info", "info"]  # the code's own severity
        assert not at_once.fate.any()
