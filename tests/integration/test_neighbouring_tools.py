"""A release opened by the tools next door, each as its own users call it: Hugging Face
``datasets`` (the dataset card's configs, offline), pyld (the Web Annotations, offline),
``frictionless validate datapackage.json`` typed in the folder, mlcroissant, Datasette."""
# ruff: noqa: F811  (the fixtures of test_release.py are imported by name, as pytest finds them)

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_release import archive, unpacked  # noqa: F401  (the release, cut and unpacked once)

from sahel_dataset import _fetch as fetch
from sahel_dataset.core import descriptor, schema
from sahel_dataset.core.registry import add_to_registry, archive_name, read_registry

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def test_the_release_carries_its_card_and_licences(archive: Path) -> None:
    names = set(zipfile.ZipFile(archive).namelist())
    assert {"README.md", "LICENSE", "LICENSE-DATA", "DATASHEET.md", "CHANGELOG.md"} <= names


def test_datasets_loads_every_table_by_its_config_offline_with_its_types(unpacked: Path, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    dtypes = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool", "date": "date32"}
    script = (
        "import datasets, json, sys\n"
        "out = {}\n"
        "for name in sys.argv[2:]:\n"
        "    d = datasets.load_dataset(sys.argv[1], name, split='train')\n"
        "    out[name] = [len(d), {k: v.dtype for k, v in d.features.items()}]\n"
        "print(json.dumps(out))\n")
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    names = [t.name for t in schema.tables()]
    run = subprocess.run([sys.executable, "-c", script, str(unpacked), *names], capture_output=True, text=True,
                         env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    got = json.loads(run.stdout.splitlines()[-1])
    assert datasets.__version__
    for t in schema.tables():
        rows, features = got[t.name]
        assert rows == pq.read_metadata(unpacked / "parquet" / f"{t.name}.parquet").num_rows
        assert features == {f.name: dtypes[f.type] for f in t.fields}, t.name


def test_pyld_expands_the_release_annotations_offline(unpacked: Path) -> None:
    jsonld = pytest.importorskip("pyld.jsonld")
    from sahel_dataset.annotations import document_loader

    data = json.loads((unpacked / "annotations.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(data, {"documentLoader": document_loader()})
    items = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0]["http://www.w3.org/ns/activitystreams#items"]
    assert len(items[0]["@list"]) == data["total"] > 0


def test_frictionless_validate_as_typed_in_the_folder(unpacked: Path) -> None:
    run = subprocess.run([str(BIN / "frictionless"), "validate", "datapackage.json"], cwd=unpacked,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "INVALID" not in run.stdout and "VALID" in run.stdout


def test_mlcroissant_validates_the_release(unpacked: Path) -> None:
    run = subprocess.run([str(BIN / "mlcroissant"), "validate", "--jsonld", "croissant.json"], cwd=unpacked,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]


def test_datasette_opens_the_release_taken_from_a_local_folder(archive: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The release as a pipeline pins it (a plain folder in SAHEL_DATASET_URL, no network),
    written to SQLite and queried through Datasette's own client."""
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    from sahel_dataset.publish.sqlite import write_sqlite

    version = archive.name.removeprefix("sahel-dataset-").removesuffix(".zip")
    registry = tmp_path / "registry.txt"
    add_to_registry(archive, registry)
    monkeypatch.setattr(fetch, "read_registry", lambda path=None: read_registry(registry))
    monkeypatch.setattr(descriptor, "SHIPPED_VERSION", None)  # the archive carries the installed version
    monkeypatch.setenv(fetch.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(fetch.BASE_URL_ENV, str(archive.parent))
    db = tmp_path / "sahel.db"
    counts = write_sqlite(db, version=version)
    assert (tmp_path / "cache" / archive_name(version)).read_bytes() == archive.read_bytes()

    async def query() -> dict:
        app = Datasette([str(db)])
        response = await app.client.get("/sahel/events.json?_shape=array&_size=max")
        return {"status": response.status_code, "rows": response.json()}

    result = asyncio.run(query())
    assert result["status"] == 200 and len(result["rows"]) == counts["events"] > 0
