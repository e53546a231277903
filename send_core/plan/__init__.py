"""The improvement plan: one YAML file an officer can edit (format in README, "Plan YAML").

- ``loader``: ``load_plan`` (the YAML read by :mod:`send_core.yaml_loader`);
- ``schema``: the keys each entry allows, and the one-pass checks;
- ``builders``: one builder per section (objectives, actions, KPIs, filters, risks, feedback);
- ``entries``: the frozen dataclasses a plan is made of;
- ``status``: where the plan stands as at a date (actions, milestones, KPI milestones).
"""

from .entries import (
    DONE_STATUSES,
    MILESTONE_STATUSES,
    PLAN_VERSION,
    RISK_SEVERITIES,
    Action,
    Feedback,
    KpiMilestone,
    Milestone,
    Objective,
    Plan,
    PlanKpi,
    Risk,
)
from .loader import MAX_PLAN_BYTES, load_plan
from .status import action_rag, action_table, kpi_milestone_table, milestone_table, risk_table

__all__ = [
    "DONE_STATUSES",
    "MAX_PLAN_BYTES",
    "MILESTONE_STATUSES",
    "PLAN_VERSION",
    "RISK_SEVERITIES",
    "Action",
    "Feedback",
    "KpiMilestone",
    "Milestone",
    "Objective",
    "Plan",
    "PlanKpi",
    "Risk",
    "action_rag",
    "action_table",
    "kpi_milestone_table",
    "load_plan",
    "milestone_table",
    "risk_table",
]
