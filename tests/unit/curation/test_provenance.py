"""Provenance on the real seeds (``curation/provenance.py``): every fact cites the seeds' own text,
and ``provenance`` shows each field's spans in their sentences and sources.

The tests read the shipped Data Package (``ws``, ``--shipped``), whose seeds are the real
seeds byte for byte, so they hold while curators are mid-edit; counts of records are never
hard-coded, since the curated data grows.
"""

from __future__ import annotations

import json

from shipped import run

from sahel_dataset.core import schema
from sahel_dataset.curation.workspace import Workspace


def test_every_fact_row_has_at_least_one_evidence_row(ws: Workspace) -> None:
    cited = {(r["record_table"], r["record_id"]) for r in ws.tables["evidence"]}
    checked = 0
    for t in schema.tables():
        if t.evidence != "required":
            continue
        for row in ws.tables.get(t.name, []):  # a table newer than the shipped package has no rows
            assert (t.name, row[t.id_field]) in cited, f"{t.name} {row[t.id_field]} has no evidence"
            checked += 1
    assert checked
    # every evidence row is the seed's own text, and its seed is a real one with a hash in sources
    sources = {r["source_id"]: r for r in ws.tables["sources"]}
    for r in ws.tables["evidence"]:
        src = sources[r["source_id"]]
        assert ws.seeds[src["file"]][r["start"]:r["end"]] == r["text"]
        assert len(src["sha256"]) == 64


def test_provenance_shows_fields_spans_in_sentences_and_sources(ws: Workspace) -> None:
    ev = next(r for r in ws.tables["evidence"] if r["record_table"] == "events")
    code, out, _ = run("provenance", ev["record_id"], "--shipped", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["table"] == "events" and report["fields"]["event_id"] == ev["record_id"]
    assert report["evidence"]
    sources = {r["source_id"]: r for r in ws.tables["sources"]}
    for item in report["evidence"]:
        text = ws.seeds[item["seed"]]
        assert text[item["start"]:item["end"]] == item["text"]
        assert item["text"] in item["sentence"] == text[item["sentence_start"]:item["sentence_end"]]
        src = sources[item["source_id"]]
        assert item["title"] == src["title"] and item["label"] == src["label"] and item["published"]
    code, out, _ = run("provenance", ev["record_id"], "--shipped")
    assert code == 0
    assert ev["record_id"] in out and ev["evidence_id"] in out and "published" in out
    flat = " ".join(out.replace("\u2502", " ").split())  # the panels' borders removed
    assert " ".join(ev["text"].split()) in flat


def test_provenance_of_a_source_attribution_and_unknown_id(ws: Workspace) -> None:
    code, out, _ = run("provenance", "src-001", "--shipped", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["table"] == "sources"
    assert any(e["text"] == "17 September, 2024" and e["published"] == "17 September, 2024"
               for e in report["evidence"])
    code, _, err = run("provenance", "evt-no-such-thing", "--shipped")
    assert code == 2 and "evt-no-such-thing" in err
