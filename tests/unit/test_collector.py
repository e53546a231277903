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
