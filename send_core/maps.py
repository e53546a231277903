"""pydeck maps built from data; pages render them. No base map is needed (offline works).

Three maps:

- :func:`locality_points_deck`: a circle per locality at its configured centre (no boundaries);
- :func:`locality_choropleth_deck`: ward polygons from an ONS boundary file, coloured by
  their locality's value (wards grouped into localities by ``config/localities.yaml``);
- :func:`england_deck`: every upper-tier authority coloured by a DfE indicator, "us" outlined.

Each returns the deck plus what did not match, so a page can say so and still draw the rest.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from .errors import ConfigError
from .localities import LocalityConfig
from .locality_shapes import border_segments, fitted_view, label_position, locality_geometries
from .model import ALL, is_authority
from .reading.periods import frequency_of, parse_period
from .wording import format_value, period_text

OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
BOUNDARY_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2024."
)
_FILL = [18, 67, 109, 180]  # GSS dark blue, partly transparent
# Five steps from light to dark blue (sequential; the darkest passes 3:1 on white).
SEQUENTIAL = ([222, 235, 247], [158, 202, 225], [107, 174, 214], [33, 113, 181], [8, 48, 107])
SHADE_NAMES = ("Lightest blue", "Light blue", "Middle blue", "Dark blue", "Darkest blue")  # SEQUENTIAL in words
BORDER = [80, 90, 95, 255]  # GOV.UK dark grey: each locality's edge
CHOSEN_OUTLINE = [11, 12, 12, 255]  # GOV.UK black: the chosen locality's edge
CHOSEN_LABEL = [255, 221, 0, 255]  # GOV.UK focus yellow behind the chosen locality's name
MAP_WIDTH, MAP_HEIGHT = 700, 460  # pixels: the box a locality map is fitted to
NO_VALUE = [191, 191, 191]
US_OUTLINE = [212, 53, 28]  # GOV.UK red, for "us"
MAX_BOUNDARY_BYTES = 60 * 1024 * 1024
# DfE still publishes three authorities under their pre-2023 codes.
DFE_TO_ONS_CODES = {"E10000002": "E06000060", "E10000023": "E06000065", "E10000027": "E06000066"}
WARD_NAME_KEYS = ("WD24NM", "WD23NM", "WD22NM", "name")
WARD_CODE_KEYS = ("WD24CD", "WD23CD", "WD22CD", "WD21CD", "WD20CD", "WD19CD", "WD18CD", "wd24cd", "code")
AUTHORITY_CODE_KEYS = ("CTYUA23CD", "CTYUA24CD", "CTYUA22CD", "UTLA23CD", "LAD23CD", "code")
AUTHORITY_NAME_KEYS = ("CTYUA23NM", "CTYUA24NM", "CTYUA22NM", "UTLA23NM", "LAD23NM", "name")


class BoundaryError(ConfigError):
    """A boundary file (named in the settings) that cannot be used at all."""


@dataclass(frozen=True)
class Boundaries:
    """Features of a GeoJSON boundary file, keyed by their ONS code."""

    features: dict[str, dict]
    names: dict[str, str]


def load_boundaries(path: str | os.PathLike, code_keys: tuple[str, ...], name_keys: tuple[str, ...] = ()) -> Boundaries:
    """Read a GeoJSON FeatureCollection in longitude / latitude (WGS84).

    Raises :class:`BoundaryError` for a file that is missing, too big, not GeoJSON, has no code
    property we know, or uses British National Grid metres instead of degrees.
    """
    file = Path(path)
    if not file.exists():
        raise BoundaryError(f"The boundary file {file} does not exist. Check the path in config/settings.yaml.")
    if file.stat().st_size > MAX_BOUNDARY_BYTES:
        raise BoundaryError(
            f"{file.name} is larger than {MAX_BOUNDARY_BYTES // 1024 // 1024} MB: use the 'BSC' (super generalised) boundaries."
        )
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as error:  # JSON errors, bad UTF-8, nesting too deep
        raise BoundaryError(
            f"{file.name} is not GeoJSON ({error}). Download the GeoJSON version of the ONS boundaries."
        ) from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise BoundaryError(
            f"{file.name} is not a GeoJSON FeatureCollection. Download the GeoJSON version of the ONS boundaries."
        )
    features = [
        f
        for f in data["features"]
        if isinstance(f, dict) and isinstance(f.get("properties"), dict) and f.get("geometry")
    ]
    if not features:
        raise BoundaryError(f"{file.name} has no features with geometry.")
    properties = features[0]["properties"]
    code_key = next((key for key in code_keys if key in properties), None)
    if code_key is None:
        raise BoundaryError(
            f"{file.name} has no code property we know ({', '.join(code_keys[:3])}...). Its properties are: "
            f"{', '.join(list(properties)[:8])}."
        )
    first = _first_position(features[0]["geometry"])
    if first is None:
        raise BoundaryError(f"{file.name}: the first area's geometry has no coordinates that are numbers.")
    if abs(first[0]) > 180 or abs(first[1]) > 90:
        raise BoundaryError(
            f"{file.name} is in British National Grid metres, not longitude and latitude. Download the "
            "GeoJSON in WGS84 (EPSG:4326) from the ONS Open Geography Portal."
        )
    name_key = next((key for key in name_keys if key in properties), None)
    by_code = {str(f["properties"][code_key]): f for f in features if f["properties"].get(code_key)}
    names = (
        {code: str(f["properties"].get(name_key, code)) for code, f in by_code.items()}
        if name_key
        else {c: c for c in by_code}
    )
    return Boundaries(by_code, names)


def _first_position(geometry: dict) -> list[float] | None:
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    while isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], list):
        coordinates = coordinates[0]
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        return None
    pair = coordinates[:2]
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in pair)
    return pair if numbers else None


def _decimal_places(value: float, most: int = 2) -> int:
    """How many decimal places ``value`` is written with (``66.6`` -> 1, ``24.0`` -> 0), at most ``most``."""
    for places in range(most):
        if round(value, places) == value:
            return places
    return most


def colour_bins(values: pd.Series, bins: int = len(SEQUENTIAL)) -> tuple[list[list[int]], list[tuple[float, float]]]:
    """A colour per value (quantile bins, light = low) and the bins' edges for the legend. The
    edges are rounded to as many decimal places as the figures themselves have (at most two),
    so the key reads "66.6% to 67%" rather than "66.6% to 66.97%", a figure no area has."""
    numbers = values.astype(float)
    present = numbers.dropna()
    if present.empty:
        return [NO_VALUE for _ in numbers], []
    places = max(_decimal_places(value) for value in present.tolist())
    edges = np.unique(np.round(np.quantile(present, np.linspace(0, 1, bins + 1)), places))
    if len(edges) < 2:
        edges = np.array([present.min(), present.max() + 1e-9])
    index = np.clip(np.searchsorted(edges, numbers.fillna(edges[0]).to_numpy(), side="right") - 1, 0, len(edges) - 2)
    step = (len(SEQUENTIAL) - 1) / max(1, len(edges) - 2)
    palette = [SEQUENTIAL[round(i * step)] for i in range(len(edges) - 1)]
    colours = [palette[i] if not math.isnan(v) else NO_VALUE for i, v in zip(index, numbers, strict=True)]
    return colours, [(float(edges[i]), float(edges[i + 1])) for i in range(len(edges) - 1)]


def legend(
    edges: list[tuple[float, float]], unit: str = "other", members: dict[str, float] | None = None
) -> pd.DataFrame:
    """The colour key as a table people and screen readers can read: each shade in words
    ("Lightest" to "Darkest", as :func:`colour_bins` assigns them), the figures it covers
    written in the KPI's unit, and (given ``members``, each area's value by name) which areas
    have it. A last row for areas with no value."""
    step = (len(SEQUENTIAL) - 1) / max(1, len(edges) - 1)
    rows = []
    for index, (low, high) in enumerate(edges):
        last = index == len(edges) - 1
        row = {
            "Shade": SHADE_NAMES[round(index * step)],
            # Each shade holds its first figure and not its last, bar the last shade.
            "Figures": f"{format_value(low, unit)} to {'' if last else 'under '}{format_value(high, unit)}",
        }
        if members is not None:
            inside = [name for name, value in members.items() if low <= value < high or (last and value == high)]
            row["Localities"] = ", ".join(sorted(inside))
        rows.append(row)
    rows.append({"Shade": "Grey", "Figures": "No value", **({"Localities": ""} if members is not None else {})})
    return pd.DataFrame(rows)


def locality_values(
    observations: pd.DataFrame, kpi_id: str, period: pd.Timestamp | None = None, *, phase: str = ALL
) -> pd.DataFrame:
    """The chosen KPI's actual per locality at ``period`` (default: its latest month with
    locality rows): for ``phase`` where the KPI has locality figures for it (a manager filtering
    to a pod sees the pod's), else for every phase together. Columns: ``locality, value,
    value_text, period, phase`` (the phase shown). Whole-area rows excluded."""
    rows = observations[
        (observations["kpi_id"] == kpi_id)
        & (observations["measure"] == "actual")
        & (observations["locality"] != ALL)
        & observations["period"].notna()
    ]
    for_phase = rows[rows["phase"] == phase] if phase != ALL else rows.iloc[0:0]
    rows = for_phase if not for_phase.empty else rows[rows["phase"] == ALL]
    if rows.empty:
        return pd.DataFrame(columns=["locality", "value", "value_text", "period", "phase"])
    chosen = period if period is not None and (rows["period"] == period).any() else rows["period"].max()
    at = rows[rows["period"] == chosen]
    return at[["locality", "value", "value_text", "period", "phase"]].sort_values("locality").reset_index(drop=True)


def phase_note(phase: str, shown: str = ALL) -> str:
    """What the locality map and bars show when a phase is chosen but the figures drawn are
    ``shown``'s (:func:`locality_values` falls back to every phase together when the KPI has no
    locality figures for the phase), so a manager filtering to a pod is told so rather than left
    to assume the map is the pod's. "" when no phase is chosen or the figures are the phase's."""
    if phase == ALL or shown == phase:
        return ""
    return f"The map and the bars show each locality's figures for every phase together, not {phase} alone."


def base_map_arguments(base_map: str) -> dict[str, object]:
    """pydeck's arguments for the base map: none at all unless a style the council hosts is
    configured (an https:// address, checked by the settings). Without ``map_provider=None``
    Streamlit draws CARTO's tiles, so every visitor's browser would call a third party."""
    if not base_map:
        return {"map_provider": None}
    return {"map_provider": "carto", "map_style": base_map}


def locality_points_deck(
    values: pd.DataFrame, config: LocalityConfig, *, label: str, base_map: str = ""
) -> tuple[CompactDeck | None, list[str]]:
    """A proportional-symbol map: one circle per locality at its configured centre.

    Returns the deck (None when no locality has a centre) and the names of localities in the
    data that the configuration does not place, so the page can say what is missing.
    """
    centres = {loc.name: loc.centre for loc in config.localities if loc.centre}
    placed = values[values["locality"].isin(centres)].copy()
    missing = sorted(set(values["locality"]) - set(centres))
    if placed.empty:
        return None, missing
    largest = max(float(placed["value"].max()), 1.0)
    placed["longitude"] = placed["locality"].map(lambda n: centres[n][0])
    placed["latitude"] = placed["locality"].map(lambda n: centres[n][1])
    # Area, not radius, proportional to the value, so big numbers do not look bigger than they are.
    placed["radius"] = placed["value"].map(lambda v: 3000 * math.sqrt(max(float(v), 0) / largest) if v == v else 0)
    placed["label"] = label
    placed["value_shown"] = placed["value_text"]
    placed["name"] = placed["locality"] + "\n" + placed["value_text"].astype(str)
    names = pdk.Layer(
        "TextLayer",
        data=placed[["name", "longitude", "latitude"]],
        get_position=["longitude", "latitude"],
        get_text="name",
        get_size=15,
        size_units="pixels",
        get_color=[11, 12, 12, 255],
        get_pixel_offset=[0, 28],
        font_weight=700,
        background=True,
        get_background_color=[255, 255, 255, 230],
        pickable=False,
        id="locality-names",
    )
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=placed[["locality", "value", "value_shown", "longitude", "latitude", "radius", "label"]],
        get_position=["longitude", "latitude"],
        get_radius="radius",
        get_fill_color=_FILL,
        get_line_color=[11, 12, 12, 255],
        line_width_min_pixels=1,
        stroked=True,
        pickable=True,
        id="locality-points",
    )
    view = pdk.ViewState(
        longitude=float(placed["longitude"].mean()), latitude=float(placed["latitude"].mean()), zoom=10
    )
    deck = CompactDeck(
        layers=[layer, names],
        initial_view_state=view,
        **base_map_arguments(base_map),
        tooltip={"text": "{locality}\n{label}: {value_shown}"},
    )
    return deck, missing


class CompactDeck(pdk.Deck):
    """A pydeck ``Deck`` whose JSON (what ``st.pydeck_chart`` sends) has no indentation:
    pydeck indents by two spaces, three quarters of the Birmingham locality map's 176 KB."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def map_description(areas: str, label: str, when: str, outlined: str | None = None, *, drawn: str = "shaded by") -> str:
    """A map's short description for screen readers (``st.pydeck_chart``'s ``alt``): which
    ``areas`` are ``drawn`` ("shaded by", or "a circle sized by") which figure (``label``)
    and ``when``, and the one ``outlined`` (None for none). The figures themselves are in the
    table under every map."""
    text = f"Map of {areas}, each {drawn} {label}, {when}."
    if outlined:
        text += f" {outlined} is outlined."
    return text + " The figures are in the table below the map."


@dataclass(frozen=True)
class MapResult:
    """A deck, what could not be matched and notes (such as areas with no value), for the page
    to list."""

    deck: CompactDeck | None
    legend: pd.DataFrame
    unmatched: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def locality_choropleth_deck(
    values: pd.DataFrame,
    config: LocalityConfig,
    wards: Boundaries,
    *,
    label: str,
    rag: dict[str, str] | None = None,
    base_map: str = "",
    unit: str = "other",
    chosen: str = ALL,
) -> MapResult:
    """Ward polygons filled by their locality's value (wards grouped by the configuration),
    each locality's border drawn over them, its name and figure written on it, and the
    ``chosen`` locality outlined in black with its name on yellow. The view fits every ward
    in a MAP_WIDTH x MAP_HEIGHT box, so nothing is clipped.

    Tooltips give the ward, its locality, the value, the rating and the month. The legend
    says each shade in words with its figures (in ``unit``) and localities. Configured ward
    codes missing from the file, and localities with no ward in it, are listed in
    ``unmatched``; the rest of the map still draws.
    """
    by_locality = values.set_index("locality")
    # A few localities: a shade for each figure, not empty bins in the key.
    distinct = max(1, values["value"].dropna().nunique())
    colours, edges = colour_bins(values["value"], bins=min(len(SEQUENTIAL), distinct))
    colour_of = dict(zip(values["locality"], colours, strict=True))
    features, unmatched, drawn = [], [], set()
    period = f"{values['period'].iloc[0]:%b %Y}" if len(values) else ""
    for locality in config.localities:
        for code in locality.wards:
            feature = wards.features.get(code)
            if feature is None:
                unmatched.append(f"ward {code} ({locality.name})")
                continue
            has_value = locality.name in by_locality.index
            features.append(
                {
                    "type": "Feature",
                    "geometry": feature["geometry"],
                    "properties": {
                        "ward": wards.names.get(code, code),
                        "code": code,
                        "locality": locality.name,
                        "value": by_locality.loc[locality.name, "value_text"] if has_value else "no value",
                        "rag": (rag or {}).get(locality.name, "No target"),
                        "period": period,
                        "label": label,
                        "fill": colour_of.get(locality.name, NO_VALUE) + [220],
                    },
                }
            )
            drawn.add(locality.name)
    for locality in sorted(set(values["locality"]) - drawn):
        unmatched.append(f"locality {locality} (no ward of it is in the boundary file)")
    members = {
        name: float(value) for name, value in zip(values["locality"], values["value"], strict=True) if value == value
    }
    key = legend(edges, unit, members)
    if not features:
        return MapResult(None, key, tuple(unmatched))
    shapes = locality_geometries(config, wards.features)
    layers = [_filled_areas(features, "locality-wards", line_width=0.5)]
    borders = {name: border_segments(geometries) for name, geometries in shapes.items()}
    layers.append(
        _lines([s for name, lines in borders.items() if name != chosen for s in lines], "locality-borders", BORDER, 1.5)
    )
    if borders.get(chosen):
        layers.append(_lines(borders[chosen], "chosen-locality", CHOSEN_OUTLINE, 4))
    names = []
    for name, geometries in shapes.items():
        position = label_position(geometries)
        if position is not None:
            figure = by_locality.loc[name, "value_text"] if name in by_locality.index else "no value"
            names.append(
                {
                    "text": f"{name}\n{figure}",
                    "position": list(position),
                    "background": CHOSEN_LABEL if name == chosen else [255, 255, 255, 230],
                }
            )
    layers.append(
        pdk.Layer(
            "TextLayer",
            data=names,
            get_position="position",
            get_text="text",
            get_size=15,
            get_color=[11, 12, 12, 255],
            font_weight=700,
            background=True,
            get_background_color="background",
            background_padding=[6, 3, 6, 3],
            pickable=False,
            id="locality-names",
        )
    )
    longitude, latitude, zoom = fitted_view([f["geometry"] for f in features], MAP_WIDTH, MAP_HEIGHT)
    deck = CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(longitude=longitude, latitude=latitude, zoom=zoom),
        **base_map_arguments(base_map),
        tooltip={"text": "{ward} ({locality})\n{label}: {value}\nRating: {rag}\n{period}"},
    )
    return MapResult(deck, key, tuple(unmatched))


def _lines(segments: list, layer_id: str, colour: list[int], width: float) -> pdk.Layer:
    """Line segments (pairs of points) in one colour, ``width`` pixels wide, as one GeoJSON
    MultiLineString (deck.gl's PathLayer given pixel widths drew nothing usable in Chromium's
    software renderer; its GeoJSON layer draws the same lines)."""
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "MultiLineString", "coordinates": [[list(a), list(b)] for a, b in segments]},
    }
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": [feature]},
        get_line_color=colour,
        line_width_min_pixels=width,
        line_cap_rounded=True,
        line_joint_rounded=True,
        stroked=True,
        filled=False,
        pickable=False,
        id=layer_id,
    )


def _filled_areas(features: list[dict], layer_id: str, *, line_width: float) -> pdk.Layer:
    """Polygons filled with each feature's ``fill`` property, white edges, tooltips on hover."""
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": features},
        get_fill_color="properties.fill",
        get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=line_width,
        stroked=True,
        filled=True,
        pickable=True,
        id=layer_id,
    )


def ons_code(code: str) -> str:
    """The ONS December 2023 code for a DfE authority code (three differ)."""
    return DFE_TO_ONS_CODES.get(code, code)


def period_name(time_period: str) -> str:
    """An EES ``time_period`` written as people write it: ``202425`` is ``2024/25``, ``2024``
    is ``2024``; anything unreadable as written."""
    found = parse_period(time_period)
    return period_text(found.start, frequency_of(found)) if found is not None else str(time_period)


def authority_values(authorities: pd.DataFrame, kpi_id: str, time_period: str | None = None) -> pd.DataFrame:
    """One row per authority for one indicator and period (default: the latest), with the ONS code."""
    rows = authorities[authorities["kpi_id"] == kpi_id]
    if rows.empty:
        return rows.assign(ons_code=[])
    chosen = (
        time_period
        if time_period is not None and (rows["time_period"] == time_period).any()
        else rows.loc[rows["period"].idxmax(), "time_period"]
    )
    at = rows[rows["time_period"] == chosen].drop_duplicates("new_la_code")
    return at.assign(ons_code=at["new_la_code"].map(ons_code)).reset_index(drop=True)


def england_deck(
    values: pd.DataFrame, boundaries: Boundaries, *, us: str | None, label: str, base_map: str = ""
) -> MapResult:
    """Every authority coloured by the indicator; "us" (a name or code) outlined in red.

    ``values`` comes from :func:`authority_values`. Authorities in the data with no boundary,
    and boundaries with no data, are listed in ``unmatched``.
    """
    colours, edges = colour_bins(values["value"])
    by_code = {
        code: (row, colour) for code, row, colour in zip(values["ons_code"], values.itertuples(), colours, strict=True)
    }
    our_codes = set(
        values["ons_code"][is_authority(values["la_name"], values["new_la_code"], values["old_la_code"], us)]
    )
    features, us_features = [], []
    for code, feature in boundaries.features.items():
        found = by_code.get(code)
        row, colour = found if found else (None, NO_VALUE)
        is_us = code in our_codes
        properties = {
            "name": boundaries.names.get(code, code),
            "code": code,
            "value": row.value_text if row is not None else "no data",
            "period": str(row.time_period) if row is not None else "",
            "label": label,
            "fill": colour + [230],
            "us": "Yes" if is_us else "",
        }
        item = {"type": "Feature", "geometry": feature["geometry"], "properties": properties}
        features.append(item)
        if is_us:
            us_features.append(item)
    unmatched = [
        f"{row.la_name} ({row.new_la_code})" for row in values.itertuples() if row.ons_code not in boundaries.features
    ]
    without_data = [boundaries.names.get(code, code) for code in boundaries.features if code not in by_code]
    notes = (
        (f"{len(without_data)} areas in the boundary file have no value: {', '.join(without_data[:10])}",)
        if without_data
        else ()
    )
    layers = [_filled_areas(features, "authorities", line_width=0.5)]
    if us_features:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                data={"type": "FeatureCollection", "features": us_features},
                get_line_color=US_OUTLINE,
                line_width_min_pixels=3,
                stroked=True,
                filled=False,
                pickable=False,
                id="us-outline",
            )
        )
    deck = CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(longitude=-1.6, latitude=52.7, zoom=5.2),
        **base_map_arguments(base_map),
        tooltip={"text": "{name}\n{label}: {value}\n{period}"},
    )
    return MapResult(deck, legend(edges), tuple(unmatched), notes)


def ranked_table(
    values: pd.DataFrame, authorities: pd.DataFrame, observations: pd.DataFrame, kpi_id: str, *, us: str | None
) -> pd.DataFrame:
    """Authorities ranked by value (highest first) with England and region lines added."""
    table = values[["la_name", "region_name", "value", "value_text"]].copy()
    table["rank"] = table["value"].rank(ascending=False, method="min")
    ours = is_authority(values["la_name"], values["new_la_code"], values["old_la_code"], us)
    table["us"] = np.where(ours, "◀ us", "")
    comparators = observations[(observations["kpi_id"] == kpi_id) & (observations["measure"] == "comparator")]
    period = values["time_period"].iloc[0] if len(values) else None
    extra = comparators[comparators["period_label"] == period] if period is not None else comparators.iloc[0:0]
    lines = pd.DataFrame(
        {
            "la_name": extra["comparator"].map(lambda c: "England" if c == "England" else "Region (ours)"),
            "region_name": "",
            "value": extra["value"],
            "value_text": extra["value_text"],
            "rank": np.nan,
            "us": "comparator",
        }
    )
    combined = pd.concat([table, lines], ignore_index=True).sort_values("value", ascending=False, na_position="last")
    return combined.rename(
        columns={
            "la_name": "Area",
            "region_name": "Region",
            "value": "Value",
            "value_text": "As published",
            "rank": "Rank",
            "us": "",
        }
    )
