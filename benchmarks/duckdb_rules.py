"""The DuckDB floor: one SQL query per table that checks the same rules as fastcheck.

Generated from the Table Schema (the same walk over constraints as every other
validation path), reading the Parquet file itself, so the floor includes the read:
the storage type of each column, required, unique, enum, pattern, bounds and lengths
per column, every multi-column key, ordered pairs, the foreign keys (anti-joins:
``evidence.record_id`` against ``events.event_id``, ``evidence.source_id`` against the
sources); and provenance as one join of the spans with their seeds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sahel_dataset.core.constraints import walk
from sahel_dataset.core.schema import Table


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'" if isinstance(value, str) else repr(value)


def rule_sql(t: Table, path: Path) -> str:
    """A query returning one row: the number of rows failing each rule of ``t``."""
    parts = []
    for f in t.fields:
        c = _q(f.name)
        if f.required:
            parts.append(f"count(*) FILTER (WHERE {c} IS NULL)")
        if f.unique:
            parts.append(f"count({c}) - count(DISTINCT {c})")
        for con in walk(f):
            if con.name == "enum":
                values = ", ".join(_lit(v) for v in con.value)
                parts.append(f"count(*) FILTER (WHERE CAST({c} AS VARCHAR) NOT IN ({values}))")
            elif con.name == "pattern":
                parts.append(f"count(*) FILTER (WHERE NOT regexp_full_match({c}, {_lit(con.value)}))")
            else:
                measure = f"length({c})" if con.kind.length else c
                op = "<" if con.kind.bound == "lower" else ">"
                parts.append(f"count(*) FILTER (WHERE {measure} {op} {_lit(con.value)})")
    for cols in t.ordered:
        for i, a in enumerate(cols):
            for b in cols[i + 1:]:
                parts.append(f"count(*) FILTER (WHERE {_q(a)} > {_q(b)})")
    keys = "".join(
        f", (SELECT count(*) FROM (SELECT 1 FROM data WHERE {' AND '.join(f'{_q(k)} IS NOT NULL' for k in key)} "
        f"GROUP BY {', '.join(map(_q, key))} HAVING count(*) > 1))"
        for key in t.multi_column_keys)
    return f"WITH data AS (SELECT * FROM read_parquet({_lit(str(path))})) SELECT {', '.join(parts)}{keys} FROM data"


DUCK_TYPES = {"string": ("VARCHAR",), "integer": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT"),
              "number": ("DOUBLE", "FLOAT", "BIGINT", "INTEGER"), "boolean": ("BOOLEAN",),
              "date": ("DATE", "TIMESTAMP")}
"""The DuckDB types a Table Schema type may be stored as (a dictionary column reads as VARCHAR)."""


def type_failures(con: Any, t: Table, path: Path) -> int:
    """Columns whose stored type is not the one the schema declares (a metadata query)."""
    got = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("
                           f"{_lit(str(path))}))").fetchall())
    return sum(got.get(f.name, "").split("(")[0] not in DUCK_TYPES.get(f.type, (got.get(f.name),))
               for f in t.fields)


def check_foreign_keys(con: Any, paths: dict[str, Path], seeds: dict[str, str]) -> int:
    """Evidence spans whose record is not an event, or whose source is not a known source:
    two anti-joins (``NOT EXISTS``, which DuckDB plans as a hash anti-join)."""
    con.execute("CREATE OR REPLACE TEMP TABLE sources (source_id VARCHAR)")
    con.executemany("INSERT INTO sources VALUES (?)", [(k,) for k in seeds])
    ev, evd = _lit(str(paths["events"])), _lit(str(paths["evidence"]))
    return sum(con.execute(
        f"SELECT (SELECT count(*) FROM read_parquet({evd}) e WHERE e.record_id IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM read_parquet({ev}) v WHERE v.event_id = e.record_id)), "
        f"(SELECT count(*) FROM read_parquet({evd}) e WHERE e.source_id IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM sources s WHERE s.source_id = e.source_id))").fetchone())


def provenance_sql(evidence: Path) -> str:
    """Spans whose text is not their seed's substring (seeds in table ``seeds(source_id, text)``)."""
    return (f"SELECT count(*) FROM read_parquet({_lit(str(evidence))}) e LEFT JOIN seeds s USING (source_id) "
            "WHERE s.text IS NULL OR substring(s.text, e.start + 1, e.\"end\" - e.start) <> e.text")


def check_rules(con: Any, tables: dict[str, Table], paths: dict[str, Path]) -> int:
    """Run every rule query and check every column's type; the number of failures found."""
    return sum(sum(con.execute(rule_sql(t, paths[name])).fetchone()) + type_failures(con, t, paths[name])
               for name, t in tables.items())


def check_provenance(con: Any, paths: dict[str, Path], seeds: dict[str, str]) -> int:
    """The provenance join alone (DuckDB's ``substring`` counts code points, as the spans do)."""
    con.execute("CREATE OR REPLACE TEMP TABLE seeds (source_id VARCHAR, text VARCHAR)")
    con.executemany("INSERT INTO seeds VALUES (?, ?)", list(seeds.items()))
    return con.execute(provenance_sql(paths["evidence"])).fetchone()[0]


def check(con: Any, tables: dict[str, Table], paths: dict[str, Path], seeds: dict[str, str]) -> int:
    """Every rule query and the provenance join; the number of failures found."""
    return check_rules(con, tables, paths) + check_provenance(con, paths, seeds)
