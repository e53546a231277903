"""Chart images: Altair charts made into SVG and PNG with vl-convert (no browser, no network),
with a title, the authority, the as-at month and the source drawn into the image, and the
printable report's KPI panels."""

from __future__ import annotations

import copy
import functools
import textwrap
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert

from .. import chart_values  # noqa: F401  (makes Altair write chart data faster: see the module)
from ..axes import PERIOD_LABEL_EXPRESSIONS
from ..colours import LEGEND_LABEL_LIMIT, SERIES_COLOURS
from ..errors import ReportError
from ..model import COMPARATORS
from ..wording import FREQUENCY_STEPS

IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
IMAGE_WIDTH = 640  # chart units across a downloaded chart whose width follows the page
# Arial where the viewer has it; else the metric-compatible fonts Debian ships. A PNG is drawn
# with the fonts on the server (FONT_FOLDERS): with none, its text would be missing.
FONT = "Arial, Liberation Sans, DejaVu Sans, Helvetica, sans-serif"
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts")
PNG_SCALE = 2  # pixels per chart unit: sharp on a slide or in print
PANEL_WIDTH, PANEL_HEIGHT = 270, 95  # one KPI's panel in the report, in chart units
PANEL_COLUMNS = 2  # panels side by side
PANELS_PER_FIGURE = 8  # KPIs per report figure: about 16 cm of an A4 page, never split across pages
# (A figure's drawing has a fixed cost as well as one per panel: eight panels in one image take
# about two thirds of the time each that five do.)
PANEL_LINE = 44  # characters in a line of a panel's title; longer names wrap
SERIES_DASHES = {
    "Actual": [1, 0],
    "Target": [6, 3],
    "England": [2, 2],
    "Statistical neighbours": [2, 2],
    "Region": [2, 2],
}


def titled_chart(chart: alt.TopLevelMixin, *, title: str, authority: str, as_at: str, source: str) -> alt.TopLevelMixin:
    """``chart`` with a title, and a subtitle naming the authority, the month the data runs
    to and the source, so the image says what it is wherever it is pasted. Returns a copy."""
    if isinstance(chart, (alt.Chart, alt.LayerChart)) and chart.width in (alt.Undefined, "container"):
        chart = chart.properties(width=IMAGE_WIDTH)
    subtitle = [f"{authority} · data to {as_at}" if authority else f"Data to {as_at}", f"Source: {source}"]
    # What the chart says about itself on screen ("Axis does not start at zero ...") stays in.
    own = chart.title if isinstance(chart.title, alt.TitleParams) else None
    if own is not None and isinstance(own.subtitle, (list, tuple)):
        subtitle += [str(line) for line in own.subtitle]
    elif own is not None and isinstance(own.subtitle, str):
        subtitle.append(own.subtitle)
    return chart.properties(
        title=alt.TitleParams(
            text=title, subtitle=subtitle, anchor="start", fontSize=15, subtitleFontSize=11, subtitleColor="#505a5f"
        )
    ).configure(background="#ffffff", font=FONT)


@functools.cache
def _register_fonts() -> None:
    for folder in FONT_FOLDERS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)


def chart_image(chart: alt.TopLevelMixin, image_format: str) -> bytes:
    """The chart as ``png`` or ``svg`` bytes. Raises :class:`ReportError` when the chart
    cannot be drawn (vl-convert's message is kept for the log, not shown)."""
    if image_format not in IMAGE_FORMATS:
        raise ReportError(f"Chart images come as {' or '.join(IMAGE_FORMATS)}, not {image_format}.")
    spec = chart.to_dict()
    _register_fonts()
    try:
        if image_format == "svg":
            return vl_convert.vegalite_to_svg(spec).encode("utf-8")
        return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)
    except ValueError as error:
        raise ReportError("This chart could not be made into an image. Download its data as CSV instead.") from error


def panel_frame(
    charts: pd.DataFrame, names: dict[str, str], units: dict[str, str], cumulative: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """``chart_table`` rows as one long frame for :func:`report_figure`: ``panel`` (the KPI's
    name and unit, wrapped onto at most three lines), ``series`` (Actual, Target or a
    comparator), ``period``, ``value`` and ``stretch``: the year for a KPI in ``cumulative``
    (a running total's line breaks at each January, where it starts again), else 0."""
    long = charts.melt(id_vars=["kpi_id", "period"], value_vars=["actual", "target", *COMPARATORS], var_name="series")
    long = long[long["value"].notna()]
    long["series"] = long["series"].map({"actual": "Actual", "target": "Target"}).fillna(long["series"])
    suffix = {"percent": " (%)", "weeks": " (weeks)", "days": " (days)", "currency": " (£)"}
    titles = {
        k: "\n".join(textwrap.wrap(f"{names.get(k, k)}{suffix.get(units.get(k, ''), '')}", PANEL_LINE)[:3])
        for k in long["kpi_id"].unique()
    }
    long["panel"] = long["kpi_id"].map(titles)
    long["stretch"] = long["period"].dt.year.where(long["kpi_id"].isin(cumulative), 0)
    return long


def report_figure(panels: pd.DataFrame, order: list[str], frequency: str = "month") -> dict:
    """One figure of the printable report, as a Vega-Lite spec: a panel per KPI (``order``
    gives the panels' names top to bottom), each with its actuals, the target in force as
    steps, and the comparators' latest values as dotted lines, on its own y scale and one
    shared time axis. A faceted chart draws several KPIs in one image, far faster than one
    image each; the chart is built once and only its data and order change per figure. The
    panels share one ``frequency``: the axis is labelled as its periods are written."""
    spec = copy.deepcopy(_figure_template())
    if "stretch" not in panels:
        panels = panels.assign(stretch=0)
    records = panels.assign(period=panels["period"].dt.strftime("%Y-%m-%d"))[
        ["panel", "series", "period", "value", "stretch"]
    ]
    spec["data"] = {"values": records.to_dict("records")}
    spec["facet"]["sort"] = list(order)
    # A tick a month for a year or less, then every quarter, half-year or year: never two
    # ticks with the same month's label.
    months = (panels["period"].max() - panels["period"].min()).days / 30.4 if len(panels) else 0
    step = 1 if months <= 12 else 3 if months <= 36 else 6 if months <= 72 else 12
    for layer in spec["spec"]["layer"]:
        axis = layer["encoding"]["x"]["axis"]
        if frequency in PERIOD_LABEL_EXPRESSIONS:
            axis["labelExpr"] = PERIOD_LABEL_EXPRESSIONS[frequency]
            axis["tickCount"] = {"interval": "month", "step": max(step, FREQUENCY_STEPS[frequency][1])}
        else:
            axis["tickCount"] = {"interval": "month", "step": step}
    # The legend names only the lines this figure draws.
    present = set(panels["series"])
    spec["spec"]["layer"][0]["encoding"]["color"]["legend"]["values"] = [
        name for name in SERIES_COLOURS if name in present
    ]
    return spec


@functools.cache
def _figure_template() -> dict:
    domain = ["Actual", "Target", *COMPARATORS]
    base = alt.Chart().encode(
        x=alt.X("period:T", title=None, axis=alt.Axis(format="%b %Y", labelFontSize=9)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(labelFontSize=9, format=",~r")),
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[SERIES_COLOURS[name] for name in domain]),
            legend=alt.Legend(orient="bottom", labelFontSize=10, labelLimit=LEGEND_LABEL_LIMIT),
        ),
        strokeDash=alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=domain, range=[SERIES_DASHES[name] for name in domain]), legend=None
        ),
    )
    lines = (
        base.mark_line(strokeWidth=1.5)
        .encode(detail=alt.Detail("stretch:N"))
        .transform_filter(alt.datum.series != "Target")
    )
    steps = base.mark_line(strokeWidth=1.5, interpolate="step-after").transform_filter(alt.datum.series == "Target")
    points = base.mark_point(filled=True, size=18).transform_filter(alt.datum.series == "Actual")
    chart = (
        alt.layer(lines, steps, points, data=alt.Data(name="panels"))
        .properties(width=PANEL_WIDTH, height=PANEL_HEIGHT)
        .facet(
            facet=alt.Facet(
                "panel:N",
                title=None,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelAnchor="start",
                    labelOrient="top",
                    labelFontSize=10,
                    labelFontWeight="bold",
                    labelLimit=PANEL_WIDTH,
                    labelExpr="split(datum.value, '\\n')",
                ),
            ),
            columns=PANEL_COLUMNS,
        )
        # An x scale per panel would double the drawing time; the panels share one.
        .resolve_scale(y="independent")
        .configure(background="#ffffff", font=FONT)
        .configure_view(stroke="#b1b4b6")
    )
    return chart.to_dict()


def figure_svg(spec: dict) -> str:
    """A report figure's spec as SVG text (vl-convert escapes every label it draws)."""
    try:
        return vl_convert.vegalite_to_svg(spec)
    except ValueError as error:
        raise ReportError("A chart in the report could not be drawn.") from error
