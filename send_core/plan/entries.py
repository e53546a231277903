"""What a loaded plan holds: objectives, actions and their milestones, KPIs and their
milestones, risks and feedback, as frozen dataclasses (read-only, shared between sessions)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..model import ALL, PLAN_SOURCE, observations_frame
from ..reading.periods import frequency_of, parse_period
from ..reading.values import parse_value

PLAN_VERSION = 1
MILESTONE_STATUSES = ("complete", "implemented", "ongoing", "in_progress", "not_started")
DONE_STATUSES = ("complete", "implemented")
RISK_SEVERITIES = ("Low", "Medium", "High")


@dataclass(frozen=True)
class Milestone:
    title: str
    due: dt.date | None
    due_text: str
    status: str
    completed: dt.date | None = None
    notes: str = ""
    line: int = 0

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES


@dataclass(frozen=True)
class Action:
    id: str
    objective: str
    title: str
    owner: str
    milestones: tuple[Milestone, ...]
    status: str = ""
    notes: str = ""
    line: int = 0


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    description: str = ""
    sponsor: str = ""
    areas_of_weakness: tuple[str, ...] = ()


@dataclass(frozen=True)
class KpiMilestone:
    date: pd.Timestamp
    date_text: str
    target: str
    actual: str
    line: int = 0


@dataclass(frozen=True)
class PlanKpi:
    id: str
    objective: str
    name: str
    unit: str
    good_direction: str
    cumulative: bool
    public: bool
    amber_tolerance: float | None
    baseline: str
    baseline_date: pd.Timestamp | None
    milestones: tuple[KpiMilestone, ...]
    # Months where the KPI's process limits are recalculated (its definition changed, say).
    spc_recalculate_at: tuple[pd.Timestamp, ...] = ()
    line: int = 0
    description: str = ""  # what it measures, in plain English, for families


@dataclass(frozen=True)
class Risk:
    date: dt.date | None
    risk: str
    severity: str
    mitigation: str = ""
    progress: str = ""


@dataclass(frozen=True)
class Feedback:
    audience: str
    you_said: str
    we_did: str = ""
    objective: str = ""
    action: str = ""


@dataclass(frozen=True)
class Plan:
    """A loaded, checked plan. Read-only: share it between sessions freely."""

    name: str
    local_authority: str
    as_at: dt.date
    objectives: tuple[Objective, ...]
    actions: tuple[Action, ...]
    kpis: tuple[PlanKpi, ...]
    risks: tuple[Risk, ...]
    feedback: tuple[Feedback, ...]
    localities: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    source_name: str = "plan"
    checksum: str = ""  # SHA-256 of the file's bytes, for the board pack's list of sources
    read_at: str = ""  # when it was read, UTC, ISO 8601 to the second
    extra: dict[str, Any] = field(default_factory=dict)

    def recalculations(self) -> dict[str, tuple[pd.Timestamp, ...]]:
        """Each KPI's SPC recalculation months, for the KPIs that have any."""
        return {kpi.id: kpi.spc_recalculate_at for kpi in self.kpis if kpi.spc_recalculate_at}

    def objective_title(self, objective_id: str) -> str:
        return next((o.title for o in self.objectives if o.id == objective_id), objective_id)

    def kpi_table(self) -> pd.DataFrame:
        """The plan's KPIs in the catalogue's columns (see :func:`send_core.model.kpi_catalogue`)."""
        return pd.DataFrame(
            [
                {
                    "kpi_id": k.id,
                    "kpi_name": k.name,
                    "objective": k.objective,
                    "unit": k.unit,
                    "good_direction": k.good_direction,
                    "cumulative": k.cumulative,
                    "public": k.public,
                    "description": k.description,
                }
                for k in self.kpis
            ],
            columns=[
                "kpi_id",
                "kpi_name",
                "objective",
                "unit",
                "good_direction",
                "cumulative",
                "public",
                "description",
            ],
        )

    def observations(self) -> pd.DataFrame:
        """The plan's baselines, milestone targets and actuals as tidy observations."""
        rows = []
        for kpi in self.kpis:
            section = self.objective_title(kpi.objective)
            if kpi.baseline:
                rows.append(
                    _plan_observation(kpi, section, "baseline", kpi.baseline, kpi.baseline_date, "Baseline", kpi.line)
                )
            for milestone in kpi.milestones:
                for measure, text in (("target", milestone.target), ("actual", milestone.actual)):
                    if text:
                        rows.append(
                            _plan_observation(
                                kpi, section, measure, text, milestone.date, milestone.date_text, milestone.line
                            )
                        )
        return observations_frame(rows)


def _plan_observation(
    kpi: PlanKpi, section: str, measure: str, text: str, period: pd.Timestamp | None, label: str, line: int
) -> dict:
    parsed = parse_value(text)
    return {
        "kpi_id": kpi.id,
        "kpi_name": kpi.name,
        "section": section,
        "measure": measure,
        "comparator": "",
        "period": period if period is not None else pd.NaT,
        "period_label": label,
        # A milestone written "2023/24" is an academic year's; "Nov 2021" a month's.
        "frequency": frequency_of(parse_period(label)) or "month" if period is not None else "",
        "value": parsed.value if parsed.kind in ("number", "bound") else math.nan,
        "value_low": parsed.low,
        "value_high": parsed.high,
        "value_text": text,
        "unit": kpi.unit,
        "locality": ALL,
        "phase": ALL,
        "source": f"{PLAN_SOURCE} line {line}",
    }
