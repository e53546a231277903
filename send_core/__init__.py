"""send_core: the domain logic of the SEND improvement reporting app (no Streamlit here,
except in ``send_core.ui``)."""

from .errors import ConfigError, PlanError, ScorecardError, SendCoreError
from .plan import Plan, load_plan
from .reading import LAYOUTS, ColumnMapping, ScorecardRead, read_scorecard

__all__ = [
    "LAYOUTS",
    "ColumnMapping",
    "ConfigError",
    "Plan",
    "PlanError",
    "ScorecardError",
    "ScorecardRead",
    "SendCoreError",
    "load_plan",
    "read_scorecard",
]
