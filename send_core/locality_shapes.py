"""Shapes for the locality map, worked out from ward boundaries: each locality's outer edge (to
outline the chosen one and to draw every locality's border over its wards), where to write each
locality's name, and a view that fits every ward in the map's box, so nothing is clipped.

Plain geometry in longitude / latitude, no GIS library: wards from the same ONS file share their
edges point for point, so an edge two wards of one locality both use is inside the locality,
and every other edge is on its border.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from .localities import LocalityConfig

Point = tuple[float, float]
Segment = tuple[Point, Point]
# deck.gl's Web Mercator: at zoom 0 the whole world is one 512-pixel tile.
TILE_PIXELS = 512
MAP_MARGIN = 0.9  # of the box the wards may fill, leaving room for names at the edges


def _rings(geometry: dict) -> Iterator[list[list[float]]]:
    """Every ring (outer edges and holes) of a Polygon or MultiPolygon."""
    if geometry.get("type") == "Polygon":
        yield from geometry.get("coordinates") or []
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry.get("coordinates") or []:
            yield from polygon


def _segments(ring: list[list[float]]) -> Iterator[Segment]:
    points = [(round(float(p[0]), 6), round(float(p[1]), 6)) for p in ring]
    for start, end in zip(points, points[1:], strict=False):
        if start != end:
            yield (start, end)


def border_segments(geometries: list[dict]) -> list[Segment]:
    """The edges of the area the ``geometries`` make together: every ring's segments, less
    those two of them share (inside the area). Each segment is a pair of (longitude,
    latitude) points; an empty list for no geometries."""
    uses = Counter(
        frozenset(segment) for geometry in geometries for ring in _rings(geometry) for segment in _segments(ring)
    )
    return [tuple(sorted(pair)) for pair, count in uses.items() if count == 1 and len(pair) == 2]


def ring_centroid(ring: list[list[float]]) -> tuple[float, Point]:
    """A ring's area (in square degrees, signed by its direction) and centroid, by the shoelace
    formula; a ring with no area gives 0 and the mean of its points."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if area == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, (sum(xs) / max(1, len(xs)), sum(ys) / max(1, len(ys)))
    return area / 2, (cx / (3 * area), cy / (3 * area))


def label_position(geometries: list[dict]) -> Point | None:
    """Where to write an area's name: the centroid of its outer rings, weighted by their area
    (holes ignored); None for no geometry."""
    total = x = y = 0.0
    for geometry in geometries:
        polygons = (
            [geometry["coordinates"]]
            if geometry.get("type") == "Polygon"
            else geometry.get("coordinates") or []
            if geometry.get("type") == "MultiPolygon"
            else []
        )
        for polygon in polygons:
            if not polygon:
                continue
            area, (cx, cy) = ring_centroid(polygon[0])
            weight = abs(area)
            total += weight
            x += cx * weight
            y += cy * weight
    if total == 0:
        return None
    return (x / total, y / total)


def locality_geometries(config: LocalityConfig, features: dict[str, dict]) -> dict[str, list[dict]]:
    """Each configured locality's ward geometries found in ``features`` (by ward code);
    a locality none of whose wards is there is left out."""
    result = {}
    for locality in config.localities:
        found = [features[code]["geometry"] for code in locality.wards if code in features]
        if found:
            result[locality.name] = found
    return result


def _mercator_y(latitude: float) -> float:
    clipped = max(-85.0, min(85.0, latitude))
    return math.log(math.tan(math.pi / 4 + math.radians(clipped) / 2))


def fitted_view(geometries: list[dict], width: int, height: int) -> tuple[float, float, float]:
    """The (longitude, latitude, zoom) at which every ring of ``geometries`` fits inside a map
    ``width`` x ``height`` pixels, with a margin: the centre of their bounding box and the
    largest zoom that fits both its width and its height in Web Mercator. A single point, or
    nothing, gives zoom 10."""
    longitudes = [p[0] for g in geometries for ring in _rings(g) for p in ring]
    latitudes = [p[1] for g in geometries for ring in _rings(g) for p in ring]
    if not longitudes:
        return (0.0, 0.0, 1.0)
    west, east, south, north = min(longitudes), max(longitudes), min(latitudes), max(latitudes)
    centre_y = (_mercator_y(south) + _mercator_y(north)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    longitude = (west + east) / 2
    span_x = math.radians(east - west)  # Mercator x is longitude in radians
    span_y = _mercator_y(north) - _mercator_y(south)
    if span_x <= 0 and span_y <= 0:
        return (longitude, latitude, 10.0)
    world = TILE_PIXELS / (2 * math.pi)  # pixels per Mercator unit at zoom 0
    zooms = []
    if span_x > 0:
        zooms.append(math.log2(width * MAP_MARGIN / (span_x * world)))
    if span_y > 0:
        zooms.append(math.log2(height * MAP_MARGIN / (span_y * world)))
    return (longitude, latitude, round(min(zooms), 2))
