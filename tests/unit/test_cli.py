"""The command line: python -m send_core inspect / check-plan."""

import subprocess
import sys

from tests.conftest import ROOT, SAMPLE


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "send_core", *arguments], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_inspect_prints_layout_kpis_periods_counts_and_problems():
    result = run("inspect", str(SAMPLE / "bcp_send_scorecard_jan25.xlsx"), "--limit", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Layout:  monthly" in out
    assert "Periods: 14 (Dec 2023 to Jan 2025)" in out
    assert "KPIs:    77" in out
    assert "Scorecard Jan 25!F22" in out  # the rescaled fraction, listed with its cell


def test_a_file_that_cannot_be_read_exits_2_with_the_message(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    result = run("inspect", str(empty))
    assert result.returncode == 2
    assert "empty.xlsx is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_plan_reports_each_problem_with_its_line(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "version: 1\nprogramme: {name: x, local_authority: y, as_at: someday}\nobjectives: []\nactons: []\n"
    )
    result = run("check-plan", str(plan))
    assert result.returncode == 2
    assert "Line 2: as_at 'someday' is not a date" in result.stderr
    assert "Line 4: unknown key 'actons' in the plan. Did you mean 'actions'?" in result.stderr
    assert run("check-plan", str(SAMPLE / "birmingham_app_plan.yaml")).stdout.startswith("Together We CAN")


def test_piping_into_head_is_not_an_error():
    # `inspect FILE | head -1`: the reader closes the pipe after one line.
    command = subprocess.Popen(
        [sys.executable, "-m", "send_core", "inspect", str(SAMPLE / "bcp_send_scorecard_jan25.xlsx"), "--limit", "77"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert command.stdout.readline().startswith(b"File:")
    command.stdout.close()
    assert command.wait(timeout=120) == 0
    assert b"Traceback" not in command.stderr.read()
