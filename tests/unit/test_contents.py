"""What a pack holds: cover facts, sources with checksums, sections in the plan's order,
filters, the as-at date, file names and chart captions."""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import pytest

from send_core.config import load_settings
from send_core.dataset import load_sample_dataset, public_view
from send_core.filters import Filters
from send_core.reports import report_contents, report_file_name
from send_core.reports.contents import chart_caption, cover_facts, summary_preview, summary_table
from tests.conftest import SAMPLE
from tests.unit.report_helpers import small_dataset


@pytest.mark.parametrize(
    ("authority", "kind", "as_at", "suffix", "expected"),
    [
        ("Birmingham", "board pack", pd.Timestamp("2025-01-01"), ".xlsx", "Birmingham-SEND-board-pack-2025-01.xlsx"),
        ("BCP", "board pack", pd.Timestamp("2025-01-01"), ".xlsx", "BCP-SEND-board-pack-2025-01.xlsx"),
        (
            "Bournemouth, Christchurch and Poole",
            "report",
            pd.Timestamp("2024-11-01"),
            ".html",
            "Bournemouth-Christchurch-and-Poole-SEND-report-2024-11.html",
        ),
        ("", "KPI summary", None, ".csv", "SEND-kpi-summary.csv"),
        ("../../etc/passwd", "report", None, ".pdf", "etc-passwd-SEND-report.pdf"),
    ],
)
def test_file_names_say_what_the_file_is(authority, kind, as_at, suffix, expected):
    assert report_file_name(authority, kind, as_at, suffix) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), "Anytown-SEND-board-pack-2024-03.xlsx"),
        # Packs for several localities saved side by side overwrote each other, or became
        # "(1)" copies no one could tell apart (a reviewer): the slice is in the name.
        (Filters(locality="North"), "Anytown-North-SEND-board-pack-2024-03.xlsx"),
        (
            Filters(locality="North", phase="Early Years & Primary"),
            "Anytown-North-Early-Years-Primary-SEND-board-pack-2024-03.xlsx",
        ),
        (Filters(objective="O1"), "Anytown-O1-SEND-board-pack-2024-03.xlsx"),
    ],
)
def test_a_file_of_one_locality_phase_or_objective_is_named_by_it(filters, expected):
    assert report_contents(small_dataset(), filters).file_name("board pack", ".xlsx") == expected


def test_a_yearly_file_is_named_by_its_year():
    september = pd.Timestamp("2024-09-01")
    assert report_file_name("Birmingham", "board pack", september, ".xlsx", "academic_year") == (
        "Birmingham-SEND-board-pack-2024-25.xlsx"
    )


@pytest.fixture(scope="module")
def small():
    return report_contents(small_dataset(), Filters())


def test_the_cover_names_the_authority_the_month_and_the_plan_date(small):
    facts = dict(cover_facts(small))
    assert facts["Local authority"] == "Anytown"
    assert facts["Programme"] == "Small plan"
    assert facts["Data to"] == "March 2024"
    assert facts["Plan status as at"] == "31 March 2024"
    assert facts["Filters applied"] == "Showing everything."
    assert facts["Suppression applied"].startswith("None")
    assert "Sample data" not in facts
    assert small.file_name("board pack", ".xlsx") == "Anytown-SEND-board-pack-2024-03.xlsx"


def test_sources_carry_each_file_s_checksum():
    dataset = load_sample_dataset(load_settings())  # Birmingham: the plan and its two illustrative files
    contents = report_contents(dataset, Filters())
    names = (
        "birmingham_illustrative_monthly.csv",
        "birmingham_illustrative_localities.csv",
        "birmingham_app_plan.yaml",
    )
    expected = {name: hashlib.sha256((SAMPLE / name).read_bytes()).hexdigest() for name in names}
    assert {source.name: source.checksum for source in contents.sources} == expected
    assert [source.kind for source in contents.sources][-1] == "Improvement plan"
    assert all(dt.datetime.fromisoformat(source.read_at.replace("Z", "+00:00")) for source in contents.sources)
    assert dict(cover_facts(contents))["Sample data"].startswith("This is built from the app's sample data")


def test_sections_follow_the_plan_then_kpis_not_in_it(small):
    assert [(s.objective_id, s.title) for s in small.sections] == [
        ("O1", "Timeliness"),
        ("O2", "=cmd|' /C calc'!A0"),
        ("", "KPIs not in the plan"),
    ]
    first = small.sections[0]
    assert first.kpis["kpi_id"].tolist() == ["K1", "K2"]
    assert first.actions["action_id"].tolist() == ["A1"]
    # A1's milestone was due on 1 February 2024; as at 31 March 2024 that is 28 + 31 = 59 days.
    assert first.actions["days_overdue"].tolist() == [59]
    assert small.exceptions["kpi_id"].tolist() == ["K2"]  # 115 complaints against 100: Red
    assert small.exceptions["commentary"].iloc[0].startswith("Number of complaints was 115 in March 2024")


def test_one_objective_chosen_gives_its_section_and_actions_only():
    contents = report_contents(small_dataset(), Filters(objective="O2"))
    assert [s.objective_id for s in contents.sections] == ["O2"]
    assert contents.actions["action_id"].tolist() == ["A2"]
    assert contents.filters_text == "Showing objective =cmd|' /C calc'!A0."


def test_as_at_leaves_out_later_values_and_judges_actions_on_that_date():
    contents = report_contents(small_dataset(), Filters(), as_at=dt.date(2024, 2, 29))
    assert contents.as_at == pd.Timestamp("2024-02-01")
    assert contents.data["period"].max() <= pd.Timestamp("2024-02-29")
    # Due 1 February, as at 29 February: 28 days overdue.
    assert contents.actions.set_index("action_id").at["A1", "days_overdue"] == 28
    assert contents.plan_as_at == dt.date(2024, 2, 29)


def test_a_named_authority_wins_and_suppression_is_stated():
    dataset = public_view(small_dataset(), 5)
    contents = report_contents(dataset, Filters(), local_authority="Bournemouth, Christchurch and Poole")
    assert contents.authority == "Bournemouth, Christchurch and Poole"
    # As suppress() hides them: whole-area figures too, not only breakdowns.
    assert contents.suppression_text == (
        "Numbers from 1 to 4 are hidden and shown as 'c', for the whole area and for each locality and age group, "
        "so that no child can be identified."
    )


def test_building_contents_never_changes_the_dataset():
    dataset = small_dataset()
    before = dataset.observations.copy()
    report_contents(dataset, Filters(), as_at=dt.date(2024, 2, 1))
    pd.testing.assert_frame_equal(dataset.observations, before)


def test_the_summary_table_has_plain_headings_and_numbers():
    dataset = load_sample_dataset(load_settings(), "BCP")
    table = summary_table(report_contents(dataset, Filters())).set_index("KPI")
    assert "kpi_id" not in table.columns and "recent" not in table.columns
    row = table.loc["% of EHCPs in Mainstream"]
    # The BCP scorecard, January 2025: 49.2% in mainstream; England 43.3%.
    assert (row["Latest period"], row["Latest"], row["England"]) == ("Jan 2025", 49.2, 43.3)
    assert row["Variation (SPC)"].startswith("Getting better")


def test_the_page_s_preview_writes_each_latest_figure_with_its_unit():
    contents = report_contents(load_sample_dataset(load_settings(), "BCP"), Filters())
    preview = summary_preview(contents, 40).set_index("KPI")
    assert list(preview.columns) == ["Latest period", "Latest", "Target", "Rating", "Variation (SPC)"]
    # The BCP scorecard, January 2025: 49.2% in mainstream (seed 001).
    assert preview.loc["% of EHCPs in Mainstream", "Latest"] == "49.2%"
    assert (
        summary_table(contents).set_index("KPI").loc["% of EHCPs in Mainstream", "Latest"] == 49.2
    )  # the cell's number


def test_a_chart_caption_names_the_authority_the_month_and_the_kpi_s_file():
    dataset = small_dataset()
    caption = chart_caption(dataset, dataset.observations, ["K3"])
    assert (caption.authority, caption.as_at, caption.source) == ("Anytown", "March 2024", "small.csv")
    # A plan KPI names the plan too; no KPI named: every file.
    assert chart_caption(dataset, dataset.observations, ["K1"]).source == "small.csv, plan"
    assert chart_caption(dataset, dataset.observations).source == "small.csv, plan"


def test_summary_spc_and_exceptions_already_worked_out_are_used_as_they_are():
    from send_core.summary import exceptions, kpi_summary, spc_table

    dataset = small_dataset()
    summary = kpi_summary(dataset.observations, dataset.catalogue, policy=dataset.rating_policy)
    spc = spc_table(dataset.observations, dataset.catalogue, summary)
    given = report_contents(dataset, Filters(), status=(summary, spc, exceptions(summary, spc)))
    worked_out = report_contents(dataset, Filters())
    pd.testing.assert_frame_equal(given.summary, worked_out.summary)
    pd.testing.assert_frame_equal(given.exceptions, worked_out.exceptions)
    # An as-at date changes them, so what was given is not used then.
    empty = (summary.iloc[0:0], spc.iloc[0:0], exceptions(summary, spc).iloc[0:0])
    assert len(report_contents(dataset, Filters(), status=empty, as_at=dt.date(2024, 2, 29)).summary) > 0


def test_the_pack_s_sheets_of_kpis_are_counted_as_what_they_are():
    import yaml

    from send_core.reports.contents import section_sheets_text

    settings = load_settings()
    # BCP's scorecard alone: no plan, so its KPIs are one sheet "not in the plan", no objective.
    bcp = report_contents(load_sample_dataset(settings, "BCP"), Filters())
    assert section_sheets_text(bcp) == "a sheet of KPIs not in the plan"
    # Birmingham's plan: a sheet per objective (counted from the YAML), every KPI in the plan.
    objectives = yaml.safe_load((SAMPLE / "birmingham_app_plan.yaml").read_text(encoding="utf-8"))["objectives"]
    birmingham = report_contents(load_sample_dataset(settings), Filters())
    assert section_sheets_text(birmingham) == f"{len(objectives)} objective sheets"


def test_a_kpi_whose_latest_figure_is_hidden_is_not_said_to_have_too_few_figures():
    import dataclasses

    from send_core.wording import HIDDEN_VARIATION, VARIATION_TEXT

    # K3 (a count) with 3 in March 2024, under the public threshold of 5, so hidden. The pack,
    # the summary CSV and the report said "Too few figures yet to tell a real change from
    # chance" of a KPI whose figures are there but hidden (a reviewer); the tiles did not.
    dataset = small_dataset()
    observations = dataset.observations.copy()
    march = (observations["kpi_id"] == "K3") & (observations["period"] == pd.Timestamp("2024-03-01"))
    observations.loc[march, "value"] = 3.0
    contents = report_contents(public_view(dataclasses.replace(dataset, observations=observations), 5), Filters())
    row = contents.summary.set_index("kpi_id").loc["K3"]
    assert row["latest_text"] == "c"
    assert row["variation_words"] == VARIATION_TEXT[HIDDEN_VARIATION]
    # Another KPI with too few figures still says so.
    assert contents.summary.set_index("kpi_id").loc["K4", "variation_words"].startswith("Too few figures")


def test_the_council_s_name_from_settings_is_used_when_no_file_names_one():
    import dataclasses

    # BCP's scorecard on its own names no authority the app can read (no plan, no DfE file):
    # the pack's cover said "Not named" and its file "SEND-board-pack-2025-01.xlsx".
    unnamed = dataclasses.replace(small_dataset(), plan=None)
    assert report_contents(unnamed, Filters()).authority == ""
    contents = report_contents(unnamed, Filters(), default_authority="BCP")
    assert contents.authority == "BCP"
    assert dict(cover_facts(contents))["Local authority"] == "BCP"
    assert contents.file_name("board pack", ".xlsx") == "BCP-SEND-board-pack-2024-03.xlsx"
    # A name the files or the plan give wins over the setting.
    assert report_contents(small_dataset(), Filters(), default_authority="BCP").authority == "Anytown"
