"""Issue 15: add-source -> draft -> review -> accept -> build/validate on a real seed, and the refusals.

The workflow test copies the project, removes everything seed 004 gave the data
(its citations, the records left without any, its exclusions, sources row,
manifest row and file), then adds the article back as a new seed with the CLI.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sahel_dataset.cli.app import app
from sahel_dataset.core import schema
from sahel_dataset.curation.coverage import coverage
from sahel_dataset.curation.draft import load_known
from sahel_dataset.curation.evaluate import leave_out, prune_links
from sahel_dataset.curation.records import dump_records
from sahel_dataset.curation.workspace import Workspace
from sahel_dataset.pipeline.assemble import assemble
from sahel_dataset.pipeline.evidence import resolve
from sahel_dataset.pipeline.read import EXCLUSIONS, load_exclusions
from sahel_dataset.pipeline.seeds import load_seeds
from sahel_dataset.project import Project

ROOT = Path(__file__).resolve().parents[2]
SEED = "004_d7e5eae0bf62575b.txt"
runner = CliRunner()


def cli(*args: str) -> tuple[int, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.output + (r.stderr if r.stderr_bytes is not None else "")


@pytest.fixture
def without_004(tmp_path: Path) -> tuple[Project, Path]:
    """A project copy as it was before seed 004 was added, and the article as a loose file."""
    proj = Project(tmp_path / "project")
    for sub in ("data", "seeds"):
        shutil.copytree(ROOT / sub, proj.root / sub)
    kept, _ = leave_out(load_known(proj.data), SEED, keep=("actors", "locations"))
    kept["sources"] = [s for s in kept["sources"] if s["file"] != SEED]
    prune_links(kept)
    for table, records in kept.items():
        (proj.data / str(schema.table(table).curated_file)).write_text(dump_records(table, records) or "[]\n")
    ex = yaml.safe_load((proj.data / EXCLUSIONS).read_text(encoding="utf-8"))
    (proj.data / EXCLUSIONS).write_text(dump_records("exclusions", [e for e in ex if e["seed"] != SEED]))
    article = tmp_path / "article.txt"
    (proj.seeds / SEED).rename(article)
    rows = (proj.seeds / "manifest.csv").read_text().splitlines()
    (proj.seeds / "manifest.csv").write_text("\n".join(r for r in rows if not r.startswith(SEED)) + "\n")
    assemble(proj)  # the reduced project is itself valid
    return proj, article


def test_whole_workflow_on_seed_004(without_004: tuple[Project, Path]) -> None:
    proj, article = without_004
    events_before = (proj.data / "events.yaml").read_text(encoding="utf-8")
    before = set(load_seeds(proj.seeds))
    code, out = cli("add-source", str(article), "--project", str(proj.root))
    assert code == 0, out
    seeds = load_seeds(proj.seeds)
    (new,) = set(seeds) - before  # the next number: 004 here, later numbers once the project has grown
    number = new[:3]
    assert (proj.seeds / new).read_bytes() == article.read_bytes()
    source = next(r for r in load_known(proj.data)["sources"] if r["file"] == new)
    assert source["title"] == "Troops to be Withdrawn from Niger by U.S. Military"
    # the article states no date of its own: nothing is guessed, and draft waits for the curator
    assert "published_start" not in source and f"set-source {number} --published" in source["published_note"]
    assert "published: not set" in out

    draft_file = proj.root / "review" / f"{number}.yaml"
    draft_file.parent.mkdir()  # draft --out never creates a missing folder (only its default drafts/)
    code, out = cli("draft", number, "--out", str(draft_file), "--project", str(proj.root))
    assert code == 1 and f"`sahel-dataset set-source {number} --published YYYY-MM-DD --url URL`" in out
    assert not draft_file.exists()
    code, out = cli("set-source", number, "--published", "2024-04-19", "--project", str(proj.root))
    assert code == 2 and "--url" in out  # a date the text does not state names the page that shows it
    code, out = cli("set-source", number, "--published", "2024-04-19", "--url", "https://example.org/niger-troops",
                    "--project", str(proj.root))
    assert code == 0 and "published: 2024-04-19..2024-04-19 (outside_reporting)" in out, out
    code, out = cli("draft", number, "--out", str(draft_file), "--project", str(proj.root))
    assert code == 0, out
    drafts = yaml.safe_load(draft_file.read_text(encoding="utf-8"))
    text = seeds[new]
    for table, records in drafts.items():  # every citation resolves; every record says why
        for r in records:
            for c in (r["evidence"] if table != "exclusions" else [r]):
                assert resolve(text, c["quote"], c.get("occurrence"))
            assert table == "exclusions" or r["draft"]["reasons"]
    assert {"events", "deployments", "quotes", "figures"} <= set(drafts)
    dep = next(d for d in drafts["deployments"] if d.get("count_text") == "Over 1,000")
    assert (dep["count_hedge"], dep["count_low"], dep.get("count_best")) == ("Over", 1001, None)

    # review: a coup the data already holds is merged, a false trigger is deleted, a summary rewritten
    coup = next(e for e in drafts["events"] if e["event_type"] == "coup")
    assert coup["draft"]["same_as"] == "evt-niger-coup"
    drafts["events"] = [e for e in drafts["events"] if e["event_type"] != "membership_exited"]
    drafts["events"][0]["summary"] = "Over 1,000 US military personnel are to withdraw from Niger."
    draft_file.write_text(yaml.safe_dump(drafts, allow_unicode=True, sort_keys=False), encoding="utf-8")

    code, out = cli("accept", str(draft_file), coup["event_id"], "--into", "evt-niger-coup",
                    "--project", str(proj.root))
    assert code == 0, out
    assert f"merged {coup['event_id']} into evt-niger-coup" in out
    coup_after = next(e for e in load_known(proj.data)["events"] if e["event_id"] == "evt-niger-coup")
    assert coup["evidence"][0] in coup_after["evidence"]

    # an agreement the data already holds: its citation is merged too
    revoked = next(a for a in drafts["agreements"] if a["draft"].get("same_as") == "agr-us-niger-military-cooperation")
    assert revoked["status"] == "revoked" and {p["actor_id"] for p in revoked["parties"]} == {"act-usa", "act-niger"}
    code, out = cli("accept", str(draft_file), revoked["agreement_id"], "--into", "agr-us-niger-military-cooperation",
                    "--project", str(proj.root))
    assert code == 0, out
    agr_after = next(a for a in load_known(proj.data)["agreements"]
                     if a["agreement_id"] == "agr-us-niger-military-cooperation")
    assert revoked["evidence"][0] in agr_after["evidence"]

    code, out = cli("accept", str(draft_file), "--project", str(proj.root))
    assert code == 0, out
    after = (proj.data / "events.yaml").read_text(encoding="utf-8")
    kept_lines = [ln for ln in events_before.splitlines() if ln.startswith("#")]
    assert all(ln in after for ln in kept_lines)  # comments kept
    assert "draft:" not in after

    code, out = cli("validate", str(proj.root))
    assert code == 0, out
    ds = assemble(proj)
    ws = Workspace({k: t.to_pylist() for k, t in ds.tables.items()}, ds.seeds, proj.root)
    per_seed, _ = coverage(ws.tables, ws.seeds, load_exclusions(proj.data / EXCLUSIONS, ws.seeds))
    assert next(c for c in per_seed if c.seed == new).sentence_share == 100.0
    code, out = cli("build", "--out", str(proj.root / "out"), "--project", str(proj.root))
    assert code == 0, out


def test_add_source_refusals(project_copy: Project, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in project_copy.seeds.iterdir()}
    sources = (project_copy.data / "sources.yaml").read_bytes()
    cases = {"same.txt": (ROOT / "seeds" / SEED).read_bytes(), "empty.txt": b"  \n", "latin1.txt": "Niamey é".encode(
        "latin-1")}
    messages = {"same.txt": f"already a seed: {SEED}", "empty.txt": "empty", "latin1.txt": "not UTF-8"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        code, out = cli("add-source", str(tmp_path / name), "--project", str(project_copy.root))
        assert code == 1 and messages[name] in out and name in out, out
    assert {p.name: p.read_bytes() for p in project_copy.seeds.iterdir()} == before
    assert (project_copy.data / "sources.yaml").read_bytes() == sources


def test_build_and_validate_refuse_a_draft_marked_record(project_copy: Project) -> None:
    path = project_copy.data / "events.yaml"
    text = path.read_text(encoding="utf-8")
    marked = text.replace("- event_id: evt-niger-coup\n", "- event_id: evt-niger-coup\n  draft: {confidence: 0.5}\n", 1)
    path.write_text(marked, encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("  draft: {confidence: 0.5}") + 1
    for args in (["validate", str(project_copy.root)], ["build", "--out", str(project_copy.root / "o"),
                                                        "--project", str(project_copy.root)]):
        code, out = cli(*args)
        assert code == 1
        assert f"data/events.yaml:{line}: evt-niger-coup: draft: record is still marked as a draft" in out
    assert not (project_copy.root / "o").exists()


def test_draft_never_writes_into_data_and_accept_refuses_what_would_not_build(project_copy: Project) -> None:
    root = str(project_copy.root)
    code, out = cli("draft", "004", "--out", str(project_copy.data / "d.yaml"), "--project", root)
    assert code == 2 and not (project_copy.data / "d.yaml").exists()
    draft_file = project_copy.root / "d.yaml"
    assert cli("draft", "004", "--out", str(draft_file), "--project", root)[0] == 0
    assert cli("draft", "004", "--out", str(draft_file), "--project", root)[0] == 2  # exists: no --force
    drafts = yaml.safe_load(draft_file.read_text(encoding="utf-8"))
    # seed 004 is curated here, so the drafter links its quotes to known events: point one at a draft event
    quote = drafts["quotes"][0]
    quote["event_id"] = drafts["events"][0]["event_id"]
    draft_file.write_text(yaml.safe_dump(drafts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in project_copy.data.iterdir()}
    code, out = cli("accept", str(draft_file), quote["quote_id"], "--project", root)
    assert code == 1 and "nothing was written" in out and quote["event_id"] in out  # its draft event stays a draft
    assert {p.name: p.read_bytes() for p in project_copy.data.iterdir()} == before


def test_readme_table_is_generated_from_the_benchmark_result() -> None:
    import json

    from sahel_dataset.curation.scores import README_END, README_START, readme_block

    result = json.loads((ROOT / "benchmarks" / "drafting.json").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(README_START):readme.index(README_END) + len(README_END)]
    assert block == readme_block(result), "run `python benchmarks/drafting.py --write-readme`"
    assert all(s["label"] in block for s in result["sections"].values())
    assert len(readme.encode("utf-8")) <= 8192
