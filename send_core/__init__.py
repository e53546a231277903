"""send_core: the domain logic of the SEND improvement reporting app (no Streamlit here,
except in ``send_core.ui``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

# The names each package offers, by the module (relative to the package) that holds them,
# imported when a name is first asked for (see lazy_exports). One table for every package,
# so each package's __init__ is two lines.
PACKAGE_EXPORTS = {
    "send_core": {
        ".errors": "ConfigError PlanError ScorecardError SendCoreError",
        ".plan": "Plan load_plan",
        ".reading": "ColumnMapping LAYOUTS ScorecardRead read_scorecard",
    },
    "send_core.plan": {
        ".entries": "Action DONE_STATUSES Feedback KpiMilestone MILESTONE_STATUSES Milestone Objective PLAN_VERSION Plan PlanKpi RISK_SEVERITIES Risk",
        ".loader": "MAX_PLAN_BYTES load_plan",
        ".status": "action_rag action_table kpi_milestone_table milestone_table risk_table",
    },
    "send_core.reading": {
        ".combine": "CONFLICT_COLUMNS KEY_COLUMNS combine_observations",
        ".headers": "ColumnMapping MAPPING_ROLES MAPPING_ROLE_LABELS column_role suggest_header_row suggest_mapping_role suggest_name_column",
        ".registry": "LAYOUTS MANUAL MIXED READERS READ_LAYOUTS reader_named",
        ".scorecard": "ScorecardRead preview_sheet read_scorecard",
        ".template": "TEMPLATE_COLUMNS",
    },
    "send_core.reports": {
        ".contents": "ObjectiveSection ReportContents SourceFile report_contents report_file_name",
    },
    "send_core.store": {
        ".location": "open_store",
        ".publishing": "PreparedPublish prepare_publish snapshot_dataset",
        ".snapshots": "AUDIENCES LiveSnapshot Publication Snapshot SnapshotStore VersionInfo",
    },
}


def lazy_exports(namespace: dict) -> tuple[list[str], Callable[[str], object], Callable[[], list[str]]]:
    """A package's ``__all__``, ``__getattr__`` and ``__dir__`` for the names it re-exports
    from its modules (``PACKAGE_EXPORTS``, by the package's name in ``namespace``), each
    module imported when one of its names is first asked for, the name then kept in
    ``namespace``.

    Why not plain imports in ``__init__``: a package that imports its own modules while it
    starts can deadlock with another thread that imports one of those modules directly (each
    holds one module's lock and waits for the other's). Python then hands one of them a
    half-made module ("cannot import name ... from partially initialized module"), which is
    what several visitors opening the app at once on a just-started server got.
    """
    exports = {
        name: module for module, names in PACKAGE_EXPORTS[namespace["__name__"]].items() for name in names.split()
    }

    def __getattr__(name: str) -> object:
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module, namespace["__name__"]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return sorted(exports), __getattr__, __dir__


__all__, __getattr__, __dir__ = lazy_exports(globals())
