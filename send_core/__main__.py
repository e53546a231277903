"""Command line: ``inspect FILE``, ``check-plan FILE``, the monthly ``summary`` (the board
pack, printable report or KPI summary, written exactly as the app's Downloads page writes them),
and the snapshot store's ``publish``, ``versions``, ``rollback`` and ``audit`` (the same code
as the app's Publish page)."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .config import APP_VERSION, PROJECT_ROOT, load_settings
from .dataset import build_dataset, configured_pods, public_view
from .errors import ReportError, SendCoreError, StoreError
from .filters import ALL, Filters, filter_options
from .localities import load_localities
from .plan import load_plan
from .plan.schema import parse_due
from .reading import LAYOUTS, READ_LAYOUTS, read_scorecard
from .reports import report_contents
from .reports.output import write_report
from .reports.site import write_site
from .store import SnapshotStore, prepare_publish, snapshot_dataset


def _inspect(arguments: argparse.Namespace) -> int:
    read = read_scorecard(arguments.file, layout=arguments.layout, local_authority=arguments.local_authority)
    print(f"File:    {read.filename}")
    print(f"Layout:  {read.layout} ({READ_LAYOUTS[read.layout]})")
    print(f"Sheets:  {', '.join(read.sheets_read)}")
    periods = [pd.Timestamp(p).strftime("%b %Y") for p in read.periods]
    print(f"Periods: {len(periods)}" + (f" ({periods[0]} to {periods[-1]})" if periods else ""))
    counts = read.observations["measure"].value_counts()
    print("Values:  " + ", ".join(f"{int(n)} {measure}" for measure, n in counts.items()))
    accounting = read.accounting
    print(
        f"Cells:   {accounting['cells']} non-empty = {accounting['values']} values + {accounting['markers']} markers"
        f" + {accounting['labels']} labels + {accounting['problems']} not understood"
    )
    print(f"KPIs:    {len(read.kpis)}")
    names = read.observations.drop_duplicates("kpi_id")[["kpi_id", "kpi_name"]]
    for row in names.head(arguments.limit).itertuples():
        print(f"  {row.kpi_id}: {row.kpi_name}")
    if len(names) > arguments.limit:
        print(f"  ... and {len(names) - arguments.limit} more")
    print(f"Problems: {len(read.problems)}")
    for row in read.problems.itertuples():
        print(f"  [{row.severity}] {row.location}: {row.message}")
    return 0


def _check_plan(arguments: argparse.Namespace) -> int:
    plan = load_plan(arguments.file)
    print(f"{plan.name} ({plan.local_authority}), as at {plan.as_at:%d %b %Y}")
    print(
        f"{len(plan.objectives)} objectives, {len(plan.actions)} actions, {len(plan.kpis)} KPIs, {len(plan.risks)} risks, {len(plan.feedback)} feedback entries"
    )
    return 0


def _as_at(arguments: argparse.Namespace):
    """The ``--as-at`` date, or None when not given. Raises :class:`ReportError` for one that is not a date."""
    if not arguments.as_at:
        return None
    as_at = parse_due(arguments.as_at)
    if as_at is None:
        raise ReportError(f"--as-at {arguments.as_at!r} is not a date; write it like 2025-01-31 or 31 Jan 2025.")
    return as_at


def _summary(arguments: argparse.Namespace) -> int:
    settings = load_settings()
    reads = [read_scorecard(path, local_authority=arguments.local_authority) for path in arguments.scorecards]
    plan = load_plan(arguments.plan) if arguments.plan else None
    # The sample warning goes on the cover when the files are exactly the app's own sample.
    given = {Path(path).resolve() for path in [*arguments.scorecards, *([arguments.plan] if arguments.plan else [])]}
    sample = next((s for s in settings.samples if {settings.path(path).resolve() for path in s.files} == given), None)
    dataset = build_dataset(reads, plan, settings=settings, is_sample=sample is not None)
    if sample is not None:
        dataset = replace(dataset, sample_name=sample.name, sample_about=sample.about)
    pods = dict(load_localities(settings.path(settings.localities_file)).pods)
    if settings.read_only:
        dataset = public_view(dataset, settings.suppression_threshold, configured_pods(settings))
    wanted = Filters(
        objective=arguments.objective or ALL, locality=arguments.locality or ALL, phase=arguments.phase or ALL
    )
    titles = {o.id: o.title for o in plan.objectives} if plan is not None else {}
    options = filter_options(dataset.observations, dataset.catalogue, titles, pods)
    for name, value, offered in (
        ("--objective", wanted.objective, [o for o, _ in options.objectives]),
        ("--locality", wanted.locality, list(options.localities)),
        ("--phase", wanted.phase, list(options.phases)),
    ):
        if value not in offered:
            raise ReportError(f"{name} {value!r} is not in the data; choose one of: {', '.join(offered)}.")
    as_at = _as_at(arguments)
    contents = report_contents(
        dataset,
        wanted,
        pods=pods,
        rules=settings.spc_rules(),
        local_authority=arguments.local_authority,
        as_at=as_at,
    )
    target = write_report(contents, arguments.out)
    print(f"Wrote {target} ({target.stat().st_size:,} bytes): {contents.filters_text} Data to {contents.as_at_text}.")
    return 0


def _open_store(arguments: argparse.Namespace) -> SnapshotStore:
    return SnapshotStore.open(arguments.store or load_settings().store_address(), PROJECT_ROOT)


def _publish(arguments: argparse.Namespace) -> int:
    settings = load_settings()
    store = _open_store(arguments)
    reads = [read_scorecard(path, local_authority=arguments.local_authority) for path in arguments.scorecards]
    plan = load_plan(arguments.plan) if arguments.plan else None
    as_at = _as_at(arguments)
    as_at = pd.Timestamp(as_at) if as_at is not None else None
    live = store.live("internal")
    for problem in live.problems:
        print(problem, file=sys.stderr)
    prepared = prepare_publish(reads, plan, live.snapshot, arguments.audience, settings, as_at=as_at)
    changes = prepared.changes
    if not changes.empty:
        print(f"{len(changes)} published figure(s) differ in the new files:", file=sys.stderr)
        for row in changes.head(20).itertuples():
            print(
                f"  {row.kpi_name}, {row.period_label} ({row.measure}, {row.locality}, {row.phase}):"
                f" published {row.published}, now {row.new} in {row.file}",
                file=sys.stderr,
            )
        if len(changes) > 20:
            print(f"  ... and {len(changes) - 20} more", file=sys.stderr)
        if not arguments.accept_changes:
            print("Nothing was published. Check them, then publish again with --accept-changes.", file=sys.stderr)
            return 3
    manifest = store.publish(prepared.publication, by=arguments.by, app_version=APP_VERSION)
    print(manifest["version"])
    return 0


def _versions(arguments: argparse.Namespace) -> int:
    infos = _open_store(arguments).versions()
    if not infos:
        print("Nothing has been published to this store yet.")
    for info in infos:
        mark = "live" if info.live else "    "
        checked = "checksums ok" if info.status == "ok" else "DAMAGED: " + info.status
        print(
            f"{info.version}  {mark}  {info.audience:<8}  {info.published_at}  by {info.published_by or '?'}"
            f"  data to {info.as_at_text or '?'}  {checked}"
        )
    return 0


def _rollback(arguments: argparse.Namespace) -> int:
    manifest = _open_store(arguments).rollback(arguments.version, arguments.audience, by=arguments.by)
    print(f"Version {manifest['version']} ({manifest['published_at']}) is live again for {arguments.audience}.")
    return 0


def _audit(arguments: argparse.Namespace) -> int:
    import json

    for event in _open_store(arguments).audit_events():
        print(json.dumps(event, ensure_ascii=False))
    return 0


def _export_site(arguments: argparse.Namespace) -> int:
    settings = load_settings()
    live = _open_store(arguments).live("public")
    for problem in live.problems:
        print(problem, file=sys.stderr)
    if live.snapshot is None:
        raise StoreError(
            "Nothing has been published for the public yet, so there is no site to write. Publish for the public"
            " first (python -m send_core publish --audience public)."
        )
    written = write_site(snapshot_dataset(live.snapshot, settings), settings, Path(arguments.out))
    size = sum(path.stat().st_size for path in written)
    print(f"Wrote {len(written)} pages ({size:,} bytes) to {arguments.out}: version {live.snapshot.version}.")
    return 0


def _store_commands(commands: argparse._SubParsersAction) -> None:
    store_help = "The snapshot store: a folder or s3://bucket/prefix (default: the 'store' setting)."
    by_default = os.environ.get("USER") or "command line"
    publish = commands.add_parser(
        "publish",
        help="Publish scorecards (and a plan) as a new version of the snapshot store; prints the version.",
        description="Lays the files over the live internal version (every month kept), writes a new version"
        " for the audience and makes it live. Files with errors are refused.",
    )
    publish.add_argument("scorecards", nargs="*", metavar="SCORECARD")
    publish.add_argument("--plan", help="The improvement-plan YAML file (default: the live version's plan).")
    publish.add_argument("--store", help=store_help)
    publish.add_argument("--audience", choices=["internal", "public"], required=True)
    publish.add_argument("--as-at", help="Leave out values after this date (2025-01-31).")
    publish.add_argument("--by", default=by_default, help="Who is publishing, for the audit log.")
    publish.add_argument("--local-authority", help="For DfE open data: which authority is 'us' (name or code).")
    publish.add_argument(
        "--accept-changes", action="store_true", help="Publish even where the files change published figures."
    )
    publish.set_defaults(handler=_publish)
    versions = commands.add_parser("versions", help="List every version, its audience, who, when, and its checks.")
    versions.add_argument("--store", help=store_help)
    versions.set_defaults(handler=_versions)
    rollback = commands.add_parser("rollback", help="Make an earlier version live again for its audience.")
    rollback.add_argument("version")
    rollback.add_argument("--store", help=store_help)
    rollback.add_argument("--audience", choices=["internal", "public"], required=True)
    rollback.add_argument("--by", default=by_default, help="Who is rolling back, for the audit log.")
    rollback.set_defaults(handler=_rollback)
    export = commands.add_parser(
        "export-site",
        help="Write the live public version as a small static site (HTML, no scripts) for the Local Offer.",
    )
    export.add_argument("--store", help=store_help)
    export.add_argument("--out", required=True, help="The folder to write the pages into (made if missing).")
    export.set_defaults(handler=_export_site)
    audit = commands.add_parser("audit", help="Print the audit log, one JSON line per event, oldest first.")
    audit.add_argument("--store", help=store_help)
    audit.set_defaults(handler=_audit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m send_core", description="Read SEND scorecards and plans.")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="Show what the app reads from a scorecard file.")
    inspect.add_argument("file")
    inspect.add_argument("--layout", choices=list(LAYOUTS), help="Skip detection and read with this layout.")
    inspect.add_argument("--local-authority", help="For DfE open data: which authority is 'us' (name or code).")
    inspect.add_argument("--limit", type=int, default=20, help="How many KPIs to list (default 20).")
    inspect.set_defaults(handler=_inspect)
    check = commands.add_parser("check-plan", help="Check an improvement-plan YAML file.")
    check.add_argument("file")
    check.set_defaults(handler=_check_plan)
    summary = commands.add_parser(
        "summary",
        help="Write the board pack (.xlsx), printable report (.html, .pdf) or KPI summary (.csv).",
        description="The monthly run: read scorecards and a plan, and write the file --out names; its suffix chooses the format.",
    )
    summary.add_argument("scorecards", nargs="+", metavar="SCORECARD")
    summary.add_argument("--plan", help="The improvement-plan YAML file.")
    summary.add_argument("--as-at", help="Judge actions on this date and leave out values after it (2025-01-31).")
    summary.add_argument("--objective", help="Only this objective (its id in the plan).")
    summary.add_argument("--locality", help="Only this locality.")
    summary.add_argument("--phase", help="Only this phase or pod.")
    summary.add_argument("--local-authority", help="The authority to name (and, for DfE open data, which one is 'us').")
    summary.add_argument("--out", required=True, help="The file to write: .xlsx, .html, .pdf or .csv.")
    summary.set_defaults(handler=_summary)
    _store_commands(commands)
    arguments = parser.parse_args(argv)
    try:
        return arguments.handler(arguments)
    except SendCoreError as error:
        print(str(error), file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (`... | head`): not an error. Point stdout at nothing so
        # Python's own flush at exit does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
