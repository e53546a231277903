"""The printable report, read back with an HTML parser: self-contained (no scripts, nothing
fetched), every upload text escaped, one section per objective with its charts and the
one-sentence summaries, laid out for A4."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from send_core.filters import Filters
from send_core.reports import report_contents
from send_core.reports.html_report import css_string, report_html
from tests.unit.report_helpers import FORMULA_NAME, LONG_NAME, small_dataset


class Outline(HTMLParser):
    """The tags, attributes and text of a document, and which tags hold which headings."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._heading: str | None = None
        self.sections = 0
        self.svg_per_section: list[int] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3"):
            self._heading, self._heading_text = tag, ""
        if tag == "section":
            self.svg_per_section.append(0)
        if tag == "svg" and self.svg_per_section:
            self.svg_per_section[-1] += 1

    def handle_endtag(self, tag):
        if tag == self._heading:
            self.headings.append((tag, self._heading_text))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading:
            self._heading_text += data


@pytest.fixture(scope="module")
def document():
    return report_html(report_contents(small_dataset(), Filters()))


@pytest.fixture(scope="module")
def outline(document):
    parser = Outline()
    parser.feed(document)
    return parser


def test_nothing_is_fetched_and_nothing_runs(outline, document):
    tags = {tag for tag, _ in outline.tags}
    assert not tags & {"script", "iframe", "link", "img", "object", "embed"}
    for _, attributes in outline.tags:
        for name, value in attributes.items():
            assert not name.startswith("on"), name
            if name in ("src", "href", "xlink:href"):
                assert not re.match(r"(?i)\s*(https?:|//|javascript:)", value or ""), value
    assert "@import" not in document and "url(" not in document


def test_the_outline_cover_exceptions_objectives_risks_glossary(outline):
    assert outline.headings[0] == ("h1", "Anytown SEND improvement report")
    assert [text for tag, text in outline.headings if tag == "h2"] == [
        "Headline exceptions",
        "O1 Timeliness",
        "O2 =cmd|' /C calc'!A0",
        "KPIs not in the plan",
        "What the words mean",
    ]
    # Objective O1 (two KPIs with values) and the KPIs not in the plan (two) have one figure each;
    # O2 has no KPI. The cover and exceptions have none.
    assert outline.svg_per_section[1:4] == [1, 0, 1]


def test_upload_text_is_escaped_everywhere(document, outline):
    text = "".join(outline.text)
    assert FORMULA_NAME in text and LONG_NAME.strip() in text
    assert "Number of complaints was 115 in March 2024, up from 110 in February 2024." in text


def test_each_chart_has_its_one_sentence_summary(outline):
    text = "".join(outline.text)
    assert "% of plans issued within 20 weeks: up from 50% to 58% over 2 months (Jan 2024 to Mar 2024)" in text
    assert "Number of complaints: down from 120 to 115 over 2 months" in text


def test_a_script_in_a_name_is_shown_not_run():
    from send_core.dataset import build_dataset
    from send_core.reading import read_scorecard

    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    csv = f'kpi_id,kpi_name,measure,period,value,unit\nK9,"{evil}",actual,2024-01,5,count\nK9,"{evil}",actual,2024-02,6,count\n'
    dataset = build_dataset([read_scorecard(csv.encode(), filename="evil.csv")], None)
    document = report_html(report_contents(dataset, Filters(), local_authority="</style><script>x()</script>"))
    parser = Outline()
    parser.feed(document)
    assert not {tag for tag, _ in parser.tags} & {"script", "img"}
    assert evil in "".join(parser.text)


def test_printing_a4_each_objective_on_a_new_page(document):
    assert "@page { size: A4" in document
    assert "section { break-before: page; }" in document
    assert "tr, li, .exception, figure svg { break-inside: avoid; }" in document
    assert "thead { display: table-header-group; }" in document
    assert 'content: "Anytown SEND improvement report, data to March 2024"' in document


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anytown", '"Anytown"'),
        ('a"b', '"a\\22 b"'),
        ("</style>", '"\\3c /style\\3e "'),
        ("a\\b\nc", '"a\\5c b\\a c"'),
    ],
)
def test_css_strings_cannot_end_the_string_or_the_style(text, expected):
    assert css_string(text) == expected


def test_the_cover_says_when_each_file_was_read_as_people_write_it(document):
    # "8 Dec 2026, 01:01 UTC", not "2026-12-08T01:01:23Z".
    assert re.search(r"<td>\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC</td>", document)
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", document)


def test_the_risk_register_s_dates_are_written_as_every_other_date():
    from send_core.config import load_settings
    from send_core.dataset import load_sample_dataset

    # The sample plan's first risk is dated "28/09/2021": the report showed "2021-09-28".
    document = report_html(report_contents(load_sample_dataset(load_settings()), Filters(objective="GBR")))
    risks = document.split("<h2>Risks</h2>", 1)[1]
    assert "<td>28 Sep 2021</td>" in risks and "2021-09-28" not in risks
