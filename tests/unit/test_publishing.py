"""What a publish would write and show: history, refusals, the public audience's suppression."""

from __future__ import annotations

import pandas as pd
import pytest

from send_core.config import Settings
from send_core.errors import StoreError
from send_core.plan import load_plan
from send_core.store import prepare_publish
from tests.conftest import SAMPLE
from tests.unit.store_helpers import MONTH_ONE, MONTH_TWO, open_store, read

SETTINGS = Settings()


def test_next_month_is_laid_over_the_live_version_and_changed_figures_are_listed(tmp_path):
    store = open_store(tmp_path / "store")
    first = prepare_publish([read(tmp_path, "nov.csv", MONTH_ONE)], None, None, "internal", SETTINGS)
    store.publish(first.publication, by="x", app_version="t")
    base = store.live("internal").snapshot
    second = prepare_publish([read(tmp_path, "dec.csv", MONTH_TWO)], None, base, "internal", SETTINGS)
    complaints = second.dataset.observations.query("kpi_name == 'No. of complaints'")
    # Nov from the first file; Dec as corrected (12 -> 11) and Jan from the second.
    assert dict(zip(complaints["period_label"], complaints["value"], strict=True)) == {
        "Nov 24": 17.0, "Dec 24": 11.0, "Jan 25": 13.0,
    }  # fmt: skip
    assert second.changes[["kpi_name", "period_label", "published", "new", "file"]].values.tolist() == [
        ["No. of complaints", "Dec 24", "12", "11", "dec.csv"]
    ]
    assert [s["name"] for s in second.publication.sources] == ["nov.csv", "dec.csv"]
    assert second.publication.details["based_on"] == base.version
    assert second.publication.details["changed_values"] == 1
    assert second.publication.details["as_at_text"] == "Jan 2025"  # the latest month, as written
    assert second.publication.details["changes"][0]["published"] == "12"
    # For the public, the manifest counts the changes but names no figure (they are unsuppressed).
    public = prepare_publish([read(tmp_path, "dec.csv", MONTH_TWO)], None, base, "public", SETTINGS)
    assert public.publication.details["changed_values"] == 1 and public.publication.details["changes"] == []


def test_files_with_errors_are_refused_naming_each(tmp_path):
    broken = read(tmp_path, "broken.csv", b"KPI,Nov 24,Dec 24\nNo. of complaints,17,twelve-ish\nDays,abc,def\n")
    with pytest.raises(StoreError, match=r"broken.csv has 3 errors"):
        prepare_publish([broken], None, None, "internal", SETTINGS)
    # A draft only its officer sees may still be looked at.
    draft = prepare_publish([broken], None, None, "internal", SETTINGS, refuse_errors=False)
    assert len(draft.dataset.observations) > 0


def test_nothing_to_publish_is_a_sentence():
    with pytest.raises(StoreError, match="there are no figures and no plan"):
        prepare_publish([], None, None, "internal", SETTINGS)


SMALL_COUNTS = (
    b"kpi_id,kpi_name,section,measure,comparator,period,value,unit,locality,phase\n"
    b"REQ,Requests for assessment,EHCPs,actual,,2025-01,3,count,North,All\n"
    b"REQ,Requests for assessment,EHCPs,actual,,2025-01,12,count,South,All\n"
    b"REQ,Requests for assessment,EHCPs,actual,,2025-01,0,count,East,All\n"
    b"REQ,Requests for assessment,EHCPs,actual,,2025-01,15,count,All,All\n"
    b"TIME,Issued within 20 weeks,EHCPs,actual,,2025-01,4,percent,North,All\n"
)


def test_the_public_audience_gets_small_counts_suppressed_in_the_snapshot_itself(tmp_path):
    prepared = prepare_publish([read(tmp_path, "counts.csv", SMALL_COUNTS)], None, None, "public", SETTINGS)
    rows = prepared.publication.rows.set_index(["kpi_id", "locality"])
    # Threshold 5: North's 3 goes, and South's 12 with it (15 - 12 - 0 would give North away);
    # the true zero in the East and the whole-area 15 stay; 4% is not a count, so it stays too.
    for locality in ("North", "South"):
        assert rows.loc[("REQ", locality), "value_text"] == "c" and pd.isna(rows.loc[("REQ", locality), "value"])
    assert rows.loc[("REQ", "East"), "value"] == 0
    assert rows.loc[("REQ", "All"), "value"] == 15 and rows.loc[("TIME", "North"), "value"] == 4
    assert prepared.publication.details["suppression"] == {"threshold": 5, "public_kpis_only": True}


def test_the_public_audience_gets_only_the_plans_public_kpis(tmp_path):
    plan = load_plan(SAMPLE / "birmingham_app_plan.yaml")
    prepared = prepare_publish([], plan, None, "public", SETTINGS)
    assert {k.id for k in prepared.publication.plan.kpis} == {k.id for k in plan.kpis if k.public}
    assert set(prepared.dataset.catalogue["kpi_id"]) <= {k.id for k in plan.kpis if k.public}


def test_as_at_leaves_out_later_values(tmp_path):
    prepared = prepare_publish(
        [read(tmp_path, "dec.csv", MONTH_TWO)], None, None, "internal", SETTINGS, as_at=pd.Timestamp("2024-12-31")
    )
    assert set(prepared.publication.rows["period_label"]) == {"Dec 24"}
    assert prepared.publication.details["as_at"] == "2024-12-31"
    assert prepared.publication.details["as_at_text"] == "31 Dec 2024"
