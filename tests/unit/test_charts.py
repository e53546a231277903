"""Chart specs carry what the data says: targets, comparators, titles and summaries."""

import json

import pandas as pd
import pytest

from send_core.charts import history_table, summary_sentence, trend_chart
from send_core.plan import load_plan
from send_core.rag import RatingPolicy
from send_core.reading import read_scorecard
from send_core.wording import format_value
from tests.conftest import SAMPLE, requires_shared_data

BCP = read_scorecard(SAMPLE / "bcp_send_scorecard_jan25.xlsx").observations
MAINSTREAM = BCP.loc[BCP["kpi_name"] == "% of EHCPs in Mainstream", "kpi_id"].iloc[0]


def test_summary_sentence_for_mainstream():
    sentence = summary_sentence(BCP, MAINSTREAM, "percent", "% of EHCPs in Mainstream")
    # Seed 001: 47.0% in Dec 23, 49.2% in Jan 25; England 43.3%, neighbours 41.2%, SW 43.8%.
    assert "up from 47.0% to 49.2% over 13 months (Dec 2023 to Jan 2025)" in sentence
    assert "above England's 43.3%" in sentence
    assert "above the statistical neighbours' 41.2%" in sentence
    assert "above the region's (SW) 43.8%" in sentence


def test_trend_chart_has_comparator_lines_and_a_title():
    spec = trend_chart(
        BCP, MAINSTREAM, policy=RatingPolicy(), name="% of EHCPs in Mainstream", unit="percent"
    ).to_dict()
    assert spec["title"]["text"] == "% of EHCPs in Mainstream"
    assert "Axis does not start at zero" in spec["title"]["subtitle"][0]
    labels = [row["label"] for dataset in spec["datasets"].values() for row in dataset if "label" in row]
    assert {"England 43.3%", "Stat. neighbours 41.2%", "SW 43.8%"} <= set(labels)
    assert spec["description"].startswith("% of EHCPs in Mainstream: up from")


def test_milestone_targets_are_drawn_as_steps():
    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    spec = trend_chart(plan.observations(), "GBR1a", policy=RatingPolicy(), name="GBR1a", unit="percent").to_dict()
    steps = [
        layer
        for layer in spec["layer"]
        if isinstance(layer.get("mark"), dict) and layer["mark"].get("interpolate") == "step-after"
    ]
    assert len(steps) == 1
    rows = spec["datasets"][steps[0]["data"]["name"]]
    assert [row["value"] for row in rows] == [60, 60, 70, 80]


def test_a_kpi_with_one_point_or_only_markers_still_charts():
    places = BCP.loc[BCP["kpi_name"] == "Number of places available in Mainstream Provision", "kpi_id"].iloc[0]
    assert "no numbers to chart yet" in summary_sentence(BCP, places, "count", "Places")
    trend_chart(BCP, places, policy=RatingPolicy(), name="Places", unit="count").to_dict()


def test_history_table_keeps_the_source():
    table = history_table(BCP, MAINSTREAM)
    assert "Scorecard Jan 25!O27" in set(table["Source"])


def test_format_value():
    assert format_value(4453, "count") == "4,453"
    assert format_value(49.2, "percent") == "49.2%"
    assert format_value(12.0, "weeks") == "12 weeks"
    assert format_value(float("nan"), "count") == "no data"
    assert pd.isna(float("nan"))


def test_tooltips_carry_the_target_and_rating_of_each_month():
    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    spec = trend_chart(
        plan.observations(), "GBR1a", policy=RatingPolicy(), name="GBR1a", unit="percent", good_direction="up"
    ).to_dict()
    points = next(
        layer
        for layer in spec["layer"]
        if isinstance(layer.get("mark"), dict) and layer["mark"].get("shape") == "circle"
    )
    titles = [tip["title"] for tip in points["encoding"]["tooltip"]]
    assert {"Target", "Rating", "Source cell"} <= set(titles)
    rows = spec["datasets"][points["data"]["name"]]
    # May 2023: 68% against the 80% milestone: red (12 points short).
    may = next(row for row in rows if row["period_label"] == "May 2023")
    assert (may["target_text"], may["rag"]) == ("80%", "Red")


def test_gaps_and_mixed_units_are_said_not_hidden():
    from send_core.model import observations_frame

    rows = [
        {"kpi_id": "K", "kpi_name": "K", "period": f"2024-{m:02d}-01", "value": m, "unit": "percent"}
        for m in (1, 2, 3, 6)
    ]
    rows.append({"kpi_id": "K", "kpi_name": "K", "period": "2024-07-01", "value": 700, "unit": "count"})
    sentence = summary_sentence(observations_frame(rows), "K", "percent", "K")
    assert "more than one unit (count, percent)" in sentence
    assert "2 months missing" in sentence
    trend_chart(observations_frame(rows), "K", policy=RatingPolicy(), name="K", unit="percent").to_dict()


def x_axis(chart) -> dict:
    spec = chart.to_dict()
    return next(
        layer["encoding"]["x"]["axis"] for layer in spec["layer"] if "axis" in layer.get("encoding", {}).get("x", {})
    )


def test_a_short_series_is_labelled_once_a_month_and_said_in_the_singular():
    from send_core.model import observations_frame

    # Seed 001's complaints in Dec 24 and Jan 25: 12 then 13.
    rows = [
        {"kpi_id": "K", "kpi_name": "Complaints", "period": period, "value": value, "unit": "count"}
        for period, value in (("2024-12-01", 12), ("2025-01-01", 13))
    ]
    frame = observations_frame(rows)
    assert x_axis(trend_chart(frame, "K", policy=RatingPolicy(), name="Complaints", unit="count"))["tickCount"] == {
        "interval": "month",
        "step": 1,
    }
    assert "up from 12 to 13 over 1 month (Dec 2024 to Jan 2025)" in summary_sentence(frame, "K", "count", "Complaints")


def test_a_long_series_is_labelled_every_few_months():
    # BCP's mainstream KPI runs Dec 2023 to Jan 2025: 14 months, so every second month
    # keeps the labels to 12 or fewer.
    assert x_axis(trend_chart(BCP, MAINSTREAM, policy=RatingPolicy(), name="Mainstream", unit="percent"))[
        "tickCount"
    ] == {
        "interval": "month",
        "step": 2,
    }


def spc_lines(spec: dict) -> list[dict]:
    return [row for dataset in spec["datasets"].values() for row in dataset if "line" in row and "part" in row]


def test_fewer_than_thirteen_points_draw_a_run_chart_with_only_the_mean():
    from send_core.model import observations_frame

    months = pd.date_range("2024-01-01", periods=8, freq="MS")
    rows = [
        {"kpi_id": "K", "kpi_name": "K", "measure": "actual", "period": m, "value": v}
        for m, v in zip(months, [10, 11, 10, 40, 11, 10, 11, 10], strict=True)  # 40 would be special
    ]
    spec = trend_chart(
        observations_frame(rows), "K", policy=RatingPolicy(), name="K", unit="count", good_direction="up"
    ).to_dict()
    assert {row["line"] for row in spc_lines(spec)} == {"Average"}
    assert not any(row.get("special_cause") for dataset in spec["datasets"].values() for row in dataset)
    assert "Fewer than 13 points, so no usual range or unusual points yet." in spec["title"]["subtitle"][1]


def test_recalculated_limits_are_drawn_in_sections():
    from send_core.model import observations_frame

    months = pd.date_range("2023-01-01", periods=20, freq="MS")
    rows = [
        {"kpi_id": "K", "kpi_name": "K", "measure": "actual", "period": m, "value": v}
        for m, v in zip(months, [10, 12] * 5 + [20, 22] * 5, strict=True)
    ]
    chart = trend_chart(
        observations_frame(rows),
        "K",
        policy=RatingPolicy(),
        name="K",
        unit="count",
        good_direction="up",
        recalculate_at=[months[10]],
    )
    spec = chart.to_dict()
    means = {row["part"]: row["level"] for row in spc_lines(spec) if row["line"] == "Average"}
    assert means == {"Average 0": 11, "Average 1": 21}  # each section's own mean
    assert spec["title"]["subtitle"][1].endswith("recalculated where the lines break.")
    assert "no real change: the ups and downs are within the usual range" in spec["description"]


def test_a_running_total_breaks_at_january_and_gets_no_spc():
    from send_core.model import observations_frame

    months = pd.date_range("2023-10-01", periods=6, freq="MS")
    rows = [
        {"kpi_id": "K", "kpi_name": "K", "measure": "actual", "period": m, "value": v}
        for m, v in zip(months, [30, 40, 50, 5, 15, 25], strict=True)  # January starts again at 5
    ]
    spec = trend_chart(
        observations_frame(rows), "K", policy=RatingPolicy(), name="K", unit="count", cumulative=True
    ).to_dict()
    line = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "line")
    assert {"field": "stretch", "type": "nominal"} in line["encoding"]["detail"]
    stretches = {row["stretch"] for dataset in spec["datasets"].values() for row in dataset if "stretch" in row}
    assert stretches == {2023, 2024}  # two pieces of line, none joining December to January
    assert "starts again each January" in spec["title"]["subtitle"][1]
    assert not spc_lines(spec)


def dfe(name: str):
    from tests.conftest import SHARED_DATA

    return read_scorecard(SHARED_DATA / name, local_authority="Birmingham").observations


@requires_shared_data
def test_dfe_caseload_is_yearly_and_its_totals_are_not_drawn_against_england():
    observations = dfe("dfe_ehcp_caseload_by_la_jan2019_jan2025.csv")
    kpi_id = observations.loc[observations["kpi_name"] == "EHC plans (all, as at January)", "kpi_id"].iloc[0]
    spec = trend_chart(observations, kpi_id, policy=RatingPolicy(), name="EHC plans", unit="count").to_dict()
    x = next(
        layer
        for layer in spec["layer"]
        if layer.get("mark", {}).get("type") == "line" and layer["encoding"]["x"].get("axis")
    )
    assert x["encoding"]["x"]["title"] == "Academic year" and "labelExpr" in x["encoding"]["x"]["axis"]
    assert "England, West Midlands: totals of another size, so not on this axis" in " ".join(spec["title"]["subtitle"])
    # Birmingham: 9,437 plans in January 2019 and 12,094 in January 2025 (DfE, SOURCES.md).
    assert spec["description"].startswith(
        "EHC plans: up from 9,437 to 12,094 over 6 years (2018/19 to 2024/25); England and the region are totals"
    )


@requires_shared_data
def test_dfe_timeliness_percentages_share_the_axis_with_named_areas():
    observations = dfe("dfe_ehcp_timeliness_20wk_by_la_2019_2024.csv")
    name = "New EHC plans issued within 20 weeks, excluding exceptions (%)"
    kpi_id = observations.loc[observations["kpi_name"] == name, "kpi_id"].iloc[0]
    spec = trend_chart(observations, kpi_id, policy=RatingPolicy(), name=name, unit="percent").to_dict()
    labels = {row["label"] for dataset in spec["datasets"].values() for row in dataset if "label" in row}
    assert {"England", "West Midlands"} <= labels
    # 2024: Birmingham 26.7%, England 46.4% (DfE, SOURCES.md); only the latest comparison is said.
    assert (
        "down from 71.6% to 26.7% over 5 years (2019 to 2024); below England's 46.4%, below the region's (West Midlands)"
        in spec["description"]
    )


@pytest.mark.parametrize(
    ("frequency", "headings"),
    [("month", ["Sep 2022", "Sep 2023"]), ("academic_year", ["2022/23", "2023/24"])],
)
def test_two_periods_compared_are_headed_as_their_frequency_writes_them(frequency, headings):
    import pandas as pd

    from send_core.charts import compare_periods
    from send_core.model import observations_frame

    rows = observations_frame(
        [
            {
                "kpi_id": "K",
                "kpi_name": "Plans",
                "measure": "actual",
                "period": p,
                "value": v,
                "value_text": t,
                "frequency": frequency,
                "unit": "count",
            }  # fmt: skip
            for p, v, t in (("2022-09-01", 100, "100"), ("2023-09-01", 130, "130"))
        ]
    )
    table = compare_periods(rows, ["K", "missing"], pd.Timestamp("2022-09-01"), pd.Timestamp("2023-09-01"), frequency)
    assert list(table.columns) == ["KPI", *headings, "Change"]
    # By hand: 130 - 100 = +30; a KPI with no rows has no data either side.
    assert table.values.tolist() == [["Plans", "100", "130", "+30"], ["missing", "no data", "no data", "no data"]]


def test_the_locality_sentence_never_calls_a_hidden_figure_the_highest_and_names_the_chosen_one():
    from send_core.charts import locality_sentence, locality_table

    values = pd.DataFrame(
        {
            "locality": ["East", "North", "South", "West"],
            "value": [38.0, 41.0, float("nan"), 12.0],
            "value_text": ["38%", "41%", "c", "12%"],
            "period": pd.to_datetime(["2024-12-01"] * 4),
            "rating": ["Amber", "Green", "", "Red"],
        }
    )
    sentence = locality_sentence(values, pd.Timestamp("2024-12-01"), "West")
    # South's figure is hidden (c): North's 41% is the highest shown, and West is the filter's.
    assert (
        sentence == "Highest: North (41%), Dec 2024. 4 localities. 1 hidden to protect privacy (c). West, chosen: 12%."
    )
    table = locality_table(values, "West")
    assert list(table.columns) == ["Locality", "Figure", "Rating", "Period"]
    assert table["Locality"].tolist() == ["East", "North", "South", "West (your filter)"]
    assert table["Period"].tolist() == ["Dec 2024"] * 4 and table["Figure"].tolist()[2] == "c"
    every_hidden = values.assign(value=float("nan"), value_text="c")
    assert locality_sentence(every_hidden, pd.Timestamp("2024-12-01")).startswith("No locality's figure can be shown")


def test_a_chart_without_its_unused_fields_draws_exactly_the_same():
    import vl_convert

    from send_core.breakdown_charts import breakdown_series, breakdown_small_multiples
    from send_core.chart_values import without_unused_fields
    from send_core.charts import locality_bar_chart, trend_chart
    from send_core.config import load_settings
    from send_core.dataset import load_sample_dataset
    from send_core.filters import Filters, apply_filters
    from send_core.maps import locality_values

    dataset = load_sample_dataset(load_settings())
    view = apply_filters(dataset.observations, dataset.catalogue, Filters())
    everywhere = apply_filters(dataset.observations, dataset.catalogue, Filters(), every_locality=True)
    values = locality_values(everywhere, "GBR1a").assign(rating="Red")
    charts = [
        trend_chart(view, "SL2", name="Mainstream", unit="percent", policy=dataset.rating_policy, good_direction="up"),
        locality_bar_chart(values, "By locality", "North"),
        breakdown_small_multiples(breakdown_series(dataset.observations, "GBR1a", "locality", "North"), "Over time"),
    ]
    specs = [chart.to_dict() for chart in charts]
    slims = [without_unused_fields(spec) for spec in specs]
    # The trend chart is built from only the columns its marks use (not whole observations,
    # with source cells and names): there is nothing left to take out.
    assert slims[0] == specs[0]
    assert any(len(json.dumps(slim)) < len(json.dumps(spec)) for spec, slim in zip(specs, slims, strict=True))
    for spec, slim in zip(specs, slims, strict=True):
        assert vl_convert.vegalite_to_svg(slim) == vl_convert.vegalite_to_svg(spec)


def test_history_table_says_whose_target_stands_in_for_a_locality():
    from send_core.filters import Filters, apply_filters
    from send_core.model import kpi_catalogue, observations_frame

    observations = observations_frame(
        [
            {"kpi_id": "REQ", "kpi_name": "Requests", "period": "2024-01-01", "value": 40, "locality": "North"},
            {"kpi_id": "REQ", "kpi_name": "Requests", "period": "2024-01-01", "value": 100},
            {"kpi_id": "REQ", "kpi_name": "Requests", "measure": "target", "period": "2024-01-01", "value": 90},
        ]
    )
    view = apply_filters(observations, kpi_catalogue(observations), Filters(locality="North"))
    table = history_table(view, "REQ")
    assert table[["Measure", "Breakdown"]].values.tolist() == [
        ["Actual", "North"],
        ["Target", "Whole area: North has no target of its own"],
    ]


def test_history_table_says_a_localitys_figures_are_for_every_phase_when_a_phase_is_chosen():
    from send_core.filters import Filters, apply_filters
    from send_core.model import kpi_catalogue, observations_frame

    observations = observations_frame(
        [
            # North's figures, with no phase breakdown; Primary exists elsewhere in the data.
            {"kpi_id": "REQ", "kpi_name": "Requests", "period": "2024-01-01", "value": 40, "locality": "North"},
            {"kpi_id": "REQ", "kpi_name": "Requests", "period": "2024-01-01", "value": 100},
            {"kpi_id": "OTHER", "kpi_name": "Other", "period": "2024-01-01", "value": 5, "phase": "Primary"},
        ]
    )
    view = apply_filters(observations, kpi_catalogue(observations), Filters(locality="North", phase="Primary"))
    assert history_table(view, "REQ")["Breakdown"].tolist() == ["North (every phase)"]


def test_a_stand_in_target_for_every_phase_of_a_locality_has_no_brackets_inside_brackets():
    from send_core.filters import Filters, apply_filters
    from send_core.model import kpi_catalogue, observations_frame

    observations = observations_frame(
        [
            {"kpi_id": "REQ", "kpi_name": "Requests", "period": "2024-01-01", "value": 40, "locality": "North"},
            {"kpi_id": "REQ", "kpi_name": "Requests", "period": "2024-01-01", "value": 100},
            {"kpi_id": "REQ", "kpi_name": "Requests", "measure": "target", "period": "2024-01-01", "value": 90},
            {"kpi_id": "OTHER", "kpi_name": "Other", "period": "2024-01-01", "value": 5, "phase": "Primary"},
        ]
    )
    view = apply_filters(observations, kpi_catalogue(observations), Filters(locality="North", phase="Primary"))
    breakdowns = history_table(view, "REQ")["Breakdown"].tolist()
    # A reviewer read "Whole area (North (every phase) has no target of its own)".
    assert breakdowns == ["North (every phase)", "Whole area: North (every phase) has no target of its own"]


def test_the_locality_bars_name_the_chosen_locality_and_say_what_the_values_are():
    from send_core.charts import locality_bar_chart

    values = pd.DataFrame(
        {
            "locality": ["North", "South"],
            "value": [41.0, 38.0],
            "value_text": ["41%", "38%"],
            "rating": ["Green", "Amber"],
        }
    )
    spec = locality_bar_chart(values, "By locality", "North", "percent").to_dict()
    assert spec["encoding"]["x"]["title"] == "Per cent"  # as the KPI explorer's axis says it
    assert spec["encoding"]["y"]["field"] == "label"
    rows = next(iter(spec["datasets"].values()))
    assert [row["label"] for row in rows] == ["North (your filter)", "South"]
    assert (
        locality_bar_chart(values, "By locality").to_dict()["encoding"]["x"]["title"] == "Value"
    )  # as a trend chart of other figures says


def test_the_target_line_is_named_in_the_legend():
    import vl_convert

    from send_core.charts import TARGET_LEGEND_LABEL

    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    chart = trend_chart(
        plan.observations(), "GBR1a", policy=RatingPolicy(), name="GBR1a", unit="percent", good_direction="up"
    )
    legends = [
        layer["encoding"]["color"]
        for layer in chart.to_dict()["layer"]
        if layer.get("encoding", {}).get("color", {}).get("title") == "Target"
    ]
    assert [legend["scale"]["domain"] for legend in legends] == [[TARGET_LEGEND_LABEL]]
    assert "Target in force (dashed steps)" in vl_convert.vegalite_to_svg(chart.to_dict())


def test_no_legend_label_is_cut_short():
    import re

    import vl_convert

    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    # Two breakdowns, so the series legend is drawn too, with the longest name the app writes.
    observations = plan.observations()
    rows = observations[(observations["kpi_id"] == "GBR1a") & (observations["measure"] == "actual")]
    pod = rows.assign(locality="North", phase="Early Years & Primary", value=rows["value"] + 1)
    chart = trend_chart(
        pd.concat([observations, pod], ignore_index=True),
        "GBR1a",
        policy=RatingPolicy(),
        name="GBR1a",
        unit="percent",
        good_direction="up",
    )
    # Drawn as Streamlit's theme draws legends in the browser: labels at 14 px (its
    # fontSizes.sm), not Vega's 10 px, which is where they were cut.
    spec = chart.to_dict()
    spec["config"] = {**spec.get("config", {}), "legend": {"labelFontSize": 14, "titleFontSize": 14}}
    svg = vl_convert.vegalite_to_svg(spec)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    # Vega cuts a label past its legend's labelLimit with an ellipsis (160 px unless set).
    assert "Target in force (dashed steps)" in texts
    assert "North, Early Years &amp; Primary" in texts
    assert not [text for text in texts if text.endswith("…")]


def test_a_chart_of_figures_carried_forward_draws_no_usual_range():
    from tests.conftest import monthly_actuals

    # BCP's SEN Support: 10 of its 13 pairs of months are equal (tests/unit/test_spc.py).
    values = [7143, 7359, 7359, 7359, 7359, 7359, 7552, 7552, 7552, 7552, 7162, 7162, 7162, 7162]
    observations = monthly_actuals(values, start="2023-12-01", kpi_id="S", kpi_name="No. of SEN Support", unit="count")
    spec = trend_chart(observations, "S", policy=RatingPolicy(), name="No. of SEN Support", unit="count").to_dict()
    text = json.dumps(spec)
    assert "Most figures are the same as the one before" in text
    assert "Usual range" not in text and "Grey lines" not in text
