"""The snapshot store: published, versioned, checked snapshots shared by every session,
replica and audience (README, "Publishing and the snapshot store").

- ``location``: a folder or an S3-compatible bucket through pyarrow's filesystems; whole writes;
- ``snapshot_files``: what a snapshot's Parquet files hold;
- ``snapshots``: ``SnapshotStore`` (publish, load and check, live per audience, roll back, versions);
- ``history``: laying a new month's figures over what was published, listing what changed;
- ``publishing``: what a publish would write and show; the Dataset a snapshot stands for;
- ``audit``: the append-only log of who did what.
"""

from __future__ import annotations

from send_core import lazy_exports

# What the package offers, and the module each name is in (imported on first use: see
# send_core.lazy_exports).
_EXPORTS = {
    "AUDIENCES": ".snapshots",
    "LiveSnapshot": ".snapshots",
    "PreparedPublish": ".publishing",
    "Publication": ".snapshots",
    "Snapshot": ".snapshots",
    "SnapshotStore": ".snapshots",
    "VersionInfo": ".snapshots",
    "open_store": ".location",
    "prepare_publish": ".publishing",
    "snapshot_dataset": ".publishing",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
