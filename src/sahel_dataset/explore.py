"""Look at the shipped data from the command line: list tables, show rows, search text.

Everything reads the Data Package that ships inside the package, through Arrow, so
that these commands stay fast and need neither pandas nor the build.

>>> ("events", "One row per real-world happening, merged across seeds.") in [(n, d) for n, _, d in summaries()]
True
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from . import schema
from .curation.datasheet import row_counts


class UsageError(ValueError):
    """A table, field or filter the user asked for does not exist."""


def summaries() -> list[tuple[str, int, str]]:
    """(name, rows, one-line description) of every table.

    >>> summaries()[0][0]
    'sources'
    """
    counts = row_counts()
    return [(t.name, counts.get(t.name, 0), t.description) for t in schema.tables()]


def _table(name: str) -> schema.Table:
    if name not in schema.table_names():
        raise UsageError(f"unknown table {name!r}; valid tables: {', '.join(schema.table_names())}")
    return schema.table(name)


def rows(name: str, where: list[str] | tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows of table ``name`` (as dicts, dates as ISO strings) matching every ``FIELD=VALUE``.

    >>> [r["event_id"] for r in rows("events", ["event_id=evt-niger-coup"])]
    ['evt-niger-coup']
    >>> rows("events", ["colour=red"])
    Traceback (most recent call last):
    ...
    sahel_dataset.explore.UsageError: table 'events' has no field 'colour'; fields: event_id, ...
    """
    import pyarrow.parquet as pq

    from .load import PACKAGE_DIR

    t = _table(name)
    filters = []
    for condition in where:
        field, sep, value = condition.partition("=")
        if not sep:
            raise UsageError(f"--where expects FIELD=VALUE, got {condition!r}")
        if field not in t.names:
            raise UsageError(f"table {name!r} has no field {field!r}; fields: {', '.join(t.names)}")
        filters.append((field, value))
    records = pq.read_table(PACKAGE_DIR / "parquet" / f"{name}.parquet").to_pylist()
    out = []
    for r in records:
        r = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
        if all(_text(r[f]) == v for f, v in filters):
            out.append(r)
    return out


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def to_csv(records: list[dict[str, Any]], fields: list[str]) -> str:
    """Records as CSV text (header first; null as an empty cell).

    >>> to_csv([{"a": 1, "b": None}], ["a", "b"]).splitlines()
    ['a,b', '1,']
    """
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buf.getvalue()


def to_json(records: list[dict[str, Any]]) -> str:
    """Records as a JSON array.

    >>> to_json([{"a": 1}])
    '[\\n  {\\n    "a": 1\\n  }\\n]'
    """
    return json.dumps(records, indent=2, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class Hit:
    """A text field of a record that contains every searched word."""

    table: str
    record_id: str
    field: str
    text: str
    evidence_id: str | None = None


def _text_fields(t: schema.Table) -> list[str]:
    # free text: strings that are neither codes (enum), ids nor hashes (pattern)
    return [f.name for f in t.fields if f.type == "string" and f.enum is None and f.pattern is None]


def search(words: list[str] | str) -> list[Hit]:
    """Records whose text (or evidence) contains every word, case-insensitively.

    Evidence spans are reported under the record they support.

    >>> any(h.record_id == "evt-niger-coup" for h in search("mutinous soldiers"))
    True
    """
    terms = [w.lower() for w in (words.split() if isinstance(words, str) else words) if w.strip()]
    if not terms:
        raise UsageError("give at least one word to search for")
    hits = []
    for t in schema.tables():
        fields = _text_fields(t)
        if not fields:
            continue
        for r in rows(t.name):
            for f in fields:
                text = _text(r.get(f))
                if text and all(w in text.lower() for w in terms):
                    if t.name == "evidence":
                        hits.append(Hit(r["record_table"], r["record_id"], "evidence", text, r["evidence_id"]))
                    else:
                        key = "/".join(_text(r[k]) for k in t.primary_key)
                        hits.append(Hit(t.name, key, f, text))
    return hits


def snippet(text: str, words: list[str], width: int = 100) -> str:
    """A window of ``text`` around the first searched word.

    >>> snippet("a b c needle d e", ["needle"], width=8)
    '...c needle...'
    """
    text = re.sub(r"\s+", " ", text)
    if len(text) <= width:
        return text
    low = text.lower()
    at = min((low.find(w.lower()) for w in words if w.lower() in low), default=0)
    start = max(0, at - width // 4)
    end = min(len(text), start + width)
    return ("..." if start else "") + text[start:end].strip() + ("..." if end < len(text) else "")
