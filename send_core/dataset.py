"""Everything the pages show, put together once: observations from every file, the plan, the
KPI catalogue, and the lists of what did not join up or did not agree."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .config import Settings
from .errors import ConfigError
from .localities import load_localities
from .model import (
    ALL,
    COMPARATORS,
    PLAN_SOURCE,
    is_from_plan,
    kpi_catalogue,
    normalise_observations,
    observations_frame,
)
from .plan import Plan, load_plan
from .plan.entries import PlanKpi
from .rag import RatingPolicy
from .reading import ScorecardRead, combine_observations, read_scorecard
from .suppression import SUPPRESSED, is_suppressed, suppress

SAMPLE_AUTHORITY = "Sample data"  # and the sample's name: "Sample data: Birmingham"


@dataclass(frozen=True)
class Dataset:
    """Read-only once built. ``is_sample`` is True for the built-in sample data."""

    observations: pd.DataFrame
    catalogue: pd.DataFrame
    plan: Plan | None
    reads: tuple[ScorecardRead, ...]
    conflicts: pd.DataFrame
    plan_kpis_without_data: tuple[str, ...] = ()
    scorecard_kpis_not_in_plan: tuple[str, ...] = ()
    is_sample: bool = False
    sample_name: str = ""  # the built-in sample's name (config "samples"), for a sample
    sample_about: str = ""  # what the sample is, and which parts of it are made up
    local_authorities: pd.DataFrame | None = field(default=None, repr=False)
    key: str = ""  # names the files' content: caches of per-view results are keyed on it
    # How every page, chart and download rates this data's KPIs (settings + the plan's KPIs).
    rating_policy: RatingPolicy = field(default_factory=RatingPolicy)
    # Set by public_view: counts below it were suppressed in breakdowns (None: nothing hidden).
    suppression_threshold: int | None = None
    # A published snapshot's version (and when, by whom); for a draft, the version it is laid over.
    published_version: str = ""
    published_at: str = ""
    published_by: str = ""
    is_draft: bool = False  # an officer's uploads, not yet published: only their session sees it
    # A draft's changes to published figures (send_core.store.history.CHANGE_COLUMNS), or None.
    draft_changes: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def our_authority(self) -> str | None:
        """The local authority chosen as "us" when a DfE open-data file was read, else None."""
        return next((read.local_authority for read in self.reads if read.local_authority), None)

    @functools.cached_property
    def comparators(self) -> tuple[str, ...]:
        """The comparator kinds the data has figures for ("England", ...), in
        ``model.COMPARATORS`` order; empty when it has none. Worked out once per dataset (a
        shared one is read by every session's pages)."""
        present = set(self.observations["comparator"].unique()) if "comparator" in self.observations else set()
        return tuple(name for name in COMPARATORS if name in present)

    @property
    def authority(self) -> str:
        """Whose data this is: the authority chosen for DfE open data, else the plan's, else "".
        A sample says it is one, with its name ("Sample data: Birmingham"), so that nobody
        takes it for their council's own figures."""
        if self.is_sample:
            return f"{SAMPLE_AUTHORITY}: {self.sample_name}" if self.sample_name else SAMPLE_AUTHORITY
        return self.our_authority or (self.plan.local_authority if self.plan is not None else "") or ""

    @property
    def published_on_text(self) -> str:
        """ " on 2 December 2026" for a published version (the day, as a sentence says it), or ""."""
        return f" on {pd.Timestamp(self.published_at):%-d %B %Y}" if self.published_at else ""

    @property
    def file_names(self) -> list[str]:
        names = [read.filename for read in self.reads]
        if self.plan is not None:
            names.append(self.plan.source_name)
        return names


def _name_key(text: str) -> str:
    return re.sub(r"[^a-z0-9%]+", " ", str(text).lower()).strip()


def link_plan_ids(observations: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Give scorecard rows the plan's KPI id where the KPI's *name* matches a plan KPI.

    Scorecards rarely carry the plan's ids; matching by name (ignoring case and punctuation)
    joins "% EHCPs issued within 20 weeks" in both. Returns a new frame.
    """
    if observations.empty or not plan.kpis:
        return observations
    by_name = {_name_key(k.name): k.id for k in plan.kpis}
    plan_ids = {k.id for k in plan.kpis}
    keys = observations["kpi_name"].map(_name_key)
    mapped = keys.map(by_name)
    keep = observations["kpi_id"].isin(plan_ids) | mapped.isna()
    result = observations.copy()
    result["kpi_id"] = result["kpi_id"].where(keep, mapped)
    return result


def build_dataset(
    reads: list[ScorecardRead],
    plan: Plan | None,
    *,
    settings: Settings | None = None,
    is_sample: bool = False,
    key: str = "",
) -> Dataset:
    """Combine reads and a plan. Plan actuals and file actuals for the same KPI and period that
    differ are listed in ``conflicts`` (both kept), never merged. The rating policy is built
    here, once, from ``settings`` (the defaults when None) and the plan's KPIs."""
    frames = [read.observations for read in reads]
    if plan is not None:
        frames = [link_plan_ids(frame, plan) for frame in frames]
        frames.append(plan.observations())
    combined, conflicts = combine_observations(frames)
    combined = normalise_observations(combined) if not combined.empty else observations_frame()
    catalogue = kpi_catalogue(combined, plan.kpi_table() if plan is not None else None)
    without, not_in_plan = (), ()
    if plan is not None:
        file_ids = set()
        for frame in frames[:-1]:
            file_ids.update(frame["kpi_id"])
        plan_ids = [k.id for k in plan.kpis]
        plan_actual_ids = set(combined.loc[combined["measure"] == "actual", "kpi_id"])
        without = tuple(k for k in plan_ids if k not in plan_actual_ids)
        not_in_plan = tuple(sorted(file_ids - set(plan_ids)))
    authorities = next((read.local_authorities for read in reads if read.local_authorities is not None), None)
    return Dataset(
        observations=combined,
        catalogue=catalogue,
        plan=plan,
        reads=tuple(reads),
        conflicts=conflicts,
        plan_kpis_without_data=without,
        scorecard_kpis_not_in_plan=not_in_plan,
        is_sample=is_sample,
        local_authorities=authorities,
        key=key or ("sample" if is_sample else "uploads"),
        rating_policy=RatingPolicy.from_settings(settings, plan.kpis if plan is not None else ()),
    )


def public_plan(plan: Plan, public_ids: set[str], shown: pd.DataFrame) -> Plan:
    """The plan as the public may see it: only KPIs marked public, and each milestone actual
    or baseline that ``shown`` (suppressed observations) hides written as hidden too, so the
    Plan tracker and the packs cannot show what the charts do not."""
    hidden = shown[is_suppressed(shown) & (shown["locality"] == ALL) & (shown["phase"] == ALL)]
    # Compared as dates (an undated baseline as None), never as text, which writes one date two ways.
    hidden_keys = {
        (kpi_id, measure, None if pd.isna(period) else pd.Timestamp(period))
        for kpi_id, measure, period in zip(hidden["kpi_id"], hidden["measure"], hidden["period"], strict=True)
    }

    def when(date: object) -> pd.Timestamp | None:
        return None if date is None or pd.isna(date) else pd.Timestamp(date)

    def kept(kpi: PlanKpi) -> PlanKpi:
        milestones = tuple(
            replace(m, actual=SUPPRESSED) if (kpi.id, "actual", when(m.date)) in hidden_keys and m.actual else m
            for m in kpi.milestones
        )
        baseline_hidden = (kpi.id, "baseline", when(kpi.baseline_date)) in hidden_keys
        return replace(kpi, milestones=milestones, baseline=SUPPRESSED if baseline_hidden else kpi.baseline)

    return replace(plan, kpis=tuple(kept(k) for k in plan.kpis if k.id in public_ids))


def public_view(dataset: Dataset, threshold: int, pods: Mapping[str, tuple[str, ...]] | None = None) -> Dataset:
    """What the read-only public instance shows: KPIs marked public, their figures suppressed
    (:func:`send_core.suppression.suppress`, pods added up first), the plan likewise, and no
    list of values that disagree (it would show figures before suppression), no sheet and cell
    references."""
    public_ids = set(dataset.catalogue.loc[dataset.catalogue["public"].astype(bool), "kpi_id"])
    shown = suppress(dataset.observations[dataset.observations["kpi_id"].isin(public_ids)], threshold, pods)
    # A file's sheet and cell mean nothing to a family, and name internal files; whether a
    # figure is the plan's is kept, for the exceptions' like-with-like check.
    shown = shown.assign(source=np.where(is_from_plan(shown["source"]), PLAN_SOURCE, ""))
    catalogue = dataset.catalogue[dataset.catalogue["kpi_id"].isin(public_ids)].reset_index(drop=True)
    return replace(
        dataset,
        observations=shown,
        catalogue=catalogue,
        plan=public_plan(dataset.plan, public_ids, shown) if dataset.plan is not None else None,
        conflicts=dataset.conflicts.iloc[0:0],
        key=dataset.key + "|public",
        suppression_threshold=threshold,
    )


def load_sample_dataset(settings: Settings, name: str | None = None) -> Dataset:
    """The built-in sample called ``name`` (the first configured when None or unknown; an
    empty dataset when the settings name none), as the public view of it when read-only.
    Each sample is one authority's files on their own, never mixed with another's."""
    sample = settings.sample(name)
    if sample is None:
        return build_dataset([], None, settings=settings, is_sample=True)
    reads = [read_scorecard(settings.path(path)) for path in sample.scorecard_files]
    plan = load_plan(settings.path(sample.plan_file)) if sample.plan_file else None
    dataset = build_dataset(reads, plan, settings=settings, is_sample=True, key=f"sample:{sample.name}")
    dataset = replace(dataset, sample_name=sample.name, sample_about=sample.about)
    if not settings.read_only:
        return dataset
    return public_view(dataset, settings.suppression_threshold, configured_pods(settings))


def configured_pods(settings: Settings) -> dict[str, tuple[str, ...]]:
    """The pods the locality file names (none when it has problems: the app then offers no
    pods either, and every page says why)."""
    try:
        return dict(load_localities(settings.path(settings.localities_file)).pods)
    except ConfigError:
        return {}
