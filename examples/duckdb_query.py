"""Run a DuckDB SQL file against the shipped tables (each table is a view).

Install: pip install "sahel-dataset[duckdb]"
Run: python examples/duckdb_query.py examples/duckdb_actors.sql
"""

import sys
from pathlib import Path

import sahel_dataset

try:
    con = sahel_dataset.connect()
except ImportError as e:  # no duckdb: the one line that names the extra, not a traceback
    sys.exit(f"error: {e}")
sql = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("duckdb_actors.sql")).read_text()
con.sql(sql).show(max_rows=1000, max_width=200)
