"""The colours charts use, stated once: the series palette, targets, comparators (GOV.UK and
DfE analytical colours, each at least 3:1 against white)."""

PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
TARGET_COLOUR = "#00703c"
COMPARATOR_COLOURS = {"England": "#3D3D3D", "Statistical neighbours": "#801650", "Region": "#F46A25"}
