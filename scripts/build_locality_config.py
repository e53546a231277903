"""Write an ILLUSTRATIVE ward-to-locality grouping for Birmingham into config/localities.yaml.

No public source maps Birmingham's wards to its SEND locality teams. This script makes a
stand-in so the sample map has something to draw: each ward goes to North, South, East or West
by the compass direction of its centre from the city centre. Run by hand, once; needs the ONS
ward boundaries in ../shared/data (not shipped with the project).

    python scripts/build_locality_config.py
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARDS = ROOT.parent / "shared" / "data" / "birmingham_wards_may2024_bsc.geojson"
CITY_CENTRE = (-1.8998, 52.4797)  # longitude, latitude: Victoria Square


def centre(geometry: dict) -> tuple[float, float]:
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [p[0] for p in geometry["coordinates"]]
    points = [point for ring in rings for point in ring]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def main() -> int:
    if not WARDS.exists():
        print(f"{WARDS} is not here; nothing written.", file=sys.stderr)
        return 1
    features = json.loads(WARDS.read_text())["features"]
    groups: dict[str, list[str]] = {"North": [], "South": [], "East": [], "West": []}
    for feature in features:
        lon, lat = centre(feature["geometry"])
        # Degrees of longitude are shorter than degrees of latitude at 52.5 degrees north.
        angle = math.degrees(math.atan2(lat - CITY_CENTRE[1], (lon - CITY_CENTRE[0]) * math.cos(math.radians(52.5))))
        name = (
            "East"
            if -45 <= angle < 45
            else "North"
            if 45 <= angle < 135
            else "South"
            if -135 <= angle < -45
            else "West"
        )
        groups[name].append(feature["properties"]["WD24CD"])
    centres = {
        "North": [-1.8650, 52.5400],
        "South": [-1.9350, 52.4200],
        "East": [-1.8050, 52.4800],
        "West": [-1.9600, 52.4900],
    }
    lines = [
        '# Localities and pods used by the filters and the locality map. README.md, "Localities", explains each key.',
        "#",
        "# ILLUSTRATIVE: no public source maps Birmingham's wards to its SEND locality teams (North,",
        "# South, East, West; allocated by postcode). The wards below are grouped by the compass",
        "# direction of each ward's centre from the city centre (scripts/build_locality_config.py),",
        "# only so that the sample map has something to draw. Replace them with your authority's",
        "# own allocation.",
        "illustrative: true",
        "local_authority: Birmingham",
        "localities:",
    ]
    for name, codes in groups.items():
        lines.append(f"  - name: {name}")
        lines.append(f"    centre: [{centres[name][0]:.4f}, {centres[name][1]:.4f}]   # longitude, latitude")
        lines.append("    wards: [" + ", ".join(sorted(codes)) + "]")
    lines += [
        "# Pods: groups of phases, as BCP's SEND service is organised. They appear in the phase filter.",
        "pods:",
        "  - name: Early Years & Primary",
        "    phases: [Early years, Primary]",
        "  - name: Secondary",
        "    phases: [Secondary]",
        "  - name: Post-16",
        "    phases: [Post-16]",
    ]
    (ROOT / "config" / "localities.yaml").write_text("\n".join(lines) + "\n")
    print({name: len(codes) for name, codes in groups.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
