"""DfE variables' labels and units: from a release's data guidance, else the built-in
dictionary, else the column's name; units from what DfE says, never from words in a name."""

from __future__ import annotations

import pytest

from send_core.reading.dfe_guidance import (
    BUILT_IN_SOURCE,
    parse_data_guidance,
    unit_from_description,
    variable_for,
)

# The shape of DfE's data-guidance.txt (the 2025 EHC plans release), a few rows written out.
GUIDANCE = """Data files

Timeliness - education, health and care plans issued within the statutory 20 week timeframe

Filename: timeliness_20_week.csv
Geographic levels: Local authority; National; Regional
Time period: 2019 to 2024

Variable names and descriptions for this file are provided below:

Variable name                        |  Variable description
-----------------------------------  |  ----------------------------------------------
PC_plans_issued_20_weeks_ex          |  EHC plans issued within 20 weeks excluding exceptions - %
plans_issued_20_weeks_ex             |  EHC plans issued within 20 weeks excluding exceptions
plans_issued_den                     |  Number of EHC plans issued including exeptions (denominator)

Footnotes:

1. Some footnote | with a bar in it.

Filename: caseload.csv

Variable name   |  Variable description
--------------  |  ---------------------
ehcplans        |  Total number of EHC plans
mld_pc          |  Moderate learning difficulty  (%)
appeal_rate     |  Appeal rate per 100 decisions
"""


def test_each_file_s_variables_with_dfe_s_words():
    files = parse_data_guidance(GUIDANCE, "release data guidance")
    assert set(files) == {"timeliness_20_week.csv", "caseload.csv"}
    timeliness = files["timeliness_20_week.csv"]
    assert set(timeliness) == {"pc_plans_issued_20_weeks_ex", "plans_issued_20_weeks_ex", "plans_issued_den"}
    assert timeliness["pc_plans_issued_20_weeks_ex"].label == "EHC plans issued within 20 weeks excluding exceptions"
    assert timeliness["pc_plans_issued_20_weeks_ex"].unit == "percent"
    # "20 weeks" in the description does not make a count of plans a number of weeks.
    assert timeliness["plans_issued_20_weeks_ex"].unit == "count"
    assert timeliness["plans_issued_den"].source == "release data guidance (timeliness_20_week.csv)"
    caseload = files["caseload.csv"]
    assert (caseload["mld_pc"].label, caseload["mld_pc"].unit) == ("Moderate learning difficulty", "percent")
    assert caseload["appeal_rate"].unit == "rate"
    assert parse_data_guidance("not guidance at all") == {}


@pytest.mark.parametrize(
    ("description", "unit"),
    [
        ("Total number of EHC plans", "count"),
        ("EHC plans issued within 20 weeks", "count"),
        ("Total percentage mainstream schools", "percent"),
        ("Autistic spectrum disorder (%)", "percent"),
        ("Appeal rate", "rate"),
        ("Separate plans", "count"),  # "rate" inside a word is not a rate
    ],
)
def test_the_unit_comes_from_the_description(description, unit):
    assert unit_from_description(description) == unit


def test_guidance_then_the_dictionary_then_the_name():
    files = parse_data_guidance(GUIDANCE)
    assert variable_for("ehcplans", files["caseload.csv"]).label == "Total number of EHC plans"
    built_in = variable_for("ehcplans")
    assert (built_in.label, built_in.unit, built_in.source) == (
        "EHC plans (all, as at January)",
        "count",
        BUILT_IN_SOURCE,
    )
    # SEN2's "rate" columns are percentages (49.2 nationally in 2022), as the dictionary says.
    assert variable_for("no_exc_20week_rate").unit == "percent"
    unknown = variable_for("ass_nodecision")
    assert (unknown.label, unknown.unit) == ("Ass nodecision", "count")
    assert variable_for("something_pc").unit == "percent"  # DfE's _pc naming convention


def test_a_file_under_another_name_takes_every_file_s_variables():
    from send_core.reading.dfe_guidance import guidance_for_file

    files = parse_data_guidance(GUIDANCE)
    assert set(guidance_for_file(files, "caseload.csv")) == {"ehcplans", "mld_pc", "appeal_rate"}
    merged = guidance_for_file(files, "dfe_ehcp_caseload_by_la.csv")
    assert {"ehcplans", "plans_issued_den"} <= set(merged)


def test_guidance_uploaded_later_renames_a_read_keeping_its_breakdown():
    from send_core.model import observations_frame
    from send_core.reading.dfe_open_data import relabel

    observations = observations_frame(
        [
            {"kpi_id": "ehcplans|age-5", "kpi_name": "EHC plans (all, as at January) (Age 5)", "unit": "count"},
            {"kpi_id": "mld_pc", "kpi_name": "Mld pc (%)", "unit": "percent"},
            {"kpi_id": "other", "kpi_name": "Other", "unit": "count"},
        ]
    )
    renamed = relabel(observations, parse_data_guidance(GUIDANCE)["caseload.csv"])
    assert renamed["kpi_name"].tolist() == [
        "Total number of EHC plans (Age 5)",
        "Moderate learning difficulty (%)",
        "Other",
    ]
    assert observations["kpi_name"].iloc[0] == "EHC plans (all, as at January) (Age 5)"  # the input is unchanged
