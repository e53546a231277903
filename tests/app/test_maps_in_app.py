"""The Localities page with real ONS boundaries configured (skipped without ../shared/data)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import drop_files, go, texts, use_settings
from tests.conftest import ROOT, SHARED_DATA, requires_shared_data


@pytest.fixture
def app_with_boundaries(tmp_path, monkeypatch):
    settings = (ROOT / "config" / "settings.yaml").read_text(encoding="utf-8")
    settings = settings.replace(
        "ward_boundaries: sample_data/birmingham_wards_simplified.geojson",
        f'ward_boundaries: "{SHARED_DATA / "birmingham_wards_may2024_bsc.geojson"}"',
    )
    settings = settings.replace(
        'authority_boundaries: ""', f'authority_boundaries: "{SHARED_DATA / "england_ctyua_dec2023_bsc.geojson"}"'
    )
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "settings.yaml"
    path.write_text(settings, encoding="utf-8")
    for key in ("samples", "localities_file"):
        assert key in settings
    # Relative paths in the settings resolve against the project, as they do for the real file.
    text = (
        path.read_text()
        .replace("  - sample_data/", f"  - {ROOT}/sample_data/")
        .replace("localities_file: config/", f"localities_file: {ROOT}/config/")
    )
    path.write_text(text)
    use_settings(monkeypatch, path)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    yield app
    use_settings(monkeypatch, None)


def deck_json(app, index: int = 0) -> dict:
    return json.loads(app.get("deck_gl_json_chart")[index].proto.json)


@requires_shared_data
def test_the_locality_map_draws_wards_with_the_illustrative_grouping(app_with_boundaries):
    app = go(app_with_boundaries, "Localities")
    spec = deck_json(app)
    layer = next(layer for layer in spec["layers"] if layer["id"] == "locality-wards")
    features = layer["data"]["features"]
    assert len(features) == 69
    assert {f["properties"]["locality"] for f in features} == {"North", "South", "East", "West"}
    assert "illustrative" in texts(app)
    assert "Office for National Statistics" in texts(app)


@requires_shared_data
def test_the_england_map_after_uploading_dfe_timeliness(app_with_boundaries):
    app = go(app_with_boundaries, "Upload data")
    data = (SHARED_DATA / "dfe_ehcp_timeliness_20wk_by_la_2019_2024.csv").read_bytes()
    drop_files(app, ("timeliness.csv", data, "text/csv"))
    app.selectbox(key="la-timeliness.csv").set_value("Birmingham").run()
    go(app, "Localities")
    app.selectbox(key="england_kpi").set_value("pc_plans_issued_within_20_weeks").run()
    app.selectbox(key="england_period").set_value("2024").run()
    spec = deck_json(app)
    areas = next(layer for layer in spec["layers"] if layer["id"] == "authorities")["data"]["features"]
    by_name = {f["properties"]["name"]: f["properties"] for f in areas}
    assert len(by_name) == 153
    assert by_name["Birmingham"]["value"] == "26.7" and by_name["Birmingham"]["us"] == "Yes"
    assert by_name["Bournemouth, Christchurch and Poole"]["value"] == "74.1"
    outline = next(layer for layer in spec["layers"] if layer["id"] == "us-outline")
    assert [f["properties"]["name"] for f in outline["data"]["features"]] == ["Birmingham"]
