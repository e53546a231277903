"""The global filters (objective, locality, phase, period range) as plain data.

Pages never filter by hand: they call :func:`apply_filters`. Filters round-trip through URL
query parameters (:func:`filters_to_query`, :func:`filters_from_query`) so a copied link
reopens the same view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from .model import ALL, PHASES
from .suppression import grouping_pods, is_suppressed, with_pod_rows
from .wording import period_text


@dataclass(frozen=True)
class Filters:
    objective: str = ALL
    locality: str = ALL
    phase: str = ALL
    period_start: pd.Timestamp | None = None
    period_end: pd.Timestamp | None = None


@dataclass(frozen=True)
class FilterOptions:
    """The values the filters may offer: only those present in the data."""

    objectives: tuple[tuple[str, str], ...]  # (id, title)
    localities: tuple[str, ...]
    phases: tuple[str, ...]
    periods: tuple[pd.Timestamp, ...]
    # How each period is written: by its values' frequency ("2024/25"), as a month where
    # values of several frequencies start in the same month.
    period_labels: Mapping[pd.Timestamp, str] = field(default_factory=dict)


def filter_options(
    observations: pd.DataFrame,
    catalogue: pd.DataFrame,
    objective_titles: Mapping[str, str] | None = None,
    pods: Mapping[str, tuple[str, ...]] | None = None,
) -> FilterOptions:
    """What each filter can be set to, from the data itself (``All`` first)."""
    titles = dict(objective_titles or {})
    objectives = [o for o in dict.fromkeys(catalogue["objective"]) if o] if not catalogue.empty else []
    localities = sorted(v for v in observations["locality"].unique() if v != ALL)
    present = set(observations["phase"])
    phases = [p for p in PHASES if p in present]
    # A pod is offered when the data has at least two of its phases, or one under another name.
    phases += [pod for pod, members in (pods or {}).items() if pod not in phases and present & set(members)]
    periods = tuple(pd.Timestamp(p) for p in sorted(observations["period"].dropna().unique()))
    dated = observations.loc[observations["period"].notna(), ["period", "frequency"]].drop_duplicates()
    kinds = dated.groupby("period")["frequency"].agg(lambda f: f.iloc[0] if f.nunique() == 1 else "month")
    labels = {pd.Timestamp(period): period_text(period, kind) for period, kind in kinds.items()}
    return FilterOptions(
        objectives=((ALL, "All objectives"),) + tuple((o, titles.get(o, o)) for o in objectives),
        localities=(ALL,) + tuple(localities),
        phases=(ALL,) + tuple(phases),
        periods=periods,
        period_labels=labels,
    )


def sanitise(filters: Filters, options: FilterOptions) -> Filters:
    """Drop any filter value the data does not offer (for example from an old link)."""
    objective = filters.objective if filters.objective in {o for o, _ in options.objectives} else ALL
    locality = filters.locality if filters.locality in options.localities else ALL
    phase = filters.phase if filters.phase in options.phases else ALL
    start, end = filters.period_start, filters.period_end
    if options.periods:
        first, last = options.periods[0], options.periods[-1]
        start = start if start is not None and first <= start <= last else None
        end = end if end is not None and first <= end <= last else None
        if start is not None and end is not None and start > end:
            start, end = end, start
    else:
        start = end = None
    return replace(filters, objective=objective, locality=locality, phase=phase, period_start=start, period_end=end)


# What a KPI with no figures for the chosen locality (phase) shows instead, and says so.
NO_BREAKDOWN_NOTES = {
    "locality": "No locality breakdown: whole-area figure",
    "phase": "No phase breakdown: every phase together",
}
_SHOWN_INSTEAD = {"locality": "the whole area's figures", "phase": "every phase together"}


def breakdown_sentence(notes: Iterable[str]) -> str:
    """One sentence for a KPI whose figures are fall-backs, from its rows' ``breakdown_note``
    values (``NO_BREAKDOWN_NOTES``; others and "" are ignored), naming the breakdown that is
    missing: "This KPI has no phase breakdown, so this shows every phase together." Empty when
    none."""
    given = set(notes)
    missing = [kind for kind, note in NO_BREAKDOWN_NOTES.items() if note in given]
    if not missing:
        return ""
    shown = " and ".join(_SHOWN_INSTEAD[kind] for kind in missing)
    return f"This KPI has no {' or '.join(missing)} breakdown, so this shows {shown}."


def apply_filters(
    observations: pd.DataFrame,
    catalogue: pd.DataFrame,
    filters: Filters,
    *,
    every_locality: bool = False,
    pods: Mapping[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    """Observations for the chosen slice, with a ``breakdown_note`` column.

    For each KPI: if it has rows for the chosen locality (phase), those are kept; if it has no
    breakdown at all, its all-LA rows are kept and ``breakdown_note`` says so, so a page can
    label the figure instead of showing an empty chart. Undated rows (targets, comparators)
    survive the period range. ``every_locality`` keeps every locality's rows (for maps that
    compare localities). When the chosen phase is a pod (a group of phases, from ``pods``),
    counts are added up across its phases; other units cannot be added, so those KPIs show
    their whole-area figure, labelled. A target set for the whole area stands in for a chosen
    locality (phase) that has none of its own: it is labelled as the chosen one's, and its
    ``target_locality`` and ``target_phase`` columns say what it was read as (both "" on every
    other row; see :func:`as_read`). Returns a new frame.
    """
    pods = pods or {}
    if filters.phase in pods and not is_suppressed(observations).any():
        # A published public snapshot holds its pods already, added up before suppression;
        # adding up what is left after it would understate them (47 where the truth is 50).
        observations = with_pod_rows(observations, {filters.phase: pods[filters.phase]})
    other_pods = observations["phase"].isin([pod for pod in grouping_pods(pods) if pod != filters.phase])
    if other_pods.any():
        observations = observations[~other_pods]
    frame = observations
    if filters.objective != ALL and not catalogue.empty:
        ids = set(catalogue.loc[catalogue["objective"] == filters.objective, "kpi_id"])
        frame = frame[frame["kpi_id"].isin(ids)]
    frame = frame.assign(breakdown_note="", target_locality="", target_phase="")
    for column, chosen in (("locality", filters.locality), ("phase", filters.phase)):
        if column == "locality" and every_locality:
            continue
        if chosen == ALL:
            # The whole-area rows where a KPI has them; a KPI that only comes broken down
            # keeps its breakdown rows, and the page shows them as separate lines.
            has_all = frame["kpi_id"].isin(frame.loc[frame[column] == ALL, "kpi_id"].unique())
            frame = frame[(frame[column] == ALL) | ~has_all]
            continue
        has_breakdown = frame["kpi_id"].isin(frame.loc[frame[column] == chosen, "kpi_id"].unique())
        exact = frame[has_breakdown & (frame[column] == chosen)]
        # A target set for the whole area holds for each locality (phase) without its own.
        targets = frame["measure"] == "target"
        own = frame.loc[targets & (frame[column] == chosen), "kpi_id"].unique()
        shared = frame[has_breakdown & targets & (frame[column] == ALL) & ~frame["kpi_id"].isin(own)]
        # It is labelled as the chosen one's, so every page rates against it, and keeps what it
        # was read as (TARGET_READ_AS), so tables and downloads can say whose target it is.
        first_time = shared["target_locality"] == ""
        shared = shared.assign(
            target_locality=shared["target_locality"].where(~first_time, shared["locality"]),
            target_phase=shared["target_phase"].where(~first_time, shared["phase"]),
            **{column: chosen},
        )
        exact = pd.concat([exact, shared], ignore_index=True)
        note = NO_BREAKDOWN_NOTES[column]
        fallback = frame[~has_breakdown & (frame[column] == ALL)]
        fallback = fallback.assign(
            breakdown_note=fallback["breakdown_note"].where(fallback["breakdown_note"] != "", note)
        )
        frame = pd.concat([exact, fallback], ignore_index=True)
    return within_months(frame, filters)


TARGET_READ_AS = ("target_locality", "target_phase")  # apply_filters' columns for a shared target
WORKING_COLUMNS = ("breakdown_note", *TARGET_READ_AS)  # what apply_filters adds to the model's columns


def as_read(view: pd.DataFrame) -> pd.DataFrame:
    """``view`` (from :func:`apply_filters`) with each shared target's locality and phase put
    back to what it was read as (the whole area's, say), and without the filters' working
    columns: the rows as the files gave them, for downloads. Returns a new frame."""
    frame = view
    if set(TARGET_READ_AS) <= set(frame.columns):
        shared = frame["target_locality"] != ""
        if shared.any():
            frame = frame.assign(
                locality=frame["locality"].where(~shared, frame["target_locality"]),
                phase=frame["phase"].where(~shared, frame["target_phase"]),
            )
    return frame.drop(columns=list(WORKING_COLUMNS), errors="ignore")


def within_months(observations: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows dated within the filters' first and last periods, and every undated row
    (targets, comparators). Returns a new frame."""
    dated = observations["period"].notna()
    in_range = dated
    if filters.period_start is not None:
        in_range = in_range & (observations["period"] >= filters.period_start)
    if filters.period_end is not None:
        in_range = in_range & (observations["period"] <= filters.period_end)
    return observations[~dated | in_range].reset_index(drop=True)


def filters_to_query(filters: Filters) -> dict[str, str]:
    """Query parameters for a shareable link (only the filters that are set)."""
    query = {}
    if filters.objective != ALL:
        query["objective"] = filters.objective
    if filters.locality != ALL:
        query["locality"] = filters.locality
    if filters.phase != ALL:
        query["phase"] = filters.phase
    if filters.period_start is not None:
        query["from"] = f"{filters.period_start:%Y-%m}"
    if filters.period_end is not None:
        query["to"] = f"{filters.period_end:%Y-%m}"
    return query


def filters_from_query(query: Mapping[str, str]) -> Filters:
    """Filters from query parameters; anything unreadable is ignored."""

    def month(text: str | None) -> pd.Timestamp | None:
        if not text:
            return None
        stamp = pd.to_datetime(text + "-01" if len(text) == 7 else text, errors="coerce")
        return None if pd.isna(stamp) else pd.Timestamp(year=stamp.year, month=stamp.month, day=1)

    return Filters(
        objective=query.get("objective", ALL) or ALL,
        locality=query.get("locality", ALL) or ALL,
        phase=query.get("phase", ALL) or ALL,
        period_start=month(query.get("from")),
        period_end=month(query.get("to")),
    )


def slice_name(filters: Filters) -> str:
    """The chosen locality and phase (or pod) in a few words ("North", "Early Years & Primary",
    "North, Early Years & Primary"), or "" when neither is chosen."""
    return ", ".join(value for value in (filters.locality, filters.phase) if value != ALL)


def figures_for(filters: Filters, notes: Iterable[str]) -> str:
    """Whose figures a KPI's rows are under these filters, from their ``breakdown_note`` values:
    the chosen locality and phase (:func:`slice_name`), less what the KPI has no breakdown by
    ("North" when it has North's figures for every phase together); "" for the whole area."""
    given = set(notes)
    if NO_BREAKDOWN_NOTES["locality"] in given:
        return ""
    locality = filters.locality
    phase = ALL if NO_BREAKDOWN_NOTES["phase"] in given else filters.phase
    return ", ".join(value for value in (locality, phase) if value != ALL)


def filters_label(filters: Filters) -> str:
    """The filters' button in a few words: "Filters" when none is chosen, else what is chosen
    ("Filters: North, Early Years & Primary, objective GBR, Jan 2024 to Jan 2025"), so the
    sidebar says what a page is showing without opening the filters."""
    chosen = slice_name(filters)
    parts = [chosen] if chosen else []
    if filters.objective != ALL:
        parts.append(f"objective {filters.objective}")
    if filters.period_start is not None or filters.period_end is not None:
        parts.append(_months_text(filters, "the latest"))
    return "Filters: " + ", ".join(parts) if parts else "Filters"


def _months_text(filters: Filters, latest: str) -> str:
    """The chosen months ("Jan 2024 to Jan 2025"), an open end called "the start" or ``latest``."""
    start = f"{filters.period_start:%b %Y}" if filters.period_start is not None else "the start"
    end = f"{filters.period_end:%b %Y}" if filters.period_end is not None else latest
    return f"{start} to {end}"


def describe_filters(filters: Filters, objective_titles: Mapping[str, str] | None = None) -> str:
    """A sentence naming the slice being shown ("Showing North locality, Jan 2024 to the
    latest month."), objectives by their titles from ``objective_titles`` where given."""
    parts = []
    if filters.objective != ALL:
        parts.append(f"objective {(objective_titles or {}).get(filters.objective, filters.objective)}")
    if filters.locality != ALL:
        parts.append(f"{filters.locality} locality")
    if filters.phase != ALL:
        parts.append(f"{filters.phase} phase")
    if filters.period_start is not None or filters.period_end is not None:
        parts.append(_months_text(filters, "the latest period"))
    return "Showing " + (", ".join(parts) if parts else "everything") + "."


def first_kpi_with_figures(read: pd.DataFrame, view: pd.DataFrame) -> str | None:
    """The first KPI of one file's observations ``read`` (in the file's order) that has a dated
    actual with a number in ``view`` (the filtered dataset): what a first chart of that file
    shows. None when no KPI of the file has one under these filters (a file of targets only,
    or a filter the file has no figures for)."""
    charted = view[(view["measure"] == "actual") & view["period"].notna() & view["value"].notna()]
    with_figures = set(charted["kpi_id"])
    return next((kpi_id for kpi_id in dict.fromkeys(read["kpi_id"]) if kpi_id in with_figures), None)
