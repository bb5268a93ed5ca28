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
from functools import cache
from typing import Any

from .catalog import row_counts
from .core import schema
from .core.errors import UsageError, shown


def summaries() -> list[tuple[str, int, str]]:
    """(name, rows, one-line description) of every table.

    >>> summaries()[0][0]
    'sources'
    """
    counts = row_counts()
    return [(t.name, counts.get(t.name, 0), t.description) for t in schema.tables()]


VIEWS: dict[str, tuple[tuple[str, ...], str]] = {
    "event_view": (("event_id",), "One row per event, flat as ACLED and UCDP ship them: type, dates, place, "
                   "point, actors, sources (sahel_dataset.event_view())."),
    "troop_view": (("sender_actor_id", "host_location_id", "period"), "One row per sender, host and month: "
                     "the force's low, best and high numbers (sahel_dataset.troop_view())."),
}
"""The derived views ``show`` and ``tables`` offer beside the tables: key and what one row is."""


def view_summaries() -> list[tuple[str, int, str]]:
    """(name, rows, one-line description) of every derived view (computed: pandas is imported).

    >>> [name for name, _, _ in view_summaries()]
    ['event_view', 'troop_view']
    """
    return [(name, len(_view_rows(name)), description) for name, (_, description) in VIEWS.items()]


def _table(name: str) -> schema.Table:
    if name in VIEWS:
        return _view_table(name)
    if name not in schema.table_names():
        valid = [*schema.table_names(), *VIEWS]
        raise UsageError(f"unknown table {shown(name)}; valid tables and views: {', '.join(valid)}")
    return schema.table(name)


def table_of(name: str) -> schema.Table:
    """The schema of table ``name``, or of a derived view (:data:`VIEWS`) as its frame types it.

    >>> table_of("event_view").primary_key, table_of("event_view").field("date_start").type
    (('event_id',), 'date')
    """
    return _table(name)


@cache
def _view_frame(name: str) -> Any:
    from . import views

    return {"event_view": views.event_view, "troop_view": views.troop_view}[name]()


@cache
def _view_table(name: str) -> schema.Table:
    frame = _view_frame(name)
    descriptions = frame.attrs.get("columns", {})

    def kind(dtype: Any) -> str:
        text = str(dtype)
        return ("date" if text.startswith("datetime") else "integer" if text.startswith(("Int", "int"))
                else "number" if text.startswith(("Float", "float")) else "string")

    return schema.Table.from_descriptor({
        "name": name, "description": VIEWS[name][1], "primaryKey": list(VIEWS[name][0]),
        "fields": [{"name": c, "type": kind(frame[c].dtype), "description": descriptions.get(c, "")}
                   for c in frame.columns]})


@cache
def _view_rows(name: str) -> tuple[dict[str, Any], ...]:
    frame = _view_frame(name).astype(object)
    frame = frame.where(frame.notna(), None)
    return tuple({k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records"))


def _plain(value: Any) -> Any:
    """A view's cell as the tables' rows hold it: a day as ISO text, numpy numbers as Python's."""
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat()
    return value.item() if hasattr(value, "item") else value


def rows(
    name: str, where: list[str] | tuple[str, ...] = (), columns: list[str] | tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Rows of table ``name`` (as dicts, dates as ISO strings) matching every ``FIELD=VALUE``.

    ``columns`` (default: all) are the fields each row keeps; only those and the
    filtered ones are read. A value outside a field's allowed codes is an error that
    lists them.

    >>> [r["event_id"] for r in rows("events", ["event_id=evt-niger-coup"])]
    ['evt-niger-coup']
    >>> rows("events", ["event_type=coup"], columns=["event_id"])[0]
    {'event_id': 'evt-burkina-faso-coup'}
    >>> rows("events", ["colour=red"])
    Traceback (most recent call last):
    ...
    sahel_dataset.core.errors.UsageError: table 'events' has no field 'colour'; fields: event_id, ...
    >>> rows("events", ["status=done"])
    Traceback (most recent call last):
    ...
    sahel_dataset.core.errors.UsageError: 'done' is not a value of events.status; allowed: occurred, announced, ...
    """
    t = _table(name)
    filters = []
    for condition in where:
        field, sep, value = condition.partition("=")
        if not sep:
            raise UsageError(f"--where expects FIELD=VALUE, got {shown(condition)}")
        _check_fields(t, [field])
        allowed = t.field(field).enum
        if allowed is not None and value not in allowed:
            raise UsageError(f"{shown(value)} is not a value of {name}.{field}; allowed: {', '.join(allowed)}")
        filters.append((field, value))
    keep = list(t.names if columns is None else columns)
    _check_fields(t, keep)
    read = [f for f in t.names if f in keep or any(f == g for g, _ in filters)]
    if name in VIEWS:
        records = [dict(r) for r in _view_rows(name)]
    else:
        import pyarrow.parquet as pq

        from .core.descriptor import PACKAGE_DIR

        # ParquetFile, not read_table: read_table goes through pyarrow.dataset, which imports pandas.
        records = pq.ParquetFile(PACKAGE_DIR / "parquet" / f"{name}.parquet").read(columns=read).to_pylist()
    out = []
    for r in records:
        r = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
        if all(_text(r[f]) == v for f, v in filters):
            out.append({k: r[k] for k in keep})
    return out


def sort_rows(records: list[dict[str, Any]], by: str, t: schema.Table) -> list[dict[str, Any]]:
    """``records`` sorted by field ``by`` (``-field``: descending); empty values last either way.

    >>> t = schema.table("deployments")
    >>> [r["count_best"] for r in sort_rows([{"count_best": 2}, {"count_best": None}, {"count_best": 10}],
    ...                                     "-count_best", t)]
    [10, 2, None]
    """
    field = by.removeprefix("-")
    _check_fields(t, [field])
    present = [r for r in records if r.get(field) is not None]
    empty = [r for r in records if r.get(field) is None]
    return sorted(present, key=lambda r: r[field], reverse=by.startswith("-")) + empty


def _check_fields(t: schema.Table, fields: list[str] | tuple[str, ...]) -> None:
    for field in fields:
        if field not in t.names:
            raise UsageError(f"table {t.name!r} has no field {shown(field)}; fields: {', '.join(t.names)}")


def record_key(t: schema.Table, row: dict[str, Any]) -> str:
    """A row's id as people type it: its primary-key values joined by ``/``.

    >>> record_key(schema.table("event_actors"), {"event_id": "evt-a", "actor_id": "act-b", "role": "target"})
    'evt-a/act-b/target'
    """
    return "/".join(_text(row[k]) for k in t.primary_key)


def record(name: str, record_id: str) -> dict[str, Any]:
    """The row of table ``name`` whose id (:func:`record_key`) is ``record_id``.

    >>> record("events", "evt-niger-coup")["event_type"]
    'coup'
    >>> record("events", "evt-nope")
    Traceback (most recent call last):
    ...
    sahel_dataset.core.errors.UsageError: no record 'evt-nope' in events; its ids look like evt-niger-coup
    """
    t = _table(name)
    for r in rows(name):
        if record_key(t, r) == record_id:
            return r
    example = t.field(t.id_field).example or t.id_field
    raise UsageError(f"no record {shown(record_id)} in {name}; its ids look like {example}")


def fit_columns(name: str, records: list[dict[str, Any]], width: int) -> list[str]:
    """The columns of table ``name`` to show by default: as many as fit ``width``
    characters with every value whole, in schema order.

    The key comes first, then start dates, required codes and numbers, other dates,
    other codes and numbers, then the rest; a column
    whose values are too long to fit (free text) is left for the record view.
    Widths count a one-space margin and a separator per column (the layout of
    ``sahel-dataset show``).

    >>> fit_columns("events", rows("events"), 80)
    ['event_id', 'summary', 'date_start']
    >>> "text" in fit_columns("quotes", rows("quotes"), 80)
    True
    """
    t = _table(name)

    def natural(f: str) -> int:
        return max([len(f), *(len(_text(r.get(f))) for r in records)])

    def rank(f: schema.Field) -> float:
        coded = f.enum is not None or f.type in ("integer", "number", "boolean")
        dated = f.type in ("date", "datetime", "year")
        if f.name in t.primary_key:
            return 0
        if f.name in FIRST.get(name, ()):
            return 0.5
        if dated and f.name.endswith("_start"):
            return 1
        if coded and f.required:
            return 2
        return 3 if dated else 4 if coded else 5

    reading = next((f for f in READING if f in t.names and f not in t.primary_key), None)
    budget = width - (READING_MIN + 3 if reading else 0)  # room kept for the text a person reads
    chosen: set[str] = {reading} if reading else set()
    used = -1  # n columns take 3n - 1 characters besides their text
    for f in sorted(t.fields, key=rank):
        need = natural(f.name) + 3
        if f.name != reading and (f.name in t.primary_key or used + need <= budget):
            chosen.add(f.name)
            used += need
    return [f for f in t.names if f in chosen]


FIRST = {"troop_view": ("count_low", "count_best", "count_high")}
"""Columns a view shows first after its key: the numbers a troop level is read for."""

READING = ("summary", "text")
"""The free-text column ``show`` always includes when a table has one (folded to the width
left): what a person reads an event, a discrepancy or a quote for."""

READING_MIN = 24
"""The least width kept for that column."""


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

    def to_dict(self) -> dict[str, Any]:
        """The hit as JSON-ready fields.

        >>> Hit("events", "evt-a", "summary", "text").to_dict()["record_id"]
        'evt-a'
        """
        return {"table": self.table, "record_id": self.record_id, "field": self.field, "text": self.text,
                "evidence_id": self.evidence_id}


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
                        hits.append(Hit(t.name, record_key(t, r), f, text))
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
