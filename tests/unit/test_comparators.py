"""Comparators: named by area, the latest of each only, and totals compared as an index."""

from __future__ import annotations

import pandas as pd

from send_core.comparators import comparator_index, comparator_label, index_sentence, latest_comparators
from send_core.model import observations_frame


def rows() -> pd.DataFrame:
    years = ["2022-09-01", "2023-09-01", "2024-09-01"]
    data = []
    for period, ours, england, region in zip(years, [100, 110, 150], [1000, 1200, 1500], [200, 220, 240], strict=True):
        base = {"kpi_id": "K", "kpi_name": "Plans", "period": period, "frequency": "academic_year", "unit": "count"}
        data.append(base | {"measure": "actual", "value": ours})
        data.append(base | {"measure": "comparator", "comparator": "England", "value": england})
        data.append(base | {"measure": "comparator", "comparator": "Region", "area": "West Midlands", "value": region})
    return observations_frame(data)


def test_comparators_are_named_by_area():
    frame = rows()
    labels = {comparator_label(row) for row in frame[frame["measure"] == "comparator"].itertuples()}
    assert labels == {"England", "West Midlands"}
    assert (
        comparator_label(pd.Series({"comparator": "Statistical neighbours", "area": ""}), short=True)
        == "Stat. neighbours"
    )
    assert comparator_label(pd.Series({"comparator": "Region", "area": "Region"})) == "Region"


def test_only_the_latest_value_of_each_comparator():
    latest = latest_comparators(rows()).set_index("comparator")["value"].to_dict()
    assert latest == {"England": 1500, "Region": 240}


def test_totals_are_compared_as_an_index_from_the_first_shared_period():
    index = comparator_index(rows(), "K")
    # By hand: 150 / 100 = 150; England 1500 / 1000 = 150; West Midlands 240 / 200 = 120.
    latest = index[index["period_label"] == "2024/25"].set_index("area")["index"].to_dict()
    assert latest == {"England": 150.0, "This authority": 150.0, "West Midlands": 120.0}
    assert set(index[index["period_label"] == "2022/23"]["index"]) == {100.0}
    assert index_sentence(index) == (
        "Since 2022/23 (latest 2024/25): this authority +50%, England +50%, West Midlands +20%."
    )


def test_no_shared_period_no_index():
    frame = rows()
    alone = frame[frame["measure"] == "actual"]
    assert comparator_index(alone, "K").empty
