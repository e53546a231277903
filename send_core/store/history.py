"""Each KPI's series across published months: a new month's files are laid over what was
published before, and every figure the new files change is listed, never silently replaced."""

from __future__ import annotations

import pandas as pd

from ..reading.combine import KEY_COLUMNS, comparable_values

HISTORY_KEY = [*KEY_COLUMNS, "area"]
CHANGE_COLUMNS = ("kpi_id", "kpi_name", "measure", "period_label", "locality", "phase", "published", "new", "file")


def merge_history(
    published: pd.DataFrame, new: pd.DataFrame, *, file_column: str = "file"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lay ``new`` observations over ``published`` ones (both with the model's columns and a
    ``file_column`` saying which file each row came from); return (merged, changes).

    A row of ``new`` replaces the published row with the same KPI, measure, comparator, area,
    period, locality and phase; a published row no new file speaks of is kept, so a series grows
    month by month. ``changes`` lists (one row per figure, :data:`CHANGE_COLUMNS`) each
    published figure a new file gives differently: the published text, the new text, and the
    new file. Rows without a period (a plan's baseline) are keyed by their label. Neither frame
    is changed."""
    if published.empty:
        return new.reset_index(drop=True), pd.DataFrame(columns=list(CHANGE_COLUMNS))
    if new.empty:
        return published.reset_index(drop=True), pd.DataFrame(columns=list(CHANGE_COLUMNS))
    key = [*HISTORY_KEY, "period_label"]
    published, new = published.reset_index(drop=True), new.reset_index(drop=True)
    # Merging on the key columns (not on joined text) matches undated rows with each other.
    flagged = published[key].merge(new[key].drop_duplicates().assign(_in_new=True), on=key, how="left")
    replaced = flagged["_in_new"].notna().to_numpy()
    old_matched = pd.concat([published[replaced], comparable_values(published[replaced])], axis=1).drop_duplicates(key)
    new_matched = pd.concat([new, comparable_values(new)], axis=1).drop_duplicates(key)
    paired = old_matched.merge(new_matched, on=key, suffixes=("_old", ""))
    differs = pd.Series(False, index=paired.index)
    for column in ("_value", "_low", "_high", "_marker"):
        old, fresh = paired[f"{column}_old"], paired[column]
        differs |= ~((old == fresh) | (old.isna() & fresh.isna()))
    changed = paired[differs]
    changes = pd.DataFrame(
        {
            "kpi_id": changed["kpi_id"],
            "kpi_name": changed["kpi_name"],
            "measure": changed["measure"],
            "period_label": changed["period_label"],
            "locality": changed["locality"],
            "phase": changed["phase"],
            "published": changed["value_text_old"],
            "new": changed["value_text"],
            "file": changed[file_column],
        },
        columns=list(CHANGE_COLUMNS),
    ).reset_index(drop=True)
    merged = pd.concat([published[~replaced], new], ignore_index=True)
    return merged, changes
