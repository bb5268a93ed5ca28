"""Check a table's rules with plain pyarrow compute, in memory: :func:`check`.

Every rule of the Table Schema (see :mod:`sahel_dataset.backends.fastcheck`) is one
vectorised Arrow kernel, and a failure names the rows it found; the same helpers
serve the streamed check (:mod:`.streamed`) and the foreign keys (:mod:`.references`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...core.constraints import walk
from ...core.schema import Field, Table, table
from ...utils.arrow import booleans, falses, filled, int64s, numpy_of, scalar, value_set


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
            known = value_set(tuple(c.value))
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


def bad_rows(failures: list[Failure]) -> set[int]:
    """Every row that some failure names.

    >>> bad_rows([Failure("a", "required", (1, 4)), Failure(None, "x <= y", (4, 7))])
    {1, 4, 7}
    """
    return {r for f in failures for r in f.rows}
