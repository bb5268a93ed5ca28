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


# ------------------------------------------------------- a cache that cannot lie (issue 10 item 8)


def _repack(archive: Path, out: Path, edit: Callable[[dict[str, bytes]], None], resum: bool = True) -> Path:
    """A copy of ``archive`` with its files edited by ``edit`` (SHA256SUMS recomputed unless not ``resum``)."""
    import hashlib
    import zipfile

    with zipfile.ZipFile(archive) as src:
        files = {i.filename: src.read(i) for i in src.infolist()}
    edit(files)
    if resum:
        files["SHA256SUMS"] = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(files.items())
                                      if n != "SHA256SUMS").encode()
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out / archive.name, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in files.items():
            dst.writestr(name, data)
    return out / archive.name


def _serve(archive: Path, server: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    base, root = server
    (root / archive.name).write_bytes(archive.read_bytes())
    reg = tmp_path / "registry.txt"
    add_to_registry(archive, reg)
    monkeypatch.setattr(fetch, "read_registry", lambda path=None: read_registry(reg))
    return base


def test_a_cached_release_changed_on_disk_is_unpacked_again(server, good_archive, registry, cache):
    import zipfile

    base, root = server
    (root / good_archive.name).write_bytes(good_archive.read_bytes())
    folder = fetch_release(VERSION, base_url=base, registry=registry)
    csv_path = folder / "csv" / "events.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("Mutinous", "Loyal"), encoding="utf-8")
    (folder / "parquet" / "smuggled.parquet").write_bytes(b"x")
    (root / good_archive.name).unlink()  # offline from here: the archive in the cache is the truth
    assert fetch_release(VERSION, registry=registry) == folder
    with zipfile.ZipFile(good_archive) as z:
        assert csv_path.read_bytes() == z.read("csv/events.csv")
    assert not (folder / "parquet" / "smuggled.parquet").exists()
    assert len(_Handler.hits) == 1
    assert sorted(p.name for p in cache.iterdir()) == sorted([archive_name(VERSION), VERSION])


def test_load_of_a_tampered_cache_reads_the_true_release(server, good_archive, registry, cache, monkeypatch,
                                                          built):
    base, root = server
    (root / good_archive.name).write_bytes(good_archive.read_bytes())
    monkeypatch.setattr(fetch, "read_registry", lambda path=None: registry)
    folder = fetch_release(VERSION, base_url=base, registry=registry)
    # Replace the events table by the (valid Parquet) actors table: a cache that lies.
    (folder / "parquet" / "events.parquet").write_bytes((folder / "parquet" / "actors.parquet").read_bytes())
    pinned = load("events", version=VERSION)
    expected = convert(pq.read_table(built / "parquet" / "events.parquet"), schema.table("events"))
    pd.testing.assert_frame_equal(pinned, expected)


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "csv/../../x", "./datapackage.json"])
def test_sha256sums_names_outside_the_release_folder_are_refused(name, server, good_archive, cache, monkeypatch,
                                                                  tmp_path):
    def add_line(files: dict[str, bytes]) -> None:
        files["SHA256SUMS"] += f"{'0' * 64}  {name}\n".encode()

    archive = _repack(good_archive, tmp_path / "bad", add_line, resum=False)
    base = _serve(archive, server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match="is not a file inside the release folder"):
        fetch_release(VERSION, base_url=base)
    assert not any(cache.iterdir()), list(cache.iterdir())
    assert not (tmp_path / "evil.txt").exists()


def test_a_broken_descriptor_in_a_release_is_a_clear_error(server, good_archive, cache, monkeypatch, tmp_path):
    def break_descriptor(files: dict[str, bytes]) -> None:
        files["datapackage.json"] = b"[1, 2]"

    archive = _repack(good_archive, tmp_path / "bad", break_descriptor)
    base = _serve(archive, server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match=r"datapackage\.json: a descriptor must be a JSON object"):
        fetch_release(VERSION, base_url=base)
    assert not any(cache.iterdir())


def _bomb(path: Path, size: int) -> Path:
    """A real zip whose one member is ``size`` zero bytes (deflate packs them about 1000:1)."""
    import zipfile

    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("datapackage.json", b"{}")
        with z.open("csv/events.csv", "w", force_zip64=True) as f:
            for _ in range(size // len(chunk)):
                f.write(chunk)
    return path


def test_a_zip_bomb_is_refused_before_anything_is_written(server, cache, monkeypatch, tmp_path):
    archive = _bomb(tmp_path / archive_name(VERSION), 256 << 20)
    assert archive.stat().st_size < 1 << 20
    base = _serve(archive, server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match="refused as a zip bomb"):
        fetch_release(VERSION, base_url=base)
    assert not any(cache.iterdir()), list(cache.iterdir())


@pytest.mark.slow
def test_a_2_mb_archive_that_unpacks_to_2_gib_is_refused(server, cache, monkeypatch, tmp_path):
    archive = _bomb(tmp_path / archive_name(VERSION), 2 << 30)
    assert archive.stat().st_size < 4 << 20
    base = _serve(archive, server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match=r"unpacks to 2147483650 bytes, more than the 1073741824 allowed"):
        fetch_release(VERSION, base_url=base)
    assert not any(cache.iterdir())


def test_a_cache_path_that_is_a_file_is_a_usage_error(tmp_path, registry, monkeypatch):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    monkeypatch.setenv(fetch.CACHE_ENV, str(notes))
    with pytest.raises(FetchError, match="cannot be used") as info:
        fetch_release(VERSION, registry=registry)
    assert info.value.usage
    assert notes.read_text() == "mine"
    cli = Path(sys.executable).parent / "sahel-dataset"
    import os

    env = {**os.environ, fetch.CACHE_ENV: str(notes)}
    result = subprocess.run([str(cli), "fetch", VERSION], capture_output=True, text=True, timeout=60, env=env)
    if VERSION in {n[len("sahel-dataset-"):-4] for n in read_registry()}:
        assert result.returncode == 2, result.stderr
        assert "notes.txt" in result.stderr and "Traceback" not in result.stderr
    assert notes.read_text() == "mine"
