"""What the drafting tests share: each seed drafted sentence by sentence, and a record checker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from typing import Any

from sahel_dataset.core import schema
from sahel_dataset.curation.context import Context
from sahel_dataset.curation.draft import draft, load_known
from sahel_dataset.curation.sentences import Sentence, split
from sahel_dataset.pipeline.evidence import resolve
from sahel_dataset.project import Project


@cache
def _known() -> dict[str, list[dict[str, Any]]]:
    return load_known(Project.find().data)


def contexts() -> Iterator[tuple[Context, Sentence]]:
    """Every sentence of every seed, with the seed's drafting context (against all curated records)."""
    project = Project.find()
    known = _known()
    for path in sorted(project.seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        source = next((s for s in known["sources"] if s.get("file") == path.name), {})
        ctx = Context(path.name, text, source, known)
        for sent in split(text):
            yield ctx, sent


def check(table: str, record: dict[str, Any], ctx: Context) -> None:
    """A drafted record: its codes are the schema's, its quotes its seed's words, its reasons given."""
    t = schema.table(table)
    for f in t.fields:
        value = record.get(f.name)
        if f.enum is not None and value is not None:
            assert value in f.enum, (table, f.name, value)
    for e in record.get("evidence", []):
        start, end = resolve(ctx.text, e["quote"], e.get("occurrence"))
        assert ctx.text[start:end] == e["quote"]
    assert record["draft"]["reasons"], (table, record)


def checked(table: str, make: Any) -> int:
    """How many records ``make(ctx, sent)`` drafts over every seed, each passing :func:`check`."""
    n = 0
    for ctx, sent in contexts():
        for record in make(ctx, sent):
            check(table, record, ctx)
            n += 1
    return n


def wire_draft(name: str, text: str, known: dict[str, list[dict[str, Any]]],
               published: dt.date = dt.date(2023, 6, 17)) -> dict[str, list[dict[str, Any]]]:
    """Draft a wire-style text written for a test as ``draft`` would after ``add-source --published``."""
    row = {"source_id": f"src-{name[:3]}", "file": name, "published_start": published, "published_end": published,
           "evidence": []}
    return draft(name, text, {**known, "sources": [*known["sources"], row]})
