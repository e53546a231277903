"""The written commentary, sentence by sentence: each expected sentence is written out by
hand from the numbers in the row, and no sentence may claim more than the numbers show."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_core.reports.commentary import (
    comparator_sentence,
    exception_commentary,
    kpi_commentary,
    late_actions_sentence,
    latest_sentence,
    objective_commentary,
    spc_sentence,
    target_sentence,
)

NAN = math.nan


def kpi_row(**values: object) -> pd.Series:
    """A summary row: % of plans issued within 20 weeks, 58% in March 2024, 55% the month before."""
    row = {
        "kpi_id": "K1",
        "kpi_name": "% of plans issued within 20 weeks",
        "unit": "percent",
        "good_direction": "up",
        "cumulative": False,
        "latest_period": pd.Timestamp("2024-03-01"),
        "latest_value": 58.0,
        "previous_period": pd.Timestamp("2024-02-01"),
        "previous_value": 55.0,
        "change": 3.0,
        "target_text": "60%",
        "rag": "Amber",
        "england": NAN,
        "statistical_neighbours": NAN,
        "region": NAN,
        "variation": None,
        "assurance": None,
        "provisional": True,
    }
    row.update(values)
    return pd.Series(row)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "% of plans issued within 20 weeks was 58% in March 2024, up from 55% in February 2024."),
        (
            {"latest_value": 52.0, "change": -3.0},
            "% of plans issued within 20 weeks was 52% in March 2024, down from 55% in February 2024.",
        ),
        (
            {"latest_value": 55.0, "change": 0.0},
            "% of plans issued within 20 weeks was 55% in March 2024, the same as in February 2024.",
        ),
        (
            {"previous_value": NAN, "change": NAN, "previous_period": None},
            "% of plans issued within 20 weeks was 58% in March 2024.",
        ),
        # A cumulative KPI across its January reset: kpi_summary gives no change, so no "down from".
        (
            {"previous_value": 940.0, "change": NAN, "unit": "count"},
            "% of plans issued within 20 weeks was 58 in March 2024.",
        ),
        ({"latest_value": NAN}, "% of plans issued within 20 weeks has no value in this view."),
        # Hidden on the public site: there is a figure, so not "has no value in this view".
        (
            {"latest_value": NAN, "latest_text": "c", "rag": "Hidden", "variation": "hidden"},
            "% of plans issued within 20 weeks: its latest figure, for March 2024, is hidden (a small number), so "
            "that no child can be identified.",
        ),
        (
            {
                "kpi_name": "Number of complaints",
                "unit": "count",
                "latest_value": 1250.0,
                "previous_value": 1100.0,
                "change": 150.0,
            },
            "Number of complaints was 1,250 in March 2024, up from 1,100 in February 2024.",
        ),
        # Both figures with the decimals the more precise needs: "1% ... up from 0.95%" read as a mix.
        (
            {"latest_value": 1.0, "previous_value": 0.95, "change": 0.05},
            "% of plans issued within 20 weeks was 1.00% in March 2024, up from 0.95% in February 2024.",
        ),
    ],
)
def test_the_latest_value_and_its_change(values, expected):
    assert latest_sentence(kpi_row(**values)) == expected


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ("Green", "That meets its target of 60%."),
        ("Amber", "That is close to, but short of, its target of 60%."),
        ("Red", "That is off its target of 60%."),
        ("Not rated", "Its target is 60%, but with no good direction set it is not rated."),
        ("No target", "It has no target set."),
        ("No data", ""),
    ],
)
def test_the_target_sentence_follows_the_rating(rating, expected):
    assert target_sentence(kpi_row(rag=rating)) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # Higher is better: 58% against England's 50.3% is better; against 61% worse.
        ({"england": 50.3}, "It is better than England (50.3%)."),
        (
            {"england": 50.3, "statistical_neighbours": 61.0, "region": 58.0},
            "It is better than England (50.3%), worse than the statistical neighbours (61%) and level with the region (58%).",
        ),
        # Lower is better: 58 weeks against England's 50.3 is worse.
        ({"good_direction": "down", "unit": "weeks", "england": 50.3}, "It is worse than England (50.3 weeks)."),
        # No good direction: only above or below.
        (
            {"good_direction": "none", "england": 50.3, "region": 70.0},
            "It is above England (50.3%) and below the region (70%).",
        ),
        ({}, ""),
        ({"latest_value": NAN, "england": 50.3}, ""),
        # A total is another size from England's: never compared.
        ({"unit": "count", "england": 638745.0}, ""),
    ],
)
def test_comparators_are_better_or_worse_in_the_good_direction(values, expected):
    assert comparator_sentence(kpi_row(**values)) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"variation": "common_cause", "provisional": False},
            "The ups and downs are within the usual range: no sign of real change.",
        ),
        (
            {"variation": "improvement_high", "provisional": False},  # and up 3 points on the month
            "Over recent months it has got better, and that is unlikely to be chance.",
        ),
        (
            # Worse over recent months, though the latest month rose 3 points, the good way.
            {"variation": "concern_low", "provisional": False},
            "Over recent months it has got worse, and that is unlikely to be chance, though its latest figure "
            "moved the other way.",
        ),
        (
            # Birmingham's longest wait for OT: shorter over recent months, 0.5 weeks longer on the last.
            {"variation": "improvement_low", "provisional": False, "good_direction": "down", "change": 0.5},
            "Over recent months it has got better, and that is unlikely to be chance, though its latest figure "
            "moved the other way.",
        ),
        (
            {"variation": "concern_high", "provisional": False, "good_direction": "down", "change": 0.0},
            "Over recent months it has got worse, and that is unlikely to be chance.",  # no step: nothing to add
        ),
        (
            {"variation": "neutral_high", "provisional": False},
            "It has changed, and that is unlikely to be chance; neither higher nor lower is better for it.",
        ),
        (
            {"variation": None, "provisional": True},
            "With fewer than 13 values, it is too soon to tell real change from normal ups and downs.",
        ),
        (
            {"cumulative": True, "variation": None},
            "As a running total over the year it is not tested for a real change.",
        ),
        # Codes of the app's own: it said "It has changed, and that is unlikely to be chance" of both.
        (
            {"variation": "repeated_figures", "provisional": False},
            "Most of its figures repeat the one before, so it is not tested for a real change.",
        ),
        (
            {"variation": "hidden", "provisional": False},
            "Its latest figure is hidden, so whether it is changing is not said.",
        ),
    ],
)
def test_spc_in_words(values, expected):
    assert spc_sentence(kpi_row(**values)) == expected


def test_a_whole_paragraph_on_one_kpi():
    row = kpi_row(england=50.3, variation="common_cause", provisional=False, assurance="hit_and_miss")
    assert kpi_commentary(row) == (
        "% of plans issued within 20 weeks was 58% in March 2024, up from 55% in February 2024. "
        "That is close to, but short of, its target of 60%. It is better than England (50.3%). "
        "The ups and downs are within the usual range: no sign of real change. "
        "As things are, it will sometimes meet its target and sometimes miss it."
    )


def actions(*rows: tuple[str, str, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["action_id", "title", "days_overdue"])


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (actions(), ""),
        (actions(("A1", "Recruit", 0)), "Its one action is on track, completed or embedded."),
        (actions(("A1", "Recruit", 0), ("A2", "Publish", 0)), "All 2 actions are on track, completed or embedded."),
        (
            actions(("A1", "Recruit", 59), ("A2", "Publish", 0)),
            "1 of 2 actions is delayed: A1 Recruit (59 days overdue).",
        ),
        (
            actions(("A1", "Recruit", 1), ("A2", "Publish", 30), ("A3", "Train", 0)),
            "2 of 3 actions are delayed: A2 Publish (30 days overdue); A1 Recruit (1 day overdue).",
        ),
        (
            actions(*[(f"A{n}", "Step", n) for n in range(1, 8)]),
            "7 of 7 actions are delayed: A7 Step (7 days overdue); A6 Step (6 days overdue); A5 Step (5 days overdue); "
            "A4 Step (4 days overdue); A3 Step (3 days overdue), and 2 more.",
        ),
    ],
)
def test_late_actions_most_overdue_first(table, expected):
    assert late_actions_sentence(table) == expected


def test_an_objective_paragraph_counts_ratings_names_real_change_and_late_actions():
    kpis = pd.DataFrame(
        [
            kpi_row(kpi_name="A", rag="Green", variation="improvement_high"),
            kpi_row(kpi_name="B", rag="Red", variation="concern_low"),
            kpi_row(kpi_name="C", rag="Red", variation="common_cause"),
            kpi_row(kpi_name="D", rag="No target", variation=None),
            kpi_row(kpi_name="E", rag="Red", latest_value=NAN),  # no value: not counted
        ]
    )
    text = objective_commentary("Timeliness", kpis, actions(("A1", "Recruit", 59)))
    assert text == (
        "Timeliness: of 4 KPIs with data, 1 on or better than target, 0 close to target, 2 off target and "
        "1 without a target or a good direction to rate against. "
        "Getting worse, unlikely to be chance in: B. "
        "Getting better, unlikely to be chance in: A. "
        "Off target: B and C. 1 of 1 action is delayed: A1 Recruit (59 days overdue)."
    )


def test_an_objective_with_no_values():
    assert objective_commentary("Voice", pd.DataFrame([kpi_row(latest_value=NAN)]), actions()) == (
        "Voice: no KPI under this objective has a value in this view."
    )


def test_an_exception_adds_its_objective_s_late_actions():
    row = kpi_row(rag="Red", england=50.3)
    text = exception_commentary(row, actions(("A1", "Recruit", 59)))
    assert text.endswith("Under the same objective, 1 of 1 action is delayed: A1 Recruit (59 days overdue).")
    assert exception_commentary(row, actions(("A1", "Recruit", 0))) == kpi_commentary(row)


@given(
    variation=st.sampled_from(
        [
            None,
            "common_cause",
            "improvement_high",
            "improvement_low",
            "concern_high",
            "concern_low",
            "neutral_high",
            "neutral_low",
        ]
    ),
    latest=st.floats(0, 1000, allow_nan=False),
    previous=st.one_of(st.just(NAN), st.floats(0, 1000, allow_nan=False)),
    rating=st.sampled_from(["Green", "Amber", "Red", "No target", "Not rated", "No data"]),
    direction=st.sampled_from(["up", "down", "none"]),
    cumulative=st.booleans(),
)
def test_no_claim_the_numbers_do_not_support(variation, latest, previous, rating, direction, cumulative):
    row = kpi_row(
        variation=variation,
        provisional=variation is None,
        latest_value=latest,
        previous_value=previous,
        change=latest - previous,
        rag=rating,
        good_direction=direction,
        cumulative=cumulative,
        england=50.0,
    )
    text = kpi_commentary(row).lower()
    improvement = variation is not None and variation.startswith("improvement") and not cumulative
    concern = variation is not None and variation.startswith("concern") and not cumulative
    # The only words that claim a real change are statistical process control's.
    assert ("got better" in text) == improvement
    assert ("got worse" in text) == concern
    assert "improving" not in text and "worsening" not in text
    if rating != "Green":
        assert "meets its target" not in text


def test_figures_that_changed_are_explained_in_the_tiles_words_not_as_limits():
    from send_core.glossary import GLOSSARY
    from send_core.reports.commentary import ASSURANCE_SENTENCES
    from send_core.spc import LIMITS_OUT_OF_DATE
    from send_core.wording import ASSURANCE_TEXT

    # The tiles and the glossary say "usual range"; the pack said "since its limits were set".
    for text in (ASSURANCE_SENTENCES[LIMITS_OUT_OF_DATE], ASSURANCE_TEXT[LIMITS_OUT_OF_DATE], GLOSSARY["Assurance"]):
        assert "usual range" in text and "limits" not in text, text
