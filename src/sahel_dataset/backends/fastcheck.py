"""Check a table's rules with plain pyarrow compute: the fast floor under pandera.

The rules come from the same Table Schema as the pandera models in
:mod:`sahel_dataset.pipeline.models` (so they cannot drift apart): the columns and their order, each
column's storage type, required (not null), unique, enum, pattern, minimum,
maximum, minimum and maximum length, a multi-column primary key, and ordered
pairs (``date_start <= date_end``). Every check is one vectorised Arrow kernel,
and a failure names the rows it found, so the result can be compared with
pandera's ``failure_cases`` row for row (``tests/unit/backends/test_fastcheck.py`` does).

:func:`provenance_mismatches` re-verifies evidence spans, grouped by source, many
times faster than a row-by-row loop.

Only pyarrow and numpy are imported: neither pandas nor pandera.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..constraints import walk
from ..schema import Field, Table, table


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


def _rows(mask: Any) -> tuple[int, ...]:
    """Row numbers where a boolean Arrow array is true (null counts as false)."""
    mask = pc.fill_null(mask, False)
    if isinstance(mask, pa.ChunkedArray):
        mask = mask.combine_chunks() if mask.num_chunks != 1 else mask.chunk(0)
    if not pc.any(mask).as_py():
        return ()
    return tuple(np.flatnonzero(mask.to_numpy(zero_copy_only=False)).tolist())


def _plain(col: Any) -> Any:
    """A column as plain values (dictionary arrays decoded)."""
    if pa.types.is_dictionary(col.type):
        return col.cast(col.type.value_type)
    return col


def _duplicated(cols: list[Any]) -> Any:
    """True for every row whose key occurs more than once (all occurrences, like pandera)."""
    if len(cols) == 1 and len(pc.unique(cols[0])) == len(cols[0]):
        return pa.array(np.zeros(len(cols[0]), dtype=bool))  # the common case: no duplicate
    names = [f"k{i}" for i in range(len(cols))]
    keys = pa.table(dict(zip(names, cols, strict=True)))
    counts = keys.group_by(names).aggregate([([], "count_all")])
    dups = counts.filter(pc.greater(counts["count_all"], 1))
    if dups.num_rows == 0:
        return pa.array([False] * keys.num_rows)
    if len(cols) == 1:
        return pc.is_in(cols[0], value_set=dups[names[0]].combine_chunks())
    marked = keys.append_column("_row", pa.array(np.arange(keys.num_rows)))
    hit = marked.join(dups.select(names), keys=names, join_type="inner")["_row"]
    mask = np.zeros(keys.num_rows, dtype=bool)
    mask[hit.to_numpy()] = True
    return pa.array(mask)


def _field_failures(f: Field, col: Any) -> list[Failure]:
    out: list[Failure] = []

    def add(check: str, mask: Any) -> None:
        rows = _rows(mask)
        if rows:
            out.append(Failure(f.name, check, rows))

    if not any(test(col.type) for test in _TYPES[f.type]) and not (
        f.enum is not None and pa.types.is_dictionary(col.type)
    ):
        return [Failure(f.name, f"type {f.type} (is {col.type})", ())]
    if f.required and col.null_count:
        add("required", pc.is_null(col))
    if f.unique:
        add("unique", _duplicated([col]))
    for c in walk(f):
        if c.name == "enum":
            plain = _plain(col)
            known = pa.array(c.value, pa.string())
            add("enum", pc.and_(pc.is_valid(plain), pc.invert(pc.is_in(plain, value_set=known))))
        elif c.name == "pattern":
            add("pattern", pc.invert(pc.match_substring_regex(col, c.value)))
        else:
            measure = pc.utf8_length(col) if c.kind.length else col
            add(c.name, (pc.less if c.kind.bound == "lower" else pc.greater)(measure, c.value))
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
    failures: list[Failure] = []
    for f in t.fields:
        failures.extend(_field_failures(f, data[f.name]))
    if len(t.primary_key) > 1:
        rows = _rows(_duplicated([_plain(data[k]) for k in t.primary_key]))
        if rows:
            failures.append(Failure(None, f"unique {list(t.primary_key)}", rows))
    mistyped = {f.column for f in failures if f.check.startswith("type ")}
    for cols in t.ordered:
        for i in range(len(cols)):
            for j in range(i + 1, len(cols)):
                a, b = cols[i], cols[j]
                if {a, b} & mistyped:
                    continue
                rows = _rows(pc.greater(data[a], data[b]))
                if rows:
                    failures.append(Failure(None, f"{a} <= {b}", rows))
    return failures


def bad_rows(failures: list[Failure]) -> set[int]:
    """Every row that some failure names.

    >>> bad_rows([Failure("a", "required", (1, 4)), Failure(None, "x <= y", (4, 7))])
    {1, 4, 7}
    """
    return {r for f in failures for r in f.rows}


def provenance_mismatches(evidence: pa.Table, seeds: Mapping[str, str]) -> np.ndarray:
    """Rows of ``evidence`` whose ``text`` is not ``seeds[source_id][start:end]``.

    ``seeds`` maps a source id to its text; offsets are code points. Spans are
    grouped by source and each source's substrings are compared in one Arrow
    kernel: the same rule as :func:`sahel_dataset.pipeline.evidence.mismatches`, exact
    (no hashing), a million spans in well under a second.

    >>> import pyarrow as pa
    >>> ev = pa.table({"source_id": ["a", "a", "b"], "start": [0, 1, 0], "end": [3, 3, 1],
    ...                "text": ["abc", "xx", "a"]})
    >>> provenance_mismatches(ev, {"a": "abcd"}).tolist()
    [1, 2]
    """
    n = evidence.num_rows
    source = _plain(evidence["source_id"]).combine_chunks()
    starts = evidence["start"].to_numpy()
    ends = evidence["end"].to_numpy()
    texts = evidence["text"].combine_chunks()
    bad = np.ones(n, dtype=bool)  # an unknown source stays a mismatch
    encoded = source.dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(encoded.dictionary) + 1))
    for k, key in enumerate(encoded.dictionary.to_pylist()):
        seed = seeds.get(key)
        if seed is None:
            continue
        rows = order[bounds[k]:bounds[k + 1]]
        s, e = starts[rows], ends[rows]
        ok = (s >= 0) & (s < e) & (e <= len(seed))
        s, e = np.where(ok, s, 0), np.where(ok, e, 0)
        sliced = pa.array([seed[a:b] for a, b in zip(s.tolist(), e.tolist(), strict=True)], pa.string())
        same = pc.fill_null(pc.equal(sliced, texts.take(pa.array(rows))), False).to_numpy(zero_copy_only=False)
        bad[rows] = ~(ok & same)
    return np.flatnonzero(bad)
