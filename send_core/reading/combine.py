"""Combining several files' observations, listing where they disagree."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..model import observations_frame

KEY_COLUMNS = ["kpi_id", "measure", "comparator", "period", "locality", "phase"]
CONFLICT_COLUMNS = [*KEY_COLUMNS, "frequency", "kpi_name", "values", "sources"]


def comparable_values(observations: pd.DataFrame) -> pd.DataFrame:
    """What makes two rows say the same thing, whichever file they came from: their numbers
    (rounded, so 61.0 and 61.000000001 agree) or, for a marker such as "n/a", its text.
    Columns ``_value``, ``_low``, ``_high``, ``_marker``, on ``observations``' index."""
    marker_text = observations["value_text"].where(observations["value"].isna() & observations["value_low"].isna(), "")
    return pd.DataFrame(
        {
            "_value": observations["value"].round(6),
            "_low": observations["value_low"].round(6),
            "_high": observations["value_high"].round(6),
            "_marker": marker_text.str.strip().str.lower(),
        },
        index=observations.index,
    )


def combine_observations(frames: Iterable[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stack several files' observations; return (combined, conflicts).

    The same KPI, measure, comparator, period, locality and phase with *different* values in
    two files is a conflict: both rows stay in ``combined`` and the pair is listed in
    ``conflicts`` (the key columns, ``frequency``, ``kpi_name``, ``values`` and ``sources``),
    never silently merged. Identical repeats are kept once.
    """
    frames = [f for f in frames if f is not None and not f.empty]
    if not frames:
        return observations_frame(), pd.DataFrame(columns=CONFLICT_COLUMNS)
    combined = pd.concat(frames, ignore_index=True)
    # Two rows say the same thing when their key and their number (or, for markers, their
    # text) agree; the file each came from does not matter.
    comparable = pd.concat([combined[KEY_COLUMNS], comparable_values(combined)], axis=1)
    first_time = ~comparable.duplicated()  # worked out once: it hashes every row of ten columns
    deduplicated = combined[first_time].reset_index(drop=True)
    comparable = comparable[first_time].reset_index(drop=True)
    clashing = comparable.duplicated(subset=KEY_COLUMNS, keep=False)
    clash = deduplicated[clashing]
    if clash.empty:
        conflicts = pd.DataFrame(columns=CONFLICT_COLUMNS)
    else:
        conflicts = (
            clash.groupby(KEY_COLUMNS, sort=False, dropna=False)
            .agg(
                frequency=("frequency", "first"),
                kpi_name=("kpi_name", "first"),
                values=("value_text", lambda s: " / ".join(map(str, s))),
                sources=("source", lambda s: " / ".join(map(str, s))),
            )
            .reset_index()[CONFLICT_COLUMNS]
        )
    return deduplicated, conflicts
