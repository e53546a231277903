"""Where the snapshot store lives: a folder, or an S3-compatible bucket, reached through
pyarrow's filesystem layer so the same code serves both (and any other filesystem pyarrow
knows). Writes here are whole or absent: a reader never sees half a file."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs

from ..errors import StoreError

OBJECT_STORE_SCHEMES = ("s3://", "gs://", "gcs://", "abfs://", "hdfs://")


@dataclass(frozen=True)
class StoreLocation:
    """A store's filesystem and the root path inside it (no trailing slash). ``is_local`` is
    True for a folder on this machine, where a file is written under a temporary name and
    renamed into place; an object store's upload is already all-or-nothing."""

    filesystem: pafs.FileSystem
    root: str
    address: str  # as configured, for messages (never holds a secret: keys come from the environment)

    @property
    def is_local(self) -> bool:
        return isinstance(self.filesystem, pafs.LocalFileSystem)

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])


def open_store(address: str, project_root: Path) -> StoreLocation:
    """The store at ``address``: a folder (absolute, or relative to ``project_root``) or a URI
    such as ``s3://bucket/prefix``. For S3 the bucket's endpoint and keys come from the usual
    environment variables (``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
    ``AWS_REGION``), so no secret is ever written in the settings. A folder that does not exist
    yet is made. Raises :class:`StoreError` naming the address when it cannot be reached."""
    address = address.strip()
    if not address:
        raise StoreError("No snapshot store is set: set 'store' in the settings or SEND_APP_STORE.")
    try:
        if address.startswith(OBJECT_STORE_SCHEMES):
            filesystem, root = pafs.FileSystem.from_uri(address)
            root = root.rstrip("/")
        else:
            folder = Path(address)
            folder = folder if folder.is_absolute() else project_root / folder
            folder.mkdir(parents=True, exist_ok=True)
            filesystem, root = pafs.LocalFileSystem(), folder.resolve().as_posix()
    except (OSError, pa.ArrowException, ValueError) as error:
        raise StoreError(f"The snapshot store {address} cannot be opened ({error}).") from None
    return StoreLocation(filesystem, root, address)


def write_whole(location: StoreLocation, path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never part:
    in a folder, written beside it under a temporary name and renamed over it (a rename is
    atomic); in an object store, one upload (an object appears only once it is complete).
    Raises ``OSError``/``ArrowException`` as the filesystem does (a full disk, no permission)."""
    parent = path.rsplit("/", 1)[0]
    location.filesystem.create_dir(parent, recursive=True)
    if not location.is_local:
        with location.filesystem.open_output_stream(path) as stream:
            stream.write(data)
        return
    temporary = f"{parent}/.{path.rsplit('/', 1)[1]}.{secrets.token_hex(6)}.partial"
    try:
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before the rename makes it visible
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_whole(location: StoreLocation, path: str) -> bytes:
    """The bytes at ``path``. Raises ``FileNotFoundError`` when there is no such file."""
    with location.filesystem.open_input_stream(path) as stream:
        return stream.read()


def exists(location: StoreLocation, path: str) -> bool:
    return location.filesystem.get_file_info(path).type == pafs.FileType.File


def list_names(location: StoreLocation, folder: str) -> list[str]:
    """The names directly inside ``folder`` (files and folders), sorted; empty when it does
    not exist. Names starting with "." (files being written) are left out."""
    selector = pafs.FileSelector(location.path(folder), allow_not_found=True, recursive=False)
    infos = location.filesystem.get_file_info(selector)
    return sorted(info.base_name for info in infos if not info.base_name.startswith("."))
