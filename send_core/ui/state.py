"""Where the pages get their data: settings and sample data loaded once per process, uploads
parsed once per file content, the current dataset for this session."""

from __future__ import annotations

import collections
import dataclasses
import functools
import threading
import time

import pandas as pd
import streamlit as st

from ..config import PROJECT_ROOT, Settings, load_settings
from ..dataset import Dataset, build_dataset, load_sample_dataset
from ..errors import ConfigError, PlanError, ScorecardError, SnapshotError, StoreError
from ..filters import Filters, apply_filters
from ..localities import LocalityConfig, load_localities
from ..plan import Plan
from ..reading import ColumnMapping, ScorecardRead
from ..reading.dfe_guidance import Variable, guidance_for_file
from ..reading.dfe_open_data import DFE_OPEN_DATA, relabel
from ..reading.worker import (
    load_untrusted_plan,
    preview_untrusted,
    read_untrusted,
    read_untrusted_guidance,
    reading_pool,
)
from ..store import PreparedPublish, Snapshot, SnapshotStore, prepare_publish, snapshot_dataset
from .text import escape_markdown

UPLOADS_KEY = "uploads"  # list of {"name", "digest", "local_authority", "mapping"}; bytes in upload_store()
UPLOAD_STORE_BYTES = 512 * 1024 * 1024  # uploaded files' bytes the server holds, all sessions together
UPLOAD_CACHE_ENTRIES = 32  # parsed uploads (and previews, plans) kept
UPLOAD_CACHE_SECONDS = 3600  # how long uploads' bytes and what was parsed from them are kept
SAMPLE_KEY = "sample"  # the built-in sample a session looks at, by name (also ?sample= in its link)
VERSION_KEY = "pinned_version"  # the version a link asked for; None follows the live one
LIVE_POINTER_SECONDS = 5  # how long a server trusts what it last read of the live pointers
SNAPSHOTS_KEPT = 8  # versions kept read in memory (a version never changes, so never re-read)


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    """Settings, loaded once per server process and shared read-only."""
    return load_settings()


class UploadStore:
    """Uploaded files' bytes by their digest, shared by every session: the same file uploaded
    in ten sessions is held once, and a session that ends (or whose browser goes away, which
    Streamlit drops later without tidying) leaves only a small list of digests behind. Bounded
    in total size and in age; the oldest files go first."""

    def __init__(self, max_bytes: int = UPLOAD_STORE_BYTES, max_age: float = UPLOAD_CACHE_SECONDS):
        self.max_bytes, self.max_age = max_bytes, max_age
        self._files: collections.OrderedDict[str, tuple[bytes, float]] = collections.OrderedDict()
        self._held = 0  # bytes held: kept as files come and go, not added up on every call
        self._lock = threading.Lock()

    def put(self, digest: str, data: bytes) -> None:
        """Hold ``data`` under ``digest`` (refreshing its age), letting the oldest go past the bound."""
        with self._lock:
            old = self._files.pop(digest, None)
            self._held += len(data) - (len(old[0]) if old else 0)
            self._files[digest] = (data, time.monotonic())
            self._trim()

    def get(self, digest: str) -> bytes | None:
        """The bytes held under ``digest``, or None once they have gone."""
        with self._lock:
            self._trim()
            found = self._files.get(digest)
            return found[0] if found else None

    def _trim(self) -> None:
        now = time.monotonic()
        while self._files:
            digest, (data, stored) = next(iter(self._files.items()))
            if self._held <= self.max_bytes and now - stored <= self.max_age:
                break
            del self._files[digest]
            self._held -= len(data)


@st.cache_resource(show_spinner=False)
def upload_store() -> UploadStore:
    """The server's one store of uploaded files' bytes."""
    return UploadStore()


def upload_bytes(upload: dict) -> bytes:
    """An upload's bytes. Raises :class:`ScorecardError` once the server no longer holds them."""
    data = upload_store().get(upload["digest"])
    if data is None:
        raise ScorecardError(
            f"{upload['name']} was uploaded over an hour ago and is no longer held. Remove it and upload it again."
        )
    return data


TRIM_EVERY_SECONDS = 15.0


@st.cache_resource(show_spinner=False)
def start_memory_trimmer() -> threading.Thread:
    """Once per server, a background thread that hands memory freed by page runs back to the
    operating system every ``TRIM_EVERY_SECONDS``. Streamlit runs each page in a new thread,
    and glibc keeps what those threads free in per-thread pools: 20 sessions one after another
    left the server 75 MB larger, none of it in use. ``malloc_trim`` returns it (glibc only;
    elsewhere the thread does nothing). Off the pages' path, so no page waits for it."""

    def trim_forever() -> None:
        while True:
            time.sleep(TRIM_EVERY_SECONDS)
            _malloc_trim()

    _fix_mmap_threshold()
    thread = threading.Thread(target=trim_forever, name="send-memory-trimmer", daemon=True)
    thread.start()
    return thread


@functools.cache
def _libc():
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return library if library is not None and hasattr(library, "malloc_trim") else None


MMAP_THRESHOLD_BYTES = 256 * 1024
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h


def _fix_mmap_threshold() -> None:
    """Blocks over ``MMAP_THRESHOLD_BYTES`` get memory of their own, handed back the moment they
    are freed. glibc otherwise raises this threshold each time a large block is freed (an
    uploaded file, a frame), and later large blocks then come from pools that fragment."""
    library = _libc()
    if library is not None:
        library.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def _malloc_trim() -> None:
    library = _libc()
    if library is not None:
        library.malloc_trim(0)


@st.cache_resource(show_spinner=False)
def warm_reading_workers() -> None:
    """Start the worker processes that read uploads, once per server, so the first upload does
    not wait for them (not on the read-only instance, which takes no uploads)."""
    if not get_settings().read_only:
        reading_pool().warm()


@st.cache_resource(show_spinner="Loading the sample data…")
def sample_dataset(name: str | None) -> Dataset:
    """The built-in sample called ``name``, built once per server process and shared read-only."""
    return load_sample_dataset(get_settings(), name)


def chosen_sample() -> str | None:
    """The name of the sample this session looks at: the one its link named (``?sample=``) or
    it chose in the sidebar, else the first configured; None when there are none."""
    if SAMPLE_KEY not in st.session_state:
        st.session_state[SAMPLE_KEY] = st.query_params.get("sample")
    sample = get_settings().sample(st.session_state[SAMPLE_KEY])
    return sample.name if sample is not None else None


# Uploads are cached on their digest (worked out once, when the file is taken in), not on
# their bytes, which Streamlit would hash again on every call; the bytes ride along unhashed.
# A failure is cached too, as its message: a file that cannot be read is not read again on
# every rerun of every page.


# Parsed uploads are kept for an hour, at most UPLOAD_CACHE_ENTRIES of them: enough for a few
# people's files, and bounded however many files are uploaded in a day. They are cached as
# shared, read-only objects (st.cache_resource), not copies: st.cache_data unpickles a fresh
# copy on every hit, and a DfE release's authority table in every session and every rerun took a
# server from 2 GB to 12 GB over 20 sessions.


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS)
def _read_upload_once(
    digest: str, name: str, local_authority: str | None, mapping: ColumnMapping | None, _data: bytes
) -> tuple[ScorecardRead | None, str | None]:
    # The bar is drawn at the read's first report of progress, which comes only once it has
    # taken a while (reading.worker.PROGRESS_AFTER): a quick read draws nothing. A bar drawn and
    # emptied for every file flashed on screen, and Streamlit replays what a cached call drew
    # on every later call, so each page run with uploads drew a placeholder per file too.
    bars: list = []

    def show(done: float, step: str) -> None:
        if bars:
            bars[0].progress(done, text=escape_markdown(step))
        else:
            bars.append(st.progress(done, text=escape_markdown(step)))

    try:
        read = read_untrusted(_data, filename=name, local_authority=local_authority, mapping=mapping, progress=show)
    except ScorecardError as error:
        return None, str(error)
    finally:
        for bar in bars:
            bar.empty()  # also when the file cannot be read: the error says so, the bar must go
    return read, None


def read_upload(upload: dict) -> ScorecardRead:
    """Parse an uploaded scorecard (an entry of ``UPLOADS_KEY``) once per content, local
    authority and column mapping, with a progress bar while it is read (made inside the cached
    call, so Streamlit can replay it). Raises :class:`ScorecardError` as ``read_scorecard`` does."""
    read, error = _read_upload_once(
        upload["digest"],
        upload["name"],
        upload.get("local_authority"),
        upload.get("mapping"),
        _data=upload_bytes(upload),
    )
    if error is not None:
        raise ScorecardError(error)
    return read


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS)
def _preview_once(digest: str, name: str, _data: bytes) -> dict[str, pd.DataFrame] | None:
    try:
        return preview_untrusted(_data, filename=name)
    except ScorecardError:
        return None


def preview_upload(upload: dict) -> dict[str, pd.DataFrame]:
    """The first rows of each sheet of an upload, for "Say which column is what", once per file
    (the form is drawn on every rerun of the Upload page, even when folded away). Empty when
    the file cannot be opened at all."""
    try:
        data = upload_bytes(upload)
    except ScorecardError:
        return {}
    return _preview_once(upload["digest"], upload["name"], _data=data) or {}


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS)
def _read_plan_once(digest: str, name: str, _data: bytes) -> tuple[Plan | None, list[str]]:
    try:
        return load_untrusted_plan(_data, filename=name), []
    except PlanError as error:
        return None, error.problems


def read_plan_upload(upload: dict) -> Plan:
    """Parse an uploaded plan once per content. Raises :class:`PlanError` as ``load_plan`` does."""
    try:
        data = upload_bytes(upload)
    except ScorecardError as error:
        raise PlanError(str(error)) from None
    plan, problems = _read_plan_once(upload["digest"], upload["name"], _data=data)
    if problems:
        raise PlanError(problems)
    return plan


def release_uploaded_file(file: object) -> None:
    """Let Streamlit's own copy of an uploaded file go once its bytes are in this session's
    list of uploads. Streamlit frees its copies when a session is shut down, but a session whose
    browser simply went away is dropped two minutes later without being shut down, and its files
    stayed in the server's memory for good (6.4 MB for each DfE release uploaded)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    file_id = getattr(file, "file_id", None)
    if context is not None and file_id is not None:
        context.uploaded_file_mgr.remove_file(context.session_id, file_id)


def is_plan_file(name: str) -> bool:
    return name.lower().endswith((".yaml", ".yml"))


def is_guidance_file(name: str) -> bool:
    """A DfE release's data guidance (``data-guidance.txt``): what each variable is."""
    return name.lower().endswith(".txt")


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS)
def _read_guidance_once(digest: str, name: str, _data: bytes) -> dict[str, dict[str, Variable]]:
    return read_untrusted_guidance(_data, filename=name)


def read_guidance_upload(upload: dict) -> dict[str, dict[str, Variable]]:
    """Parse an uploaded data guidance file once per content: each data file's variables."""
    return _read_guidance_once(upload["digest"], upload["name"], _data=upload_bytes(upload))


def with_guidance(read: ScorecardRead, guidance: dict[str, dict[str, Variable]]) -> ScorecardRead:
    """A DfE open-data read named and measured by uploaded data guidance (unchanged for any
    other read, or with no guidance)."""
    if not guidance or read.layout != DFE_OPEN_DATA:
        return read
    variables = guidance_for_file(guidance, read.filename)
    return dataclasses.replace(read, observations=relabel(read.observations, variables))


@st.cache_resource(show_spinner="Combining your files…", max_entries=8, ttl=UPLOAD_CACHE_SECONDS)
def _combine(
    keys: tuple[str, ...],
    _reads: tuple[ScorecardRead, ...],
    _plan: Plan | None,
    _guidance: dict[str, dict[str, Variable]],
    _published: Snapshot | None = None,
) -> Dataset:
    # Uploaded data guidance renames DfE reads here, once per set of files (the keys name the
    # guidance upload too), not on every rerun.
    reads = [with_guidance(read, _guidance) for read in _reads]
    if _published is None:
        dataset = build_dataset(reads, _plan, settings=get_settings(), is_sample=False, key="|".join(keys))
        return dataclasses.replace(dataset, is_draft=True)
    # A draft is what publishing these files would give: laid over the published figures.
    prepared = prepare_publish(reads, _plan, _published, "internal", get_settings(), refuse_errors=False)
    return dataclasses.replace(
        prepared.dataset,
        key="|".join(keys),
        is_draft=True,
        draft_changes=prepared.changes,
        published_version=_published.version,
        published_at=_published.manifest.get("published_at", ""),
        published_by=_published.manifest.get("published_by", ""),
    )


@st.cache_resource(show_spinner=False)
def _open_store(address: str) -> tuple[SnapshotStore | None, str | None]:
    try:
        return SnapshotStore.open(address, PROJECT_ROOT), None
    except StoreError as error:
        return None, str(error)


def snapshot_store() -> SnapshotStore | None:
    """The snapshot store the settings name (None when it cannot be opened: see
    :func:`store_error`). Opened once per server and address."""
    return _open_store(get_settings().store_address())[0]


def store_error() -> str | None:
    """Why the snapshot store cannot be opened, as a sentence, or None."""
    return _open_store(get_settings().store_address())[1]


@st.cache_resource(show_spinner=False, ttl=LIVE_POINTER_SECONDS)
def _live_pointer(address: str, audience: str) -> tuple[dict | None, str | None]:
    store = snapshot_store()
    if store is None:
        return None, None
    try:
        return store.live_pointer(audience), None
    except (SnapshotError, StoreError) as error:
        return None, str(error)


@st.cache_resource(show_spinner="Loading the published figures…", max_entries=SNAPSHOTS_KEPT)
def _load_version(address: str, version: str) -> tuple[Snapshot | None, str | None]:
    # Cached on the version's name alone (a version never changes), so a link to the live
    # version and the live version itself are one copy in memory.
    store = snapshot_store()
    if store is None:
        return None, store_error()
    try:
        return store.load(version), None
    except SnapshotError as error:
        return None, str(error)


@st.cache_resource(show_spinner=False, ttl=LIVE_POINTER_SECONDS)
def _fallback(address: str, audience: str):
    store = snapshot_store()
    return store.live(audience) if store is not None else None


@dataclasses.dataclass(frozen=True)
class Published:
    """What is published for an audience, as this session sees it: the snapshot shown (None:
    nothing published), the live version's name, and problems to report (a damaged version)."""

    snapshot: Snapshot | None
    live_version: str | None
    problems: tuple[str, ...] = ()


def published(audience: str, version: str | None = None) -> Published:
    """The live snapshot of ``audience`` or, given ``version`` (from a link), that version. A
    live version that cannot be read is reported, and the newest whole one is shown instead;
    a linked version that cannot be read is reported, and the live one is shown."""
    address = get_settings().store_address()
    pointer, problem = _live_pointer(address, audience)
    problems = [problem] if problem else []
    live_version = pointer["version"] if pointer else None
    if version:
        snapshot, error = _load_version(address, version)
        if snapshot is not None and snapshot.audience == audience:
            return Published(snapshot, live_version, tuple(problems))
        problems.append(error or f"Version {version} was not published for this audience.")
    if pointer is not None:
        snapshot, error = _load_version(address, pointer["version"])
        if snapshot is not None and snapshot.manifest_sha256 == pointer.get("manifest_sha256"):
            return Published(snapshot, live_version, tuple(problems))
        fallback = _fallback(address, audience)
        if fallback is not None:
            return Published(fallback.snapshot, live_version, tuple(problems) + fallback.problems)
    return Published(None, live_version, tuple(problems))


@st.cache_resource(show_spinner=False, max_entries=SNAPSHOTS_KEPT)
def _snapshot_dataset(version: str, _snapshot: Snapshot) -> Dataset:
    return snapshot_dataset(_snapshot, get_settings())


def dataset_of(snapshot: Snapshot) -> Dataset:
    """The Dataset a published snapshot stands for, built once per version per server."""
    return _snapshot_dataset(snapshot.version, snapshot)


@st.cache_resource(show_spinner=False, ttl=10)
def _store_versions(address: str):
    store = snapshot_store()
    return store.versions() if store is not None else []


def store_versions():
    """Every version in the store, checked (re-read at most every 10 seconds)."""
    return _store_versions(get_settings().store_address())


AUDIT_DAYS_SHOWN = 31


@st.cache_resource(show_spinner=False, ttl=10)
def _recent_audit_events(address: str) -> list[dict]:
    store = snapshot_store()
    return store.audit_events(days=AUDIT_DAYS_SHOWN) if store is not None else []


def recent_audit_events() -> list[dict]:
    """The audit log's events of its last ``AUDIT_DAYS_SHOWN`` days with any (re-read at most
    every 10 seconds: the log only grows, and every page rerun need not read it)."""
    return _recent_audit_events(get_settings().store_address())


def forget_published() -> None:
    """Read the live pointers, the list of versions and the audit log afresh (after a publish or
    a roll back)."""
    _live_pointer.clear()
    _fallback.clear()
    _store_versions.clear()
    _recent_audit_events.clear()


def shown_version() -> str | None:
    """The version this session was asked to show by its link (None: the live one)."""
    if VERSION_KEY not in st.session_state:
        st.session_state[VERSION_KEY] = st.query_params.get("version") or None
    return st.session_state[VERSION_KEY]


def show_latest() -> None:
    """Follow the live version from now on (the "Show the latest" button)."""
    st.session_state[VERSION_KEY] = None


def published_for_session() -> Published:
    """The published figures this session sees: the public ones on the read-only instance, the
    internal ones elsewhere (the version its link names, or the live one)."""
    audience = "public" if get_settings().read_only else "internal"
    return published(audience, shown_version())


@dataclasses.dataclass(frozen=True)
class Draft:
    """This session's uploads, read: scorecards (data guidance not yet applied), the plan, the
    guidance, a key naming them all, and (file name, message) for files that could not be read."""

    reads: tuple[ScorecardRead, ...]
    plan: Plan | None
    guidance: dict[str, dict[str, Variable]]
    keys: tuple[str, ...]
    errors: tuple[tuple[str, str], ...]

    @property
    def is_empty(self) -> bool:
        return not self.reads and self.plan is None

    def guided_reads(self) -> list[ScorecardRead]:
        """The reads, named and measured by any uploaded data guidance."""
        return [with_guidance(read, self.guidance) for read in self.reads]


def session_draft() -> Draft:
    """Read this session's uploads (each once per content; see :func:`read_upload`)."""
    reads, errors, plan, keys, guidance = [], [], None, [], {}
    for upload in st.session_state.get(UPLOADS_KEY) or []:
        try:
            if is_plan_file(upload["name"]):
                plan = read_plan_upload(upload)
            elif is_guidance_file(upload["name"]):
                guidance.update(read_guidance_upload(upload))
            else:
                reads.append(read_upload(upload))
            keys.append(upload["digest"] + repr((upload.get("local_authority"), upload.get("mapping"))))
        except (ScorecardError, PlanError) as error:
            errors.append((upload["name"], str(error)))
    return Draft(tuple(reads), plan, guidance, tuple(keys), tuple(errors))


@st.cache_resource(show_spinner="Working out what would be published…", max_entries=4, ttl=UPLOAD_CACHE_SECONDS)
def _prepare_once(
    keys: tuple[str, ...], audience: str, _draft: Draft, _base: Snapshot | None
) -> tuple[PreparedPublish | None, str | None]:
    try:
        return prepare_publish(_draft.guided_reads(), _draft.plan, _base, audience, get_settings()), None
    except StoreError as error:
        return None, str(error)


def prepared_publish(draft: Draft, base: Snapshot | None, audience: str) -> PreparedPublish:
    """What publishing this session's draft over ``base`` for ``audience`` would write and show,
    worked out once per draft, base and audience (not on every rerun of the Publish page).
    Raises :class:`StoreError` as :func:`prepare_publish` does."""
    keys = (*draft.keys, "on:" + (base.version if base is not None else ""))
    prepared, error = _prepare_once(keys, audience, _draft=draft, _base=base)
    if error is not None:
        raise StoreError(error)
    return prepared


def current_dataset() -> tuple[Dataset, list[tuple[str, str]]]:
    """The dataset this session looks at, and a list of (file name, error message) for files
    that could not be read: the session's uploads as a draft laid over the published figures,
    or the published figures, or (nothing published yet) the sample data."""
    shown = published_for_session().snapshot
    published_dataset = dataset_of(shown) if shown is not None else None
    if not st.session_state.get(UPLOADS_KEY) or get_settings().read_only:
        return published_dataset or sample_dataset(chosen_sample()), []
    draft = session_draft()
    if draft.is_empty:
        return published_dataset or sample_dataset(chosen_sample()), list(draft.errors)
    keys = (*draft.keys, "on:" + (shown.version if shown is not None else "nothing published"))
    return _combine(keys, draft.reads, draft.plan, draft.guidance, shown), list(draft.errors)


@st.cache_resource(show_spinner=False)
def _load_locality_config() -> tuple[LocalityConfig, str | None]:
    settings = get_settings()
    try:
        return load_localities(settings.path(settings.localities_file)), None
    except ConfigError as error:
        return LocalityConfig((), (), illustrative=False), str(error)


def locality_config() -> LocalityConfig:
    """The locality and pod configuration, loaded once per process; empty (no localities, no
    pods) when its file has problems, which :func:`locality_config_error` gives."""
    return _load_locality_config()[0]


def locality_config_error() -> str | None:
    """Why the locality file could not be used, as a sentence naming file, key and line."""
    return _load_locality_config()[1]


def pods() -> dict[str, tuple[str, ...]]:
    """The configured pods: a name and the phases it groups."""
    return dict(locality_config().pods)


def filtered_view(dataset: Dataset, filters: Filters, *, every_locality: bool = False) -> pd.DataFrame:
    """The dataset's observations for these filters (pods from the locality configuration)."""
    return apply_filters(dataset.observations, dataset.catalogue, filters, every_locality=every_locality, pods=pods())
