"""Untrusted files are parsed in worker processes, never in the server process.

A spreadsheet engine can be made to allocate hundreds of gigabytes by a file of a few hundred
bytes (a far cell at XFD1048576, an ODS cell repeated a billion times). In the server that
would abort the whole process, and every user would lose the app. Here each read runs in a
worker process with an address-space limit (``MEMORY_HEADROOM_BYTES`` above its own code)
and a wall-clock limit (``TIME_LIMIT_SECONDS``): a worker that runs out of memory, crashes or
takes too long is killed and replaced, and the caller gets a :class:`ScorecardError` saying
what to do.

The pool is warm: its workers are started when the app starts (and a lost one is replaced at
once), each is kept for the next file, and files and results pass through shared memory, so a
read costs only the hop (a couple of milliseconds for a monthly scorecard).
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import gc
import io
import mmap
import os
import pickle
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pandas as pd

from ..errors import PlanError, ScorecardError, SendCoreError
from ..model import string_array
from ..plan import Plan, load_plan
from .dfe_guidance import Variable, parse_data_guidance
from .headers import ColumnMapping
from .scorecard import ScorecardRead, preview_sheet, read_scorecard
from .workbook import decode_text

# Address space a worker may use for reading, above what its own code takes once imported
# (about 1.4 GB, most of it reserved, not used). Reading DfE's 6.4 MB caseload file takes 230 MB.
MEMORY_HEADROOM_BYTES = 1536 * 1024**2
TIME_LIMIT_SECONDS = 60.0  # wall-clock time for one file
POOL_SIZE = 2  # workers, so two people's files are read at once (this machine has 2 cores)
STARTUP_SECONDS = 30.0  # a new worker has this long to say it is ready
TRANSFER_BYTES = 64 * 1024 * 1024  # shared memory per worker for files in and results out
PROGRESS_AFTER, PROGRESS_EVERY = 0.2, 0.1  # seconds: when a read starts reporting, and how often
# Files up to this size are read with the cycle collector paused. A read makes thousands of
# short-lived containers and almost no cycles, so the collector's passes over them are wasted:
# 0.6 ms of a monthly scorecard's 30 ms in the worker. Above it a read may run long enough for
# cyclic garbage to matter, and the collector runs as usual.
PAUSE_COLLECTOR_UP_TO_BYTES = 1024 * 1024

_PROJECT = str(Path(__file__).resolve().parents[2])  # the folder holding send_core, for the worker's imports
_READY, _PROGRESS, _RESULT, _ERROR, _FAULT = "ready", "progress", "result", "error", "fault"


@dataclass(frozen=True)
class Task:
    """One file to parse: ``kind`` is ``read`` (a scorecard, with the options ``read_scorecard``
    takes), ``preview`` (its first rows, for the column form), ``plan`` (a plan YAML) or
    ``guidance`` (a DfE release's data guidance text)."""

    kind: str
    data: bytes
    filename: str
    layout: str | None = None
    local_authority: str | None = None
    mapping: ColumnMapping | None = None


def _perform(task: Task, progress: Callable[[float, str], None]) -> object:
    if task.kind == "read":
        read = read_scorecard(
            task.data,
            filename=task.filename,
            layout=task.layout,
            local_authority=task.local_authority,
            mapping=task.mapping,
            progress=progress,
        )
        return dataclasses.replace(read, sheets=[])  # the raw cells are not needed after reading
    if task.kind == "preview":
        return preview_sheet(task.data, filename=task.filename)
    if task.kind == "plan":
        return dataclasses.replace(load_plan(task.data), source_name=task.filename)
    if task.kind == "guidance":
        return parse_data_guidance(decode_text(task.data).text, source=task.filename)
    raise ValueError(f"unknown task {task.kind!r}")


def _error_payload(error: SendCoreError) -> tuple[str, object]:
    if isinstance(error, PlanError):
        return "PlanError", error.problems
    return ("ScorecardError", str(error))


def _raise_from_payload(name: str, payload: object) -> None:
    if name == "PlanError":
        raise PlanError(payload)
    raise ScorecardError(payload)


def process_memory(field: str = "VmSize", pid: int | str = "self") -> int:
    """A process's memory figure from /proc in bytes (``VmSize`` its address space, ``VmRSS``
    what is resident), or 0 where it cannot be told (not Linux, or no such process)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith(f"{field}:"))
    except (OSError, StopIteration):
        return 0
    return int(line.split()[1]) * 1024


def _limit_memory(headroom: int) -> None:
    import resource

    limit = (process_memory() or 2 * 1024**3) + headroom
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class _SharedRegion:
    """Memory both processes map (a file in /dev/shm), through which a file's bytes go to the
    worker and the pickled result comes back: a pipe moves 2 MB in about 5 ms, a copy into
    shared memory in a fraction of one. Anything larger than the region goes by the pipe."""

    def __init__(self, path: str, size: int, *, create: bool):
        if create:
            with open(path, "wb") as handle:
                handle.truncate(size)
        with open(path, "r+b") as handle:
            self.memory = mmap.mmap(handle.fileno(), size)
        self.path, self.size = path, size

    def put(self, payload: bytes) -> int | None:
        """Copy ``payload`` in; its length, or None when it does not fit."""
        if len(payload) > self.size:
            return None
        self.memory[: len(payload)] = payload
        return len(payload)

    def take(self, length: int) -> bytes:
        return self.memory[:length]  # a copy: the region is written again by the next file

    def put_pickled(self, value: object) -> list[int] | None:
        """Pickle ``value`` into the region, its large arrays (NumPy's, Arrow's) copied in once
        as they are rather than through a bytes object (string columns as
        :func:`_string_array_reduce` sends them); the lengths of the pieces, or None when they
        do not fit."""
        buffers: list[pickle.PickleBuffer] = []
        stream = io.BytesIO()
        _ResultPickler(stream, protocol=5, buffer_callback=buffers.append).dump(value)
        meta = stream.getbuffer()
        pieces = [memoryview(meta), *(buffer.raw() for buffer in buffers)]
        if sum(piece.nbytes for piece in pieces) > self.size:
            return None
        offset = 0
        for piece in pieces:
            self.memory[offset : offset + piece.nbytes] = piece
            offset += piece.nbytes
        return [piece.nbytes for piece in pieces]

    def take_pickled(self, lengths: list[int]) -> object:
        pieces, offset = [], 0
        for length in lengths:
            pieces.append(self.memory[offset : offset + length])  # copies, as take does
            offset += length
        return pickle.loads(pieces[0], buffers=pieces[1:])

    def close(self) -> None:
        self.memory.close()


def _string_array_reduce(array: pd.arrays.ArrowStringArray) -> tuple:
    # pandas pickles a string column by first concatenating its Arrow chunks into a new array
    # (a copy, and a fifth of a read's hop); a column built by a reader is one chunk already,
    # which goes as it is, its buffers out of band.
    chunks = array.__arrow_array__()
    return string_array, (chunks.chunk(0) if chunks.num_chunks == 1 else chunks.combine_chunks(), array.dtype)


class _ResultPickler(pickle.Pickler):
    """Pickles a result as ``pickle`` does, string columns by :func:`_string_array_reduce`."""

    dispatch_table = {**copyreg.dispatch_table, pd.arrays.ArrowStringArray: _string_array_reduce}


def _region_path() -> str:
    folder = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    handle, path = tempfile.mkstemp(prefix="send-reading-", dir=folder)
    os.close(handle)
    return path


def serve(descriptor: int, memory_headroom: int, region_path: str) -> None:
    """A worker's life: read files sent down the socket ``descriptor`` until it is closed."""
    connection = Connection(descriptor)
    region = _SharedRegion(region_path, TRANSFER_BYTES, create=False)
    # What the readers import only when first needed is imported now, before the limit: the
    # limit is for reading files, not for the app's own code.
    import pyarrow.csv  # noqa: F401
    import python_calamine  # noqa: F401

    _limit_memory(memory_headroom)
    connection.send((_READY,))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        request, length = message
        if length is not None:
            request = dataclasses.replace(request, data=region.take(length))

        try:
            with _collector_paused(len(request.data) <= PAUSE_COLLECTOR_UP_TO_BYTES):
                result = _perform(request, _Progress(connection))
                lengths = region.put_pickled(result)
            connection.send((_RESULT, None, lengths) if lengths is not None else (_RESULT, result, None))
        except SendCoreError as error:
            connection.send((_ERROR, *_error_payload(error)))
        except MemoryError:
            connection.send((_FAULT, "memory"))
            return  # a worker that ran out of memory is not trusted with the next file
        except Exception as error:  # a fault in the app: reported, never raised in the server
            connection.send((_FAULT, f"{type(error).__name__}: {error}"))


@contextlib.contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Pause Python's cycle collector for the block when ``pause`` (see
    ``PAUSE_COLLECTOR_UP_TO_BYTES``); it runs again afterwards, on its usual schedule."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _Progress:
    """Passes a read's progress to the server. A bar is worth drawing only for a file that takes
    a while, and each message costs a hop: none in the first ``PROGRESS_AFTER`` seconds, then at
    most one each ``PROGRESS_EVERY``."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.started = self.last_sent = time.monotonic()

    def __call__(self, done: float, step: str) -> None:
        now = time.monotonic()
        if now - self.started >= PROGRESS_AFTER and now - self.last_sent >= PROGRESS_EVERY:
            self.last_sent = now
            self.connection.send((_PROGRESS, done, step))


class _Worker:
    """One worker process: a fresh Python running :func:`serve` (started as a plain subprocess,
    so it never imports the server's own main module, as multiprocessing's spawn would)."""

    def __init__(self, memory_headroom: int):
        ours, theirs = socket.socketpair()
        path = _region_path()
        self.region = _SharedRegion(path, TRANSFER_BYTES, create=True)
        code = f"from send_core.reading.worker import serve; serve({theirs.fileno()}, {memory_headroom}, {path!r})"
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [_PROJECT, os.environ.get("PYTHONPATH")])),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], pass_fds=[theirs.fileno()], env=environment, stdin=subprocess.DEVNULL
        )
        theirs.close()
        self.connection = Connection(ours.detach())
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.connection.poll(STARTUP_SECONDS):
            raise _WorkerLost("start")
        try:
            message = self.connection.recv()
        except (EOFError, OSError):
            raise _WorkerLost("start") from None
        if message != (_READY,):
            raise _WorkerLost("start")
        self.ready = True
        with contextlib.suppress(OSError):
            os.unlink(self.region.path)  # both have it mapped: the name is no longer needed

    def kill(self) -> None:
        self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.connection.close()
        self.region.close()
        with contextlib.suppress(OSError):
            os.unlink(self.region.path)


class _WorkerLost(Exception):
    """The worker died or had to be killed; ``why`` is memory, time, start or crash."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class ReadingPool:
    """Worker processes that read untrusted files, at most ``size`` at once."""

    def __init__(
        self,
        size: int = POOL_SIZE,
        *,
        memory_headroom: int = MEMORY_HEADROOM_BYTES,
        time_limit: float = TIME_LIMIT_SECONDS,
    ):
        self.size = size
        self.memory_headroom = memory_headroom
        self.time_limit = time_limit
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)

    def warm(self) -> None:
        """Start the pool's workers now, so the first file does not wait for one to start."""
        with self._lock:
            while len(self._idle) < self.size:
                self._idle.append(_Worker(self.memory_headroom))

    def run(self, request: Task, progress: Callable[[float, str], None] | None = None) -> object:
        """Parse one file in a worker. Raises :class:`ScorecardError` (:class:`PlanError` for a
        plan) for a file that cannot be parsed, including one whose parsing ran out of memory or
        time, or crashed the worker."""
        with self._slots:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None:
                worker = _Worker(self.memory_headroom)
            try:
                result = self._run(worker, request, progress)
            except SendCoreError:
                # The file could not be read; the worker answered and is ready for the next one.
                self._give_back(worker)
                raise
            except _WorkerLost as lost:
                worker.kill()
                self._replace()
                message = _lost_message(request.filename, lost.why, self)
                raise (PlanError(message) if request.kind == "plan" else ScorecardError(message)) from None
            except BaseException:
                worker.kill()  # interrupted mid-read (a rerun, a shutdown): the worker's state is unknown
                self._replace()
                raise
            self._give_back(worker)
            return result

    def _run(self, worker: _Worker, request: Task, progress: Callable[[float, str], None] | None) -> object:
        worker.wait_ready()
        deadline = time.monotonic() + self.time_limit
        length = worker.region.put(request.data)
        try:
            worker.connection.send((dataclasses.replace(request, data=b"") if length is not None else request, length))
        except (OSError, ValueError):
            raise _WorkerLost("crash") from None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not worker.connection.poll(remaining):
                raise _WorkerLost("time")
            try:
                message = worker.connection.recv()
            except (EOFError, OSError):
                # The worker died: the operating system refused it memory and the engine aborted.
                raise _WorkerLost("memory") from None
            kind = message[0]
            if kind == _PROGRESS:
                if progress is not None:
                    progress(message[1], message[2])
            elif kind == _RESULT:
                return message[1] if message[2] is None else worker.region.take_pickled(message[2])
            elif kind == _ERROR:
                _raise_from_payload(message[1], message[2])
            else:
                raise _WorkerLost("memory" if message[1] == "memory" else "crash")

    def _give_back(self, worker: _Worker) -> None:
        """Return a worker that answered to the idle list, for the next file."""
        with self._lock:
            self._idle.append(worker)

    def _replace(self) -> None:
        """Start a worker in place of one that was lost, so the next file finds one ready."""
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append(_Worker(self.memory_headroom))

    def close(self) -> None:
        """Stop every idle worker."""
        with self._lock:
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.kill()


def _lost_message(filename: str, why: str, pool: ReadingPool) -> str:
    if why == "time":
        return (
            f"{filename} took longer than {pool.time_limit:.0f} seconds to read, so reading it was stopped. "
            "If it is genuine, split it into smaller files (for example one year per file) and upload those."
        )
    if why == "memory":
        return (
            f"{filename} needs more memory to read than this app allows a file "
            f"({pool.memory_headroom / 1024**3:.1f} GB), so it was not read. This usually means cells far from the "
            "table (a stray cell in column XFD or row 1,048,576): delete the empty rows and columns around the "
            "table, save, and upload it again."
        )
    return (
        f"{filename} could not be read: the reader stopped unexpectedly. Open the file in Excel, save it again "
        "and re-upload; if it still fails, report it to the app's administrator with the file."
    )


_POOLS: dict[int, ReadingPool] = {}  # by process id: a forked child must not share its parent's
_POOLS_LOCK = threading.Lock()


def reading_pool() -> ReadingPool:
    """This process's one pool of reading workers, made on first use."""
    with _POOLS_LOCK:
        pool = _POOLS.get(os.getpid())
        if pool is None:
            pool = _POOLS[os.getpid()] = ReadingPool()
        return pool


def read_untrusted(
    data: bytes,
    *,
    filename: str,
    local_authority: str | None = None,
    mapping: ColumnMapping | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> ScorecardRead:
    """``read_scorecard`` for an uploaded file, run in a worker process (see the module's
    docstring). The result has no raw cells (``sheets`` is empty). Raises
    :class:`ScorecardError` for every failure, including the worker running out of memory
    or time."""
    return reading_pool().run(Task("read", data, filename, local_authority=local_authority, mapping=mapping), progress)


def preview_untrusted(data: bytes, *, filename: str) -> dict[str, pd.DataFrame]:
    """``preview_sheet`` for an uploaded file, run in a worker process."""
    return reading_pool().run(Task("preview", data, filename))


def read_untrusted_guidance(data: bytes, *, filename: str) -> dict[str, dict[str, Variable]]:
    """``parse_data_guidance`` for an uploaded guidance file, run in a worker process."""
    return reading_pool().run(Task("guidance", data, filename))


def load_untrusted_plan(data: bytes, *, filename: str) -> Plan:
    """``load_plan`` for an uploaded plan, run in a worker process; raises :class:`PlanError`."""
    return reading_pool().run(Task("plan", data, filename))
