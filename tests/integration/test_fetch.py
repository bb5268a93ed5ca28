"""Pinned downloads against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import CHECKOUT as ROOT
from sahel_dataset import __version__
from sahel_dataset import _fetch as fetch
from sahel_dataset._fetch import FetchError, fetch_release
from sahel_dataset.core import descriptor, schema
from sahel_dataset.core.dtypes import convert
from sahel_dataset.core.errors import UsageError
from sahel_dataset.core.registry import add_to_registry, archive_name, read_registry
from sahel_dataset.load import load
from sahel_dataset.pipeline.release import RELEASES, release, source_registry
from sahel_dataset.project import Project

# release archives served from 127.0.0.1: `.ci/run` runs them, plain pytest does not.
pytestmark = pytest.mark.slow

VERSION = __version__  # the version of the archive a test builds from this tree


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
    # The archives here are built from this tree, so they carry the installed version, which
    # load() would otherwise read from the shipped copy.
    monkeypatch.setattr(descriptor, "SHIPPED_VERSION", None)
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
    assert not cache.exists(), list(cache.iterdir())


def test_unknown_version_lists_the_known_ones(registry, cache):
    known = re.escape(VERSION)  # the registry fixture holds the archive built from this tree
    with pytest.raises(FetchError, match=rf"unknown version '9\.9\.9'; known versions: {known}") as info:
        fetch_release("9.9.9", registry=registry)
    assert info.value.usage


def test_404_is_a_clear_error(server, registry, cache):
    base, _ = server
    with pytest.raises(FetchError, match="download failed"):
        fetch_release(VERSION, base_url=base, registry=registry)
    assert not cache.exists(), "a failed fetch leaves no empty cache folder"


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
    assert not cache.exists(), "a failed fetch leaves no empty cache folder"


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
    assert not cache.exists(), list(cache.iterdir())
    assert not (tmp_path / "evil.txt").exists()


def test_a_broken_descriptor_in_a_release_is_a_clear_error(server, good_archive, cache, monkeypatch, tmp_path):
    def break_descriptor(files: dict[str, bytes]) -> None:
        files["datapackage.json"] = b"[1, 2]"

    archive = _repack(good_archive, tmp_path / "bad", break_descriptor)
    base = _serve(archive, server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match=r"datapackage\.json: a descriptor must be a JSON object"):
        fetch_release(VERSION, base_url=base)
    assert not cache.exists(), "a failed fetch leaves no empty cache folder"


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
    assert not cache.exists(), list(cache.iterdir())


@pytest.mark.slow
def test_a_2_mb_archive_that_unpacks_to_2_gib_is_refused(server, cache, monkeypatch, tmp_path):
    archive = _bomb(tmp_path / archive_name(VERSION), 2 << 30)
    assert archive.stat().st_size < 4 << 20
    base = _serve(archive, server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match=r"unpacks to 2147483650 bytes, more than the 1073741824 allowed"):
        fetch_release(VERSION, base_url=base)
    assert not cache.exists(), "a failed fetch leaves no empty cache folder"


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


# ------------------------------------------ the real release, cut and fetched

TEST_VERSION = "0.99.0"
"""A final version no real release will have: the copies below are cut as this version."""

SOURCE_FILES = ("pyproject.toml", "CHANGELOG.md", "CODEBOOK.md", "README.md", "LICENSE", "LICENSE-DATA", "CITATION.cff")


def source_copy(dest: Path, version: str = TEST_VERSION) -> Path:
    """A copy of the source checkout as of ``version``: its own code, data, schema and an
    empty registry (as before the first release), and the CHANGELOG's dated section."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for sub in ("src", "schema", "data", "seeds"):
        shutil.copytree(ROOT / sub, dest / sub, ignore=ignore)
    for name in SOURCE_FILES:
        shutil.copy(ROOT / name, dest / name)
    shutil.rmtree(dest / "schema" / "releases", ignore_errors=True)
    pkg = dest / "src" / "sahel_dataset"
    (pkg / "_version.py").write_text(f'__version__ = "{version}"\n', encoding="utf-8")
    registry = pkg / "registry.txt"
    registry.write_text("".join(ln for ln in registry.read_text().splitlines(keepends=True) if ln.startswith("#")))
    log = dest / "CHANGELOG.md"
    log.write_text(log.read_text().replace("## [Unreleased]", f"## [Unreleased]\n\n## [{version}] - 2026-11-30", 1))
    return dest


def run_cli(code: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """``sahel-dataset ARGS`` running the code of ``code/src`` (as if installed there), in ``cwd``."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", fetch.BASE_URL_ENV)}
    environ.update(PYTHONPATH=str(code / "src"), COLUMNS="200", **env)
    cli = Path(sys.executable).parent / "sahel-dataset"
    return subprocess.run([str(cli), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def cut(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """A release cut the documented way, `release --out releases/ --snapshot --register`, in a
    source checkout (``checkout``) by a sahel-dataset installed elsewhere (``installed``)."""
    base = tmp_path_factory.mktemp("cut")
    installed, checkout = source_copy(base / "installed"), source_copy(base / "checkout")
    result = run_cli(installed, "release", "--out", "releases/", "--snapshot", "--register", cwd=checkout)
    return installed, checkout, result


@pytest.mark.slow
def test_register_writes_the_registry_of_the_checkout_it_runs_in(cut) -> None:
    installed, checkout, result = cut
    assert result.returncode == 0, result.stdout + result.stderr
    archive = checkout / "releases" / archive_name(TEST_VERSION)
    assert read_registry(checkout / "src" / "sahel_dataset" / "registry.txt") == {
        archive.name: "sha256:" + hashlib.sha256(archive.read_bytes()).hexdigest()}
    assert read_registry(installed / "src" / "sahel_dataset" / "registry.txt") == {}, "the installed copy is untouched"
    assert str(checkout / "src" / "sahel_dataset" / "registry.txt") in result.stdout.replace("\n", "")
    # the snapshot is what the schema change guard now compares against
    assert (checkout / "schema" / "releases" / TEST_VERSION / "events.json").is_file()
    guard = run_cli(checkout, "schema-check", "--json", cwd=checkout)
    assert guard.returncode == 0, guard.stdout + guard.stderr
    assert json.loads(guard.stdout)["released"] == TEST_VERSION
    # a published release never changes: registering it again is refused, nothing rebuilt
    again = run_cli(checkout, "release", "--out", "releases/", "--register", cwd=checkout)
    assert again.returncode == 2 and "already registered" in again.stderr


@pytest.mark.slow
def test_fetch_and_load_the_cut_release_from_a_local_server(cut, server, tmp_path) -> None:
    _, checkout, result = cut
    assert result.returncode == 0, result.stderr
    base, root = server
    archive = checkout / "releases" / archive_name(TEST_VERSION)
    shutil.copy(archive, root / archive.name)
    cache = tmp_path / "cache"
    fetched = run_cli(checkout, "fetch", TEST_VERSION, "--base-url", base + "/", cwd=tmp_path,
                      SAHEL_DATASET_CACHE=str(cache))
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert (cache / archive.name).read_bytes() == archive.read_bytes()
    script = ("import sahel_dataset, sys\n"
              f"frame = sahel_dataset.load('deployments', version={TEST_VERSION!r})\n"
              "print(len(frame), frame['count_best'].dtype, frame.attrs['table'])\n")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(checkout / "src"), "SAHEL_DATASET_CACHE": str(cache)})
    assert loaded.returncode == 0, loaded.stderr
    rows = pq.read_metadata(checkout / "src" / "sahel_dataset" / "datapackage" / "parquet" / "deployments.parquet")
    assert loaded.stdout.split() == [str(rows.num_rows), "Int64", "deployments"]
    assert _Handler.hits == ["/" + archive.name], "downloaded once, then read from the cache"


@pytest.mark.slow
def test_register_is_refused_outside_a_source_checkout(project_copy: Project, tmp_path: Path) -> None:
    for doc in ("CHANGELOG.md", "CODEBOOK.md"):
        shutil.copy(ROOT / doc, project_copy.root / doc)
    result = run_cli(ROOT, "release", "--out", str(tmp_path / "dist"), "--register", cwd=project_copy.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not a source checkout" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "dist").exists(), "refused before anything is built"


def test_register_is_refused_when_the_checkout_is_another_version(tmp_path: Path) -> None:
    checkout = source_copy(tmp_path / "checkout", "0.98.0")
    with pytest.raises(UsageError, match=r"is version 0\.98\.0 but the running sahel-dataset is 0\.99\.0"):
        source_registry(Project(checkout), version=TEST_VERSION)
    with pytest.raises(UsageError, match="development version"):
        source_registry(Project(source_copy(tmp_path / "dev", "0.99.1.dev0")), version="0.99.1.dev0")


# ------------------------------------------------ the committed, published archives


def committed_archives() -> list[tuple[str, Path]]:
    """(version, archive) for every release archive committed in releases/."""
    return [(p.name.removeprefix("sahel-dataset-").removesuffix(".zip"), p)
            for p in sorted((ROOT / RELEASES).glob("sahel-dataset-*.zip"))]


def test_registry_and_committed_archives_agree() -> None:
    """Each registered version has its archive committed in releases/ with the registered
    sha256, and each committed archive is registered (none exists before the first cut)."""
    registered = read_registry()
    committed = {p.name: "sha256:" + hashlib.sha256(p.read_bytes()).hexdigest() for _, p in committed_archives()}
    assert committed == registered


@pytest.mark.slow
@pytest.mark.parametrize("version,archive", committed_archives() or [pytest.param(None, None, marks=pytest.mark.skip(
    reason="no release archive is committed in releases/ yet (the 0.1.0 cut adds it)"))])
def test_committed_release_is_fetched_and_loaded_with_the_shipped_registry(version, archive, server, cache,
                                                                          monkeypatch) -> None:
    """The published archive itself, served from 127.0.0.1 and checked against the
    registry that ships in the package."""
    base, root = server
    shutil.copy(archive, root / archive.name)
    assert read_registry()[archive.name] == "sha256:" + hashlib.sha256(archive.read_bytes()).hexdigest()
    folder = fetch_release(version, base_url=base)
    assert (cache / archive.name).read_bytes() == archive.read_bytes()
    for name in json.loads((folder / "datapackage.json").read_text())["resources"]:
        if name.get("format") == "parquet":
            frame = load(name["name"], version=version, base_url=base)
            assert len(frame) == pq.read_metadata(folder / name["path"]).num_rows


def test_default_download_url_is_the_github_release_of_the_repository(monkeypatch) -> None:
    """pyproject.toml, CITATION.cff and fetch agree on the repository; the default URL
    is its release download pattern, still overridden by --base-url and $SAHEL_DATASET_URL."""
    import tomllib

    import yaml

    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert urls["Repository"] == citation["repository-code"] == fetch.REPOSITORY
    monkeypatch.delenv(fetch.BASE_URL_ENV, raising=False)
    assert fetch.release_url("0.1.0") == f"{fetch.REPOSITORY}/releases/download/v0.1.0/sahel-dataset-0.1.0.zip"
    monkeypatch.setenv(fetch.BASE_URL_ENV, "https://mirror.example/{version}/")
    assert fetch.release_url("0.1.0") == "https://mirror.example/0.1.0/sahel-dataset-0.1.0.zip"
    assert fetch.release_url("0.1.0", "http://127.0.0.1:9/") == "http://127.0.0.1:9/sahel-dataset-0.1.0.zip"


@pytest.mark.slow
def test_release_workflow_publishes_the_registered_archive(cut, tmp_path, capfd) -> None:
    """publish_asset (release.yml): the rebuild when byte-identical, else the committed
    archive with a warning naming the differing entries; never an unregistered file."""
    import zipfile

    from sahel_dataset.core.errors import DataError
    from sahel_dataset.pipeline.release import publish_asset

    installed, checkout, result = cut
    assert result.returncode == 0, result.stderr
    project = Project(checkout)
    dist = tmp_path / "dist"
    rebuilt = run_cli(installed, "release", "--out", str(dist), cwd=checkout)
    assert rebuilt.returncode == 0, rebuilt.stderr
    name = archive_name(TEST_VERSION)
    assert publish_asset(f"v{TEST_VERSION}", dist, project) == dist / name
    notes = (dist / "RELEASE_NOTES.md").read_text()
    assert "## [" not in notes and notes.split("\n", 1)[0] in (checkout / "CHANGELOG.md").read_text()
    # A rebuild by another pyarrow differs in its Parquet bytes: the committed archive goes out.
    with zipfile.ZipFile(dist / name) as z:
        files = {i.filename: z.read(i) for i in z.infolist()}
    files["parquet/events.parquet"] += b" "
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n"
                                  for n, d in sorted(files.items()) if n != "SHA256SUMS").encode()
    with zipfile.ZipFile(dist / name, "w") as z:
        for n, d in files.items():
            z.writestr(n, d)
    assert publish_asset(f"v{TEST_VERSION}", dist, project) == checkout / RELEASES / name
    assert "::warning::" in capfd.readouterr().err
    shutil.move(checkout / RELEASES / name, tmp_path / name)
    try:
        with pytest.raises(DataError, match="registered sha256"):
            publish_asset(f"v{TEST_VERSION}", dist, project)
    finally:
        shutil.move(tmp_path / name, checkout / RELEASES / name)
    with pytest.raises(UsageError, match="not v"):
        publish_asset("v0.98.0", dist, project)
