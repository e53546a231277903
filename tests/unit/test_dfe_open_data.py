"""DfE open data (Explore Education Statistics CSV), with DfE's published figures."""

from __future__ import annotations

import pandas as pd

from send_core import read_scorecard
from tests.conftest import SHARED_DATA, requires_shared_data
from tests.unit.reading_helpers import ees_bytes, one


def test_dfe_open_data_without_a_chosen_authority_gives_england_and_keeps_every_la():
    read = read_scorecard(ees_bytes(), filename="timeliness.csv")
    assert read.layout == "dfe_open_data"
    assert set(read.observations["measure"]) == {"comparator"}
    england = one(read.observations, kpi_id="pc_plans_issued_20_weeks_ex")
    assert (england["comparator"], england["value"], england["period"]) == ("England", 46.4, pd.Timestamp("2024-01-01"))
    authorities = read.local_authorities
    birmingham = one(authorities, la_name="Birmingham", kpi_id="pc_plans_issued_within_20_weeks")
    assert birmingham["value"] == 26.7
    assert "Choose which local authority is yours" in " ".join(read.problems["message"])


def test_dfe_open_data_with_an_authority_gives_actuals_and_its_region():
    read = read_scorecard(ees_bytes(), filename="timeliness.csv", local_authority="Bournemouth, Christchurch and Poole")
    rows = read.observations[read.observations["kpi_id"] == "pc_plans_issued_within_20_weeks"]
    assert one(rows, measure="actual")["value"] == 74.1
    assert one(rows, comparator="Region")["value"] == 31
    assert one(rows, comparator="England")["value"] == 45.9
    assert one(read.observations, kpi_id="pc_plans_issued_20_weeks_ex", measure="actual")["value"] == 77.6
    assert one(rows, measure="actual")["unit"] == "percent"


def test_gss_symbols_become_markers():
    read = read_scorecard(ees_bytes(), filename="timeliness.csv", local_authority="Example Town")
    markers = read.observations[read.observations["measure"] == "actual"]
    assert sorted(markers["value_text"]) == ["c", "c", "x", "z"]
    assert markers["value"].isna().all()


@requires_shared_data
def test_real_dfe_timeliness_file():
    read = read_scorecard(SHARED_DATA / "dfe_ehcp_timeliness_20wk_by_la_2019_2024.csv", local_authority="Birmingham")
    row = one(
        read.observations, kpi_id="pc_plans_issued_within_20_weeks", measure="actual", period=pd.Timestamp("2024-01-01")
    )
    assert row["value"] == 26.7
    bcp = read.local_authorities
    bcp = bcp[
        (bcp["old_la_code"] == "839")
        & (bcp["kpi_id"] == "pc_plans_issued_within_20_weeks")
        & (bcp["time_period"] == "2024")
    ]
    assert bcp["value"].tolist() == [74.1]


# ---------------------------------------------------------------------------------------------
# Nothing lost: every non-empty cell is a value, a marker, a label or a problem


def test_dfe_open_data_is_capped_like_other_csv_with_the_rest_listed_and_counted(monkeypatch):
    # Before: no cap (an 85 MB release peaked at 3.35 GB) and nothing said rows were left out.
    from send_core.reading import dfe_open_data

    monkeypatch.setattr(dfe_open_data, "MAX_ROWS", 1_000)
    header = "time_period,time_identifier,geographic_level,region_name,new_la_code,old_la_code,la_name,ehcps\n"
    rows = "".join(
        f"2024,Calendar year,Local authority,West Midlands,E0800{i % 100:04d},{i % 100},LA {i % 100},{i}\n"
        for i in range(1_250)
    )
    read = read_scorecard((header + rows).encode(), filename="big.csv", local_authority="LA 5")
    dropped = read.problems[read.problems["code"] == "rows_dropped"]
    assert dropped["message"].tolist() == [
        "big.csv has 1,250 rows; only the first 1,000 were read. Download the release filtered to your "
        "authority, region and England, or split the file."
    ]
    # 250 rows of 8 filled cells were not read: counted as not understood, so the sum still holds.
    assert read.accounting["problems"] == 250 * 8
    assert read.accounting["cells"] == 8 + 1_250 * 8
    assert read.accounting["values"] == 1_000
    assert sum(read.accounting[k] for k in ("values", "markers", "labels", "problems")) == read.accounting["cells"]


def _read_both_ways(data: bytes):
    return read_scorecard(data, filename="timeliness.csv", local_authority="Bournemouth, Christchurch and Poole")


def test_a_file_saved_with_two_byte_order_marks_is_read_as_with_one():
    # Saved twice by a tool that adds a BOM each time: Arrow skips one mark, the header kept the other.
    once, twice = _read_both_ways(b"\xef\xbb\xbf" + ees_bytes()), _read_both_ways(b"\xef\xbb\xbf" * 2 + ees_bytes())
    assert twice.layout == "dfe_open_data"
    pd.testing.assert_frame_equal(once.observations, twice.observations)
    bcp = one(twice.observations, kpi_id="pc_plans_issued_within_20_weeks", measure="actual")
    assert bcp["value"] == 74.1  # BCP's figure in the file


def test_a_header_longer_than_64_kib_is_read_to_its_end():
    # 900 extra indicator columns with 80-letter names make a 73 KB header line; each row holds
    # a number in every one of them, as a wide release does.
    lines = ees_bytes().decode().splitlines()
    names = [f"extra_{i:03d}_" + "x" * 70 for i in range(900)]
    assert len(lines[0]) + sum(len(n) + 1 for n in names) > 65536
    wide = [lines[0] + "," + ",".join(names)] + [line + "," + ",".join(["7"] * 900) for line in lines[1:]]
    read = _read_both_ways(("\n".join(wide) + "\n").encode())
    narrow = _read_both_ways(ees_bytes())
    extra = read.observations[read.observations["kpi_id"].str.startswith("extra_")]
    assert extra["kpi_id"].nunique() == 900
    assert set(extra.loc[extra["measure"] == "actual", "value"]) == {7}
    kept = read.observations[~read.observations["kpi_id"].str.startswith("extra_")].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, narrow.observations.reset_index(drop=True))


def test_one_very_long_cell_costs_its_own_length_not_every_cells():
    # A 100,000-letter cell among 200 rows: NumPy's fixed-width strings once made each of the
    # 200 cells 100,000 letters wide (200 x 100,000 x 4 bytes = 80 MB, 7.45 GiB for a real
    # release's row count). Arrow's text steps keep it to about the file's own size.
    import tracemalloc

    lines = ees_bytes().decode().splitlines()
    header, first = lines[0], lines[1].split(",")
    column = header.split(",").index("pc_plans_issued_within_20_weeks")
    rows = [list(first) for _ in range(200)]
    rows[7][column] = "y" * 100_000
    data = ("\n".join([header] + [",".join(row) for row in rows]) + "\n").encode()
    tracemalloc.start()
    try:
        read = read_scorecard(data, filename="timeliness.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024
    problem = one(read.problems, code="unreadable_value")
    assert problem["location"] == f"row 9, column {chr(ord('A') + column)}"


def test_a_release_with_thousands_of_measures_reads_each_one():
    # 3,000 indicator columns over the file's three rows: every value comes back, in its column.
    lines = ees_bytes().decode().splitlines()[:4]
    names = [f"measure_{i:04d}" for i in range(3000)]
    wide = [lines[0] + "," + ",".join(names)]
    wide += [line + "," + ",".join(str(row * 10_000 + i) for i in range(3000)) for row, line in enumerate(lines[1:], 1)]
    read = read_scorecard(("\n".join(wide) + "\n").encode(), filename="wide.csv")
    measures = read.observations[read.observations["kpi_id"].str.startswith("measure_")]
    england = measures[measures["comparator"] == "England"]
    national_rows = [row for row, line in enumerate(lines[1:], 1) if ",National," in line]
    assert len(england) == 3000 * len(national_rows)
    last = one(england, kpi_id="measure_2999", period=england["period"].max())
    assert last["value"] % 10_000 == 2999
