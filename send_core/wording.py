"""Plain-English wording, in one place: how numbers, changes, ratings, action statuses and
SPC results are said, by every page, chart, download and the command line."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from .rag import AMBER, BLUE, GREEN, HIDDEN, NO_DATA, NO_TARGET, NOT_RATED, RED
from .spc import LIMITS_OUT_OF_DATE, MINIMUM_POINTS, REPEATED_FIGURES


def how_many(count: int, one: str, many: str | None = None) -> str:
    """``1 KPI``, ``2 KPIs``, ``1,234 values and markers``: a count with its noun, singular
    for exactly one. ``many`` is the plural when adding "s" would be wrong."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def accounting_sentence(accounting: Mapping[str, int]) -> str:
    """What became of a file's non-empty cells, from a read's accounting (counts under
    ``cells``, ``values``, ``markers``, ``labels`` and ``problems``, which add up): "Every
    non-empty cell is accounted for. Of 6 cells, we read 1 as a value, 1 as a marker and 4 as
    labels or headings." with, when some were not understood, how many and where to look."""

    def read_as(count: int, one: str, many: str) -> str:
        return f"{count:,} as {one if count == 1 else many}"

    sentence = (
        f"Every non-empty cell is accounted for. Of {how_many(accounting['cells'], 'cell')}, we read "
        f"{read_as(accounting['values'], 'a value', 'values')}, {read_as(accounting['markers'], 'a marker', 'markers')} "
        f"and {read_as(accounting['labels'], 'a label or heading', 'labels or headings')}"
    )
    if accounting["problems"]:
        return sentence + f"; {accounting['problems']:,} could not be understood (see the problems)."
    return sentence + "."


def file_size_text(size: int) -> str:
    """``850 bytes``, ``12 KB``, ``1.4 MB``: a file's size as a download label gives it."""
    if size < 1024:
        return how_many(size, "byte")
    if size < 1024**2:
        return f"{size / 1024:,.0f} KB"
    return f"{size / 1024**2:,.1f} MB"


UNIT_SUFFIX = {"percent": "%", "weeks": " weeks", "days": " days"}


# What a chart's values are, in its subtitle.
UNIT_WORDS = {
    "percent": "Values are percentages",
    "count": "Values are counts",
    "weeks": "Values are in weeks",
    "days": "Values are in days",
    "rate": "Values are rates",
    "currency": "Values are in pounds",
}


def number_text(value: float) -> str:
    """``14777.0`` -> ``14,777``, ``2.50`` -> ``2.5``: thousands separators, at most two
    decimals, no trailing zeros."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def unit_suffix(unit: str, written: str) -> str:
    """What follows a number written as ``written`` in ``unit``: ``%``, `` weeks``, and
    `` week`` when it is written "1" ("1 week", but "1.0 weeks"); "" for units written bare."""
    suffix = UNIT_SUFFIX.get(unit, "")
    return suffix[:-1] if written == "1" and suffix.endswith("s") else suffix


def format_value(value: float, unit: str) -> str:
    """``49.2`` + percent -> ``49.2%``; counts get thousands separators; NaN -> ``no data``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    if unit == "currency":
        return f"£{value:,.0f}"
    if unit == "count" and float(value).is_integer():
        return f"{value:,.0f}"
    written = number_text(value)
    return written + unit_suffix(unit, written)


def format_values(values: Sequence[float], unit: str) -> list[str]:
    """Figures written side by side in one sentence ("up from 0.95% to 1.00%"), each as
    :func:`format_value` writes it but with the decimals the most precise of them needs (at
    most two), so "1%" never stands beside "0.95%". Whole counts and money are as
    :func:`format_value` writes them; NaN is ``no data``; one figure is written on its own."""
    numbers = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if len(numbers) < 2 or unit == "currency" or (unit == "count" and all(n.is_integer() for n in numbers)):
        return [format_value(value, unit) for value in values]
    decimals = max(len(f"{abs(n):.2f}".rstrip("0").split(".")[1]) for n in numbers)
    written = []
    for value in values:
        if value is None or math.isnan(float(value)):
            written.append("no data")
            continue
        text = f"{float(value):,.{decimals}f}"
        written.append(text + unit_suffix(unit, text))
    return written


def gap_text(gap: float, unit: str) -> str:
    """How far an actual is from its target, in the KPI's unit and in words: ``14777`` count ->
    "14,777 above", ``-2`` percent -> "2 percentage points below" (a gap between percentages
    is in points, not a percentage of the target), ``0`` -> "on the target"; "" for NaN (no
    single number to compare). Whether above is good is the rating's to say, not this."""
    if gap is None or (isinstance(gap, float) and math.isnan(gap)):
        return ""
    if gap == 0:
        return "on the target"
    side = "above" if gap > 0 else "below"
    if unit == "percent":
        size = number_text(abs(gap))
        return f"{size} percentage {'point' if abs(gap) == 1 else 'points'} {side}"
    return f"{format_value(abs(gap), unit)} {side}"


# What one step of each frequency is called, and how many months it spans.
FREQUENCY_STEPS = {
    "month": ("month", 1),
    "quarter": ("quarter", 3),
    "financial_year": ("year", 12),
    "academic_year": ("year", 12),
    "calendar_year": ("year", 12),
}
# What an axis of each frequency is titled.
FREQUENCY_TITLES = {
    "month": "Month",
    "quarter": "Quarter (financial year)",
    "financial_year": "Financial year",
    "academic_year": "Academic year",
    "calendar_year": "Year",
}


def period_text(when: object, frequency: str = "month", *, long: bool = False) -> str:
    """A period as people write it: ``Jan 2025`` (``January 2025`` with ``long``), ``Q1
    2024-25`` (financial quarters: April to June is Q1), ``2024-25`` (financial year),
    ``2024/25`` (academic year), ``2024`` (calendar year). ``when`` is the period's first
    month; "" for a missing one. An unknown frequency is read as a month."""
    if when is None or pd.isna(when):
        return ""
    stamp = pd.Timestamp(when)
    year, month = stamp.year, stamp.month
    if frequency == "academic_year":
        return f"{year}/{(year + 1) % 100:02d}"
    if frequency == "financial_year":
        return f"{year}-{(year + 1) % 100:02d}"
    if frequency == "calendar_year":
        return str(year)
    if frequency == "quarter":
        start = year if month >= 4 else year - 1
        return f"Q{(month - 4) % 12 // 3 + 1} {start}-{(start + 1) % 100:02d}"
    return f"{stamp:%B %Y}" if long else f"{stamp:%b %Y}"


def periods_between(first: object, last: object, frequency: str = "month") -> int:
    """How many steps of ``frequency`` (months, quarters, years) from ``first`` to ``last``."""
    months = (
        (pd.Timestamp(last).year - pd.Timestamp(first).year) * 12 + pd.Timestamp(last).month - pd.Timestamp(first).month
    )
    return months // FREQUENCY_STEPS.get(frequency, FREQUENCY_STEPS["month"])[1]


def step_noun(frequency: str) -> str:
    """``month``, ``quarter`` or ``year``: one step of a frequency."""
    return FREQUENCY_STEPS.get(frequency, FREQUENCY_STEPS["month"])[0]


def change_text(change: float, unit: str, frequency: str = "month", since: str | None = None) -> str:
    """A change since the previous value in words a tile can show: ``+0.3 points since the
    month before``, ``-101 since the year before`` (by the values' frequency), or ``+3 points
    since Nov 2022`` when ``since`` names the previous value's period (it was not the one
    before)."""
    sign = "+" if change > 0 else "-" if change < 0 else ""
    size = abs(change)
    since = f"since {since}" if since else f"since the {step_noun(frequency)} before"
    if unit == "percent":
        return f"{sign}{size:,.1f} points {since}".replace(".0 points", " points")
    written = number_text(size)
    return f"{sign}{written}{unit_suffix(unit, written)} {since}"


# What each rating says in words, and the colour it is drawn in (GOV.UK palette, 3:1 on white).
RAG_TEXT = {
    GREEN: "On or better than target",
    AMBER: "Close to target",
    RED: "Off target",
    NO_TARGET: "No target set",
    NO_DATA: "No data for this period",
    NOT_RATED: "Not rated: neither higher nor lower is better",
    HIDDEN: "Figure hidden (a small number), so not rated",
}
RAG_ICONS = {GREEN: "✔", AMBER: "▲", RED: "✖", "Blue": "●", NO_TARGET: "–", NO_DATA: "?", NOT_RATED: "–", HIDDEN: "–"}


def rating_words(rating: str) -> str:
    """ "Red: Off target" - the words that go with a colour everywhere it is shown; a rating
    that is not a colour is just its words ("No target set", not "No target: No target set")."""
    words = RAG_TEXT.get(rating, rating)
    return f"{rating}: {words}" if rating in (RED, AMBER, GREEN, "Blue") else words


def rating_label(rating: str) -> str:
    """:func:`rating_words` after the rating's icon: "✖ Red: Off target"."""
    return f"{RAG_ICONS.get(rating, '')} {rating_words(rating)}".strip()


# Birmingham's key for actions (the RAG key in its Accelerated Progress Plan).
ACTION_RAG_TEXT = {
    RED: "Delayed",
    AMBER: "On track",
    GREEN: "Completed",
    BLUE: "Embedded, gathering evidence of impact",
}
ACTION_RAG_SHORT_TEXT = {RED: "delayed", AMBER: "on track", GREEN: "completed", BLUE: "embedded"}
ACTION_RATINGS = (RED, AMBER, GREEN, BLUE)  # in the order the Plan tracker counts them
# Whether a KPI's milestone target was met, by its rating.
MILESTONE_MET_TEXT = {GREEN: "Met", AMBER: "Not met (close)", RED: "Not met"}


NOT_YET = "No actual yet"  # a KPI milestone with no actual written
NO_TARGET_THEN = "No target to compare"  # an actual at a milestone with no number to rate it against
# A KPI milestone's outcomes, in the order they are counted and stacked.
MILESTONE_OUTCOMES = (*MILESTONE_MET_TEXT.values(), NO_TARGET_THEN, NOT_YET)


def milestone_outcome(met: str, actual: object) -> str:
    """A KPI milestone's outcome in words: ``met`` (``MILESTONE_MET_TEXT``'s words) when it was
    rated; else "No actual yet" when no actual is written (None, NaN or blank); else "No target
    to compare" (an actual with no target, or none that is a number, to rate it against)."""
    if met:
        return met
    if actual is None or (isinstance(actual, float) and math.isnan(actual)) or not str(actual).strip():
        return NOT_YET
    return NO_TARGET_THEN


def outcomes_text(counts: Mapping[str, int]) -> str:
    """Milestone outcomes counted (``MILESTONE_OUTCOMES`` to how many), in their order, those
    with none left out: "4 met, 1 not met (close), 2 with no target to compare"."""
    parts = []
    for outcome in MILESTONE_OUTCOMES:
        if counts.get(outcome, 0):
            words = outcome[0].lower() + outcome[1:]
            parts.append(f"{counts[outcome]:,} {'with ' + words if outcome in (NO_TARGET_THEN, NOT_YET) else words}")
    return ", ".join(parts)


def milestone_tally(table: pd.DataFrame) -> str:
    """A group of KPI milestones counted in words, from ``kpi_milestone_table`` rows (its
    ``kpi_id``, ``met`` and ``actual`` columns): "2 KPIs, 3 milestones: 1 met, 1 not met, 1
    with no actual yet" (outcomes as :func:`milestone_outcome` says them)."""
    outcomes = [milestone_outcome(met, actual) for met, actual in zip(table["met"], table["actual"], strict=True)]
    counts = pd.Series(outcomes, dtype=object).value_counts().to_dict()
    kpis = how_many(table["kpi_id"].nunique(), "KPI")
    return f"{kpis}, {how_many(len(table), 'milestone')}: {outcomes_text(counts)}"


# Beside a figure shown as "c" on a tile (the glossary's "c (hidden)" in a few words).
HIDDEN_FIGURE_NOTE = "c: hidden, a small number (or one that would give one away), so no child can be identified"

# The rating counts on the Overview, in the order they are shown.
RATING_COUNT_LABELS = (
    (RED, "Red: off target"),
    (AMBER, "Amber: close to target"),
    (GREEN, "Green: on target"),
    (NO_TARGET, "No target set"),
    (NOT_RATED, "Not rated"),
    # A KPI with no figure at all, with a target or not: not "No latest figure", which read as
    # the same thing as the exceptions' "not updated for the latest period" (a reviewer).
    (NO_DATA, "No figures yet"),
    # Only the public instance hides figures; a page shows this counter only when it counts some.
    (HIDDEN, "Hidden: small numbers"),
)


def rating_counts(ratings: pd.Series) -> dict[str, int]:
    """How many KPIs have each of ``RATING_COUNT_LABELS``' ratings, from a summary's ``rag``
    column. A KPI whose latest figure is hidden is counted as hidden, not as "Not rated", which
    means neither higher nor lower is better."""
    counts = ratings.value_counts()
    return {rating: int(counts.get(rating, 0)) for rating, _ in RATING_COUNT_LABELS}


# Statistical process control in words a parent understands; the glossary and "About this
# data" say how it is decided. The official terms are in brackets for those who know them.
# The variation of a KPI whose latest figure is hidden for the public ("c"): not judged, rather
# than "too few figures", which would give the wrong reason.
HIDDEN_VARIATION = "hidden"
VARIATION_TEXT = {
    "common_cause": "No real change: the ups and downs are within the usual range",
    "improvement_high": "Getting better (higher), and unlikely to be chance",
    "improvement_low": "Getting better (lower), and unlikely to be chance",
    "concern_high": "Getting worse (higher), and unlikely to be chance",
    "concern_low": "Getting worse (lower), and unlikely to be chance",
    "neutral_high": "Higher than usual, and unlikely to be chance",
    "neutral_low": "Lower than usual, and unlikely to be chance",
    None: f"Too few figures yet to tell a real change from chance (this needs {MINIMUM_POINTS})",
    HIDDEN_VARIATION: "Not judged: the latest figure is hidden (a small number), so whether it is changing is not said",
    REPEATED_FIGURES: "Not tested for a real change: most of its figures repeat the one before (a figure updated "
    "each term or year, or a rare event), so the usual ups and downs cannot be measured",
}
# Under the chart of a series that mostly repeats itself (spc.too_repeated_for_limits).
REPEATED_CHART_NOTE = (
    "Most figures are the same as the one before (a figure updated each term or year, or a rare event), so no "
    "usual range or unusual points are shown."
)
ASSURANCE_TEXT = {
    "pass": "Should keep meeting its target",
    "fail": "Will keep missing its target unless something changes",
    "hit_and_miss": "Sometimes meets its target, sometimes not",
    LIMITS_OUT_OF_DATE: "Cannot say for now: its figures have changed beyond chance since its usual range was "
    "worked out, so the range needs working out again from when the change began",
    None: f"Cannot yet say whether it will meet its target (this needs a target and {MINIMUM_POINTS} figures)",
    REPEATED_FIGURES: "Cannot say: most of its figures repeat the one before, so it has no usual range",
}


# The same in a few words, for a tile's badges, which are one line and narrow: the table
# beside the tiles and the KPI explorer give the full sentence.
VARIATION_SHORT_TEXT = {
    "common_cause": "No real change",
    "improvement_high": "Getting better: not chance",
    "improvement_low": "Getting better: not chance",
    "concern_high": "Getting worse: not chance",
    "concern_low": "Getting worse: not chance",
    "neutral_high": "Higher: not chance",
    "neutral_low": "Lower: not chance",
    None: "Too few figures to judge",
    HIDDEN_VARIATION: "Not judged: figure hidden",
    REPEATED_FIGURES: "Not judged: figures repeat",
}
ASSURANCE_SHORT_TEXT = {
    "pass": "Should keep meeting target",
    "fail": "Will keep missing target",
    "hit_and_miss": "Sometimes meets target",
    # "Limits out of date" read as jargon to a parent, and as an answer to "Meets target?".
    LIMITS_OUT_OF_DATE: "Cannot say: figures changed",
    REPEATED_FIGURES: "Cannot say: figures repeat",
    None: "Cannot say yet",
}


YOUR_FILTER = " (your filter)"  # after the locality or phase the sidebar chose, in tables and panels


RUNNING_TOTAL_VARIATION = "Running total over the year: not tested"  # a cumulative KPI gets no SPC


def variation_text(code: object, *, short: bool = False) -> str:
    """``VARIATION_TEXT`` for a variation code (``VARIATION_SHORT_TEXT`` when ``short``, for a
    tile's badge); a missing one (None, NaN) is "too few points"."""
    words = VARIATION_SHORT_TEXT if short else VARIATION_TEXT
    return words.get(code if isinstance(code, str) else None, words[None])


def assurance_text(code: object, *, short: bool = False) -> str:
    """``ASSURANCE_TEXT`` for an assurance code (``ASSURANCE_SHORT_TEXT`` when ``short``); a
    missing one (None, NaN) is "no assurance"."""
    words = ASSURANCE_SHORT_TEXT if short else ASSURANCE_TEXT
    return words.get(code if isinstance(code, str) else None, words[None])


DIRECTION_TEXT = {"up": "Higher is better", "down": "Lower is better"}
UNIT_TEXT = {
    "percent": "A percentage",
    "count": "A number",
    "weeks": "In weeks",
    "days": "In days",
    "rate": "A rate",
    "currency": "In pounds",
}


def kpi_description(good_direction: str, inferred: bool, unit: str, cumulative: bool) -> str:
    """How a KPI is read, in one line: ``Lower is better (worked out from its name). In weeks.``
    plus ``A running total over the year.`` for a KPI that resets each January."""
    direction = DIRECTION_TEXT.get(good_direction, "Neither higher nor lower is better")
    how = " (worked out from its name)" if inferred and good_direction in DIRECTION_TEXT else ""
    unit_words = f" {UNIT_TEXT[unit]}." if unit in UNIT_TEXT else ""
    return f"{direction}{how}.{unit_words}" + (" A running total over the year." if cumulative else "")


def milestone_sentence(milestones: pd.DataFrame, as_at: dt.date) -> str:
    """``12 milestones: 7 done, 2 overdue as at 31 December 2021.`` for the plan's timeline
    (``milestones`` from ``plan.milestone_table``), and how many have no due date, which the
    timeline cannot place (the table beside it lists them)."""
    done = int((milestones["state"] == "Done").sum())
    overdue = int((milestones["state"] == "Overdue").sum())
    sentence = (
        f"{how_many(len(milestones), 'milestone')}: {done} done, {overdue} overdue as at {as_at.day} {as_at:%B %Y}."
    )
    undated = int(milestones["due"].isna().sum()) if "due" in milestones else 0
    if undated:
        sentence += (
            f" {how_many(undated, 'milestone')} with no due date {'is' if undated == 1 else 'are'} not on the chart; "
            "the table lists them."
        )
    return sentence


# How the KPI explorer's opening sentence names each comparator a file may hold, in this order.
COMPARATOR_PHRASES = {"England": "England", "Statistical neighbours": "similar areas", "Region": "the region"}


def compared_with(comparators: Iterable[str]) -> str:
    """The comparators in ``comparators`` (``model.COMPARATORS``' names; others are ignored)
    as a phrase, in the usual order: "England, similar areas and the region"; "" for none."""
    present = set(comparators)
    named = [phrase for comparator, phrase in COMPARATOR_PHRASES.items() if comparator in present]
    if len(named) <= 1:
        return "".join(named)
    return f"{', '.join(named[:-1])} and {named[-1]}"


def explorer_purpose(comparators: Iterable[str]) -> str:
    """The KPI explorer's purpose in one sentence, promising only the comparisons the data
    holds (``comparators``, as :func:`compared_with` takes them); with none, none is promised."""
    opening = "One measure at a time: its figures over time and its target"
    phrase = compared_with(comparators)
    return f"{opening}, and how it compares with {phrase}." if phrase else f"{opening}."


def timestamp_text(stamp: str) -> str:
    """An ISO 8601 moment in UTC ("2026-12-08T01:01:23Z", as reads record when they were
    read) as people write one: "8 Dec 2026, 01:01 UTC". Text that is not such a moment is
    returned as it is ("" stays "")."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (AttributeError, TypeError, ValueError):
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


_BARE_NUMBER = re.compile(r"\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*%?\s*")


def figure_text(written: str, value: float, unit: str) -> str:
    """A figure from a file as the app writes numbers ("5%", "16,000") when the file wrote a
    bare number ("5.0%", "16000"), so that a target reads like the figure beside it; a range,
    a bound or words ("40-50 weeks", ">16000 views/ month") stay as written. ``value`` is the
    number read from ``written`` (NaN for none: then ``written`` is returned)."""
    if value != value or not _BARE_NUMBER.fullmatch(written):
        return written
    return format_value(value, unit)


def before_colon(name: str) -> str:
    """A name to be followed by a colon, without its own closing full stop ("…by 31st
    March." makes "…by 31st March.:"); an ellipsis or any other ending is kept."""
    return name[:-1] if name.endswith(".") and not name.endswith("..") else name


def tiles_footnote(tiles_shown: int, order: str, assurances: Iterable[str | None]) -> str:
    """The Overview's note under its tiles: what they show (``order``: "flagged KPIs first"),
    where their words come from, and what each short status means, for the assurances
    (codes) the tiles show. Every status a tile may show is explained here or is plain."""
    shown = set(assurances)
    note = (
        f"The {tiles_shown} tiles show {order}; 'Table: every KPI' above lists them all. "
        "Whether a figure has really changed ('not chance': unlikely to be the usual ups and downs), "
        "and whether it will meet its target, come from statistical process control (see About the data). "
        f"'{VARIATION_SHORT_TEXT[None]}' and '{ASSURANCE_SHORT_TEXT[None]}' mean there is not enough to judge yet: "
        f"both need {MINIMUM_POINTS} figures, and the second a target too."
    )
    if shown & {"pass", "hit_and_miss", "fail"}:
        note += (
            f" '{ASSURANCE_SHORT_TEXT['pass']}', '{ASSURANCE_SHORT_TEXT['hit_and_miss']}' and "
            f"'{ASSURANCE_SHORT_TEXT['fail']}' say where its usual range lies if nothing changes: all on the good "
            "side of the target, across it, or all on the wrong side."
        )
    if REPEATED_FIGURES in shown:
        note += (
            f" '{VARIATION_SHORT_TEXT[REPEATED_FIGURES]}' means most of its figures are the same as the one before "
            "(a figure updated each term or year, or a rare event), so the usual ups and downs cannot be measured."
        )
    if LIMITS_OUT_OF_DATE in shown:
        note += (
            f" '{ASSURANCE_SHORT_TEXT[LIMITS_OUT_OF_DATE]}' means the figures have moved beyond chance since their "
            "usual range was worked out, so it must be worked out again before saying whether the target will be met."
        )
    return note


_JOINING_WORDS = frozenset(
    ["a", "an", "and", "the", "of", "or", "to", "for", "in", "on", "by", "with", "from", "at", "as", "nor", "but"]
)


def cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters: at the end of a word where one ends in the
    last two fifths ("…meeting need", not "…meeting need and i"), else at ``limit`` (one long
    word, a code), with a joining word, a dash or an ``&`` left at the end dropped. Text that
    fits is returned as it is."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if text[limit] != " " and space >= limit * 3 // 5:  # else the cut already ends a word
        cut = cut[:space]
    # A cut after a joining word or mark ("…meeting need and", "health &") reads as stopped
    # mid-phrase: those go too, while a few words are left.
    words = cut.rstrip().split(" ")
    while len(words) > 2 and (words[-1].lower() in _JOINING_WORDS or not any(c.isalnum() for c in words[-1])):
        words.pop()
    return " ".join(words).rstrip(",;:")
