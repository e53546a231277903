"""pydeck maps built from data; pages render them. No base map is needed (offline works)."""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk

from .localities import LocalityConfig

OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
BOUNDARY_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2024."
)
_FILL = [18, 67, 109, 180]  # GSS dark blue, partly transparent


def locality_values(observations: pd.DataFrame, kpi_id: str, period: pd.Timestamp | None = None) -> pd.DataFrame:
    """The chosen KPI's actual per locality at ``period`` (default: its latest month with
    locality rows). Columns: ``locality, value, value_text, period``. Whole-area rows excluded."""
    rows = observations[
        (observations["kpi_id"] == kpi_id)
        & (observations["measure"] == "actual")
        & (observations["locality"] != "All")
        & (observations["phase"] == "All")
        & observations["period"].notna()
    ]
    if rows.empty:
        return pd.DataFrame(columns=["locality", "value", "value_text", "period"])
    chosen = period if period is not None and (rows["period"] == period).any() else rows["period"].max()
    at = rows[rows["period"] == chosen]
    return at[["locality", "value", "value_text", "period"]].sort_values("locality").reset_index(drop=True)


def locality_points_deck(
    values: pd.DataFrame, config: LocalityConfig, *, label: str
) -> tuple[pdk.Deck | None, list[str]]:
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
    deck = pdk.Deck(
        layers=[layer],
        initial_view_state=view,
        map_style=None,
        tooltip={"text": "{locality}\n{label}: {value_shown}"},
    )
    return deck, missing
