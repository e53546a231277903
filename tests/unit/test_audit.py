"""The audit log: one JSON line per event, in order, never rewritten."""

from __future__ import annotations

import pytest

from send_core.store.audit import read_events, record_event
from send_core.store.location import open_store, write_whole
from tests.conftest import ROOT


def test_events_come_back_in_the_order_they_happened_with_who_and_what(tmp_path):
    location = open_store(str(tmp_path), ROOT)
    record_event(location, "sign_in", "manager@council.gov.uk", role="viewer")
    record_event(location, "publish", "officer@council.gov.uk", version="v1", audience="internal")
    record_event(location, "rollback", "officer@council.gov.uk", version="v0", audience="internal")
    events = read_events(location)
    assert [(e["action"], e["by"]) for e in events] == [
        ("sign_in", "manager@council.gov.uk"),
        ("publish", "officer@council.gov.uk"),
        ("rollback", "officer@council.gov.uk"),
    ]
    assert events[1]["version"] == "v1" and events[0]["role"] == "viewer"
    assert events[0]["time"] < events[1]["time"] < events[2]["time"]
    files = list((tmp_path / "audit").rglob("*.jsonl"))
    assert len(files) == 3 and all(f.read_text().count("\n") == 1 for f in files)  # one line each


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="unknown audit action"):
        record_event(open_store("/tmp", ROOT), "delete_everything", "x")


def test_a_line_that_is_not_json_is_kept_as_unreadable_not_dropped(tmp_path):
    location = open_store(str(tmp_path), ROOT)
    write_whole(location, location.path("audit", "2026-12-01", "x.jsonl"), b"{not json\n")
    assert read_events(location) == [{"action": "unreadable", "line": "{not json", "file": "2026-12-01/x.jsonl"}]
