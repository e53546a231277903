"""What a snapshot's files hold, and how a Dataset is made from them again.

``data.parquet`` holds every file's observations as read (one ``file_checksum`` column says
which file each row came from); ``plan.parquet`` the plan as records; ``authorities.parquet``
(DfE open data only) every authority's figures. A Dataset is rebuilt from them with the same
``build_dataset`` an upload goes through, so a snapshot and a draft are rated, combined and
checked in exactly one way."""

from __future__ import annotations

import hashlib
import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..model import normalise_observations
from ..plan import Plan
from ..plan.records import plan_from_records, plan_records
from ..problems import problems_frame
from ..reading import ScorecardRead

FILE_COLUMN = "file_checksum"  # SHA-256 of the file a row was read from (its source's key)
DATA_FILE, PLAN_FILE, AUTHORITIES_FILE, MANIFEST_FILE = (
    "data.parquet",
    "plan.parquet",
    "authorities.parquet",
    "manifest.json",
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_key(read: ScorecardRead) -> str:
    """The key a read's rows are stored under: its file's checksum (its name when it has none)."""
    return read.checksum or "name:" + read.filename


def read_rows(reads: tuple[ScorecardRead, ...] | list[ScorecardRead]) -> pd.DataFrame:
    """Every read's observations, each row tagged with its file's key in ``FILE_COLUMN``."""
    frames = [read.observations.assign(**{FILE_COLUMN: source_key(read)}) for read in reads]
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return normalise_observations(pd.DataFrame()).assign(**{FILE_COLUMN: pd.Series(dtype=str)})
    return pd.concat(frames, ignore_index=True)


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as Parquet (no index), compressed with zstd."""
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), sink, compression="zstd")
    return sink.getvalue()


def frame_from_parquet(data: bytes) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(data)).to_pandas()


def rows_from_parquet(data: bytes) -> pd.DataFrame:
    """``data.parquet`` back as observations (the model's columns and dtypes) plus ``FILE_COLUMN``."""
    frame = frame_from_parquet(data)
    files = frame[FILE_COLUMN].astype(str)
    rows = normalise_observations(frame)
    rows["period"] = rows["period"].astype("datetime64[ns]")
    rows[FILE_COLUMN] = files.to_numpy()
    return rows


def plan_bytes(plan: Plan) -> bytes:
    return parquet_bytes(plan_records(plan))


def plan_from_parquet(data: bytes) -> Plan:
    return plan_from_records(frame_from_parquet(data))


def reads_from_rows(
    rows: pd.DataFrame, sources: list[dict], authorities: pd.DataFrame | None = None
) -> tuple[ScorecardRead, ...]:
    """One read per source that still has rows, in the sources' order: its name, layout,
    checksum and when it was read from the manifest, its rows from ``rows``. The read's
    problems were dealt with before it was published, so none are carried."""
    groups = {key: group.drop(columns=[FILE_COLUMN]).reset_index(drop=True) for key, group in rows.groupby(FILE_COLUMN)}
    reads = []
    for source in sources:
        observations = groups.get(source["key"])
        if observations is None or observations.empty:
            continue
        reads.append(
            ScorecardRead(
                filename=source["name"],
                layout=source["layout"],
                observations=observations,
                problems=problems_frame([]),
                accounting={},
                local_authorities=authorities if source.get("local_authority") else None,
                local_authority=source.get("local_authority") or None,
                checksum=source.get("sha256", ""),
                read_at=source.get("read_at", ""),
            )
        )
    return tuple(reads)


def source_entry(read: ScorecardRead) -> dict:
    """A read as the manifest lists it."""
    return {
        "key": source_key(read),
        "name": read.filename,
        "layout": read.layout,
        "sha256": read.checksum,
        "read_at": read.read_at,
        "local_authority": read.local_authority or "",
    }
