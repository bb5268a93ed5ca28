"""The release archive, read by real peers: frictionless CLI, DuckDB, polars, pandas, a CSV reader."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import jsonschema
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import CHECKOUT as ROOT
from conftest import PROFILES
from sahel_dataset.core import schema
from sahel_dataset.core.descriptor import PACKAGE_DIR
from sahel_dataset.core.dtypes import arrow_schema, convert, pandas_dtype
from sahel_dataset.core.errors import DataError
from sahel_dataset.core.registry import archive_name
from sahel_dataset.pipeline.build import build
from sahel_dataset.pipeline.csv_cells import restore
from sahel_dataset.pipeline.release import release, required_docs
from sahel_dataset.project import Project

# release archives, the real frictionless command: `.ci/run` runs them, plain pytest does not.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    """One release of the committed project."""
    return release(tmp_path_factory.mktemp("dist"), project)


@pytest.fixture(scope="session")
def unpacked(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    return folder


def read_csv_typed(path: Path, t: schema.Table) -> pd.DataFrame:
    """Read one CSV resource with the types its schema declares (no inference):
    empty cell = null, and the formula-injection prefix removed from text."""
    parse = {
        "string": restore,
        "integer": int,
        "number": float,
        "boolean": lambda c: {"true": True, "false": False}[c],
        "date": dt.date.fromisoformat,
    }
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header == t.names
        kinds = [next(x for x in t.fields if x.name == n).type for n in header]
        rows = [{n: (None if c == "" else parse[k](c)) for n, k, c in zip(header, kinds, row, strict=True)}
                for row in reader]
    return convert(pa.Table.from_pylist(rows, schema=arrow_schema(t)), t)


def test_two_releases_of_one_commit_are_byte_identical(archive: Path, tmp_path: Path, project: Project) -> None:
    again = release(tmp_path, project, validate=False)
    assert again.name == archive.name == archive_name()
    assert again.read_bytes() == archive.read_bytes()


def test_archive_entries_are_sorted_with_fixed_time_and_permissions(archive: Path) -> None:
    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {"datapackage.json", "CHANGELOG.md", "SHA256SUMS"} <= set(names)
    assert set(required_docs()) <= set(names)
    if (ROOT / "CODEBOOK.md").is_file():
        assert "CODEBOOK.md" in names
    for t in schema.table_names():
        assert f"parquet/{t}.parquet" in names and f"csv/{t}.csv" in names
    assert {i.date_time for i in infos} == {infos[0].date_time}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_sha256sums_cover_every_other_entry(unpacked: Path) -> None:
    sums = dict(reversed(line.split("  ", 1)) for line in (unpacked / "SHA256SUMS").read_text().splitlines())
    files = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert set(sums) == files - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((unpacked / name).read_bytes()).hexdigest() == digest


def test_descriptor_is_v2_with_the_release_metadata(unpacked: Path) -> None:
    desc = json.loads((unpacked / "datapackage.json").read_text())
    jsonschema.Draft7Validator(json.loads((PROFILES / "datapackage.json").read_text())).validate(desc)
    for key in ("$schema", "name", "id", "version", "title", "description", "licenses", "sources",
                "contributors", "created"):
        assert desc.get(key), key
    assert {lic["name"] for lic in desc["licenses"]} >= {"CC-BY-4.0", "MIT"}
    for r in desc["resources"]:
        data = (unpacked / r["path"]).read_bytes()
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        # frictionless cannot count Parquet bytes: only the other resources declare them
        assert r.get("bytes") == (None if r["format"] == "parquet" else len(data))


def frictionless_validate(folder: Path) -> subprocess.CompletedProcess:
    """`frictionless validate datapackage.json`, typed exactly so in the package folder."""
    cli = Path(sys.executable).parent / "frictionless"
    return subprocess.run([str(cli), "validate", "datapackage.json"], cwd=folder, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"})


@pytest.mark.parametrize("which", ["fresh build", "shipped package", "release archive"])
def test_frictionless_validate_datapackage_json_is_valid(which: str, request: pytest.FixtureRequest) -> None:
    folder = {"fresh build": lambda: request.getfixturevalue("built"), "shipped package": lambda: PACKAGE_DIR,
              "release archive": lambda: request.getfixturevalue("unpacked")}[which]()
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(json.loads((PROFILES / "datapackage.json").read_text())).validate(desc)
    result = frictionless_validate(folder)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # every resource is validated, Parquet and CSV tables and the metadata files alike
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert len(rows) == len(desc["resources"]) and all(line.rstrip("│ ").endswith("VALID") for line in rows)
    assert "INVALID" not in result.stdout
    for r in desc["resources"]:
        assert f" {r['path']} " in result.stdout, r["path"]


def test_frictionless_sees_errors_in_parquet_resources(unpacked: Path, tmp_path: Path) -> None:
    """Not a blind VALID: a dangling foreign key and a negative count written into the
    Parquet copy only are reported for the Parquet resource (its CSV twin stays valid)."""
    from sahel_dataset.pipeline.write import write_parquet

    pkg = tmp_path / "pkg"
    shutil.copytree(unpacked, pkg)
    path = pkg / "parquet" / "deployments.parquet"
    data = pq.read_table(path)
    senders = data["sending_actor_id"].to_pylist()
    counts = data["count_best"].to_pylist()
    first = next(i for i, c in enumerate(counts) if c is not None)
    senders[0], counts[first] = "act-nobody", -5
    data = data.set_column(data.schema.get_field_index("sending_actor_id"), "sending_actor_id", pa.array(senders))
    data = data.set_column(data.schema.get_field_index("count_best"), "count_best", pa.array(counts, pa.int64()))
    write_parquet(data, path, schema.table("deployments"))
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                             "datapackage.json"], cwd=pkg, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    errors = {t["name"]: {(e["type"], e.get("fieldName")) for e in t["errors"]}
              for t in json.loads(result.stdout)["tasks"] if t["errors"]}
    assert errors == {"deployments": {("foreign-key", None), ("constraint-error", "count_best")}}


def test_pandas_reads_parquet_nulls_as_nulls(unpacked: Path) -> None:
    """The pandas metadata in each Parquet file: a plain `pd.read_parquet` (what
    frictionless does) gives nullable dtypes, the same as load()."""
    for t in schema.tables():
        path = unpacked / "parquet" / f"{t.name}.parquet"
        frame = pd.read_parquet(path)
        for f in t.fields:
            if f.type in ("integer", "number", "boolean") and f.enum is None:
                assert frame[f.name].dtype == pandas_dtype(f), (t.name, f.name)
    counts = pd.read_parquet(unpacked / "parquet" / "deployments.parquet")["count_best"]
    assert counts.isna().any() and counts.notna().any()
    assert pd.read_parquet(unpacked / "parquet" / "locations.parquet")["latitude"].dtype == "Float64"


def test_duckdb_and_polars_read_every_parquet_file(unpacked: Path) -> None:
    con = duckdb.connect()
    for t in schema.tables():
        path = unpacked / "parquet" / f"{t.name}.parquet"
        rows = pq.read_metadata(path).num_rows
        assert con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0] == rows
        cols = [r[0] for r in con.execute(f"describe select * from read_parquet('{path}')").fetchall()]
        assert cols == t.names
        frame = pl.read_parquet(path)
        assert frame.columns == t.names and frame.height == rows


@pytest.mark.parametrize("name", schema.table_names())
def test_csv_and_parquet_load_to_equal_frames(unpacked: Path, name: str) -> None:
    t = schema.table(name)
    from_parquet = convert(pq.read_table(unpacked / "parquet" / f"{name}.parquet"), t)
    from_csv = read_csv_typed(unpacked / "csv" / f"{name}.csv", t)
    pd.testing.assert_frame_equal(from_csv, from_parquet)


def test_release_refuses_invalid_data_and_writes_nothing(project_copy: Project, tmp_path: Path) -> None:
    for doc in ("CHANGELOG.md", "CODEBOOK.md"):
        if (ROOT / doc).is_file():
            shutil.copy(ROOT / doc, project_copy.root / doc)
    path = project_copy.data / "events.yaml"
    path.write_text(path.read_text().replace("status: occurred", "status: happened", 1))
    with pytest.raises(DataError):
        release(tmp_path / "dist", project_copy)
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_release_requires_the_changelog(project_copy: Project, tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"CHANGELOG\.md is missing"):
        release(tmp_path / "dist", project_copy)


# ------------------------------------------------------- CSV formula injection


FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "'quoted", "\tTab"]


def _set_summary(project: Project, text: str) -> None:
    path = project.data / "events.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, ln in enumerate(lines) if ln.startswith("  summary:"))
    lines[i] = "  summary: " + json.dumps(text) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_neutralises_formulas_and_load_gives_back_the_original(
        project_copy: Project, tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _set_summary(project_copy, text)
    out = tmp_path / "out"
    build(out, project_copy)
    cells = [row["summary"] for row in csv.DictReader((out / "csv" / "events.csv").open(encoding="utf-8"))]
    assert "'" + text in cells and text not in cells
    assert all(not c.startswith(("=", "+", "-", "@", "\t")) for c in cells)
    parquet = pq.read_table(out / "parquet" / "events.parquet").column("summary").to_pylist()
    assert text in parquet
    load_module = importlib.import_module("sahel_dataset.load")
    monkeypatch.setattr(load_module, "PACKAGE_DIR", out)
    assert text in load_module.load("events")["summary"].tolist()
    t = schema.table("events")
    pd.testing.assert_frame_equal(read_csv_typed(out / "csv" / "events.csv", t),
                                  convert(pq.read_table(out / "parquet" / "events.parquet"), t))


def test_release_requires_the_codebook_once_its_generator_exists(project_copy: Project, tmp_path: Path) -> None:
    shutil.copy(ROOT / "CHANGELOG.md", project_copy.root / "CHANGELOG.md")
    assert "CODEBOOK.md" in required_docs()
    with pytest.raises(DataError, match=r"CODEBOOK\.md is missing"):
        release(tmp_path / "dist", project_copy)


def test_snapshot_copies_the_schema_once(project_copy: Project) -> None:
    from sahel_dataset.curation.schemaguard import check_project
    from sahel_dataset.pipeline.release import snapshot_schema

    target = snapshot_schema(project_copy, "0.1.0")
    assert target == project_copy.root / "schema" / "releases" / "0.1.0"
    assert (target / "schemaver.json").is_file() and (target / "events.json").is_file()
    assert snapshot_schema(project_copy, "0.1.0") == target  # same content: nothing to do
    (target / "events.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DataError, match="different schema snapshot"):
        snapshot_schema(project_copy, "0.1.0")
    shutil.rmtree(target)
    snapshot_schema(project_copy, "0.1.0")
    (project_copy.root / "CHANGELOG.md").write_text("## [Unreleased]\n", encoding="utf-8")
    assert check_project(project_copy.root)["ok"]
