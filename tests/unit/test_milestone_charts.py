"""The plan's KPI milestones as charts, on Birmingham's plan (the seed's Accelerated Progress
Plan): SL2, pupils with an EHCP in mainstream, targets 28, 30, 35 and 40% against actuals 28,
30, 31 and 33%; SL3, EHCNA advice within 6 weeks, targets 60, 65, 70 and 75% against 68, 43,
70 and 62%. With the default tolerance (5 points short of a percentage target is close):
SL2 met, met, close (4 short), not met (7 short); SL3 met, not met, met, not met."""

from __future__ import annotations

import json

import pytest

from send_core.milestone_charts import (
    milestone_chart,
    milestone_points,
    milestone_timeline,
    objective_progress,
    objective_progress_chart,
    progress_sentence,
)
from send_core.plan import kpi_milestone_table, load_plan, milestone_table
from send_core.rag import RatingPolicy
from send_core.wording import NO_TARGET_THEN, NOT_YET
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def table():
    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    rows = kpi_milestone_table(plan, RatingPolicy())
    return rows[rows["kpi_id"].isin(["SL2", "SL3"])].reset_index(drop=True)


def test_targets_and_actuals_become_points_with_whether_each_was_met(table):
    points = milestone_points(table)
    sl2 = points[points["kpi_name"].str.startswith("% of pupils with EHCP")]
    assert sl2.loc[sl2["series"] == "Target", "value"].tolist() == [28, 30, 35, 40]
    assert sl2.loc[sl2["series"] == "Actual", "value"].tolist() == [28, 30, 31, 33]
    assert sl2.loc[sl2["series"] == "Actual", "met"].tolist() == ["Met", "Met", "Not met (close)", "Not met"]
    assert set(sl2.loc[sl2["series"] == "Target", "met"]) == {""}


def test_a_milestone_with_no_single_number_has_no_point(table):
    edited = table.copy()
    edited.loc[0, "actual"] = "c"  # hidden on the public site
    # kpi_milestone_table rates nothing against a target that is not a number: "met" is empty.
    edited.loc[1, ["target", "met"]] = ["Requires baseline", ""]
    points = milestone_points(edited)
    assert len(points) == 2 * len(table) - 2
    # The second milestone's actual stays, with no target to compare it with, and says so in
    # the legend, not as an unexplained hollow circle.
    second = points[
        (points["milestone"] == table.loc[1, "milestone"]) & (points["kpi_name"] == table.loc[1, "kpi_name"])
    ]
    assert second["series"].tolist() == ["Actual"] and second["met"].tolist() == [NO_TARGET_THEN]
    dots = milestone_chart(points).to_dict()["spec"]["layer"][1]["encoding"]
    assert NO_TARGET_THEN in dots["color"]["scale"]["domain"] and NO_TARGET_THEN in dots["shape"]["scale"]["domain"]


def test_each_objective_s_milestones_are_counted_by_whether_they_were_met(table):
    progress = objective_progress(table, {"SL": "System Leadership"})
    counts = dict(zip(progress["status"], progress["count"], strict=True))
    # SL2 and SL3: met 2 + 2, close 1, not met 1 + 2.
    assert counts == {"Met": 4, "Not met (close)": 1, "Not met": 3}
    assert set(progress["title"]) == {"System Leadership"}
    assert progress_sentence(progress) == "8 KPI milestones: 4 met, 1 not met (close), 3 not met."
    # Not rated: with no actual written it is awaited; with an actual but no target to rate
    # it against it is not "no actual yet" (a reviewer saw 30 actuals called missing).
    awaiting = table.assign(met="", actual="")
    assert objective_progress(awaiting, {})["status"].tolist() == [NOT_YET]
    untargeted = table.assign(met="", target="")
    assert objective_progress(untargeted, {})["status"].tolist() == [NO_TARGET_THEN]
    mixed = table.assign(met="", target="", actual=["", *table["actual"][1:]])
    assert progress_sentence(objective_progress(mixed, {})) == (
        "8 KPI milestones: 7 with no target to compare, 1 with no actual yet."
    )


def test_the_charts_say_met_or_not_in_words_as_well_as_colour(table):
    spec = milestone_chart(milestone_points(table)).to_dict()
    text = json.dumps(spec)
    assert "step-after" in text and '"title": "Milestone"' in text
    assert spec["facet"]["field"] == "kpi_name" and spec["resolve"]["scale"]["y"] == "independent"
    progress = objective_progress_chart(objective_progress(table, {"SL": "System Leadership"})).to_dict()
    assert progress["encoding"]["color"]["scale"]["domain"] == [
        "Met",
        "Not met (close)",
        "Not met",
        NO_TARGET_THEN,
        NOT_YET,
    ]


def test_the_legends_fit_and_their_swatches_can_be_told_apart(table):
    # Beside three panels of 220 px the legend was cut off at 1366 px; under 14 rows of them
    # it was 2,600 px below the first. Drawn, it now sits above every panel, whole.
    import re

    import vl_convert

    spec = milestone_chart(milestone_points(table)).to_dict()
    dots = spec["spec"]["layer"][1]["encoding"]
    assert dots["color"]["legend"]["orient"] == dots["shape"]["legend"]["orient"] == "top"
    svg = vl_convert.vegalite_to_svg(spec)
    legend_y = float(
        re.search(r'class="mark-group role-legend"[^>]*><g transform="translate\(-?[0-9.]+,(-?[0-9.]+)\)"', svg)[1]
    )
    panel_ys = [
        float(y)
        for y in re.findall(
            r'class="mark-group role-scope cell"[^>]*><g transform="translate\(-?[0-9.]+,(-?[0-9.]+)\)"', svg
        )
    ]
    assert panel_ys and legend_y < min(panel_ys)
    assert "…" not in svg
    # Swatches big enough to show their fill, outlined thinly (a thick border made all four
    # look near black in the app's theme).
    progress = objective_progress_chart(objective_progress(table, {"SL": "System Leadership"})).to_dict()
    legend = progress["encoding"]["color"]["legend"]
    assert legend["symbolSize"] >= 150 and legend["symbolStrokeWidth"] <= 1


def test_a_panel_s_title_breaks_between_words_instead_of_being_cut(table):
    import re

    from send_core.milestone_charts import WRAPPED_LABEL

    spec = milestone_chart(milestone_points(table)).to_dict()
    assert spec["facet"]["header"]["labelExpr"] == WRAPPED_LABEL
    # The expression's pattern and replacement, as Vega's replace (JavaScript's) applies them:
    # lines of up to 38 characters, each ended at a space; the last "|" dropped, then split.
    pattern = re.search(r"/(.+)/g", WRAPPED_LABEL).group(1)
    lines = re.sub(pattern, r"\1|", "% Annual Reviews actioned within 4 weeks of the meeting")[:-1].split("|")
    assert lines == ["% Annual Reviews actioned within 4", "weeks of the meeting"]


def test_milestone_timeline_marks_state_by_shape():
    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    spec = milestone_timeline(milestone_table(plan), plan.as_at).to_dict()
    shape = spec["layer"][0]["encoding"]["shape"]
    assert shape["scale"]["domain"] == ["Done", "Overdue", "Not yet due", "Ongoing"]


def test_milestone_timeline_names_each_action_by_its_title_not_only_its_code():
    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    milestones = milestone_table(plan)
    spec = milestone_timeline(milestones, plan.as_at).to_dict()
    axis = spec["layer"][0]["encoding"]["y"]
    assert axis["field"] == "action" and axis["axis"]["labelLimit"] == 300
    assert axis["title"] is None  # drawn over the labels, and they say what they are
    # The sample plan's AGBR10, as its YAML names it.
    assert "AGBR10: Increase capacity for autism assessments for over-7s" in axis["sort"]
