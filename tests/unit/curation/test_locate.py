"""``locate`` (``curation/locate.py``): every match of a quote in a real seed, with offsets and
sentence, or the closest passage when there is none.

The tests read the shipped Data Package (``ws``, ``--shipped``), whose seeds are the real
seeds byte for byte, so they hold while curators are mid-edit; counts of records are never
hard-coded, since the curated data grows.
"""

from __future__ import annotations

import json

from shipped import run, seed_text

from sahel_dataset.curation.workspace import Workspace
from sahel_dataset.pipeline.evidence import find_all


def test_locate_gives_every_match_with_offsets_and_sentence(ws: Workspace) -> None:
    code, out, _ = run("locate", "002", "Niger's", "--shipped", "--json")
    assert code == 0
    report = json.loads(out)
    text = seed_text(ws, "002")
    assert report["seed"] == "002_5ae2610656b021af.txt"
    assert len(report["matches"]) == len(find_all(text, "Niger's")) > 1
    for m in report["matches"]:
        assert text[m["start"]:m["end"]] == m["text"] == "Niger\u2019s"  # the seed's curly apostrophe, kept
        assert m["sentence_start"] <= m["start"] and m["end"] <= m["sentence_end"]
        assert m["sentence"] == text[m["sentence_start"]:m["sentence_end"]]
    code, out, _ = run("locate", "003", "mutinous   soldiers", "--shipped")
    assert code == 0
    assert "1 match(es) in 003_96708bf42db7307b.txt" in out
    assert "ousted by mutinous soldiers in July." in out
    assert 'cite as:\n- seed: 003_96708bf42db7307b.txt\n  quote: "mutinous   soldiers"' in out


def test_locate_without_a_match_shows_the_closest_passage() -> None:
    code, _, err = run("locate", "003", "ousted by mutineers in July", "--shipped")
    assert code == 1
    assert "no match" in err and "closest passage" in err and "mutinous soldiers" in err
    code, _, err = run("locate", "999", "x", "--shipped")
    assert code == 2 and "no single seed" in err
