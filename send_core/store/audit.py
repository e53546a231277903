"""The store's audit log: who published, rolled back or signed in, when, and what.

Append-only JSON lines. Each event is its own one-line object under ``audit/<date>/``: an
object store cannot append to an object, and so no two replicas ever write the same file;
nothing here is ever rewritten or removed. :func:`read_events` gives them back in order."""

from __future__ import annotations

import datetime as dt
import json
import secrets

from .location import StoreLocation, list_names, read_whole, write_whole

AUDIT_FOLDER = "audit"
ACTIONS = ("publish", "rollback", "sign_in", "publish_refused")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def record_event(location: StoreLocation, action: str, by: str, **details: object) -> dict:
    """Add one event to the log and return it: ``action`` (one of :data:`ACTIONS`), ``by`` (an
    email or a name given on the command line), the time (UTC, to the microsecond) and
    ``details`` (version, audience, files...). Raises ``OSError`` as the store does."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    now = utc_now()
    event = {"time": now.isoformat(timespec="microseconds"), "action": action, "by": by, **details}
    name = f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(4)}.jsonl"
    line = json.dumps(event, ensure_ascii=False, default=str) + "\n"
    write_whole(location, location.path(AUDIT_FOLDER, f"{now:%Y-%m-%d}", name), line.encode("utf-8"))
    return event


def read_events(location: StoreLocation, *, days: int | None = None) -> list[dict]:
    """Every event in the log, oldest first (only the last ``days`` days' when given). A line
    that is not JSON is returned as ``{"action": "unreadable", "line": ...}``, never dropped."""
    dates = list_names(location, AUDIT_FOLDER)
    if days is not None:
        dates = dates[-days:]
    events = []
    for date in dates:
        for name in list_names(location, f"{AUDIT_FOLDER}/{date}"):
            text = read_whole(location, location.path(AUDIT_FOLDER, date, name)).decode("utf-8", "replace")
            for line in text.splitlines():
                try:
                    events.append(json.loads(line))
                except json.JSONDecodeError:
                    events.append({"action": "unreadable", "line": line, "file": f"{date}/{name}"})
    return events
