"""Global filters: slices, fallbacks to whole-area figures, and URL round trips."""

import pandas as pd
import pytest

from send_core.filters import (
    Filters,
    apply_filters,
    as_read,
    filter_options,
    filters_from_query,
    filters_label,
    filters_to_query,
    first_kpi_with_figures,
    sanitise,
)
from send_core.model import kpi_catalogue, observations_frame


@pytest.fixture
def data():
    rows = []
    for month in ("2024-01-01", "2024-02-01"):
        rows.append(
            {"kpi_id": "REQ", "kpi_name": "Requests", "period": month, "value": 100, "locality": "All", "phase": "All"}
        )
        for locality, value in (("North", 40), ("South", 60)):
            rows.append(
                {
                    "kpi_id": "REQ",
                    "kpi_name": "Requests",
                    "period": month,
                    "value": value,
                    "locality": locality,
                    "phase": "All",
                }
            )
        rows.append(
            {
                "kpi_id": "REQ",
                "kpi_name": "Requests",
                "period": month,
                "value": 70,
                "locality": "All",
                "phase": "Primary",
            }
        )
        rows.append(
            {
                "kpi_id": "EHCP",
                "kpi_name": "No. of EHCPs",
                "period": month,
                "value": 4000,
                "locality": "All",
                "phase": "All",
            }
        )
    rows.append({"kpi_id": "EHCP", "kpi_name": "No. of EHCPs", "measure": "target", "value": 4200})
    observations = observations_frame(rows)
    plan = pd.DataFrame(
        [
            {
                "kpi_id": "REQ",
                "kpi_name": "Requests",
                "objective": "GBR",
                "unit": "count",
                "good_direction": "",
                "cumulative": False,
                "public": True,
            }
        ]
    )
    return observations, kpi_catalogue(observations, plan)


def test_no_filters_shows_whole_area_rows(data):
    observations, catalogue = data
    view = apply_filters(observations, catalogue, Filters())
    assert set(view["locality"]) == {"All"} and set(view["phase"]) == {"All"}
    assert len(view) == 5  # 2 months x 2 KPIs + the undated target


def test_a_locality_keeps_its_rows_and_labels_the_fallback(data):
    observations, catalogue = data
    view = apply_filters(observations, catalogue, Filters(locality="North"))
    requests = view[view["kpi_id"] == "REQ"]
    assert list(requests["value"]) == [40, 40]
    ehcps = view[view["kpi_id"] == "EHCP"]
    assert set(ehcps["locality"]) == {"All"}
    assert set(ehcps["breakdown_note"]) == {"No locality breakdown: whole-area figure"}


def test_phase_and_objective_and_period(data):
    observations, catalogue = data
    view = apply_filters(
        observations, catalogue, Filters(objective="GBR", phase="Primary", period_start=pd.Timestamp("2024-02-01"))
    )
    assert set(view["kpi_id"]) == {"REQ"}
    assert list(view["value"]) == [70]


def test_undated_rows_survive_a_period_range(data):
    observations, catalogue = data
    view = apply_filters(observations, catalogue, Filters(period_end=pd.Timestamp("2024-01-01")))
    assert "target" in set(view["measure"])


def test_options_come_from_the_data(data):
    observations, catalogue = data
    options = filter_options(observations, catalogue, {"GBR": "Getting the basics right"})
    assert options.localities == ("All", "North", "South")
    assert options.phases == ("All", "Primary")
    assert options.objectives == (("All", "All objectives"), ("GBR", "Getting the basics right"))


def test_unknown_values_from_an_old_link_are_dropped(data):
    observations, catalogue = data
    options = filter_options(observations, catalogue)
    cleaned = sanitise(Filters(locality="Narnia", phase="Primary", period_start=pd.Timestamp("1990-01-01")), options)
    assert cleaned == Filters(phase="Primary")


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(objective="GBR"),
        Filters(locality="North", phase="Post-16"),
        Filters(period_start=pd.Timestamp("2024-01-01"), period_end=pd.Timestamp("2024-06-01")),
    ],
)
def test_filters_round_trip_through_the_url(filters):
    assert filters_from_query(filters_to_query(filters)) == filters


def test_query_strings_look_readable():
    query = filters_to_query(Filters(locality="North", period_start=pd.Timestamp("2024-01-01")))
    assert query == {"locality": "North", "from": "2024-01"}


def test_every_locality_keeps_the_breakdown_for_maps(data):
    observations, catalogue = data
    view = apply_filters(observations, catalogue, Filters(), every_locality=True)
    requests = view[(view["kpi_id"] == "REQ") & (view["period"] == pd.Timestamp("2024-01-01"))]
    assert dict(zip(requests["locality"], requests["value"], strict=True)) == {"All": 100, "North": 40, "South": 60}


def test_periods_are_offered_as_they_are_written():
    from send_core.filters import filter_options
    from send_core.model import kpi_catalogue, observations_frame

    observations = observations_frame(
        [
            {"kpi_id": "A", "measure": "actual", "period": "2024-09-01", "frequency": "academic_year", "value": 1},
            {"kpi_id": "B", "measure": "actual", "period": "2025-01-01", "value": 2},
        ]
    )
    options = filter_options(observations, kpi_catalogue(observations))
    assert list(options.period_labels.values()) == ["2024/25", "Jan 2025"]


AREA_TARGET = {"kpi_id": "REQ", "kpi_name": "Requests", "measure": "target", "period": "2024-01-01", "value": 90}


def with_requests_targets(observations: pd.DataFrame, *others: dict) -> pd.DataFrame:
    """The fixture's rows with a whole-area target of 90 for REQ, and ``others`` (changes to it)."""
    targets = [AREA_TARGET, *({**AREA_TARGET, **other} for other in others)]
    return pd.concat([observations, observations_frame(targets)], ignore_index=True)


def test_a_whole_area_target_holds_for_a_locality_without_its_own(data):
    observations, catalogue = data
    with_targets = with_requests_targets(observations, {"locality": "South", "value": 55})
    north = apply_filters(with_targets, catalogue, Filters(locality="North"))
    # North has no target of its own: the area's 90 is North's, labelled North.
    assert north.loc[
        (north["kpi_id"] == "REQ") & (north["measure"] == "target"), ["locality", "value"]
    ].values.tolist() == [["North", 90]]
    south = apply_filters(with_targets, catalogue, Filters(locality="South"))
    assert south.loc[(south["kpi_id"] == "REQ") & (south["measure"] == "target"), "value"].tolist() == [55]
    assert len(observations) == 11  # the caller's frame is untouched


def test_a_shared_target_keeps_what_it_was_read_as_and_downloads_give_it_back(data):
    observations, catalogue = data
    with_targets = with_requests_targets(observations, {"phase": "Primary", "value": 70})
    view = apply_filters(with_targets, catalogue, Filters(locality="North"))
    targets = view[(view["kpi_id"] == "REQ") & (view["measure"] == "target")]
    # Only the whole area's 90 stands in for North (the Primary target is a phase's, not the
    # whole area's, and North is shown for every phase together).
    assert targets[["locality", "target_locality", "target_phase", "value"]].values.tolist() == [
        ["North", "All", "All", 90]
    ]
    actuals = view[view["measure"] == "actual"]
    assert set(actuals["target_locality"]) == {""}  # no other row carries the columns' values
    downloaded = as_read(view)
    assert "target_locality" not in downloaded and "breakdown_note" not in downloaded
    requests = downloaded[downloaded["kpi_id"] == "REQ"]
    assert requests.loc[requests["measure"] == "target", ["locality", "phase", "value"]].values.tolist() == [
        ["All", "All", 90]
    ]
    assert (requests.loc[requests["measure"] == "actual", "locality"] == "North").all()


def test_a_locality_s_figure_with_no_phase_breakdown_is_not_called_the_whole_area_s(data):
    observations, catalogue = data
    view = apply_filters(observations, catalogue, Filters(locality="North", phase="Primary"))
    requests = view[view["kpi_id"] == "REQ"]
    # REQ: North has 40 each month but no phases; the area has a Primary row, but not North's.
    assert list(requests["value"]) == [40, 40] and set(requests["locality"]) == {"North"}
    assert set(requests["breakdown_note"]) == {"No phase breakdown: every phase together"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ""),
        (Filters(locality="North"), "North"),
        (Filters(phase="Early Years & Primary"), "Early Years & Primary"),
        (Filters(locality="North", phase="Secondary", objective="GBR"), "North, Secondary"),
    ],
)
def test_the_slice_is_named_in_a_few_words(filters, expected):
    from send_core.filters import slice_name

    assert slice_name(filters) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), "Filters"),
        (Filters(locality="North"), "Filters: North"),
        (
            Filters(locality="North", phase="Early Years & Primary", objective="GBR"),
            "Filters: North, Early Years & Primary, objective GBR",
        ),
        (
            Filters(period_start=pd.Timestamp("2024-01-01"), period_end=pd.Timestamp("2025-01-01")),
            "Filters: Jan 2024 to Jan 2025",
        ),
        (Filters(period_start=pd.Timestamp("2024-01-01")), "Filters: Jan 2024 to the latest"),
    ],
)
def test_the_filters_button_says_what_is_chosen(filters, expected):
    assert filters_label(filters) == expected


def _rows(*rows: tuple[str, str, str | None, float | None]) -> pd.DataFrame:
    """Observations of (kpi_id, measure, period, value)."""
    return observations_frame(
        [{"kpi_id": k, "kpi_name": k, "measure": m, "period": p, "value": v} for k, m, p, v in rows]
    )


@pytest.mark.parametrize(
    ("read", "view", "expected"),
    [
        # The file's first KPI, when it has a dated figure.
        ([("a", "actual", "2025-01-01", 1.0), ("b", "actual", "2025-01-01", 2.0)], None, "a"),
        # A KPI with only a target, or a figure with no month, or no number, is passed over.
        (
            [
                ("a", "target", "2025-01-01", 5.0),
                ("b", "actual", None, 2.0),
                ("c", "actual", "2025-01-01", None),
                ("d", "actual", "2025-01-01", 4.0),
            ],
            None,
            "d",
        ),
        # The filtered view decides: a KPI the filters leave out is not charted.
        (
            [("a", "actual", "2025-01-01", 1.0), ("b", "actual", "2025-01-01", 2.0)],
            [("b", "actual", "2025-01-01", 2.0)],
            "b",
        ),
        # Nothing to chart.
        ([("a", "target", "2025-01-01", 5.0)], None, None),
    ],
)
def test_the_first_charted_kpi_is_the_file_s_first_with_a_figure(read, view, expected):
    read_frame = _rows(*read)
    view_frame = read_frame if view is None else _rows(*view)
    assert first_kpi_with_figures(read_frame, view_frame) == expected


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        (["", ""], ""),
        # The sentence names what is missing: a manager who chose North and a phase sees
        # North's own line when only the phase breakdown is missing.
        (
            ["No locality breakdown: whole-area figure", ""],
            "This KPI has no locality breakdown, so this shows the whole area's figures.",
        ),
        (
            ["No phase breakdown: every phase together"],
            "This KPI has no phase breakdown, so this shows every phase together.",
        ),
        (
            ["No phase breakdown: every phase together", "No locality breakdown: whole-area figure"],
            "This KPI has no locality or phase breakdown, so this shows the whole area's figures and every phase together.",
        ),
    ],
)
def test_a_fall_back_is_said_in_one_sentence(notes, expected):
    from send_core.filters import breakdown_sentence

    assert breakdown_sentence(notes) == expected


@pytest.mark.parametrize(
    ("locality", "phase", "notes", "expected"),
    [
        ("All", "All", [""], ""),
        ("North", "All", [""], "North"),
        ("North", "Primary", [""], "North, Primary"),
        ("North", "Primary", ["No phase breakdown: every phase together"], "North"),  # North's, every phase
        ("North", "Primary", ["No locality breakdown: whole-area figure"], ""),  # the whole area's
        ("All", "Primary", [""], "Primary"),
    ],
)
def test_whose_figures_a_kpi_shows(locality, phase, notes, expected):
    from send_core.filters import Filters, figures_for

    assert figures_for(Filters(locality=locality, phase=phase), notes) == expected
