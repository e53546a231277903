"""Filters are the same on every page, survive page switches, and live in the URL."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import go, texts
from tests.conftest import ROOT


def test_a_page_switch_keeps_the_filters(app):
    go(app, "Overview")
    app.selectbox(key="filter_locality").set_value("North").run()
    app.selectbox(key="filter_phase").set_value("Primary").run()
    for page in ("KPI explorer", "Plan tracker", "Downloads", "Overview"):
        go(app, page)
        assert app.selectbox(key="filter_locality").value == "North", page
        assert app.selectbox(key="filter_phase").value == "Primary", page
        if page == "Plan tracker":  # actions have no locality or phase: the page says so
            assert "locality and phase do not apply" in texts(app)
        else:
            assert "North locality, Primary phase" in texts(app)


def test_filters_are_written_to_the_url(app):
    go(app, "Overview")
    app.selectbox(key="filter_locality").set_value("East").run()
    assert app.query_params.get("locality") in ("East", ["East"])


def test_a_shared_link_reopens_the_same_view():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["locality"] = "West"
    app.query_params["objective"] = "GBR"
    app.run()
    assert app.selectbox(key="filter_locality").value == "West"
    assert app.selectbox(key="filter_objective").value == "GBR"


def test_filters_only_offer_values_in_the_data(app):
    go(app, "Overview")
    assert app.selectbox(key="filter_locality").options == ["All", "East", "North", "South", "West"]
    phases = ["All", "Early years", "Primary", "Secondary", "Post-16", "Early Years & Primary"]
    assert app.selectbox(key="filter_phase").options == phases  # the phases in the data, then the pod


def test_a_pod_adds_up_the_counts_of_its_phases(app):
    from tests.app.conftest import go

    go(app, "KPI explorer")
    app.selectbox(key="filter_phase").set_value("Early Years & Primary").run()
    app.selectbox(key="explorer_section").set_value("Illustrative locality breakdown").run()
    app.multiselect(key="explorer_kpis::Illustrative locality breakdown").set_value(["ILL-REQ"]).run()
    table = app.dataframe[0].value
    january = table[(table["Period"] == "Jan 2024") & (table["Measure"] == "Actual")]
    # The illustrative file: January 2024 has 93 early years and 212 primary requests in all localities.
    assert january["Value"].tolist() == [93 + 212]


def test_the_months_shown_narrow_every_page(app):
    import datetime as dt

    go(app, "Overview")
    app.select_slider(key="filter_period").set_range(dt.date(2024, 6, 1), dt.date(2024, 12, 1)).run()
    assert "Showing Jun 2024 to Dec 2024." in texts(app)
    assert app.query_params.get("from") in ("2024-06", ["2024-06"])
    go(app, "KPI explorer")
    assert app.select_slider(key="filter_period").value == (dt.date(2024, 6, 1), dt.date(2024, 12, 1))
