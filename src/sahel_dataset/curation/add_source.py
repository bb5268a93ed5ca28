"""Add an article to ``seeds/``: the file byte for byte, its manifest row and its ``sources`` record.

The seed is named ``NNN_<first 16 hex digits of its sha256>.txt`` with the next
free number. (The five original seeds' 16 hex digits do not derive from their
contents; new seeds take them from the sha256 the manifest records, so a name can
be checked against its bytes.) The ``sources`` record holds what the text itself
shows: the title (the first line), a dateline, a stated publication date and a
photo credit as attribution, each cited. Without a stated date the publication
window is inferred from the dated facts it reports: absolute dates it states, and
known events it seems to report (see :func:`sahel_dataset.curation.events.same_as`);
the note says which.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.constraints import unsafe_character
from ..core.errors import DataError, Problem
from ..pipeline.dates import month_end, propose
from ..pipeline.seeds import MANIFEST, read_manifest
from ..project import Project
from ..utils.outputs import replace_files
from ..utils.reading import ARTICLE_BYTES, TooLarge, read_regular
from .context import Context
from .draft import load_known
from .events import clause_of, same_as
from .patterns import event_status, triggers
from .records import appended, cite
from .sentences import split
from .suggest import candidates

_STATED = re.compile(r"^(\d{1,2} [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+ \d{1,2},? \d{4})(?=\s|$)", re.M)
_DATELINE = re.compile(r"^([A-Z][\w.,' ]{0,40}?)\s+[\u2014\u2013]\s", re.M)
DATING_SCORE = 75.0
"""Least likeness (see ``same_as``) for a known event to date a new seed: dating needs more than merging."""
_CREDIT = re.compile(r"Photo(?: credits?)?:\s*\S.*|^Read More .*News$")


@dataclass(frozen=True)
class Added:
    """What :func:`add_source` wrote."""

    seed: str
    source: dict[str, Any]


def _refuse(message: str, path: Path) -> DataError:
    return DataError([Problem(message, file=str(path), check="seeds")])


def publication(seed: str, text: str, known: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The publication-date fields for a seed's ``sources`` record: stated, else inferred, with the note.

    >>> publication("009_x.txt", "Title\\n17 September, 2024 The US left.", {})["published_basis"]
    'stated'
    >>> p = publication("009_x.txt", "Russian instructors arrived in early April 2024.", {})
    >>> str(p["published_start"]), str(p["published_end"]), p["published_basis"]
    ('2024-04-01', '2024-04-30', 'inferred')
    """
    m = _STATED.search(text)
    if m:
        got = propose(m.group(1), dt.date(2000, 1, 1))
        if got.basis == "stated" and got.start:
            return {"published_text": m.group(1), "published_start": got.start, "published_end": got.end,
                    "published_precision": got.precision, "published_basis": "stated"}
    facts: list[tuple[dt.date, str]] = []
    for c in candidates(text):
        p = propose(c.text, dt.date(2000, 1, 1)) if c.kind == "time" else None
        if p and p.basis == "stated" and p.start and p.precision in ("day", "week", "month"):
            facts.append((p.start, f"it states {c.text!r}"))
    ctx = Context(seed, text, {}, known)
    for sent in split(text):
        for trig in triggers(sent.text):
            a, b = clause_of(sent, trig.start, trig.end)
            if event_status(text[a:b])[0] != "occurred":
                continue  # a planned or announced event dates nothing before publication
            match = same_as(ctx, trig.event_type, text[a:b])
            ev = match[0] if match and match[1] >= DATING_SCORE else {}
            if ev.get("date_start") and ev.get("status") == "occurred" and ev.get("date_precision") in (
                    "day", "week", "month"):
                facts.append((ev["date_start"], f"it seems to report {ev['event_id']} ({ev['date_start']})"))
    if not facts:
        return {"published_note": "No stated date and no dated fact found: set the publication date by hand."}
    latest, why = max(facts)
    start, end = dt.date(latest.year, latest.month, 1), month_end(latest.year, latest.month)
    return {"published_start": start, "published_end": end, "published_precision": "month",
            "published_basis": "inferred",
            "published_note": f"Proposed by add-source: the seed states no date; the latest dated fact it reports is "
                              f"in {latest:%B %Y} ({why}), so the month of that fact is assumed. Check it."}


def describe(seed: str, text: str, source_id: str, known: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The ``sources`` record of a new seed: what the text shows, each cited.

    >>> r = describe("009_x.txt", "A Title\\n17 September, 2024 Text. Photo credits: A/AP More.", "src-009", {})
    >>> r["title"], r["published_text"], r["attribution"]
    ('A Title', '17 September, 2024', 'Photo credits: A/AP')
    """
    rec: dict[str, Any] = {"source_id": source_id, "file": seed}
    evidence = []
    sentences = split(text)
    first = sentences[0] if sentences else None
    line = text[first.start:].split("\n", 1)[0].strip() if first else ""
    if first and line == first.text and len(line) <= 200 and not line.endswith(".") and not _STATED.match(line):
        rec["title"] = first.text
        evidence.append(cite(seed, text, first.start, first.end, "title"))
    rec["label"] = f"Article: {rec.get('title') or seed}"
    m = _DATELINE.search(text)
    if m:
        rec["dateline"] = m.group(1)
        evidence.append(cite(seed, text, m.start(1), m.end(1), "dateline"))
    for s in sentences:
        c = _CREDIT.search(s.text)
        if c:
            rec["attribution"] = c.group(0).strip()
            evidence.append(cite(seed, text, s.start + c.start(), s.start + c.start() + len(rec["attribution"]),
                                 "attribution"))
            break
    rec["language"] = "en"
    rec.update(publication(seed, text, known))
    if rec.get("published_text"):
        s = text.index(rec["published_text"])
        evidence.append(cite(seed, text, s, s + len(rec["published_text"]), "published_text"))
    if evidence:
        rec["evidence"] = evidence
    return rec


def add_source(project: Project, path: Path) -> Added:
    """Copy ``path`` into the project's seeds, add its manifest row and its ``sources`` record.

    Refuses (``DataError``, nothing written) a file that is empty, over 4 MiB, not UTF-8, not plain
    text (:func:`~sahel_dataset.core.constraints.unsafe_character`) or already a seed; and (``UsageError``)
    one that is not a regular file or cannot be read, or a write that fails (nothing is left changed).
    """
    try:
        raw = read_regular(path, ARTICLE_BYTES)
    except TooLarge as e:
        raise _refuse(f"more than the {ARTICLE_BYTES} bytes an article may have", path) from e
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _refuse(f"not UTF-8 text (byte {e.start}: {e.reason}); save the article as UTF-8", path) from e
    if not text.strip():
        raise _refuse("the file is empty: nothing to add", path)
    why = unsafe_character(text)
    if why:
        raise _refuse(f"not plain text: {why}; seeds are never edited, so fix the article before adding it", path)
    sha = hashlib.sha256(raw).hexdigest()
    manifest = read_manifest(project.seeds)
    for name, (other, _) in manifest.items():
        if other == sha:
            raise _refuse(f"already a seed: {name} has the same sha256 ({sha})", path)
    number = 1 + max((int(n[:3]) for n in manifest if n[:3].isdigit()), default=-1)
    seed = f"{number:03d}_{sha[:16]}.txt"
    source_id = f"src-{number:03d}"
    known = load_known(project.data)
    if any(r.get("source_id") == source_id for r in known.get("sources", [])):
        raise _refuse(f"data/sources.yaml already has {source_id}", path)
    record = describe(seed, text, source_id, known)
    record = {"source_id": source_id, "file": seed, "sha256": sha, **record}
    manifest_path, sources_path = project.seeds / MANIFEST, project.data / "sources.yaml"
    old_manifest = manifest_path.read_text(encoding="utf-8")
    old_sources = sources_path.read_text(encoding="utf-8")
    row = f"{seed},{sha},{len(raw)}\n"
    target = project.seeds / seed
    # the seed (never replacing a file), its manifest row and its record: all or nothing
    replace_files({target: raw,
                   manifest_path: old_manifest + ("" if old_manifest.endswith("\n") else "\n") + row,
                   sources_path: appended(old_sources, "sources", [record])}, new=frozenset({target}))
    return Added(seed, record)
