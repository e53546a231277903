"""Publishing from the app: a draft laid over the live version, publish, a link to a version,
the public preview, roll back, and who may do what."""

from __future__ import annotations

import os

import pytest

from send_core.store import SnapshotStore
from tests.app.conftest import choose_sample, drop_files, go, open_app, texts
from tests.conftest import ROOT

MONTH_ONE = b"KPI,Nov 24,Dec 24\nNo. of complaints,17,12\n"
# The next month's file repeats December differently (a corrected figure) and adds January.
MONTH_TWO = b"KPI,Dec 24,Jan 25\nNo. of complaints,11,13\n"


def store() -> SnapshotStore:
    return SnapshotStore.open(os.environ["SEND_APP_STORE"], ROOT)


def publish(app, audience: str = "internal"):
    go(app, "Publish")
    app.radio(key="publish_audience").set_value(audience).run()
    for key in ("check_changes", "check_public_preview"):
        if any(box.key == key for box in app.checkbox):
            app.checkbox(key=key).check().run()
    app.button(key="publish").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def upload(app, name: str, data: bytes):
    go(app, "Upload data")
    drop_files(app, (name, data, "text/csv"))


def test_publish_then_everyone_sees_the_published_figures_and_the_next_month_adds_to_them():
    officer = open_app()
    upload(officer, "complaints_nov.csv", MONTH_ONE)
    assert "Draft" in texts(go(officer, "Overview"))
    publish(officer)
    first = store().live_pointer("internal")["version"]
    assert f"Published version {first} for the internal audience" in texts(officer)

    manager = open_app()  # another session: sees the live version, not the sample
    page = texts(manager)
    assert f"version {first}" in page and "sample data" not in page
    assert manager.query_params["version"] == first

    upload(officer, "complaints_dec.csv", MONTH_TWO)
    go(officer, "Publish")
    changes = next(frame.value for frame in officer.dataframe if "Published" in frame.value.columns)
    # December was published as 12 and the new file says 11: listed, never silently replaced.
    assert changes[["Period", "Published", "In the new file"]].values.tolist() == [["Dec 24", "12", "11"]]
    assert officer.button(key="publish").disabled  # until the change is checked
    publish(officer)
    second = store().live_pointer("internal")["version"]
    snapshot = store().load(second)
    values = snapshot.rows.set_index("period_label")["value"].to_dict()
    assert values == {"Nov 24": 17.0, "Dec 24": 11.0, "Jan 25": 13.0}  # the series kept every month


def test_a_link_to_a_version_reopens_it_after_a_newer_publish_and_says_so():
    officer = open_app()
    upload(officer, "complaints_nov.csv", MONTH_ONE)
    publish(officer)
    first = store().live_pointer("internal")["version"]
    upload(officer, "complaints_dec.csv", MONTH_TWO)
    publish(officer)
    second = store().live_pointer("internal")["version"]

    manager = open_app_at(f"version={first}")
    page = texts(manager)
    assert f"This link shows version {first}. A newer version, {second}" in page
    latest = next(button for button in manager.button if button.label == "Show the latest figures")
    latest.click().run()
    assert f"version {second}" in texts(manager)


def open_app_at(query: str):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for pair in query.split("&"):
        key, value = pair.split("=", 1)
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_public_preview_shows_exactly_what_will_be_published_and_roll_back_restores_a_version():
    officer = open_app()
    go(officer, "Upload data")
    plan = (ROOT / "sample_data" / "birmingham_app_plan.yaml").read_bytes()
    scorecard = (ROOT / "sample_data" / "illustrative_locality_breakdown.csv").read_bytes()
    drop_files(officer, ("plan.yaml", plan, "application/x-yaml"), ("localities.csv", scorecard, "text/csv"))
    publish(officer)
    go(officer, "Publish")
    officer.radio(key="publish_audience").set_value("public").run()
    assert "What the public will see" in texts(officer)
    preview = next(frame.value for frame in officer.dataframe if "latest_text" in frame.value.columns)
    publish(officer, "public")
    public = store().load(store().live_pointer("public")["version"])
    # The preview listed exactly the KPIs the public snapshot holds, and each is marked public.
    assert set(preview["kpi_name"]) == set(public.rows["kpi_name"]) | {k.name for k in public.plan.kpis}
    assert all(kpi.public for kpi in public.plan.kpis)
    assert public.manifest["suppression"] == {"threshold": 5, "public_kpis_only": True}
    # Counts 1-4 in breakdowns are gone from the public snapshot itself, not just hidden on a page.
    breakdowns = public.rows[(public.rows["locality"] != "All") & (public.rows["unit"] == "count")]
    assert not ((breakdowns["value"] > 0) & (breakdowns["value"] < 5)).any()

    internal_first = store().live_pointer("internal")["version"]
    upload(officer, "complaints_nov.csv", MONTH_ONE)
    publish(officer)
    assert store().live_pointer("internal")["version"] != internal_first
    go(officer, "Publish")
    choice = officer.selectbox(key="rollback_version")
    choice.set_value(next(v for v in store().versions() if v.version == internal_first)).run()
    officer.button(key="rollback").click().run()
    assert store().live_pointer("internal")["version"] == internal_first
    assert f"Version {internal_first} is live again for the internal audience." in texts(officer)
    actions = [event["action"] for event in store().audit_events()]
    assert actions == ["publish", "publish", "publish", "rollback"]


def test_the_read_only_instance_shows_the_live_public_version(monkeypatch, tmp_path):
    from tests.app.conftest import use_settings

    officer = open_app()
    upload(officer, "complaints_nov.csv", MONTH_ONE)
    publish(officer)
    publish(officer, "public")
    public_version = store().live_pointer("public")["version"]
    internal_version = store().live_pointer("internal")["version"]
    settings = tmp_path / "settings.yaml"
    text = (ROOT / "config" / "settings.yaml").read_text(encoding="utf-8")
    settings.write_text(text.replace("read_only: false", "read_only: true"), encoding="utf-8")
    use_settings(monkeypatch, settings)
    try:
        family = open_app()
        page = texts(family)
        assert f"version {public_version}" in page and internal_version not in page
        assert "These figures were published on" in page and "Draft" not in page and "upload" not in page.lower()
        # The first page is Home: the ratings at a glance (November's complaints, 17, have no
        # target) and a link to each page a family may open, none to Upload or Publish.
        assert family.title[0].value == "SEND improvement figures"
        assert "**1** no target set" in [m.value.split("  \n")[0] for m in family.markdown]
        links = [link.proto.page for link in family.get("page_link")]
        assert links == ["overview", "kpi_explorer", "plan_tracker", "localities", "downloads", "about"]
    finally:
        use_settings(monkeypatch, None)


def leaf_elements(app) -> list:
    """The page's elements in the order they are drawn, containers opened."""
    found = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if children:
            for child in children.values() if isinstance(children, dict) else children:
                walk(child)
        elif hasattr(node, "proto"):
            found.append(node)

    walk(app._tree)
    return found


@pytest.fixture
def family(monkeypatch):
    """The public instance's app as a family opens it, with every cache emptied before and
    after (the officers' instance shares them in this process)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SEND_APP_MODE", "public")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    monkeypatch.delenv("SEND_APP_MODE")
    st.cache_resource.clear()
    st.cache_data.clear()


def test_the_public_site_shows_a_hidden_latest_figure_as_c(family):
    # The Birmingham sample's appeals in East, Secondary: 3 in June 2023, the last month
    # (sample_data/birmingham_illustrative_localities.csv), under the threshold of 5
    # (config/settings.yaml), so hidden. The tile said "no data"; for North's Early Years &
    # Primary it showed March's figure as the latest.
    family.query_params["locality"] = "East"
    family.query_params["phase"] = "Secondary"
    family.run()
    go(family, "Overview")
    # A tile draws its name (text), its figure (metric), then its badges and notes.
    leaves = leaf_elements(family)
    name = next(
        i for i, e in enumerate(leaves) if e.type == "text" and e.value == "Number of appeals lodged at SENDIST"
    )
    figure = next(e for e in leaves[name:] if e.type == "metric")
    assert (figure.label, figure.value) == ("Latest (Jun 2023)", "c")
    assert any("c: hidden, a small number" in m.value for m in family.markdown)
    # Whether it is changing is not judged, and says why: not "too few figures to judge".
    badges = next(e for e in leaves[name:] if e.type == "markdown")
    assert "Not judged: figure hidden" in badges.value and "Too few figures" not in badges.value


def test_the_public_home_page_promises_only_the_comparisons_the_figures_hold(family):
    family.run()
    assert family.title[0].value == "SEND improvement figures"

    def explorer_link() -> str:
        return next(link.proto.label for link in family.get("page_link") if link.proto.label.startswith("KPI"))

    # Birmingham's sample has no England, neighbour or regional figures; BCP's has all three.
    assert explorer_link() == "KPI explorer: one measure over time, against its target"
    choose_sample(family, "BCP")
    assert explorer_link() == (
        "KPI explorer: one measure over time, against its target and England, similar areas and the region"
    )


def test_a_hidden_figure_s_kpi_is_counted_as_hidden_not_as_not_rated(family):
    # East's Secondary appeals (3 in June 2023, under the threshold of 5) are hidden. Counted as
    # "Not rated" they read, by About's definition, as a KPI where neither higher nor lower is
    # better, and the public counters differed from the officers' (the officers' shows 0).
    family.query_params["locality"] = "East"
    family.query_params["phase"] = "Secondary"
    family.run()
    go(family, "Overview")
    counters = {metric.label: metric.value for metric in family.metric if not metric.label.startswith("Latest")}
    assert counters["Not rated"] == "0"
    assert int(counters["Hidden: small numbers"]) >= 1


def test_the_public_home_page_says_which_slice_its_counts_are_for(family):
    # A shared link to North's Early Years & Primary changed the Home page's counts, with nothing
    # on the page to say so (a reviewer); the Overview and KPI explorer say it in a sentence.
    family.query_params["locality"] = "North"
    family.query_params["phase"] = "Early Years & Primary"
    family.run()
    assert "Showing North locality, Early Years & Primary phase." in [t.value for t in family.text]
