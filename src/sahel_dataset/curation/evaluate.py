"""Measure the drafter against the curated data, one seed left out at a time.

:func:`leave_out` removes a seed's citations from the curated records (and the
records that then have none, except the seed's ``sources`` row, which holds its
publication window); :func:`compare` matches the drafts of that seed with the
curated records it held. A curated record is **covered** when a draft record of
the same table cites at least half of one of its evidence spans (quotes: the
reported words, not the attribution); a draft record **matches** when it covers
some curated record. Agreement is measured on one-to-one pairs (greedy, largest
overlap first): exact dates, exact counts (low, best, high), hedges, speakers,
event and agreement types, agreement statuses and actors (agreements: parties).
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from .. import schema
from ..pipeline.evidence import resolve

MEASURED = ("events", "deployments", "quotes", "figures", "agreements", "actor_roles", "actors", "locations")
_DATE = {"events": "date", "deployments": "as_of"}
_COUNT = {"deployments": "count", "figures": "amount"}


def leave_out(known: dict[str, list[dict[str, Any]]], seed: str,
              keep: tuple[str, ...] = ("sources",)) -> tuple[dict, dict]:
    """(the records without ``seed``'s citations, the records that cited ``seed``) by table.

    Records of the ``keep`` tables stay even when ``seed`` was their only evidence.

    >>> kept, held = leave_out({"events": [{"event_id": "evt-a", "evidence": [{"seed": "s", "quote": "q"}]}],
    ...                         "sources": [{"source_id": "src-000", "file": "s", "evidence": []}]}, "s")
    >>> kept["events"], [r["event_id"] for r in held["events"]], len(kept["sources"])
    ([], ['evt-a'], 1)
    """
    kept: dict[str, list[dict[str, Any]]] = {}
    held: dict[str, list[dict[str, Any]]] = {}
    for table, records in known.items():
        kept[table], held[table] = [], []
        for r in records:
            ev = r.get("evidence") or []
            mine = [c for c in ev if c.get("seed") == seed]
            if mine:
                held[table].append(r)
            rest = copy.deepcopy({k: v for k, v in r.items() if k != "evidence"})
            others = [c for c in ev if c.get("seed") != seed]
            if others:
                rest["evidence"] = copy.deepcopy(others)
            if others or not ev or table in keep:
                kept[table].append(rest)
    return prune_links(kept), held


def prune_links(records: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Drop the external-reference links to records no longer there (a reference itself stays).

    >>> refs = [{"reference_id": "ref-a", "links": [{"record_table": "events", "record_id": "evt-a",
    ...                                              "basis_field": "date_basis"}]}]
    >>> prune_links({"events": [], "external_references": refs})["external_references"][0]["links"]
    []
    """
    ids = {(name, r.get(schema.table(name).id_field)) for name, rows in records.items() for r in rows}
    for ref in records.get("external_references", []):
        ref["links"] = [k for k in ref.get("links", []) if (k["record_table"], k["record_id"]) in ids]
    return records


def _spans(record: dict[str, Any], seed: str, text: str) -> list[tuple[int, int]]:
    cites = [c for c in record.get("evidence", []) if c.get("seed") == seed]
    main = [c for c in cites if not c.get("field")] or cites
    return [resolve(text, c["quote"], c.get("occurrence")) for c in main]


def _cover(c: list[tuple[int, int]], d: list[tuple[int, int]]) -> float:
    """The largest share of a curated span that one draft span overlaps."""
    best = 0.0
    for a, b in c:
        for x, y in d:
            best = max(best, max(0, min(b, y) - max(a, x)) / (b - a))
    return best


def _pairs(curated: list[dict], drafts: list[dict], seed: str, text: str) -> tuple[list, set, set]:
    cs = [_spans(r, seed, text) for r in curated]
    ds = [_spans(r, seed, text) for r in drafts]
    scores = [(_cover(c, d), i, j) for i, c in enumerate(cs) for j, d in enumerate(ds)]
    scores = [s for s in scores if s[0] >= 0.5]
    covered = {i for _, i, _ in scores}
    matching = {j for _, _, j in scores}
    pairs, used_c, used_d = [], set(), set()
    # Pair a curated record with a draft of its own kind first (event type, deployment kind), then by overlap.
    kind = ("event_type", "personnel_kind", "figure_kind", "speech_kind", "agreement_type")
    same = {(i, j): sum(curated[i].get(k) == drafts[j].get(k) is not None for k in kind) for _, i, j in scores}
    for _, i, j in sorted(scores, key=lambda s: (same[s[1], s[2]], s[0]), reverse=True):
        if i not in used_c and j not in used_d:
            pairs.append((curated[i], drafts[j]))
            used_c.add(i)
            used_d.add(j)
    return pairs, covered, matching


def pairs(curated: list[dict], drafts: list[dict], seed: str, text: str) -> list[tuple[dict, dict]]:
    """The one-to-one (curated, draft) pairs of one table (greedy, same kind first, then largest overlap).

    >>> c = [{"evidence": [{"seed": "s", "quote": "troops left"}]}]
    >>> len(pairs(c, c, "s", "All troops left."))
    1
    """
    return _pairs(curated, drafts, seed, text)[0]


def _norm(v: Any) -> Any:
    return v.strip().casefold() if isinstance(v, str) else v


def _agree(table: str, pairs: list[tuple[dict, dict]], tally: Counter) -> None:
    for c, d in pairs:
        if table in _DATE and c.get(f"{_DATE[table]}_start"):
            p = _DATE[table]
            tally["dates_n"] += 1
            ok = (c.get(f"{p}_start"), c.get(f"{p}_end")) == (d.get(f"{p}_start"), d.get(f"{p}_end"))
            tally["dates_ok"] += ok
            if not d.get("draft", {}).get("same_as"):  # dated from the seed's own words, not a known event
                tally["own_dates_n"] += 1
                tally["own_dates_ok"] += ok
        if table in _COUNT:
            p = _COUNT[table]
            want = tuple(c.get(f"{p}_{k}") for k in ("low", "best", "high"))
            if any(v is not None for v in want):
                tally["counts_n"] += 1
                tally["counts_ok"] += want == tuple(d.get(f"{p}_{k}") for k in ("low", "best", "high"))
            if c.get(f"{p}_hedge"):
                tally["hedges_n"] += 1
                tally["hedges_ok"] += _norm(c.get(f"{p}_hedge")) == _norm(d.get(f"{p}_hedge"))
        if table == "quotes":
            tally["speakers_n"] += 1
            tally["speakers_ok"] += _norm(c.get("speaker_text")) == _norm(d.get("speaker_text"))
            tally["kinds_n"] += 1
            tally["kinds_ok"] += c.get("speech_kind") == d.get("speech_kind")
        if table == "events":
            tally["types_n"] += 1
            tally["types_ok"] += c.get("event_type") == d.get("event_type")
            want = {a["actor_id"] for a in c.get("actors", [])}
            got = {a["actor_id"] for a in d.get("actors", [])}
            tally["actors_n"] += 1
            tally["actors_ok"] += want == got
            tally["actors_jaccard_x1000"] += round(1000 * len(want & got) / len(want | got)) if want | got else 1000
        if table == "agreements":
            for key, name in (("agreement_type", "types"), ("status", "statuses")):
                tally[f"{name}_n"] += 1
                tally[f"{name}_ok"] += c.get(key) == d.get(key)
            tally["actors_n"] += 1
            tally["actors_ok"] += {a["actor_id"] for a in c.get("parties", [])} == \
                {a["actor_id"] for a in d.get("parties", [])}
        if table == "deployments":
            tally["actors_n"] += 1
            tally["actors_ok"] += c.get("sending_actor_id") == d.get("sending_actor_id")


def compare(held: dict[str, list[dict]], drafts: dict[str, list[dict]], seed: str, text: str) -> dict[str, Counter]:
    """Per table: curated, covered, drafts, matching, one-to-one pairs and the agreement tallies."""
    out: dict[str, Counter] = {}
    for table in MEASURED:
        curated, drafted = held.get(table, []), drafts.get(table, [])
        pairs, covered, matching = _pairs(curated, drafted, seed, text)
        tally = Counter(curated=len(curated), covered=len(covered), drafts=len(drafted), matching=len(matching),
                        pairs=len(pairs))
        _agree(table, pairs, tally)
        out[table] = tally
    return out


def share(ok: int, n: int) -> float | None:
    """A percentage, None when there is nothing to count.

    >>> share(7, 10), share(0, 0)
    (70.0, None)
    """
    return round(100.0 * ok / n, 1) if n else None
