"""Faults while publishing, each made for real in another process: killed at every step of a
publish, two publishes at once, a full disk, a read-only store, and (on the S3-compatible
store) two app processes reading while a third publishes. After each, the live version is a
whole, valid one and nothing published is lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT, SAMPLE
from tests.unit.store_helpers import MONTH_ONE, MONTH_TWO, open_store, s3_endpoint, s3_environment, s3_store_address

__all__ = ["s3_endpoint", "s3_store_address"]  # fixtures, imported to be found
SCORECARDS = [str(SAMPLE / "bcp_send_scorecard_jan25.xlsx"), str(SAMPLE / "send_kpi_table_2023.xlsx")]
PLAN = str(SAMPLE / "birmingham_app_plan.yaml")


def publish_command(store, *files, by="officer") -> list[str]:
    return [sys.executable, "-m", "send_core", "publish", *map(str, files), "--store", str(store),
            "--audience", "internal", "--by", by, "--accept-changes"]  # fmt: skip


def run(command, **options) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **options.pop("env", {})}
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=180, env=environment, **options)


def assert_live_is_whole(store_address, expected_versions: set[str]) -> None:
    store = open_store(store_address)
    live = store.live("internal")
    assert live.problems == ()
    assert live.snapshot.version in expected_versions
    assert {info.version for info in store.versions() if info.status == "ok"} >= expected_versions


def csv_file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# The publish is killed (SIGKILL, as the kernel's out-of-memory killer or a pulled plug would)
# just before its n-th write to the store: every data file, the manifest, the live pointer.
KILL_AT_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    import send_core.store.location as location
    import send_core.store.snapshots as snapshots
    from send_core.__main__ import main
    kill_at = int(sys.argv[1])
    writes = 0
    real_write = location.write_whole
    def write_then_die(*arguments, **keywords):
        global writes
        writes += 1
        if writes == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_write(*arguments, **keywords)
    snapshots.write_whole = write_then_die
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.parametrize("kill_at", [1, 2, 3, 4])  # data.parquet, plan.parquet, manifest.json, live pointer
def test_a_publish_killed_at_any_step_leaves_the_live_version_whole(tmp_path, kill_at):
    store = tmp_path / "store"
    first = run(publish_command(store, *SCORECARDS, "--plan", PLAN))
    assert first.returncode == 0, first.stderr
    version = first.stdout.strip()
    killed = run(
        [
            sys.executable,
            "-c",
            KILL_AT_WRITE,
            str(kill_at),
            *publish_command(store, csv_file(tmp_path, "nov.csv", MONTH_ONE))[3:],
        ]
    )
    assert killed.returncode == -signal.SIGKILL
    assert_live_is_whole(store, {version})
    assert open_store(store).live_pointer("internal")["version"] == version
    again = run(publish_command(store, csv_file(tmp_path, "dec.csv", MONTH_TWO)))  # and the store still works
    assert again.returncode == 0, again.stderr
    assert_live_is_whole(store, {version, again.stdout.strip()})


def test_two_publishes_at_once_both_keep_their_version_and_live_is_one_of_them(tmp_path):
    store = tmp_path / "store"
    commands = [
        publish_command(store, csv_file(tmp_path, "nov.csv", MONTH_ONE), by="first"),
        publish_command(store, csv_file(tmp_path, "dec.csv", MONTH_TWO), by="second"),
    ]
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    processes = [subprocess.Popen(c, cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True) for c in commands]
    versions = {process.communicate(timeout=180)[0].strip() for process in processes}
    assert all(process.returncode == 0 for process in processes) and len(versions) == 2
    assert_live_is_whole(store, versions)
    assert sorted(event["by"] for event in open_store(store).audit_events()) == ["first", "second"]


def test_a_full_disk_fails_the_publish_with_a_sentence_and_keeps_the_live_version(tmp_path):
    store = tmp_path / "store"
    first = run(publish_command(store, csv_file(tmp_path, "nov.csv", MONTH_ONE)))
    assert first.returncode == 0, first.stderr
    # A file-size limit makes writes past 2 KB fail with EFBIG, as a full disk fails them.
    limit = textwrap.dedent(
        """
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
        from send_core.__main__ import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    full = run([sys.executable, "-c", limit, *publish_command(store, *SCORECARDS, "--plan", PLAN)[3:]])
    assert full.returncode == 2
    assert "Publishing failed" in full.stderr and "the live internal version is the one it was" in full.stderr
    assert_live_is_whole(store, {first.stdout.strip()})
    assert open_store(store).live_pointer("internal")["version"] == first.stdout.strip()


def _can_mount_read_only() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="this machine cannot make a mount namespace (unshare -rm)")
def test_a_read_only_store_fails_the_publish_with_a_sentence_and_keeps_the_live_version(tmp_path):
    store = tmp_path / "store"
    first = run(publish_command(store, csv_file(tmp_path, "nov.csv", MONTH_ONE)))
    assert first.returncode == 0, first.stderr
    publish = " ".join(publish_command(store, csv_file(tmp_path, "dec.csv", MONTH_TWO)))
    # The store's folder mounted read-only for the publishing process alone (EROFS, for real).
    read_only = run(["unshare", "-rm", "sh", "-c", f"mount -o bind,ro {store} {store} && exec {publish}"])
    assert read_only.returncode == 2, read_only.stderr
    assert "Read-only file system" in read_only.stderr and "Nothing was changed" in read_only.stderr
    assert_live_is_whole(store, {first.stdout.strip()})


def test_a_file_with_errors_is_never_published(tmp_path):
    store = tmp_path / "store"
    broken = csv_file(tmp_path, "broken.csv", b"KPI,Nov 24,Dec 24\nNo. of complaints,17,twelve-ish\n")
    result = run(publish_command(store, broken))
    assert result.returncode == 2
    assert "broken.csv has 1 error" in result.stderr
    assert open_store(store).versions() == []


READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from send_core.store import SnapshotStore
    store = SnapshotStore.open(sys.argv[1], Path("."))
    seen, problems, reads = set(), [], 0
    deadline = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < deadline:
        live = store.live("internal")
        problems += list(live.problems)
        if live.snapshot is not None:
            seen.add(live.snapshot.version)
            assert len(live.snapshot.rows) > 0
        reads += 1
    print(json.dumps({"seen": sorted(seen), "problems": problems, "reads": reads}))
    """
)


def test_two_app_processes_read_the_s3_store_while_a_third_publishes(s3_store_address, s3_endpoint, tmp_path):
    environment = {**s3_environment(s3_endpoint), "PYTHONDONTWRITEBYTECODE": "1"}
    first = run(publish_command(s3_store_address, csv_file(tmp_path, "nov.csv", MONTH_ONE)), env=environment)
    assert first.returncode == 0, first.stderr
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, s3_store_address, "12"], cwd=ROOT, env=environment, stdout=subprocess.PIPE
        )
        for _ in range(2)
    ]
    published = {first.stdout.strip()}
    for name, data in (("dec.csv", MONTH_TWO), ("nov-again.csv", MONTH_ONE), ("dec-again.csv", MONTH_TWO)):
        result = run(publish_command(s3_store_address, csv_file(tmp_path, name, data)), env=environment)
        assert result.returncode == 0, result.stderr
        published.add(result.stdout.strip())
    results = [json.loads(reader.communicate(timeout=120)[0]) for reader in readers]
    for result in results:
        assert result["problems"] == [] and result["reads"] > 10
        assert set(result["seen"]) <= published  # only ever a whole, published version
    assert_live_is_whole(s3_store_address, published)
