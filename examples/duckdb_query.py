"""Run a DuckDB SQL file against the shipped Parquet tables (each table is a view).

Usage: python examples/duckdb_query.py examples/duckdb_actors.sql
"""

import sys
from pathlib import Path

import duckdb

import sahel_dataset
from sahel_dataset.load import PACKAGE_DIR

con = duckdb.connect()
for name in sahel_dataset.tables():
    path = PACKAGE_DIR / "parquet" / f"{name}.parquet"
    if path.is_file():
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path.as_posix()}')")
sql = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("duckdb_actors.sql")).read_text()
con.sql(sql).show(max_rows=1000, max_width=200)
