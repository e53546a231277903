"""Laying a new month's figures over published ones: the series grows, changes are listed."""

from __future__ import annotations

import pandas as pd
import pytest

from send_core.model import observations_frame
from send_core.store.history import CHANGE_COLUMNS, merge_history


def rows(*figures: tuple[str, str, float | None, str], file: str) -> pd.DataFrame:
    """(kpi id, month label, value, text) -> observations with a file column."""
    frame = observations_frame(
        [
            {
                "kpi_id": kpi,
                "kpi_name": kpi.title(),
                "period": pd.Timestamp(f"1 {label}"),
                "period_label": label,
                "value": value,
                "value_text": text,
                "unit": "count",
            }  # fmt: skip
            for kpi, label, value, text in figures
        ]
    )
    return frame.assign(file=file)


@pytest.mark.parametrize(
    ("published", "new", "expected_values", "expected_changes"),
    [
        # Next month adds to the series; the repeated month agrees, so nothing is listed.
        ([("a", "Nov 2024", 17, "17"), ("a", "Dec 2024", 12, "12")], [("a", "Dec 2024", 12, "12"), ("a", "Jan 2025", 13, "13")],
         {"Nov 2024": 17, "Dec 2024": 12, "Jan 2025": 13}, []),
        # A corrected figure: the new one is used and the change is listed (published 12, now 11).
        ([("a", "Dec 2024", 12, "12")], [("a", "Dec 2024", 11, "11")], {"Dec 2024": 11}, [("Dec 2024", "12", "11")]),
        # 12 and 12.0000001 are the same figure.
        ([("a", "Dec 2024", 12, "12")], [("a", "Dec 2024", 12.0000001, "12.0")], {"Dec 2024": 12.0000001}, []),
        # A marker that becomes a number is a change too.
        ([("a", "Dec 2024", None, "n/a")], [("a", "Dec 2024", 5, "5")], {"Dec 2024": 5}, [("Dec 2024", "n/a", "5")]),
        # Nothing new: the published rows as they were.
        ([("a", "Dec 2024", 12, "12")], [], {"Dec 2024": 12}, []),
    ],
)  # fmt: skip
def test_merge_history(published, new, expected_values, expected_changes):
    old = rows(*published, file="old.csv")
    fresh = rows(*new, file="new.csv") if new else old.iloc[0:0]
    merged, changes = merge_history(old, fresh)
    assert dict(zip(merged["period_label"], merged["value"], strict=True)) == pytest.approx(expected_values)
    assert list(changes.columns) == list(CHANGE_COLUMNS)
    assert [tuple(row) for row in changes[["period_label", "published", "new"]].values] == expected_changes
    assert set(changes["file"]) <= {"new.csv"}


def test_other_kpis_localities_and_measures_are_never_matched_with_each_other():
    old = rows(("a", "Dec 2024", 12, "12"), ("b", "Dec 2024", 3, "3"), file="old.csv")
    new = rows(("a", "Dec 2024", 12, "12"), file="new.csv").assign(locality="North")
    merged, changes = merge_history(old, new)
    assert len(merged) == 3 and changes.empty


def test_neither_frame_is_changed():
    old, new = rows(("a", "Dec 2024", 12, "12"), file="o"), rows(("a", "Dec 2024", 11, "11"), file="n")
    before = (old.copy(), new.copy())
    merge_history(old, new)
    assert old.equals(before[0]) and new.equals(before[1])
