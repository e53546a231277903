"""Combining files: identical repeats kept once, disagreements listed, never merged."""

from __future__ import annotations

import pandas as pd

from send_core import read_scorecard
from send_core.reading import combine_observations
from tests.unit.reading_helpers import xlsx_bytes


def test_the_same_value_in_two_files_is_kept_once_and_a_different_one_is_flagged():
    first = read_scorecard(
        xlsx_bytes([["KPI", "Nov 24", "Dec 24", "Jan 25"], ["No. of EHCPs", 4343, 4417, 4453]]), filename="a.xlsx"
    )
    second = read_scorecard(
        xlsx_bytes([["KPI", "Jan 25", "Feb 25", "Mar 25"], ["No. of EHCPs", 4450, 4480, 4500]]), filename="b.xlsx"
    )
    combined, conflicts = combine_observations([first.observations, second.observations])
    assert len(conflicts) == 1
    conflict = conflicts.iloc[0]
    assert conflict["period"] == pd.Timestamp("2025-01-01")
    assert conflict["values"] == "4453 / 4450"
    assert len(combined) == 6  # both January values are kept; nothing is merged
    repeat, none = combine_observations([first.observations, first.observations])
    assert len(repeat) == 3 and none.empty


# ---------------------------------------------------------------------------------------------
# Other formats and encodings
