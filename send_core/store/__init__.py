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

# The names this package offers are listed in send_core.PACKAGE_EXPORTS.
__all__, __getattr__, __dir__ = lazy_exports(globals())
