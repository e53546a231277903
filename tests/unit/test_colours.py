"""The charts' colours: each readable on white (3:1 or more, WCAG's contrast for graphics)."""

from __future__ import annotations

import pytest

from send_core.colours import (
    CHOSEN_BAR_COLOUR,
    COMPARATOR_COLOURS,
    OTHER_BAR_COLOUR,
    PALETTE,
    RATING_FILLS,
    SERIES_COLOURS,
    TARGET_COLOUR,
)


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", [*PALETTE, TARGET_COLOUR, *COMPARATOR_COLOURS.values(), OTHER_BAR_COLOUR])
def test_every_chart_colour_has_three_to_one_contrast_on_white(colour):
    assert (1.05 / (luminance(colour) + 0.05)) >= 3


def test_the_chosen_localitys_bar_stands_out_from_the_others_at_three_to_one():
    lighter, darker = sorted((luminance(OTHER_BAR_COLOUR), luminance(CHOSEN_BAR_COLOUR)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 3


@pytest.mark.parametrize("rating", sorted(RATING_FILLS))
def test_each_rating_fill_keeps_its_text_at_four_and_a_half_to_one(rating):
    fill, ink = RATING_FILLS[rating]
    lighter, darker = sorted((luminance(fill), luminance(ink)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5


def test_each_series_has_one_colour_the_report_and_the_pack_share():
    assert {
        "Actual": PALETTE[0],
        "Target": TARGET_COLOUR,
        "England": COMPARATOR_COLOURS["England"],
        "Statistical neighbours": COMPARATOR_COLOURS["Statistical neighbours"],
        "Region": COMPARATOR_COLOURS["Region"],
    } == SERIES_COLOURS
