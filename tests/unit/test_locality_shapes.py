"""The locality map's shapes: borders from shared ward edges, label positions, fitted views."""

import math

import pytest

from send_core.locality_shapes import border_segments, fitted_view, label_position, ring_centroid


def square(west, south, size=1.0):
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
        ],
    }


def test_the_edge_two_wards_share_is_inside_their_locality():
    # Two unit squares side by side: 8 edges, 1 shared (x = 1 from y 0 to 1): 6 on the border.
    left, right = square(0, 0), square(1, 0)
    border = border_segments([left, right])
    assert len(border) == 6
    assert ((1.0, 0.0), (1.0, 1.0)) not in border
    assert ((0.0, 0.0), (1.0, 0.0)) in border
    # One ward alone: its four edges.
    assert len(border_segments([left])) == 4
    assert border_segments([]) == []


@pytest.mark.parametrize(
    ("ring", "area", "centre"),
    [
        # A 2 x 1 rectangle anticlockwise: area 2, centre (1, 0.5).
        ([[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]], 2.0, (1.0, 0.5)),
        # The same clockwise: the area's sign flips, the centre does not.
        ([[0, 0], [0, 1], [2, 1], [2, 0], [0, 0]], -2.0, (1.0, 0.5)),
        # A right triangle (0,0) (3,0) (0,3): area 4.5, centroid (1, 1).
        ([[0, 0], [3, 0], [0, 3], [0, 0]], 4.5, (1.0, 1.0)),
    ],
)
def test_a_ring_s_area_and_centroid(ring, area, centre):
    found_area, found_centre = ring_centroid(ring)
    assert found_area == pytest.approx(area)
    assert found_centre == pytest.approx(centre)


def test_a_locality_s_name_goes_at_its_area_weighted_centre():
    # A 2x2 square centred (1, 1) and a 1x1 square centred (3.5, 0.5): weights 4 and 1.
    position = label_position([square(0, 0, 2), square(3, 0, 1)])
    assert position == pytest.approx(((4 * 1 + 1 * 3.5) / 5, (4 * 1 + 1 * 0.5) / 5))
    assert label_position([]) is None


def test_the_view_fits_every_ward_in_the_box():
    # Birmingham is about 0.33 degrees wide and 0.25 high around (-1.87, 52.48).
    wards = [square(-2.03, 52.38, 0.33)]
    longitude, latitude, zoom = fitted_view(wards, 700, 460)
    assert longitude == pytest.approx(-1.865) and 52.5 < latitude < 52.6
    # At that zoom the square's height in pixels (Web Mercator, 512-pixel world) is within 90% of 460.
    world = 512 * 2**zoom / (2 * math.pi)

    def mercator(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    height = (mercator(52.71) - mercator(52.38)) * world
    width = math.radians(0.33) * world
    assert height <= 460 * 0.9 + 1 and width <= 700 * 0.9 + 1
    assert max(height / (460 * 0.9), width / (700 * 0.9)) == pytest.approx(1, abs=0.01)
    assert fitted_view([], 700, 460) == (0.0, 0.0, 1.0)
