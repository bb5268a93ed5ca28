"""Provenance and curation tools on the real seeds: evidence completeness, sentences,
locate, provenance, coverage, suggest.

The CLI tests read the shipped Data Package (``--shipped``), whose seeds are the real
seeds byte for byte, so they hold while curators are mid-edit; counts of records are
never hard-coded, since the curated data grows.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CHECKOUT as ROOT
from sahel_dataset.cli.app import app
from sahel_dataset.core import schema
from sahel_dataset.core.errors import DataError
from sahel_dataset.curation.coverage import seed_coverage
from sahel_dataset.curation.sentences import split
from sahel_dataset.curation.suggest import by_sentence, known_names
from sahel_dataset.curation.workspace import Workspace, shipped_workspace
from sahel_dataset.pipeline.evidence import find_all
from sahel_dataset.pipeline.read import EXCLUSIONS, load_exclusions

runner = CliRunner()


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return shipped_workspace()


def seed_text(ws: Workspace, number: str) -> str:
    return ws.seeds[ws.seed(number)]


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


# ------------------------------------------------------------------ evidence


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


# ------------------------------------------------------------------ sentences


def test_sentences_are_exact_slices_in_order_covering_the_text(ws: Workspace) -> None:
    for name, text in ws.seeds.items():
        sents = split(text)
        assert sents, name
        for a, b in itertools.pairwise(sents):
            assert a.end <= b.start, (name, a, b)
        for s in sents:
            assert text[s.start:s.end] == s.text and "\n" not in s.text and s.text == s.text.strip()
        inside = bytearray(len(text))
        for s in sents:
            inside[s.start:s.end] = b"\x01" * (s.end - s.start)
        left = {c for i, c in enumerate(text) if not inside[i] and not c.isspace()}
        assert left <= {"/", "\u2014"}, (name, left)  # only a caption slash and a dateline dash are dropped


def test_photo_captions_that_run_into_the_next_sentence_are_boundaries(ws: Workspace) -> None:
    texts = [s.text for s in split(seed_text(ws, "001"))]
    assert texts.count("Photo from open sources") == 2
    i = texts.index("Photo from open sources")
    assert texts[i - 1] == "US military in Niger."
    assert texts[i + 1].startswith("A few months later, officials from both countries")
    j = texts.index("Photo credits: Carley Petesch/AP")
    assert texts[j - 1] == "Flags of the United States and Niger at a military base."
    assert texts[j + 1] == "The United States has completed the withdrawal of its military contingent from Niger."
    assert texts[:2] == ["The United States has completed the withdrawal of its troops from Niger",
                         "17 September, 2024"]
    assert texts[texts.index("Photo from open sources", i + 1) + 1].startswith("The United States attempted")


def test_headlines_and_initialisms(ws: Workspace) -> None:
    t000 = [s.text for s in split(seed_text(ws, "000"))]
    assert {"US Completes Troop Withdrawal From Niger", "Transfer of last military bases",
            "French troops also expelled", "Photo: US Africa Command"} <= set(t000)
    t002 = [s.text for s in split(seed_text(ws, "002"))]
    assert t002[0] == "Washington, D.C., USA" and t002[1].startswith("The United States has announced")
    t004 = [s.text for s in split(seed_text(ws, "004"))]
    assert "Biden Administration Announces US Troop Withdrawal from Niger" in t004
    assert any(s.startswith("Many US troops stationed at U.S. Air Base 201 have been inactive") for s in t004)
    t003 = [s.text for s in split(seed_text(ws, "003"))]
    assert t003[0].startswith("The U.S. troops in Niger") and t003[0].endswith("by the middle of September.")


# ------------------------------------------------------------------ locate


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


# ------------------------------------------------------------------ provenance


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


# ------------------------------------------------------------------ coverage


def test_coverage_reports_each_seed_and_lists_uncovered_sentences(ws: Workspace) -> None:
    code, out, _ = run("coverage", "--shipped", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True
    assert [s["seed"] for s in report["seeds"]] == sorted(ws.seeds)
    total = report["total"]
    assert total["sentences"] == sum(s["sentences"] for s in report["seeds"])
    assert total["covered"] == sum(s["covered"] for s in report["seeds"])
    file_of = {r["source_id"]: r["file"] for r in ws.tables["sources"]}
    for s in report["seeds"]:
        assert s["sentences"] == len(split(ws.seeds[s["seed"]]))
        assert 0 <= s["character_share"] <= 100 and 0 <= s["sentence_share"] <= 100
        assert s["covered"] + len(s["uncovered"]) == s["sentences"]
        spans = [(r["start"], r["end"]) for r in ws.tables["evidence"] if file_of[r["source_id"]] == s["seed"]]
        for u in s["uncovered"]:
            assert ws.seeds[s["seed"]][u["start"]:u["end"]] == u["text"]
            assert not any(a < u["end"] and b > u["start"] for a, b in spans)
    # the shipped exclusions cover the photo credits and the site boilerplate
    s004 = next(s for s in report["seeds"] if s["seed"].startswith("004"))
    assert not any(u["text"] in ("Comments are closed.", "Read More Better Today US Political News")
                   for u in s004["uncovered"])
    assert not any(u["text"] == "Photo from open sources" for s in report["seeds"] for u in s["uncovered"])
    below = total["sentence_share"] < 100
    code, out, err = run("coverage", "--shipped", "--fail-under", "100")
    assert code == (1 if below else 0)
    assert "total" in out and (not below or "below --fail-under 100" in err)
    assert run("coverage", "--shipped", "--fail-under", "0")[0] == 0


def test_character_share_is_stricter_than_sentence_share() -> None:
    c = seed_coverage("x", "One fact here. Two.", cited=[(0, 3)], excluded=[])
    assert c.sentence_share == 50.0 and c.character_share == pytest.approx(100 * 3 / 16)


def test_the_exclusions_file_resolves_and_a_bad_entry_names_file_and_line(ws: Workspace, tmp_path: Path) -> None:
    assert load_exclusions(ROOT / "data" / EXCLUSIONS, ws.seeds)
    project = tmp_path / "project"
    shutil.copytree(ROOT / "seeds", project / "seeds")
    (project / "data").mkdir()
    code, out, _ = run("coverage", "--shipped", "--project", str(project), "--json")
    assert code == 0 and json.loads(out)["total"]["excluded"] == 0  # no file: no exclusions
    (project / "data" / EXCLUSIONS).write_text(
        "- seed: 004_d7e5eae0bf62575b.txt\n  quote: Comments are closed.\n  reason: boilerplate\n"
        "- seed: 004_d7e5eae0bf62575b.txt\n  quote: Comments are open\n  reason: boilerplate\n"
        "- seed: 001_deaa9559285e5bb5.txt\n  quote: Photo from open sources\n  reason: credit\n"
        "- {seed: nope.txt, quote: x, reason: y}\n- {seed: 004_d7e5eae0bf62575b.txt, quote: x}\n",
        encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_exclusions(project / "data" / EXCLUSIONS, ws.seeds)
    got = [str(p) for p in e.value.problems]
    assert got[0].startswith("data/exclusions.yaml:4: quote: quote not found") and "Comments are clo" in got[0]
    assert got[1].startswith("data/exclusions.yaml:7: quote: quote occurs 2 times")
    assert got[2].startswith("data/exclusions.yaml:10: seed: unknown seed 'nope.txt'")
    assert got[3] == "data/exclusions.yaml:11: reason: Field required"  # the schema of schema/v1/curated/
    code, _, err = run("coverage", "--shipped", "--project", str(project))
    assert code == 1 and "data/exclusions.yaml:4" in err


# ------------------------------------------------------------------ suggest

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


def test_curation_commands_read_the_project_when_it_builds() -> None:
    """Without --shipped the commands read data/ as it is now (which must build: a broken edit fails here)."""
    code, out, _ = run("coverage", "--json")
    assert code == 0 and json.loads(out)["total"]["sentences"] > 0
