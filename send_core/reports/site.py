"""The static site for the Local Offer: the live public snapshot as small, self-contained HTML
pages (the front page, a page for each part of each area of the plan, "About this data" and the
accessibility statement), with charts as
inline SVG, the same plain English and suppression as the public app, no scripts, and nothing
fetched from anywhere. A council uploads the folder to its Local Offer website; any static host
serves it to any number of families.

All text from uploads and plans is escaped; chart labels are escaped by the SVG renderer.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import Settings
from ..dataset import Dataset
from ..errors import StoreError
from ..filters import Filters
from ..glossary import GLOSSARY
from ..statements import Section, about_this_data, accessibility_statement, contact_text, reviewed_text
from ..suppression import hidden_numbers_sentence
from ..wording import RATING_COUNT_LABELS, format_value, rating_counts, rating_label
from .chart_data import chart_table
from .contents import ObjectiveSection, ReportContents, report_contents
from .html_report import escaped, objective_figures, rating_cell, table_html

PAGES = {"index.html": "Figures", "about.html": "About this data", "accessibility.html": "Accessibility"}

SITE_STYLE = """
html { font-family: Arial, Helvetica, sans-serif; font-size: 100%; color: #0b0c0c; line-height: 1.5; background: #fff; }
body { margin: 0; }
.skip { position: absolute; left: -9999px; } .skip:focus { position: static; display: block; padding: 0.5rem; background: #fd0; }
header.site { background: #0b0c0c; color: #fff; padding: 0.75rem 1rem; }
header.site p { margin: 0; font-weight: bold; font-size: 1.15rem; }
nav ul { list-style: none; margin: 0.5rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 1.25rem; }
nav a { color: #fff; } nav a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
a { color: #1d70b8; } a:focus, summary:focus { outline: 3px solid #fd0; background: #fd0; color: #0b0c0c; }
h1 { font-size: 2rem; margin: 0.5rem 0 1rem; } h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; } h3 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
.notice { border-left: 6px solid #1d70b8; background: #f3f2f1; padding: 0.75rem 1rem; margin: 0 0 1rem; }
.counts { display: flex; flex-wrap: wrap; gap: 0.75rem; list-style: none; padding: 0; }
.counts li { border: 1px solid #b1b4b6; padding: 0.5rem 0.75rem; }
.counts strong { display: block; font-size: 1.5rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1.5rem; font-size: 0.95rem; }
caption { text-align: left; font-weight: bold; padding: 0 0 0.25rem; }
th, td { border: 1px solid #b1b4b6; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; } td.number { text-align: right; white-space: nowrap; }
.rating { font-weight: bold; }
figure { margin: 0 0 1.5rem; } figure svg { max-width: 100%; height: auto; display: block; }
figcaption ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
dt { font-weight: bold; margin-top: 0.5rem; } dd { margin: 0 0 0 1rem; }
footer.site { border-top: 1px solid #b1b4b6; margin-top: 2rem; padding: 1rem; font-size: 0.9rem; }
.small { font-size: 0.9rem; color: #505a5f; }
"""


def _page(file_name: str, title: str, body: str, site_title: str, settings: Settings) -> str:
    """One page: skip link, site header with the three pages, main content, footer."""
    current = ' aria-current="page"'
    links = "".join(
        f"<li><a href='{name}'{current if name == file_name else ''}>{html.escape(label)}</a></li>"
        for name, label in PAGES.items()
    )
    footer = (
        f"<p>Questions about these figures or this page: {html.escape(contact_text(settings))}. "
        f"{html.escape(reviewed_text(settings))}</p>"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        # Nothing may be fetched from anywhere: no scripts, styles, fonts or images but these.
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline';"
        ' img-src data:">'
        f"<title>{html.escape(title)} - {html.escape(site_title)}</title><style>{SITE_STYLE}</style></head><body>"
        "<a class='skip' href='#content'>Skip to the content</a>"
        f"<header class='site'><p>{html.escape(site_title)}</p><nav aria-label='Pages'><ul>{links}</ul></nav></header>"
        f"<main id='content'><h1>{html.escape(title)}</h1>{body}</main>"
        f"<footer class='site'>{footer}</footer></body></html>"
    )


def _sections_html(sections: tuple[Section, ...]) -> str:
    parts = []
    for section in sections:
        parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        items = [p[2:] for p in section.paragraphs if p.startswith("- ")]
        if items:
            parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")
        parts.extend(f"<p>{html.escape(p)}</p>" for p in section.paragraphs if not p.startswith("- "))
    return "".join(parts)


def _latest_cell(record: dict) -> str:
    """The latest figure not hidden (its period is in the next column), or a dash for none."""
    value, unit = record["latest_value"], record["unit"]
    if pd.notna(value):
        return f"<td class='number'>{html.escape(format_value(float(value), unit))}</td>"
    return "<td class='number'>–</td>"


def _measures_table(kpis: pd.DataFrame, descriptions: dict[str, str]) -> str:
    rows = [
        [
            escaped(r["kpi_name"])
            + (
                f"<br><span class='small'>{escaped(descriptions[r['kpi_id']])}</span>"
                if descriptions.get(r["kpi_id"])
                else ""
            ),
            escaped(r["latest_period_text"]),
            _latest_cell(r),
            escaped(r["target_text"]) or "None set",
            rating_cell(r["rag"], rating_label(r["rag"])),
            escaped(r["variation_words"]),
        ]
        for r in kpis.to_dict("records")
    ]
    table = table_html(
        ["Measure", "Latest period", "Latest", "Target", "Rating", "Change over time"],
        rows,
        "Each measure's latest figure, its target, its rating and whether it has really changed.",
    )
    return f"<div class='table-wrap'>{table}</div>"


def _milestones_table(section: ObjectiveSection) -> str:
    if section.milestones.empty:
        return ""
    rows = [
        [
            escaped(r["kpi_name"]),
            escaped(r["milestone"]),
            escaped(r["target"]),
            escaped(r["actual"]) or "–",
            rating_cell(r["rag"], r["met"] or None),
        ]
        for r in section.milestones.to_dict("records")
    ]
    table = table_html(
        ["Measure", "Date", "Target", "Actual", "Met?"], rows, "The plan's targets for each date, and what happened."
    )
    return f"<h3>Targets for each date</h3><div class='table-wrap'>{table}</div>"


MEASURES_PER_PAGE = 16  # two figures of charts: a page a phone loads quickly (about 150 KB)


@dataclass(frozen=True)
class MeasuresPage:
    """One page of an objective's measures: its file, heading and the part of the section."""

    file_name: str
    heading: str
    section: ObjectiveSection
    part: int
    parts: int


def measures_pages(contents: ReportContents) -> list[MeasuresPage]:
    """Each objective's measures in pages of at most :data:`MEASURES_PER_PAGE`, in the
    plan's order, named ``measures-1.html``, ``measures-2.html``..."""
    pages = []
    for section in contents.sections:
        if section.kpis.empty:
            continue
        chunks = [section.kpis.iloc[i : i + MEASURES_PER_PAGE] for i in range(0, len(section.kpis), MEASURES_PER_PAGE)]
        for part, chunk in enumerate(chunks, start=1):
            names = set(chunk["kpi_name"])
            milestones = section.milestones
            if not milestones.empty:
                milestones = milestones[milestones["kpi_name"].isin(names)]
            pages.append(
                MeasuresPage(
                    f"measures-{len(pages) + 1}.html",
                    section.title or "Other measures",
                    dataclasses.replace(section, kpis=chunk, milestones=milestones),
                    part,
                    len(chunks),
                )
            )
    return pages


def _published_notice(contents: ReportContents, dataset: Dataset) -> str:
    threshold = dataset.suppression_threshold
    return (
        f"<p class='notice'>These figures were published{dataset.published_on_text}"
        + (f" (version {html.escape(dataset.published_version)})" if dataset.published_version else "")
        + f" and are up to {html.escape(contents.as_at_text)}. "
        + (f"{html.escape(hidden_numbers_sentence(threshold), quote=False)} " if threshold else "")
        + "<a href='about.html'>About this data</a> explains where they come from and how they are worked out.</p>"
    )


def figures_page(contents: ReportContents, dataset: Dataset, pages: list[MeasuresPage]) -> str:
    """The body of the front page: what it shows, when published, the ratings counted, and each
    area of the plan in a sentence or two with links to its measures' pages."""
    parts = [
        "<p>How each measure of the local area's SEND improvement work stands against its target, and which need "
        "attention.</p>",
        _published_notice(contents, dataset),
    ]
    counts = rating_counts(contents.summary["rag"])
    items = "".join(
        f"<li><strong>{counts[rating]}</strong>{html.escape(label)}</li>"
        for rating, label in RATING_COUNT_LABELS
        if counts[rating]
    )
    parts.append(f"<h2>Ratings at a glance</h2><ul class='counts'>{items}</ul><h2>Measures by area of the plan</h2>")
    for heading in dict.fromkeys(page.heading for page in pages):
        own = [page for page in pages if page.heading == heading]
        links = "".join(
            f"<li><a href='{page.file_name}'>{html.escape(_page_title(page))}</a>"
            f" ({len(page.section.kpis)} measure{'s' if len(page.section.kpis) != 1 else ''})</li>"
            for page in own
        )
        parts.append(f"<h3>{html.escape(heading)}</h3><p>{escaped(own[0].section.commentary)}</p><ul>{links}</ul>")
    return "".join(parts)


def _page_title(page: MeasuresPage) -> str:
    return page.heading + (f" (part {page.part} of {page.parts})" if page.parts > 1 else "")


def measures_page(page: MeasuresPage, contents: ReportContents, dataset: Dataset, charts: pd.DataFrame) -> str:
    """The body of one page of measures: the area's summary, its charts with their sentences,
    the measures' table and the plan's targets by date, and links to the pages beside it."""
    descriptions = dict(zip(dataset.catalogue["kpi_id"], dataset.catalogue.get("description", ""), strict=False))
    return (
        "<p><a href='index.html'>All areas of the plan</a></p>"
        + _published_notice(contents, dataset)
        + (f"<p>{escaped(page.section.commentary)}</p>" if page.part == 1 else "")
        + objective_figures(page.section, charts, contents)
        + _measures_table(page.section.kpis, descriptions)
        + _milestones_table(page.section)
    )


def site_pages(dataset: Dataset, settings: Settings, contents: ReportContents | None = None) -> dict[str, str]:
    """The site's pages, file name -> HTML, for a public ``dataset`` (a published public
    snapshot's): the front page, a page per :data:`MEASURES_PER_PAGE` measures of each area of
    the plan, "About this data" and the accessibility statement. ``contents`` may be given
    when already worked out."""
    if contents is None:
        contents = report_contents(dataset, Filters(), rules=settings.spc_rules())
    authority = dataset.authority
    site_title = f"{authority}: SEND improvement figures" if authority else "SEND improvement figures"
    glossary = "".join(
        f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>" for term, meaning in GLOSSARY.items()
    )
    pages = measures_pages(contents)
    charts = chart_table(contents.observations)
    written = {
        "index.html": _page(
            "index.html", "SEND improvement figures", figures_page(contents, dataset, pages), site_title, settings
        ),
        "about.html": _page(
            "about.html",
            "About this data",
            _sections_html(about_this_data(dataset, settings)) + f"<h2>What the words mean</h2><dl>{glossary}</dl>",
            site_title,
            settings,
        ),
        "accessibility.html": _page(
            "accessibility.html",
            "Accessibility statement",
            _sections_html(accessibility_statement(settings)[1:]),
            site_title,
            settings,
        ),
    }
    for page in pages:
        body = measures_page(page, contents, dataset, charts)
        written[page.file_name] = _page(page.file_name, _page_title(page), body, site_title, settings)
    return written


def write_site(dataset: Dataset, settings: Settings, out: Path) -> list[Path]:
    """Write the site's pages into the folder ``out`` (made if missing; other files in it are
    left alone). Raises :class:`StoreError` when ``dataset`` is not a published public one:
    the site must only ever carry what was published for the public."""
    if not dataset.published_version or dataset.suppression_threshold is None:
        raise StoreError(
            "Nothing has been published for the public yet, so there is no site to write. Publish for the public"
            " first (the Publish page, or `python -m send_core publish --audience public`)."
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in site_pages(dataset, settings).items():
        target = out / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
