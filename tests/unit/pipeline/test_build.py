"""The build on the real data, and every way it must refuse bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest

from conftest import PROFILES
from sahel_dataset.core import schema
from sahel_dataset.core.errors import DataError
from sahel_dataset.pipeline.build import build
from sahel_dataset.project import Project


@pytest.mark.invariant
def test_build_writes_parquet_csv_and_a_valid_v2_descriptor(built: Path) -> None:
    desc = json.loads((built / "datapackage.json").read_text())
    assert desc["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    jsonschema.Draft7Validator(json.loads((PROFILES / "datapackage.json").read_text())).validate(desc)
    names = {r["name"] for r in desc["resources"]}
    for t in schema.table_names():
        assert {t, f"{t}-csv"} <= names
        assert (built / "parquet" / f"{t}.parquet").is_file()
        assert (built / "csv" / f"{t}.csv").is_file()
    for r in desc["resources"]:
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", r["hash"])
        assert r.get("bytes") == (None if r["format"] == "parquet" else (built / r["path"]).stat().st_size)


@pytest.mark.invariant
def test_every_evidence_span_is_the_seeds_own_text(built: Path, project: Project) -> None:
    evidence = pq.read_table(built / "parquet" / "evidence.parquet").to_pylist()
    sources = {r["source_id"]: r["file"] for r in pq.read_table(built / "parquet" / "sources.parquet").to_pylist()}
    assert evidence
    for row in evidence:
        seed = (project.seeds / sources[row["source_id"]]).read_bytes().decode("utf-8")
        assert seed[row["start"]:row["end"]] == row["text"]


@pytest.mark.invariant
def test_first_slice_has_three_records_per_core_table_from_two_seeds(built: Path) -> None:
    evidence = pq.read_table(built / "parquet" / "evidence.parquet").to_pylist()
    for t in ("events", "deployments", "agreements", "quotes"):
        assert pq.read_table(built / "parquet" / f"{t}.parquet").num_rows >= 3
        assert len({r["source_id"] for r in evidence if r["record_table"] == t}) >= 2


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build_fails(project: Project, out: Path) -> DataError:
    with pytest.raises(DataError) as info:
        build(out, project)
    assert not out.exists(), "a failed build must write nothing"
    assert not list(out.parent.glob(f".{out.name}.*")), "no temporary folder may be left"
    return info.value


def test_changed_seed_fails_naming_the_file(project_copy: Project, tmp_path: Path) -> None:
    seed = project_copy.seeds / "003_96708bf42db7307b.txt"
    seed.write_bytes(seed.read_bytes().replace(b"About 1,000", b"About 2,000"))
    err = _build_fails(project_copy, tmp_path / "out")
    assert "003_96708bf42db7307b.txt" in str(err)
    assert "differs from the manifest" in str(err)


def test_absent_quote_fails_naming_record_and_field(project_copy: Project, tmp_path: Path) -> None:
    _edit(project_copy.data / "events.yaml", "ousted by mutinous soldiers in July", "ousted by rebels in July")
    err = _build_fails(project_copy, tmp_path / "out")
    [problem] = err.problems
    assert problem.record_id == "evt-niger-coup"
    assert problem.field == "evidence[0].quote"
    assert problem.file == "data/events.yaml"
    lines = (project_copy.data / "events.yaml").read_text().splitlines()
    assert "ousted by rebels in July" in lines[problem.line - 1]
    assert "not found" in problem.message and "closest passage" in problem.message


def test_ambiguous_quote_fails_listing_occurrences(project_copy: Project, tmp_path: Path) -> None:
    _edit(project_copy.data / "quotes.yaml", "quote: orderly and responsible withdrawal", "quote: withdrawal")
    err = _build_fails(project_copy, tmp_path / "out")
    [problem] = err.problems
    assert problem.record_id == "quo-us-officials-orderly-withdrawal"
    assert problem.field == "evidence[0].quote"
    assert re.search(r"occurs \d+ times", problem.message) and "#2 at" in problem.message


def test_every_record_error_is_reported_at_once(project_copy: Project, tmp_path: Path) -> None:
    _edit(project_copy.data / "deployments.yaml", "count_low: 20", "count_low: twenty")
    _edit(project_copy.data / "events.yaml", "status: occurred", "status: happened")
    err = _build_fails(project_copy, tmp_path / "out")
    found = {(p.file, p.record_id, p.field) for p in err.problems}
    assert ("data/deployments.yaml", "dep-us-niger-two-dozen-2024-08", "count_low") in found
    assert ("data/events.yaml", "evt-niger-coup", "status") in found


def test_failed_build_leaves_previous_output_intact(project_copy: Project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, project_copy)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _edit(project_copy.data / "events.yaml", "status: occurred", "status: happened")
    with pytest.raises(DataError):
        build(out, project_copy)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
