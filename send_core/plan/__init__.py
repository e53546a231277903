"""The improvement plan: one YAML file an officer can edit (format in README, "Plan YAML").

- ``loader``: ``load_plan`` (the YAML read by :mod:`send_core.yaml_loader`);
- ``schema``: the keys each entry allows, and the one-pass checks;
- ``builders``: one builder per section (objectives, actions, KPIs, filters, risks, feedback);
- ``entries``: the frozen dataclasses a plan is made of;
- ``status``: where the plan stands as at a date (actions, milestones, KPI milestones).
"""

from __future__ import annotations

from send_core import lazy_exports

# The names this package offers are listed in send_core.PACKAGE_EXPORTS.
__all__, __getattr__, __dir__ = lazy_exports(globals())
