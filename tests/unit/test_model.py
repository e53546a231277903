"""The tidy model: shapes, defaults, ids and the KPI catalogue."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from send_core.model import (
    OBSERVATION_COLUMNS,
    infer_good_direction,
    infer_unit_from_name,
    is_cumulative_name,
    kpi_catalogue,
    normalise_observations,
    observations_frame,
    observations_from_arrays,
    slugify,
)


def test_an_empty_frame_has_every_column():
    frame = observations_frame()
    assert list(frame.columns) == list(OBSERVATION_COLUMNS)
    assert frame.empty


def test_defaults_fill_in():
    frame = observations_frame([{"kpi_id": "A", "period": "2024-01-01", "value": "3"}])
    row = frame.iloc[0]
    assert (row["locality"], row["phase"], row["measure"], row["comparator"]) == ("All", "All", "actual", "")
    assert row["value"] == 3.0 and row["period"] == pd.Timestamp("2024-01-01")


@pytest.mark.parametrize(
    ("name", "direction"),
    [
        ("Average wait for OT", "down"),
        ("No. of complaints", "down"),
        ("% of EHCP young people NEET (16-25yrs)", "down"),
        ("Permanent exclusion rate of children and young people with SEN support (Exclusions)", "down"),
        ("Number of annual reviews overdue", "down"),
        ("% of EHCPs in Other - arrangements by LA (EOTAS S61 & S19) (as main provision listed)", "down"),
        ("%EHCPs issued within 20 weeks (12 months rolling)", "up"),
        ("Percentage of EHC plans issued in 20 weeks", "up"),
        ("% of EHCPs in Mainstream", "up"),
        ("% parent/carer who are happy with the EHCP (out of 6 cases per month)", "up"),
        ("EHC assessments over 20 weeks awaiting health advice", "down"),
        ("No. of EHCPs", "none"),
        ("No. of SEN Support", "none"),
        # A word for an unwanted state wins over a hopeful one elsewhere in the name (the
        # seeds' own names: Birmingham's KPI table and BCP's scorecard).
        ("Percentage of children and young people absent from school with an EHC plan (Attendance)", "down"),
        (
            "No. of statutory school age CYPs in Mainstream or AP (Oct data includes all CYPs) waiting for a "
            "Special School place (agreed as eligible)",
            "down",
        ),
        ("% of young people with an EHCP not in education, employment or training", "down"),
        ("Attendance for SEN Support", "up"),
        ("% of ASC LD Clients, aged 18-25, who are in paid employment", "up"),
    ],
)
def test_good_direction_is_inferred_from_the_name(name, direction):
    assert infer_good_direction(name) == direction


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("% of EHCPs in Mainstream", "percent"),
        ("Percentage of phone calls answered", "percent"),
        ("EHCPs issued within 20 weeks (%)", "percent"),
        ("EHCPs issued within 20 weeks %", "percent"),
        ("Suspension rate of children", "rate"),
        ("Average wait for SLT", "weeks"),
        ("No. of EHCPs", "count"),
        ("Number of annual reviews overdue", "count"),
        ("Attainment and Progress data EHCPs", None),
    ],
)
def test_units_from_names(name, unit):
    assert infer_unit_from_name(name) == unit


def test_cumulative_names():
    assert is_cumulative_name("Total number of mediations (cumulative figure calendar year)")
    assert is_cumulative_name("No. of children accessing Dingley's Promise YTD")
    assert not is_cumulative_name("No. of complaints")


def test_slugs_are_stable_and_distinct_for_long_names():
    assert slugify("No. of EHCPs") == "no-of-ehcps"
    assert slugify("% of EHCPs in Mainstream") == "pc-of-ehcps-in-mainstream"
    long_a = "Percentage of children and young people absent from school with SEN support (Attendance)"
    long_b = "Percentage of children and young people absent from school with an EHC plan (Attendance)"
    assert slugify(long_a) != slugify(long_b)
    assert slugify(long_a) == slugify(long_a) and len(slugify(long_a)) <= 60


def test_catalogue_prefers_the_plan_over_inference():
    observations = observations_frame(
        [
            {"kpi_id": "GBR9", "kpi_name": "Average wait for OT", "period": "2023-05-01", "value": 10, "unit": "weeks"},
            {"kpi_id": "X1", "kpi_name": "No. of complaints", "period": "2023-05-01", "value": 10, "unit": "count"},
        ]
    )
    plan = pd.DataFrame(
        [
            {
                "kpi_id": "GBR9",
                "kpi_name": "Average wait for OT",
                "objective": "GBR",
                "unit": "weeks",
                "good_direction": "down",
                "cumulative": False,
                "public": True,
            }
        ]
    )
    catalogue = kpi_catalogue(observations, plan).set_index("kpi_id")
    assert catalogue.loc["GBR9", "objective"] == "GBR"
    assert not catalogue.loc["GBR9", "direction_inferred"]
    assert catalogue.loc["X1", "good_direction"] == "down" and catalogue.loc["X1", "direction_inferred"]


def test_the_catalogue_takes_each_kpi_s_first_name_and_its_actuals_most_common_unit():
    def row(kpi_id, name, unit, measure="actual", section=""):
        return {"kpi_id": kpi_id, "kpi_name": name, "unit": unit, "measure": measure, "section": section}

    observations = observations_frame(
        [
            row("B", "Referrals", "count", section="Demand"),
            row("A", "Share in mainstream", "percent"),
            row("A", "Share in mainstream (renamed)", "percent"),
            row("A", "Share in mainstream", "count"),
            row("A", "Share in mainstream", "weeks", measure="target"),  # a target's unit does not count
            row("C", "Wait", "weeks"),
            row("C", "Wait", "days"),  # equally common: the first alphabetically
            row("D", "% of plans on time", ""),  # none written: from the name
            row("E", "Something else", ""),
        ]
    )
    catalogue = kpi_catalogue(observations)
    assert list(catalogue["kpi_id"]) == ["B", "A", "C", "D", "E"]  # in the order they first appear
    assert list(catalogue["unit"]) == ["count", "percent", "days", "percent", "other"]
    assert list(catalogue["kpi_name"])[:2] == ["Referrals", "Share in mainstream"]
    assert list(catalogue["section"])[:2] == ["Demand", ""]


def arrays(**overrides):
    columns = {
        column: pa.array(["x", "y"], type=pa.large_string())
        for column in OBSERVATION_COLUMNS
        if column not in ("period", "value", "value_low", "value_high")
    }
    columns |= {
        "period": np.array(["2024-01-01", "NaT"], dtype="datetime64[ns]"),
        "value": np.array([1.5, np.nan]),
        "value_low": np.array([np.nan, np.nan]),
        "value_high": np.array([np.nan, 2.0]),
        "frequency": pa.array(["month", ""], type=pa.large_string()),  # the undated row has none
    }
    return columns | overrides


def test_a_frame_from_arrays_is_already_normal():
    frame = observations_from_arrays(arrays())
    pd.testing.assert_frame_equal(frame, normalise_observations(frame))
    assert frame["value_text"].tolist() == ["x", "y"] and frame["value_high"].tolist()[1] == 2.0


def test_a_frame_from_arrays_refuses_missing_text():
    with pytest.raises(ValueError, match="kpi_id"):
        observations_from_arrays(arrays(kpi_id=pa.array(["x", None], type=pa.large_string())))


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("Birmingham", [True, False]),
        (" birmingham ", [True, False]),
        ("E08000025", [True, False]),  # the new ONS code
        ("839", [False, True]),  # the old LA number
        ("", [False, False]),
        (None, [False, False]),
        ("Poole", [False, False]),  # part of a name is not the authority
    ],
)
def test_an_authority_is_known_by_its_name_or_either_code(wanted, expected):
    from send_core.model import is_authority

    names = ["Birmingham", "Bournemouth, Christchurch and Poole"]
    assert is_authority(names, ["E08000025", "E06000058"], ["330", "839"], wanted).tolist() == expected
