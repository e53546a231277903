"""Suppression for the public: small counts hidden so that no child can be identified, and
enough other figures hidden with them that no hidden count can be worked out again.

Applied once, when figures are published for the public (and to the sample data a read-only
instance shows), before anything reaches a page or a download:

- **primary**: our own counts (actuals and baselines) from 1 to ``threshold - 1`` become
  :data:`SUPPRESSED` (``c``, the Government Statistical Service's symbol), in breakdowns and
  whole-area figures alike; a percentage written with its count ("14.3% (10)") is a count too,
  and is hidden when its count is. True zeros stay 0.
- **pods first**: each pod's figure is added up from its phases *before* anything is hidden,
  and kept as a row of its own, so a pod is never the sum of what is left (47 where the truth
  is 50).
- **secondary**: a breakdown and its total are a set of sums (the localities add up to the
  whole area, the phases to the whole area and to each pod, a locality's phases to the
  locality). Any hidden figure those sums would pin down, alone or together, or through the
  fact that every hidden figure is at least 1, gets a partner hidden with it (the smallest
  published figure that shares a sum with it), until each hidden figure could be at least two
  whole numbers.

Not covered (and said so in "About this data"): relations between *different* KPIs (a count
and its sub-count), and rates whose population is published elsewhere.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from .model import ALL, OBSERVATION_COLUMNS, PHASES

SUPPRESSED = "c"


def hidden_numbers_sentence(threshold: int) -> str:
    """What suppression hides, in one plain sentence, for every place that says so (About this
    data, the board pack's cover, the public site): numbers from 1 to ``threshold - 1``,
    whole-area figures and breakdowns alike, as :func:`suppress` hides them."""
    return (
        f"Numbers from 1 to {threshold - 1} are hidden and shown as '{SUPPRESSED}', for the whole area and for each "
        "locality and age group, so that no child can be identified."
    )


# Only our own area's actual figures describe children; targets are intentions, comparators
# are other (larger) areas.
PROTECTED_MEASURES = ("actual", "baseline")
# One table of figures that add up: a KPI's measure for one period. A dated figure's period is
# its date, however its file wrote it ("Jan 25", "Jan 2025"); an undated one's is its label.
TABLE_KEY = ["kpi_id", "measure", "comparator", "when"]
CELL_KEY = [*TABLE_KEY, "locality", "phase"]
# A count written after a percentage, however it is written: "14.3% (10)", "(n=3)", "(3/21)".
_BRACKETED_COUNT = re.compile(r"\(\s*(?:n\s*=\s*)?(\d[\d,]*)\s*(?:/\s*\d[\d,]*\s*)?\)")
_VALUE_COLUMNS = ("value", "value_low", "value_high", "value_text", "source")


def grouping_pods(pods: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The pods that group phases under a name of their own: a pod named after a phase
    ("Secondary": Secondary) is that phase's rows, not a figure to add up or hide apart."""
    return {name: tuple(members) for name, members in pods.items() if name not in PHASES}


def with_pod_rows(observations: pd.DataFrame, pods: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Add, for every pod not already present, rows summing each count KPI's values over the
    pod's phases (per period, locality and measure); the pod appears as a phase named after it.
    A phase given twice (two files) is counted once. Columns beyond the model's (a snapshot's
    file column) are taken from the first member row. Returns a new frame; percentages and
    averages get no pod rows, since they cannot be added."""
    frames = [observations]
    for pod, phases in grouping_pods(pods).items():
        # Per KPI: one that already has the pod (a published public snapshot's) keeps its own.
        has_pod = observations["kpi_id"].isin(observations.loc[observations["phase"] == pod, "kpi_id"])
        members = observations[
            observations["phase"].isin(phases)
            & (observations["unit"] == "count")
            & observations["value"].notna()
            & ~has_pod
        ]
        members = members[~cell_keys(members).duplicated(keep="last")]
        if members.empty:
            continue
        keys = [c for c in OBSERVATION_COLUMNS if c not in (*_VALUE_COLUMNS, "phase")]
        extra = {c: (c, "first") for c in observations.columns if c not in OBSERVATION_COLUMNS}
        summed = (
            members.groupby(keys, dropna=False, sort=False)
            .agg(value=("value", "sum"), parts=("value", "size"), **extra)
            .reset_index()
        )
        summed = summed.assign(
            phase=pod,
            value_low=float("nan"),
            value_high=float("nan"),
            value_text=summed["value"].map(lambda v: f"{v:,.0f}"),
            source=summed["parts"].map(lambda n: f"sum of {n} phase rows"),
        )
        frames.append(summed[list(observations.columns)])
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else observations


def cell_keys(observations: pd.DataFrame) -> pd.DataFrame:
    """Each row's cell (:data:`CELL_KEY`): its KPI, measure, comparator, ``when`` (the date, or
    the label of an undated row), locality and phase."""
    when = (
        observations["period"]
        .dt.strftime("%Y-%m-%d")
        .where(observations["period"].notna(), "label:" + observations["period_label"].astype(str))
    )
    keys = observations[["kpi_id", "measure", "comparator", "locality", "phase"]].assign(when=when)
    return keys[CELL_KEY]


def protected_counts(observations: pd.DataFrame) -> pd.Series:
    """The count each row would disclose, NaN where none: our own actuals and baselines in
    ``count`` (a range such as "3-6" by its lower end), and the count written with a percentage
    however it is written ("14.3% (10)", "(n=3)", "(3/21)")."""
    ours = observations["measure"].isin(PROTECTED_MEASURES) & (observations["comparator"] == "")
    is_count = observations["unit"] == "count"
    counts = observations["value"].where(ours & is_count)
    counts = counts.where(counts.notna(), observations["value_low"].where(ours & is_count))
    bracketed = ours & ~is_count & observations["value_text"].str.contains("(", regex=False)
    if bracketed.any():
        counts = counts.copy()
        found = (_BRACKETED_COUNT.search(text) for text in observations.loc[bracketed, "value_text"])
        counts[bracketed] = [float(match.group(1).replace(",", "")) if match else math.nan for match in found]
    return counts.astype("float64")


@dataclasses.dataclass
class _Table:
    """One table's cells (position -> count) and the sums that hold between them."""

    cells: dict[tuple[str, str], float]
    sums: list[tuple[tuple[str, str], list[tuple[str, str]]]]


def table_sums(
    positions: Iterable[tuple[str, str]], pods: Mapping[str, tuple[str, ...]]
) -> list[tuple[tuple[str, str], list[tuple[str, str]]]]:
    """Every sum a reader may assume among a table's (locality, phase) positions: each total
    with the parts it adds up. Positions a sum needs but the table lacks are still named (an
    unknown to whoever reads the table)."""
    positions, pods = set(positions), grouping_pods(pods)
    localities = sorted({locality for locality, _ in positions if locality != ALL})
    phases = {phase for _, phase in positions if phase != ALL}
    real_phases = sorted(phases - set(pods))
    sums = []
    for locality in [ALL, *localities]:
        parts = [(locality, phase) for phase in real_phases]
        if positions & set(parts):
            sums.append(((locality, ALL), parts))
        for pod, members in pods.items():
            pod_parts = [(locality, phase) for phase in members if phase in real_phases]
            if (locality, pod) in positions and pod_parts:
                sums.append(((locality, pod), pod_parts))
    for phase in [ALL, *sorted(phases)]:
        parts = [(locality, phase) for locality in localities]
        if positions & set(parts):
            sums.append(((ALL, phase), parts))
    return sums


def _derivable(table: _Table, hidden: set, candidates: set | None = None) -> list:
    """Hidden positions a reader could work out: those with one value in every whole-number
    solution of the table's sums, where each hidden figure is at least 1 and each figure the
    table lacks at least 0. Found as an auditor does, by minimising and maximising each hidden
    figure (an integer program, small: one table's positions). Only ``candidates`` (default:
    every hidden position) are audited; the result is in sorted order.

    Every solution found is kept, the true figures first: two that give a figure different
    values prove it cannot be worked out, so its programs are not needed (a few programs
    usually settle most of a table)."""
    unknown = sorted(hidden | {p for total, parts in table.sums for p in (total, *parts) if p not in table.cells})
    if not unknown or not table.sums:
        return []
    column = {position: index for index, position in enumerate(unknown)}
    matrix = np.zeros((len(table.sums), len(unknown)))
    right = np.zeros(len(table.sums))
    for row, (total, parts) in enumerate(table.sums):
        for position, sign in ((total, 1.0), *((part, -1.0) for part in parts)):
            if position in column:
                matrix[row, column[position]] += sign
            else:
                right[row] -= sign * table.cells[position]
    # A sum the true figures meet exactly is an equation a reader may use. One they do not
    # (children with no known locality, say) is only a bound, total >= parts, when its cells
    # are all known, and of no use to anyone when the parts exceed the total.
    exact = np.ones(len(table.sums), dtype=bool)
    for row, (total, parts) in enumerate(table.sums):
        if all(p in table.cells for p in (total, *parts)):
            gap = table.cells[total] - sum(table.cells[p] for p in parts)
            exact[row] = gap == 0
            if gap < 0:
                matrix[row] = 0
    used = matrix.any(axis=1)
    if not used.any():
        return []
    lower = right[used]
    upper = np.where(exact, right, np.inf)[used]
    sums = LinearConstraint(matrix[used], lower, upper)
    bounds = Bounds([1.0 if p in hidden else 0.0 for p in unknown], np.inf)
    integral = np.ones(len(unknown))
    # Each figure's smallest and largest value in the whole-number solutions found so far,
    # starting from one a reader cannot see but the app can: the true figures, when the table
    # has them all and they meet its sums (a table that does not add up starts from none).
    truth = np.array([table.cells.get(p, np.nan) for p in unknown])
    meets = (
        not np.isnan(truth).any()
        and np.all(truth >= bounds.lb)
        and np.all(sums.A @ truth >= lower - 1e-9)
        and np.all(sums.A @ truth <= upper + 1e-9)
    )
    seen_low = truth.copy() if meets else np.full(len(unknown), np.inf)
    seen_high = truth.copy() if meets else np.full(len(unknown), -np.inf)

    def solve(objective: np.ndarray) -> float | None:
        nonlocal seen_low, seen_high
        found = milp(objective, constraints=sums, bounds=bounds, integrality=integral)
        if found.status != 0:
            return None
        values = np.round(found.x)
        seen_low, seen_high = np.minimum(seen_low, values), np.maximum(seen_high, values)
        return round(found.fun)

    pinned = []
    for position in sorted(hidden if candidates is None else hidden & candidates):
        index = column[position]
        objective = np.zeros(len(unknown))
        objective[index] = 1.0
        # Pinned when its smallest and largest values are one: the maximum is needed only
        # when no solution found so far (the minimum's among them) gives it another value.
        if seen_low[index] < seen_high[index] or solve(objective) is None or seen_low[index] < seen_high[index]:
            continue
        if solve(-objective) is not None and seen_low[index] == seen_high[index]:
            pinned.append(position)
    return pinned


def _partner(table: _Table, position: tuple[str, str], hidden: set) -> tuple[str, str] | None:
    """The figure to hide with ``position``: the smallest published non-zero figure sharing a
    sum with it (a part before a total, the figure people most want), else the table's
    smallest. A zero is never hidden: readers are told a hidden figure is at least 1."""
    shown = {p for p, count in table.cells.items() if p not in hidden and count != 0}
    near = {p for total, parts in table.sums if position in (total, *parts) for p in (total, *parts)} & shown
    candidates = near or shown
    if not candidates:
        return None
    return min(candidates, key=lambda p: (table.cells[p], ALL in p, p))


def hidden_positions(table: _Table, threshold: int) -> set[tuple[str, str]]:
    """Primary then secondary suppression of one table: the positions to hide."""
    hidden = {p for p, count in table.cells.items() if 1 <= count < threshold}
    # Hiding a partner only takes a fixed figure away from the sums, so a figure that could be
    # two numbers still can: each round audits only what was pinned, and the partner. The
    # same result as auditing every hidden figure every round, in a third of the programs.
    audit = set(hidden)
    while audit:
        pinned = _derivable(table, hidden, audit)
        if not pinned:
            break
        partner = next((p for p in map(lambda q: _partner(table, q, hidden), pinned) if p is not None), None)
        if partner is None:
            break
        hidden.add(partner)
        audit = {*pinned, partner}
    return hidden


def suppress(
    observations: pd.DataFrame, threshold: int, pods: Mapping[str, tuple[str, ...]] | None = None
) -> pd.DataFrame:
    """The observations as the public may see them: pod rows added from the true figures,
    then every count (and percentage with its count) below ``threshold`` hidden, with the
    partners that stop it being worked out again. A hidden row has no number and reads
    :data:`SUPPRESSED`; every row with a hidden row's key (the same figure from two files)
    is hidden too. ``threshold`` is at least 1 (1 hides nothing). Returns a new frame."""
    if threshold < 1:
        raise ValueError(f"suppression threshold must be at least 1, not {threshold}")
    frame = with_pod_rows(observations, pods or {}).reset_index(drop=True)
    counts = protected_counts(frame)
    known = pd.concat([cell_keys(frame), counts.rename("_count")], axis=1)[counts.notna()]
    if known.empty:
        return frame
    hidden_keys = []
    for table_key, rows in known.groupby(TABLE_KEY, dropna=False, sort=False):
        cells: dict[tuple[str, str], float] = {}
        small = set()
        for locality, phase, count in zip(rows["locality"], rows["phase"], rows["_count"], strict=True):
            cells.setdefault((locality, phase), count)
            if 1 <= count < threshold:
                small.add((locality, phase))  # a second file's small figure for the same cell
        if not small:
            continue
        table = _Table(cells, table_sums(cells, pods or {}) if len(cells) > 1 else [])
        hidden = hidden_positions(table, threshold) | small
        hidden_keys.extend((*table_key, locality, phase) for locality, phase in hidden)
    return hide_cells(frame, pd.DataFrame(hidden_keys, columns=CELL_KEY))


def hidden_cells(observations: pd.DataFrame) -> pd.DataFrame:
    """The cells (:data:`CELL_KEY`) that ``observations`` hide, once each."""
    return cell_keys(observations[is_suppressed(observations)]).drop_duplicates().reset_index(drop=True)


def hide_cells(observations: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Hide every row of ``observations`` whose :data:`CELL_KEY` is one of ``cells`` (a figure
    given by several files is hidden in each). Returns a new frame."""
    if cells.empty:
        return observations
    cells = cells[CELL_KEY].drop_duplicates().assign(_hide=True)
    flagged = cell_keys(observations).merge(cells, on=CELL_KEY, how="left")["_hide"]
    hide = flagged.notna().to_numpy()
    result = observations.copy()
    result.loc[hide, ["value", "value_low", "value_high"]] = float("nan")
    result.loc[hide, "value_text"] = SUPPRESSED
    return result


def is_suppressed(observations: pd.DataFrame) -> pd.Series:
    """True for rows hidden by :func:`suppress`."""
    return (observations["value_text"] == SUPPRESSED) & observations["value"].isna()
