"""From files to a snapshot and back: what a publish would write (and what its audience would
see), and the Dataset a published snapshot stands for. The app's Publish page, its draft
view and the ``publish`` command all go through here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd

from ..config import Settings
from ..dataset import Dataset, build_dataset, configured_pods, link_plan_ids, public_view
from ..errors import StoreError
from ..plan import Plan
from ..reading import ScorecardRead
from ..reports.contents import latest_period
from ..suppression import hidden_cells, hide_cells, with_pod_rows
from ..wording import period_text
from .history import merge_history
from .snapshot_files import FILE_COLUMN, read_rows, reads_from_rows, source_entry
from .snapshots import Publication, Snapshot, check_audience

MAX_CHANGES_IN_MANIFEST = 500  # the manifest lists this many changed figures, and counts them all


@dataclass(frozen=True)
class PreparedPublish:
    """A publish worked out but not written: what it would write, the Dataset its audience
    would see, and the published figures it changes (``history.CHANGE_COLUMNS``)."""

    publication: Publication
    dataset: Dataset = field(repr=False)
    changes: pd.DataFrame = field(repr=False)


def snapshot_dataset(snapshot: Snapshot, settings: Settings) -> Dataset:
    """The Dataset a snapshot stands for, built as an upload's is (so it is rated and checked in
    the one way), keyed on its version; a public snapshot says what it suppressed."""
    reads = reads_from_rows(snapshot.rows, snapshot.manifest.get("sources", []), snapshot.authorities)
    dataset = build_dataset(list(reads), snapshot.plan, settings=settings, key="version:" + snapshot.version)
    threshold = (snapshot.manifest.get("suppression") or {}).get("threshold")
    return dataclasses.replace(
        dataset,
        suppression_threshold=threshold or None,
        published_version=snapshot.version,
        published_at=snapshot.manifest.get("published_at", ""),
        published_by=snapshot.manifest.get("published_by", ""),
    )


def refuse_files_with_errors(reads: list[ScorecardRead]) -> None:
    """Raise :class:`StoreError` naming every file that has errors listed (nothing with an
    error in it is published)."""
    faulty = []
    for read in reads:
        errors = int((read.problems["severity"] == "error").sum())
        if errors:
            faulty.append(f"{read.filename} has {errors} error{'s' if errors != 1 else ''}")
    if faulty:
        raise StoreError(
            "Nothing was published: "
            + "; ".join(faulty)
            + ". Fix them (the Upload page, or `python -m send_core inspect FILE`, lists each one) and publish again."
        )


def prepare_publish(
    reads: list[ScorecardRead],
    plan: Plan | None,
    base: Snapshot | None,
    audience: str,
    settings: Settings,
    *,
    as_at: pd.Timestamp | None = None,
    refuse_errors: bool = True,
) -> PreparedPublish:
    """What publishing ``reads`` and ``plan`` on top of ``base`` (the live internal snapshot,
    or None) to ``audience`` would write.

    History: the files' rows are laid over the base's (:func:`merge_history`), so each series
    keeps every published month; a plan given replaces the base's, else the base's is kept.
    For ``public``, only KPIs marked public are kept and small counts in breakdowns are
    suppressed here, once, so nothing a public page shows can get past it. ``as_at`` leaves
    out values after it (default: none left out; the manifest records the latest period).
    Raises :class:`StoreError` for files with errors (unless ``refuse_errors`` is False, as for
    a draft only its officer sees), for nothing to publish, and for a public publish with no
    KPI marked public."""
    check_audience(audience)
    if refuse_errors:
        refuse_files_with_errors(reads)
    plan = plan if plan is not None else (base.plan if base is not None else None)
    new_rows = read_rows(reads)
    if as_at is not None:
        new_rows = new_rows[new_rows["period"].isna() | (new_rows["period"] <= as_at)]
    if plan is not None:
        new_rows = link_plan_ids(new_rows, plan)
    base_rows = base.rows if base is not None else new_rows.iloc[0:0]
    rows, changes = merge_history(base_rows, new_rows, file_column=FILE_COLUMN)
    base_sources = base.manifest.get("sources", []) if base is not None else []
    new_sources = [source_entry(read) for read in reads]
    new_keys = {source["key"] for source in new_sources}
    kept = set(rows[FILE_COLUMN])
    sources = [s for s in base_sources if s["key"] in kept and s["key"] not in new_keys] + new_sources
    names = {source["key"]: source["name"] for source in sources + base_sources}
    changes = changes.assign(file=changes["file"].map(names).fillna(changes["file"]))
    if rows.empty and plan is None:
        raise StoreError("Nothing was published: there are no figures and no plan. Upload a scorecard first.")
    authorities = next((r.local_authorities for r in reads if r.local_authorities is not None), None)
    if authorities is None and base is not None:
        authorities = base.authorities
    # Named by its content (files, plan, the version beneath), as caches of per-view results need.
    key = "|".join([f"draft:{audience}", *(s["key"] for s in sources), plan.checksum if plan else "", str(as_at)])
    key += f"|on:{base.version}" if base is not None else ""
    dataset = build_dataset(list(reads_from_rows(rows, sources, authorities)), plan, settings=settings, key=key)
    suppression = {"threshold": None, "public_kpis_only": False}
    if audience == "public":
        pods = configured_pods(settings)
        public = public_view(dataset, settings.suppression_threshold, pods)
        public_ids = set(public.catalogue["kpi_id"])
        if not public_ids:
            raise StoreError(
                "Nothing was published to the public: no KPI is marked public. Mark them in the plan"
                " (public: true) and publish again."
            )
        # Decided once over every file and the plan together; the stored rows (each file's,
        # with the pods added up from the true figures) hide exactly those cells.
        rows = hide_cells(with_pod_rows(rows[rows["kpi_id"].isin(public_ids)], pods), hidden_cells(public.observations))
        rows = rows.assign(source="")  # no sheet and cell references on the public site
        plan = public.plan
        suppression = {"threshold": settings.suppression_threshold, "public_kpis_only": True}
        kept = set(rows[FILE_COLUMN])
        sources = [s for s in sources if s["key"] in kept]
        dataset = public
    latest, frequency = latest_period(dataset.observations)
    if as_at is not None:
        as_at_text = f"{as_at:%-d %b %Y}"
    else:
        as_at_text = period_text(latest, frequency) if latest is not None else ""
    details = {
        "as_at": (as_at or latest).date().isoformat() if (as_at or latest) is not None else "",
        "as_at_text": as_at_text,  # as people write it: "Jan 2025", "2024/25", "31 Dec 2024"
        "local_authority": dataset.authority,
        "suppression": suppression,
        "based_on": base.version if base is not None else None,
        "rows": len(rows),
        "kpis": int(dataset.catalogue["kpi_id"].nunique()),
        "changed_values": len(changes),
        # A public version's manifest names no figure: the changes are to figures before suppression.
        "changes": [] if audience == "public" else changes.head(MAX_CHANGES_IN_MANIFEST).astype(str).to_dict("records"),
    }
    publication = Publication(audience, rows.reset_index(drop=True), plan, authorities, sources, details)
    return PreparedPublish(publication, dataset, changes)
