"""Filters are the same on every page, survive page switches, and live in the URL."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import choose_sample, go, open_tab, table_as_read, texts
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


def filters_button(app) -> str:
    """The label of the sidebar's Filters popover, as shown (Markdown escapes removed)."""
    labels = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if type(node).__name__ == "Block" and proto.WhichOneof("type") == "popover":
            labels.append(proto.popover.label)
        children = getattr(node, "children", None) or {}
        for child in children.values() if isinstance(children, dict) else children:
            walk(child)

    walk(app.sidebar)
    (label,) = labels
    return label.replace("\\", "")


def test_the_filters_button_names_what_is_chosen_on_every_page(app):
    go(app, "Overview")
    assert filters_button(app) == "Filters"
    app.selectbox(key="filter_locality").set_value("North").run()
    for page in ("KPI explorer", "Overview"):
        go(app, page)
        assert filters_button(app) == "Filters: North", page
    assert "Copy the address bar to share this view." in [c.value for c in app.sidebar.caption]


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
    import csv

    from tests.app.conftest import go

    go(app, "KPI explorer")
    app.selectbox(key="filter_phase").set_value("Early Years & Primary").run()
    app.selectbox(key="explorer_section").set_value("Getting the basics right – identifying and assessing need").run()
    key = "explorer_kpis::Getting the basics right – identifying and assessing need"
    app.multiselect(key=key).set_value(["GBR8.b"]).run()
    open_tab(app, "GBR8.b", "Table")
    table = table_as_read(app)
    january = table[(table["Period"] == "Jan 2023") & (table["Measure"] == "Actual")]
    # The sample's locality file: children waiting for a specialist place in January 2023, early
    # years and primary, in the four localities, added up by hand from the file's rows.
    with open(ROOT / "sample_data" / "birmingham_illustrative_localities.csv", encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["kpi_id"] == "GBR8.b"
            and r["period"] == "2023-01"
            and r["locality"] != "All"
            and r["phase"] in ("Early years", "Primary")
        ]
    assert len(rows) == 8
    assert january["Value"].tolist() == [f"{sum(int(r['value']) for r in rows):,}"]


def test_the_months_shown_narrow_every_page(app):
    import datetime as dt

    go(app, "Overview")
    app.selectbox(key="filter_from").set_value(dt.date(2022, 6, 1)).run()
    app.selectbox(key="filter_to").set_value(dt.date(2022, 12, 1)).run()
    assert "Showing Jun 2022 to Dec 2022." in texts(app)
    assert app.query_params.get("from") in ("2022-06", ["2022-06"])
    go(app, "KPI explorer")
    assert app.selectbox(key="filter_from").value == dt.date(2022, 6, 1)
    assert app.selectbox(key="filter_to").value == dt.date(2022, 12, 1)


def test_each_sample_authority_is_shown_on_its_own_and_its_link_reopens_it(app):
    go(app, "Overview")
    # Birmingham first: its plan's KPIs only, never BCP's scorecard on the same page.
    assert "Local authority: Sample data: Birmingham" in texts(app)
    assert "% of EHCPs in Mainstream" not in texts(app)
    assert app.query_params.get("sample") is None  # the first sample needs no word in the link
    choose_sample(app, "BCP")
    assert "Local authority: Sample data: BCP" in texts(app) and "Birmingham" not in texts(app)
    assert app.query_params.get("sample") in ("BCP", ["BCP"])
    go(app, "Plan tracker")  # the choice holds across pages
    assert app.selectbox(key="sample_choice").value == "BCP"
    shared = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    shared.query_params["sample"] = "BCP"
    shared.run()
    assert shared.selectbox(key="sample_choice").value == "BCP"


def test_a_chosen_locality_s_chart_says_whose_figures_it_shows(app):
    # The sample's illustrative localities give North its own figures for the mainstream KPI
    # (sample_data/birmingham_illustrative_localities.csv): 27.4% in May 2021, 38.2% in June 2023.
    go(app, "KPI explorer")
    app.selectbox(key="filter_locality").set_value("North").run()
    sentence = "% of pupils with EHCP educated in mainstream environment (based on SEN2), North: up from 27.4% to 38.2%"
    assert any(t.value.startswith(sentence) for t in app.main.text), [t.value for t in app.main.text]
    assert "(based on SEN2), North" in app.get("vega_lite_chart")[0].proto.spec
    # The whole area's chart names no locality.
    app.selectbox(key="filter_locality").set_value("All").run()
    assert not any(", North" in t.value for t in app.main.text)


def test_a_managers_kpi_table_shows_whose_target_in_full_and_no_none(app):
    go(app, "KPI explorer")
    app.selectbox(key="filter_locality").set_value("North").run()
    (kpi,) = app.multiselect[0].value
    open_tab(app, kpi, "Table")
    assert not app.dataframe  # a table of a few screens is static: its text wraps, nothing is cut
    (table,) = app.table
    shown = table.value.map(lambda cell: cell.replace("\\", ""))  # cells escaped for Markdown
    assert "Whole area: North has no target of its own" in set(shown["Breakdown"])
    assert list(shown.columns) == ["Period", "Measure", "Breakdown", "Value", "As written", "Source"]
    cells = set(shown.to_numpy().ravel())
    assert not cells & {"None", "nan", "NaN", "NaT", "<NA>"}  # a missing value is an empty cell


def test_the_overview_says_in_what_order_its_tiles_come(app):
    go(app, "Overview")
    assert "tiles show flagged KPIs first" in texts(app)
    app.selectbox(key="filter_locality").set_value("North").run()
    assert "tiles show KPIs with figures for your choice first, flagged ones first among them" in texts(app)


def test_the_localities_page_says_its_map_is_every_phase_when_a_phase_is_chosen(app):
    go(app, "Localities")
    note = "The map and the bars show each locality's figures for every phase together, not Primary alone."
    assert note not in texts(app).replace("\\", "")
    app.selectbox(key="filter_phase").set_value("Primary").run()
    assert note in texts(app).replace("\\", "")  # shown as Markdown, escaped: the phase may come from an upload
