"""The cell-value grammar: a table of what people type and what it means."""

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_core.reading.values import EMPTY, NUMBER, OTHER, TEXT, cell_codes, parse_value, parse_value_column

NAN = math.nan

# text, kind, value, low, high, unit, count, arrow, note
CASES = [
    ("7143 ▶", "number", 7143, NAN, NAN, None, None, "flat", None),
    ("49.2% ▼", "number", 49.2, NAN, NAN, "percent", None, "down", None),
    ("3 ►", "number", 3, NAN, NAN, None, None, "flat", None),
    ("14.3% (10) ▲", "number", 14.3, NAN, NAN, "percent", 10, "up", None),
    ("15.12%(24) ▼", "number", 15.12, NAN, NAN, "percent", 24, "down", None),
    ("11.84 (27) ▼", "number", 11.84, NAN, NAN, None, 27, "down", None),
    ("0% (0)", "number", 0, NAN, NAN, "percent", 0, None, None),
    ("25,184 views/ month", "number", 25184, NAN, NAN, "other", None, None, "views/ month"),
    ("1,262", "number", 1262, NAN, NAN, None, None, None, None),
    ("<50", "bound", 50, NAN, 50, None, None, None, None),
    (">16000 views/ month", "bound", 16000, 16000, NAN, "other", None, None, "views/ month"),
    ("Maintain 12 weeks", "bound", 12, NAN, NAN, "weeks", None, None, "maintain"),
    ("25-35 weeks", "range", NAN, 25, 35, "weeks", None, None, None),
    ("20- 25 weeks", "range", NAN, 20, 25, "weeks", None, None, None),
    ("55%-70%", "range", NAN, 55, 70, "percent", None, None, None),
    ("ASD: 31 weeks", "number", 31, NAN, NAN, "weeks", None, None, "ASD"),
    ("ASD:- 138 weeks", "number", 138, NAN, NAN, "weeks", None, None, "ASD"),
    ("10% (England average 21/22)", "number", 10, NAN, NAN, "percent", None, None, "England average 21/22"),
    ("0.68% (national SEN2 2022)", "number", 0.68, NAN, NAN, "percent", None, None, "national SEN2 2022"),
    ("11.8% (2022)", "number", 11.8, NAN, NAN, "percent", None, None, "2022"),
    ("216 (June 2022)", "number", 216, NAN, NAN, None, None, None, "June 2022"),
    ("81.61% (June 2021)", "number", 81.61, NAN, NAN, "percent", None, None, "June 2021"),
    ("£19.4m", "number", 19_400_000, NAN, NAN, "currency", None, None, None),
    ("£30,000", "number", 30_000, NAN, NAN, "currency", None, None, None),
    ("12 weeks", "number", 12, NAN, NAN, "weeks", None, None, None),
    ("23.3", "number", 23.3, NAN, NAN, None, None, None, None),
    ("-5", "number", -5, NAN, NAN, None, None, None, None),
    (4453, "number", 4453, NAN, NAN, None, None, None, None),
    (0.316, "number", 0.316, NAN, NAN, None, None, None, None),
]


@pytest.mark.parametrize(("text", "kind", "value", "low", "high", "unit", "count", "arrow", "note"), CASES)
def test_values_read_as_a_person_means_them(text, kind, value, low, high, unit, count, arrow, note):
    parsed = parse_value(text)
    assert parsed.kind == kind
    for got, expected in ((parsed.value, value), (parsed.low, low), (parsed.high, high)):
        assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
    assert parsed.unit == unit
    assert parsed.count == count
    assert parsed.arrow == arrow
    assert parsed.note == note


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("requested", "requested"),
        ("Requested", "requested"),
        ("KPI changed-see below", "kpi changed"),
        ("n/a", "n/a"),
        ("Requires baseline", "requires baseline"),
        ("Requires baseline for 2020/21", "requires baseline"),
        ("Implemented", "implemented"),
        ("n.k.", "n.k"),
        ("N/K", "n/k"),
        ("not known", "not known"),
        ("c", "c"),
        ("x", "x"),
        ("z", "z"),
        ("k", "k"),
        ("u", "u"),
    ],
)
def test_markers_are_recognised_not_misread_as_numbers(text, marker):
    parsed = parse_value(text)
    assert parsed.kind == "marker"
    assert parsed.marker == marker
    assert math.isnan(parsed.value)


@pytest.mark.parametrize(
    "text",
    ["▲", "hello", "12 14", "TBD soon", "3.5.6", "< < 5", "<= less than 5", "<" * 1200 + "5", "at most " * 1200 + "5"],
    ids=[
        "arrow",
        "word",
        "two-numbers",
        "tbd",
        "two-points",
        "bound-of-bound",
        "two-bounds",
        "1200-bounds",
        "1200-worded-bounds",
    ],
)
def test_unreadable_text_is_reported_as_unreadable(text):
    assert parse_value(text).kind == "unreadable"


@pytest.mark.parametrize("cell", ["", "   ", None, math.nan])
def test_empty_cells_are_empty(cell):
    assert parse_value(cell).kind == "empty"


@given(st.text(max_size=40))
def test_the_parser_never_raises_and_keeps_the_text(text):
    parsed = parse_value(text)
    assert parsed.kind in {"number", "range", "bound", "marker", "empty", "unreadable"}
    if parsed.kind != "empty":
        assert parsed.text


@given(st.decimals(min_value=-1_000_000, max_value=1_000_000, places=2, allow_nan=False))
def test_any_written_number_reads_back_exactly(number):
    text = f"{number:,.2f}"
    assert parse_value(text).value == pytest.approx(float(number))
    assert parse_value(text + "%").unit == "percent"
    assert parse_value(f"{text} ▲").arrow == "up"


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_ranges_read_their_ends_in_order(low, high):
    low, high = sorted((low, high))
    parsed = parse_value(f"{low}-{high} weeks")
    assert (parsed.kind, parsed.low, parsed.high, parsed.unit) == ("range", low, high, "weeks")


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if a is None and (b is None or (isinstance(b, float) and math.isnan(b))):
        return True
    return a == b


@given(
    st.lists(
        st.one_of(
            st.text(max_size=20),
            st.sampled_from(
                [
                    "7143 ▶",
                    "49.2% ▼",
                    "14.3% (10) ▲",
                    "requested",
                    "<50",
                    "25-35 weeks",
                    " 1,262 ",
                    "c",
                    "▲",
                    "0.316",
                    "49.2 %",
                    "-3.2E-05▲",
                    "12%\t▼",
                    "12  %",
                    "12  ►",
                    "12 %  ▲",
                    "1,2345",
                    "\u00a049%",
                ]
            ),
            st.floats(allow_nan=False),
            st.integers(),  # beyond 2**53 too, where a float no longer holds the integer exactly
            st.booleans(),
            st.none(),
            # Dates and times come from workbooks as Python objects; they repeat, like markers,
            # and a day and midnight of that day must not be taken for one cell.
            st.sampled_from([dt.date(2024, 1, 1), dt.datetime(2024, 1, 1), dt.time(9, 30), dt.timedelta(days=2)]),
        ),
        max_size=30,
    )
)
def test_the_column_parser_agrees_with_the_cell_parser(cells):
    frame = parse_value_column(cells)
    assert len(frame) == len(cells)
    for cell, row in zip(cells, frame.itertuples(index=False), strict=True):
        expected = parse_value(cell)
        for column in ("kind", "value", "low", "high", "unit", "arrow", "note", "marker", "had_percent_sign", "text"):
            assert same(getattr(expected, column), getattr(row, column)), (
                cell,
                column,
                getattr(expected, column),
                getattr(row, column),
            )


@pytest.mark.parametrize(
    "cell, code",
    [
        ("7143 ▶", TEXT),
        ("requested", TEXT),
        ("", EMPTY),
        ("   ", EMPTY),
        ("\u00a0\t", EMPTY),  # a no-break space and a tab are whitespace too
        (None, EMPTY),
        (math.nan, EMPTY),
        (0.0, NUMBER),  # zero is a value, not an empty cell
        (12, NUMBER),
        (-3.5, NUMBER),
        (True, OTHER),  # bool is not a number here
        (dt.date(2024, 1, 1), OTHER),
    ],
)
def test_cell_codes(cell, code):
    assert cell_codes([cell]).tolist() == [code]


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), max_size=40))
def test_number_text_is_written_as_python_writes_it(numbers):
    # Real numbers' text is made by Arrow in bulk; it must read exactly as str() would, with
    # whole numbers written as integers (Excel stores 12 as 12.0).
    expected = [str(int(n)) if n.is_integer() else str(n) for n in numbers]
    assert parse_value_column(numbers)["text"].tolist() == expected
