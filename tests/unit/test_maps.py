"""Maps: synthetic squares for the logic, the real ONS and DfE files where they are present."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from send_core.localities import Locality, LocalityConfig, load_localities
from send_core.maps import (
    AUTHORITY_CODE_KEYS,
    AUTHORITY_NAME_KEYS,
    NO_VALUE,
    US_OUTLINE,
    WARD_CODE_KEYS,
    BoundaryError,
    authority_values,
    colour_bins,
    england_deck,
    load_boundaries,
    locality_choropleth_deck,
    locality_points_deck,
    locality_values,
    ons_code,
    phase_note,
    ranked_table,
)
from send_core.reading import read_scorecard
from tests.conftest import ROOT, SHARED_DATA, requires_shared_data


def square(x: float, y: float, size: float = 0.01) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]}


def write_geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def wards(tmp_path):
    features = [
        {
            "type": "Feature",
            "properties": {"WD24CD": f"E0500000{i}", "WD24NM": f"Ward {i}"},
            "geometry": square(-1.9 + i * 0.01, 52.48),
        }
        for i in range(1, 5)
    ]
    return load_boundaries(write_geojson(tmp_path / "wards.geojson", features), WARD_CODE_KEYS, ("WD24NM",))


CONFIG = LocalityConfig(
    (
        Locality("North", (-1.9, 52.5), ("E05000001", "E05000002")),
        Locality("South", (-1.9, 52.4), ("E05000003", "E05000009")),
    ),
    (),
    illustrative=True,
)
VALUES = pd.DataFrame(
    {
        "locality": ["North", "South", "East"],
        "value": [31.0, 24.0, 19.0],
        "value_text": ["31%", "24%", "19%"],
        "period": pd.Timestamp("2024-12-01"),
    }
)


def layer_features(deck, layer_id):
    layer = next(layer for layer in deck.layers if layer.id == layer_id)
    return layer.data["features"]


def test_wards_take_their_locality_s_value_and_colour(wards):
    result = locality_choropleth_deck(VALUES, CONFIG, wards, label="% in 20 weeks", rag={"North": "Red"})
    features = layer_features(result.deck, "locality-wards")
    by_ward = {f["properties"]["code"]: f["properties"] for f in features}
    assert set(by_ward) == {"E05000001", "E05000002", "E05000003"}
    assert by_ward["E05000001"]["locality"] == "North" and by_ward["E05000001"]["value"] == "31%"
    assert by_ward["E05000001"]["rag"] == "Red" and by_ward["E05000003"]["rag"] == "No target"
    assert by_ward["E05000001"]["fill"] == by_ward["E05000002"]["fill"]  # one colour per locality
    assert by_ward["E05000001"]["fill"] != by_ward["E05000003"]["fill"]
    assert "ward E05000009 (South)" in result.unmatched
    assert "locality East (no ward of it is in the boundary file)" in result.unmatched
    assert list(result.legend["Figures"])[-1] == "No value"


def test_the_map_names_each_locality_outlines_the_chosen_one_and_keys_shades_in_words(wards):
    result = locality_choropleth_deck(VALUES, CONFIG, wards, label="x", unit="percent", chosen="North")
    names = next(layer for layer in result.deck.layers if layer.id == "locality-names").data
    assert sorted(row["text"] for row in names) == ["North\n31%", "South\n24%"]
    # North's two wards are 0.01-degree squares side by side from x = -1.89: its name sits at
    # their middle, (-1.88, 52.485).
    north = next(row for row in names if row["text"].startswith("North"))
    assert north["position"] == pytest.approx([-1.88, 52.485])
    # The chosen locality's outline is its border only: 2 squares side by side have 6 outer edges.
    outline = next(layer for layer in result.deck.layers if layer.id == "chosen-locality").data
    lines = outline["features"][0]["geometry"]["coordinates"]
    assert len(lines) == 6
    assert [[-1.88, 52.48], [-1.88, 52.49]] not in lines  # the edge North's two wards share
    # The key: shades in words, figures in the KPI's unit, the localities in each. Three values
    # (19, 24, 31) make three bins (one per figure): edges at the 0, 33, 67 and 100th
    # percentiles, linear between the sorted values: 19, 19 + 2/3 x 5 = 22.33, 24 + 1/3 x 7 =
    # 26.33, 31, rounded to whole numbers as the figures are (22 and 26); shades from both
    # ends of the scale and its middle.
    key = result.legend
    assert list(key.columns) == ["Shade", "Figures", "Localities"]
    assert key["Shade"].tolist() == ["Lightest blue", "Middle blue", "Darkest blue", "Grey"]
    # A shade runs up to, not including, the next one's first figure ("66.6% to 67%" then
    # "67% to 70.2%" left 67% in both, to a reviewer): only the last includes its top.
    assert key["Figures"].tolist() == ["19% to under 22%", "22% to under 26%", "26% to 31%", "No value"]
    assert key["Localities"].tolist() == ["East", "South", "North", ""]
    # Nothing chosen: no outline layer.
    plain = locality_choropleth_deck(VALUES, CONFIG, wards, label="x")
    assert "chosen-locality" not in [layer.id for layer in plain.deck.layers]


def test_proportional_symbols_without_boundaries():
    deck, missing = locality_points_deck(VALUES, CONFIG, label="x")
    data = deck.layers[0].data  # pydeck keeps a layer's rows as a list of records
    assert [row["locality"] for row in data] == ["North", "South"]
    # Area proportional to value: radius scales with the square root (31 is the largest).
    assert data[1]["radius"] == pytest.approx(3000 * (24 / 31) ** 0.5)
    assert missing == ["East"]
    # No base map: pydeck's sentinel with no provider, which Streamlit draws with no tiles
    # (map_style=None alone makes it fetch CARTO's).
    spec = json.loads(deck.to_json())
    assert spec.get("mapProvider") is None and spec["mapStyle"] == "__MAP_STYLE__"
    assert "carto" not in deck.to_json().lower()


def test_a_base_map_is_only_the_style_the_council_hosts():
    deck, _ = locality_points_deck(VALUES, CONFIG, label="x", base_map="https://maps.council.gov.uk/style.json")
    assert json.loads(deck.to_json())["mapStyle"] == "https://maps.council.gov.uk/style.json"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "is not GeoJSON"),
        (json.dumps({"type": "Feature"}), "is not a GeoJSON FeatureCollection"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [{"type": "Feature", "properties": {"other": 1}, "geometry": square(0, 0)}],
                }
            ),
            "no code property we know",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"WD24CD": "E05000001"},
                            "geometry": square(406000, 286000, 100),
                        }
                    ],
                }
            ),
            "British National Grid",
        ),
    ],
)
def test_bad_boundary_files_are_named(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(BoundaryError, match=message):
        load_boundaries(path, WARD_CODE_KEYS)


def test_colour_bins_go_light_to_dark_and_missing_is_grey():
    colours, edges = colour_bins(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, float("nan")]))
    assert colours[-1] == NO_VALUE
    assert sum(colours[0]) > sum(colours[4])  # lighter for smaller values
    assert edges[0][0] == 1.0 and edges[-1][1] == 5.0


def test_the_colour_key_s_edges_have_the_figures_own_decimal_places():
    # Four localities' figures, one decimal place each, in five bins: edges at the 0, 20, 40,
    # 60, 80 and 100th percentiles, linear between the sorted values (position 3 x share):
    # 66.6 + 0.6 x 1.5 = 67.5, 68.1 + 0.2 x 2.2 = 68.54, 68.1 + 0.8 x 2.2 = 69.86 and
    # 70.3 + 0.4 x 3.5 = 71.7; rounded to one place, as the figures are: 68.5 and 69.9, not
    # figures such as 68.54 that no locality has.
    _, edges = colour_bins(pd.Series([66.6, 68.1, 70.3, 73.8]))
    assert [low for low, _ in edges] == pytest.approx([66.6, 67.5, 68.5, 69.9, 71.7])
    assert edges[-1][1] == 73.8


@pytest.mark.parametrize(
    ("dfe", "ons"),
    [("E10000002", "E06000060"), ("E10000023", "E06000065"), ("E10000027", "E06000066"), ("E08000025", "E08000025")],
)
def test_dfe_codes_are_recoded_to_ons(dfe, ons):
    assert ons_code(dfe) == ons


def test_england_map_highlights_us_and_lists_what_did_not_join(tmp_path):
    areas = load_boundaries(
        write_geojson(
            tmp_path / "ctyua.geojson",
            [
                {
                    "type": "Feature",
                    "properties": {"CTYUA23CD": "E08000025", "CTYUA23NM": "Birmingham"},
                    "geometry": square(-1.9, 52.4),
                },
                {
                    "type": "Feature",
                    "properties": {"CTYUA23CD": "E06000060", "CTYUA23NM": "Buckinghamshire"},
                    "geometry": square(-0.8, 51.8),
                },
                {
                    "type": "Feature",
                    "properties": {"CTYUA23CD": "E06000001", "CTYUA23NM": "Hartlepool"},
                    "geometry": square(-1.2, 54.6),
                },
            ],
        ),
        AUTHORITY_CODE_KEYS,
        AUTHORITY_NAME_KEYS,
    )
    authorities = pd.DataFrame(
        {
            "new_la_code": ["E08000025", "E10000002", "E99999999"],
            "old_la_code": ["330", "825", "999"],
            "la_name": ["Birmingham", "Buckinghamshire", "Nowhere"],
            "region_name": ["West Midlands", "South East", "Atlantis"],
            "kpi_id": "pc",
            "kpi_name": "% within 20 weeks",
            "period": pd.Timestamp("2024-01-01"),
            "time_period": "2024",
            "value": [26.7, 50.0, 10.0],
            "value_text": ["26.7", "50", "10"],
            "unit": "percent",
            "source": "row 1",
        }
    )
    values = authority_values(authorities, "pc")
    result = england_deck(values, areas, us="Birmingham", label="% within 20 weeks")
    features = {f["properties"]["code"]: f["properties"] for f in layer_features(result.deck, "authorities")}
    assert features["E06000060"]["value"] == "50"  # joined through the DfE-to-ONS recode
    assert features["E06000001"]["value"] == "no data"
    outline = next(layer for layer in result.deck.layers if layer.id == "us-outline")
    assert [f["properties"]["name"] for f in outline.data["features"]] == ["Birmingham"]
    assert outline.get_line_color == US_OUTLINE
    assert result.unmatched == ("Nowhere (E99999999)",)


@requires_shared_data
def test_the_birmingham_wards_draw_with_the_illustrative_grouping():
    wards = load_boundaries(SHARED_DATA / "birmingham_wards_may2024_bsc.geojson", WARD_CODE_KEYS, ("WD24NM",))
    config = load_localities(ROOT / "config" / "localities.yaml")
    values = pd.DataFrame(
        {
            "locality": ["North", "South", "East", "West"],
            "value": [31.0, 24.0, 19.0, 34.0],
            "value_text": ["31%", "24%", "19%", "34%"],
            "period": pd.Timestamp("2024-12-01"),
        }
    )
    result = locality_choropleth_deck(values, config, wards, label="x")
    features = layer_features(result.deck, "locality-wards")
    assert len(features) == 69 and result.unmatched == ()
    assert {f["properties"]["locality"] for f in features} == {"North", "South", "East", "West"}


@requires_shared_data
def test_the_england_map_from_the_dfe_timeliness_file():
    read = read_scorecard(SHARED_DATA / "dfe_ehcp_timeliness_20wk_by_la_2019_2024.csv", local_authority="Birmingham")
    areas = load_boundaries(SHARED_DATA / "england_ctyua_dec2023_bsc.geojson", AUTHORITY_CODE_KEYS, AUTHORITY_NAME_KEYS)
    values = authority_values(read.local_authorities, "pc_plans_issued_within_20_weeks", "2024")
    result = england_deck(values, areas, us="Birmingham", label="% within 20 weeks")
    features = {f["properties"]["name"]: f["properties"] for f in layer_features(result.deck, "authorities")}
    assert len(features) == 153 and result.unmatched == () and result.notes == ()
    # DfE 2024: Birmingham 26.7%, BCP 74.1% (SOURCES.md).
    assert features["Birmingham"]["value"] == "26.7"
    assert features["Bournemouth, Christchurch and Poole"]["value"] == "74.1"
    assert features["Birmingham"]["us"] == "Yes"
    table = ranked_table(
        values, read.local_authorities, read.observations, "pc_plans_issued_within_20_weeks", us="Birmingham"
    )
    assert table.loc[table["Area"] == "England", "Value"].iloc[0] == 45.9
    assert table.loc[table[""] == "◀ us", "Area"].iloc[0] == "Birmingham"


def test_the_ranking_marks_us_when_we_are_given_by_code():
    from send_core.maps import ranked_table
    from send_core.model import observations_frame

    # DfE 2024 (SOURCES.md): Birmingham 26.7%, BCP 74.1%.
    values = pd.DataFrame(
        {
            "la_name": ["Birmingham", "Bournemouth, Christchurch and Poole"],
            "region_name": ["West Midlands", "South West"],
            "new_la_code": ["E08000025", "E06000058"],
            "old_la_code": ["330", "839"],
            "value": [26.7, 74.1],
            "value_text": ["26.7", "74.1"],
            "time_period": ["2024", "2024"],
        }
    )
    table = ranked_table(values, values, observations_frame(), "k", us="E08000025")
    assert table.loc[table[""] == "◀ us", "Area"].tolist() == ["Birmingham"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Before: a TypeError from comparing text with a number.
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"WD24CD": "E05000001"},
                            "geometry": {"type": "Point", "coordinates": ["a", "b"]},
                        }
                    ],
                }
            ),
            "no coordinates that are numbers",
        ),
        ("[" * 100_000 + "]" * 100_000, "is not GeoJSON"),  # before: RecursionError
    ],
)
def test_malformed_boundary_files_are_config_errors(tmp_path, content, message):
    from send_core.errors import ConfigError

    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_boundaries(path, WARD_CODE_KEYS)


@pytest.mark.parametrize(("written", "expected"), [("202425", "2024/25"), ("2024", "2024"), ("someday", "someday")])
def test_ees_periods_are_named_as_people_write_them(written, expected):
    from send_core.maps import period_name

    assert period_name(written) == expected


@pytest.mark.parametrize(
    ("phase", "shown", "note"),
    [
        ("All", "All", ""),
        (
            "Early Years & Primary",
            "All",  # the KPI has no locality figures for the pod: every phase's are shown
            "The map and the bars show each locality's figures for every phase together, not Early Years & Primary alone.",
        ),
        ("Secondary", "Secondary", ""),  # the phase's own figures: nothing to warn of
    ],
)
def test_a_chosen_phase_is_told_when_the_locality_map_is_every_phase_together(phase, shown, note):
    assert phase_note(phase, shown) == note


def test_locality_figures_are_the_chosen_phase_s_where_the_kpi_has_them():
    from send_core.model import observations_frame

    def row(locality, phase, value):
        return {"kpi_id": "K", "kpi_name": "Appeals", "measure": "actual", "period": "2023-06-01",
                "locality": locality, "phase": phase, "value": value}  # fmt: skip

    # Appeals by locality and phase only (as Birmingham's illustrative breakdown has them).
    by_phase = observations_frame(
        [row("East", "Secondary", 3), row("East", "Post-16", 6), row("North", "Secondary", 7)]
    )
    secondary = locality_values(by_phase, "K", phase="Secondary")
    assert secondary[["locality", "value", "phase"]].values.tolist() == [
        ["East", 3.0, "Secondary"],
        ["North", 7.0, "Secondary"],
    ]
    assert locality_values(by_phase, "K").empty  # no every-phase figures: nothing to fall back on
    # With every-phase figures too, a phase with none of its own falls back to them.
    both = observations_frame([row("East", "All", 9), row("East", "Secondary", 3)])
    assert locality_values(both, "K", phase="Post-16")[["value", "phase"]].values.tolist() == [[9.0, "All"]]
    assert locality_values(both, "K")[["value", "phase"]].values.tolist() == [[9.0, "All"]]


def test_a_map_is_sent_as_compact_json_with_the_same_content(wards):
    from pydeck.bindings.json_tools import serialize

    deck = locality_choropleth_deck(VALUES, CONFIG, wards, label="x", chosen="North").deck
    sent = deck.to_json()
    # pydeck indents its JSON by two spaces: three quarters of the Birmingham map's 176 KB.
    assert "\n" not in sent and ", " not in sent
    assert json.loads(sent) == json.loads(serialize(deck))


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            ("the localities", "% in 20 weeks", "June 2023", "North"),
            "Map of the localities, each shaded by % in 20 weeks, June 2023. North is outlined. "
            "The figures are in the table below the map.",
        ),
        (
            ("England's local authorities", "Plans issued within 20 weeks", "2024", None),
            "Map of England's local authorities, each shaded by Plans issued within 20 weeks, 2024. "
            "The figures are in the table below the map.",
        ),
    ],
)
def test_each_map_is_described_for_screen_readers(arguments, expected):
    from send_core.maps import map_description

    assert map_description(*arguments) == expected


def test_a_map_of_circles_says_so():
    from send_core.maps import map_description

    assert map_description("the localities", "Complaints", "Jan 2025", drawn="a circle sized by") == (
        "Map of the localities, each a circle sized by Complaints, Jan 2025. The figures are in the table below the map."
    )
