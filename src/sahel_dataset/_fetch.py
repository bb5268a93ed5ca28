"""Pinned downloads: fetch ``sahel-dataset-X.Y.Z.zip``, verify it, cache it.

``sahel_dataset.load(name, version="X.Y.Z")`` and ``sahel-dataset fetch X.Y.Z``
use this module. The archive's sha256 must match the entry for its file name in
``registry.txt``, which ships inside the package (pooch's registry format: one
``file-name sha256:hash`` per line). The archive is downloaded with pooch from a
base URL (the ``base_url`` argument, else the ``SAHEL_DATASET_URL`` environment
variable, else the project's GitHub release of that version, :data:`DEFAULT_BASE_URL`;
a ``{version}`` in it is filled in), kept in the user cache directory
(platformdirs; ``SAHEL_DATASET_CACHE`` overrides it) and unpacked beside it.
Once cached, no network is needed.

A corrupted or truncated download fails the hash check: pooch deletes it, and
nothing is left in the cache. pooch and platformdirs are imported only here, so
``import sahel_dataset`` and a plain ``load(name)`` never import them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .core.atomic import replace_tree
from .core.errors import DataError, shown
from .core.hashing import sha256_file
from .core.registry import SUMS, archive_name, known_versions, read_registry

BASE_URL_ENV = "SAHEL_DATASET_URL"
REPOSITORY = "https://github.com/sahel-dataset/sahel-dataset"
"""The project's repository: ``[project.urls] Repository`` in pyproject.toml (a test keeps them equal)."""
DEFAULT_BASE_URL = REPOSITORY + "/releases/download/v{version}/"
"""Where ``.github/workflows/release.yml`` attaches each release archive (its GitHub release)."""
CACHE_ENV = "SAHEL_DATASET_CACHE"


def release_url(version: str, base_url: str | None = None) -> str:
    """The URL of ``version``'s archive: under ``base_url``, else ``$SAHEL_DATASET_URL``,
    else the project's GitHub release (:data:`DEFAULT_BASE_URL`); ``{version}`` is filled in.

    >>> release_url("0.1.0", "http://127.0.0.1:8000/")
    'http://127.0.0.1:8000/sahel-dataset-0.1.0.zip'
    >>> DEFAULT_BASE_URL.format(version="0.1.0")
    'https://github.com/sahel-dataset/sahel-dataset/releases/download/v0.1.0/'
    """
    base = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).format(version=version)
    return base.rstrip("/") + "/" + archive_name(version)


class FetchError(RuntimeError):
    """A release could not be fetched; ``usage`` marks a caller's mistake (unknown
    version, no base URL) rather than a failed or corrupted download."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def cache_dir() -> Path:
    """Where releases are kept: ``$SAHEL_DATASET_CACHE`` or the platform's user cache."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("sahel-dataset", appauthor=False))


MAX_UNPACKED = 1 << 30
"""The most bytes an archive may unpack to (1 GiB; a release is a few MB)."""

MAX_RATIO = 100
"""The most an archive may grow when unpacked (a zip bomb grows a thousandfold)."""


def _check_sizes(z: zipfile.ZipFile, archive: Path) -> None:
    """Refuse an archive that would unpack to more than :data:`MAX_UNPACKED` bytes or
    :data:`MAX_RATIO` times its size, before one byte is written. zipfile stops each
    member at its declared size, so the declared sizes bound what is written."""
    total = sum(i.file_size for i in z.infolist())
    packed = max(archive.stat().st_size, 1)
    if total > MAX_UNPACKED:
        raise FetchError(f"{archive.name}: unpacks to {total} bytes, more than the {MAX_UNPACKED} allowed")
    if total > MAX_RATIO * packed:
        raise FetchError(f"{archive.name}: unpacks to {total} bytes from {packed} (more than {MAX_RATIO} times its "
                         "size): refused as a zip bomb")


def read_sums(folder: Path) -> dict[str, str]:
    """File name -> sha256 as ``folder``'s ``SHA256SUMS`` lists them.

    Raises :class:`FetchError` for a line that is not ``<64 hex>  <name>`` or a name
    that is absolute, climbs out of ``folder`` (``..``) or is listed twice.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "SHA256SUMS").write_text("0" * 64 + "  ../../etc/passwd")
    >>> read_sums(d)
    Traceback (most recent call last):
    ...
    sahel_dataset._fetch.FetchError: SHA256SUMS line 1: '../../etc/passwd' is not a file inside the release folder
    """
    try:
        lines = (folder / SUMS).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise FetchError(f"{SUMS} cannot be read: {e}") from None
    sums: dict[str, str] = {}
    base = folder.resolve()
    for n, line in enumerate(lines, 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise FetchError(f"{SUMS} line {n}: not '<sha256>  <file>' (got {shown(line, 80)})")
        parts = name.split("/")
        if (not name or name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts)
                or not (folder / name).resolve().is_relative_to(base) or name == SUMS):
            raise FetchError(f"{SUMS} line {n}: {shown(name, 80)} is not a file inside the release folder")
        if name in sums:
            raise FetchError(f"{SUMS} line {n}: {shown(name, 80)} is listed twice")
        sums[name] = digest
    return sums


def verify_release(folder: Path) -> None:
    """Check an unpacked release against its ``SHA256SUMS``: every listed file is there
    and has its hash, no other file is there, and ``datapackage.json`` is a readable
    descriptor. Raises :class:`FetchError` naming the first file that differs."""
    from .core.descriptor import read_descriptor

    sums = read_sums(folder)
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}
    for extra in sorted(present - sums.keys() - {SUMS}):
        raise FetchError(f"{extra} is not listed in {SUMS}")
    for name, digest in sums.items():
        path = folder / name
        if path.is_symlink() or not path.is_file():
            raise FetchError(f"{name} listed in {SUMS} is missing")
        if sha256_file(path) != digest:
            raise FetchError(f"{name} differs from {SUMS}")
    if "datapackage.json" not in sums:
        raise FetchError(f"datapackage.json is not listed in {SUMS}")
    try:
        read_descriptor(folder / "datapackage.json")
    except DataError as e:
        raise FetchError(f"datapackage.json: {e.problems[0].message}") from None


def _unpack(archive: Path, target: Path) -> None:
    """Unpack a verified archive into ``target`` atomically, checking sizes first and
    :func:`verify_release` before the swap."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as z:
            _check_sizes(z, archive)
            for name in z.namelist():
                dest = (tmp / name).resolve()
                if not dest.is_relative_to(tmp.resolve()):
                    raise FetchError(f"{archive.name}: entry {shown(name)} leaves the archive folder")
            z.extractall(tmp)
        verify_release(tmp)
        replace_tree(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def fetch_release(version: str, base_url: str | None = None, cache: Path | None = None,
                  registry: dict[str, str] | None = None) -> Path:
    """Download (once), verify and unpack release ``version``; return its folder.

    The folder holds ``datapackage.json``, ``parquet/``, ``csv/``, ``seeds/``.
    Every call checks the unpacked files against the release's ``SHA256SUMS``
    (:func:`verify_release`); a cached folder that differs is unpacked again from
    the archive, whose sha256 the registry fixes. Raises :class:`FetchError` for
    an unknown version (listing the known ones), a missing base URL, a cache path
    that is not a folder, a failed download, a hash mismatch, or an archive that is
    too large or holds a bad ``SHA256SUMS`` or descriptor; nothing is left in the
    cache after a failure.

    >>> fetch_release("0.0.0-nope", registry={})
    Traceback (most recent call last):
    ...
    sahel_dataset._fetch.FetchError: unknown version '0.0.0-nope'; known versions: none yet
    """
    reg = read_registry() if registry is None else registry
    fname = archive_name(version)
    if fname not in reg:
        known = ", ".join(known_versions(reg)) or "none yet"
        raise FetchError(f"unknown version {shown(version)}; known versions: {known}", usage=True)
    root = cache or cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FetchError(f"cache {root} cannot be used: {e.strerror or e}; set {CACHE_ENV} to a folder",
                         usage=True) from None
    if not root.is_dir():
        raise FetchError(f"cache {root} is not a folder; set {CACHE_ENV} to a folder", usage=True)
    archive, folder = root / fname, root / version
    expected = reg[fname]
    ok = archive.is_file() and "sha256:" + sha256_file(archive) == expected
    if ok and folder.is_dir():
        try:
            verify_release(folder)
            return folder  # cached and intact: no network
        except FetchError:
            pass  # changed since it was unpacked: unpack it again from the verified archive
    if not ok:
        _download(fname, version, expected, base_url, root)
    try:
        _unpack(archive, folder)
    except (FetchError, zipfile.BadZipFile, OSError) as e:
        archive.unlink(missing_ok=True)
        raise FetchError(f"{fname}: cannot unpack: {e}") from e
    return folder


def _download(fname: str, version: str, expected: str, base_url: str | None, root: Path) -> None:
    import pooch
    import requests

    url = release_url(version, base_url)
    pooch.get_logger().setLevel("WARNING")
    (root / fname).unlink(missing_ok=True)
    try:
        pooch.retrieve(url, known_hash=expected, fname=fname, path=root, progressbar=False)
    except ValueError as e:
        if "hash" not in str(e).lower():  # e.g. pooch's "Unrecognized URL protocol"
            raise FetchError(f"{url}: cannot download: {e}", usage=True) from e
        # pooch's hash mismatch: it has already deleted the download
        raise FetchError(f"{url}: the download's sha256 differs from the registry (corrupted or truncated); "
                         "nothing was kept") from e
    except (requests.RequestException, OSError) as e:
        raise FetchError(f"{url}: download failed: {e}") from e
    finally:
        for leftover in root.glob("tmp*"):  # pooch's temporary files, should any survive
            if leftover.is_file():
                leftover.unlink(missing_ok=True)
