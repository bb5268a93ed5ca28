"""Held-out articles for the drafting benchmark: read one, draft it, score it.

A held-out article is a pair of files under ``benchmarks/heldout/<set>/``:
``NAME.txt`` (a "TEST ARTICLE" header, a blank line, then the article) and
``NAME.gold.yaml``, written before the drafter was run on it::

    published: 2024-07-08
    records:
      events:
        - event_type: base_handover
          date_start: 2024-07-07
          evidence:
            - {quote: "handed over Air Base 101"}

Records are in the form of ``data/*.yaml``; each quote is resolved in the
article's text (the text after the header), as a curator's citation would be.
:func:`score` drafts the article against the curated data as a curator would,
with the gold ``published`` date as the source's publication window, and
compares the drafts with the gold records (:func:`sahel_dataset.curation.evaluate.compare`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..pipeline.evidence import resolve
from .evaluate import compare
from .match import NameIndex, name_key, record_names

FACTS = ("events", "deployments", "quotes", "figures", "agreements")
"""The tables a coder records facts in: recall and precision are summed over these."""


@dataclass(frozen=True)
class Article:
    """One held-out article: its name, its text (after the header), publication date and gold records."""

    name: str
    text: str
    published: dt.date
    gold: dict[str, list[dict[str, Any]]]


def article_text(raw: str) -> str:
    """The article after its header: the text after the first blank line.

    >>> article_text("TEST ARTICLE: not a source\\n\\nNIAMEY, Niger - Troops left.\\n")
    'NIAMEY, Niger - Troops left.\\n'
    """
    _head, sep, rest = raw.partition("\n\n")
    return rest if sep else raw


def read_article(path: Path) -> Article:
    """The article at ``path`` (``NAME.txt``) and its ``NAME.gold.yaml``; every gold quote is resolved
    (a :class:`~sahel_dataset.pipeline.evidence.CitationError` names the one that does not)."""
    text = article_text(path.read_text(encoding="utf-8"))
    gold_file = path.with_name(path.name[:-len(".txt")] + ".gold.yaml")
    doc = yaml.safe_load(gold_file.read_text(encoding="utf-8")) or {}
    published = doc.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    if not isinstance(published, dt.date):
        raise ValueError(f"{gold_file}: 'published' must be a date (YYYY-MM-DD)")
    gold: dict[str, list[dict[str, Any]]] = {}
    for table, records in (doc.get("records") or {}).items():
        gold[table] = []
        for r in records or []:
            r = dict(r)
            r["evidence"] = [{**c, "seed": path.name} for c in r.get("evidence") or []]
            for c in r["evidence"]:
                resolve(text, c["quote"], c.get("occurrence"))
            gold[table].append(r)
    return Article(path.name, text, published, gold)


def articles(folder: Path) -> list[Article]:
    """Every article of a held-out set (sorted by name); none when the folder is absent."""
    return [read_article(p) for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


def source_row(article: Article) -> dict[str, Any]:
    """The ``sources`` row a curator would have made with ``add-source --published``."""
    return {"source_id": f"src-{re.sub(r'[^a-z0-9]+', '-', article.name[:-4].lower())}", "file": article.name,
            "published_start": article.published, "published_end": article.published, "evidence": []}


def duplicates(known: dict[str, list[dict[str, Any]]], drafts: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The new actors and locations the drafts propose that a known record (or an earlier
    proposal) already holds by name or alias, in any of the forms of
    :class:`~sahel_dataset.curation.match.NameIndex` (case, "the", dots, plural, acronym).

    >>> known = {"actors": [{"actor_id": "act-dod", "name": "Department of Defense", "aliases": ["Pentagon"]}]}
    >>> duplicates(known, {"actors": [{"actor_id": "act-x", "name": "the Pentagon", "aliases": []}]})
    ['actors act-x (the Pentagon) = act-dod']
    """
    out = []
    for table, key in (("actors", "actor_id"), ("locations", "location_id")):
        held = NameIndex()
        for r in known.get(table, []):
            held.add_record(r, key)
        for r in drafts.get(table, []):
            hit = next((h for n in record_names(r) if (h := held.get(n))), None)
            if hit:
                out.append(f"{table} {r[key]} ({r.get('name')}) = {hit}")
            held.add_record(r, key)
    return out


def speakers(gold: list[dict[str, Any]], drafts: list[dict[str, Any]], seed: str, text: str) -> Counter:
    """Speakers right on the gold quotes a draft quote covers: the same known actor, or the same words.

    >>> q = {"quote": "troops left"}
    >>> g = [{"speaker_text": "the ministry", "evidence": [{**q, "seed": "a"}]}]
    >>> d = [{"speaker_text": "The ministry", "evidence": [{**q, "seed": "a"}]}]
    >>> dict(speakers(g, d, "a", "All troops left."))
    {'n': 1, 'ok': 1}
    """
    from .evaluate import pairs

    tally = Counter(n=0, ok=0)
    for c, d in pairs(gold, drafts, seed, text):
        tally["n"] += 1
        same_actor = c.get("speaker_actor_id") and c.get("speaker_actor_id") == d.get("speaker_actor_id")
        same_words = name_key(str(c.get("speaker_text", ""))) == name_key(str(d.get("speaker_text", "")))
        tally["ok"] += bool(same_actor or same_words)
    return tally


def score(article: Article, known: dict[str, list[dict[str, Any]]]) -> tuple[dict[str, Counter], Counter, list[str]]:
    """Draft ``article`` against ``known`` and compare: per-table tallies, speakers, duplicates proposed."""
    from .draft import draft

    known = {**known, "sources": [*known.get("sources", []), source_row(article)]}
    out = draft(article.name, article.text, known)
    result = compare(article.gold, out, article.name, article.text)
    return result, speakers(article.gold.get("quotes", []), out["quotes"], article.name, article.text), \
        duplicates(known, out)
