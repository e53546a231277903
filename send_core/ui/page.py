"""Every page's opening, in one place: the router check, the title, the dataset, the sidebar
filters and the banner saying whose data this is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ..config import Settings
from ..dataset import Dataset
from ..filters import Filters
from .navigation import require_router
from .state import current_dataset, get_settings, locality_config_error, published_for_session, show_latest
from .widgets import data_banner, newer_version_note, sidebar_filters


@dataclass(frozen=True)
class PageStart:
    """What a page starts from: the dataset, files that could not be read (name, message),
    the filters chosen in the sidebar and the settings."""

    dataset: Dataset
    errors: list[tuple[str, str]]
    filters: Filters
    settings: Settings

    @property
    def objective(self) -> str | None:
        """The chosen objective's id, or None for every objective."""
        return None if self.filters.objective == Filters().objective else self.filters.objective


def start_page(title: str, what_this_shows: str | Callable[[Dataset], str], *, banner: bool = True) -> PageStart:
    """Draw a page's opening and return what it needs. Call it first thing on every page:
    it runs the router when a shared link is a fresh server's first visit (see
    :func:`require_router`). ``what_this_shows`` is the page's purpose in one plain sentence,
    under its title, or a function that words it for the data (so that it promises only what
    the data holds). ``banner`` False leaves out the "whose data" banner (the Upload page lists
    the files itself)."""
    require_router()
    st.title(title)
    purpose = st.empty()  # filled once the data is known, above everything the data draws
    dataset, errors = current_dataset()
    purpose.markdown(what_this_shows(dataset) if callable(what_this_shows) else what_this_shows)
    filters = sidebar_filters(dataset)
    shown = published_for_session()
    if shown.problems:
        st.error("The published figures could not all be read:")
        st.text("\n".join(shown.problems))
    if banner:
        data_banner(dataset, errors, read_only=get_settings().read_only)
        newer_version_note(dataset, shown.live_version, show_latest)
    problem = locality_config_error()
    if problem is not None:
        st.warning(
            "The locality file could not be used, so localities and pods are not offered. The app's "
            "administrator can fix it:"
        )
        st.text(problem)
    return PageStart(dataset, errors, filters, get_settings())
