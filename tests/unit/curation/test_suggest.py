"""``suggest`` (``curation/suggest.py``): candidates (numbers, speech, times, names) in the real
seeds' uncited sentences.

The tests read the shipped Data Package (``ws``, ``--shipped``), whose seeds are the real
seeds byte for byte, so they hold while curators are mid-edit; counts of records are never
hard-coded, since the curated data grows.
"""

from __future__ import annotations

import json

import pytest
from shipped import run, seed_text

from conftest import CHECKOUT as ROOT
from sahel_dataset.curation.sentences import split
from sahel_dataset.curation.suggest import by_sentence, known_names
from sahel_dataset.curation.workspace import Workspace
from sahel_dataset.pipeline.evidence import find_all

NUMBERS = [("002", "more than 1,000 American troops"), ("002", "$100 million"), ("001", "920 kilometers"),
           ("000", "two dozen"), ("001", "two dozen"), ("000", "hundreds of millions of dollars"),
           ("001", "hundreds of millions of dollars"), ("003", "hundreds of millions of dollars"),
           ("000", "over 2,500 military personnel"), ("003", "About 1,000 U.S. troops"),
           ("003", "approximately 100 forces"), ("004", "Over 1,000 American military personnel"),
           ("004", "Over 1,000 US military personnel"), ("003", "four days")]
SPEECH = [("001", "said"), ("000", "confirmed"), ("000", "according to"), ("001", "according to"),
          ("004", "disclosed"), ("004", "say"), ("002", "as reported by"),
          ("004", "\u201corderly and responsible withdrawal\u201d")]


def _times() -> list[tuple[str, str]]:
    # The time expressions of the date tests (tests/unit/pipeline/, beside the module they
    # test): another folder, so loaded by path, not by name.
    import importlib.util

    spec = importlib.util.spec_from_file_location("dates_cases", ROOT / "tests" / "unit" / "pipeline" / "test_dates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [(seed, expr) for seed, expr, *_ in module.CASES]


@pytest.mark.parametrize(("kind", "seed", "phrase"),
                         [("number", *p) for p in NUMBERS] + [("speech", *p) for p in SPEECH]
                         + [("time", *p) for p in _times()])
def test_suggest_finds_every_example_where_it_occurs(ws: Workspace, kind: str, seed: str, phrase: str) -> None:
    text = seed_text(ws, seed)
    where = find_all(text, phrase)
    assert where, f"{phrase!r} is not in seed {seed}"
    found = [c for _, cs in by_sentence(text) for c in cs if c.kind == kind]
    for s, e in where:
        assert any(c.start <= s and e <= c.end for c in found), (phrase, s, e)


def test_suggest_lists_uncited_sentences_with_offsets_and_known_names(ws: Workspace) -> None:
    names = set(known_names(ws.tables))
    for seed in sorted(ws.seeds):
        code, out, _ = run("suggest", seed, "--shipped", "--json")
        assert code == 0
        report = json.loads(out)
        text = ws.seeds[seed]
        cited = ws.spans(seed)
        # exactly the sentences that no evidence span overlaps, in order
        expected = [s.text for s in split(text) if not any(a < s.end and b > s.start for a, b, _ in cited)]
        assert [s["text"] for s in report["sentences"]] == expected
        for s in report["sentences"]:
            assert text[s["start"]:s["end"]] == s["text"]
            for c in s["candidates"]:
                assert text[c["start"]:c["end"]] == c["text"] and s["start"] <= c["start"] < c["end"] <= s["end"]
                if c["kind"] == "name":
                    assert c["text"] in names
    code, out, _ = run("suggest", "src-003", "--shipped")
    assert code == 0 and "003_96708bf42db7307b.txt:" in out and "uncited sentence(s)" in out


def test_suggest_all_resolves_time_expressions_from_the_publication_date() -> None:
    code, out, _ = run("suggest", "001", "--all", "--shipped", "--json")
    assert code == 0
    times = {c["text"]: c["date"] for s in json.loads(out)["sentences"] for c in s["candidates"] if c["kind"] == "time"}
    assert times["17 September, 2024"] | {"note": ""} == {
        "text": "17 September, 2024", "start": "2024-09-17", "end": "2024-09-17", "precision": "day",
        "basis": "stated", "note": ""}
    assert (times["Last month"]["start"], times["Last month"]["end"]) == ("2024-08-01", "2024-08-31")
    assert times["In early April 2024"]["basis"] == "stated"
    code, out, _ = run("suggest", "001", "--all", "--shipped")
    assert code == 0 and "-> 2024-08-01..2024-08-31 month relative_to_publication" in out


def test_suggest_on_an_uncited_seed_finds_every_kind(ws: Workspace) -> None:
    found = [c for _, cs in by_sentence(seed_text(ws, "003"), known_names(ws.tables)) for c in cs]
    assert {c.kind for c in found} == {"number", "time", "speech", "name"}
    assert ("name", "Agadez") in {(c.kind, c.text) for c in found}
