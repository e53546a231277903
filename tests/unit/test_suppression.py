"""Suppression for the public: tables of breakdowns in, what may be published out; and an
attacker that tries to work out every hidden figure from everything published, by the sums a
reader may assume (localities add up to the whole area, phases to the whole area and to each
pod, a locality's phases to the locality) and the fact that each hidden count is at least 1."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from send_core.model import ALL, PHASES, observations_frame
from send_core.suppression import SUPPRESSED, is_suppressed, protected_counts, suppress, with_pod_rows

PODS = {"Early Years & Primary": ("Early years", "Primary"), "Secondary": ("Secondary",)}


def table(cells: dict[tuple[str, str], float], *, unit: str = "count", texts: dict | None = None) -> pd.DataFrame:
    """One KPI's figures for January 2025, one row per (locality, phase)."""
    texts = texts or {}
    return observations_frame(
        {
            "kpi_id": "REQ",
            "kpi_name": "Requests for assessment",
            "period": "2025-01-01",
            "value": value,
            "value_text": texts.get(position, f"{value:g}"),
            "unit": unit,
            "locality": position[0],
            "phase": position[1],
        }
        for position, value in cells.items()
    )


def published(frame: pd.DataFrame) -> dict[tuple[str, str], float | str]:
    """(locality, phase) -> the published number, or "c"."""
    return {
        (locality, phase): SUPPRESSED if text == SUPPRESSED and math.isnan(value) else value
        for locality, phase, value, text in zip(frame["locality"], frame["phase"], frame["value"], frame["value_text"])
    }


# --- the attacker ---------------------------------------------------------------------------


def assumed_sums(positions, pods):
    """The sums a reader of a published table may assume, written out independently of the
    code under test: (total, parts) pairs over (locality, phase) positions."""
    pods = {name: members for name, members in pods.items() if name not in PHASES}  # "Secondary" is a phase
    localities = sorted({lo for lo, _ in positions if lo != ALL})
    phases = sorted({ph for _, ph in positions if ph != ALL and ph not in pods})
    sums = []
    for locality in [ALL, *localities]:
        sums.append(((locality, ALL), [(locality, ph) for ph in phases]))
        for pod, members in pods.items():
            if (locality, pod) in positions:
                sums.append(((locality, pod), [(locality, ph) for ph in members if ph in phases]))
    for phase in [ALL, *phases, *[p for p in pods if any(ph == p for _, ph in positions)]]:
        sums.append(((ALL, phase), [(lo, phase) for lo in localities]))
    return [(total, parts) for total, parts in sums if parts]


def equation_rows(sums: list, unknown: list, known: dict):
    """Each sum with an unknown figure in it as ``(total, parts, row, constant)``: ``row`` has
    +1 for an unknown total and -1 for each unknown part, in ``unknown``'s order, and
    ``constant`` is the same signed sum of the known figures, so the sum says row . x + constant = 0."""
    for total, parts in sums:
        row = np.zeros(len(unknown))
        constant = 0.0
        for position, sign in ((total, 1.0), *((part, -1.0) for part in parts)):
            if position in unknown:
                row[unknown.index(position)] += sign
            else:
                constant += sign * known[position]
        if row.any():
            yield total, parts, row, constant


def recovered(shown: dict, pods: dict) -> dict[tuple[str, str], int]:
    """Every hidden figure whose value is the same in every whole-number solution of the sums
    (each hidden figure at least 1, each figure not published at least 0): found by minimising
    and maximising it with an integer program. A sum whose published figures show it does not
    hold exactly is used as a bound (total at least its parts), or not at all when the parts
    exceed the total; and when the sums together have no solution (the figures do not quite
    add up), the attacker tries each sum on its own."""
    positions = set(shown)
    sums = assumed_sums(positions, pods)
    unknown = sorted({p for total, parts in sums for p in (total, *parts) if shown.get(p) in (None, SUPPRESSED)})
    if not unknown:
        return {}
    index = {p: i for i, p in enumerate(unknown)}
    rows, lower, upper = [], [], []
    for _total, _parts, row, constant in equation_rows(sums, unknown, shown):
        rows.append(row)
        lower.append(-constant)
        upper.append(-constant)
    bounds = Bounds(np.array([1.0 if shown.get(p) == SUPPRESSED else 0.0 for p in unknown]), np.inf)
    found = {}
    for attempt in [list(range(len(rows)))] + [[i] for i in range(len(rows))]:
        if not attempt:
            continue
        constraint = LinearConstraint(np.array(rows)[attempt], np.array(lower)[attempt], np.array(upper)[attempt])
        for position in unknown:
            if shown.get(position) != SUPPRESSED or position in found:
                continue
            objective = np.zeros(len(unknown))
            objective[index[position]] = 1
            low = milp(objective, constraints=constraint, bounds=bounds, integrality=np.ones(len(unknown)))
            high = milp(-objective, constraints=constraint, bounds=bounds, integrality=np.ones(len(unknown)))
            if low.status == 0 and high.status == 0 and round(low.fun) == round(-high.fun):
                found[position] = round(low.fun)
    return found


def disclosed(shown: dict, truth: dict, pods: dict) -> dict[tuple[str, str], int]:
    """What the attacker works out that is true: a deduction from a sum the truth does not
    meet (the attacker cannot tell) is wrong, and discloses nothing."""
    return {p: v for p, v in recovered(shown, pods).items() if truth.get(p) == v}


def test_the_attacker_recovers_what_primary_suppression_alone_leaves():
    # The example: a total of 11 with Secondary 9 shown gives Early years = 2.
    shown = {(ALL, ALL): 11, (ALL, "Early years"): SUPPRESSED, (ALL, "Secondary"): 9}
    assert recovered(shown, {}) == {(ALL, "Early years"): 2}
    # Two hidden parts of a total of 2 are both 1.
    shown = {(ALL, ALL): 12, ("North", ALL): SUPPRESSED, ("South", ALL): SUPPRESSED, ("East", ALL): 10}
    assert recovered(shown, {}) == {("North", ALL): 1, ("South", ALL): 1}
    # A pod and its phases: Early years and Primary hidden, the pod shown: still hidden.
    shown = {
        (ALL, ALL): 30,
        (ALL, "Early years"): SUPPRESSED,
        (ALL, "Primary"): SUPPRESSED,
        (ALL, "Secondary"): 20,
        (ALL, "Early Years & Primary"): 10,
    }
    assert recovered(shown, {"Early Years & Primary": ("Early years", "Primary")}) == {}


# --- what suppression publishes -------------------------------------------------------------

CASES = [
    pytest.param(
        {(ALL, ALL): 11, (ALL, "Early years"): 2, (ALL, "Secondary"): 9},
        {(ALL, ALL): 11, (ALL, "Early years"): SUPPRESSED, (ALL, "Secondary"): SUPPRESSED},
        id="the next-smallest part is hidden with a small one",
    ),
    pytest.param(
        {(ALL, ALL): 15, ("North", ALL): 3, ("South", ALL): 12, ("East", ALL): 0},
        {(ALL, ALL): 15, ("North", ALL): SUPPRESSED, ("South", ALL): SUPPRESSED, ("East", ALL): 0},
        id="a true zero is not a partner and stays 0",
    ),
    pytest.param(
        {(ALL, ALL): 40, ("North", ALL): 3, ("South", ALL): 6, ("East", ALL): 31},
        {(ALL, ALL): 40, ("North", ALL): SUPPRESSED, ("South", ALL): SUPPRESSED, ("East", ALL): 31},
        id="the smallest partner, not the largest",
    ),
    pytest.param(
        {(ALL, ALL): 3, ("North", ALL): 3, ("South", ALL): 0},
        {(ALL, ALL): SUPPRESSED, ("North", ALL): SUPPRESSED, ("South", ALL): 0},
        id="a small whole-area count is hidden like any other",
    ),
    pytest.param(
        {(ALL, ALL): 20, ("North", ALL): 7, ("South", ALL): 13},
        {(ALL, ALL): 20, ("North", ALL): 7, ("South", ALL): 13},
        id="nothing small, nothing hidden",
    ),
    pytest.param(
        {(ALL, ALL): 5, ("North", ALL): 2, ("South", ALL): 2, ("East", ALL): 1},
        {(ALL, ALL): 5, ("North", ALL): SUPPRESSED, ("South", ALL): SUPPRESSED, ("East", ALL): SUPPRESSED},
        id="all parts small: hidden, the total kept",
    ),
]


@pytest.mark.parametrize(("truth", "expected"), CASES)
def test_primary_and_secondary_suppression(truth, expected):
    result = suppress(table(truth), 5)
    assert published(result) == expected
    assert disclosed(published(result), truth, {}) == {}


def test_pods_are_added_up_before_anything_is_hidden():
    truth = {(ALL, ALL): 80, (ALL, "Early years"): 2, (ALL, "Primary"): 48, (ALL, "Secondary"): 30}
    result = published(suppress(table(truth), 5, PODS))
    # 2 + 48 = 50, not the 48 left once Early years is hidden; and the pod's 50 would give
    # Early years away beside Primary's 48, so Primary goes too.
    assert result[(ALL, "Early Years & Primary")] == 50
    assert result[(ALL, "Early years")] == SUPPRESSED and result[(ALL, "Primary")] == SUPPRESSED
    assert disclosed(result, {**truth, (ALL, "Early Years & Primary"): 50}, PODS) == {}


def test_a_locality_by_phase_table_where_a_bridge_would_give_a_cell_away():
    # Two 2x2 blocks of hidden cells joined by one more: every row and column has two hidden
    # cells, yet the joining cell is pinned by the margins unless more is hidden.
    localities, phases = ["North", "South", "East", "West"], ["Early years", "Primary", "Secondary", "Post-16"]
    values = np.array([[2, 3, 20, 20], [3, 2, 20, 20], [20, 20, 2, 3], [20, 20, 3, 4]])
    truth = {(lo, ph): float(values[i, j]) for i, lo in enumerate(localities) for j, ph in enumerate(phases)}
    truth.update({(lo, ALL): float(values[i].sum()) for i, lo in enumerate(localities)})
    truth.update({(ALL, ph): float(values[:, j].sum()) for j, ph in enumerate(phases)})
    truth[(ALL, ALL)] = float(values.sum())
    result = published(suppress(table(truth), 5))
    assert all(result[(lo, ph)] == SUPPRESSED for lo, ph in truth if truth[(lo, ph)] < 5)
    assert disclosed(result, truth, {}) == {}


def test_a_percentage_written_with_a_small_count_is_hidden_with_its_count():
    # "20% (2)" for the whole area discloses 2 children; "14.3% (10)" discloses none.
    small = published(suppress(table({(ALL, ALL): 20.0}, unit="percent", texts={(ALL, ALL): "20% (2)"}), 5))
    large = published(suppress(table({(ALL, ALL): 14.3}, unit="percent", texts={(ALL, ALL): "14.3% (10)"}), 5))
    assert small == {(ALL, ALL): SUPPRESSED} and large == {(ALL, ALL): 14.3}


def test_a_percentage_whose_count_could_be_worked_out_is_hidden_too():
    # The counts in brackets add up like any other: North 2 of a total 12 with South's 10
    # shown would give North away, so South's percentage goes with it.
    truth = {(ALL, ALL): 30.0, ("North", ALL): 20.0, ("South", ALL): 33.3}
    texts = {(ALL, ALL): "30% (12)", ("North", ALL): "20% (2)", ("South", ALL): "33.3% (10)"}
    result = published(suppress(table(truth, unit="percent", texts=texts), 5))
    assert result == {(ALL, ALL): 30.0, ("North", ALL): SUPPRESSED, ("South", ALL): SUPPRESSED}


def test_targets_comparators_and_other_measures_are_not_counts_of_children():
    frame = observations_frame(
        [
            {"kpi_id": "R", "measure": "target", "period": "2025-01-01", "value": 3, "unit": "count"},
            {"kpi_id": "R", "measure": "comparator", "comparator": "England", "value": 2, "unit": "count"},
            {"kpi_id": "R", "measure": "baseline", "period": "2024-01-01", "value": 2, "unit": "count"},
        ]
    )
    assert protected_counts(frame).isna().tolist() == [True, True, False]
    result = suppress(frame, 5)
    assert result["value"].tolist()[:2] == [3, 2] and is_suppressed(result).tolist() == [False, False, True]


def test_the_same_figure_from_two_files_is_hidden_in_both():
    frame = pd.concat([table({("North", ALL): 3, (ALL, ALL): 30}), table({("North", ALL): 3})], ignore_index=True)
    result = suppress(frame, 5)
    assert is_suppressed(result[result["locality"] == "North"]).all()


def test_the_threshold_is_at_least_one_and_one_hides_nothing():
    frame = table({(ALL, ALL): 3, ("North", ALL): 1, ("South", ALL): 2})
    assert not is_suppressed(suppress(frame, 1)).any()
    with pytest.raises(ValueError, match="at least 1"):
        suppress(frame, 0)


def test_the_callers_frame_is_not_changed():
    frame = table({(ALL, ALL): 11, (ALL, "Early years"): 2, (ALL, "Secondary"): 9})
    before = frame.copy()
    suppress(frame, 5, PODS)
    pd.testing.assert_frame_equal(frame, before)


def test_pod_rows_count_a_phase_given_by_two_files_once():
    frame = pd.concat(
        [table({(ALL, "Early years"): 4, (ALL, "Primary"): 6}), table({(ALL, "Early years"): 4})], ignore_index=True
    )
    pods = with_pod_rows(frame, PODS)
    assert pods.loc[pods["phase"] == "Early Years & Primary", "value"].tolist() == [10]


# --- every table hypothesis can think of ----------------------------------------------------


@st.composite
def breakdowns(draw):
    """A consistent locality-by-phase table (margins the sums of their cells), some small."""
    localities = draw(st.sampled_from([["North", "South"], ["North", "South", "East"]]))
    phases = draw(st.sampled_from([["Early years", "Primary"], ["Early years", "Primary", "Secondary"]]))
    values = np.array(
        draw(
            st.lists(
                st.lists(st.integers(0, 12), min_size=len(phases), max_size=len(phases)),
                min_size=len(localities),
                max_size=len(localities),
            )
        )
    )
    with_cells = draw(st.booleans())
    truth = {}
    if with_cells:
        truth.update({(lo, ph): float(values[i, j]) for i, lo in enumerate(localities) for j, ph in enumerate(phases)})
    truth.update({(lo, ALL): float(values[i].sum()) for i, lo in enumerate(localities)})
    truth.update({(ALL, ph): float(values[:, j].sum()) for j, ph in enumerate(phases)})
    truth[(ALL, ALL)] = float(values.sum())
    # Sometimes some children have no known locality: the whole area's figures are larger
    # than the localities add up to.
    unplaced = draw(st.integers(0, 3))
    for phase in phases:
        truth[(ALL, phase)] += unplaced
    truth[(ALL, ALL)] += unplaced * len(phases)
    return truth, draw(st.integers(2, 6))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(breakdowns(), st.booleans())
def test_no_hidden_figure_can_be_worked_out_from_any_table(case, with_pods):
    truth, threshold = case
    pods = {"Early Years & Primary": ("Early years", "Primary")} if with_pods else {}
    result = published(suppress(table(truth), threshold, pods))
    pod_truth = {
        (lo, "Early Years & Primary"): truth.get((lo, "Early years"), 0) + truth.get((lo, "Primary"), 0)
        for lo, _ in truth
    }
    assert disclosed(result, {**truth, **pod_truth}, pods) == {}
    # Nothing from 1 to threshold - 1 is published; zeros and the rest are as they were.
    for position, value in result.items():
        if value != SUPPRESSED:
            assert not 1 <= value < threshold
            if position in truth:
                assert value == truth[position]


def test_every_suppressed_cell_in_a_whole_sample_is_safe():
    # Every table of the BCP-style breakdown the sample ships, checked cell by cell.
    from send_core.config import load_settings
    from send_core.dataset import configured_pods, load_sample_dataset, public_view

    settings = load_settings()
    dataset = load_sample_dataset(settings)
    pods = configured_pods(settings)
    shown = public_view(dataset, 5, pods).observations
    checked = 0

    # Grouped by date (an undated figure by its label), not by how each file wrote the period.
    def by_table(frame):
        ours = frame[frame["measure"].isin(["actual", "baseline"]) & (frame["comparator"] == "")]
        when = ours["period"].astype(str).where(ours["period"].notna(), ours["period_label"])
        return dict(tuple(ours.assign(when=when).groupby(["kpi_id", "measure", "when"], dropna=False)))

    truths = by_table(with_pod_rows(dataset.observations, pods))
    for key, rows in by_table(shown).items():
        if rows["unit"].iloc[0] != "count" or len(rows) < 2:
            continue
        cells = {
            (lo, ph): (SUPPRESSED if hidden else value)
            for lo, ph, value, hidden in zip(rows["locality"], rows["phase"], rows["value"], is_suppressed(rows))
        }
        truth_rows = truths[key]
        truth = dict(
            zip(zip(truth_rows["locality"], truth_rows["phase"], strict=True), truth_rows["value"], strict=True)
        )
        assert disclosed(cells, truth, pods) == {}, rows[["locality", "phase", "value_text"]]
        assert not any(isinstance(v, float) and 1 <= v < 5 for v in cells.values())
        checked += 1
    assert checked > 10  # the sample has breakdowns to check


def test_a_total_that_does_not_add_up_still_protects_the_sums_that_do():
    # 30 in the whole area, but the localities give 13 + 15 (two children with no known
    # locality). North's own phases add up exactly: 3 + 10 = 13, so North's 3 needs a partner.
    truth = {
        (ALL, ALL): 30,
        ("North", ALL): 13,
        ("South", ALL): 15,
        ("North", "Primary"): 3,
        ("North", "Secondary"): 10,
    }
    result = published(suppress(table(truth), 5))
    assert result[("North", "Primary")] == SUPPRESSED
    assert disclosed(result, truth, {}) == {}


def test_one_period_written_two_ways_is_one_table():
    # The localities' file says "Jan 25", the whole area's "Jan 2025": the same month.
    frame = pd.concat(
        [
            table({("North", ALL): 3, ("South", ALL): 10}).assign(period_label="Jan 25"),
            table({(ALL, ALL): 13}).assign(period_label="Jan 2025"),
        ],
        ignore_index=True,
    )
    result = published(suppress(frame, 5))
    assert result[("North", ALL)] == SUPPRESSED and result[("South", ALL)] == SUPPRESSED
    assert result[(ALL, ALL)] == 13


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "unit"),
    [
        ("14.3% (n=3)", 14.3, float("nan"), float("nan"), "percent"),
        ("14.3% (3/21)", 14.3, float("nan"), float("nan"), "percent"),
        ("3-6", float("nan"), 3.0, 6.0, "count"),
    ],
)
def test_a_small_count_is_recognised_however_it_is_written(text, value, low, high, unit):
    frame = observations_frame(
        [
            {
                "kpi_id": "R",
                "period": "2025-01-01",
                "value": value,
                "value_low": low,
                "value_high": high,
                "value_text": text,
                "unit": unit,
            }
        ]
    )
    result = suppress(frame, 5)
    assert is_suppressed(result).all()
    assert result[["value", "value_low", "value_high"]].isna().all(axis=None)


def test_a_pod_present_for_one_kpi_does_not_stop_another_s():
    frame = pd.concat(
        [
            table({(ALL, "Early years"): 6, (ALL, "Primary"): 7}),
            table({(ALL, "Early Years & Primary"): 20}).assign(kpi_id="OTHER"),
        ],
        ignore_index=True,
    )
    pods = with_pod_rows(frame, PODS)
    rows = pods[(pods["phase"] == "Early Years & Primary") & (pods["kpi_id"] == "REQ")]
    assert rows["value"].tolist() == [13]


def audited_every_round(cells: dict, threshold: int, pods: dict) -> set:
    """Secondary suppression done the long way, as a reference: every round, every hidden
    figure's smallest and largest whole-number value under the table's sums (an equation
    where the true figures add up, total >= parts where they fall short, nothing where the
    parts exceed the total), then a partner for the first pinned figure that has one."""
    from send_core.suppression import _partner, _Table, table_sums

    sums = table_sums(cells, pods) if len(cells) > 1 else []
    table = _Table(cells, sums)
    hidden = {p for p, count in cells.items() if 1 <= count < threshold}

    def range_of(position, hidden):
        unknown = sorted(hidden | {p for total, parts in sums for p in (total, *parts) if p not in cells})
        rows, lows, highs = [], [], []
        for total, parts, row, known in equation_rows(sums, unknown, cells):
            gap = cells[total] - sum(cells[p] for p in parts) if all(p in cells for p in (total, *parts)) else 0
            if gap < 0:
                continue
            rows.append(row)
            lows.append(-known)
            highs.append(-known if gap == 0 else np.inf)
        if not rows:
            return None
        constraint = LinearConstraint(np.array(rows), lows, highs)
        bounds = Bounds([1.0 if p in hidden else 0.0 for p in unknown], np.inf)
        objective = np.zeros(len(unknown))
        objective[unknown.index(position)] = 1.0
        found = [milp(sign * objective, constraints=constraint, bounds=bounds, integrality=1) for sign in (1, -1)]
        return None if any(f.status != 0 for f in found) else (round(found[0].fun), round(-found[1].fun))

    while hidden:
        pinned = [p for p in sorted(hidden) if (r := range_of(p, hidden)) is not None and r[0] == r[1]]
        partner = next((q for q in (_partner(table, p, hidden) for p in pinned) if q is not None), None)
        if partner is None:
            break
        hidden.add(partner)
    return hidden


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(breakdowns(), st.booleans())
def test_auditing_only_what_a_partner_can_change_hides_what_auditing_everything_hides(case, with_pods):
    # The app audits, each round, only the figures pinned the round before and the new
    # partner, and skips a figure two solutions already give different values: it must hide
    # exactly what the long way hides.
    from send_core.suppression import _Table, hidden_positions, table_sums

    truth, threshold = case
    pods = {"Early Years & Primary": ("Early years", "Primary")} if with_pods else {}
    cells = dict(truth)
    table_of_sums = _Table(cells, table_sums(cells, pods) if len(cells) > 1 else [])
    assert hidden_positions(table_of_sums, threshold) == audited_every_round(cells, threshold, pods)
