"""Unpack and verify a release archive: the checks that make the cache trust only the archive.

An archive is refused before one byte is written when it would unpack too large, or
holds an entry that is not a plain path inside it (absolute, ``..``, too deep, a
symlink). The unpacked folder is checked against the ``SHA256SUMS`` read from the
archive itself, holds only regular files, and its descriptor passes ``validate``'s
integrity checks (:func:`check_package`). ``sahel_dataset.fetch`` (the cache),
``sahel_dataset.diff`` (a ``.zip`` side) and ``verify_release`` callers share them.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from .core.atomic import replace_tree
from .core.errors import DataError, shown
from .core.hashing import sha256_file

SUMS = "SHA256SUMS"
"""The checksum file inside every release archive (``sha256sum -c`` format)."""


class FetchError(RuntimeError):
    """A release could not be fetched; ``usage`` marks a caller's mistake (unknown
    version, no base URL) rather than a failed or corrupted download."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


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


MAX_DEPTH = 4
"""The most folders deep a file of a release may sit (ours: ``csv/events.csv``, one)."""


def parse_sums(text: str) -> dict[str, str]:
    """File name -> sha256 from the text of a ``SHA256SUMS`` file.

    Raises :class:`FetchError` for a line that is not ``<64 hex>  <name>`` or a name
    that is absolute, climbs out of the release folder (``..``), is deeper than
    :data:`MAX_DEPTH` or is listed twice.

    >>> parse_sums("0" * 64 + "  ../../etc/passwd")
    Traceback (most recent call last):
    ...
    sahel_dataset.unpack.FetchError: SHA256SUMS line 1: '../../etc/passwd' is not a file inside the release folder
    """
    sums: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise FetchError(f"{SUMS} line {n}: not '<sha256>  <file>' (got {shown(line, 80)})")
        if not _plain_name(name) or name == SUMS:
            raise FetchError(f"{SUMS} line {n}: {shown(name, 80)} is not a file inside the release folder")
        if name in sums:
            raise FetchError(f"{SUMS} line {n}: {shown(name, 80)} is listed twice")
        sums[name] = digest
    return sums


def _plain_name(name: str) -> bool:
    """Whether ``name`` is a relative ``/`` path inside a folder, at most :data:`MAX_DEPTH` deep.

    >>> _plain_name("csv/events.csv"), _plain_name("csv/../../x"), _plain_name("/etc"), _plain_name("a/" * 9 + "b")
    (True, False, False, False)
    """
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and ":" not in parts[0] \
        and all(p not in ("", ".", "..") for p in parts) and len(parts) <= MAX_DEPTH + 1


def read_sums(folder: Path) -> dict[str, str]:
    """File name -> sha256 as ``folder``'s own ``SHA256SUMS`` lists them (:func:`parse_sums`)."""
    try:
        return parse_sums((folder / SUMS).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise FetchError(f"{SUMS} cannot be read: {e}") from None


def archive_sums(archive: Path) -> tuple[bytes, dict[str, str]]:
    """The ``SHA256SUMS`` inside ``archive``: its bytes and its entries (:func:`parse_sums`)."""
    try:
        with zipfile.ZipFile(archive) as z:
            raw = z.read(SUMS)
        return raw, parse_sums(raw.decode("utf-8"))
    except KeyError:
        raise FetchError(f"{archive.name} holds no {SUMS}") from None
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as e:
        raise FetchError(f"{archive.name}: {SUMS} cannot be read: {e}") from None


def tree_files(folder: Path) -> set[str]:
    """The files under ``folder`` (relative ``/`` names); :class:`FetchError` for a symlink,
    a FIFO or any other special file, or a file deeper than :data:`MAX_DEPTH` folders.

    >>> import tempfile, pathlib, os
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("x"); os.mkfifo(d / "pipe")
    >>> tree_files(d)
    Traceback (most recent call last):
    ...
    sahel_dataset.unpack.FetchError: pipe is not a regular file (a symlink, FIFO or device is refused)
    """
    found = set()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir() and not path.is_symlink():
            continue
        if path.is_symlink() or not path.is_file():
            raise FetchError(f"{rel} is not a regular file (a symlink, FIFO or device is refused)")
        if not _plain_name(rel):
            raise FetchError(f"{rel} is more than {MAX_DEPTH} folders deep")
        found.add(rel)
    return found


def check_package(folder: Path, hashes: bool = True) -> dict[str, Any]:
    """``validate``'s checks of a package folder that need no schema: only regular files
    (:func:`tree_files`), a readable descriptor (size and nesting limits), every resource
    a file inside the folder, with its declared hash and size unless not ``hashes`` (a
    folder being edited, as ``diff`` compares). Returns the descriptor; raises
    :class:`FetchError` naming the first problem."""
    from .core.descriptor import read_descriptor
    from .core.integrity import integrity_problems

    tree_files(folder)
    try:
        desc = read_descriptor(folder / "datapackage.json")
    except DataError as e:
        raise FetchError(f"datapackage.json: {e.problems[0].message}") from None
    problems = [p for p in integrity_problems(folder, desc) if hashes or p.field in ("path", None)]
    if problems:
        raise FetchError(f"datapackage.json: {problems[0].message}")
    return desc


def verify_release(folder: Path, sums: dict[str, str] | None = None) -> None:
    """Check an unpacked release against ``sums`` (the ``SHA256SUMS`` inside its verified
    archive, :func:`archive_sums`; without it, the folder's own copy, which proves only
    that the folder agrees with itself): every listed file is there with its hash, no
    other file is there, none is a symlink or special file, and the descriptor passes
    :func:`check_package`. Raises :class:`FetchError` naming the first file that differs."""
    sums = read_sums(folder) if sums is None else sums
    present = tree_files(folder)
    for extra in sorted(present - sums.keys() - {SUMS}):
        raise FetchError(f"{extra} is not listed in {SUMS}")
    for name, digest in sums.items():
        if name not in present:
            raise FetchError(f"{name} listed in {SUMS} is missing")
        if sha256_file(folder / name) != digest:
            raise FetchError(f"{name} differs from {SUMS}")
    if "datapackage.json" not in sums:
        raise FetchError(f"datapackage.json is not listed in {SUMS}")
    check_package(folder)


def _unpack(archive: Path, target: Path) -> None:
    """Unpack an archive into ``target`` atomically: sizes and entry names checked first,
    then :func:`verify_release` against the archive's own ``SHA256SUMS`` before the swap."""
    with zipfile.ZipFile(archive) as z:
        _check_sizes(z, archive)
        for info in z.infolist():
            if not info.is_dir() and not _plain_name(info.filename):
                raise FetchError(f"{archive.name}: entry {shown(info.filename)} is not a plain file path "
                                 f"inside the archive folder (at most {MAX_DEPTH} folders deep)")
            if (info.external_attr >> 16) & 0o170000 not in (0, 0o100000, 0o040000):
                raise FetchError(f"{archive.name}: entry {shown(info.filename)} is a symlink or special file")
    sums = archive_sums(archive)[1]
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as z:
            z.extractall(tmp)
        verify_release(tmp, sums)
        replace_tree(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
