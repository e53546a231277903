"""Typed errors: every expected failure is a SendCoreError whose message is what a user reads."""

import pytest

from send_core.errors import ConfigError, PlanError, ScorecardError, SendCoreError


@pytest.mark.parametrize("error", [ScorecardError, PlanError, ConfigError])
def test_every_error_is_a_send_core_error(error):
    assert issubclass(error, SendCoreError)


def test_a_plan_error_lists_every_problem_under_one_heading():
    error = PlanError(["Line 3: unknown key 'ownr'.", "Line 9: due 'soon' is not a date."])
    assert error.problems == ["Line 3: unknown key 'ownr'.", "Line 9: due 'soon' is not a date."]
    assert str(error) == (
        "The plan file has 2 problems:\n- Line 3: unknown key 'ownr'.\n- Line 9: due 'soon' is not a date."
    )


def test_a_plan_error_with_one_problem_says_problem():
    assert str(PlanError("The plan file is empty.")) == "The plan file has 1 problem:\n- The plan file is empty."
