"""Pinned releases without a network: local archives and folders, a checkout's releases/,
the installed version, offline errors, and a cache that trusts only the archive (issue 22
item 2, issue 20 item 3)."""
# ruff: noqa: F811  (the fixtures of test_fetch.py are imported by name, as pytest finds them)

from __future__ import annotations

import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_bad_inputs import _cases, _load, apply_case
from test_fetch import _repack, _serve, cache, good_archive, registry, server  # noqa: F401

from sahel_dataset import __version__, catalog
from sahel_dataset import _fetch as fetch
from sahel_dataset._fetch import FetchError, fetch_release
from sahel_dataset.core.descriptor import PACKAGE_DIR
from sahel_dataset.diff import DiffError, diff
from sahel_dataset.load import load

pytestmark = pytest.mark.slow

VERSION = __version__


def _closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: what a machine without a network sees."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.mark.parametrize("form", ["folder", "file-url", "archive", "env-folder", "env-file-url"])
def test_a_local_archive_is_taken_from_a_path_or_file_url(form, good_archive, registry, cache, monkeypatch, tmp_path):
    shelf = tmp_path / "shelf dir"
    shelf.mkdir()
    (shelf / good_archive.name).write_bytes(good_archive.read_bytes())
    source = {"folder": str(shelf), "file-url": shelf.as_uri() + "/", "archive": str(shelf / good_archive.name),
              "env-folder": str(shelf), "env-file-url": shelf.as_uri()}[form]
    if form.startswith("env-"):
        monkeypatch.setenv(fetch.BASE_URL_ENV, source)
        source = None
    folder = fetch_release(VERSION, base_url=source, registry=registry)
    assert (folder / "datapackage.json").is_file()
    assert (cache / good_archive.name).read_bytes() == good_archive.read_bytes()


def test_a_local_archive_with_another_hash_is_refused_and_nothing_is_kept(good_archive, registry, cache, tmp_path):
    altered = _repack(good_archive, tmp_path / "shelf", lambda files: files.update({"extra.txt": b"x"}))
    with pytest.raises(FetchError, match="sha256 differs from the registry") as info:
        fetch_release(VERSION, base_url=str(altered.parent), registry=registry)
    assert not info.value.usage
    assert not cache.exists(), "a failed fetch leaves no empty cache folder"


def test_a_missing_local_archive_says_where_it_looked(registry, cache, tmp_path):
    with pytest.raises(FetchError, match=r"no such archive; put sahel-dataset-.*\.zip there") as info:
        fetch_release(VERSION, base_url=str(tmp_path / "empty"), registry=registry)
    assert info.value.usage and "\n" not in str(info.value)
    assert not cache.exists()


def test_a_checkout_finds_its_own_releases_folder(good_archive, registry, cache, monkeypatch, tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / "releases").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (checkout / "releases" / good_archive.name).write_bytes(good_archive.read_bytes())
    (checkout / "notebooks").mkdir()
    monkeypatch.chdir(checkout / "notebooks")
    folder = fetch_release(VERSION, base_url=None, registry=registry)  # no URL, no network: the checkout's copy
    assert (folder / "datapackage.json").is_file()


def test_offline_with_nothing_cached_is_one_line_saying_what_to_do(registry, cache):
    with pytest.raises(FetchError) as info:
        fetch_release(VERSION, base_url=_closed_port_url(), registry=registry)
    message = str(info.value)
    assert info.value.usage, "offline is an environment error (exit 2), not bad data"
    assert "\n" not in message and fetch.BASE_URL_ENV in message and "releases/" in message
    assert not cache.exists()


def test_the_cli_offline_exits_2_with_one_line(tmp_path):
    released = [v for v in fetch.known_versions(fetch.read_registry())]
    if not released:
        pytest.skip("no release registered yet")
    env = {**os.environ, fetch.CACHE_ENV: str(tmp_path / "cache"), fetch.BASE_URL_ENV: _closed_port_url()}
    cli = Path(sys.executable).parent / "sahel-dataset"
    for args in (["fetch", released[-1]], ["diff", released[-1], str(PACKAGE_DIR)]):
        result = subprocess.run([str(cli), *args], capture_output=True, text=True, timeout=120, env=env,
                                cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "cache").exists()


def test_the_installed_version_is_the_shipped_copy(monkeypatch, tmp_path):
    monkeypatch.setenv(fetch.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(fetch.BASE_URL_ENV, _closed_port_url())
    monkeypatch.setattr(fetch, "read_registry", lambda path=None: {})  # not even registered: never fetched
    assert load("events", version=__version__).equals(load("events"))
    assert diff(PACKAGE_DIR, __version__).equal
    assert catalog.package_dir(__version__) == PACKAGE_DIR
    assert not (tmp_path / "cache").exists()


def test_committed_releases_load_offline_from_the_checkout(monkeypatch, tmp_path):
    """The done-when of issue 22: the pinned release loads from the checkout, no network."""
    released = fetch.known_versions(fetch.read_registry())
    if not released:
        pytest.skip("no release registered yet")
    monkeypatch.setenv(fetch.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(fetch.BASE_URL_ENV, raising=False)
    monkeypatch.setattr(fetch, "_download", lambda *a: pytest.fail("the network was used"))
    for version in released:
        assert len(load("events", version=version)) > 0


# ------------------------------------------------ the cache trusts only the archive

def _fetched(good_archive: Path, registry: dict[str, str], tmp_path: Path) -> Path:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / good_archive.name).write_bytes(good_archive.read_bytes())
    return fetch_release(VERSION, base_url=str(shelf), registry=registry)


@pytest.mark.parametrize("name", _cases("cache"))
def test_an_altered_cache_is_never_served(name, good_archive, registry, cache, tmp_path):
    """Every ``kind: cache`` case of ``tests/bad_inputs/``: whatever was altered in the cached folder
    (a value, a file swapped, cut, deleted, added, made a symlink or a FIFO, even with the folder's own
    SHA256SUMS rewritten to match: the sums inside the verified archive are the only ones trusted), the
    next call, offline, unpacks the release again: every file as the archive holds it, nothing else."""
    folder = _fetched(good_archive, registry, tmp_path)
    apply_case(_load(name), folder)
    assert fetch_release(VERSION, registry=registry) == folder
    with zipfile.ZipFile(good_archive) as z:
        members = {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}
    served = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir()}
    assert sorted(served) == sorted(members)
    for rel, path in served.items():
        assert path.is_file() and not path.is_symlink() and path.read_bytes() == members[rel], rel


def test_an_archive_with_a_symlink_entry_is_refused(good_archive, cache, monkeypatch, tmp_path, server):
    import stat

    def add_link(files: dict[str, bytes]) -> None:
        files["csv/link.csv"] = b"/etc/passwd"

    archive = _repack(good_archive, tmp_path / "bad", add_link)
    # mark the entry a symlink, as `zip --symlinks` stores one
    with zipfile.ZipFile(archive) as src:
        entries = [(i, src.read(i)) for i in src.infolist()]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "csv/link.csv":
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            dst.writestr(info, data)
    base = _serve(archive, server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match="is a symlink or special file"):
        fetch_release(VERSION, base_url=base)
    assert not cache.exists()


def test_an_archive_entry_too_deep_is_refused(good_archive, cache, monkeypatch, tmp_path, server):
    archive = _repack(good_archive, tmp_path / "bad", lambda f: f.update({"a/b/c/d/e/f/g.txt": b"x"}),
                      resum=False)
    base = _serve(archive, server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match="not a plain file path"):
        fetch_release(VERSION, base_url=base)
    assert not cache.exists()


def test_a_descriptor_path_outside_the_package_is_refused(good_archive, cache, monkeypatch, tmp_path, server):
    import json

    def escape(files: dict[str, bytes]) -> None:
        desc = json.loads(files["datapackage.json"])
        desc["resources"][0]["path"] = "../../etc/passwd"
        files["datapackage.json"] = json.dumps(desc).encode()

    base = _serve(_repack(good_archive, tmp_path / "bad", escape), server, tmp_path, monkeypatch)
    with pytest.raises(FetchError, match="leaves the package folder"):
        fetch_release(VERSION, base_url=base)
    assert not cache.exists()


def test_diff_refuses_a_folder_with_a_symlink_or_a_path_outside(built_copy: Path) -> None:
    import json

    (built_copy / "csv" / "extra.csv").symlink_to("/etc/hostname")
    with pytest.raises(DiffError, match="not a regular file"):
        diff(PACKAGE_DIR, built_copy)
    (built_copy / "csv" / "extra.csv").unlink()
    desc = json.loads((built_copy / "datapackage.json").read_text())
    desc["resources"][0]["path"] = "../../../etc/hostname"
    (built_copy / "datapackage.json").write_text(json.dumps(desc))
    with pytest.raises(DiffError, match="leaves the package folder"):
        diff(PACKAGE_DIR, built_copy)


@pytest.fixture
def built_copy(tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(PACKAGE_DIR, tmp_path / "pkg"))
