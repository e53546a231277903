"""Every page renders on the sample data, says it is sample data, and shows what it promises."""

from __future__ import annotations

import pytest

from tests.app.conftest import PAGES, choose_sample, go, open_expander, open_tab, texts


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_without_an_exception(app, page):
    go(app, page)
    assert app.title[0].value == page
    assert not app.error


@pytest.mark.parametrize("page", list(PAGES))
def test_no_page_sends_its_readers_to_the_readme(app, page):
    # "(README, 'Maps')" read like a developer's note to managers and parents: a page says what
    # to do, or who can do it, in its own words.
    go(app, page)
    assert "README" not in texts(app)


@pytest.mark.parametrize("page", [p for p in PAGES if p not in ("Upload data", "About the data")])
def test_every_data_page_says_it_is_showing_sample_data(app, page):
    go(app, page)
    assert "built-in **sample data**" in texts(app)
    # The authority is named on every data page; the sample mixes two councils' papers and says so.
    assert "Local authority: Sample data: Birmingham" in texts(app)


def test_overview_lists_ratings_and_exceptions(app):
    go(app, "Overview")
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Red: off target"]) >= 1
    assert "Hidden: small numbers" not in metrics  # only the public instance hides figures
    exceptions = next(m.value for m in app.markdown if m.value.startswith("- **"))
    # Each exception one item of one list, the KPI's name escaped and in bold.
    assert "- **% EHCPs issued within 20 weeks \\(12 months rolling\\)**: Off target" in exceptions


def test_the_kpi_explorer_promises_only_the_comparisons_its_data_holds(app):
    opening = "One measure at a time: its figures over time and its target"
    go(app, "KPI explorer")
    # Birmingham's sample has no England, neighbour or regional figures; BCP's scorecard has all three.
    assert app.markdown[0].value == f"{opening}."
    choose_sample(app, "BCP")
    assert app.markdown[0].value == f"{opening}, and how it compares with England, similar areas and the region."


def test_kpi_explorer_draws_a_chart_with_its_comparators(app):
    go(app, "KPI explorer")
    choose_sample(app, "BCP")
    app.selectbox(key="explorer_section").set_value("EHCP by Provision Type").run()
    kpis = app.multiselect(key="explorer_kpis::EHCP by Provision Type")
    kpis.set_value([kpis.options[0]]).run()
    charts = app.get("vega_lite_chart")
    assert charts, "no chart drawn"
    chart = charts[0].proto
    assert "% of EHCPs in Mainstream" in chart.spec
    # Streamlit sends each chart's data separately from its spec, as Arrow tables.
    data = b"".join(dataset.data.data for dataset in chart.datasets)
    assert b"England 43.3%" in data
    assert b"Stat. neighbours 41.2%" in data
    # The downloads are drawn when their tab is opened.
    assert not app.get("download_button")
    open_tab(app, "pc-of-ehcps-in-mainstream", "Download")
    # Chart, table and downloads: the data as CSV, the chart as PNG and SVG, each with its size.
    import re

    labels = [button.proto.label for button in app.get("download_button")]
    assert any(re.fullmatch(r"Download the chart \(PNG image, \d+ KB\)", label) for label in labels)
    assert any(re.fullmatch(r"Download the chart \(SVG image, \d+ KB\)", label) for label in labels)


def test_the_kpi_explorer_recalculates_limits_from_a_chosen_month(app):
    go(app, "KPI explorer")
    choose_sample(app, "BCP")
    app.selectbox(key="explorer_section").set_value("EHCP by Provision Type").run()
    kpis = app.multiselect(key="explorer_kpis::EHCP by Provision Type")
    kpis.set_value([kpis.options[0]]).run()
    assert "recalculated where the lines break" not in app.get("vega_lite_chart")[0].proto.spec
    # The list of months is drawn only once its expander is opened, as a click would.
    assert not [widget for widget in app.multiselect if widget.key.startswith("recalculate::")]
    opener = f"recalculate-open::{app.multiselect(key='explorer_kpis::EHCP by Provision Type').value[0]}"
    app.session_state[opener] = True
    app.run()
    months = next(widget for widget in app.multiselect if widget.key.startswith("recalculate::"))
    months.set_value([months.options[5]]).run()
    assert not app.exception
    assert "recalculated where the lines break" in app.get("vega_lite_chart")[0].proto.spec
    # Closed again, the choice still holds.
    app.session_state[opener] = False
    app.run()
    assert not [widget for widget in app.multiselect if widget.key.startswith("recalculate::")]
    assert "recalculated where the lines break" in app.get("vega_lite_chart")[0].proto.spec


def test_plan_tracker_moves_actions_with_the_as_at_date(app):
    import datetime as dt

    go(app, "Plan tracker")
    red_before = int({m.label: m.value for m in app.metric}["Red: delayed"])
    app.date_input(key="plan_as_at").set_value(dt.date(2024, 7, 1)).run()
    red_after = int({m.label: m.value for m in app.metric}["Red: delayed"])
    assert red_after > red_before
    assert "Risk register" in texts(app) and "You said, we did" in texts(app)


def test_plan_tracker_keeps_each_due_date_on_one_line(app):
    go(app, "Plan tracker")
    # ASL2's next milestone in the sample plan is due "31 January 2024": in the narrow Due
    # column of a 1366 px page it was drawn over three lines.
    (actions,) = [t.value for t in app.table if "Due" in t.value.columns and "ASL2" in set(t.value["Action"])]
    due = actions.loc[actions["Action"] == "ASL2", "Due"].iloc[0]
    assert due == "31\u00a0Jan\u00a02024"


def test_you_said_we_did_is_drawn_one_audience_at_a_time(app):
    go(app, "Plan tracker")
    # The sample plan's feedback: 23 from parents and carers (sample_data/birmingham_app_plan.yaml).
    labels = [e.label for e in app.expander]
    assert r"Parents and carers \(23\)" in labels
    said = [t for t in app.table if "You said" in t.value.columns]
    assert said == []  # folded away, no table is drawn at all
    open_expander(app, "you-said::Parents and carers")
    (said,) = [t.value for t in app.table if "You said" in t.value.columns]
    assert len(said) == 23
    assert "Apprenticeships for autistic school leavers" in set(said["You said"])


def test_localities_page_draws_a_map_and_says_the_grouping_is_illustrative(app):
    go(app, "Localities")
    assert "illustrative" in texts(app)
    decks = app.get("deck_gl_json_chart")
    assert decks, "no map drawn"


def test_the_locality_map_is_described_for_screen_readers_and_sent_compact():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["locality"] = "North"  # a manager's shared link
    app.run()
    go(app, "Localities")
    chooser = app.selectbox(key="locality_kpi")
    shown = chooser.options[chooser.index]  # the KPI's name, as the list shows it
    (deck,) = app.get("deck_gl_json_chart")
    # The Birmingham sample's illustrative monthly figures run to June 2023.
    assert deck.proto.alt == (
        f"Map of the localities, each shaded by {shown}, June 2023. North is outlined. "
        "The figures are in the table below the map."
    )
    assert "\n" not in deck.proto.json  # no indentation: a quarter of the bytes


def test_about_has_glossary_and_accessibility_statement(app):
    go(app, "About the data")
    assert "Accessibility statement" in texts(app)
    glossary = app.table[0].value
    assert "EHCNA" in set(glossary.index)


def test_about_tells_officers_what_the_public_statement_still_needs(app):
    # config/settings.yaml ships with no contact and no date: officers are told before they publish.
    go(app, "About the data")
    warnings = [warning.value for warning in app.warning]
    assert any("set contact and last_reviewed in config/settings.yaml" in warning for warning in warnings)
    assert "This statement was prepared on 7 December 2026." in texts(app)
    assert "www.equalityadvisoryservice.com" in texts(app)


@pytest.mark.parametrize("sample", ["Birmingham", "BCP", "KPI table (2023)"])
def test_the_overview_table_of_every_kpi_fits_a_1366_pixel_screen(app, sample):
    # A reviewer at 1366 px found "Recent months" cut and two columns off the page: every
    # column the grid shows now has a width, and together they fit the 880 px the page gives
    # a table there (measured in Chromium: 904 px inside the grid's border). BCP's scorecard
    # has England, statistical neighbour and region figures: one column of words.
    import json

    choose_sample(app, sample)
    go(app, "Overview")
    app.radio(key="overview_layout").set_value("Table: every KPI").run()
    grid = app.dataframe[0]
    config = json.loads(grid.proto.columns)
    shown = [name for name in grid.value.columns if not config.get(name, {}).get("hidden")]
    widths = {name: config[name].get("width") for name in shown}
    assert None not in widths.values(), widths
    assert sum(widths.values()) <= 880, widths
    assert "section" not in shown
    # Its heading fits its 90 px on one line: 6 characters at 7.5 px and 24 px of padding is 69.
    assert config["recent"]["label"] == "Recent" and widths["recent"] == 90
    if sample == "BCP":
        compared = grid.value.set_index("kpi_name")["compared_text"]
        # Seed 001, BCP's Jan 2025 scorecard: 49.2% in mainstream; Nat 43.3, SN 41.2, Region 43.8.
        assert compared["% of EHCPs in Mainstream"] == "England 43.3%; Statistical neighbours 41.2%; Region 43.8%"


def test_with_a_locality_chosen_the_overview_table_still_fits(app):
    # North adds a "Whole area" column beside North's own figures: the last column ("Meets
    # target?") was pushed past the page's edge.
    import json

    go(app, "Overview")
    app.selectbox(key="filter_locality").set_value("North").run()
    app.radio(key="overview_layout").set_value("Table: every KPI").run()
    grid = app.dataframe[0]
    config = json.loads(grid.proto.columns)
    assert "area_text" in grid.value.columns
    widths = {name: config[name].get("width") for name in grid.value.columns if not config.get(name, {}).get("hidden")}
    assert None not in widths.values() and sum(widths.values()) <= 880, widths


def test_plan_tracker_shows_each_objective_s_kpi_milestones_when_opened(app):
    import yaml

    from tests.conftest import ROOT

    go(app, "Plan tracker")
    # Counted from the sample plan itself: the KPIs of objective SL that have milestones.
    plan = yaml.safe_load((ROOT / "sample_data" / "birmingham_app_plan.yaml").read_text(encoding="utf-8"))
    system_leadership = [kpi for kpi in plan["kpis"] if kpi["objective"] == "SL" and kpi.get("milestones")]
    milestones = sum(len(kpi["milestones"]) for kpi in system_leadership)
    labels = [e.label.replace("\\", "") for e in app.expander]  # escaped for Markdown
    (label,) = [label for label in labels if label.startswith("SL: System Leadership. ")]
    assert f". {len(system_leadership)} KPIs, {milestones} milestones: " in label
    kpi_tables = [t for t in app.table if "Actual against target" in t.value.columns]
    assert kpi_tables == []  # folded away: no table is drawn until one is opened
    open_expander(app, "kpi-milestones::SL")
    (table,) = [t.value for t in app.table if "Actual against target" in t.value.columns]
    assert len(table) == milestones
    assert set(table["KPI"]) == {kpi["id"] for kpi in system_leadership}


def test_the_overview_explains_every_short_status_its_tiles_use(app):
    go(app, "Overview")
    badges = " ".join(m.value for m in app.markdown if "-badge[" in m.value)
    # Birmingham's sample: several KPIs' figures have moved beyond chance since their limits
    # were set, and their tiles say so in three words; the footnote says what they mean.
    assert "Cannot say: figures changed" in badges
    footnote = next(c.value for c in app.caption if c.value.startswith("The 12 tiles show"))
    assert "'Cannot say: figures changed' means the figures have moved beyond chance" in footnote


@pytest.mark.parametrize("page", ["Overview", "KPI explorer"])
def test_pages_of_kpi_names_link_to_the_glossary(app, page):
    from send_core.glossary import GLOSSARY

    go(app, page)
    (link,) = [link for link in app.get("page_link") if "glossary" in link.proto.label]
    assert link.proto.page.endswith("about") or "about" in link.proto.page
    # The abbreviations the link names are in the glossary it leads to.
    for abbreviation in ("EHCNA", "SEN2", "SENDIST"):
        assert abbreviation in link.proto.label and any(abbreviation in term for term in GLOSSARY)


def test_every_off_target_kpi_has_a_tile(app):
    # Birmingham's sample: 5 off target among 17 exceptions and 12 tiles. "Longest wait for
    # SLT" (83.5 weeks against 25-30) was left off for KPIs only "not updated" and "getting worse".
    go(app, "Overview")
    red = int({m.label: m.value for m in app.metric}["Red: off target"])
    badges = [m.value for m in app.markdown if "-badge[" in m.value]
    ratings = ["Red" if "Off target" in badge.split("]")[0] else "other" for badge in badges]
    # (Tiles sit in three columns, so the page's elements are not in the tiles' order.)
    assert len(ratings) == 12 and ratings.count("Red") == red, ratings


def test_the_localities_page_shows_a_chosen_phase_s_own_locality_figures(app):
    # Birmingham's illustrative breakdown has appeals by locality and phase: with Secondary
    # chosen the page said "no locality figures in the months chosen".
    go(app, "Localities")
    app.selectbox(key="filter_phase").set_value("Secondary").run()
    app.selectbox(key="locality_kpi").set_value("WTW6").run()
    assert not [i for i in app.info if "no locality figures" in i.value]
    assert "Number of appeals lodged at SENDIST, Secondary, June 2023" in [t.value for t in app.text]
    assert not [c for c in app.caption if "every phase together" in c.value]


def test_tile_badges_are_words_a_screen_reader_reads_as_they_are(app):
    # An icon in a badge is read out by its name ("cancel icon Red: Off target", "trending_down
    # icon Getting better"): Streamlit labels each Material icon "<name> icon" (a reviewer).
    go(app, "Overview")
    badges = [m.value for m in app.markdown if "-badge[" in m.value]
    assert badges and not any(":material/" in b for b in badges)
    # Birmingham's sample: Longest wait for SLT is getting better (lower) over recent months
    # while its latest figure went up 2.5 weeks; the tile says so.
    assert any("the latest figure went the other way" in b for b in badges)
