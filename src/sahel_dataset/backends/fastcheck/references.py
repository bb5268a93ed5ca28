"""Foreign keys: each value a referenced table lacks, found with a hash anti-join (``is_in``)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from .rules import plain, rows_where


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
