"""Shared views (send_core/ui/views.py): what a prepared chart sends is what Streamlit would send."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _draw_both_ways() -> None:
    # Runs as its own Streamlit script: each spec drawn as the page would, and as Streamlit
    # would draw the spec it was given.
    import altair as alt
    import pandas as pd
    import streamlit as st

    from send_core.ui.views import ChartView, chart_view

    frame = pd.DataFrame(
        {
            "month": pd.date_range("2024-01-01", periods=3, freq="MS"),
            "value": [1.5, None, 3.0],
            "text": ["7143 ▶", "", None],
        }
    )
    chart = alt.Chart(frame).mark_line().encode(x="month:T", y="value:Q", tooltip=["text:N"])
    view = chart_view(chart, frame, "A line.")
    st.vega_lite_chart(view.spec)
    st.vega_lite_chart(view.drawn_spec)
    shape = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-1.9, 52.5]}, "properties": {}}
    shapes = ChartView(
        None,
        {"datasets": {"shapes": [shape]}, "data": {"name": "shapes"}, "mark": "geoshape"},
        "A map.",
        lambda: pd.DataFrame(),
    )
    st.vega_lite_chart(shapes.spec)
    st.vega_lite_chart(shapes.drawn_spec)


def test_a_prepared_chart_sends_the_same_spec_and_data_as_streamlit_would():
    app = AppTest.from_function(_draw_both_ways, default_timeout=60).run()
    assert not app.exception, [e.value for e in app.exception]
    line, line_drawn, shapes, shapes_drawn = (chart.proto for chart in app.get("vega_lite_chart"))
    assert line_drawn.spec == line.spec
    assert len(line.datasets) == 1  # the table went to Arrow, out of the spec
    assert [(d.name, d.data.data) for d in line_drawn.datasets] == [(d.name, d.data.data) for d in line.datasets]
    # GeoJSON stays in the spec, for Vega-Lite to read, both ways.
    assert shapes_drawn.spec == shapes.spec
    assert '"type": "Feature"' in shapes.spec or '"type":"Feature"' in shapes.spec
    assert len(shapes_drawn.datasets) == len(shapes.datasets) == 0
