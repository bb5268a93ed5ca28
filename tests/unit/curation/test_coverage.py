"""``coverage`` (``curation/coverage.py``): each seed's cited and excluded share, the uncovered
sentences, and the exclusions file.

The tests read the shipped Data Package (``ws``, ``--shipped``), whose seeds are the real
seeds byte for byte, so they hold while curators are mid-edit; counts of records are never
hard-coded, since the curated data grows.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shipped import run

from conftest import CHECKOUT as ROOT
from sahel_dataset.core.errors import DataError
from sahel_dataset.curation.coverage import seed_coverage
from sahel_dataset.curation.sentences import split
from sahel_dataset.curation.workspace import Workspace
from sahel_dataset.pipeline.read import EXCLUSIONS, load_exclusions


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


def test_curation_commands_read_the_project_when_it_builds() -> None:
    """Without --shipped the commands read data/ as it is now (which must build: a broken edit fails here)."""
    code, out, _ = run("coverage", "--json")
    assert code == 0 and json.loads(out)["total"]["sentences"] > 0
