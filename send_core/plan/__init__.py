"""The improvement plan: one YAML file an officer can edit (format in README, "Plan YAML").

- ``loader``: ``load_plan`` (the YAML read by :mod:`send_core.yaml_loader`);
- ``schema``: the keys each entry allows, and the one-pass checks;
- ``builders``: one builder per section (objectives, actions, KPIs, filters, risks, feedback);
- ``entries``: the frozen dataclasses a plan is made of;
- ``status``: where the plan stands as at a date (actions, milestones, KPI milestones).
"""

from __future__ import annotations

from send_core import lazy_exports

# What the package offers, and the module each name is in (imported on first use: see
# send_core.lazy_exports).
_EXPORTS = {
    "Action": ".entries",
    "DONE_STATUSES": ".entries",
    "Feedback": ".entries",
    "KpiMilestone": ".entries",
    "MAX_PLAN_BYTES": ".loader",
    "MILESTONE_STATUSES": ".entries",
    "Milestone": ".entries",
    "Objective": ".entries",
    "PLAN_VERSION": ".entries",
    "Plan": ".entries",
    "PlanKpi": ".entries",
    "RISK_SEVERITIES": ".entries",
    "Risk": ".entries",
    "action_rag": ".status",
    "action_table": ".status",
    "kpi_milestone_table": ".status",
    "load_plan": ".loader",
    "milestone_table": ".status",
    "risk_table": ".status",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
