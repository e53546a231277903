"""Tables as people read them: one date format, no None or nan, human headings."""

import datetime as dt
import math

import pandas as pd
import pytest

from send_core.tables import cell_text, readable_table


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
