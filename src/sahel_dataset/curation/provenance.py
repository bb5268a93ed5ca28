"""Trace a record to its sources: its fields, and each evidence span inside its sentence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core import schema
from .sentences import sentence_at, split


class RecordNotFound(LookupError):
    """No table holds a record with this id."""


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def find_record(tables: dict[str, list[dict[str, Any]]], record_id: str) -> tuple[str, dict[str, Any]]:
    """The table and row of ``record_id``, searching every curated table's id column.

    >>> from sahel_dataset.curation.workspace import shipped_workspace
    >>> find_record(shipped_workspace().tables, "evt-niger-coup")[0]
    'events'
    """
    for t in schema.tables():
        if t.curated_file is None or t.name not in tables:
            continue
        for row in tables[t.name]:
            if row.get(t.id_field) == record_id:
                return t.name, row
    raise RecordNotFound(f"no record or evidence span has the id {record_id!r}")


def provenance(tables: dict[str, list[dict[str, Any]]], seeds: dict[str, str], record_id: str) -> dict[str, Any]:
    """A record's fields, its link-table rows, and every evidence span with its sentence and source.

    Given an evidence id (``ev-...``), the report is the record that span supports,
    with that span only, and ``evidence_id`` says which it is.

    Each evidence item has the span (``start``, ``end``, ``text``), the sentence(s) it
    lies in (``sentence_start``, ``sentence_end``, ``sentence``) and the source's
    ``title``, ``label`` and publication date (``published``: the text the seed states,
    else the resolved interval and its basis).

    >>> from sahel_dataset.curation.workspace import shipped_workspace
    >>> ws = shipped_workspace()
    >>> p = provenance(ws.tables, ws.seeds, "evt-niger-coup")
    >>> p["table"], p["fields"]["event_type"], all(e["text"] in e["sentence"] for e in p["evidence"])
    ('events', 'coup', True)
    >>> one = provenance(ws.tables, ws.seeds, "ev-evt-niger-coup-1")
    >>> one["record_id"], [e["evidence_id"] for e in one["evidence"]]
    ('evt-niger-coup', ['ev-evt-niger-coup-1'])
    """
    span = next((r for r in tables["evidence"] if r["evidence_id"] == record_id), None)
    if span is not None:
        report = provenance(tables, seeds, span["record_id"])
        report["evidence"] = [e for e in report["evidence"] if e["evidence_id"] == record_id]
        return report | {"evidence_id": record_id}
    table, row = find_record(tables, record_id)
    t = schema.table(table)
    children = {}
    for child in t.children:
        children[child.table] = [{k: _plain(v) for k, v in r.items()} for r in tables.get(child.table, [])
                                 if r.get(child.parent_field) == record_id]
    sources = {r["source_id"]: r for r in tables["sources"]}
    items = []
    for ev in sorted((r for r in tables["evidence"] if r["record_id"] == record_id and r["record_table"] == table),
                     key=lambda r: r["evidence_id"]):
        src = sources[ev["source_id"]]
        text = seeds[src["file"]]
        hit = sentence_at(split(text), ev["start"], ev["end"])
        s, e = (hit[0].start, hit[-1].end) if hit else (ev["start"], ev["end"])
        items.append({
            "evidence_id": ev["evidence_id"], "field": ev.get("field"), "source_id": ev["source_id"],
            "seed": src["file"], "start": ev["start"], "end": ev["end"], "text": ev["text"],
            "sentence_start": s, "sentence_end": e, "sentence": text[s:e],
            "title": src.get("title"), "label": src.get("label"), "published": published(src),
        })
    return {"record_id": record_id, "table": table, "fields": {k: _plain(v) for k, v in row.items()},
            "children": children, "evidence": items}


def published(source: dict[str, Any]) -> str:
    """A source's publication date for people: its own words, else the interval and basis.

    >>> published({"published_text": "17 September, 2024", "published_start": dt.date(2024, 9, 17)})
    '17 September, 2024'
    >>> published({"published_start": dt.date(2024, 4, 1), "published_end": dt.date(2024, 4, 30),
    ...            "published_basis": "inferred"})
    '2024-04-01..2024-04-30 (inferred)'
    """
    if source.get("published_text"):
        return str(source["published_text"])
    start, end = source.get("published_start"), source.get("published_end")
    if start is None:
        return "unknown"
    span = str(_plain(start)) if end in (None, start) else f"{_plain(start)}..{_plain(end)}"
    basis = source.get("published_basis")
    return f"{span} ({basis})" if basis else span


def render(report: dict[str, Any], console: Any) -> None:
    """Print a provenance report with rich: fields, then each span highlighted in its sentence."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    if report.get("evidence_id"):
        console.print(f"{report['evidence_id']} is evidence for {report['table']} {report['record_id']}",
                      markup=False)
    grid = Table("field", "value", title=f"{report['table']}: {report['record_id']}", show_lines=False)
    for k, v in report["fields"].items():
        if v is not None:
            grid.add_row(k, Text(str(v)))  # a value is text, never markup
    console.print(grid, soft_wrap=False)
    for name, rows in report["children"].items():
        if rows:
            console.print(f"{name}: " + "; ".join(", ".join(f"{k}={v}" for k, v in r.items() if v is not None)
                                                    for r in rows), markup=False, soft_wrap=False)
    if not report["evidence"]:
        console.print("no evidence")
    for ev in report["evidence"]:
        body = Text(ev["sentence"])
        a, b = ev["start"] - ev["sentence_start"], ev["end"] - ev["sentence_start"]
        body.stylize("bold black on yellow", a, b)
        title = f"{ev['evidence_id']}  {ev['seed']} [{ev['start']}:{ev['end']}]" + (
            f"  field={ev['field']}" if ev["field"] else "")
        body.append(f"\n{ev['source_id']}: {ev['title'] or ev['label']} · published {ev['published']}", style="dim")
        console.print(Panel(body, title=Text(title), title_align="left"), soft_wrap=False)
