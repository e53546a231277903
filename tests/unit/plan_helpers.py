"""The sample plan and a minimal one, shared by the plan tests."""

from __future__ import annotations

from tests.conftest import SAMPLE

PLAN = SAMPLE / "birmingham_app_plan.yaml"
EXPECTED_ACTIONS = (
    [f"ASL{i}" for i in range(1, 7)]
    + [f"AGBR{i}" for i in range(1, 14)]
    + [f"AWTW{i}" for i in range(1, 7)]
    + [f"AP{i}" for i in range(1, 7)]
)


MINIMAL = """version: 1
programme:
  name: Test plan
  local_authority: Somewhere
  as_at: 2024-01-31
objectives:
  - id: O1
    title: First objective
actions:
  - id: A1
    objective: O1
    title: Do the thing
    owner: Head of SEND
    milestones:
      - title: Start
        due: 30 Apr 2022
        status: complete
"""
