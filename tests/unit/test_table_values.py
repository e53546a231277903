"""The table reader's one pass over its value cells: units, fractions, arrows, each cell read
as the cell parser reads it.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from send_core import read_scorecard
from send_core.reading.values import parse_value
from tests.unit.reading_helpers import xlsx_bytes


def test_excel_percentage_cells_arrive_as_fractions_and_are_read_as_percentages():
    data = xlsx_bytes(
        [
            ["KPI", "Nov 24", "Dec 24", "Jan 25", "Nat", "Target"],
            ["% of plans in mainstream", 0.12, 0.15, 0.17, 0.433, 0.2],
        ]
    )
    read = read_scorecard(data, filename="pct.xlsx")
    rows = read.observations.set_index("measure")
    assert sorted(read.observations.loc[read.observations["measure"] == "actual", "value"]) == [12, 15, 17]
    assert rows.loc["comparator", "value"] == pytest.approx(43.3)
    assert rows.loc["target", "value"] == pytest.approx(20)
    assert set(read.observations["unit"]) == {"percent"}
    assert "Excel's percentage format" in " ".join(read.problems["message"])


def test_a_fractional_target_among_written_percentages_is_a_percentage():
    read = read_scorecard(
        b"KPI,Nov 24,Dec 24,Jan 25,Nat,Target\n% EHCPs in 20 weeks,12%,14%,15%,0.5,0.6\n", filename="t.csv"
    )
    rows = read.observations.set_index("measure")
    assert rows.loc["target", "value"] == pytest.approx(60)
    assert rows.loc["comparator", "value"] == pytest.approx(50)


@pytest.mark.parametrize(("text", "value"), [("3.2E-05", 3.2e-05), ("1.23E+05", 123000), ("1.5e16", 1.5e16)])
def test_scientific_notation(text, value):
    from send_core.reading.values import parse_value

    assert parse_value(text).value == pytest.approx(value)
    read = read_scorecard(f"KPI,Nov 24,Dec 24,Jan 25\nRate,{text},{text},{text}\n".encode(), filename="s.csv")
    assert list(read.observations["value"]) == pytest.approx([value] * 3)


MONTHLY_CELLS = st.one_of(
    st.integers(min_value=2, max_value=10**7),
    st.floats(min_value=2, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2)),
    st.integers(min_value=2, max_value=10**6).map(lambda n: f"{n:,} ▲"),
    st.floats(min_value=2, max_value=99).map(lambda x: f"{x:.1f}% ▼"),
    st.sampled_from(["7143 ▶", " 12 ", "12  ►", "31 weeks", "216 (June 2022)", "requested", "n/a", "<50", "2.5E+03"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(MONTHLY_CELLS, min_size=3, max_size=3), min_size=1, max_size=4))
def test_every_monthly_cell_reads_as_the_cell_parser_reads_it(grid):
    # The reader parses a sheet's cells in bulk; each observation must say what parse_value says
    # of its cell alone, and sit at that cell.
    header = ["KPI", "Jan 24", "Feb 24", "Mar 24"]
    rows = [[f"No. of cases {index}", *cells] for index, cells in enumerate(grid)]
    read = read_scorecard(xlsx_bytes([["Scorecard"], header, *rows]), filename="property.xlsx")
    observations = read.observations.set_index("source")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row[1:], start=1):
            expected = parse_value(cell)
            found = observations.loc[f"Sheet1!{'ABCD'[c]}{r + 3}"]
            assert found["kpi_name"] == row[0] and found["period_label"] == header[c]
            assert found["value_text"] == expected.text
            for column, attribute in (("value", "value"), ("value_low", "low"), ("value_high", "high")):
                want = (
                    getattr(expected, attribute) if not (column == "value" and expected.kind == "range") else math.nan
                )
                got = found[column]
                assert (math.isnan(want) and math.isnan(got)) or got == want, (cell, column, got, want)
    assert len(read.observations) == sum(len(cells) for cells in grid)


@pytest.mark.parametrize(
    ("header", "row", "wrong"),
    [
        # Seed 001's complaints, Nov 24 to Jan 25: 17, 12 (down), 13 (up), arrows as written.
        (["KPI", "Nov 24", "Dec 24", "Jan 25"], ["No. of complaints", "17 ▼", "12 ▼", "13 ▲"], 0),
        # The same months newest first: the arrows still belong to the later month.
        (["KPI", "Jan 25", "Dec 24", "Nov 24"], ["No. of complaints", "13 ▲", "12 ▼", "17 ▼"], 0),
        # Dec 24 fell from 17 to 12 but is marked up; Jan 25 rose to 13 but is marked down.
        (["KPI", "Jan 25", "Dec 24", "Nov 24"], ["No. of complaints", "13 ▼", "12 ▲", "17 ▼"], "2 months"),
        # Only Jan 25 marked the wrong way: one month, and said so without "(s)".
        (["KPI", "Nov 24", "Dec 24", "Jan 25"], ["No. of complaints", "17 ▼", "12 ▼", "13 ▼"], "1 month"),
    ],
)
def test_arrows_that_disagree_with_the_numbers_are_counted(header, row, wrong):
    read = read_scorecard(xlsx_bytes([header, row]), filename="arrows.xlsx")
    notes = [m for m in read.problems["message"] if "trend arrows disagree" in m]
    assert notes == (
        [
            f"The file's trend arrows disagree with its own numbers in {wrong} for 'No. of complaints'. The app works out trends from the numbers."
        ]
        if wrong
        else []
    )
