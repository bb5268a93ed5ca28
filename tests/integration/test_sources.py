"""Issue 19.1: what a curator states about a source (`--published`, `--url`, `--publisher`, `--title`),
and a publication date read from the text only where the text states it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from sahel_dataset.curation.draft import load_known
from sahel_dataset.pipeline.assemble import assemble
from sahel_dataset.project import Project

CLI = Callable[..., tuple[int, str]]

DATED = ("A test article written for the tests, not a source\n"
         "NIAMEY, Niger, July 7, 2024 (Test Wire) \u2014 The last US troops left Air Base 101 on Sunday.\n")
UNDATED = "A test article written for the tests, not a source\nThe army said on Friday that the US had left.\n"


def _source(proj: Project, number: str) -> dict:
    return next(r for r in load_known(proj.data)["sources"] if r["file"].startswith(number + "_"))


def _next(proj: Project) -> str:
    return f"{len(list(proj.seeds.glob('*.txt'))):03d}"


def test_a_dated_dateline_is_read_with_its_reason(project_copy: Project, tmp_path: Path, cli: CLI) -> None:
    (tmp_path / "a.txt").write_text(DATED, encoding="utf-8")
    number = _next(project_copy)
    code, out = cli("add-source", str(tmp_path / "a.txt"), "--project", str(project_copy.root))
    assert code == 0, out
    src = _source(project_copy, number)
    assert (str(src["published_start"]), src["published_basis"]) == ("2024-07-07", "stated")
    assert "a dateline with a date ('July 7, 2024')" in out
    assert {"field": "published_text", "quote": "July 7, 2024"}.items() <= next(
        c for c in src["evidence"] if c.get("field") == "published_text").items()
    assemble(project_copy)  # the record holds together


def test_the_curator_states_what_the_text_does_not(project_copy: Project, tmp_path: Path, cli: CLI) -> None:
    (tmp_path / "a.txt").write_text(UNDATED, encoding="utf-8")
    number = _next(project_copy)
    code, out = cli("add-source", str(tmp_path / "a.txt"), "--published", "2024-07-08", "--url",
                    "https://example.org/niger", "--publisher", "Test Wire", "--project", str(project_copy.root))
    assert code == 0, out
    src = _source(project_copy, number)
    assert (src["url"], src["publisher"], str(src["published_start"]), src["published_basis"]) == (
        "https://example.org/niger", "Test Wire", "2024-07-08", "outside_reporting")
    assert "The text states no date" in src["published_note"]
    code, out = cli("validate", project_copy.root)  # the date's page is its external reference
    assert code == 0, out
    ds = assemble(project_copy)
    row = next(r for r in ds.tables["sources"].to_pylist() if r["source_id"] == src["source_id"])
    assert (row["url"], row["publisher"]) == ("https://example.org/niger", "Test Wire")


def test_no_date_no_guess_and_set_source_keeps_the_rest(project_copy: Project, tmp_path: Path, cli: CLI) -> None:
    (tmp_path / "a.txt").write_text(UNDATED, encoding="utf-8")
    number, root = _next(project_copy), str(project_copy.root)
    assert cli("add-source", str(tmp_path / "a.txt"), "--project", root)[0] == 0
    assert "published_start" not in _source(project_copy, number)
    code, out = cli("draft", number, "--project", root)
    assert code == 1 and f"sahel-dataset set-source {number} --published YYYY-MM-DD" in out
    assert len(set(out.strip().splitlines())) == 1 and not (project_copy.root / "drafts").exists()
    before = (project_copy.data / "sources.yaml").read_text(encoding="utf-8")
    code, out = cli("set-source", number, "--published", "2024-07-08", "--title", "A better title", "--project", root)
    assert code == 2 and "--url" in out  # the date is outside the text: its page is named
    code, out = cli("set-source", number, "--published", "2024-07-08", "--title", "A better title", "--url",
                    "https://example.org/a", "--project", root)
    assert code == 0, out
    refs = yaml.safe_load((project_copy.data / "external_references.yaml").read_text(encoding="utf-8"))
    ref = next(r for r in refs if r["reference_id"] == f"ref-publication-of-{number}")
    assert (ref["url"], str(ref["published"]), ref["links"]) == ("https://example.org/a", "2024-07-08", [
        {"record_table": "sources", "record_id": f"src-{number}", "basis_field": "published_basis"}])
    after = (project_copy.data / "sources.yaml").read_text(encoding="utf-8")
    cut = before.index(f"- source_id: src-{number}")
    assert after[:cut] == before[:cut]  # every other record byte for byte
    src = _source(project_copy, number)
    assert src["title"] == "A better title" and "curator's (--title)" in src["note"]
    assert cli("draft", number, "--project", root)[0] == 0


def test_bad_options_are_refused_and_nothing_is_written(project_copy: Project, tmp_path: Path, cli: CLI) -> None:
    (tmp_path / "a.txt").write_text(UNDATED, encoding="utf-8")
    before = {p: p.read_bytes() for sub in ("data", "seeds") for p in (project_copy.root / sub).iterdir()}
    for args, says in ((["--published", "2024-02-30"], "not a calendar date"),
                       (["--published", "July 2024"], "YYYY-MM-DD"),
                       (["--url", "ftp://example.org/a"], "not an http:// or https:// address"),
                       (["--url", "example.org"], "not an http:// or https:// address"),
                       (["--publisher", "  "], "--publisher")):
        code, out = cli("add-source", str(tmp_path / "a.txt"), *args, "--project", str(project_copy.root))
        assert code == 2 and says in " ".join(out.replace("\u2502", " ").split()), (args, out)  # rich's box
    assert {p: p.read_bytes() for sub in ("data", "seeds") for p in (project_copy.root / sub).iterdir()} == before
    code, out = cli("set-source", "000", "--project", str(project_copy.root))
    assert code == 2 and "nothing to set" in out
    assert yaml.safe_load((project_copy.data / "sources.yaml").read_text(encoding="utf-8"))
