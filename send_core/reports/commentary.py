"""Written commentary for a board: plain-English paragraphs generated from the numbers.

Each sentence says only what the figures support. A rise or fall is reported as a rise or a
fall; "improvement" or "concern" is said only when statistical process control finds a
special cause, and a change within normal variation is called that. Deterministic: the same
numbers always give the same words.
"""

from __future__ import annotations

import math

import pandas as pd

from ..model import SAME_SCALE_UNITS
from ..rag import AMBER, GREEN, NO_TARGET, NOT_RATED, RED
from ..spc import LIMITS_OUT_OF_DATE, MINIMUM_POINTS, REPEATED_FIGURES, latest_step_against
from ..suppression import SUPPRESSED
from ..wording import HIDDEN_VARIATION, format_value, format_values, how_many, period_text

COMPARATOR_NAMES = (
    ("england", "England"),
    ("statistical_neighbours", "the statistical neighbours"),
    ("region", "the region"),
)
MAX_LISTED = 5  # KPIs or actions named in one sentence; the rest are counted


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def _when(value: object, row: pd.Series) -> str:
    return "" if _missing(value) else period_text(value, row.get("frequency") or "month", long=True)


def latest_sentence(row: pd.Series) -> str:
    """``% EHCPs issued within 20 weeks was 49.2% in January 2025, up from 45% in December 2024.``
    A change across a cumulative KPI's January reset is not given (it is not a fall)."""
    # A name written as a sentence ("... within that month.") loses its full stop here.
    name, unit = str(row["kpi_name"]).rstrip(" ."), row["unit"]
    if _missing(row["latest_value"]):
        if row.get("latest_text") == SUPPRESSED:
            return (
                f"{name}: its latest figure, for {_when(row['latest_period'], row)}, is hidden (a small number), "
                "so that no child can be identified."
            )
        return f"{name} has no value in this view."
    previous, change = row.get("previous_value"), row.get("change")
    compared = not _missing(previous) and not _missing(change)
    latest, before = format_values((row["latest_value"], previous if compared else math.nan), unit)
    sentence = f"{name} was {latest} in {_when(row['latest_period'], row)}"
    if compared:
        when = _when(row.get("previous_period"), row)
        at = f" in {when}" if when else " the time before"
        if change > 0:
            sentence += f", up from {before}{at}"
        elif change < 0:
            sentence += f", down from {before}{at}"
        else:
            sentence += f", the same as{at}"
    return sentence + "."


def target_sentence(row: pd.Series) -> str:
    """Where the latest value stands against the target in force, by its rating."""
    target = str(row.get("target_text") or "")
    rating = row.get("rag")
    if rating == GREEN:
        return f"That meets its target of {target}."
    if rating == AMBER:
        return f"That is close to, but short of, its target of {target}."
    if rating == RED:
        return f"That is off its target of {target}."
    if rating == NOT_RATED:
        return f"Its target is {target}, but with no good direction set it is not rated."
    if rating == NO_TARGET:
        return "It has no target set."
    return ""  # no data: the sentence before has said so


def comparator_sentence(row: pd.Series) -> str:
    """The latest value against each comparator given: better or worse in the KPI's good
    direction, or above or below when it has none. Empty when there are no comparators."""
    latest = row["latest_value"]
    if _missing(latest) or row.get("unit") not in SAME_SCALE_UNITS:
        return ""  # a total is not compared with England's, which is another size
    direction = row.get("good_direction")
    parts = []
    for column, name in COMPARATOR_NAMES:
        value = row.get(column)
        if _missing(value):
            continue
        shown = f"{name} ({format_value(value, row['unit'])})"
        if latest == value:
            parts.append(f"level with {shown}")
        elif direction in ("up", "down"):
            better = latest > value if direction == "up" else latest < value
            parts.append(f"{'better' if better else 'worse'} than {shown}")
        else:
            parts.append(f"{'above' if latest > value else 'below'} {shown}")
    if not parts:
        return ""
    return "It is " + _join(parts) + "."


def spc_sentence(row: pd.Series) -> str:
    """What statistical process control says about the latest point, in words that never
    call common-cause variation an improvement."""
    if bool(row.get("cumulative")):
        return "As a running total over the year it is not tested for a real change."
    variation = row.get("variation")
    if _missing(variation) or bool(row.get("provisional")):
        return f"With fewer than {MINIMUM_POINTS} values, it is too soon to tell real change from normal ups and downs."
    if variation == "common_cause":
        return "The ups and downs are within the usual range: no sign of real change."
    if variation == REPEATED_FIGURES:
        return "Most of its figures repeat the one before, so it is not tested for a real change."
    if variation == HIDDEN_VARIATION:
        return "Its latest figure is hidden, so whether it is changing is not said."
    kind = str(variation).split("_")[0]
    if kind in ("improvement", "concern"):
        # Said beside "up from 81 to 83.5 weeks" a bare "it has got better" read as a mistake:
        # the signal is over recent months, and the last step may go the other way.
        better = kind == "improvement"
        sentence = f"Over recent months it has got {'better' if better else 'worse'}, and that is unlikely to be chance"
        if latest_step_against(variation, row.get("change")):
            sentence += ", though its latest figure moved the other way"
        return sentence + "."
    return "It has changed, and that is unlikely to be chance; neither higher nor lower is better for it."


ASSURANCE_SENTENCES = {
    "pass": "If nothing changes, it will consistently meet its target.",
    "fail": "If nothing changes, it will consistently miss its target.",
    "hit_and_miss": "As things are, it will sometimes meet its target and sometimes miss it.",
    LIMITS_OUT_OF_DATE: "Its figures have changed beyond chance since its usual range was worked out, so whether "
    "it will meet its target can be said only once the range is worked out again from when the change began.",
}


def kpi_commentary(row: pd.Series) -> str:
    """A paragraph on one KPI (a :func:`.contents.report_summary` row): latest value and
    change, target, comparators, SPC and assurance."""
    if _missing(row["latest_value"]):
        return latest_sentence(row)
    sentences = [
        latest_sentence(row),
        target_sentence(row),
        comparator_sentence(row),
        spc_sentence(row),
        ASSURANCE_SENTENCES.get(row.get("assurance"), "") if not bool(row.get("cumulative")) else "",
    ]
    return " ".join(sentence for sentence in sentences if sentence)


def late_actions_sentence(actions: pd.DataFrame) -> str:
    """``2 of 5 actions are delayed: A2 Set up the panel (45 days overdue); ...`` (the most
    overdue first, at most ``MAX_LISTED`` named) or, when none is, ``All 5 actions are on
    track, completed or embedded.`` Empty without actions."""
    if actions.empty:
        return ""
    late = actions[actions["days_overdue"] > 0].sort_values("days_overdue", ascending=False)
    if late.empty:
        if len(actions) == 1:
            return "Its one action is on track, completed or embedded."
        return f"All {len(actions)} actions are on track, completed or embedded."
    named = [
        f"{row.action_id} {row.title} ({how_many(int(row.days_overdue), 'day')} overdue)"
        for row in late.head(MAX_LISTED).itertuples()
    ]
    more = f", and {len(late) - MAX_LISTED} more" if len(late) > MAX_LISTED else ""
    verb = "is" if len(late) == 1 else "are"
    return f"{len(late)} of {how_many(len(actions), 'action')} {verb} delayed: {'; '.join(named)}{more}."


def objective_commentary(title: str, kpis: pd.DataFrame, actions: pd.DataFrame) -> str:
    """A paragraph on one objective: how its KPIs are rated, where SPC sees real change, and
    which actions are late. ``kpis`` are :func:`.contents.report_summary` rows."""
    with_data = kpis[kpis["latest_value"].notna()] if not kpis.empty else kpis
    if with_data.empty:
        opening = f"{title}: no KPI under this objective has a value in this view."
    else:
        counts = with_data["rag"].value_counts()
        rated = [
            f"{counts.get(GREEN, 0)} on or better than target",
            f"{counts.get(AMBER, 0)} close to target",
            f"{counts.get(RED, 0)} off target",
        ]
        unrated = len(with_data) - sum(int(counts.get(r, 0)) for r in (GREEN, AMBER, RED))
        if unrated:
            rated.append(f"{unrated} without a target or a good direction to rate against")
        opening = f"{title}: of {how_many(len(with_data), 'KPI')} with data, {_join(rated)}."
    sentences = [opening]
    variation = with_data["variation"].fillna("").astype(str) if not with_data.empty else pd.Series(dtype=str)
    for kind, words in (
        ("concern", "Getting worse, unlikely to be chance"),
        ("improvement", "Getting better, unlikely to be chance"),
    ):
        names = with_data.loc[variation.str.startswith(kind), "kpi_name"].tolist() if len(variation) else []
        if names:
            listed = names[:MAX_LISTED] + ([f"{len(names) - MAX_LISTED} more"] if len(names) > MAX_LISTED else [])
            sentences.append(f"{words} in: {_join(listed)}.")
    off = with_data[with_data["rag"] == RED]["kpi_name"].tolist() if not with_data.empty else []
    if off:
        listed = off[:MAX_LISTED] + ([f"{len(off) - MAX_LISTED} more"] if len(off) > MAX_LISTED else [])
        sentences.append(f"Off target: {_join(listed)}.")
    actions_text = late_actions_sentence(actions)
    if actions_text:
        sentences.append(actions_text)
    return " ".join(sentences)


def exception_commentary(row: pd.Series, actions: pd.DataFrame) -> str:
    """A paragraph on one exception: the KPI's commentary, then its objective's late actions."""
    text = kpi_commentary(row)
    late = actions[actions["days_overdue"] > 0] if not actions.empty else actions
    if not late.empty:
        text += " Under the same objective, " + late_actions_sentence(actions)
    return text


def _join(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
