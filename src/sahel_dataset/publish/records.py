"""The dataset as the reader site needs it: plain rows, where each record's page is,
what links where, and each evidence span with its context.

Everything comes from the tables as ``load()`` returns them and from the schema
(foreign keys give the links both ways), so a new table or column appears on the
site without a change here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..core import schema

LABEL_FIELDS = ("name", "title", "label", "alias", "subject", "topic", "summary", "text")
"""The fields that name a record for a reader, in order of preference."""

CONTEXT = 160
"""Characters of article text shown on each side of an evidence span on a record page."""


def plain(value: Any) -> Any:
    """A table cell as plain Python: None for missing, ``YYYY-MM-DD`` for dates, int for whole counts.

    >>> import pandas as pd
    >>> [plain(v) for v in (pd.NA, pd.Timestamp("2024-09-16"), 3, "x", float("nan"))]
    [None, '2024-09-16', 3, 'x', None]
    """
    if value is None:
        return None
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return value.date().isoformat() if hasattr(value, "date") else value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def page_name(record_id: str) -> str:
    """The file name of a record's page: its id, with anything but ``[A-Za-z0-9._-]`` escaped
    (a link to it quotes the name once more, as a URL path).

    >>> page_name("evt-niger-coup"), page_name("../x y")
    ('evt-niger-coup.html', '..%2Fx%20y.html')
    """
    return f"{quote(record_id, safe='')}.html"


@dataclass
class Dataset:
    """Every table's rows (plain dicts) and schema, with the indexes the pages need."""

    tables: dict[str, list[dict[str, Any]]]
    schemas: dict[str, schema.Table]
    where: dict[str, str] = field(default_factory=dict)  # record id -> its table
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)  # record id -> its row

    @classmethod
    def load(cls, version: str | None = None) -> Dataset:
        """Every table of the shipped data (or of release ``version``)."""
        from ..catalog import load_all, table_schema

        frames = load_all(version=version)
        tables = {n: [{k: plain(v) for k, v in r.items()} for r in f.to_dict("records")] for n, f in frames.items()}
        data = cls(tables, {n: table_schema(n, version) for n in frames})
        for name in data.paged_tables():
            key = data.schemas[name].id_field
            for row in tables[name]:
                data.where.setdefault(row[key], name)
                data.by_id.setdefault(row[key], row)
        return data

    def paged_tables(self) -> list[str]:
        """The tables whose records get a page: those with a one-column primary key."""
        return [n for n, t in self.schemas.items() if len(t.primary_key) == 1]

    def href(self, record_id: Any, table: str | None = None) -> str | None:
        """The site-relative path of a record's page, or None if it has none."""
        if not isinstance(record_id, str):
            return None
        table = table or self.where.get(record_id)
        if table not in self.schemas or self.where.get(record_id) != table:
            return None
        return f"records/{table}/{quote(page_name(record_id))}"

    def label(self, row: dict[str, Any], table: str) -> str:
        """A short readable name for a record (its name, title, summary... cut to 120 characters)."""
        names = self.schemas[table].names
        for f in LABEL_FIELDS:
            if f in names and row.get(f):
                text = " ".join(str(row[f]).split())
                return text if len(text) <= 120 else text[:119] + "…"
        return " · ".join(str(row[k]) for k in self.schemas[table].primary_key)

    def links(self, row: dict[str, Any], table: str) -> dict[str, str]:
        """Field -> page of the record the value refers to (foreign keys, and polymorphic ``record_id``)."""
        out = {}
        t = self.schemas[table]
        targets = {fk.field: fk.table for fk in t.foreign_keys}
        if len(t.primary_key) == 1:
            targets[t.id_field] = table
        for name in t.names:
            value = row.get(name)
            if name in targets:
                ref = self.href(value, targets[name])
            elif name == "record_id":
                ref = self.href(value, row.get("record_table"))
            else:
                continue
            if ref:
                out[name] = ref
        return out

    def cells(self, row: dict[str, Any], table: str) -> list[dict[str, Any]]:
        """The row's fields for a page: name, value, description, link (None where none)."""
        links = self.links(row, table)
        return [{"name": f.name, "value": row.get(f.name), "description": f.description,
                 "href": links.get(f.name)} for f in self.schemas[table].fields]

    def referencing(self, record_id: str, table: str) -> list[dict[str, Any]]:
        """Rows of other tables whose foreign keys (or ``record_id``) point at this record, grouped by table."""
        groups = []
        for name, t in self.schemas.items():
            if name == "evidence":
                continue  # shown apart, with its context in the article
            columns = [fk.field for fk in t.foreign_keys if fk.table == table]
            if "record_id" in t.names:
                columns.append("record_id")
            rows = [r for r in self.tables[name] if any(r.get(c) == record_id for c in columns)
                    and not (name == table and r.get(t.id_field) == record_id)]
            if rows:
                groups.append({"table": name, "title": t.title, "columns": t.names,
                               "rows": [{"cells": self.cells(r, name)} for r in rows]})
        return groups

    def evidence_of(self, record_id: str, texts: dict[str, str]) -> list[dict[str, Any]]:
        """The evidence spans of a record, each with the article text around it."""
        out = []
        for ev in self.tables.get("evidence", []):
            if ev["record_id"] != record_id:
                continue
            text = texts[ev["source_id"]]
            a, b = ev["start"], ev["end"]
            lo, hi = max(0, a - CONTEXT), min(len(text), b + CONTEXT)
            out.append({**ev, "before": ("…" if lo else "") + text[lo:a], "span": text[a:b],
                        "after": text[b:hi] + ("…" if hi < len(text) else ""),
                        "article": f"articles/{quote(page_name(ev['source_id']))}#{quote(ev['evidence_id'], safe='')}"})
        return out
