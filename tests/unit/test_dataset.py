"""Putting files and the plan together: joins, and disagreements flagged, not merged."""

import pandas as pd

from send_core.config import load_settings
from send_core.dataset import build_dataset, link_plan_ids, load_sample_dataset
from send_core.plan import load_plan
from send_core.reading import read_scorecard
from tests.conftest import ROOT, SAMPLE

PLAN_TEXT = (SAMPLE / "birmingham_app_plan.yaml").read_text(encoding="utf-8")


def scorecard(csv_text: str):
    return read_scorecard(csv_text.encode(), filename="month.csv")


def test_the_sample_dataset_is_marked_as_sample():
    settings = load_settings(ROOT / "config" / "settings.yaml")
    dataset = load_sample_dataset(settings)
    assert dataset.is_sample and dataset.sample_name == "Birmingham"
    assert dataset.authority == "Sample data: Birmingham"
    assert dataset.plan is not None and len(dataset.reads) == 2
    # One authority's files only: Birmingham's plan KPIs, each monthly file KPI one of them.
    assert {"GBR1a", "SL2"} <= set(dataset.catalogue["kpi_id"]) and not dataset.scorecard_kpis_not_in_plan
    assert "no-of-ehcps" not in set(dataset.catalogue["kpi_id"])
    bcp = load_sample_dataset(settings, "BCP")
    assert bcp.plan is None and [read.filename for read in bcp.reads] == ["bcp_send_scorecard_jan25.xlsx"]
    assert bcp.key != dataset.key  # caches of one sample's views never serve the other's


def test_a_dataset_names_the_comparators_it_has_figures_for():
    # Region before England in the file; named in the model's order (England, neighbours, region).
    dataset = build_dataset(
        [scorecard("KPI,Jan 25,England,Region\n% EHCPs issued within 20 weeks,42%,46.4%,40%\n")], None
    )
    assert dataset.comparators == ("England", "Region")
    assert build_dataset([scorecard("KPI,Dec 24,Jan 25\nNo. of EHCPs,7100,7143\n")], None).comparators == ()


def test_scorecard_rows_join_plan_kpis_by_name():
    plan = load_plan(PLAN_TEXT)
    read = scorecard("KPI,Jun 23,Jul 23,Aug 23\n% EHCPs issued within 20 weeks (12 months rolling),66%,67%,69%\n")
    linked = link_plan_ids(read.observations, plan)
    assert set(linked["kpi_id"]) == {"GBR1a"}
    assert set(read.observations["kpi_id"]) != {"GBR1a"}  # the caller's frame is unchanged


def test_a_plan_actual_and_a_file_actual_that_disagree_are_both_kept_and_listed():
    plan = load_plan(PLAN_TEXT)
    read = scorecard("KPI,Mar 23,Apr 23,May 23\n% EHCPs issued within 20 weeks (12 months rolling),66%,67%,70%\n")
    dataset = build_dataset([read], plan)
    conflict = dataset.conflicts[dataset.conflicts["kpi_id"] == "GBR1a"]
    assert len(conflict) == 1
    assert conflict.iloc[0]["period"] == pd.Timestamp("2023-05-01")
    assert conflict.iloc[0]["values"] == "70% / 68%"
    may = dataset.observations[
        (dataset.observations["kpi_id"] == "GBR1a")
        & (dataset.observations["period"] == pd.Timestamp("2023-05-01"))
        & (dataset.observations["measure"] == "actual")
    ]
    assert sorted(may["value"]) == [68, 70]


def test_lists_of_what_did_not_join():
    plan = load_plan(PLAN_TEXT)
    read = scorecard("KPI,Mar 23,Apr 23,May 23\nNo. of compliments,1,2,3\n")
    dataset = build_dataset([read], plan)
    assert "no-of-compliments" in dataset.scorecard_kpis_not_in_plan
    assert "SL1" in dataset.plan_kpis_without_data
    assert "GBR1a" not in dataset.plan_kpis_without_data


def test_the_read_only_sample_shows_only_public_kpis(tmp_path):
    from send_core.config import load_settings

    text = (ROOT / "config" / "settings.yaml").read_text().replace("read_only: false", "read_only: true")
    text = text.replace("suppression_threshold: 5", "suppression_threshold: 20")
    text = text.replace("  - sample_data/", f"  - {ROOT}/sample_data/")
    (tmp_path / "settings.yaml").write_text(text)
    dataset = load_sample_dataset(load_settings(tmp_path / "settings.yaml"))
    requests = dataset.observations[
        (dataset.observations["kpi_id"] == "GBR8.b") & (dataset.observations["locality"] != "All")
    ]
    assert (requests["value_text"] == "c").any()
    assert not ((requests["value"] > 0) & (requests["value"] < 20)).any()
    assert dataset.key == "sample:Birmingham|public"


def test_the_public_plan_hides_a_small_milestone_actual_as_the_charts_do():
    from send_core.dataset import configured_pods, public_view

    settings = load_settings()
    dataset = load_sample_dataset(settings)
    public = public_view(dataset, 10, configured_pods(settings))
    # Birmingham's plan, WTW8b (complaints closed within 15 working days): 5 in Nov 2021 and
    # 7 in May 2022, both below 10, so both read c in the plan and in the figures.
    wtw8b = next(k for k in public.plan.kpis if k.id == "WTW8b")
    assert [m.actual for m in wtw8b.milestones if m.actual][:2] == ["c", "c"]
    rows = public.observations[
        (public.observations["kpi_id"] == "WTW8b") & (public.observations["measure"] == "actual")
    ]
    assert not rows["value"].between(1, 9).any()
    # The plan as the public sees it, turned back into figures, holds no number below 10 either.
    plan_rows = public.plan.observations()
    counts = plan_rows[(plan_rows["unit"] == "count") & (plan_rows["measure"] == "actual")]
    assert not counts["value"].between(1, 9).any()


def test_the_public_instance_flags_the_same_exceptions_as_the_officers_see():
    from send_core.dataset import configured_pods, public_view
    from send_core.summary import exceptions, kpi_summary, spc_table

    def flagged(data):
        summary = kpi_summary(data.observations, data.catalogue, policy=data.rating_policy)
        found = exceptions(summary, spc_table(data.observations, data.catalogue, summary))
        return dict(zip(found["kpi_name"], found["reasons"], strict=True))

    settings = load_settings()
    dataset = load_sample_dataset(settings)
    public = public_view(dataset, settings.suppression_threshold, configured_pods(settings))
    # The public view blanks each figure's sheet and cell, and keeps only whether it is the plan's.
    assert set(public.observations["source"]) <= {"", "plan"}
    # Birmingham's plan reports its phase transfer KPI (P4) to May 2023, as it does its other
    # KPIs; the plan's figures are not "not updated" because the monthly files run later.
    transfer = "% of CYP who complete their secondary phase transfer by the 15th of February"
    assert "Not updated for the latest period" not in flagged(public).get(transfer, "")
    assert flagged(public) == flagged(dataset)


def test_the_birmingham_sample_s_made_up_months_keep_to_every_published_figure():
    import csv

    def rows(name):
        with open(ROOT / "sample_data" / name, encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    monthly = {(r["kpi_id"], r["period"]): r["value"] for r in rows("birmingham_illustrative_monthly.csv")}
    # Published in the plan (seed 003): SL2 26% baseline May 2021, 31% in Nov 2022; children
    # waiting for a specialist place 344 in May 2023; an SLT wait of 15.8 weeks in Nov 2022.
    assert monthly[("SL2", "2021-05")] == "26%" and monthly[("SL2", "2022-11")] == "31%"
    assert monthly[("GBR8.b", "2023-05")] == "344" and monthly[("GBR10", "2022-11")] == "15.8"
    # Phase transfer is once a year ("n/a" in the other milestones): no made-up months for it.
    assert not any(kpi == "GBR6" for kpi, _ in monthly)
    # The app finds no disagreement between the plan and the monthly file.
    dataset = load_sample_dataset(load_settings(ROOT / "config" / "settings.yaml"))
    assert dataset.conflicts.empty
    # Counts by locality add up to the whole area's, each month; so do the area's phases.
    breakdown = rows("birmingham_illustrative_localities.csv")
    for kpi, period in (("GBR8.b", "2023-05"), ("WTW6", "2022-01")):
        here = [r for r in breakdown if r["kpi_id"] == kpi and r["period"] == period]
        localities = [int(r["value"]) for r in here if r["locality"] != "All" and r["phase"] == "All"]
        phases = [int(r["value"]) for r in here if r["locality"] == "All"]
        assert len(localities) == 4 and sum(localities) == sum(phases) == int(monthly[(kpi, period)])
