"""Chart images: PNG and SVG with the title, authority, as-at month and source drawn in, and
the printable report's figures (a panel per KPI, only the lines present in the legend)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from send_core.errors import ReportError
from send_core.reports.images import (
    IMAGE_WIDTH,
    PANEL_LINE,
    chart_image,
    figure_svg,
    panel_frame,
    report_figure,
    titled_chart,
)

FRAME = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=4, freq="MS"), "value": [50, 55, 58, 61]})
CHART = alt.Chart(FRAME).mark_line().encode(x="month:T", y="value:Q")


def titled() -> alt.TopLevelMixin:
    return titled_chart(
        CHART, title="% of plans issued within 20 weeks", authority="Anytown", as_at="March 2024", source="small.csv"
    )


def test_the_svg_carries_the_title_authority_month_and_source():
    svg = chart_image(titled(), "svg").decode("utf-8")
    assert svg.startswith("<svg")
    for text in ("% of plans issued within 20 weeks", "Anytown · data to March 2024", "Source: small.csv"):
        assert text in svg


def test_the_png_is_an_image_wide_enough_to_read():
    png = chart_image(titled(), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")  # the IHDR chunk's width
    assert width >= IMAGE_WIDTH * 2  # drawn at twice the chart's units


def test_no_authority_still_says_when_and_where_from():
    chart = titled_chart(CHART, title="T", authority="", as_at="March 2024", source="a.xlsx").to_dict()
    assert chart["title"]["subtitle"] == ["Data to March 2024", "Source: a.xlsx"]


def test_an_unknown_format_is_refused_in_words():
    with pytest.raises(ReportError, match="png or svg"):
        chart_image(CHART, "gif")


def test_the_report_figure_has_a_panel_per_kpi_and_a_legend_of_what_is_drawn():
    charts = pd.DataFrame(
        {
            "kpi_id": ["K1", "K1", "K2"],
            "period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-02-01"]),
            "actual": [50.0, 55.0, 7.0],
            "target": [60.0, 60.0, float("nan")],
            "England": [float("nan")] * 3,
            "Statistical neighbours": [float("nan")] * 3,
            "Region": [float("nan")] * 3,
        }
    )
    long_name = "A KPI whose name goes on and on " * 4
    panels = panel_frame(charts, {"K1": "Plans on time", "K2": long_name}, {"K1": "percent", "K2": "count"})
    assert sorted(set(panels["series"])) == ["Actual", "Target"]
    assert set(panels.loc[panels["kpi_id"] == "K1", "panel"]) == {"Plans on time (%)"}
    wrapped = panels.loc[panels["kpi_id"] == "K2", "panel"].iloc[0].split("\n")
    assert len(wrapped) <= 3 and all(len(line) <= PANEL_LINE for line in wrapped)
    spec = report_figure(panels, ["Plans on time (%)", wrapped[0]])
    assert spec["spec"]["layer"][0]["encoding"]["color"]["legend"]["values"] == ["Actual", "Target"]
    assert len(spec["data"]["values"]) == 5  # three actuals and two targets
    svg = figure_svg(spec)
    assert "Plans on time (%)" in svg and "A KPI whose name goes on and on" in svg


def test_the_chart_s_own_notes_stay_in_the_image():
    noted = CHART.properties(title=alt.TitleParams(text="K", subtitle=["Axis does not start at zero."]))
    spec = titled_chart(noted, title="K", authority="Anytown", as_at="March 2024", source="a.xlsx").to_dict()
    assert spec["title"]["subtitle"] == [
        "Anytown · data to March 2024",
        "Source: a.xlsx",
        "Axis does not start at zero.",
    ]


def test_a_running_total_s_panel_breaks_at_each_january():
    charts = pd.DataFrame(
        {
            "kpi_id": ["K"] * 3,
            "period": pd.to_datetime(["2023-11-01", "2023-12-01", "2024-01-01"]),
            "actual": [40.0, 50.0, 5.0],
            "target": [float("nan")] * 3,
            "England": [float("nan")] * 3,
            "Statistical neighbours": [float("nan")] * 3,
            "Region": [float("nan")] * 3,
        }
    )
    panels = panel_frame(charts, {"K": "Finals issued"}, {"K": "count"}, frozenset({"K"}))
    assert panels["stretch"].tolist() == [2023, 2023, 2024]
    spec = report_figure(panels, ["Finals issued"])
    assert spec["spec"]["layer"][0]["encoding"]["detail"] == {"field": "stretch", "type": "nominal"}
    assert figure_svg(spec).startswith("<svg")
