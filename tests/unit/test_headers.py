"""What a heading says its column holds, for the "which column is what" form."""

from __future__ import annotations

import datetime as dt

import pytest

from send_core.reading import suggest_header_row, suggest_mapping_role, suggest_name_column


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Nov 24", "period"),
        (dt.datetime(2025, 1, 1), "period"),
        ("Nat", "England"),
        ("SN", "Statistical neighbours"),
        ("SW", "Region"),
        ("Target", "target"),
        ("Milestone 1 - Jul 23", "target"),
        ("Baseline (Jan 23)", "baseline"),
        ("KPI", "ignore"),
        ("Goal", "ignore"),
        ("", "ignore"),
    ],
)
def test_the_column_form_starts_from_what_the_heading_says(heading, role):
    assert suggest_mapping_role(heading) == role


@pytest.mark.parametrize(
    ("headings", "column"),
    [(["KPI", "Nov 24"], 0), (["Ref", "Measure", "Nov 24"], 1), (["Ref", "Something", "Nov 24"], 0)],
)
def test_the_column_form_finds_the_name_column(headings, column):
    assert suggest_name_column(headings) == column


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # BCP's scorecard: a title, then the headings (KPI, months, comparators, target).
        ([["SEND SCORECARD", "", ""], ["KPI", "Dec 23", "Jan 24"], ["No. of SEN Support", "7143", "7150"]], 1),
        ([["KPI", "Nov 24", "Target"], ["Complaints", "17", "<10"]], 0),
        # Nothing recognised: the first row with the most filled cells, past a one-cell title.
        ([["Our figures", "", ""], ["Measure name", "Count", "Notes"], ["Calls", "5", ""]], 1),
        ([], 0),
    ],
)
def test_the_column_form_starts_from_the_row_of_headings(rows, expected):
    assert suggest_header_row(rows) == expected


@pytest.mark.parametrize(
    ("text", "length", "shown"),
    [
        ("No. of EHCPs", 40, "No. of EHCPs"),  # short enough: as written
        # Seed 001's KPI, cut at a word's end, not "…living in own accommodat…": 39 characters
        # would end in "livin", so the last whole word is "18-25".
        ("% of EHCP young people aged 18-25 living in own accommodation", 40, "% of EHCP young people aged 18-25…"),
        ("% of EHCP young people aged 18-25 living in own accommodation", 41, "% of EHCP young people aged 18-25 living…"),
        ("Early Education Funding (cumulative)", 30, "Early Education Funding…"),  # "(" is not left dangling
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQ", 40, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM…"),  # one word: cut in it
        ("line one\nline two", 40, "line one line two"),
    ],
)  # fmt: skip
def test_shorten_cuts_long_text_at_a_word_s_end(text, length, shown):
    from send_core.reading.headers import shorten

    assert shorten(text, length) == shown and len(shorten(text, length)) <= length
