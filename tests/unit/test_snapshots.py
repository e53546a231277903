"""The snapshot store, on a folder and on an S3-compatible bucket (moto's server on 127.0.0.1):
publish, load and check, live per audience, roll back, versions, damage, and the audit log."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from send_core.config import Settings
from send_core.dataset import build_dataset
from send_core.errors import SnapshotError, StoreError
from send_core.plan import load_plan
from send_core.store import prepare_publish, snapshot_dataset
from send_core.store.location import read_whole, write_whole
from send_core.store.snapshots import check_version_name, new_version_id
from tests.conftest import SAMPLE
from tests.unit.store_helpers import (
    MONTH_ONE,
    MONTH_TWO,
    open_store,
    read,
    s3_endpoint,
    s3_store_address,
    store_address,
)

__all__ = ["s3_endpoint", "s3_store_address", "store_address"]  # fixtures, imported to be found
SETTINGS = Settings()


def publish(store, reads, plan=None, audience="internal", by="officer@council.gov.uk"):
    base = store.live("internal").snapshot
    prepared = prepare_publish(reads, plan, base, audience, SETTINGS)
    return store.publish(prepared.publication, by=by, app_version="test")


def sorted_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_a_published_version_reads_back_as_the_dataset_it_was_made_from(store_address, tmp_path):
    store = open_store(store_address)
    reads = [read(tmp_path, "complaints.csv", MONTH_ONE)]
    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    manifest = publish(store, reads, plan)
    loaded = store.live("internal")
    assert loaded.problems == () and loaded.snapshot.version == manifest["version"]
    shown = snapshot_dataset(loaded.snapshot, SETTINGS)
    expected = build_dataset(reads, plan, settings=SETTINGS)
    assert sorted_rows(shown.observations).equals(sorted_rows(expected.observations))
    assert shown.catalogue.equals(expected.catalogue)
    assert shown.plan == plan
    assert manifest["sources"][0]["name"] == "complaints.csv"
    assert manifest["sources"][0]["sha256"] == reads[0].checksum
    assert manifest["published_by"] == "officer@council.gov.uk" and manifest["audience"] == "internal"
    assert set(manifest["files"]) == {"data.parquet", "plan.parquet"}


def test_every_version_is_kept_and_any_can_be_made_live_again(store_address, tmp_path):
    store = open_store(store_address)
    first = publish(store, [read(tmp_path, "nov.csv", MONTH_ONE)])["version"]
    second = publish(store, [read(tmp_path, "dec.csv", MONTH_TWO)])["version"]
    assert store.live_pointer("internal")["version"] == second
    store.rollback(first, "internal", by="publisher@council.gov.uk")
    assert store.live("internal").snapshot.version == first
    listed = {info.version: (info.audience, info.status, info.live) for info in store.versions()}
    assert listed == {first: ("internal", "ok", True), second: ("internal", "ok", False)}
    events = store.audit_events()
    assert [(e["action"], e["version"]) for e in events] == [
        ("publish", first),
        ("publish", second),
        ("rollback", first),
    ]
    assert events[-1]["by"] == "publisher@council.gov.uk"


def test_an_internal_version_can_never_go_live_to_the_public(store_address, tmp_path):
    store = open_store(store_address)
    version = publish(store, [read(tmp_path, "nov.csv", MONTH_ONE)])["version"]
    with pytest.raises(StoreError, match="published for the internal audience, not public"):
        store.rollback(version, "public", by="x")
    assert store.live_pointer("public") is None


def damage(store, version: str, name: str) -> None:
    path = store.location.path("versions", version, name)
    data = bytearray(read_whole(store.location, path))
    data[len(data) // 2] ^= 0xFF
    write_whole(store.location, path, bytes(data))


@pytest.mark.parametrize("damaged", ["data.parquet", "manifest.json"])
def test_a_damaged_live_version_is_reported_and_the_last_good_one_keeps_serving(store_address, tmp_path, damaged):
    store = open_store(store_address)
    good = publish(store, [read(tmp_path, "nov.csv", MONTH_ONE)])["version"]
    bad = publish(store, [read(tmp_path, "dec.csv", MONTH_TWO)])["version"]
    damage(store, bad, damaged)
    with pytest.raises(SnapshotError):
        store.load(bad, expected_sha256=store.live_pointer("internal")["manifest_sha256"])
    live = store.live("internal")
    assert live.snapshot.version == good
    assert any(bad in problem for problem in live.problems)
    assert any(f"Showing version {good}" in problem for problem in live.problems)
    status = {info.version: info.status for info in store.versions()}
    assert status[good] == "ok" and status[bad] != "ok"


def test_a_version_whose_manifest_was_never_written_does_not_exist(store_address, tmp_path):
    store = open_store(store_address)
    good = publish(store, [read(tmp_path, "nov.csv", MONTH_ONE)])["version"]
    unfinished = new_version_id()
    write_whole(store.location, store.location.path("versions", unfinished, "data.parquet"), b"half a file")
    assert [info.version for info in store.versions()] == [good]
    assert store.live("internal").snapshot.version == good
    with pytest.raises(SnapshotError, match="does not exist"):
        store.load(unfinished)


@pytest.mark.parametrize("name", ["../live", "20250131-093000-1a2b3c/../../x", "", "latest"])
def test_a_version_name_from_a_link_cannot_reach_another_folder(name):
    with pytest.raises(SnapshotError, match="is not a version's name"):
        check_version_name(name)


def test_the_live_pointer_names_the_version_and_its_manifest_checksum(store_address, tmp_path):
    store = open_store(store_address)
    manifest = publish(store, [read(tmp_path, "nov.csv", MONTH_ONE)])
    pointer = json.loads(read_whole(store.location, store.location.path("live", "internal.json")))
    manifest_bytes = read_whole(store.location, store.location.path("versions", manifest["version"], "manifest.json"))
    import hashlib

    assert pointer["version"] == manifest["version"]
    assert pointer["manifest_sha256"] == hashlib.sha256(manifest_bytes).hexdigest()
    assert pointer["action"] == "publish"


def test_nothing_published_is_no_live_version_and_no_problem(store_address):
    live = open_store(store_address).live("public")
    assert live.snapshot is None and live.problems == ()
