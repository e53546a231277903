"""Command line: ``python -m send_core inspect FILE`` and ``python -m send_core check-plan FILE``."""

from __future__ import annotations

import argparse
import os
import sys

import pandas as pd

from .errors import SendCoreError
from .plan import load_plan
from .reading import LAYOUTS, READ_LAYOUTS, read_scorecard


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
