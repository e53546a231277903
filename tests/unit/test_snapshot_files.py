"""A snapshot's Parquet files: rows with the file each came from, and reads made from them again."""

from __future__ import annotations

from send_core.store.snapshot_files import (
    FILE_COLUMN,
    parquet_bytes,
    read_rows,
    reads_from_rows,
    rows_from_parquet,
    source_entry,
)
from tests.unit.store_helpers import MONTH_ONE, MONTH_TWO, read


def test_rows_round_trip_through_parquet_with_the_model_dtypes(tmp_path):
    reads = [read(tmp_path, "nov.csv", MONTH_ONE), read(tmp_path, "dec.csv", MONTH_TWO)]
    rows = read_rows(reads)
    back = rows_from_parquet(parquet_bytes(rows))
    assert back.equals(rows)
    assert list(back.columns[-1:]) == [FILE_COLUMN]
    assert str(back["period"].dtype) == "datetime64[ns]"


def test_each_source_becomes_a_read_with_its_own_rows_name_and_checksum(tmp_path):
    reads = [read(tmp_path, "nov.csv", MONTH_ONE), read(tmp_path, "dec.csv", MONTH_TWO)]
    sources = [source_entry(r) for r in reads]
    again = reads_from_rows(read_rows(reads), sources)
    assert [r.filename for r in again] == ["nov.csv", "dec.csv"]
    assert [r.checksum for r in again] == [r.checksum for r in reads]
    for original, rebuilt in zip(reads, again, strict=True):
        assert rebuilt.observations.equals(original.observations)


def test_a_source_left_with_no_rows_is_no_read(tmp_path):
    reads = [read(tmp_path, "nov.csv", MONTH_ONE)]
    rows = read_rows(reads)
    assert reads_from_rows(rows.iloc[0:0], [source_entry(reads[0])]) == ()
