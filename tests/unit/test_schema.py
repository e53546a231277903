"""The plan format's checks: unknown keys with a suggestion, types in words, due dates."""

import datetime as dt

import pytest

from send_core.plan.schema import Checker, check_keys, parse_due, type_name
from send_core.yaml_loader import load_yaml


def test_an_unknown_key_is_named_with_its_line_and_the_nearest_key():
    entry = load_yaml("id: A1\nobjective: O1\ntitle: T\nownr: Head of SEND\n", noun="plan")
    checker = Checker()
    assert check_keys(entry, "action", "action A1", checker)
    assert checker.problems == [
        "Line 4: unknown key 'ownr' in action A1. Did you mean 'owner'?",
        "Line 1: action A1 needs 'owner'.",
    ]


def test_a_list_where_a_mapping_belongs_is_refused():
    checker = Checker()
    assert not check_keys(load_yaml("- a\n- b\n", noun="plan"), "action", "action 1", checker)
    assert checker.problems == ["Line 1: action 1 should be a mapping of keys and values, not a list."]


@pytest.mark.parametrize(
    ("expected", "words"),
    [(str, "text"), (int, "a whole number"), ((str, dt.date), "text or a date"), (list, "a list")],
)
def test_types_are_named_as_a_person_would(expected, words):
    assert type_name(expected) == words


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("30 Apr 2022", dt.date(2022, 4, 30)),
        ("April 2022", dt.date(2022, 4, 30)),  # a month is due at its end
        ("Jan to March 2024", dt.date(2024, 3, 31)),  # a range is due at its end
        ("June and July 2023", dt.date(2023, 7, 31)),
        ("By December 2022", dt.date(2022, 12, 31)),
        ("someday", None),
    ],
)
def test_due_dates_are_the_last_day_they_could_be_met(text, due):
    assert parse_due(text) == due
