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
