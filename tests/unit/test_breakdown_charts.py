"""Localities and pods over time: the small multiples' data, distance from target, ranking."""

import math

import pandas as pd
import pytest

from send_core.breakdown_charts import (
    breakdown_groups,
    breakdown_ranking,
    breakdown_series,
    breakdown_small_multiples,
    distance_from_target,
    ranking_sentence,
    series_table,
)
from send_core.model import observations_frame
from send_core.rag import Target

NAN = math.nan


def rows():
    common = {"kpi_id": "T", "kpi_name": "Plans in 20 weeks", "unit": "percent"}
    data = []
    for month, area, north, south in (("2023-04-01", 60, 64, 55), ("2023-05-01", 62, 66, 58)):
        data += [
            {**common, "period": month, "value": area, "value_text": f"{area}%"},
            {**common, "period": month, "value": north, "value_text": f"{north}%", "locality": "North"},
            {**common, "period": month, "value": south, "value_text": f"{south}%", "locality": "South"},
        ]
    data.append({**common, "measure": "target", "period": "2023-05-01", "value": 65, "value_text": "65%"})
    return observations_frame(data)


def test_each_group_s_panel_holds_its_figures_the_area_s_and_the_target():
    series = breakdown_series(rows(), "T", "locality", chosen="North")
    assert breakdown_groups(rows(), "T", "locality") == ["North", "South"]
    north = series[series["group"] == "North"]
    assert set(north["panel"]) == {"North (your filter)"} and north["chosen"].all()
    assert north.loc[north["series"] == "Its own figures", "value"].tolist() == [64, 66]
    assert north.loc[north["series"] == "Whole area", "value"].tolist() == [60, 62]
    # The target from May 2023, held to the last month shown (May): a step needs an end.
    assert north.loc[north["series"] == "Target", "value"].tolist() == [65, 65]
    assert not series.loc[series["group"] == "South", "chosen"].any()
    assert breakdown_series(rows(), "T", "phase").empty  # no phase breakdown
    table = series_table(series)
    assert table.columns.tolist() == ["Name", "Period", "Line", "Figure"]
    assert len(table) == 2 * (2 + 2 + 1)  # per locality: 2 own, 2 area, 1 target (its copy dropped)


def test_the_small_multiples_are_one_panel_per_group():
    spec = breakdown_small_multiples(breakdown_series(rows(), "T", "locality"), "Plans").to_dict()
    assert spec["facet"]["field"] == "panel" and spec["columns"] == 2


@pytest.mark.parametrize(
    ("value", "target", "direction", "unit", "words", "score"),
    [
        (66, Target(65, NAN, NAN), "up", "percent", "1 point better than target", 1.0),
        (58, Target(65, NAN, NAN), "up", "percent", "7 points short of target", -7.0),
        (12, Target(10, NAN, NAN), "down", "weeks", "2 weeks short of target", -2.0),
        (120, Target(100, NAN, NAN), "none", "count", "20 above target", -20.0),
        (22, Target(NAN, 20, 25), "down", "weeks", "Within the target range", 0.0),
        (27, Target(NAN, 20, 25), "down", "weeks", "2 weeks short of target", -2.0),
        (17000, Target(NAN, 16000, NAN), "up", "other", "1,000 better than target", 1000.0),
        (65, Target(65, NAN, NAN), "up", "percent", "On target", 0.0),
    ],
)
def test_how_far_from_target_in_words(value, target, direction, unit, words, score):
    assert distance_from_target(value, target, direction, unit) == (words, score)


def test_no_target_is_said_and_cannot_be_scored():
    words, score = distance_from_target(5, None, "up", "count")
    assert words == "No target set" and math.isnan(score)


def test_localities_are_ranked_by_how_far_they_are_from_target():
    ranking = breakdown_ranking(rows(), "T", "locality", "up", "percent", chosen="South")
    # May 2023, target 65%: North 66% (1 point better), South 58% (7 points short).
    assert ranking["Name"].tolist() == ["North", "South (your filter)"]
    assert ranking["How far from target"].tolist() == ["1 point better than target", "7 points short of target"]
    assert ranking["Whole area"].tolist() == ["62%", "62%"] and ranking["Target"].tolist() == ["65%", "65%"]
    assert ranking["Period"].tolist() == ["May 2023", "May 2023"]
    assert ranking_sentence(ranking, "localities") == (
        "Best against target: North, 1 point better than target. 1 of 2 localities is short of target."
    )
    # Lower is better: the order turns round, and both are scored against the same 65%.
    lower = breakdown_ranking(rows(), "T", "locality", "down", "percent")
    assert lower["Name"].tolist() == ["South", "North"]
    assert ranking_sentence(lower, "localities").startswith("Best against target: South, 7 points better")


def test_without_a_target_the_ranking_follows_the_good_direction():
    no_target = rows()
    no_target = no_target[no_target["measure"] != "target"]
    ranking = breakdown_ranking(no_target, "T", "locality", "up", "percent")
    assert ranking["Name"].tolist() == ["North", "South"] and set(ranking["Target"]) == {"None set"}
    assert (
        ranking_sentence(ranking, "localities") == "No target is set; ranked by the latest figure, North first (66%)."
    )
    assert (
        ranking_sentence(pd.DataFrame(columns=ranking.columns), "localities")
        == "There are no figures to rank the localities by."
    )
