"""Reading untrusted files in worker processes: the same results as reading in-process, typed
errors, and a worker that runs out of memory or time is replaced, never taking the caller down."""

from __future__ import annotations

import gc

import pytest

from send_core import PlanError, ScorecardError, read_scorecard
from send_core.reading.worker import ReadingPool, Task, _collector_paused
from tests.conftest import SAMPLE
from tests.unit.reading_helpers import BCP, MILESTONE_HEADER, MILESTONE_ROWS, xlsx_bytes


@pytest.fixture(scope="module")
def pool():
    pool = ReadingPool(1)
    yield pool
    pool.close()


def test_a_read_in_a_worker_is_the_read_in_process(pool):
    here = read_scorecard(BCP)
    there = pool.run(Task("read", BCP.read_bytes(), BCP.name))
    assert there.layout == here.layout == "monthly"
    assert there.observations.equals(here.observations)
    assert there.problems.equals(here.problems)
    assert there.accounting == here.accounting
    assert there.sheets == []  # the raw cells stay in the worker


def test_options_reach_the_worker(pool):
    data = xlsx_bytes([MILESTONE_HEADER, *MILESTONE_ROWS])
    with pytest.raises(ScorecardError, match="no sheet looks like a scorecard"):
        pool.run(Task("read", data, "milestone.xlsx", layout="monthly"))
    assert pool.run(Task("read", data, "milestone.xlsx", layout="milestone")).layout == "milestone"


def test_a_file_that_cannot_be_read_raises_its_own_message(pool):
    with pytest.raises(ScorecardError, match="empty.csv is empty"):
        pool.run(Task("read", b"   ", "empty.csv"))


def test_a_plan_is_loaded_in_a_worker_and_its_problems_come_back_as_a_list(pool):
    plan = pool.run(Task("plan", (SAMPLE / "birmingham_app_plan.yaml").read_bytes(), "app.yaml"))
    assert plan.source_name == "app.yaml" and len(plan.actions) == 31
    with pytest.raises(PlanError) as raised:
        pool.run(Task("plan", b"version: 2\n", "plan.yaml"))
    assert "Line 1: version 2 is not one this app reads; use version: 1." in raised.value.problems


def test_the_column_form_preview_comes_from_a_worker(pool):
    previews = pool.run(Task("preview", BCP.read_bytes(), BCP.name))
    assert list(previews) == ["Scorecard Jan 25"]
    assert previews["Scorecard Jan 25"].index[0] == 1


def test_progress_is_passed_on_for_a_read_that_takes_a_while(pool, monkeypatch):
    from send_core.reading import worker

    steps = []
    # Reading 20,000 rows takes well over PROGRESS_AFTER; a small file sends none (each costs a hop).
    from benchmarks.generate import long_template

    pool.run(Task("read", long_template(20_000), "long.xlsx"), lambda done, step: steps.append((done, step)))
    assert steps and all(0 <= done <= 1 for done, _ in steps)
    assert worker.PROGRESS_AFTER > 0


def test_a_read_that_runs_out_of_time_is_stopped_and_the_next_one_works():
    pool = ReadingPool(1, time_limit=0.001)
    try:
        pool.warm()
        with pytest.raises(ScorecardError, match="took longer than 0 seconds to read, so reading it was stopped"):
            pool.run(Task("read", BCP.read_bytes(), BCP.name))
        pool.time_limit = 60
        assert pool.run(Task("read", BCP.read_bytes(), BCP.name)).layout == "monthly"
    finally:
        pool.close()


def test_a_read_that_runs_out_of_memory_is_a_scorecard_error_and_the_pool_goes_on():
    from benchmarks.generate import long_template

    pool = ReadingPool(1, memory_headroom=16 * 1024**2)  # reading 20,000 rows needs far more
    try:
        with pytest.raises(ScorecardError, match="needs more memory to read than this app allows"):
            pool.run(Task("read", long_template(20_000), "long.xlsx"))
        pool.close()  # its replacement has the small limit too
        pool.memory_headroom = 1024**3
        assert pool.run(Task("read", BCP.read_bytes(), BCP.name)).layout == "monthly"
    finally:
        pool.close()


def test_a_file_that_cannot_be_read_leaves_its_worker_in_the_pool():
    # Before: the worker that answered "cannot be read" was killed and not replaced, so a warm
    # pool of two shrank to none after two bad files.
    pool = ReadingPool(1)
    try:
        pool.warm()
        first = pool._idle[0].process.pid
        with pytest.raises(ScorecardError):
            pool.run(Task("read", b"   ", "empty.csv"))
        assert [worker.process.pid for worker in pool._idle] == [first]
    finally:
        pool.close()


@pytest.mark.parametrize("chunks", [[["a", "b"]], [["a", "b"], ["c"]], [["a", None], [], ["d"]]])
@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]"])
def test_results_pass_through_shared_memory_with_their_string_columns_whole(tmp_path, chunks, dtype):
    # A column of one Arrow chunk goes as it is; one of several is joined first: either way the
    # frame that comes back equals the one sent, in its own string dtype, missing values kept.
    import pandas as pd
    import pyarrow as pa

    from send_core.reading.worker import _SharedRegion

    arrow = pa.chunked_array(chunks, type=pa.large_string())
    column = pd.Series(pd.arrays.ArrowStringArray(arrow, dtype=pd.Series(["x"], dtype=dtype).dtype))
    frame = pd.DataFrame({"text": column, "number": range(len(column))})
    region = _SharedRegion(str(tmp_path / "region"), 1 << 20, create=True)
    try:
        back = region.take_pickled(region.put_pickled({"frame": frame}))["frame"]
    finally:
        region.close()
    assert back["text"].dtype == column.dtype
    assert back["text"].isna().tolist() == [value is None for chunk in chunks for value in chunk]
    assert back["text"].dropna().tolist() == [value for chunk in chunks for value in chunk if value is not None]
    pd.testing.assert_frame_equal(back, frame)


@pytest.mark.parametrize(("pause", "inside"), [(True, False), (False, True)])
def test_the_cycle_collector_is_paused_only_when_asked_and_always_comes_back(pause, inside):
    assert gc.isenabled()
    with _collector_paused(pause):
        assert gc.isenabled() is inside
    assert gc.isenabled()
    with pytest.raises(ScorecardError), _collector_paused(pause):
        raise ScorecardError("a read that fails part way")
    assert gc.isenabled()
