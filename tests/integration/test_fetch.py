"""Pinned downloads against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sahel_dataset import fetch, schema
from sahel_dataset.fetch import FetchError, add_to_registry, archive_name, fetch_release, read_registry
from sahel_dataset.load import convert, load
from sahel_dataset.pipeline.release import release
from sahel_dataset.project import Project

VERSION = "0.1.0"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; ``/cut/...`` promises the whole file but sends half."""

    hits: list[str] = []  # noqa: RUF012

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        if self.path.startswith("/cut/"):
            data = (Path(self.directory) / self.path.removeprefix("/cut/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture(scope="module")
def good_archive(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    return release(tmp_path_factory.mktemp("dist"), project, validate=False)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, folder it serves)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_Handler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.hits = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def registry(good_archive: Path, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "registry.txt"
    add_to_registry(good_archive, path)
    return read_registry(path)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(fetch.CACHE_ENV, str(folder))
    monkeypatch.delenv(fetch.BASE_URL_ENV, raising=False)
    return folder


def test_download_verifies_caches_and_then_works_offline(server, good_archive, registry, cache, monkeypatch):
    base, root = server
    (root / good_archive.name).write_bytes(good_archive.read_bytes())
    folder = fetch_release(VERSION, base_url=base, registry=registry)
    assert folder == cache / VERSION and (folder / "datapackage.json").is_file()
    assert (cache / archive_name(VERSION)).read_bytes() == good_archive.read_bytes()
    assert len(_Handler.hits) == 1
    # Offline: the server is gone from the picture, and no base URL is set.
    (root / good_archive.name).unlink()
    assert fetch_release(VERSION, registry=registry) == folder
    assert len(_Handler.hits) == 1


def test_load_with_version_reads_the_pinned_release(server, good_archive, registry, cache, monkeypatch, built):
    base, root = server
    (root / good_archive.name).write_bytes(good_archive.read_bytes())
    monkeypatch.setattr(fetch, "read_registry", lambda path=None: registry)
    monkeypatch.setenv(fetch.BASE_URL_ENV, base)
    pinned = load("events", version=VERSION)
    expected = convert(pq.read_table(built / "parquet" / "events.parquet"), schema.table("events"))
    pd.testing.assert_frame_equal(pinned, expected)


@pytest.mark.parametrize("damage", ["corrupted", "truncated", "cut_connection"])
def test_bad_download_is_refused_and_nothing_is_cached(server, good_archive, registry, cache, damage):
    base, root = server
    data = bytearray(good_archive.read_bytes())
    if damage == "corrupted":
        data[len(data) // 2] ^= 0xFF
    elif damage == "truncated":
        data = data[: len(data) // 3]
    (root / good_archive.name).write_bytes(bytes(data))
    url = base + "/cut" if damage == "cut_connection" else base
    with pytest.raises(FetchError) as info:
        fetch_release(VERSION, base_url=url, registry=registry)
    message = str(info.value)
    assert archive_name(VERSION) in message
    if damage != "cut_connection":
        assert "sha256 differs from the registry" in message
    assert not cache.exists() or not any(cache.iterdir()), list(cache.iterdir())


def test_unknown_version_lists_the_known_ones(registry, cache):
    with pytest.raises(FetchError, match=r"unknown version '9\.9\.9'; known versions: 0\.1\.0") as info:
        fetch_release("9.9.9", registry=registry)
    assert info.value.usage


def test_missing_base_url_is_a_usage_error(registry, cache):
    with pytest.raises(FetchError, match="SAHEL_DATASET_URL") as info:
        fetch_release(VERSION, registry=registry)
    assert info.value.usage
    assert not cache.exists() or not any(cache.iterdir())


def test_404_is_a_clear_error(server, registry, cache):
    base, _ = server
    with pytest.raises(FetchError, match="download failed"):
        fetch_release(VERSION, base_url=base, registry=registry)
    assert not any(cache.iterdir())


def test_fetch_cli_unknown_version_exits_2(cache):
    cli = Path(sys.executable).parent / "sahel-dataset"
    result = subprocess.run([str(cli), "fetch", "9.9.9"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "unknown version '9.9.9'" in result.stderr


def test_shipped_registry_parses():
    for name, digest in read_registry().items():
        assert name.startswith("sahel-dataset-") and name.endswith(".zip")
        assert digest.startswith("sha256:") and len(digest) == 71


def test_unsupported_url_is_not_called_a_hash_mismatch(registry, cache):
    with pytest.raises(FetchError, match="cannot download") as info:
        fetch_release(VERSION, base_url="gopher://127.0.0.1/x", registry=registry)
    assert "sha256" not in str(info.value)
    assert not any(cache.iterdir())


def _with_descriptor(archive: Path, out: Path, edit: Callable[[dict], None]) -> Path:
    """A copy of ``archive`` whose datapackage.json is edited (SHA256SUMS kept true)."""
    import hashlib
    import json
    import zipfile

    with zipfile.ZipFile(archive) as src:
        files = {i.filename: src.read(i) for i in src.infolist()}
    desc = json.loads(files["datapackage.json"])
    edit(desc)
    files["datapackage.json"] = json.dumps(desc, indent=2).encode()
    files["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()) if name != "SHA256SUMS"
    ).encode()
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out / archive.name, "w") as dst:
        for name, data in files.items():
            dst.writestr(name, data)
    return out / archive.name


def test_pinned_release_is_typed_by_its_own_schema(server, good_archive, cache, monkeypatch, tmp_path):
    """A release whose schema differs from today's loads with the release's enum and tables."""

    def widen_status(desc: dict) -> None:
        for r in desc["resources"]:
            if r["name"] == "events":
                status = next(f for f in r["schema"]["fields"] if f["name"] == "status")
                status["constraints"]["enum"].append("rumoured")
        desc["resources"] = [r for r in desc["resources"] if r["name"] != "figures"]

    archive = _with_descriptor(good_archive, tmp_path / "changed", widen_status)
    base, root = server
    (root / archive.name).write_bytes(archive.read_bytes())
    reg = tmp_path / "registry.txt"
    add_to_registry(archive, reg)
    monkeypatch.setattr(fetch, "read_registry", lambda path=None: read_registry(reg))
    monkeypatch.setenv(fetch.BASE_URL_ENV, base)

    pinned = load("events", version=VERSION)
    assert "rumoured" in pinned["status"].cat.categories  # the release's enum, not today's
    assert "rumoured" not in load("events")["status"].cat.categories
    with pytest.raises(ValueError, match=r"unknown table 'figures' in release .*its tables: sources"):
        load("figures", version=VERSION)
