"""What a board pack or printable report holds, worked out once from a dataset and filters.

The Excel board pack, the HTML report, the PDF and the CSV summary are all written from one
:class:`ReportContents`, so the app's download buttons and the ``summary`` command give the
same figures. Nothing here writes a file: see :mod:`.board_pack` and :mod:`.html_report`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..dataset import Dataset
from ..filters import Filters, apply_filters, as_read, describe_filters
from ..glossary import GLOSSARY
from ..model import ALL, good_directions
from ..plan import action_table, kpi_milestone_table, risk_table
from ..plan.status import ACTION_COLUMNS
from ..spc import MAKING_DATA_COUNT, SpcRules
from ..summary import exceptions, hidden_not_judged, kpi_summary, spc_table
from ..suppression import hidden_numbers_sentence
from ..wording import RUNNING_TOTAL_VARIATION, assurance_text, how_many, period_text, variation_text
from .commentary import exception_commentary, objective_commentary

NO_OBJECTIVE = ""  # the section for KPIs the plan does not place under an objective
NO_OBJECTIVE_TITLE = "KPIs not in the plan"
# What each source file is, on the cover, by the reader that read it (else "Scorecard").
SOURCE_KINDS = {"dfe_open_data": "DfE open data", "dfe_release": "DfE release (zip)", "template": "The app's template"}


@dataclass(frozen=True)
class SourceFile:
    """One file the figures came from: its name, what it is, when it was read (UTC) and the
    SHA-256 of its bytes, so a reader of the pack can check it is the file they hold."""

    name: str
    kind: str  # "Scorecard" or "Improvement plan"
    read_at: str
    checksum: str


@dataclass(frozen=True)
class ObjectiveSection:
    """One objective's part of a pack: its KPIs' summary rows (``kpis``, the columns of
    :func:`report_summary`), milestone-vs-actual rows, actions and a paragraph of commentary."""

    objective_id: str
    title: str
    kpis: pd.DataFrame
    milestones: pd.DataFrame
    actions: pd.DataFrame
    commentary: str


@dataclass(frozen=True)
class ReportContents:
    """Everything a pack shows. ``as_at`` is the latest month with a value in the view (None
    when there is none); ``plan_as_at`` the date actions were judged at."""

    authority: str
    programme: str
    as_at: pd.Timestamp | None
    plan_as_at: dt.date | None
    as_at_frequency: str
    sources: tuple[SourceFile, ...]
    filters_text: str
    suppression_text: str
    is_sample: bool
    summary: pd.DataFrame
    exceptions: pd.DataFrame
    sections: tuple[ObjectiveSection, ...]
    actions: pd.DataFrame
    risks: pd.DataFrame
    observations: pd.DataFrame
    glossary: tuple[tuple[str, str], ...]
    rules: SpcRules
    recalculations: dict[str, tuple[pd.Timestamp, ...]]  # the plan's SPC recalculation months, by KPI
    # The objective, locality and phase chosen, for file names ("North Early Years & Primary");
    # "" for the whole area.
    slice_name: str = ""
    has_plan: bool = False  # an improvement plan is loaded (its actions and risks may still be none)

    @property
    def as_at_text(self) -> str:
        """The latest period written as its frequency writes it (``January 2025``, ``2024/25``),
        or ``no data`` when the view holds no dated value."""
        return period_text(self.as_at, self.as_at_frequency, long=True) if self.as_at is not None else "no data"

    @property
    def data(self) -> pd.DataFrame:
        """Every value the view shows, as the Data sheet and the data CSV give them (without
        the filters' working columns, a shared target under its own locality and phase:
        :func:`send_core.filters.as_read`): made when asked, not kept as a second copy."""
        return as_read(self.observations).reset_index(drop=True)

    def file_name(self, kind: str, suffix: str) -> str:
        """``Birmingham-SEND-board-pack-2025-01.xlsx``: the authority, what the file is, the
        period it is as at (``2024-25`` for an academic year), and ``suffix`` (with its dot)."""
        return report_file_name(self.authority, kind, self.as_at, suffix, self.as_at_frequency, self.slice_name)


def report_file_name(
    authority: str,
    kind: str,
    as_at: pd.Timestamp | None,
    suffix: str,
    frequency: str = "month",
    slice_name: str = "",
) -> str:
    """A file name that says what the file is: ``{authority}-{slice}-SEND-{kind}-{period}{suffix}``,
    the period ``YYYY-MM`` for a month, else as its frequency writes it with letters and digits
    only (``2024-25``); the slice (the objective, locality and phase chosen, so packs of several
    localities can sit side by side) only when one is. The authority's name and the slice with
    anything but letters and digits made a single ``-`` (no authority: ``SEND-{kind}...``)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{authority} {slice_name}").strip("-")
    kind_part = re.sub(r"[^A-Za-z0-9]+", "-", kind).strip("-").lower()
    if as_at is None:
        month = ""
    elif frequency == "month":
        month = f"-{as_at:%Y-%m}"
    else:
        month = "-" + re.sub(r"[^A-Za-z0-9]+", "-", period_text(as_at, frequency))
    return f"{stem + '-' if stem else ''}SEND-{kind_part}{month}{suffix}"


def latest_period(observations: pd.DataFrame) -> tuple[pd.Timestamp | None, str]:
    """The latest period with an actual value, and its frequency (the commonest there): what
    a pack or a chart is "as at". ``(None, "month")`` when nothing is dated."""
    dated = observations[
        (observations["measure"] == "actual") & observations["value"].notna() & observations["period"].notna()
    ]
    if dated.empty:
        return None, "month"
    latest = dated["period"].max()
    return pd.Timestamp(latest), str(dated.loc[dated["period"] == latest, "frequency"].value_counts().index[0])


def report_summary(summary: pd.DataFrame, spc: pd.DataFrame, objective_titles: dict[str, str]) -> pd.DataFrame:
    """:func:`send_core.summary.kpi_summary` rows with their SPC states (``variation``,
    ``assurance``, ``provisional``), ``objective_title`` ("" for none), and the words every
    output shows for them, worked out once here: ``latest_period_text`` (``Jan 2025``,
    ``2024/25``), ``variation_words`` and ``assurance_words``. Returns a new frame."""
    merged = hidden_not_judged(
        summary.merge(spc[["kpi_id", "variation", "assurance", "provisional"]], on="kpi_id", how="left")
    )
    merged["objective_title"] = [objective_titles.get(o, "") if o else "" for o in merged["objective"]]
    merged["latest_period_text"] = [
        period_text(p, f or "month") for p, f in zip(merged["latest_period"], merged["frequency"], strict=True)
    ]
    merged["variation_words"] = [
        RUNNING_TOTAL_VARIATION if cumulative else variation_text(variation)
        for variation, cumulative in zip(merged["variation"], merged["cumulative"].astype(bool), strict=True)
    ]
    merged["assurance_words"] = merged["assurance"].map(assurance_text)
    return merged


def report_contents(
    dataset: Dataset,
    filters: Filters,
    *,
    pods: dict[str, tuple[str, ...]] | None = None,
    rules: SpcRules = MAKING_DATA_COUNT,
    local_authority: str | None = None,
    as_at: dt.date | None = None,
    status: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None = None,
    default_authority: str = "",
) -> ReportContents:
    """Build a pack's contents for ``dataset`` seen through ``filters`` (the objective filter
    picks one objective's section; locality, phase and period narrow the figures).

    ``local_authority`` names the authority on the cover and in file names (default: the one
    chosen for DfE open data, else the plan's). ``as_at`` judges the plan's actions on that
    date and leaves out values after it (default: actions as at the plan's own date, and
    every value). ``status`` is the (summary, SPC, exceptions) already worked out for this
    dataset and these filters with these pods and rules (the app caches them for its pages);
    it is not used with ``as_at``, which changes them. ``default_authority`` (the
    ``local_authority`` setting) names the authority when neither ``local_authority`` nor the
    data does. Never changes ``dataset``.
    """
    if as_at is not None:
        end = pd.Timestamp(as_at)
        filters = Filters(
            filters.objective,
            filters.locality,
            filters.phase,
            filters.period_start,
            min(filters.period_end, end) if filters.period_end is not None else end,
        )
    view = apply_filters(dataset.observations, dataset.catalogue, filters, pods=pods)
    plan = dataset.plan
    titles = {o.id: o.title for o in plan.objectives} if plan is not None else {}
    recalculations = plan.recalculations() if plan is not None else {}
    if status is not None and as_at is None:
        summary, spc, flagged = status
    else:
        summary = kpi_summary(view, dataset.catalogue, policy=dataset.rating_policy)
        spc = spc_table(view, dataset.catalogue, summary, rules=rules, recalculations=recalculations)
        flagged = exceptions(summary, spc)
    rows = report_summary(summary, spc, titles)
    plan_as_at = as_at or (plan.as_at if plan is not None else None)
    objective = filters.objective if filters.objective != ALL else None
    actions = action_table(plan, plan_as_at, objective) if plan is not None else _no_actions()
    milestones = (
        kpi_milestone_table(
            plan, dataset.rating_policy, good_directions=good_directions(dataset.catalogue), objective=objective
        )
        if plan is not None
        else pd.DataFrame(columns=["objective", "kpi_id"])
    )
    flagged = flagged.assign(
        commentary=[
            exception_commentary(
                rows.loc[rows["kpi_id"] == kpi_id].iloc[0], actions[actions["objective"] == objective_id]
            )
            for kpi_id, objective_id in zip(
                flagged["kpi_id"], rows.set_index("kpi_id")["objective"].reindex(flagged["kpi_id"]), strict=True
            )
        ]
    )
    sections = []
    order = [o for o in titles if objective in (None, o)]
    if objective is None and (rows["objective"] == NO_OBJECTIVE).any():
        order.append(NO_OBJECTIVE)
    for objective_id in order:
        kpis = rows[rows["objective"] == objective_id].reset_index(drop=True)
        section_actions = actions[actions["objective"] == objective_id].reset_index(drop=True)
        title = titles.get(objective_id, NO_OBJECTIVE_TITLE)
        sections.append(
            ObjectiveSection(
                objective_id,
                title,
                kpis,
                milestones[milestones["objective"] == objective_id].reset_index(drop=True),
                section_actions,
                objective_commentary(title, kpis, section_actions),
            )
        )
    sources = tuple(
        SourceFile(read.filename, SOURCE_KINDS.get(read.layout, "Scorecard"), read.read_at, read.checksum)
        for read in dataset.reads
    )
    if plan is not None:
        sources += (SourceFile(plan.source_name, "Improvement plan", plan.read_at, plan.checksum),)
    authority = local_authority or dataset.authority or default_authority
    latest, latest_frequency = latest_period(view)
    threshold = dataset.suppression_threshold
    return ReportContents(
        authority=authority,
        programme=plan.name if plan is not None else "",
        as_at=latest,
        as_at_frequency=latest_frequency,
        plan_as_at=plan_as_at,
        sources=sources,
        filters_text=describe_filters(filters, titles),
        suppression_text=(
            hidden_numbers_sentence(threshold)
            if threshold is not None
            else "None: this pack is for people who may see every figure."
        ),
        is_sample=dataset.is_sample,
        summary=rows,
        exceptions=flagged,
        sections=tuple(sections),
        actions=actions.assign(objective_title=[titles.get(o, o) for o in actions["objective"]]),
        risks=risk_table(plan) if plan is not None else pd.DataFrame(columns=["Date", "Risk", "Severity"]),
        observations=view,
        glossary=tuple(GLOSSARY.items()),
        rules=rules,
        recalculations=recalculations,
        has_plan=plan is not None,
        slice_name=" ".join(part for part in (filters.objective, filters.locality, filters.phase) if part != ALL),
    )


def _no_actions() -> pd.DataFrame:
    return pd.DataFrame(columns=list(ACTION_COLUMNS))


def summary_table(contents: ReportContents) -> pd.DataFrame:
    """The KPI summary with human headings and numbers as numbers, for the CSV download."""
    rows = contents.summary
    return pd.DataFrame(
        {
            "KPI": rows["kpi_name"],
            "Objective": rows["objective_title"],
            "Section": rows["section"],
            "Latest period": rows["latest_period_text"],
            "Latest": rows["latest_value"],
            "Unit": rows["unit"],
            "Change since the value before": rows["change"].round(4),
            "Target": rows["target_text"],
            "Rating": rows["rag"],
            "Variation (SPC)": rows["variation_words"],
            "Assurance (SPC)": rows["assurance_words"],
            "England": rows["england"],
            "Statistical neighbours": rows["statistical_neighbours"],
            "Region": rows["region"],
        }
    )


def section_sheets_text(contents: ReportContents) -> str:
    """The pack's sheets of KPIs in words: "4 objective sheets and a sheet of KPIs not in the
    plan"; with no plan loaded, "a sheet of KPIs not in the plan" alone, not "1 objective sheet"
    as if there were an objective."""
    objectives = sum(section.title != NO_OBJECTIVE_TITLE for section in contents.sections)
    extra = len(contents.sections) - objectives
    parts = [how_many(objectives, "objective sheet")] if objectives else []
    if extra:
        parts.append(f"a sheet of {NO_OBJECTIVE_TITLE}")
    return " and ".join(parts) or "no sheets of KPIs"


# The columns a reader of the Downloads page checks first, of summary_table's.
PREVIEW_COLUMNS = ("KPI", "Latest period", "Latest", "Target", "Rating", "Variation (SPC)")


def summary_preview(contents: ReportContents, rows: int, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The first ``rows`` of :func:`summary_table` (``table``, when the caller has made it
    already) in ``PREVIEW_COLUMNS``, for reading on the page: the latest figure as the app
    writes it ("38.2%", "31,799"), not the bare number the spreadsheet's cell holds (Excel
    formats that itself)."""
    table = summary_table(contents) if table is None else table
    preview = table.head(rows).loc[:, list(PREVIEW_COLUMNS)]
    return preview.assign(Latest=contents.summary["latest_text"].head(rows).to_numpy())


@dataclass(frozen=True)
class ChartCaption:
    """What a downloaded chart image says about itself: whose data, up to when, from where."""

    authority: str
    as_at: str
    source: str


def chart_caption(dataset: Dataset, observations: pd.DataFrame, kpi_ids: Sequence[str] = ()) -> ChartCaption:
    """The caption for a chart of ``kpi_ids`` (every KPI when none is given) drawn from
    ``observations``: the authority (as on the cover), the latest period with a value of those
    KPIs, and the files they came from (every file when none can be told)."""
    plan = dataset.plan
    wanted = set(kpi_ids)
    files = [read.filename for read in dataset.reads if wanted and read.observations["kpi_id"].isin(wanted).any()]
    if plan is not None and (not wanted or any(k.id in wanted for k in plan.kpis)):
        files.append(plan.source_name)
    if not files or not wanted:
        files = dataset.file_names
    latest, frequency = latest_period(observations[observations["kpi_id"].isin(wanted)] if wanted else observations)
    return ChartCaption(
        dataset.authority,
        period_text(latest, frequency, long=True) if latest is not None else "no data",
        ", ".join(files),
    )


SAMPLE_WARNING = "This is built from the app's sample data, not from a council's own files."
SAMPLE_FACT = "Sample data"  # the cover fact's label, which each writer shows as a warning


def cover_facts(contents: ReportContents) -> list[tuple[str, str]]:
    """The cover's facts, label and value, in order: whose figures, to when, the plan's date,
    the filters and suppression applied, and the sample-data warning when it applies."""
    facts = [
        ("Local authority", contents.authority or "Not named"),
        ("Programme", contents.programme or "No improvement plan loaded"),
        ("Data to", contents.as_at_text),
        (
            "Plan status as at",
            f"{contents.plan_as_at:%d %B %Y}" if contents.plan_as_at else "No improvement plan loaded",
        ),
        ("Filters applied", contents.filters_text),
        ("Suppression applied", contents.suppression_text),
    ]
    if contents.is_sample:
        facts.append((SAMPLE_FACT, SAMPLE_WARNING))
    return facts
