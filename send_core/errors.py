"""Typed errors whose message is what the user reads.

Every expected failure in the app is one of these; the web layer shows ``str(error)``
with ``st.error`` and never a traceback.
"""

from __future__ import annotations


class SendCoreError(Exception):
    """Base class: the message says what is wrong and what to do about it."""


class ScorecardError(SendCoreError):
    """An uploaded scorecard could not be read at all."""


MAX_PLAN_PROBLEMS_SHOWN = 100  # a plan's message lists this many problems; ``problems`` keeps them all


class PlanError(SendCoreError):
    """An improvement-plan YAML file is invalid.

    ``problems`` lists every problem found in one pass, each a sentence that names the line.
    """

    def __init__(self, problems: list[str] | str):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        count = len(self.problems)
        heading = "The plan file has 1 problem" if count == 1 else f"The plan file has {count:,} problems"
        lines = [f"- {p}" for p in self.problems[:MAX_PLAN_PROBLEMS_SHOWN]]
        if count > MAX_PLAN_PROBLEMS_SHOWN:
            lines.append(f"- and {count - MAX_PLAN_PROBLEMS_SHOWN:,} more, not shown; fix these and load it again.")
        super().__init__(heading + ":\n" + "\n".join(lines))


class ConfigError(SendCoreError):
    """A file in ``config/`` is invalid."""


class ReportError(SendCoreError):
    """A report file (a PDF, a chart image) could not be made on this machine."""


class StoreError(SendCoreError):
    """The snapshot store cannot be reached or written, or a publish was refused."""


class SnapshotError(StoreError):
    """A published snapshot is missing, incomplete or does not match its checksums."""


class AccessError(SendCoreError):
    """The signed-in person's role does not allow what was asked (an upload, a publish)."""
