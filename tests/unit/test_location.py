"""Where the store lives, and whole writes: a reader never sees part of a file."""

from __future__ import annotations

import pytest

from send_core.errors import StoreError
from send_core.store.location import exists, list_names, open_store, read_whole, write_whole
from tests.conftest import ROOT
from tests.unit.store_helpers import s3_endpoint, s3_store_address, store_address

__all__ = ["s3_endpoint", "s3_store_address", "store_address"]  # fixtures, imported to be found


def test_a_relative_folder_is_under_the_project_and_is_made(tmp_path):
    location = open_store("store-here", tmp_path)
    assert location.is_local and location.root == (tmp_path / "store-here").resolve().as_posix()
    assert (tmp_path / "store-here").is_dir()


def test_no_address_is_a_sentence():
    with pytest.raises(StoreError, match="No snapshot store is set"):
        open_store("  ", ROOT)


def test_whole_writes_replace_and_leave_no_temporary_files(store_address):
    location = open_store(store_address, ROOT)
    path = location.path("live", "internal.json")
    write_whole(location, path, b"first")
    write_whole(location, path, b"second")
    assert read_whole(location, path) == b"second"
    assert list_names(location, "live") == ["internal.json"]
    assert exists(location, path) and not exists(location, location.path("live", "public.json"))


def test_a_failed_write_in_a_folder_leaves_the_old_file_and_no_partial_one(tmp_path, monkeypatch):
    location = open_store(str(tmp_path / "store"), ROOT)
    path = location.path("live", "internal.json")
    write_whole(location, path, b"old")

    def fail(*_arguments):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("send_core.store.location.os.replace", fail)
    with pytest.raises(OSError, match="No space left"):
        write_whole(location, path, b"new")
    assert read_whole(location, path) == b"old"
    assert sorted(p.name for p in (tmp_path / "store" / "live").iterdir()) == ["internal.json"]


def test_listing_a_folder_that_does_not_exist_is_empty(store_address):
    assert list_names(open_store(store_address, ROOT), "nowhere") == []
