"""``sahel-dataset build --partition-by-year``: hive-partitioned Parquet that DuckDB reads."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from typer.testing import CliRunner

from sahel_dataset import load
from sahel_dataset.cli.app import app
from sahel_dataset.core.descriptor import PACKAGE_DIR
from sahel_dataset.pipeline.write import write_partitioned


def test_duckdb_reads_partitioned_events_back(tmp_path: Path) -> None:
    events = load("events", backend="arrow")
    write_partitioned(events, tmp_path / "events")
    years = {p.name for p in (tmp_path / "events").iterdir()}
    expected = {f"year={y.year}" for y in events["date_start"].to_pylist() if y is not None}
    assert expected <= years and all(y.startswith("year=") for y in years)
    pattern = str(tmp_path / "events" / "*" / "*.parquet")
    got = duckdb.sql(
        f"SELECT event_id, year, date_start FROM read_parquet('{pattern}', hive_partitioning = true) ORDER BY event_id"
    ).fetchall()
    assert [r[0] for r in got] == sorted(events["event_id"].to_pylist())
    assert all(r[1] == (r[2].year if r[2] else None) for r in got)
    # The same rows and values as the single-file release.
    single = duckdb.sql(
        f"SELECT * EXCLUDE (year) FROM read_parquet('{pattern}', hive_partitioning = true) "
        f"EXCEPT SELECT * FROM read_parquet('{PACKAGE_DIR / 'parquet' / 'events.parquet'}')"
    ).fetchall()
    assert single == []
    # Partition pruning: a filter on year reads one folder only.
    one = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{pattern}', hive_partitioning = true) WHERE year = 2023"
    ).fetchall()
    assert one[0][0] == sum(1 for d in events["date_start"].to_pylist() if d is not None and d.year == 2023)


def test_partitioned_files_keep_the_declared_types(tmp_path: Path) -> None:
    events = load("events", backend="arrow")
    write_partitioned(events, tmp_path / "events")
    part = next((tmp_path / "events").glob("year=*/part-0.parquet"))
    assert pq.read_schema(part).remove_metadata().names == events.column_names
    assert pq.read_schema(part).field("date_start").type == events.schema.field("date_start").type


def test_build_command_offers_the_option() -> None:
    result = CliRunner().invoke(app, ["build", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert "--partition-by-year" in result.output
