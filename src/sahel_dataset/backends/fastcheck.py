"""Check a table's rules with plain pyarrow compute: the fast floor under pandera.

The rules come from the same Table Schema as the pandera models in
:mod:`sahel_dataset.pipeline.models` (so they cannot drift apart): the columns and their order, each
column's storage type, required (not null), unique, enum, pattern, minimum,
maximum, minimum and maximum length, every multi-column key (the primary key and
``uniqueKeys``), and ordered
pairs (``date_start <= date_end``). Every check is one vectorised Arrow kernel,
and a failure names the rows it found, so the result can be compared with
pandera's ``failure_cases`` row for row (``tests/unit/backends/test_fastcheck.py`` does).

:func:`provenance_mismatches` re-verifies evidence spans byte for byte with no Python
work per span.

Only pyarrow and numpy are imported: neither pandas nor pandera.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..core.constraints import walk
from ..core.schema import Field, Table, table
from ..utils.arrow import booleans, falses, filled, int64s, numpy_of, scalar, strings


@dataclass(frozen=True)
class Failure:
    """One rule that failed: the column (``None`` for a table rule), the check and the bad rows."""

    column: str | None
    check: str
    rows: tuple[int, ...]

    def __str__(self) -> str:
        shown = ", ".join(map(str, self.rows[:10])) + (", ..." if len(self.rows) > 10 else "")
        return f"{self.column or '<table>'}: {self.check} fails at row(s) {shown}"


_TYPES = {
    "string": (pa.types.is_string, pa.types.is_large_string),
    "integer": (pa.types.is_integer,),
    "number": (pa.types.is_floating, pa.types.is_integer),
    "boolean": (pa.types.is_boolean,),
    "date": (pa.types.is_date, pa.types.is_timestamp),
}


def rows_where(mask: Any) -> tuple[int, ...]:
    """Row numbers where a boolean Arrow array is true (null counts as false)."""
    mask = filled(mask, False)
    if isinstance(mask, pa.ChunkedArray):
        mask = mask.combine_chunks() if mask.num_chunks != 1 else mask.chunk(0)
    if not pc.any(mask).as_py():
        return ()
    return tuple(np.flatnonzero(numpy_of(mask)).tolist())


def plain(col: Any) -> Any:
    """A column as plain values (dictionary arrays decoded)."""
    if pa.types.is_dictionary(col.type):
        return col.cast(col.type.value_type)
    return col


def _codes(col: Any) -> np.ndarray:
    """Int64 codes of a column, at least 0: equal values, equal codes; null is code 0."""
    if pa.types.is_integer(col.type) and len(col) and col.null_count < len(col):
        # An integer is its own code (offset from the minimum): no hashing.
        lo, hi = (v.as_py() for v in pc.min_max(col).values())
        if hi - lo < 2**40:
            return numpy_of(filled(col, lo - 1)).astype(np.int64) - (lo - 1)
    # Encoding a chunked column shares one memo table across chunks (the same value, the same
    # index in every chunk), so the chunks need no combined copy first.
    encoded = pc.dictionary_encode(col)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    parts = [numpy_of(filled(c.indices, -1)).astype(np.int64) + 1 for c in chunks]
    return parts[0] if len(parts) == 1 else np.concatenate([np.zeros(0, np.int64), *parts])


def _duplicated(cols: list[Any]) -> Any:
    """True for every row whose key occurs more than once (all occurrences, like pandera; nulls are equal).

    Hash kernels and numpy only: pyarrow's ``group_by``/``join`` import pandas.
    """
    n = len(cols[0])
    # ``len(unique)`` rather than ``count_distinct``: the same hash, half the time at 1M strings.
    if len(cols) == 1 and len(pc.unique(plain(cols[0]))) == n:
        return falses(n)  # the common case: no duplicate
    key = _codes(cols[0])
    for c in cols[1:]:
        codes = _codes(c)
        width = int(codes.max(initial=0)) + 1
        if int(key.max(initial=0)) >= (2**62) // width:  # densify before the product can overflow
            key = _codes(int64s(key))
        key = key * width + codes
    if len(pc.unique(int64s(key))) == n:
        return falses(n)
    order = np.argsort(key, kind="stable")
    same = key[order][1:] == key[order][:-1]
    hit = np.zeros(n, dtype=bool)
    hit[1:] |= same
    hit[:-1] |= same
    mask = np.zeros(n, dtype=bool)
    mask[order] = hit
    return booleans(mask)


def _all_valid(cols: list[Any]) -> Any:
    """True where no column of ``cols`` is null."""
    mask = pc.is_valid(cols[0])
    for c in cols[1:]:
        mask = pc.and_(mask, pc.is_valid(c))
    return mask


def _typed(f: Field, type: Any) -> bool:
    """Whether an Arrow type can hold field ``f``'s values."""
    return any(test(type) for test in _TYPES[f.type]) or (f.enum is not None and pa.types.is_dictionary(type))


def _field_failures(f: Field, col: Any, unique: bool = True) -> list[Failure]:
    out: list[Failure] = []

    def add(check: str, mask: Any) -> None:
        rows = rows_where(mask)
        if rows:
            out.append(Failure(f.name, check, rows))

    if not _typed(f, col.type):
        return [Failure(f.name, f"type {f.type} (is {col.type})", ())]
    if f.required and col.null_count:
        add("required", pc.is_null(col))
    if f.unique and unique:
        add("unique", _duplicated([col]))
    if col.null_count == len(col):
        return out  # every value null: no constraint but ``required`` applies
    for c in walk(f):
        if c.name == "enum":
            values = plain(col)
            known = strings(list(c.value))
            add("enum", pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=known))))
        elif c.name == "pattern":
            add("pattern", pc.invert(pc.match_substring_regex(col, c.value)))
        else:
            measure = pc.utf8_length(col) if c.kind.length else col
            bound = scalar(c.value, plain(measure).type)
            add(c.name, (pc.less if c.kind.bound == "lower" else pc.greater)(measure, bound))
    return out


def check(data: pa.Table, name: str | Table) -> list[Failure]:
    """Check an Arrow table against table ``name``'s schema; an empty list means valid.

    >>> import pyarrow as pa
    >>> bad = pa.table({"actor_id": ["act-usa", "ACT X"], "alias": ["US", ""]})
    >>> [str(f) for f in check(bad, "actor_aliases")]
    ['actor_id: pattern fails at row(s) 1', 'alias: min_length fails at row(s) 1']
    """
    t = table(name) if isinstance(name, str) else name
    if data.column_names != t.names:
        return [Failure(None, f"columns {t.names} (are {data.column_names})", ())]
    failures = _row_failures(t, data, unique=True)
    fields = [f for f in t.fields if _typed(f, data[f.name].type)]
    return _sorted(t, failures + _key_failures(t, [], {k: data[k] for k in _key_columns(t, fields)}))


def _row_failures(t: Table, data: Any, unique: bool) -> list[Failure]:
    """Every rule that looks at one row at a time (and, with ``unique``, each unique column)."""
    failures: list[Failure] = []
    for f in t.fields:
        failures.extend(_field_failures(f, data[f.name], unique))
    mistyped = {f.column for f in failures if f.check.startswith("type ")}
    for cols in t.ordered:
        for i in range(len(cols)):
            for j in range(i + 1, len(cols)):
                a, b = cols[i], cols[j]
                if {a, b} & mistyped:
                    continue
                rows = rows_where(pc.greater(data[a], data[b]))
                if rows:
                    failures.append(Failure(None, f"{a} <= {b}", rows))
    return failures


def _key_columns(t: Table, fields: list[Field]) -> list[str]:
    """The columns the cross-row rules need: each well-typed column of a multi-column key."""
    return list(dict.fromkeys(k for key in t.multi_column_keys for k in key if k in {f.name for f in fields}))


def _key_failures(t: Table, unique: list[Field], data: Mapping[str, Any],
                  keys: tuple[tuple[str, ...], ...] | None = None) -> list[Failure]:
    """Duplicates of each ``unique`` column and of each multi-column key (``keys``, by default
    every one of ``t``), over the whole table."""

    def one(column: str | None, key: tuple[str, ...]) -> Failure | None:
        cols = [plain(data[k]) for k in key]
        dup = _duplicated(cols)
        if len(cols) > 1 and any(c.null_count for c in cols):
            dup = pc.and_(dup, _all_valid(cols))
        rows = rows_where(dup)
        return Failure(column, "unique" if column else f"unique {list(key)}", rows) if rows else None

    tasks = [(f.name, (f.name,)) for f in unique]
    tasks += [(None, key) for key in (t.multi_column_keys if keys is None else keys) if all(k in data for k in key)]
    return [x for x in (one(*task) for task in tasks) if x is not None]


def _sorted(t: Table, failures: list[Failure]) -> list[Failure]:
    """Failures in the schema's order: per column (required, unique, then its constraints), then table rules."""
    rank = {f.name: i for i, f in enumerate(t.fields)}
    checks = {f.name: {c.name: i for i, c in enumerate(walk(f))} for f in t.fields}

    def order(x: Failure) -> tuple[int, int, int]:
        if x.column is None:
            return len(rank), 0 if x.check.startswith("unique") else 1, 0
        step = {"required": -2, "unique": -1}.get(x.check, checks[x.column].get(x.check, -3))
        return rank[x.column], step, 0

    return sorted(failures, key=order)


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


def bad_rows(failures: list[Failure]) -> set[int]:
    """Every row that some failure names.

    >>> bad_rows([Failure("a", "required", (1, 4)), Failure(None, "x <= y", (4, 7))])
    {1, 4, 7}
    """
    return {r for f in failures for r in f.rows}


def _code_point_offsets(text: str) -> np.ndarray:
    """The UTF-8 byte offset of every code point of ``text``, and its byte length last."""
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    widths = 1 + (cps >= 0x80).astype(np.int64) + (cps >= 0x800) + (cps >= 0x10000)
    return np.concatenate([[0], np.cumsum(widths)])


def _string_buffers(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The (offsets, bytes) of an Arrow string array, zero-copy."""
    large = pa.types.is_large_string(texts.type)
    _, offsets, data = texts.buffers()
    offs = np.frombuffer(offsets, dtype=np.int64 if large else np.int32)[texts.offset:texts.offset + len(texts) + 1]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offs.astype(np.int64), raw


def provenance_mismatches(evidence: pa.Table | Iterable[pa.RecordBatch], seeds: Mapping[str, str],
                          batch_rows: int = 16_384) -> np.ndarray:
    """Rows of ``evidence`` whose ``text`` is not ``seeds[source_id][start:end]``.

    ``evidence`` is a table or an iterable of record batches (``ParquetFile.iter_batches``
    of its ``source_id``, ``start``, ``end`` and ``text`` columns, so the spans stream).

    ``seeds`` maps a source id to its text; offsets are code points. No Python work
    per span: every seed's code-point offsets become UTF-8 byte offsets once, and
    each batch of ``batch_rows`` spans is compared byte for byte against its seed
    with numpy gathers (exact: no hashing), so memory stays at a few batches.

    >>> import pyarrow as pa
    >>> ev = pa.table({"source_id": ["a", "a", "b", "a"], "start": [0, 1, 0, 1], "end": [3, 3, 1, 2],
    ...                "text": ["abc", "xx", "a", "é"]})
    >>> provenance_mismatches(ev, {"a": "aéc"}).tolist()
    [0, 1, 2]
    """
    keys = list(seeds)
    maps = [_code_point_offsets(seeds[k]) for k in keys]
    cp_base = np.concatenate([[0], np.cumsum([len(m) for m in maps])]).astype(np.int64)
    cp_map = np.concatenate(maps) if maps else np.zeros(0, np.int64)
    encoded = [seeds[k].encode("utf-8") for k in keys]
    byte_base = np.concatenate([[0], np.cumsum([len(b) for b in encoded])]).astype(np.int64)
    seed_bytes = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    n_cps = np.array([len(m) - 1 for m in maps], dtype=np.int64)
    known = strings(keys)
    bad: list[np.ndarray] = []
    done = 0
    columns = ["source_id", "start", "end", "text"]
    batches = (evidence.select(columns).to_batches(max_chunksize=batch_rows) if isinstance(evidence, pa.Table)
               else (b.select(columns) for b in evidence))
    for batch in batches:
        code = pc.index_in(plain(batch.column(0)), value_set=known)
        valid = numpy_of(pc.is_valid(code))
        k = numpy_of(filled(code, 0)).astype(np.int64)
        s = numpy_of(filled(batch.column(1), -1)).astype(np.int64)
        e = numpy_of(filled(batch.column(2), -1)).astype(np.int64)
        texts = batch.column(3)
        if pa.types.is_dictionary(texts.type):
            texts = texts.cast(texts.type.value_type)
        t_offs, t_bytes = _string_buffers(texts)
        ok = valid & (s >= 0) & (s < e) & (e <= n_cps[k] if len(keys) else False) & numpy_of(texts.is_valid())
        s, e = np.where(ok, s, 0), np.where(ok, e, 0)
        b_start = np.where(ok, cp_map[cp_base[k] + s] + byte_base[k], 0)
        b_end = np.where(ok, cp_map[cp_base[k] + e] + byte_base[k], 0)
        t_len = np.diff(t_offs)
        ok &= t_len == b_end - b_start
        rows = np.flatnonzero(ok)
        lens = t_len[rows]
        total = int(lens.sum())
        if total:
            group = np.repeat(np.arange(len(rows)), lens)
            within = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
            differs = seed_bytes[b_start[rows][group] + within] != t_bytes[t_offs[:-1][rows][group] + within]
            ok[rows[np.bincount(group, weights=differs, minlength=len(rows)) > 0]] = False
        bad.append(np.flatnonzero(~ok) + done)
        done += batch.num_rows
    return np.concatenate(bad) if bad else np.zeros(0, np.int64)


def missing_references(values: Any, known: Any) -> tuple[int, ...]:
    """Rows where ``values`` is set but absent from ``known`` (a foreign key's check).

    >>> import pyarrow as pa
    >>> missing_references(pa.array(["a", None, "z", "b"]), pa.array(["a", "b"]))
    (2,)
    """
    values, known = plain(values), plain(known)
    if isinstance(known, pa.ChunkedArray):
        known = known.combine_chunks()
    return rows_where(pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=known))))
