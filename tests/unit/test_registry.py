"""The registry of readers: every layout is a reader found there, detection picks the best
fit, ``layout=`` picks one reader for real, and a new reader is one more entry."""

from __future__ import annotations

import dataclasses
import io

import pytest
from openpyxl import Workbook

from send_core import ScorecardError, read_scorecard
from send_core.reading import LAYOUTS, READERS, reader_named, registry
from send_core.reading.reader import Detection
from tests.unit.reading_helpers import (
    BCP,
    KPI_TABLE,
    LOCALITIES,
    MILESTONE_HEADER,
    MILESTONE_ROWS,
    ees_bytes,
    xlsx_bytes,
)


def test_every_layout_is_a_reader_in_the_registry():
    assert list(LAYOUTS) == [reader.name for reader in READERS]
    assert set(LAYOUTS) == {"template", "monthly", "milestone", "sectioned", "dfe_open_data", "dfe_release"}
    for name in LAYOUTS:
        assert reader_named(name).name == name


def test_an_unknown_layout_is_refused_with_the_choices():
    with pytest.raises(ScorecardError, match="Unknown layout 'weekly'. Choose one of: template, monthly"):
        read_scorecard(BCP, layout="weekly")


@pytest.mark.parametrize(
    ("make", "filename", "layout"),
    [
        (BCP.read_bytes, "bcp.xlsx", "monthly"),
        (lambda: xlsx_bytes([MILESTONE_HEADER, *MILESTONE_ROWS]), "milestone.xlsx", "milestone"),
        (KPI_TABLE.read_bytes, "table.xlsx", "sectioned"),
        (LOCALITIES.read_bytes, "localities.csv", "template"),
        (ees_bytes, "ees.csv", "dfe_open_data"),
    ],
)
def test_each_layout_is_detected_and_can_be_forced(make, filename, layout):
    assert read_scorecard(make(), filename=filename).layout == layout
    assert read_scorecard(make(), filename=filename, layout=layout).layout == layout


@pytest.mark.parametrize(
    ("make", "filename", "forced"),
    [
        (BCP.read_bytes, "bcp.xlsx", "milestone"),
        (BCP.read_bytes, "bcp.xlsx", "template"),
        (lambda: xlsx_bytes([MILESTONE_HEADER, *MILESTONE_ROWS]), "milestone.xlsx", "monthly"),
        (LOCALITIES.read_bytes, "localities.csv", "sectioned"),
    ],
)
def test_a_forced_layout_reads_only_what_that_reader_recognises(make, filename, forced):
    # Before the registry, forcing a layout only relabelled whatever the table reader found.
    with pytest.raises(ScorecardError, match="no sheet looks like a scorecard"):
        read_scorecard(make(), filename=filename, layout=forced)


def test_forcing_dfe_open_data_on_a_workbook_says_what_it_needs():
    with pytest.raises(ScorecardError, match="not DfE open data: it needs time_period and geographic_level"):
        read_scorecard(BCP, layout="dfe_open_data")


def test_a_sheet_no_reader_recognises_is_listed_with_its_code():
    workbook = Workbook()
    workbook.active.append(["KPI", "Nov 24", "Dec 24", "Jan 25"])
    workbook.active.append(["No. of complaints", "17", "12", "13"])
    workbook.create_sheet("Notes").append(["Just a note"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = read_scorecard(buffer.getvalue(), filename="two.xlsx")
    assert read.has_problem("sheet_not_recognised")
    skipped = read.problems[read.problems["code"] == "sheet_not_recognised"]
    assert skipped["sheet"].tolist() == ["Notes"]


@dataclasses.dataclass(frozen=True)
class ShoutingReader:
    """A made-up layout: a sheet whose first cell is 'SHOUT' holds one KPI per row, value in B."""

    name: str = "shouting"
    description: str = "A test layout"
    reads_whole_file = False

    def detect(self, sheet):
        return Detection(self.name, 0.95, None) if sheet.cell(0, 0) == "SHOUT" else None

    def read(self, sheet, detection, collector):
        collector.label(0, 0)
        for row in range(1, len(sheet.rows)):
            collector.label(row, 0)
            collector.label(row, 1)
        collector.sweep()
        return collector.accounting()


def test_a_new_reader_is_one_more_entry_in_the_registry(monkeypatch):
    data = xlsx_bytes([["SHOUT"], ["Complaints", 12]])
    with pytest.raises(ScorecardError):
        read_scorecard(data, filename="shout.xlsx")
    monkeypatch.setattr(registry, "READERS", (*registry.READERS, ShoutingReader()))
    read = read_scorecard(data, filename="shout.xlsx")
    assert read.layout == "shouting"
    assert read.accounting == {"cells": 3, "values": 0, "markers": 0, "labels": 3, "problems": 0}
    assert read_scorecard(data, filename="shout.xlsx", layout="shouting").layout == "shouting"


def test_the_best_score_wins_and_a_tie_goes_to_the_reader_listed_first(monkeypatch):
    class Always(ShoutingReader):
        def detect(self, sheet):
            return Detection(self.name, 0.95, None)

    # Scores 0.95: above a table header near the top (0.8 to 0.9), so it takes the BCP sheet...
    monkeypatch.setattr(registry, "READERS", (*registry.READERS, Always(name="always")))
    assert read_scorecard(BCP).layout == "always"
    # ...and listed after another 0.95 reader, it loses the tie.
    monkeypatch.setattr(registry, "READERS", (Always(name="first"), *registry.READERS[:-1], Always(name="always")))
    assert read_scorecard(BCP).layout == "first"


def test_sheets_read_by_different_readers_make_a_mixed_read():
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Monthly"
    workbook.active.append(["KPI", "Nov 24", "Dec 24", "Jan 25"])
    workbook.active.append(["No. of complaints", "17", "12", "13"])
    template = workbook.create_sheet("Tidy")
    template.append(["kpi_id", "period", "value"])
    template.append(["A1", "2024-01", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = read_scorecard(buffer.getvalue(), filename="mixed.xlsx")
    assert read.layout == "mixed"
    assert read.sheets_read == ["Monthly", "Tidy"]
    assert len(read.observations) == 4
