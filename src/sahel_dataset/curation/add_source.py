"""Add an article to ``seeds/``: the file byte for byte, its manifest row and its ``sources`` record.

The seed is named ``NNN_<first 16 hex digits of its sha256>.txt`` with the next
free number. (The five original seeds' 16 hex digits do not derive from their
contents; new seeds take them from the sha256 the manifest records, so a name can
be checked against its bytes.) The ``sources`` record holds what the text itself
shows: the title (the first line), a dateline, a stated publication date (a dated
dateline or byline, :mod:`sahel_dataset.curation.sources`) and a photo credit as
attribution, each cited, and what the curator states (``--published``, ``--url``,
``--publisher``, ``--title``). Without a stated date nothing is guessed: the note says
how to set it, and ``draft`` refuses the seed until it is set.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.constraints import unsafe_character
from ..core.errors import DataError, Problem
from ..pipeline.seeds import MANIFEST, read_manifest
from ..project import Project
from ..utils.outputs import replace_files
from ..utils.reading import ARTICLE_BYTES, TooLarge, read_regular
from .draft import load_known
from .records import appended, cite
from .sentences import split
from .sources import (
    REFERENCES,
    merge_stated,
    no_publication,
    publication_reference,
    stated_fields,
    stated_publication,
)

_DATELINE = re.compile(r"^([A-Z][\w.,' ]{0,40}?)\s+[\u2014\u2013]\s", re.M)
_CREDIT = re.compile(r"Photo(?: credits?)?:\s*\S.*|^Read More .*News$")


@dataclass(frozen=True)
class Added:
    """What :func:`add_source` wrote."""

    seed: str
    source: dict[str, Any]


def _refuse(message: str, path: Path) -> DataError:
    return DataError([Problem(message, file=str(path), check="seeds")])


def publication(seed: str, text: str) -> dict[str, Any]:
    """The publication-date fields for a seed's ``sources`` record: what the text states, with the reason,
    else only a note saying the curator must set it (no window is inferred from the events it reports).

    >>> publication("009_x.txt", "Title\\n17 September, 2024 The US left.")["published_basis"]
    'stated'
    >>> publication("009_x.txt", "Russian instructors arrived in early April 2024.")["published_note"][:43]
    'The text states no publication date (no dat'
    """
    stated = stated_publication(seed, text)
    if stated:
        return {k: v for k, v in stated.items() if k != "evidence"}
    return {"published_note": no_publication(seed[:3])}


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
    if first and line == first.text and len(line) <= 200 and not line.endswith(".") and \
            not stated_publication(seed, line):
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
    stated = stated_publication(seed, text)
    rec.update({k: v for k, v in stated.items() if k != "evidence"} or publication(seed, text))
    evidence += stated.get("evidence", [])
    if evidence:
        rec["evidence"] = evidence
    return rec


def add_source(project: Project, path: Path, stated: dict[str, Any] | None = None) -> Added:
    """Copy ``path`` into the project's seeds, add its manifest row and its ``sources`` record.

    ``stated``: the keyword arguments of :func:`sahel_dataset.curation.sources.stated_fields` (the
    curator's ``published``, ``url``, ``publisher``, ``title``). Refuses (``DataError``, nothing written) a
    file that is empty, over 4 MiB, not UTF-8, not plain text
    (:func:`~sahel_dataset.core.constraints.unsafe_character`) or already a seed; and (``UsageError``) one that
    is not a regular file or cannot be read, or a write that fails (nothing is left changed).
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
    if stated:
        record = merge_stated(record, stated_fields(seed, text, **stated), text)
    record = {"source_id": source_id, "file": seed, "sha256": sha, **record}
    manifest_path, sources_path = project.seeds / MANIFEST, project.data / "sources.yaml"
    old_manifest = manifest_path.read_text(encoding="utf-8")
    old_sources = sources_path.read_text(encoding="utf-8")
    row = f"{seed},{sha},{len(raw)}\n"
    target = project.seeds / seed
    # the seed (never replacing a file), its manifest row and its record: all or nothing
    files = {target: raw, manifest_path: old_manifest + ("" if old_manifest.endswith("\n") else "\n") + row,
             sources_path: appended(old_sources, "sources", [record])}
    ref = publication_reference(record)  # a date the curator states names the page that shows it
    if ref:
        refs = project.data / REFERENCES
        files[refs] = appended(refs.read_text(encoding="utf-8") if refs.is_file() else "", "external_references",
                               [ref])
    replace_files(files, new=frozenset({target}))
    return Added(seed, record)
