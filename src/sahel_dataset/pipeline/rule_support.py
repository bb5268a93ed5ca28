"""What every rule of the ``rules`` layer shares: the rows of a table, a located problem, the date groups of a
table and the sources each record cites (``pipeline/rules.py`` and ``pipeline/coding_rules.py`` use them)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

from ..core import schema
from ..core.errors import Problem

Row = dict[str, Any]
Tables = dict[str, pa.Table]


def problem(table: str, row: Row, field: str, message: str) -> Problem:
    """A problem of the ``rules`` layer located at the record's id and field.

    >>> print(problem("events", {"event_id": "evt-a"}, "date_end", "is missing"))
    table events: evt-a: date_end: is missing
    """
    return Problem(message, table=table, record_id=row[schema.table(table).id_field], field=field, check="rules")


class SharedRows(dict[str, pa.Table]):
    """Tables whose rows :func:`rows` turns into dicts once, for every rule that reads them
    (the rules read the same tables some 60 times; no rule changes a row it is given).

    >>> shared = SharedRows({"events": pa.table({"event_id": ["evt-a"]})})
    >>> rows(shared, "events") is rows(shared, "events")
    True
    """

    def __init__(self, tables: Tables) -> None:
        super().__init__(tables)
        self.as_rows: dict[str, list[Row]] = {}


def rows(tables: Tables, name: str) -> list[Row]:
    """The rows of a table as dicts, none if the table is absent (made once for :class:`SharedRows`).

    >>> rows({"events": pa.table({"event_id": ["evt-a"]})}, "events"), rows({}, "events")
    ([{'event_id': 'evt-a'}], [])
    """
    if name not in tables:
        return []
    if not isinstance(tables, SharedRows):
        return tables[name].to_pylist()
    if name not in tables.as_rows:
        tables.as_rows[name] = tables[name].to_pylist()
    return tables.as_rows[name]


def date_groups(name: str) -> list[str]:
    """The table's date groups (``x-date-groups``: ``date`` for ``date_text``, ``date_start``, ...).

    >>> date_groups("agreements")
    ['began', 'ended']
    """
    return list(schema.table(name).descriptor.get("x-date-groups", []))


def sources_of(tables: Tables) -> dict[tuple[str, str], list[str]]:
    """The sources each record cites, in order of first citation, by (table, record id).

    >>> ev = pa.table({"record_table": ["events"], "record_id": ["evt-a"], "source_id": ["src-001"]})
    >>> dict(sources_of({"evidence": ev}))
    {('events', 'evt-a'): ['src-001']}
    """
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ev in rows(tables, "evidence"):
        got = out[(ev["record_table"], ev["record_id"])]
        if ev["source_id"] not in got:
            got.append(ev["source_id"])
    return out
