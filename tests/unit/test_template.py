"""The app's own tidy template."""

from __future__ import annotations

import csv

from send_core import read_scorecard
from tests.unit.reading_helpers import LOCALITIES


def test_template_sample_is_read(tmp_path):
    read = read_scorecard(LOCALITIES)
    assert read.layout == "template"
    assert set(read.observations["locality"]) == {"North", "South", "East", "West", "All"}
    first = read.observations.iloc[0]
    with open(LOCALITIES, encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert first["kpi_id"] == row["kpi_id"]
    assert first["value"] == float(row["value"])
    assert (first["locality"], first["phase"]) == (row["locality"], row["phase"])


def test_template_rows_with_bad_values_are_problems_not_observations():
    text = (
        "kpi_id,kpi_name,measure,period,value,unit,locality,phase\n"
        "A1,Requests,actual,2024-01,12,count,North,Primary\n"
        "A1,Requests,actuals,2024-02,13,count,North,Primary\n"
        "A1,Requests,actual,sometime,14,count,North,Primary\n"
        "A1,Requests,actual,2024-04,14,count,North,Year 7\n"
        "A1,Requests,actual,2024-05,c,count,North,Primary\n"
    )
    read = read_scorecard(text.encode(), filename="template.csv")
    assert len(read.observations) == 2  # the good row and the suppressed marker
    messages = " ".join(read.problems["message"])
    assert "measure 'actuals' should be one of" in messages
    assert "period 'sometime' is not a date" in messages
    assert "phase 'Year 7' should be" in messages
    assert set(read.problems["location"]) >= {"row 3, column C", "row 4, column D", "row 5, column H"}


# ---------------------------------------------------------------------------------------------
# Layout 5: DfE open data


def test_a_template_period_in_year_0000_is_a_listed_problem():
    # Before: an untyped ValueError from inside the reader.
    text = "kpi_id,period,value\nA1,0000-01,12\nA1,2024-02,13\n"
    read = read_scorecard(text.encode(), filename="template.csv")
    assert len(read.observations) == 1
    bad = read.problems[read.problems["code"] == "template_row_not_read"]
    assert bad["location"].tolist() == ["row 2, column B"]
    assert "period '0000-01' is not a date" in bad["message"].iloc[0]
