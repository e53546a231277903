"""The numbers behind a pack's charts: each KPI's whole-area actuals with the target in force
and the latest comparators, one row per KPI and month, for Excel's native charts and the
printable report's images alike."""

from __future__ import annotations

import pandas as pd

from ..comparators import latest_comparator_values
from ..model import ALL, COMPARATORS, SAME_SCALE_UNITS

CHART_COLUMNS = ("kpi_id", "period", "actual", "target", *COMPARATORS, "frequency")


def target_line(targets: pd.DataFrame) -> pd.Series:
    """The line a target draws: its number; for a bound ("at least 60%") the bound; for a
    range none (NaN), as the Summary's target column does."""
    low_only = targets["value_low"].where(targets["value_high"].isna())
    high_only = targets["value_high"].where(targets["value_low"].isna())
    return targets["value"].fillna(low_only).fillna(high_only)


def chart_table(observations: pd.DataFrame) -> pd.DataFrame:
    """One row per KPI and period with a whole-area actual: ``kpi_id, period, actual, target``
    (the latest dated target on or before the period, else an undated one; NaN for none), one
    column per comparator (its latest value, the same on every row; NaN for none, and for a
    KPI counted in totals, which is another size from England's) and the period's
    ``frequency``.

    KPIs with values only for localities or phases have no rows (their charts are the
    Localities page's). Sorted by KPI, in the order first seen, then month.
    """
    whole = (observations["locality"] == ALL) & (observations["phase"] == ALL)
    actual = observations[whole & (observations["measure"] == "actual") & observations["period"].notna()]
    actual = actual[actual["value"].notna()]
    order = {kpi_id: index for index, kpi_id in enumerate(dict.fromkeys(actual["kpi_id"]))}
    frame = (
        actual.groupby(["kpi_id", "period"], as_index=False, sort=False)["value"]
        .last()
        .rename(columns={"value": "actual"})
        .sort_values("period", kind="stable")
    )
    targets = observations[whole & (observations["measure"] == "target")]
    targets = targets.assign(line=target_line(targets))
    dated = targets[targets["period"].notna()].sort_values("period", kind="stable")
    if not dated.empty and not frame.empty:
        frame = pd.merge_asof(
            frame,
            dated[["kpi_id", "period", "line"]].rename(columns={"line": "target"}),
            on="period",
            by="kpi_id",
            direction="backward",
        )
    else:
        frame = frame.assign(target=float("nan"))
    undated = targets[targets["period"].isna()].groupby("kpi_id")["line"].last()
    frame["target"] = frame["target"].fillna(frame["kpi_id"].map(undated))
    latest = latest_comparator_values(observations)
    # A total (a count, money) is another size from England's: its comparators are not drawn.
    units = actual.groupby("kpi_id")["unit"].agg(lambda u: u.value_counts().index[0])
    same_scale = frame["kpi_id"].map(units).isin(SAME_SCALE_UNITS)
    for name in COMPARATORS:
        values = latest.xs(name, level="comparator") if name in latest.index.get_level_values(1) else pd.Series()
        frame[name] = frame["kpi_id"].map(values).astype(float).where(same_scale)
    frame["order"] = frame["kpi_id"].map(order)
    frame = frame.sort_values(["order", "period"], kind="stable").drop(columns="order")
    frame["frequency"] = frame.merge(
        actual[["kpi_id", "period", "frequency"]].drop_duplicates(["kpi_id", "period"]),
        on=["kpi_id", "period"],
        how="left",
    )["frequency"].to_numpy()
    return frame[list(CHART_COLUMNS)].reset_index(drop=True)
