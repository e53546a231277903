"""The printable report: one self-contained HTML file (charts as inline SVG, styles inline, no
scripts, nothing fetched from anywhere), laid out for A4: a cover, the headline exceptions,
one section per objective starting on a new page (commentary, charts with their one-sentence
summaries, the KPI table, milestones and actions), then the risks and a glossary.

All text from uploads and plans is escaped; chart labels are escaped by the SVG renderer.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

import pandas as pd

from ..charts import summary_sentence
from ..colours import RATING_FILLS
from ..rag import AMBER, BLUE, GREEN, RED
from ..tables import cell_text
from ..wording import format_value, rating_label, timestamp_text
from .chart_data import chart_table
from .contents import SAMPLE_FACT, SAMPLE_WARNING, ObjectiveSection, ReportContents, cover_facts
from .images import PANELS_PER_FIGURE, figure_svg, panel_frame, report_figure

STYLE = """
html { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #0b0c0c; line-height: 1.35; }
body { max-width: 186mm; margin: 0 auto; padding: 0 4mm; }
h1 { font-size: 22pt; margin: 0 0 4mm; } h2 { font-size: 15pt; margin: 0 0 3mm; } h3 { font-size: 11.5pt; margin: 4mm 0 1mm; }
p { margin: 0 0 2.5mm; }
.cover dl { display: grid; grid-template-columns: 45mm 1fr; gap: 1.5mm 4mm; margin: 0 0 6mm; }
.cover dt { font-weight: bold; } .cover dd { margin: 0; }
.warning { border-left: 5px solid #942514; padding: 2mm 3mm; font-weight: bold; color: #942514; margin: 0 0 5mm; }
section { break-before: page; }
table { border-collapse: collapse; width: 100%; margin: 0 0 4mm; font-size: 8.5pt; table-layout: auto; }
thead { display: table-header-group; }
tr, li, .exception, figure svg { break-inside: avoid; }
th, td { border: 1px solid #b1b4b6; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { hyphens: manual; word-break: keep-all; }
th { background: #f3f2f1; }
td.number { text-align: right; white-space: nowrap; }
.rating { font-weight: bold; }
figure { margin: 0 0 4mm; } figure svg { max-width: 100%; height: auto; display: block; }
figcaption ul { margin: 1mm 0 0; padding-left: 5mm; font-size: 9pt; }
.checksum { font-family: monospace; font-size: 7.5pt; width: 40%; word-break: break-all; }
.nowrap { white-space: nowrap; }
.small { font-size: 9pt; color: #505a5f; }
"""


def escaped(value: object) -> str:
    """``value`` as HTML text: escaped, and "" for None, NaN and NaT."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    return html.escape(str(value))


def table_html(headings: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "") -> str:
    """A table from already-escaped cells (a cell may carry its own ``<td ...>``)."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headings)
    body = "".join(
        "<tr>" + "".join(cell if cell.startswith("<td") else f"<td>{cell}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    caption_html = f"<caption class='small'>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def rating_cell(rating: object, words: str | None = None) -> str:
    """A table cell in the rating's fill (contrast-checked), written in words, not colour alone."""
    fill, ink = RATING_FILLS.get(rating, ("#ffffff", "#0b0c0c"))
    shown = (
        words
        if words is not None
        else (rating_label(rating) if rating in (GREEN, AMBER, RED, BLUE) else escaped(rating))
    )
    return f'<td class="rating" style="background:{fill};color:{ink}">{html.escape(str(shown))}</td>'


def _number(value: object, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return '<td class="number"></td>'
    return f'<td class="number">{html.escape(format_value(float(value), unit))}</td>'


def _cover(contents: ReportContents) -> str:
    facts = [fact for fact in cover_facts(contents) if fact[0] != SAMPLE_FACT]
    listing = "".join(f"<dt>{html.escape(label)}</dt><dd>{escaped(value)}</dd>" for label, value in facts)
    warning = f"<p class='warning'>Sample data: {html.escape(SAMPLE_WARNING)}</p>" if contents.is_sample else ""
    sources = table_html(
        ["File", "What it is", "Read at", "SHA-256 checksum"],
        (
            [
                escaped(s.name),
                escaped(s.kind),
                escaped(timestamp_text(s.read_at)),
                f"<td class='checksum'>{escaped(s.checksum)}</td>",
            ]
            for s in contents.sources
        ),
        "The files these figures come from.",
    )
    title = f"{contents.authority} SEND improvement report" if contents.authority else "SEND improvement report"
    return f"<header class='cover'><h1>{html.escape(title)}</h1>{warning}<dl>{listing}</dl>{sources}</header>"


def _exceptions(contents: ReportContents) -> str:
    flagged = contents.exceptions
    if flagged.empty:
        return "<section><h2>Headline exceptions</h2><p>No KPI is off target, getting worse beyond chance, failing its target or behind every comparator.</p></section>"
    parts = [
        "<section><h2>Headline exceptions</h2>",
        f"<p>{len(flagged)} KPI{'s' if len(flagged) != 1 else ''} a board should look at, most reasons first.</p>",
    ]
    for row in flagged.itertuples():
        parts.append(
            f"<div class='exception'><h3>{escaped(row.kpi_name)}</h3>"
            f"<p class='small'>Why it is here: {escaped(row.reasons)}.</p><p>{escaped(row.commentary)}</p></div>"
        )
    parts.append("</section>")
    return "".join(parts)


def _kpi_table(kpis: pd.DataFrame) -> str:
    rows = []
    for record in kpis.to_dict("records"):
        unit = record["unit"]
        rows.append(
            [
                escaped(record["kpi_name"]),
                escaped(record["latest_period_text"]),
                _number(record["latest_value"], unit),
                escaped(record["target_text"]),
                rating_cell(record["rag"]),
                escaped(record["variation_words"]),
                escaped(record["assurance_words"]),
                _number(record["england"], unit),
            ]
        )
    return table_html(
        ["KPI", "Latest period", "Latest", "Target", "Rating", "Variation (SPC)", "Assurance (SPC)", "England"],
        rows,
        "Each KPI's latest value, target, rating and SPC.",
    )


def objective_figures(section: ObjectiveSection, charts: pd.DataFrame, contents: ReportContents) -> str:
    """An objective's charts as inline SVG figures, each with its KPIs' one-sentence summaries."""
    kpis = section.kpis
    wanted = charts[charts["kpi_id"].isin(set(kpis["kpi_id"]))]
    if wanted.empty:
        return ""
    names = dict(zip(kpis["kpi_id"], kpis["kpi_name"], strict=True))
    units = dict(zip(kpis["kpi_id"], kpis["unit"], strict=True))
    running_totals = frozenset(kpis.loc[kpis["cumulative"].astype(bool), "kpi_id"])
    panels = panel_frame(wanted, names, units, running_totals)
    by_kpi = kpis.set_index("kpi_id")
    # Figures of one frequency each (its axis is labelled as its periods are written): the
    # KPIs in their order, grouped by frequency.
    frequency_of = wanted.drop_duplicates("kpi_id").set_index("kpi_id")["frequency"].fillna("month").to_dict()
    ids = list(frequency_of)  # the KPIs in their order; the figures group them by frequency below
    # Each KPI's rows, split once: the summary sentence then looks at a handful of rows.
    observations = contents.observations
    rows_of = dict(tuple(observations[observations["kpi_id"].isin(set(ids))].groupby("kpi_id", sort=False)))
    recalculations = contents.recalculations
    parts = []
    groups = [
        same[start : start + PANELS_PER_FIGURE]
        for frequency in dict.fromkeys(frequency_of.values())
        for same in [[k for k in ids if frequency_of[k] == frequency]]
        for start in range(0, len(same), PANELS_PER_FIGURE)
    ]
    for group in groups:
        frame = panels[panels["kpi_id"].isin(group)]
        order = list(dict.fromkeys(frame.set_index("kpi_id").loc[group, "panel"]))
        svg = figure_svg(report_figure(frame.drop(columns="kpi_id"), order, frequency_of[group[0]]))
        sentences = "".join(
            "<li>"
            + escaped(
                summary_sentence(
                    rows_of[kpi_id],
                    kpi_id,
                    by_kpi.at[kpi_id, "unit"],
                    by_kpi.at[kpi_id, "kpi_name"],
                    good_direction=by_kpi.at[kpi_id, "good_direction"],
                    cumulative=bool(by_kpi.at[kpi_id, "cumulative"]),
                    rules=contents.rules,
                    recalculate_at=recalculations.get(kpi_id, ()),
                )
            )
            + "</li>"
            for kpi_id in group
        )
        label = html.escape("Charts of " + "; ".join(names.get(k, k) for k in group), quote=True)
        parts.append(
            f"<figure role='group' aria-label=\"{label}\">{svg}<figcaption><ul>{sentences}</ul></figcaption></figure>"
        )
    return "".join(parts)


def _milestones(section: ObjectiveSection) -> str:
    if section.milestones.empty:
        return ""
    rows = [
        [
            escaped(r["kpi_name"]),
            escaped(r["baseline"]),
            escaped(r["milestone"]),
            escaped(r["target"]),
            escaped(r["actual"]),
            rating_cell(r["rag"], r["met"] or None),
        ]
        for r in section.milestones.to_dict("records")
    ]
    return "<h3>Milestones against actuals</h3>" + table_html(
        ["KPI", "Baseline", "Milestone", "Target", "Actual", "Met?"], rows
    )


def _actions(actions: pd.DataFrame) -> str:
    if actions.empty:
        return ""
    rows = [
        [
            escaped(r["action_id"]),
            escaped(r["title"]),
            escaped(r["owner"]),
            rating_cell(r["rag"], r["status"]),
            escaped(r["next_milestone"]),
            escaped(r["next_due"]),
            f"<td class='number'>{int(r['days_overdue'])}</td>",
        ]
        for r in actions.to_dict("records")
    ]
    return "<h3>Actions</h3>" + table_html(
        ["Action", "Title", "Owner (role)", "Status", "Next milestone", "Next due", "Days overdue"], rows
    )


def _section(section: ObjectiveSection, charts: pd.DataFrame, contents: ReportContents) -> str:
    heading = f"{section.objective_id} {section.title}".strip()
    return (
        f"<section><h2>{html.escape(heading)}</h2><p>{escaped(section.commentary)}</p>"
        + objective_figures(section, charts, contents)
        + ("<h3>KPIs</h3>" + _kpi_table(section.kpis) if not section.kpis.empty else "")
        + _milestones(section)
        + _actions(section.actions)
        + "</section>"
    )


def _risks(contents: ReportContents) -> str:
    if contents.risks.empty:
        return ""
    rows = [
        [
            escaped(cell_text(r.get("Date"))),
            escaped(r.get("Risk")),
            escaped(r.get("Severity")),
            escaped(r.get("Mitigation")),
            escaped(r.get("Progress")),
        ]
        for r in contents.risks.to_dict("records")
    ]
    return (
        "<section><h2>Risks</h2>"
        + table_html(["Date", "Risk", "Severity", "Mitigation", "Progress"], rows)
        + "</section>"
    )


def _glossary(contents: ReportContents) -> str:
    items = "".join(
        f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>" for term, meaning in contents.glossary
    )
    return f"<section class='glossary'><h2>What the words mean</h2><dl>{items}</dl></section>"


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string, the rule or the style
    element: quotes, backslashes, line breaks and ``<`` are written as CSS escapes."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>\n\r' or ord(c) < 32 else c for c in text)
    return f'"{escaped}"'


def report_html(contents: ReportContents) -> str:
    """The printable report as one HTML document. Never changes ``contents``."""
    charts = chart_table(contents.observations)
    footer = f"{contents.authority} SEND improvement report, data to {contents.as_at_text}".strip()
    page = (
        "@page { size: A4; margin: 14mm 12mm 16mm 12mm;"
        f" @bottom-left {{ content: {css_string(footer)}; font: 8pt Arial, sans-serif; color: #505a5f; }}"
        ' @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif;'
        " color: #505a5f; } }"
    )
    title = html.escape(footer)
    body = (
        _cover(contents)
        + _exceptions(contents)
        + "".join(_section(s, charts, contents) for s in contents.sections)
        + _risks(contents)
        + _glossary(contents)
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{page}{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )
