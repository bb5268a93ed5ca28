"""Pinned downloads: fetch ``sahel-dataset-X.Y.Z.zip``, verify it, cache it.

``sahel_dataset.load(name, version="X.Y.Z")`` and ``sahel-dataset fetch X.Y.Z``
use this module. The archive's sha256 must match the entry for its file name in
``registry.txt``, which ships inside the package (pooch's registry format: one
``file-name sha256:hash`` per line). The archive comes from the
``base_url`` argument, else the ``SAHEL_DATASET_URL`` environment variable (a URL,
a ``file://`` URL or a plain path: a folder holding the archive, or the archive
itself; a ``{version}`` in it is filled in), else the ``releases/`` folder of the
checkout being run (cwd or above, or the checkout of an editable install), else the
project's GitHub release of that version (:data:`DEFAULT_BASE_URL`, downloaded with
pooch). It is kept in the user cache directory (platformdirs; ``SAHEL_DATASET_CACHE``
overrides it) and unpacked beside it. Once cached, no network is needed.

The cache trusts only the archive: every call checks the archive against the
registry, then the unpacked folder against the ``SHA256SUMS`` *inside the archive*
(never the folder's own copy), and refuses a symlink, a FIFO or a path too deep;
the descriptor goes through ``validate``'s integrity checks (paths inside the
package, every file's hash and size).

A corrupted or truncated download fails the hash check: pooch deletes it, and
nothing is left in the cache. pooch and platformdirs are imported only here, so
``import sahel_dataset`` and a plain ``load(name)`` never import them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import zipfile
from pathlib import Path

from .core.errors import shown
from .core.hashing import sha256_file
from .core.registry import SUMS, archive_name, known_versions, read_registry
from .unpack import FetchError, _unpack, archive_sums, verify_release

__all__ = ["SUMS", "FetchError", "fetch_release", "verify_release"]

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


def cache_dir() -> Path:
    """Where releases are kept: ``$SAHEL_DATASET_CACHE`` or the platform's user cache."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("sahel-dataset", appauthor=False))


def checkout_releases() -> list[Path]:
    """The ``releases/`` folders of the checkouts this runs in: the current folder or
    above, and the checkout of an editable install (``src/sahel_dataset`` two levels down)."""
    here = Path(__file__).resolve().parents[2]
    cwd = Path.cwd().resolve()
    found = []
    for base in (cwd, *cwd.parents, here):
        folder = base / "releases"
        if folder.is_dir() and (base / "pyproject.toml").is_file() and folder not in found:
            found.append(folder)
    return found


def local_source(version: str, base_url: str | None = None) -> Path | None:
    """The local archive of ``version``, if the source is local: ``base_url`` or
    ``$SAHEL_DATASET_URL`` as a ``file://`` URL or plain path (the archive, or a folder
    holding it), else a checkout's ``releases/`` (:func:`checkout_releases`). ``None``
    when the archive is to be downloaded.

    >>> local_source("0.1.0", "https://example.org/") is None
    True
    >>> local_source("0.1.0", "file:///srv/rel/")
    PosixPath('/srv/rel/sahel-dataset-0.1.0.zip')
    """
    base = base_url or os.environ.get(BASE_URL_ENV)
    if base:
        base = base.format(version=version)
        if base.startswith("file://"):
            from urllib.parse import unquote, urlparse

            base = unquote(urlparse(base).path)
        elif "://" in base:
            return None
        path = Path(base).expanduser()
        return path if path.suffix == ".zip" else path / archive_name(version)
    for folder in checkout_releases():
        if (folder / archive_name(version)).is_file():
            return folder / archive_name(version)
    return None


def _make_cache(root: Path) -> list[Path]:
    """Create the cache folder; return the folders made (removed again after a failure)."""
    made = [p for p in (root, *root.parents) if not p.exists()][::-1]
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FetchError(f"cache {root} cannot be used: {e.strerror or e}; set {CACHE_ENV} to a folder",
                         usage=True) from None
    if not root.is_dir():
        raise FetchError(f"cache {root} is not a folder; set {CACHE_ENV} to a folder", usage=True)
    return made


def fetch_release(version: str, base_url: str | None = None, cache: Path | None = None,
                  registry: dict[str, str] | None = None) -> Path:
    """Fetch (once), verify and unpack release ``version``; return its folder.

    The folder holds ``datapackage.json``, ``parquet/``, ``csv/``, ``seeds/``.
    Every call checks the cached archive against the registry and the unpacked
    files against the ``SHA256SUMS`` inside that archive (:func:`verify_release`);
    a cached folder that differs is unpacked again from the archive. Raises
    :class:`FetchError` for an unknown version (listing the known ones), a cache
    path that is not a folder, no network and no local copy, a failed download, a
    hash mismatch, or an archive that is too large or holds a bad ``SHA256SUMS`` or
    descriptor; nothing is left in the cache after a failure (not even its folder).

    >>> fetch_release("0.0.0-nope", registry={})
    Traceback (most recent call last):
    ...
    sahel_dataset.unpack.FetchError: unknown version '0.0.0-nope'; known versions: none yet
    """
    reg = read_registry() if registry is None else registry
    fname = archive_name(version)
    if fname not in reg:
        known = ", ".join(known_versions(reg)) or "none yet"
        raise FetchError(f"unknown version {shown(version)}; known versions: {known}", usage=True)
    root = cache or cache_dir()
    made = _make_cache(root)
    try:
        return _fetch_into(root, version, reg[fname], base_url)
    except BaseException:
        for folder in reversed(made):  # innermost first; only folders this call made, and only if empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _fetch_into(root: Path, version: str, expected: str, base_url: str | None) -> Path:
    fname = archive_name(version)
    archive, folder = root / fname, root / version
    ok = archive.is_file() and "sha256:" + sha256_file(archive) == expected
    if ok and folder.is_dir():
        try:
            raw, sums = archive_sums(archive)
            verify_release(folder, sums)
            if (folder / SUMS).read_bytes() == raw:  # the sums file is no entry of itself: compared whole
                return folder  # cached and intact: no network
        except (FetchError, OSError):
            pass  # changed since it was unpacked: unpack it again from the verified archive
    if not ok:
        local = local_source(version, base_url)
        if local is not None:
            _copy_local(local, archive, expected)
        else:
            _download(fname, version, expected, base_url, root)
    try:
        _unpack(archive, folder)
    except (FetchError, zipfile.BadZipFile, OSError) as e:
        archive.unlink(missing_ok=True)
        raise FetchError(f"{fname}: cannot unpack: {e}") from e
    return folder


def _copy_local(source: Path, archive: Path, expected: str) -> None:
    """Copy a local archive into the cache when its sha256 is the registered one."""
    if not source.is_file():
        raise FetchError(f"{source}: no such archive; put {archive.name} there, or point {BASE_URL_ENV} (or "
                         "--base-url) at the folder that holds it", usage=True)
    if "sha256:" + sha256_file(source) != expected:
        raise FetchError(f"{source}: its sha256 differs from the registry (altered, or another build of "
                         f"{archive.name}); nothing was kept")
    tmp = archive.with_name(f".{archive.name}.part")
    try:
        shutil.copyfile(source, tmp)
        if "sha256:" + sha256_file(tmp) != expected:  # changed while it was copied
            raise FetchError(f"{source}: changed while it was copied; nothing was kept")
        os.replace(tmp, archive)
    finally:
        tmp.unlink(missing_ok=True)


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
    except requests.ConnectionError as e:
        raise FetchError(f"{url}: cannot download {fname} (no network?): {type(e).__name__}. Offline, point "
                         f"{BASE_URL_ENV} (or --base-url) at a folder holding {fname}, or run from a checkout "
                         "whose releases/ holds it", usage=True) from e
    except (requests.RequestException, OSError) as e:
        raise FetchError(f"{url}: download failed: {shown(str(e), 160)}; point {BASE_URL_ENV} (or --base-url) "
                         f"at a folder holding {fname}", usage=True) from e
    finally:
        for leftover in root.glob("tmp*"):  # pooch's temporary files, should any survive
            if leftover.is_file():
                leftover.unlink(missing_ok=True)
