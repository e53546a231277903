""" "About this data" and the accessibility statement, in plain English, as sections of plain
text: the About page and the static site for the Local Offer show the same words.

Everything here comes from the settings and the published dataset's own dates and rules, never
from an uploaded file's text, so the page may show it as Markdown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .config import Settings
from .dataset import Dataset
from .reports.contents import latest_period
from .spc import MINIMUM_POINTS, REPEATED_SHARE
from .suppression import hidden_numbers_sentence
from .wording import period_text

DEFAULT_CONTACT = "the council's SEND team (through the Local Offer website)"


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs (each a plain sentence or two; a list item starts "- ")."""

    heading: str
    paragraphs: tuple[str, ...]


def contact_text(settings: Settings) -> str:
    """Who to contact, as words: the configured email or address, else the council's SEND team."""
    return settings.contact or DEFAULT_CONTACT


# The day this app's own statement was last checked against the app by its developers (by
# hand at 1366 px and with axe-core in Chromium); a council's own check goes in
# ``last_reviewed``. Change it when the statement is checked again.
STATEMENT_CHECKED = dt.date(2026, 12, 7)
EASS_ADDRESS = "www.equalityadvisoryservice.com"  # as text: the static site links to nothing outside it


def reviewed_text(settings: Settings) -> str:
    """ "This statement was prepared on 7 December 2026. It was last reviewed on 1 December
    2026." (GOV.UK's model statement's words), the review from ``last_reviewed``; when the
    council has set no date, only when it was prepared (``STATEMENT_CHECKED``). Officers are
    told separately that the date is missing (:func:`unset_statement_settings`): "the council
    has not yet recorded its own check" was a note to them, shown to families."""
    prepared = f"This statement was prepared on {STATEMENT_CHECKED:%-d %B %Y}."
    if not settings.last_reviewed:
        return prepared
    return f"{prepared} It was last reviewed on {pd.Timestamp(settings.last_reviewed):%-d %B %Y}."


def unset_statement_settings(settings: Settings) -> list[str]:
    """The settings the public statements need that are not set (``contact``,
    ``last_reviewed``), for a warning to officers before they publish; empty when both are."""
    return [name for name in ("contact", "last_reviewed") if not getattr(settings, name)]


def about_this_data(dataset: Dataset, settings: Settings) -> tuple[Section, ...]:
    """Where the figures come from, how up to date they are, how small numbers are protected,
    how ratings and real changes are decided, and who to contact. ``dataset`` is what the
    reader is looking at (a published version, or the sample)."""
    if dataset.published_version:
        sources = (
            f"The council published these figures{dataset.published_on_text} (version {dataset.published_version}), from the "
            "performance reports it keeps for its SEND improvement work and from its improvement plan.",
        )
    elif not dataset.is_sample:
        sources = (
            "These figures come from the files uploaded in this session, laid over any published figures; nobody "
            "else sees them until they are published.",
        )
    else:
        sources = (
            f"Nothing has been published here yet, so these are sample figures ({dataset.sample_name}): "
            f"{dataset.sample_about} They show how this site works until the council that runs it publishes its own figures.",
        )
    latest, frequency = latest_period(dataset.observations)
    up_to_date = (
        f"The latest figures are for {period_text(latest, frequency, long=True)}. Each measure says which "
        "month or year its own latest figure is for."
        if latest is not None
        else "There are no dated figures yet."
    )
    threshold = dataset.suppression_threshold
    protection = (
        (
            "Nothing is hidden in this view: it is not the public one. When these figures are published for the "
            f"public, numbers from 1 to {settings.suppression_threshold - 1} will be hidden and shown as 'c', with "
            "any other figure that would let someone work one out."
        )
        if threshold is None
        else (
            f"{hidden_numbers_sentence(threshold)} So that a hidden number cannot be "
            "worked out by subtracting from a total, another figure is hidden with it where needed. A percentage "
            "of a hidden number is hidden too. A figure with no data says 'no data' or is left out, never 'c'. "
            "Running totals over the year are not checked this way (one month's rise could be a small number), so "
            "the council publishes those only where that is acceptable."
        ),
        "Only measures the council has chosen to publish are shown."
        if threshold is not None
        else "Every measure is shown here; the public sees only those the council has chosen to publish.",
    )
    tolerance = settings.amber_tolerance_points
    ratings = (
        "- Green: on target or better.",
        f"- Amber: close to the target: within {tolerance:g} percentage points for a percentage, or within "
        f"{settings.amber_tolerance_share:.0%} of the target for other figures.",
        "- Red: further from the target than that.",
        "Ratings are always written in words as well as shown in colour. A measure with no figure yet is "
        "counted as 'No figures yet'; one with figures but no target as 'No target set'; one where neither higher "
        "nor lower is better as 'Not rated'; and, on the public site, one whose latest figure is hidden to protect "
        "children's privacy as 'Hidden'.",
    )
    rules = settings.spc_rules()
    change = (
        "Figures go up and down from month to month by chance. To tell a real change from chance we use "
        "statistical process control, the method the NHS uses ('Making Data Count').",
        f"From each measure's own history (at least {MINIMUM_POINTS} figures) we work out its average and its "
        "usual range. A change is called unlikely to be chance when a figure falls outside the usual range, "
        f"{rules.shift_length} or more figures in a row are on one side of the average, {rules.trend_length} or more "
        "rise or fall in a row, or two of three figures are close to the edge of the range.",
        "It is 'getting better' or 'getting worse' depending on whether higher or lower is better for that measure.",
        f"Two kinds of measure are not tested: a running total over the year, which starts again each January, "
        f"and one where at least {REPEATED_SHARE:.0%} of its figures are the same as the one before (a figure "
        "updated each term or year, or a rare event), since its usual ups and downs cannot be measured.",
    )
    contact = (f"Questions about these figures: {contact_text(settings)}.", reviewed_text(settings))
    return (
        Section("Where the figures come from", sources),
        Section("How up to date they are", (up_to_date,)),
        Section("How small numbers are protected", protection),
        Section("How ratings are decided", ratings),
        Section("How we tell a real change from chance", change),
        Section("Contact", contact),
    )


def accessibility_statement(settings: Settings) -> tuple[Section, ...]:
    """The accessibility statement: what we aim for, what we do, what is not yet right, how it
    was tested, and who to contact, with the date it was last checked."""
    return (
        Section(
            "Accessibility statement",
            (
                "This site is for everyone who follows the local area's SEND improvement work, including parents "
                "and carers, young people and their representatives. We aim to meet the Web Content Accessibility "
                "Guidelines (WCAG) 2.2 at level AA.",
            ),
        ),
        Section(
            "What we do",
            (
                "- every chart has a one-sentence summary and its figures as a table;",
                "- ratings are always written in words, never shown by colour alone;",
                "- chart colours come from the Government Statistical Service palette and contrast with white;",
                "- every control has a visible label, and the page title changes with the page;",
                "- the site works with a keyboard alone and at 200% zoom;",
                "- nothing is loaded from other websites: no fonts, maps or trackers from third parties.",
            ),
        ),
        Section(
            "What we know is not yet right",
            (
                "- the maps cannot be read by screen readers: the table beside each map has the same figures;",
                "- charts with many lines can be hard to follow: choose fewer measures, or use the table.",
            ),
        ),
        Section(
            "How we tested it",
            (
                "Every page, and the static page for the Local Offer, is checked with the axe-core accessibility "
                "checker in a real browser on every change, in the public and the officers' versions, and the "
                "filters and tabs are used with a keyboard alone.",
            ),
        ),
        Section(
            "Contact",
            (
                f"If you find a problem, or need the information in another format: {contact_text(settings)}.",
                reviewed_text(settings),
            ),
        ),
        Section(
            "If you are not happy with our reply",
            (
                "The Equality and Human Rights Commission enforces the accessibility regulations. If you are not "
                "happy with how we answer a problem you report, contact the Equality Advisory and Support Service "
                f"(EASS): {EASS_ADDRESS}.",
            ),
        ),
    )
