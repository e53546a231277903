"""The Excel board pack, written with XlsxWriter: a cover, exceptions, a KPI summary with
ratings and sparklines, one sheet per objective with its commentary, milestone-vs-actual
table and a native chart per KPI, actions, risks, the tidy data and a glossary.

Every sheet has human headings, a frozen header row, filters, set column widths and one
date format, and prints landscape, fit to the page width, with the header row repeated and
a footer naming the authority, the as-at month and the page. Text from uploads is written
as text, never as a formula (formula-like text also carries Excel's quote prefix, so editing
the cell keeps it text); sheet names are made valid and unique.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..colours import RATING_FILLS, SERIES_COLOURS
from ..downloads import is_formula_like, safe_sheet_names
from ..model import COMPARATORS
from ..rag import AMBER, GREEN, RED
from ..wording import period_text, rating_label, timestamp_text
from .chart_data import chart_table
from .contents import NO_OBJECTIVE, SAMPLE_FACT, ReportContents, cover_facts

DATE_FORMAT = "d mmm yyyy"  # the one date format in the pack
# Number formats by unit: values are stored as numbers and shown in their unit.
UNIT_FORMATS = {
    "percent": '0.0"%"',
    "count": "#,##0",
    "weeks": '0.0" weeks"',
    "days": '0" days"',
    "currency": '"£"#,##0',
    "rate": "0.0#",
}
OTHER_FORMAT = "0.0#"
CHANGE_FORMATS = {"percent": '+0.0" pts";-0.0" pts";0.0" pts"', "count": "+#,##0;-#,##0;0"}
OTHER_CHANGE_FORMAT = "+0.0#;-0.0#;0"
HEADER_FILL = "#0b0c0c"
CHART_WIDTH, CHART_HEIGHT = 520, 260  # pixels
CHART_ROWS = 14  # worksheet rows one chart takes, with a gap
MAX_CELL_TEXT = 32_767  # Excel's limit on one cell's text


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: its heading, where its values come from, its width in
    characters and what kind of cell it is (``text``, ``number``, ``date``, ``rating``,
    ``wrap``); ``number_format`` gives a number column's format for each row."""

    heading: str
    source: str
    width: float = 14
    kind: str = "text"
    number_format: Callable[[pd.Series], str] | None = None


class _Writer:
    """The workbook and its formats, made once each (XlsxWriter wants few distinct formats)."""

    def __init__(self, contents: ReportContents):
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.buffer,
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True},
        )
        self.contents = contents
        self._formats: dict[tuple, xlsxwriter.format.Format] = {}

    def format(self, **properties: object) -> xlsxwriter.format.Format:
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.book.add_format(
                {"font_name": "Arial", "font_size": 10, "valign": "top", **properties}
            )
        return self._formats[key]

    def header(self) -> xlsxwriter.format.Format:
        return self.format(bold=True, font_color="#ffffff", bg_color=HEADER_FILL, text_wrap=True, border=1)

    def text(self, sheet, row: int, column: int, value: object, **properties: object) -> None:
        """Text as text: never a formula; formula-like text gets the quote prefix too."""
        text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        if is_formula_like(text):
            properties["quote_prefix"] = True
        sheet.write_string(row, column, text[:MAX_CELL_TEXT], self.format(**properties))

    def number(self, sheet, row: int, column: int, value: object, number_format: str, **properties: object) -> None:
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            sheet.write_blank(row, column, None, self.format(**properties))
        else:
            # Rounded as stored: a change of 0.8 was 0.7999999999999972 in the formula bar.
            sheet.write_number(
                row, column, round(float(value), 10), self.format(num_format=number_format, **properties)
            )

    def date(self, sheet, row: int, column: int, value: object, **properties: object) -> None:
        if value is None or pd.isna(value):
            sheet.write_blank(row, column, None, self.format(**properties))
        else:
            sheet.write_datetime(
                row, column, pd.Timestamp(value).to_pydatetime(), self.format(num_format=DATE_FORMAT, **properties)
            )

    def print_setup(self, sheet, header_row: int | None) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        if header_row is not None:
            sheet.repeat_rows(header_row)
        footer = f"{self.contents.authority} SEND board pack, data to {self.contents.as_at_text}".replace("&", "&&")
        sheet.set_footer(f"&L&8{footer}&R&8Page &P of &N")

    def table(self, sheet, top: int, frame: pd.DataFrame, columns: Sequence[Column], *, filters: bool = True) -> int:
        """Write ``frame`` as a table at row ``top`` with a header row and widths, and with
        ``filters`` the header frozen and filter buttons on it. Returns the row after the table."""
        for index, column in enumerate(columns):
            sheet.write_string(top, index, column.heading, self.header())
            sheet.set_column(index, index, column.width)
        for offset, record in enumerate(frame.to_dict("records")):
            row = top + 1 + offset
            for index, column in enumerate(columns):
                value = record.get(column.source)
                if column.kind == "number":
                    self.number(
                        sheet,
                        row,
                        index,
                        value,
                        column.number_format(record) if column.number_format else OTHER_FORMAT,
                        border=1,
                        border_color="#b1b4b6",
                    )
                elif column.kind == "date":
                    self.date(sheet, row, index, value, border=1, border_color="#b1b4b6")
                elif column.kind in ("rating", "status"):
                    # A rating's word and fill; a status is an action's words, filled by its rating.
                    rating = value if column.kind == "rating" else record.get("rag")
                    fill, ink = RATING_FILLS.get(rating, ("#ffffff", "#0b0c0c"))
                    words = rating_label(value) if column.kind == "rating" and value in (GREEN, AMBER, RED) else value
                    self.text(
                        sheet,
                        row,
                        index,
                        words,
                        bg_color=fill,
                        font_color=ink,
                        bold=True,
                        border=1,
                        border_color="#b1b4b6",
                        text_wrap=True,
                    )
                else:
                    self.text(sheet, row, index, value, text_wrap=True, border=1, border_color="#b1b4b6")
        last = top + len(frame)
        if filters:
            sheet.autofilter(top, 0, max(top, last), len(columns) - 1)
            sheet.freeze_panes(top + 1, 0)
        return last + 1


def _whole(value: object) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and float(value).is_integer()


def _unit_format(record: dict) -> str:
    # A whole figure of no named unit (pageviews) is written as a count is: "31,799", not "31799.0".
    if record.get("unit") not in UNIT_FORMATS and _whole(record.get("latest_value")):
        return UNIT_FORMATS["count"]
    return UNIT_FORMATS.get(record.get("unit"), OTHER_FORMAT)


def _change_format(record: dict) -> str:
    if record.get("unit") not in CHANGE_FORMATS and _whole(record.get("change")):
        return CHANGE_FORMATS["count"]
    return CHANGE_FORMATS.get(record.get("unit"), OTHER_CHANGE_FORMAT)


SUMMARY_COLUMNS = (
    Column("KPI", "kpi_name", 42),
    Column("Objective", "objective_title", 24),
    Column("Section", "section", 20),
    Column("Latest period", "latest_period_text", 12),
    Column("Latest", "latest_value", 11, "number", _unit_format),
    Column("Change since the value before", "change", 13, "number", _change_format),
    Column("Target", "target_text", 12),
    Column("Rating", "rag", 22, "rating"),
    Column("Variation (SPC)", "variation_words", 30),
    Column("Assurance (SPC)", "assurance_words", 26),
    Column("England", "England", 11, "number", _unit_format),
    Column("Statistical neighbours", "Statistical neighbours", 13, "number", _unit_format),
    Column("Region", "Region", 11, "number", _unit_format),
    Column("Recent values", "", 18),
)
MILESTONE_COLUMNS = (
    Column("KPI", "kpi_name", 42),
    Column("Baseline", "baseline", 14),
    Column("Milestone", "milestone", 14),
    Column("Target", "target", 12),
    Column("Actual", "actual", 12),
    Column("Rating", "rag", 22, "rating"),
    Column("Met?", "met", 14),
    Column("Gap (actual minus target)", "gap", 14, "number"),
)
ACTION_COLUMNS = (
    Column("Objective", "objective_title", 24),
    Column("Action", "action_id", 9),
    Column("Title", "title", 44),
    Column("Owner (role)", "owner", 20),
    Column("Status", "status", 22, "status"),
    Column("Next milestone", "next_milestone", 36),
    Column("Next due", "next_due", 12),
    Column("Days overdue", "days_overdue", 10, "number", lambda record: "0"),
    Column("Milestones done", "milestones_done", 10, "number", lambda record: "0"),
    Column("Milestones in all", "milestones_total", 10, "number", lambda record: "0"),
)
DATA_COLUMNS = (
    Column("KPI id", "kpi_id", 20),
    Column("KPI", "kpi_name", 40),
    Column("Section", "section", 18),
    Column("Measure", "measure", 10),
    Column("Comparator", "comparator", 14),
    Column("Period starts", "period", 12, "date"),
    Column("Period as written", "period_label", 14),
    Column("Frequency", "frequency", 13),
    Column("Value", "value", 10, "number", _unit_format),
    Column("Low", "value_low", 8, "number", _unit_format),
    Column("High", "value_high", 8, "number", _unit_format),
    Column("As written", "value_text", 14),
    Column("Unit", "unit", 9),
    Column("Locality", "locality", 12),
    Column("Phase", "phase", 12),
    Column("Source cell", "source", 28),
)


RISK_COLUMNS = (
    Column("Date", "Date", 12, "date"),
    Column("Risk", "Risk", 50),
    Column("Severity", "Severity", 10),
    Column("Mitigation", "Mitigation", 50),
    Column("Progress", "Progress", 40),
)
NO_PLAN_SHEET_TEXT = "No improvement plan is loaded, so there are no actions or risks to list."
NO_PLAN_DESCRIPTION = "Empty: no improvement plan is loaded."


def board_pack_workbook(contents: ReportContents) -> bytes:
    """The board pack as ``.xlsx`` bytes. Never changes ``contents``."""
    writer = _Writer(contents)
    names = safe_sheet_names(
        ["Cover", "Exceptions", "Summary"]
        + [f"{section.objective_id} {section.title}".strip() for section in contents.sections]
        + ["Actions", "Risks", "Data", "Glossary", "Chart data", "Sparkline data"]
    )
    sheets = {name: writer.book.add_worksheet(name) for name in names}
    cover, exceptions_sheet, summary_sheet = (sheets[name] for name in names[:3])
    section_sheets = [sheets[name] for name in names[3 : 3 + len(contents.sections)]]
    actions_sheet, risks_sheet, data_sheet, glossary_sheet, chart_data, spark_data = (
        sheets[name] for name in names[-6:]
    )
    chart_data.hide()
    spark_data.hide()
    _cover(writer, cover, names)
    _exceptions(writer, exceptions_sheet)
    _summary(writer, summary_sheet, spark_data, names[-1])
    charts = chart_table(contents.observations)
    chart_row = [0]
    for section, sheet in zip(contents.sections, section_sheets, strict=True):
        _objective(writer, sheet, section, charts, chart_data, names[-2], chart_row)
    writer.print_setup(actions_sheet, 0)
    writer.print_setup(risks_sheet, 0)
    if not contents.has_plan:
        # A sheet of headings alone read as a fault; it says why it is empty instead.
        for sheet in (actions_sheet, risks_sheet):
            writer.text(sheet, 0, 0, NO_PLAN_SHEET_TEXT)
    else:
        writer.table(actions_sheet, 0, contents.actions, ACTION_COLUMNS)
        writer.table(risks_sheet, 0, contents.risks, RISK_COLUMNS)
    writer.print_setup(data_sheet, 0)
    writer.table(data_sheet, 0, contents.data, DATA_COLUMNS)
    writer.print_setup(glossary_sheet, 0)
    writer.table(
        glossary_sheet,
        0,
        pd.DataFrame(contents.glossary, columns=["term", "meaning"]),
        [Column("Term", "term", 28), Column("Meaning", "meaning", 100)],
    )
    writer.book.close()
    return writer.buffer.getvalue()


def _cover(writer: _Writer, sheet, names: list[str]) -> None:
    contents = writer.contents
    writer.print_setup(sheet, None)
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 2, 22)
    sheet.set_column(3, 3, 70)
    sheet.write_string(0, 0, "SEND improvement board pack", writer.format(bold=True, font_size=16))
    facts = cover_facts(contents)
    row = 2
    for label, value in facts:
        writer.text(sheet, row, 0, label, bold=True)
        warn = {"font_color": "#942514", "bold": True} if label == SAMPLE_FACT else {}
        writer.text(sheet, row, 1, value, **warn)
        row += 1
    row += 1
    writer.text(sheet, row, 0, "Source files", bold=True, font_size=12)
    sources = pd.DataFrame(
        [
            {
                "name": s.name,
                "kind": s.kind,
                "read_at": timestamp_text(s.read_at),
                "checksum": s.checksum,
            }
            for s in contents.sources
        ],
        columns=["name", "kind", "read_at", "checksum"],
    )
    row = writer.table(
        sheet,
        row + 1,
        sources,
        [
            Column("File", "name", 26),
            Column("What it is", "kind", 34),
            Column("Read at", "read_at", 22),
            Column("SHA-256 checksum", "checksum", 70),
        ],
    )
    row += 1
    writer.text(sheet, row, 0, "What each sheet holds", bold=True, font_size=12)
    descriptions = {
        "Exceptions": "The KPIs a board should look at, each with its reasons and a paragraph of commentary.",
        "Summary": "One row per KPI: latest value, change, target, rating, SPC, comparators and recent values.",
        "Actions": "Every action with its status, next milestone and days overdue."
        if contents.has_plan
        else NO_PLAN_DESCRIPTION,
        "Risks": "The risk register, most severe first." if contents.has_plan else NO_PLAN_DESCRIPTION,
        "Data": "Every value the pack uses, with the cell it came from.",
        "Glossary": "What the words mean.",
    }
    for index, section in enumerate(contents.sections):
        descriptions[names[3 + index]] = (
            "KPIs the plan does not place under an objective: commentary and a chart per KPI."
            if section.objective_id == NO_OBJECTIVE
            else "This objective's commentary, its KPIs' milestones against actuals, and a chart per KPI."
        )
    for name in names[1:-2]:
        row += 1
        writer.text(sheet, row, 0, name)
        writer.text(sheet, row, 1, descriptions[name])


def _exceptions(writer: _Writer, sheet) -> None:
    contents = writer.contents
    writer.print_setup(sheet, 0)
    frame = contents.exceptions.merge(contents.summary[["kpi_id", "objective_title"]], on="kpi_id", how="left")
    writer.table(
        sheet,
        0,
        frame,
        [
            Column("KPI", "kpi_name", 40),
            Column("Objective", "objective_title", 24),
            Column("Latest", "latest_text", 12),
            Column("Why it is here", "reasons", 30),
            Column("Commentary", "commentary", 90),
        ],
    )


def _summary(writer: _Writer, sheet, spark_data, spark_name: str) -> None:
    contents = writer.contents
    writer.print_setup(sheet, 0)
    frame = contents.summary.rename(
        columns={"england": "England", "statistical_neighbours": "Statistical neighbours", "region": "Region"}
    )
    writer.table(sheet, 0, frame, SUMMARY_COLUMNS)
    spark_column = len(SUMMARY_COLUMNS) - 1
    for offset, values in enumerate(frame["recent"]):
        numbers = [v for v in values if v is not None and not math.isnan(v)]
        if len(numbers) < 2:
            continue
        for index, value in enumerate(numbers):
            spark_data.write_number(offset, index, float(value))
        sheet.add_sparkline(
            offset + 1,
            spark_column,
            {
                "range": f"'{spark_name}'!{xl_rowcol_to_cell(offset, 0)}:{xl_rowcol_to_cell(offset, len(numbers) - 1)}",
                "markers": False,
                "high_point": True,
                "low_point": True,
                "series_color": SERIES_COLOURS["Actual"],
            },
        )


def _objective(
    writer: _Writer, sheet, section, charts: pd.DataFrame, chart_data, chart_data_name: str, chart_row: list[int]
) -> None:
    """An objective's sheet: title, commentary, milestone-vs-actual table, then one chart per
    KPI with values (data on the hidden chart-data sheet, from ``chart_row[0]`` on)."""
    writer.print_setup(sheet, 3)
    sheet.set_column(0, 7, 14)
    writer.text(sheet, 0, 0, section.title, bold=True, font_size=14)
    sheet.merge_range(1, 0, 1, 7, "", writer.format(text_wrap=True))
    writer.text(sheet, 1, 0, section.commentary, text_wrap=True)
    sheet.set_row(1, max(30, 13 * (len(section.commentary) // 140 + 1)))
    row = writer.table(sheet, 3, section.milestones, MILESTONE_COLUMNS) + 1
    kpis = section.kpis
    units = dict(zip(kpis["kpi_id"], kpis["unit"], strict=True))
    names = dict(zip(kpis["kpi_id"], kpis["kpi_name"], strict=True))
    wanted = charts[charts["kpi_id"].isin(set(kpis["kpi_id"]))]
    for position, (kpi_id, series) in enumerate(wanted.groupby("kpi_id", sort=False)):
        start = chart_row[0]
        chart_data.write_string(start, 0, str(kpi_id))
        headings = ["Month", "Actual", "Target", *COMPARATORS]
        for index, heading in enumerate(headings):
            chart_data.write_string(start + 1, index, heading)
        frequency = str(series["frequency"].iloc[0] or "month")
        numbers = series[["actual", "target", *COMPARATORS]].to_numpy(dtype=float)
        for offset, (period, row_values) in enumerate(zip(series["period"], numbers, strict=True)):
            if frequency == "month":
                chart_data.write_datetime(
                    start + 2 + offset, 0, pd.Timestamp(period).to_pydatetime(), writer.format(num_format=DATE_FORMAT)
                )
            else:  # a year or quarter is written as people write it, on a text axis
                chart_data.write_string(start + 2 + offset, 0, period_text(period, frequency))
            for index, value in enumerate(row_values.tolist()):
                if not math.isnan(value):
                    chart_data.write_number(start + 2 + offset, 1 + index, float(value))
        first, last = start + 2, start + 1 + len(series)
        chart_row[0] = last + 2
        chart = writer.book.add_chart({"type": "line"})
        categories = [chart_data_name, first, 0, last, 0]
        for index, name in enumerate(["Actual", "Target", *COMPARATORS]):
            values = series[["actual", "target", *COMPARATORS][index]]
            if values.isna().all():
                continue
            options = {
                "name": name,
                "categories": categories,
                "values": [chart_data_name, first, 1 + index, last, 1 + index],
                "line": {"color": SERIES_COLOURS[name], "width": 2.25 if name == "Actual" else 1.5},
            }
            if name == "Actual":
                options["marker"] = {
                    "type": "circle",
                    "size": 4,
                    "fill": {"color": SERIES_COLOURS[name]},
                    "border": {"color": SERIES_COLOURS[name]},
                }
            else:
                options["line"]["dash_type"] = "dash" if name == "Target" else "round_dot"
                options["marker"] = {"type": "none"}
            chart.add_series(options)
        title = str(names.get(kpi_id, kpi_id))
        chart.set_title({"name": title[:120], "name_font": {"size": 10, "bold": True}, "overlay": False})
        chart.set_x_axis(
            {"date_axis": True, "num_format": "mmm yy", "num_font": {"size": 8}}
            if frequency == "month"
            else {"num_font": {"size": 8}}
        )
        chart.set_y_axis(
            {
                "num_format": UNIT_FORMATS.get(units.get(kpi_id), OTHER_FORMAT),
                "num_font": {"size": 8},
                "major_gridlines": {"visible": True, "line": {"color": "#dddddd"}},
            }
        )
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        sheet.insert_chart(
            row + (position // 2) * CHART_ROWS, 0 if position % 2 == 0 else 4, chart, {"x_offset": 4, "y_offset": 4}
        )
