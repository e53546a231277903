"""Sign-in for the officer instance with Streamlit's own OpenID Connect (``st.login``), and
each person's role (:mod:`send_core.access`). Without sign-in set up, the app is for one
person on the computer it runs on, and says so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ..access import LOCAL_ROLE, is_this_computer, may, role_for
from .state import get_settings, snapshot_store
from .text import escape_markdown

SIGNED_IN_RECORDED_KEY = "sign_in_recorded"


@dataclass(frozen=True)
class Person:
    """Who is using this session: their email (None without sign-in) and role (None: none)."""

    email: str | None
    role: str | None
    signed_in: bool

    def may(self, action: str) -> bool:
        return may(self.role, action)


def sign_in_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` has an ``[auth]`` section for ``st.login``."""
    try:
        return "auth" in st.secrets
    except Exception:  # Streamlit raises its own errors for a missing or unreadable secrets file
        return False


def serves_only_this_computer() -> bool:
    """Whether the server listens on this computer's own address only (the project's
    ``.streamlit/config.toml`` says ``localhost``), so nobody else can reach it."""
    from streamlit import config

    address = str(config.get_option("server.address") or "")
    return address == "localhost" or is_this_computer(address)


def person_or_gate() -> tuple[Person | None, Callable[[], None] | None]:
    """This session's person, or the page to show instead of the app: the sign-in page (sign-in
    is set up and the visitor is not signed in), "you have not been given access" (no role lists
    their email), or "this copy has no sign-in" (a visitor from another computer, with no sign-in
    set up and ``accept_uploads_without_sign_in`` not accepting it)."""
    settings = get_settings()
    if sign_in_configured():
        if not st.user.is_logged_in:
            return None, _sign_in_page
        email = str(st.user.get("email") or "")
        role = role_for(email, settings)
        if role is None:
            return None, lambda: _no_role_page(email)
        if not st.session_state.get(SIGNED_IN_RECORDED_KEY):
            st.session_state[SIGNED_IN_RECORDED_KEY] = True
            store = snapshot_store()
            if store is not None:
                store.record_sign_in(email, role)
        return Person(email, role, True), None
    # Streamlit gives None for a visitor on this computer, else their address (under AppTest,
    # which serves nobody, not an address at all).
    remote = st.context.ip_address
    local = serves_only_this_computer() and not (isinstance(remote, str) and not is_this_computer(remote))
    if local or settings.accept_uploads_without_sign_in:
        return Person(None, LOCAL_ROLE, False), None
    return None, _not_set_up_page


def current_person() -> Person:
    """This session's person (pages run only once the router has let them in)."""
    person, _gate = person_or_gate()
    if person is None:
        st.stop()
    return person


def _sign_in_page() -> None:
    st.title("Sign in")
    st.markdown(
        "This is the council's SEND improvement reporting app. Sign in with your work account to see the "
        "published figures; officers can also upload this month's files, and publishers publish them."
    )
    st.button("Sign in", type="primary", on_click=st.login, icon=":material/login:")


def _no_role_page(email: str) -> None:
    st.title("You have not been given access")
    st.text(f"You are signed in as {email}, but this app has not been set up to let that account in.")
    st.markdown("Ask the SEND performance team to add you as a viewer, officer or publisher.")
    st.button("Sign out", on_click=st.logout)


def _not_set_up_page() -> None:
    st.title("This copy of the app has no sign-in")
    st.error(
        "It can only be used on the computer it runs on, because nobody has to sign in to it. Its "
        'administrator can set up sign-in (README, "Sign-in and roles"), or run it with `read_only: true` '
        "for published figures only."
    )


def person_in_sidebar(person: Person) -> None:
    """Who is signed in, as what, with a Sign out button; or that there is no sign-in."""
    with st.sidebar:
        if person.signed_in:
            st.caption(f"Signed in as {escape_markdown(person.email or '')} ({person.role})")
            st.button("Sign out", on_click=st.logout, key="sign-out")
        else:
            st.caption("No sign-in is set up: this copy is for one person on this computer.")
