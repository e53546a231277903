"""Per-KPI summaries: latest value, change, target in force, RAG and comparators."""

import math

import pandas as pd
import pytest

from send_core.model import kpi_catalogue, observations_frame
from send_core.rag import NO_DATA, RatingPolicy
from send_core.reading import read_scorecard
from send_core.summary import kpi_summary
from tests.conftest import SAMPLE


def summary_of(rows):
    observations = observations_frame(rows)
    return kpi_summary(observations, kpi_catalogue(observations), policy=RatingPolicy()).set_index("kpi_id")


def test_latest_change_and_milestone_target():
    rows = [
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "period": "2022-05-01",
            "value": 65,
            "unit": "percent",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "period": "2022-11-01",
            "value": 65,
            "unit": "percent",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "period": "2023-05-01",
            "value": 68,
            "unit": "percent",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "measure": "target",
            "period": "2022-11-01",
            "value": 70,
            "value_text": "70%",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "measure": "target",
            "period": "2023-05-01",
            "value": 80,
            "value_text": "80%",
        },
        {
            "kpi_id": "T",
            "kpi_name": "% EHCPs issued within 20 weeks",
            "measure": "target",
            "period": "2023-11-01",
            "value": 90,
            "value_text": "90%",
        },
    ]
    row = summary_of(rows).loc["T"]
    assert row["latest_value"] == 68 and row["change"] == 3
    assert row["target_text"] == "80%"  # the May 2023 milestone, not the later one
    assert row["rag"] == "Red"  # 12 points short
    assert row["latest_text"] == "68%"


def test_a_cumulative_kpi_does_not_fall_at_the_january_reset():
    rows = [
        {
            "kpi_id": "M",
            "kpi_name": "Total number of mediations (cumulative figure calendar year)",
            "period": "2024-12-01",
            "value": 435,
        },
        {
            "kpi_id": "M",
            "kpi_name": "Total number of mediations (cumulative figure calendar year)",
            "period": "2025-01-01",
            "value": 42,
        },
    ]
    assert math.isnan(summary_of(rows).loc["M", "change"])


def test_comparators_on_the_bcp_sample():
    read = read_scorecard(SAMPLE / "bcp_send_scorecard_jan25.xlsx")
    summary = kpi_summary(read.observations, kpi_catalogue(read.observations), policy=RatingPolicy()).set_index(
        "kpi_name"
    )
    eotas = summary.loc["% of EHCPs in Other - arrangements by LA (EOTAS S61 & S19) (as main provision listed)"]
    # Seed 001: EOTAS 6.2% in Jan 25 against England 1.5%, neighbours 2.2%, South West 2.3%.
    assert (eotas["latest_value"], eotas["england"], eotas["statistical_neighbours"], eotas["region"]) == (
        6.2,
        1.5,
        2.2,
        2.3,
    )
    neet = summary.loc["% of EHCP young people NEET (16-25yrs)"]
    assert neet["latest_value"] == 12.5 and neet["latest_period"] == pd.Timestamp("2024-12-01")
    special = summary.loc["% of EHCPs in Special: Independent & Non-Maintained"]
    # 11.5% against a 5.0% target, lower is better (inferred): more than 5 points over.
    # The file writes "5.0%"; the app writes it as it writes every percentage, "5%".
    assert special["target_text"] == "5%" and special["rag"] == "Red"


def test_no_data_and_no_target():
    rows = [
        {"kpi_id": "A", "kpi_name": "No. of EHCPs", "period": "2024-01-01", "value": 10},
        {"kpi_id": "B", "kpi_name": "% of places", "period": "2024-01-01", "value_text": "requested"},
        {"kpi_id": "B", "kpi_name": "% of places", "measure": "target", "value": 50},
    ]
    summary = summary_of(rows)
    assert summary.loc["A", "rag"] == "No target"
    assert summary.loc["B", "rag"] == "No data"
    assert summary.loc["B", "latest_text"] == "no data"


def test_a_figure_hidden_for_the_public_is_the_latest_and_says_c():
    # Appeals, as the public site hides them: 5 in March shown, June's small count hidden
    # ("c", value missing). The tile said "Latest: 5" as if March were the latest; another
    # KPI with every figure hidden said "no data".
    rows = [
        {"kpi_id": "A", "kpi_name": "No. of appeals", "period": "2023-03-01", "value": 5},
        {"kpi_id": "A", "kpi_name": "No. of appeals", "period": "2023-06-01", "value_text": "c"},
        {"kpi_id": "A", "kpi_name": "No. of appeals", "measure": "target", "value": 4},
        {"kpi_id": "B", "kpi_name": "No. of tribunals", "period": "2023-06-01", "value_text": "c"},
        # Text that is not the symbol is still no figure.
        {"kpi_id": "C", "kpi_name": "No. of reviews", "period": "2023-06-01", "value_text": "requested"},
    ]
    summary = summary_of(rows)
    assert summary.loc["A", "latest_period"] == pd.Timestamp("2023-06-01")
    assert summary.loc["A", "latest_text"] == "c"
    # A hidden count is never rated: Green or Red against a target of 4 would tell it.
    assert summary.loc["A", "rag"] == "Hidden"
    assert math.isnan(summary.loc["A", "change"])
    assert (summary.loc["B", "latest_text"], summary.loc["B", "rag"]) == ("c", "Hidden")
    assert summary.loc["C", "latest_text"] == "no data"


@pytest.mark.parametrize("count", [0, 1])
def test_short_series(count):
    rows = [{"kpi_id": "A", "kpi_name": "No. of EHCPs", "period": "2024-01-01", "value": 10}][:count]
    rows.append({"kpi_id": "A", "kpi_name": "No. of EHCPs", "measure": "target", "value": 12})
    summary = summary_of(rows)
    assert summary.loc["A", "points"] == count


# Six BCP KPIs from seed 001 (Dec 23 to Jan 25), with their XmR limits worked out by hand:
# mean = sum / n; mR = mean of |x(t) - x(t-1)|; limits = mean +/- 2.66 mR; two-sigma +/- 1.773 mR.
SEED_SERIES = {
    # 14 points, mean 47.586, mR 0.585, upper limit 49.141: Jan 25 (49.2) is above it.
    "% of EHCPs in Mainstream": (
        [47.0, 46.5, 46.1, 46.6, 46.0, 46.4, 47.0, 47.0, 49.0, 48.0, 48.8, 49.2, 49.4, 49.2],
        47.586,
        49.141,
        "improvement_high",
    ),
    # mean 5.079, mR 0.569, limits 3.564 and 6.593, two-sigma 6.088: only Jan (6.2) is beyond it;
    # five months above the mean (not seven); 5.6, 5.6 ties break the rise: common cause.
    "% of EHCPs in Other - arrangements by LA (EOTAS S61 & S19) (as main provision listed)": (
        [4.2, 4.5, 4.8, 4.4, 6.0, 5.3, 5.6, 4.0, 4.3, 5.2, 5.4, 5.6, 5.6, 6.2],
        5.079,
        6.593,
        "common_cause",
    ),
    # mean 13.714, mR 5.077, upper limit 27.219 (24 in Oct is inside): common cause.
    "No. of complaints": ([13, 5, 8, 16, 15, 18, 17, 16, 6, 12, 24, 17, 12, 13], 13.714, 27.219, "common_cause"),
    # 13 points to Dec 24, mean 20.215, mR 3.25, lower two-sigma 14.453: Oct, Nov and Dec
    # (13.9, 12.5, 12.5) are all below it, so two of three: lower NEET is better: improvement.
    "% of EHCP young people NEET (16-25yrs)": (
        [32.9, 26.8, 25.2, 25.3, 24.8, 19.3, 19.5, 24.0, 10.8, 15.3, 13.9, 12.5, 12.5],
        20.215,
        28.86,
        "improvement_low",
    ),
    # mean 4129.6, mR 83.3, upper limit 4351.2: 4453 is above it; no good direction: neutral.
    "No. of EHCPs": (
        [3736, 3791, 3877, 3949, 4016, 4096, 4223, 4321, 4138, 4190, 4264, 4343, 4417, 4453],
        4129.571,
        4351.17,
        "neutral_high",
    ),
    # mean 7342.4, mR 61.5, lower limit 7178.9: 7162 is below it.
    "No. of SEN Support": (
        [7143, 7359, 7359, 7359, 7359, 7359, 7552, 7552, 7552, 7552, 7162, 7162, 7162, 7162],
        7342.429,
        7505.916,
        "neutral_low",
    ),
}


@pytest.mark.parametrize("name", list(SEED_SERIES))
def test_spc_icons_on_the_bcp_sample_match_the_hand_calculation(name):
    from send_core.spc import xmr

    values, mean, upper, variation = SEED_SERIES[name]
    read = read_scorecard(SAMPLE / "bcp_send_scorecard_jan25.xlsx")
    observations = read.observations
    catalogue = kpi_catalogue(observations)
    rows = observations[
        (observations["kpi_name"] == name) & (observations["measure"] == "actual") & (observations["phase"] == "All")
    ]
    assert list(rows.dropna(subset=["value"]).sort_values("period")["value"]) == values
    kpi = catalogue[catalogue["kpi_name"] == name].iloc[0]
    result = xmr(values, improvement=kpi.good_direction if kpi.good_direction != "none" else None)
    assert result.points["mean"].iloc[0] == pytest.approx(mean, abs=1e-3)
    assert result.points["upper"].iloc[0] == pytest.approx(upper, abs=1e-2)
    assert result.variation == variation
    from send_core.summary import spc_table

    table = spc_table(observations, catalogue)
    # SEN Support is carried forward from term to term: 10 of its 13 pairs of months are equal,
    # so the app does not test it (its tiny moving ranges would mark nearly every point).
    expected = "repeated_figures" if name == "No. of SEN Support" else variation
    assert table.set_index("kpi_id").loc[kpi.kpi_id, "variation"] == expected


def test_cumulative_kpis_get_no_spc():
    from send_core.summary import spc_table

    read = read_scorecard(SAMPLE / "bcp_send_scorecard_jan25.xlsx")
    catalogue = kpi_catalogue(read.observations)
    table = spc_table(read.observations, catalogue).set_index("kpi_id")
    mediations = catalogue[catalogue["kpi_name"].str.startswith("Total number of mediations (cumulative")].iloc[0]
    assert pd.isna(table.loc[mediations.kpi_id, "variation"])
    assert "not suitable for SPC" in table.loc[mediations.kpi_id, "spc_note"]


def test_the_exceptions_list_names_what_a_reader_of_the_seed_would_pick_out():
    from send_core.summary import exceptions, spc_table

    read = read_scorecard(SAMPLE / "bcp_send_scorecard_jan25.xlsx")
    catalogue = kpi_catalogue(read.observations)
    summary = kpi_summary(read.observations, catalogue, policy=RatingPolicy())
    flagged = exceptions(summary, spc_table(read.observations, catalogue, summary)).set_index("kpi_name")["reasons"]
    # Seed 001: EOTAS 6.2% against England 1.5%, neighbours 2.2%, South West 2.3% (lower is better).
    assert (
        "Worse than every comparator"
        in flagged["% of EHCPs in Other - arrangements by LA (EOTAS S61 & S19) (as main provision listed)"]
    )
    # NEET 12.5% against 2.9%, 1.9%, 2.7%; and no January figure though the scorecard runs to Jan 25.
    assert "Worse than every comparator" in flagged["% of EHCP young people NEET (16-25yrs)"]
    assert "Not updated for the latest period" in flagged["% of EHCP young people NEET (16-25yrs)"]
    # Independent and non-maintained special: 11.5% against a 5.0% target and all comparators.
    assert "Off target" in flagged["% of EHCPs in Special: Independent & Non-Maintained"]
    # Mainstream 49.2% is above all comparators, which is good: not an exception.
    assert "% of EHCPs in Mainstream" not in flagged.index


def test_spc_with_no_whole_area_actuals_is_empty_not_an_error():
    from send_core.summary import spc_table

    rows = [
        {"kpi_id": "K", "kpi_name": "% in 20 weeks", "measure": "baseline", "period": "2021-05-01", "value": 40},
        {"kpi_id": "K", "kpi_name": "% in 20 weeks", "measure": "target", "period": "2021-11-01", "value": 50},
        {"kpi_id": "L", "kpi_name": "Requests", "period": "2024-01-01", "value": 5, "locality": "North"},
    ]
    observations = observations_frame(rows)
    catalogue = kpi_catalogue(observations)
    summary = kpi_summary(observations, catalogue, policy=RatingPolicy())
    assert spc_table(observations[observations["locality"] == "All"], catalogue, summary).empty


def test_flagged_kpis_come_first_in_the_order_of_the_exceptions():
    from send_core.summary import flagged_first

    summary = pd.DataFrame({"kpi_id": ["a", "b", "c", "d"]})
    flagged = pd.DataFrame({"kpi_id": ["c", "a"]})
    assert flagged_first(summary, flagged)["kpi_id"].tolist() == ["c", "a", "b", "d"]
    assert flagged_first(summary, flagged.iloc[0:0])["kpi_id"].tolist() == ["a", "b", "c", "d"]


def test_a_recalculation_month_gives_the_kpi_new_limits():
    from send_core.model import observations_frame
    from send_core.summary import spc_table

    # Ten months alternating 10 and 12, then ten alternating 20 and 22 (up is good). On one set
    # of limits (mean 16) the last ten are a shift above the mean: improvement. Recalculated
    # from the eleventh month, that section's mean is 21 and its points alternate either side
    # of it: nothing special.
    months = pd.date_range("2023-01-01", periods=20, freq="MS")
    values = [10, 12] * 5 + [20, 22] * 5
    observations = observations_frame(
        [
            {"kpi_id": "K", "kpi_name": "Plans on time", "measure": "actual", "period": m, "value": v, "unit": "count"}
            for m, v in zip(months, values, strict=True)
        ]
    )
    catalogue = kpi_catalogue(observations).assign(good_direction="up")
    plain = spc_table(observations, catalogue).set_index("kpi_id")
    assert plain.at["K", "variation"] == "improvement_high"
    recalculated = spc_table(observations, catalogue, recalculations={"K": [months[10]]}).set_index("kpi_id")
    assert recalculated.at["K", "variation"] == "common_cause"


def test_no_change_is_worked_out_between_two_frequencies():
    from send_core.model import observations_frame

    base = {"kpi_id": "K", "kpi_name": "Plans", "measure": "actual", "unit": "count"}
    observations = observations_frame(
        [
            base | {"period": "2023-09-01", "frequency": "academic_year", "value": 100},
            base | {"period": "2024-01-01", "frequency": "month", "value": 40},  # a month's figure after the year's
        ]
    )
    summary = kpi_summary(observations, kpi_catalogue(observations), policy=RatingPolicy())
    assert summary["latest_value"].iloc[0] == 40 and pd.isna(summary["change"].iloc[0])


def test_spc_uses_only_the_values_of_the_kpis_commonest_frequency_as_its_chart_does():
    from send_core.summary import spc_table

    # Fifteen academic years steady around 50 (alternating 49 and 51), then three monthly plan
    # figures of 90. Counted together the last points would be special causes; the yearly
    # series alone (15 points, the chart's) is common cause.
    base = {"kpi_id": "K", "kpi_name": "Plans", "measure": "actual", "unit": "count"}
    yearly = [
        base | {"period": f"{2005 + i}-09-01", "frequency": "academic_year", "value": 49 + 2 * (i % 2)}
        for i in range(15)
    ]
    monthly = [base | {"period": f"2020-0{m}-01", "frequency": "month", "value": 90} for m in (1, 2, 3)]
    observations = observations_frame(yearly + monthly)
    table = spc_table(observations, kpi_catalogue(observations).assign(good_direction="up")).set_index("kpi_id")
    assert table.at["K", "spc_points"] == 15
    assert table.at["K", "variation"] == "common_cause"


def test_overview_tiles_put_flagged_kpis_first_with_their_words():
    from send_core.summary import all_kpis_table, exceptions, overview_tiles, spc_table

    read = read_scorecard(SAMPLE / "bcp_send_scorecard_jan25.xlsx")
    catalogue = kpi_catalogue(read.observations)
    summary = kpi_summary(read.observations, catalogue, policy=RatingPolicy())
    spc = spc_table(read.observations, catalogue, summary)
    flagged = exceptions(summary, spc)
    tiles = overview_tiles(summary, spc, flagged, 4)
    assert [tile.kpi_name for tile in tiles] == list(flagged["kpi_name"].head(4))
    special = next(
        t for t in overview_tiles(summary, spc, flagged, len(summary)) if t.kpi_name.startswith("% of EHCPs in Special")
    )
    # BCP, seed 001: 11.5% in Jan 25, up from 11.2% in Dec 24; lower is better, so up shows red.
    assert (special.latest_label, special.latest_text, special.change) == (
        "Latest (Jan 2025)",
        "11.5%",
        "+0.3 points since the month before",
    )
    assert special.change_colour == "inverse" and special.rag == "Red" and special.target_text == "5%"
    table = all_kpis_table(summary, spc)
    assert len(table) == len(summary) and {"variation_text", "assurance_text"} <= set(table.columns)
    assert table["variation_text"].str.len().gt(0).all()


def test_with_a_locality_chosen_its_kpis_come_first_and_say_how_they_compare_with_the_area():
    from send_core.filters import Filters, apply_filters
    from send_core.model import observations_frame
    from send_core.summary import exceptions, overview_tiles, spc_table

    rows = []
    for month, north, area in (("2024-01-01", 38.0, 36.0), ("2024-02-01", 41.0, 38.0)):
        common = {"kpi_name": "Plans in 20 weeks", "period": month, "unit": "percent"}
        rows += [
            {**common, "kpi_id": "P", "value": north, "value_text": f"{north:g}%", "locality": "North"},
            {**common, "kpi_id": "P", "value": area, "value_text": f"{area:g}%", "locality": "All"},
        ]
    rows += [
        {"kpi_id": "W", "kpi_name": "Waiting", "period": "2024-02-01", "value": 12, "unit": "count"},
        {"kpi_id": "Q", "kpi_name": "Quarterly", "period": "2024-01-01", "value": 5, "unit": "count"},
        {
            "kpi_id": "Q",
            "kpi_name": "Quarterly",
            "period": "2024-01-01",
            "value": 2,
            "unit": "count",
            "locality": "North",
        },
        {"kpi_id": "Q", "kpi_name": "Quarterly", "period": "2024-02-01", "value": 6, "unit": "count"},
    ]
    observations = observations_frame(rows)
    catalogue = kpi_catalogue(observations)

    def status(filters):
        view = apply_filters(observations, catalogue, filters)
        summary = kpi_summary(view, catalogue, policy=RatingPolicy())
        spc = spc_table(view, catalogue, summary)
        return summary, spc, exceptions(summary, spc)

    area = status(Filters())[0]
    summary, spc, flagged = status(Filters(locality="North"))
    tiles = overview_tiles(summary, spc, flagged.iloc[0:0], 3, area=area, slice_name="North", locality="North")
    # The KPIs North has figures for first (P, Q), the whole-area fall-back (W) last.
    assert [tile.kpi_name for tile in tiles] == ["Plans in 20 weeks", "Quarterly", "Waiting"]
    assert tiles[0].comparison == "North: 41%, whole area: 38%"
    # North's latest quarter is January, the area's February: the area's period is said.
    assert tiles[1].comparison == "North: 2, whole area: 6 (Feb 2024)"
    assert tiles[2].comparison == "" and tiles[2].breakdown_note == "No locality breakdown: whole-area figure"
    # Nothing chosen: no comparisons, and the order is the summary's own.
    plain = overview_tiles(*status(Filters())[:2], flagged.iloc[0:0], 3)
    assert [tile.comparison for tile in plain] == ["", "", ""]


def test_spc_judges_the_chosen_locality_s_own_series():
    from send_core.model import observations_frame
    from send_core.summary import one_series_each

    rows = [
        {"kpi_id": "A", "kpi_name": "A", "period": f"2024-{m:02d}-01", "value": m, "locality": locality}
        for m in (1, 2)
        for locality in ("All", "North")
    ] + [{"kpi_id": "B", "kpi_name": "B", "period": "2024-01-01", "value": 3, "locality": "North"}]
    frame = observations_frame(rows)
    # A comes in two localities: only its whole-area rows; B only in North: North's.
    kept = one_series_each(frame)
    assert kept[["kpi_id", "locality"]].values.tolist() == [["A", "All"], ["A", "All"], ["B", "North"]]


def test_a_target_written_n_a_sets_no_target():
    from send_core.model import observations_frame

    # Birmingham's plan, GBR8.b: milestone targets "n/a" beside actuals (seed 003).
    frame = observations_frame(
        [
            {"kpi_id": "W", "kpi_name": "Waiting", "period": "2023-05-01", "value": 344, "unit": "count"},
            {"kpi_id": "W", "kpi_name": "Waiting", "measure": "target", "period": "2023-05-01", "value_text": "n/a"},
        ]
    )
    row = kpi_summary(frame, kpi_catalogue(frame), policy=RatingPolicy()).iloc[0]
    assert row["target_text"] == "" and row["rag"] == "No target"


@pytest.mark.parametrize(("direction", "target"), [("up", 45), ("down", 45)])
def test_limits_left_behind_by_a_change_give_no_pass_or_fail(direction, target):
    from send_core.spc import LIMITS_OUT_OF_DATE
    from send_core.summary import exceptions, spc_table

    # Thirteen months of 20 and 21 in turn, then seven of 60 and 61. Over all twenty: mean
    # (7 x 20 + 6 x 21 + 4 x 60 + 3 x 61) / 20 = 689 / 20 = 34.45; moving ranges 18 of 1 and
    # one of 40, mean 58 / 19 = 3.0526; limits 34.45 -/+ 2.66 x 3.0526 = 26.33 and 42.57. The
    # last point, 60, is far above the upper limit: better beyond chance when up is good, worse
    # when down is. Those limits would say "will always miss" a target of 45 when up is good
    # (45 is above 42.57) and "will always meet" it when down is: both wrong beside a latest
    # figure of 60, whose limits are out of date. (Not 20 and 60 throughout: a series that
    # mostly repeats itself is not tested.)
    months = pd.date_range("2023-01-01", periods=20, freq="MS")
    values = [20, 21] * 6 + [20] + [60, 61] * 3 + [60]
    rows = [
        {"kpi_id": "K", "kpi_name": "Plans on time", "measure": "actual", "period": m, "value": v, "unit": "count"}
        for m, v in zip(months, values, strict=True)
    ]
    rows.append({"kpi_id": "K", "kpi_name": "Plans on time", "measure": "target", "value": target, "unit": "count"})
    observations = observations_frame(rows)
    catalogue = kpi_catalogue(observations).assign(good_direction=direction)
    summary = kpi_summary(observations, catalogue, policy=RatingPolicy())
    spc = spc_table(observations, catalogue, summary).set_index("kpi_id")
    assert spc.at["K", "variation"] == ("improvement_high" if direction == "up" else "concern_high")
    assert spc.at["K", "assurance"] == LIMITS_OUT_OF_DATE
    reasons = exceptions(summary, spc.reset_index()).set_index("kpi_id")["reasons"]
    assert "Will keep missing its target" not in reasons.get("K", "")


def test_a_locality_without_a_target_of_its_own_is_held_to_the_whole_area_s():
    from send_core.maps import locality_values
    from send_core.rag import GREEN, NO_TARGET, RED
    from send_core.summary import locality_ratings

    # Complaints (lower is better) in November 2021: the whole area's target is 100; East has
    # its own, 140. North's 130 is 30 over the area's target, past the default amber band (10%
    # of 100 = 10): Red. South's 95 is under it: Green. East's 130 is under its own 140: Green.
    base = {"kpi_id": "K", "kpi_name": "Number of complaints", "period": "2021-11-01", "unit": "count"}
    rows = [
        base | {"measure": "target", "value": 100},
        base | {"measure": "actual", "value": 130, "locality": "North"},
        base | {"measure": "actual", "value": 95, "locality": "South"},
        base | {"measure": "actual", "value": 130, "locality": "East"},
        base | {"measure": "target", "value": 140, "locality": "East"},
    ]
    observations = observations_frame(rows)
    values = locality_values(observations, "K")
    ratings = locality_ratings(values, observations, "K", "down", "count", RatingPolicy())
    assert ratings == {"North": RED, "South": GREEN, "East": GREEN}
    # With no target anywhere, no rating.
    untargeted = observations[observations["measure"] == "actual"]
    assert set(locality_ratings(values, untargeted, "K", "down", "count", RatingPolicy()).values()) == {NO_TARGET}


def test_a_tile_says_whose_target_stands_in_for_the_chosen_locality():
    from send_core.filters import Filters, apply_filters

    rows = [
        {"kpi_id": "REQ", "kpi_name": "Requests", "period": "2024-01-01", "value": 40, "locality": "North"},
        {"kpi_id": "REQ", "kpi_name": "Requests", "period": "2024-01-01", "value": 100},
        {"kpi_id": "REQ", "kpi_name": "Requests", "measure": "target", "period": "2024-01-01", "value": 90},
        {"kpi_id": "WAIT", "kpi_name": "Weeks waiting", "period": "2024-01-01", "value": 12, "locality": "North"},
        # North's own target: nothing to say about whose it is.
        {"kpi_id": "WAIT", "kpi_name": "Weeks waiting", "measure": "target", "period": "2024-01-01", "value": 10}
        | {"locality": "North"},
    ]
    observations = observations_frame([{**row, "value_text": str(row["value"])} for row in rows])
    catalogue = kpi_catalogue(observations)
    north = apply_filters(observations, catalogue, Filters(locality="North"))
    targets = kpi_summary(north, catalogue, policy=RatingPolicy()).set_index("kpi_id")["target_text"]
    assert targets.to_dict() == {"REQ": "90 (whole area)", "WAIT": "10"}
    # The whole area's own view names no owner: the target is its own.
    area = apply_filters(observations, catalogue, Filters())
    assert kpi_summary(area, catalogue, policy=RatingPolicy()).set_index("kpi_id").loc["REQ", "target_text"] == "90"


def test_a_kpi_with_no_figures_is_counted_as_no_figures_yet_target_or_not():
    # Two KPIs with only a marker ("n/a") for their one month, one with a target of 80%: both
    # have no figure, so both are "No figures yet" (the table says "no data" for both).
    rows = [
        {"kpi_id": "A", "kpi_name": "% with a target", "measure": "actual", "period": "2024-01-01", "value_text": "n/a"},
        {"kpi_id": "A", "kpi_name": "% with a target", "measure": "target", "value": 80.0, "value_text": "80%"},
        {"kpi_id": "B", "kpi_name": "% with none", "measure": "actual", "period": "2024-01-01", "value_text": "n/a"},
    ]  # fmt: skip
    observations = observations_frame(rows)
    summary = kpi_summary(observations, kpi_catalogue(observations), policy=RatingPolicy()).set_index("kpi_id")
    assert summary.loc[["A", "B"], "rag"].tolist() == [NO_DATA, NO_DATA]
    assert summary.loc[["A", "B"], "latest_text"].tolist() == ["no data", "no data"]


def wait_tiles(values):
    from send_core.summary import exceptions, overview_tiles, spc_table
    from tests.conftest import monthly_actuals

    observations = monthly_actuals(values, start="2023-01-01", kpi_id="W", kpi_name="Longest wait for OT", unit="weeks")
    catalogue = kpi_catalogue(observations).assign(good_direction="down")
    summary = kpi_summary(observations, catalogue, policy=RatingPolicy())
    spc = spc_table(observations, catalogue, summary)
    (tile,) = overview_tiles(summary, spc, exceptions(summary, spc), 1)
    return tile


def test_a_tile_says_when_its_latest_figure_went_against_the_change_over_recent_months():
    # Eight months of 20 and 21 weeks, then 10, 11, 10, 11, 10, 9 and 11: the mean is
    # (164 + 72) / 15 = 15.7 and the last seven sit below it, a shift to lower waits (better),
    # while the last step is up two weeks. "+2 weeks" beside "Getting better" and a falling
    # arrow read as a contradiction (a reviewer: "Longest wait for OT ... +0.5 weeks ...
    # Getting better: not chance").
    tile = wait_tiles([20, 21] * 4 + [10, 11, 10, 11, 10, 9, 11])
    assert tile.variation == "improvement_low"
    assert tile.change == "+2 weeks since the month before"
    assert tile.variation_note == "Getting better over recent months; the latest figure went the other way."
    # A last step the same way as the change: nothing to add.
    assert wait_tiles([20, 21] * 4 + [10, 11, 10, 11, 10, 12, 11]).variation_note == ""
