"""Check a Parquet file's rules one row group at a time: only the key columns outlive their row group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa

from ...core.schema import Table, table
from .rules import Failure, _key_columns, _key_failures, _row_failures, _sorted, _typed


def check_parquet(path: Any, name: str | Table, threads: int = 2) -> list[Failure]:
    """Check a Parquet file against table ``name``'s schema, one row group at a time.

    The same failures as :func:`check` on the whole table, but only the columns the
    cross-row rules need (unique columns and multi-column keys) are kept past their
    row group, so memory stays near the size of those columns plus ``threads`` row
    groups; ``threads`` row groups are read and checked at once (pyarrow releases the GIL).

    >>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> bad = pa.table({"actor_id": ["act-usa", "ACT X", "act-usa"], "alias": ["US", "", "US"]})
    >>> with tempfile.NamedTemporaryFile(suffix=".parquet") as tmp:
    ...     pq.write_table(bad, tmp.name, row_group_size=2)
    ...     [(f.column, f.check, f.rows) for f in check_parquet(tmp.name, "actor_aliases")]
    [('actor_id', 'pattern', (1,)), ('alias', 'min_length', (1,)), (None, "unique ['actor_id', 'alias']", (0, 2))]
    """
    t = table(name) if isinstance(name, str) else name
    return check_parquets({t.name: path}, threads, {t.name: t})[t.name]


def check_parquets(paths: Mapping[str, Any], threads: int = 2,
                   tables: Mapping[str, Table] | None = None) -> dict[str, list[Failure]]:
    """:func:`check_parquet` on several files (table name -> path) sharing one pool of ``threads``:
    every row group of every file first, then every key of every table, so no core idles
    while one table's keys are checked.

    >>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> with tempfile.NamedTemporaryFile(suffix=".parquet") as tmp:
    ...     pq.write_table(pa.table({"actor_id": ["act-usa"], "alias": [""]}), tmp.name)
    ...     {n: [str(f) for f in found] for n, found in check_parquets({"actor_aliases": tmp.name}).items()}
    {'actor_aliases': ['alias: min_length fails at row(s) 0']}
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow.parquet as pq

    out: dict[str, list[Failure]] = {}
    plans = []
    for name, path in paths.items():
        t = (tables or {}).get(name) or table(name)
        meta = pq.ParquetFile(path)
        schema = meta.schema_arrow
        if schema.names != t.names:
            out[name] = [Failure(None, f"columns {t.names} (are {schema.names})", ())]
            continue
        fields = [f for f in t.fields if _typed(f, schema.field(f.name).type)]
        unique = [f for f in fields if f.unique]
        kept = list(dict.fromkeys([f.name for f in unique] + _key_columns(t, fields)))
        sizes = [meta.metadata.row_group(g).num_rows for g in range(meta.metadata.num_row_groups)]
        starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int).tolist()
        plans.append((name, path, t, unique, kept, starts, schema))

    def one(plan: tuple[Any, ...], g: int) -> tuple[list[Failure], dict[str, Any]]:
        _, path, t, _, kept, starts, _ = plan
        # Each task its own reader: a ParquetFile is not safe to share between threads.
        data = pq.ParquetFile(path).read_row_group(g, use_threads=False)
        found = [Failure(x.column, x.check, tuple(r + starts[g] for r in x.rows))
                 for x in _row_failures(t, data, unique=False)]
        return found, {k: data[k] for k in kept}

    with ThreadPoolExecutor(max(1, threads)) as pool:
        # Every row group of every file is queued at once; a table's keys are queued as soon as
        # its row groups are done, so they run beside the next table's row groups.
        pending = [[pool.submit(one, plan, g) for g in range(len(plan[5]) - 1)] for plan in plans]
        keys = []
        for plan, futures in zip(plans, pending, strict=True):
            name, _, t, unique, kept, _, schema = plan
            part = [f.result() for f in futures]
            merged: dict[tuple[str | None, str], list[int]] = {}
            for found, _ in part:
                for x in found:
                    merged.setdefault((x.column, x.check), []).extend(x.rows)
            out[name] = [Failure(c, k, tuple(rows)) for (c, k), rows in merged.items()]
            columns = {k: pa.chunked_array([c for _, cols in part for c in cols[k].chunks], schema.field(k).type)
                       for k in kept}
            del part
            # One task per key: a table's keys are independent of each other.
            keys += [(name, pool.submit(_key_failures, t, [f], columns, ())) for f in unique]
            keys += [(name, pool.submit(_key_failures, t, [], columns, (k,))) for k in t.multi_column_keys]
        del pending
        for name, future in keys:
            out[name] += future.result()
    for plan in plans:
        out[plan[0]] = _sorted(plan[2], out[plan[0]])
    return {name: out[name] for name in paths}
