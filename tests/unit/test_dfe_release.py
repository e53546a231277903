"""A DfE release zip: every data file read with its guidance; totals only; other files listed."""

from __future__ import annotations

import io
import zipfile

import pytest

from send_core.errors import ScorecardError
from send_core.reading import read_scorecard
from tests.conftest import SHARED_DATA, requires_shared_data

HEADER = "time_period,time_identifier,geographic_level,region_code,region_name,new_la_code,old_la_code,la_name"
CASELOAD = (
    f"{HEADER},breakdown,ehcplans,mainstream_total_pc\n"
    "202324,Academic year,National,,,,,,Total,576474,38.3\n"
    "202425,Academic year,National,,,,,,Total,638745,38.7\n"
    "202425,Academic year,National,,,,,,Age 5,12000,50\n"
    "202324,Academic year,Regional,E12000005,West Midlands,,,,Total,61000,40.1\n"
    "202425,Academic year,Regional,E12000005,West Midlands,,,,Total,66710,40.5\n"
    "202324,Academic year,Local authority,E12000005,West Midlands,E08000025,330,Birmingham,Total,11200,33.1\n"
    "202425,Academic year,Local authority,E12000005,West Midlands,E08000025,330,Birmingham,Total,12094,34.0\n"
    "202425,Academic year,Local authority,E12000005,West Midlands,E08000025,330,Birmingham,Age 5,300,40\n"
)
GUIDANCE = """Filename: caseload.csv

Variable name        |  Variable description
-------------------  |  --------------------
ehcplans             |  Total number of EHC plans
mainstream_total_pc  |  Total percentage mainstream schools
"""


def release(*extra: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/caseload.csv", CASELOAD)
        archive.writestr("data-guidance/data-guidance.txt", GUIDANCE)
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_every_data_file_is_read_with_its_guidance():
    read = read_scorecard(
        release(("supporting-files/notes.csv", b"a,b\n1,2\n")), filename="release.zip", local_authority="Birmingham"
    )
    assert read.layout == "dfe_release"
    observations = read.observations
    names = dict(zip(observations["kpi_id"], observations["kpi_name"], strict=True))
    assert names["caseload:ehcplans|total"] == "Total number of EHC plans"
    assert names["caseload:mainstream_total_pc|total"] == "Total percentage mainstream schools"
    ours = observations[(observations["measure"] == "actual") & (observations["kpi_id"] == "caseload:ehcplans|total")]
    assert ours.sort_values("period")["value"].tolist() == [11200, 12094]
    assert set(ours["frequency"]) == {"academic_year"} and set(ours["period_label"]) == {"202324", "202425"}
    region = observations[observations["comparator"] == "Region"]
    assert set(region["area"]) == {"West Midlands"}
    # The "Age 5" rows are a breakdown: counted, said, not read as KPIs.
    assert not observations["kpi_id"].str.contains("age").any()
    codes = read.problems["code"].tolist()
    assert "breakdowns_not_read" in codes and "file_not_read" in codes
    assert "supporting-files/notes.csv" in " ".join(read.problems["message"])
    accounting = read.accounting
    assert (
        accounting["cells"]
        == accounting["values"] + accounting["markers"] + accounting["labels"] + accounting["problems"]
    )


def test_a_zip_with_no_data_file_is_refused_in_words():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.csv", "a,b\n1,2\n")
    with pytest.raises(ScorecardError, match="none of its files is DfE open data"):
        read_scorecard(buffer.getvalue(), filename="notes.zip")


@requires_shared_data
def test_the_2025_release_reads_whole():
    data = (SHARED_DATA / "dfe_education-health-and-care-plans_2025_release.zip").read_bytes()
    read = read_scorecard(data, filename="release.zip", local_authority="Birmingham")
    observations = read.observations
    timeliness = observations[
        observations["kpi_id"].str.startswith("timeliness_20_week:pc_plans_issued_20_weeks_ex")
        & (observations["measure"] == "actual")
    ]
    # DfE's figures: Birmingham issued 344 of 1,290 new plans within 20 weeks in 2024, excluding
    # exceptions: 26.7%. A percentage by the guidance ("... - %"), a calendar year by its period.
    assert set(timeliness["unit"]) == {"percent"} and set(timeliness["frequency"]) == {"calendar_year"}
    assert timeliness.loc[timeliness["period_label"] == "2024", "value"].tolist() == [26.7]
    caseload = observations[
        observations["kpi_id"].str.startswith("caseload:ehcplans|") & (observations["measure"] == "actual")
    ]
    assert 12094 in caseload["value"].tolist()
