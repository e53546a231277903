"""'About this data' and the accessibility statement: the words follow the settings and the
dataset shown, and say who to contact and when they were last checked."""

from __future__ import annotations

import dataclasses

import pytest

from send_core.config import Settings, load_settings
from send_core.dataset import load_sample_dataset
from send_core.statements import DEFAULT_CONTACT, about_this_data, accessibility_statement, unset_statement_settings

SETTINGS = dataclasses.replace(load_settings(), contact="send.info@council.gov.uk", last_reviewed="2026-12-01")


@pytest.fixture(scope="module")
def sample():
    return load_sample_dataset(load_settings())


def text_of(sections) -> str:
    return "\n".join(p for section in sections for p in (section.heading, *section.paragraphs))


def test_about_this_data_says_sources_dates_suppression_ratings_change_and_contact(sample):
    text = text_of(about_this_data(sample, SETTINGS))
    # The sample is said to be the sample, not the council's figures. "They are not this
    # council's figures" contradicted "Birmingham City Council's published plan" (a reviewer).
    assert (
        "sample figures" in text
        and "They show how this site works until the council that runs it publishes its own figures." in text
    )
    assert "not this council's figures" not in text
    # The Birmingham sample's illustrative monthly figures run to June 2023, its latest period.
    assert "The latest figures are for June 2023." in text
    assert "(Birmingham)" in text and "illustrative" in text
    # The officers' view hides nothing, and says what the public one will hide (threshold 5: 1 to 4).
    assert "Nothing is hidden in this view" in text and "numbers from 1 to 4 will be hidden" in text
    public = text_of(about_this_data(dataclasses.replace(sample, suppression_threshold=5), SETTINGS))
    assert "Numbers from 1 to 4 are hidden and shown as 'c'" in public
    # Only the public view is limited to the measures chosen for publishing.
    assert "Only measures the council has chosen to publish are shown." in public
    assert "Only measures the council has chosen" not in text and "Every measure is shown here" in text
    # The default tolerances: 5 points, 10%.
    assert "within 5 percentage points for a percentage, or within 10% of the target" in text
    # NHS England's preset: a shift and a trend are 6 points; 13 points at least.
    assert "at least 13 figures" in text and "6 or more figures in a row" in text
    assert "send.info@council.gov.uk" in text and "It was last reviewed on 1 December 2026." in text


def test_a_published_version_is_named_with_its_date(sample):
    published = dataclasses.replace(
        sample, published_version="20261201-093000-abcdef", published_at="2026-12-01T09:30:00+00:00"
    )
    text = text_of(about_this_data(published, SETTINGS))
    assert "published these figures on 1 December 2026 (version 20261201-093000-abcdef)" in text
    assert "sample" not in text


def test_the_suppression_line_follows_the_threshold_the_version_was_published_with(sample):
    text = text_of(about_this_data(dataclasses.replace(sample, suppression_threshold=10), SETTINGS))
    assert "Numbers from 1 to 9 are hidden" in text


def test_without_contact_or_date_the_statements_say_so():
    text = text_of(accessibility_statement(Settings()))
    assert DEFAULT_CONTACT in text
    # Never without a date (a reviewer found none): when it was prepared, in GOV.UK's model's
    # words; not "the council ... has not yet recorded its own check", a note to officers that
    # families read (a reviewer).
    assert "This statement was prepared on 7 December 2026." in text
    assert "It was last reviewed" not in text and "has not yet recorded" not in text
    assert unset_statement_settings(Settings()) == ["contact", "last_reviewed"]
    assert unset_statement_settings(SETTINGS) == []


def test_the_statement_always_gives_a_direct_contact_beyond_the_council():
    # GOV.UK's model statement names the enforcement route: EASS, with its address.
    for settings in (Settings(), SETTINGS):
        sections = accessibility_statement(settings)
        assert sections[-1].heading == "If you are not happy with our reply"
        assert "www.equalityadvisoryservice.com" in text_of(sections[-1:])


def test_the_accessibility_statement_has_aim_limits_testing_contact_and_date():
    sections = accessibility_statement(SETTINGS)
    headings = [section.heading for section in sections]
    assert headings == [
        "Accessibility statement",
        "What we do",
        "What we know is not yet right",
        "How we tested it",
        "Contact",
        "If you are not happy with our reply",
    ]
    text = text_of(sections)
    assert "WCAG) 2.2 at level AA" in text and "axe-core" in text and "keyboard" in text
    assert "send.info@council.gov.uk" in text and "1 December 2026" in text


def test_about_this_data_names_every_counter_the_overview_shows(sample):
    from send_core.wording import RATING_COUNT_LABELS

    # It said a measure without a target "is not rated", beside separate counters for "No
    # target set" and "Not rated"; now each counter's name is explained.
    text = text_of(about_this_data(sample, SETTINGS))
    for _, label in RATING_COUNT_LABELS:
        assert label.split(":")[0] in text, label
    assert "shown as a dash" not in text  # the tables say "no data"


def test_about_this_data_says_which_measures_are_not_tested_for_a_real_change(sample):
    text = text_of(about_this_data(sample, SETTINGS))
    assert "a running total over the year" in text
    assert "at least 50% of its figures are the same as the one before" in text


def test_the_accessibility_statement_claims_no_icon_the_tiles_do_not_draw():
    # The tile badges are words only (an icon was read out as "trending_down icon"): the
    # statement said ratings are "marked with an icon" (a reviewer).
    text = text_of(accessibility_statement(Settings()))
    assert "ratings are always written in words, never shown by colour alone" in text
    assert "icon" not in text
