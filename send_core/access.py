"""Who may do what on the officer instance, from the email a person signed in with.

Roles, each allowed everything the one before it is: ``viewer`` (managers: read the published
internal figures), ``officer`` (also upload files and see them as a draft) and ``publisher``
(also publish and roll back). Settings list emails (``name@council.gov.uk``) or whole domains
(``@council.gov.uk``) for each role."""

from __future__ import annotations

import ipaddress

from .config import Settings

ROLES = ("viewer", "officer", "publisher")
ROLE_SETTINGS = {"viewer": "viewers", "officer": "officers", "publisher": "publishers"}
# What each action needs at least.
NEEDS = {"view": "viewer", "upload": "officer", "publish": "publisher", "rollback": "publisher"}
# Without sign-in configured the app serves one person on this computer, who may do anything.
LOCAL_ROLE = "publisher"


def _matches(email: str, entry: str) -> bool:
    email, entry = email.strip().lower(), entry.strip().lower()
    return email.endswith(entry) if entry.startswith("@") else email == entry


def role_for(email: str | None, settings: Settings) -> str | None:
    """The highest role whose list in ``settings`` names ``email`` or its domain, or None when
    none does (or there is no email). Matching ignores case; ``@council.gov.uk`` does not
    match ``x@evilcouncil.gov.uk`` (the whole end must match, from the @)."""
    if not email or "@" not in email:
        return None
    for role in reversed(ROLES):
        if any(_matches(email, entry) for entry in getattr(settings, ROLE_SETTINGS[role])):
            return role
    return None


def may(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (a key of :data:`NEEDS`)."""
    if role is None:
        return False
    return ROLES.index(role) >= ROLES.index(NEEDS[action])


def is_this_computer(address: str | None) -> bool:
    """Whether a visitor's IP address is this computer's own (loopback). An unknown address
    is not: the safe answer when it cannot be told."""
    if not address:
        return False
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False
