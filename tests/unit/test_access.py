"""Roles from emails and domains, and what each role may do."""

from __future__ import annotations

import pytest

from send_core.access import is_this_computer, may, role_for
from send_core.config import Settings

SETTINGS = Settings(
    viewers=("@council.gov.uk",),
    officers=("send.officer@council.gov.uk", "@send-team.council.gov.uk"),
    publishers=("Head.Of.Performance@council.gov.uk",),
)


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("manager@council.gov.uk", "viewer"),
        ("send.officer@council.gov.uk", "officer"),
        ("anyone@send-team.council.gov.uk", "officer"),
        ("head.of.performance@COUNCIL.gov.uk", "publisher"),  # case does not matter
        ("someone@evilcouncil.gov.uk", None),  # the domain must match from its @
        ("someone@council.gov.uk.example.org", None),
        ("", None),
        (None, None),
        ("not-an-email", None),
    ],
)
def test_role_for(email, role):
    assert role_for(email, SETTINGS) == role


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("viewer", {"view"}),
        ("officer", {"view", "upload"}),
        ("publisher", {"view", "upload", "publish", "rollback"}),
        (None, set()),
    ],
)
def test_may(role, allowed):
    assert {action for action in ("view", "upload", "publish", "rollback") if may(role, action)} == allowed


@pytest.mark.parametrize(
    ("address", "local"),
    [("127.0.0.1", True), ("::1", True), ("127.8.9.10", True), ("10.0.0.5", False), ("", False), (None, False),
     ("localhost", False), ("fe80::1%eth0", False)],
)  # fmt: skip
def test_is_this_computer(address, local):
    assert is_this_computer(address) is local
