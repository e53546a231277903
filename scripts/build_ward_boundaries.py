"""Make the sample's simplified ward boundaries from the ONS file (run by hand, never by the
app or the tests; needs ../shared/data).

The ONS "BSC" (super generalised, clipped) boundaries for Birmingham's 69 wards are already
coarse. This keeps only each ward's code and name, rounds every position to 4 decimal places
(about 10 m, far finer than the map is drawn) and drops the points that rounding repeats.
Rounding keeps neighbouring wards' shared edges identical, so the app can still find each
locality's outer edge (an edge used by two wards of one locality is inside it). The ONS
attribution goes into the file and into sample_data/README.md.

    python scripts/build_ward_boundaries.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "birmingham_wards_may2024_bsc.geojson"
OUT = ROOT / "sample_data" / "birmingham_wards_simplified.geojson"
PLACES = 4
LIMIT_BYTES = 300 * 1024  # the project's rule for the one boundary file it ships
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2024. Simplified from Wards (May 2024) "
    "Boundaries UK BSC by this project's scripts/build_ward_boundaries.py."
)


def simplify_ring(ring: list[list[float]]) -> list[list[float]]:
    """The ring's positions rounded to PLACES decimals, without repeats; still closed."""
    points: list[list[float]] = []
    for longitude, latitude in ring:
        point = [round(longitude, PLACES), round(latitude, PLACES)]
        if not points or point != points[-1]:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    return points


def simplify_geometry(geometry: dict) -> dict:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [simplify_ring(ring) for ring in geometry["coordinates"]]}
    if geometry["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[simplify_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]],
        }
    raise ValueError(f"unexpected geometry {geometry['type']}")


def main() -> int:
    if not SOURCE.exists():
        print(f"The ONS ward boundaries are not at {SOURCE}; nothing was made.", file=sys.stderr)
        return 1
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "properties": {"WD24CD": feature["properties"]["WD24CD"], "WD24NM": feature["properties"]["WD24NM"]},
            "geometry": simplify_geometry(feature["geometry"]),
        }
        for feature in sorted(source["features"], key=lambda f: f["properties"]["WD24CD"])
    ]
    collection = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > LIMIT_BYTES:
        print(f"The simplified file would be {len(text) // 1024} KB, over the 300 KB limit.", file=sys.stderr)
        return 1
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"Wrote {len(features)} wards to {OUT.name} ({len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
