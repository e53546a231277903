"""The snapshot store: published, versioned, checked snapshots shared by every session,
replica and audience (README, "Publishing and the snapshot store").

- ``location``: a folder or an S3-compatible bucket through pyarrow's filesystems; whole writes;
- ``snapshot_files``: what a snapshot's Parquet files hold;
- ``snapshots``: ``SnapshotStore`` (publish, load and check, live per audience, roll back, versions);
- ``history``: laying a new month's figures over what was published, listing what changed;
- ``publishing``: what a publish would write and show; the Dataset a snapshot stands for;
- ``audit``: the append-only log of who did what.
"""

from .location import open_store
from .publishing import PreparedPublish, prepare_publish, snapshot_dataset
from .snapshots import AUDIENCES, LiveSnapshot, Publication, Snapshot, SnapshotStore, VersionInfo

__all__ = [
    "AUDIENCES",
    "LiveSnapshot",
    "PreparedPublish",
    "Publication",
    "Snapshot",
    "SnapshotStore",
    "VersionInfo",
    "open_store",
    "prepare_publish",
    "snapshot_dataset",
]
