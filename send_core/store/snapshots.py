"""The snapshot store: every publish an immutable, versioned snapshot; one live version per
audience; any version can be made live again.

Layout (a folder or a bucket prefix)::

    versions/<version>/data.parquet, plan.parquet, authorities.parquet, manifest.json
    live/internal.json, live/public.json      which version each audience sees
    audit/<date>/<event>.jsonl                who did what (store.audit)

A version exists once its ``manifest.json`` does, and the manifest is written last, so a
publish that fails or is killed part-way leaves no version, only files nothing points at.
The live pointer is replaced in one atomic write after the new version has been read back
and checked, so the live version is always a whole one. Reading checks every file against
the manifest's SHA-256; a damaged live version is reported and the newest good one of the
same audience is served instead."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..errors import SnapshotError, StoreError
from ..plan import Plan
from .audit import read_events, record_event, utc_now
from .location import StoreLocation, exists, list_names, open_store, read_whole, write_whole
from .snapshot_files import (
    AUTHORITIES_FILE,
    DATA_FILE,
    MANIFEST_FILE,
    PLAN_FILE,
    frame_from_parquet,
    parquet_bytes,
    plan_bytes,
    plan_from_parquet,
    rows_from_parquet,
    sha256,
)

AUDIENCES = ("internal", "public")
MANIFEST_FORMAT = 1
VERSION_PATTERN = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")  # also keeps a link's version out of other folders


@dataclass(frozen=True)
class Snapshot:
    """One published version, read and checked: its manifest, its rows (observations with the
    file each came from), its plan and (DfE data only) every authority's figures."""

    manifest: dict
    rows: pd.DataFrame = field(repr=False)
    plan: Plan | None = field(repr=False)
    authorities: pd.DataFrame | None = field(default=None, repr=False)
    manifest_sha256: str = ""  # the manifest file's SHA-256, which a live pointer must name

    @property
    def version(self) -> str:
        return self.manifest["version"]

    @property
    def audience(self) -> str:
        return self.manifest["audience"]


@dataclass(frozen=True)
class VersionInfo:
    """A version as ``versions`` lists it. ``status`` is "ok" or why it cannot be used."""

    version: str
    audience: str
    published_at: str
    published_by: str
    as_at: str
    as_at_text: str  # as people write the period ("Jan 2025"); the ISO date for versions made before it was kept
    status: str
    live: bool


@dataclass(frozen=True)
class LiveSnapshot:
    """What an audience is shown: the live snapshot (None when nothing is published, or no
    version can be read) and, when the live one could not be used, why, in sentences."""

    snapshot: Snapshot | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publication:
    """What a publish writes: the rows, plan and authorities, and the manifest's other facts."""

    audience: str
    rows: pd.DataFrame = field(repr=False)
    plan: Plan | None = field(repr=False)
    authorities: pd.DataFrame | None = field(repr=False)
    sources: list[dict]
    details: dict  # as_at, suppression, based_on, changed_values... (manifest keys)


def new_version_id(now: dt.datetime | None = None) -> str:
    """A version name: the UTC time to the second and six random hex digits, so versions sort
    by time and two publishes in the same second never collide."""
    now = now or utc_now()
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def check_version_name(version: str) -> str:
    """``version`` if it is a version's name. Raises :class:`SnapshotError` otherwise (a link
    whose version was mistyped, or a name that tries to reach another folder)."""
    if not VERSION_PATTERN.match(str(version)):
        raise SnapshotError(f"'{version}' is not a version's name; they look like 20250131-093000-1a2b3c.")
    return version


def check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise StoreError(f"'{audience}' is not an audience; use internal or public.")
    return audience


class SnapshotStore:
    """The store at one location; every method reads or writes the location afresh (several
    processes, or replicas, may share it)."""

    def __init__(self, location: StoreLocation):
        self.location = location

    @classmethod
    def open(cls, address: str, project_root: Path) -> SnapshotStore:
        return cls(open_store(address, project_root))

    # Reading

    def live_pointer(self, audience: str) -> dict | None:
        """The live pointer of ``audience`` (version, manifest checksum, who set it and when), or
        None when nothing has been published to it. Raises :class:`SnapshotError` if unreadable."""
        path = self.location.path("live", f"{check_audience(audience)}.json")
        try:
            pointer = json.loads(read_whole(self.location, path))
        except FileNotFoundError:
            return None
        except (OSError, pa.ArrowException, ValueError) as error:
            raise SnapshotError(f"The live {audience} pointer cannot be read ({error}).") from None
        if not isinstance(pointer, dict) or not VERSION_PATTERN.match(str(pointer.get("version", ""))):
            raise SnapshotError(f"The live {audience} pointer does not name a version.")
        return pointer

    def manifest(self, version: str, *, expected_sha256: str | None = None) -> dict:
        """A version's manifest. Raises :class:`SnapshotError` when it is missing, not JSON, or
        (given ``expected_sha256``, as the live pointer records it) not the one published."""
        return self._manifest_and_checksum(version, expected_sha256)[0]

    def _manifest_and_checksum(self, version: str, expected_sha256: str | None = None) -> tuple[dict, str]:
        path = self.location.path("versions", check_version_name(version), MANIFEST_FILE)
        try:
            data = read_whole(self.location, path)
        except FileNotFoundError:
            raise SnapshotError(
                f"Version {version} does not exist in the store (it was never finished, or has been removed)."
            ) from None
        except (OSError, pa.ArrowException) as error:
            raise SnapshotError(f"Version {version} cannot be read ({error}).") from None
        if expected_sha256 and sha256(data) != expected_sha256:
            raise SnapshotError(
                f"Version {version}'s manifest does not match the checksum recorded when it was made live:"
                " it has been changed or damaged since."
            )
        try:
            manifest = json.loads(data)
        except ValueError:
            raise SnapshotError(f"Version {version}'s manifest is not valid JSON: it is damaged.") from None
        if not isinstance(manifest, dict) or manifest.get("version") != version or "files" not in manifest:
            raise SnapshotError(f"Version {version}'s manifest is not a manifest of that version.")
        return manifest, sha256(data)

    def _checked_file(self, manifest: dict, name: str) -> bytes:
        version = manifest["version"]
        expected = manifest["files"][name]
        try:
            data = read_whole(self.location, self.location.path("versions", version, name))
        except FileNotFoundError:
            raise SnapshotError(f"Version {version} has lost its {name}.") from None
        except (OSError, pa.ArrowException) as error:
            raise SnapshotError(f"Version {version}'s {name} cannot be read ({error}).") from None
        if sha256(data) != expected.get("sha256"):
            raise SnapshotError(
                f"Version {version}'s {name} does not match its checksum: it has been changed or damaged"
                " since it was published."
            )
        return data

    def verify(self, version: str, *, expected_sha256: str | None = None) -> dict:
        """A version's manifest once every file it lists matches its checksum. Raises
        :class:`SnapshotError` saying which file does not."""
        return self._verified(version, expected_sha256)[0]

    def _verified(self, version: str, expected_sha256: str | None = None) -> tuple[dict, str]:
        manifest, manifest_sha256 = self._manifest_and_checksum(version, expected_sha256)
        for name in manifest["files"]:
            self._checked_file(manifest, name)
        return manifest, manifest_sha256

    def load(self, version: str, *, expected_sha256: str | None = None) -> Snapshot:
        """A version, every file checked against the manifest. Raises :class:`SnapshotError`."""
        manifest, manifest_sha256 = self._manifest_and_checksum(version, expected_sha256)
        files = {name: self._checked_file(manifest, name) for name in manifest["files"]}
        try:
            rows = rows_from_parquet(files[DATA_FILE])
            plan = plan_from_parquet(files[PLAN_FILE]) if PLAN_FILE in files else None
            authorities = frame_from_parquet(files[AUTHORITIES_FILE]) if AUTHORITIES_FILE in files else None
        except (pa.ArrowException, KeyError, ValueError, TypeError) as error:
            raise SnapshotError(f"Version {version} cannot be read back ({error}).") from None
        return Snapshot(manifest, rows, plan, authorities, manifest_sha256)

    def live(self, audience: str) -> LiveSnapshot:
        """The live snapshot of ``audience``. When it cannot be read, the newest version of the
        same audience that can is served, and ``problems`` says what happened."""
        problems: list[str] = []
        try:
            pointer = self.live_pointer(audience)
            if pointer is None:
                return LiveSnapshot(None)
            return LiveSnapshot(self.load(pointer["version"], expected_sha256=pointer.get("manifest_sha256")))
        except SnapshotError as error:
            problems.append(str(error))
        for version in reversed(self.version_names()):
            try:
                if self.manifest(version).get("audience") != audience:
                    continue
                snapshot = self.load(version)
            except SnapshotError:
                continue
            problems.append(f"Showing version {version}, the newest {audience} version that is whole, instead.")
            return LiveSnapshot(snapshot, tuple(problems))
        problems.append(f"No {audience} version can be read.")
        return LiveSnapshot(None, tuple(problems))

    def version_names(self) -> list[str]:
        """Every version's name, oldest first (a folder without a manifest is no version)."""
        return [name for name in list_names(self.location, "versions") if VERSION_PATTERN.match(name)]

    def versions(self) -> list[VersionInfo]:
        """Every version, oldest first, each checked against its checksums and marked live
        where it is the live one of its audience."""
        live = {}
        for audience in AUDIENCES:
            try:
                pointer = self.live_pointer(audience)
            except SnapshotError:
                pointer = None
            live[audience] = pointer["version"] if pointer else None
        infos = []
        for version in self.version_names():
            try:
                manifest = self.verify(version)
                status = "ok"
            except SnapshotError as error:
                if not exists(self.location, self.location.path("versions", version, MANIFEST_FILE)):
                    continue  # never finished: no manifest, so no version
                try:
                    manifest = self.manifest(version)
                except SnapshotError:
                    manifest = {}  # listed, as damaged, with what cannot be read left blank
                status = str(error)
            infos.append(
                VersionInfo(
                    version=version,
                    audience=manifest.get("audience", ""),
                    published_at=manifest.get("published_at", ""),
                    published_by=manifest.get("published_by", ""),
                    as_at=manifest.get("as_at", ""),
                    as_at_text=manifest.get("as_at_text") or manifest.get("as_at", ""),
                    status=status,
                    live=live.get(manifest.get("audience")) == version,
                )
            )
        return infos

    def audit_events(self, *, days: int | None = None) -> list[dict]:
        """The audit log, oldest first (only its last ``days`` days with events, when given)."""
        return read_events(self.location, days=days)

    # Writing

    def publish(self, publication: Publication, *, by: str, app_version: str) -> dict:
        """Write ``publication`` as a new version and make it the live one of its audience;
        return its manifest. The new version is read back and checked before the live pointer
        moves; if anything fails (a full disk, no permission, a store that cannot be
        reached), :class:`StoreError` says so and the live version is the one it was."""
        audience = check_audience(publication.audience)
        version = new_version_id()
        files = {DATA_FILE: parquet_bytes(publication.rows)}
        if publication.plan is not None:
            files[PLAN_FILE] = plan_bytes(publication.plan)
        if publication.authorities is not None:
            files[AUTHORITIES_FILE] = parquet_bytes(publication.authorities)
        manifest = {
            "format": MANIFEST_FORMAT,
            "version": version,
            "audience": audience,
            "published_at": utc_now().isoformat(timespec="seconds"),
            "published_by": by,
            "app_version": app_version,
            "sources": publication.sources,
            **publication.details,
            "files": {name: {"sha256": sha256(data), "bytes": len(data)} for name, data in files.items()},
        }
        manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False, default=str).encode("utf-8")
        try:
            for name, data in files.items():
                write_whole(self.location, self.location.path("versions", version, name), data)
            write_whole(self.location, self.location.path("versions", version, MANIFEST_FILE), manifest_bytes)
            self.verify(version, expected_sha256=sha256(manifest_bytes))
            self._set_live(audience, version, sha256(manifest_bytes), by=by, action="publish")
        except (OSError, pa.ArrowException, SnapshotError) as error:
            raise StoreError(
                f"Publishing failed ({error}). Nothing was changed: the live {audience} version is the one it was."
            ) from None
        self._audit("publish", by, version=version, audience=audience, files=[s["name"] for s in publication.sources])
        return manifest

    def rollback(self, version: str, audience: str, *, by: str) -> dict:
        """Make ``version`` (which must be whole, and one of ``audience``) live again; return its
        manifest. Raises :class:`StoreError` (an internal version can never go live to the public)."""
        check_audience(audience)
        manifest, manifest_bytes_sha = self._verified(version)
        if manifest.get("audience") != audience:
            raise StoreError(
                f"Version {version} was published for the {manifest.get('audience')} audience, not {audience}:"
                " choose one of the versions published for it."
            )
        try:
            self._set_live(audience, version, manifest_bytes_sha, by=by, action="rollback")
        except (OSError, pa.ArrowException) as error:
            raise StoreError(f"Rolling back failed ({error}); the live {audience} version is unchanged.") from None
        self._audit("rollback", by, version=version, audience=audience)
        return manifest

    def record_sign_in(self, by: str, role: str) -> None:
        self._audit("sign_in", by, role=role)

    def _set_live(self, audience: str, version: str, manifest_sha256: str, *, by: str, action: str) -> None:
        pointer = {
            "version": version,
            "manifest_sha256": manifest_sha256,
            "set_at": utc_now().isoformat(timespec="seconds"),
            "set_by": by,
            "action": action,
        }
        data = json.dumps(pointer, indent=2, ensure_ascii=False).encode("utf-8")
        write_whole(self.location, self.location.path("live", f"{audience}.json"), data)

    def _audit(self, action: str, by: str, **details: object) -> None:
        try:
            record_event(self.location, action, by, **details)
        except (OSError, pa.ArrowException) as error:
            raise StoreError(
                f"The {action.replace('_', ' ')} was done, but the audit log could not be written ({error})."
            ) from None
