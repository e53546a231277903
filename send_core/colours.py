"""The colours charts use, stated once: the series palette, targets, comparators (GOV.UK and
DfE analytical colours, each at least 3:1 against white), and the ratings' fills; and how
wide a legend's labels may be."""

from .rag import AMBER, BLUE, GREEN, RED

PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
TARGET_COLOUR = "#00703c"
COMPARATOR_COLOURS = {"England": "#3D3D3D", "Statistical neighbours": "#801650", "Region": "#F46A25"}
# Each series of a KPI's chart, as the report's figures and the board pack's native charts draw it.
SERIES_COLOURS = {"Actual": PALETTE[0], "Target": TARGET_COLOUR, **COMPARATOR_COLOURS}
# The locality bar chart: the chosen locality in the palette's dark blue, outlined; the others
# in a lighter blue, still 3:1 on white and 3:1 against the chosen bar, so it stands out.
CHOSEN_BAR_COLOUR, OTHER_BAR_COLOUR = PALETTE[0], "#5694ca"
# Light fills with dark text (each pair at least 4.5:1), so ratings read in print and on screen.
RATING_FILLS = {
    GREEN: ("#cce2d8", "#005a30"),
    AMBER: ("#fff7bf", "#594d00"),
    RED: ("#f4cdc6", "#942514"),
    BLUE: ("#bbd4ea", "#0c2d4a"),
}

# Pixels a legend label may take before it is cut with "…": Vega-Lite's own 160 cut "Target in
# force (dashed steps)" and "North, Early Years & Primary" at 1366 px. Every legend uses it.
LEGEND_LABEL_LIMIT = 260
