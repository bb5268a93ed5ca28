"""Write files and folders so that no reader ever sees half of one, and never
replace anything this tool did not make.

- :func:`atomic_write` writes one file: a temporary file beside it, flushed to
  disk, then :func:`os.replace`.
- :func:`replace_folder` writes a whole output folder (a build): into a hidden
  temporary folder beside it, then swapped in. On Linux the swap is one
  ``renameat2(RENAME_EXCHANGE)`` call, so a ``kill -9`` at any instant leaves
  either the old output or the new one in place; elsewhere it is two renames,
  and the next run puts the old output back if a kill fell between them. Builds
  into one parent folder hold a lock on it (``flock``), so they run one at a time.
- :func:`check_output` refuses an output path that would destroy something:
  an existing file, the project or a folder holding it, ``data/`` or ``seeds/``,
  or a non-empty folder that is not a previous build (one holding :data:`MARKER`).

Every refusal and every OS failure while writing (read-only or full disk) is a
:class:`~sahel_dataset.core.errors.UsageError` (exit code 2), raised before the old
output was touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import UsageError

MARKER = ".sahel-dataset-build"
"""The file every build writes last: a folder holding it is a previous build,
which the next build may replace."""

MARKER_TEXT = "sahel-dataset build output: the next `sahel-dataset build` into this folder replaces it whole.\n"

LEGACY_ENTRIES = frozenset({
    "datapackage.json", "parquet", "csv", "seeds", "parquet-by-year",
    "croissant.json", "annotations.jsonld", "places.geojson",
})
"""What a build wrote before it wrote :data:`MARKER` (version 0.1.0 and earlier)."""

PAUSE_ENV = "SAHEL_DATASET_TEST_PAUSE"
"""Seconds to sleep before the swap (tests only: lets a test kill a build mid-write)."""

LOCK_WAIT = 60.0
"""Seconds a build waits for another build into the same parent folder to finish."""


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that ``path`` holds either its old or its new
    content, never a part (text is written as UTF-8).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write(p, "one"); atomic_write(p, b"two"); p.read_text()
    'two'
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def is_build(folder: Path, marker: str = MARKER) -> bool:
    """Whether ``folder`` is a previous output of the same kind: it holds ``marker``
    (default: a build's), or (an older build) a ``datapackage.json`` of ours and
    nothing but what a build writes.

    >>> import tempfile, pathlib
    >>> is_build(pathlib.Path(tempfile.mkdtemp()))
    False
    """
    if (folder / marker).is_file():
        return True
    if marker != MARKER:
        return False
    entries = {p.name for p in folder.iterdir()}
    if "datapackage.json" not in entries or not entries <= LEGACY_ENTRIES:
        return False
    try:
        desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(desc, dict) and "x-schema-version" in desc


def protected_reason(out: Path, project_root: Path | None) -> str | None:
    """Why ``out`` (resolved) must never be written or replaced, or None: a home or
    root folder, the project or a folder holding it, or a folder curators edit.

    >>> protected_reason(Path("/"), None)
    '/ is a home or root folder'
    """
    homes = {Path.home().resolve(), Path(os.sep)}
    if out in homes:
        return f"{out} is a home or root folder"
    if project_root is None:
        return None
    root = project_root.resolve()
    if root.is_relative_to(out):
        return f"{out} is the project folder or holds it ({root})"
    for sub in ("data", "seeds", "schema", ".git"):
        if out.is_relative_to(root / sub):
            return f"{out} is inside the project's {sub}/, which curators edit"
    return None


def _output_folder(out: Path, project_root: Path | None, wanted: str) -> Path:
    """``out`` resolved, refused when it is protected (:func:`protected_reason`) or a
    file where ``wanted`` (a folder) is expected: the checks every ``--out`` shares."""
    resolved = out.resolve()
    why = protected_reason(resolved, project_root)
    if why:
        raise UsageError(f"refusing --out {out}: {why}")
    if resolved.exists() and not resolved.is_dir():
        raise UsageError(f"refusing --out {out}: it is a file, not {wanted}")
    return resolved


def check_output(out: Path, project_root: Path | None = None, marker: str = MARKER) -> Path:
    """Refuse (raise :class:`UsageError`) an output folder whose replacement would
    destroy something this tool did not make; return it resolved.

    >>> import tempfile, pathlib
    >>> home = pathlib.Path(tempfile.mkdtemp())
    >>> (home / "notes.txt").write_text("mine")
    4
    >>> check_output(home / "notes.txt")
    Traceback (most recent call last):
    ...
    sahel_dataset.core.errors.UsageError: refusing --out ...notes.txt: it is a file, not a build folder
    >>> check_output(home)
    Traceback (most recent call last):
    ...
    sahel_dataset.core.errors.UsageError: refusing --out ...: it is a non-empty folder that is not a previous build ...
    >>> check_output(home / "new").name
    'new'
    """
    resolved = _output_folder(out, project_root, "a build folder")
    if resolved.is_dir() and any(resolved.iterdir()) and not is_build(resolved, marker):
        kind = marker.rsplit("-", 1)[-1]  # .sahel-dataset-build -> build, .sahel-dataset-site -> site
        raise UsageError(
            f"refusing --out {out}: it is a non-empty folder that is not a previous {kind} "
            f"(no {marker}); choose a new or empty folder"
        )
    return resolved


def check_archive_output(out: Path, name: str, project_root: Path | None = None) -> Path:
    """Refuse a folder to write the release archive ``name`` into when writing there
    could destroy something: ``out`` is a file or a protected folder (as in
    :func:`check_output`), or ``out/name`` exists and is not a release archive of
    ours. Other files in ``out`` (wheels in ``dist/``) are left alone. Returns the
    archive's path.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "x.zip").write_text("my notes")
    >>> check_archive_output(folder, "x.zip")
    Traceback (most recent call last):
    ...
    sahel_dataset.core.errors.UsageError: refusing to replace ...x.zip: it is not a release archive of sahel-dataset
    """
    import zipfile

    resolved = _output_folder(out, project_root, "a folder")
    path = resolved / name
    if path.exists() or path.is_symlink():
        ours = path.is_file() and not path.is_symlink() and zipfile.is_zipfile(path)
        if ours:
            with zipfile.ZipFile(path) as z:
                ours = {"datapackage.json", "SHA256SUMS"} <= set(z.namelist())
        if not ours:
            raise UsageError(f"refusing to replace {path}: it is not a release archive of sahel-dataset")
    return path


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where the
    system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _leftovers(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


def recover(out: Path) -> None:
    """Clean up after a build that was killed: put back an old output that a kill
    between two renames left aside, and remove half-written temporary folders.
    Call it with the lock held, so no live build owns what it removes."""
    for old in _leftovers(out, "old"):
        if not out.exists():
            old.rename(out)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in _leftovers(out, "tmp"):
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def _lock(folder: Path, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (released by the OS if the process dies)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UsageError(f"another build is writing into {folder}; try again when it has finished") \
                        from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def _environment_error(out: Path, e: OSError) -> UsageError:
    reason = e.strerror or str(e)
    return UsageError(f"cannot write {out}: {reason} ({e.filename or out}); the previous output is unchanged")


@contextlib.contextmanager
def replace_folder(out: Path, project_root: Path | None = None, wait: float = LOCK_WAIT,
                   marker: str = MARKER) -> Iterator[Path]:
    """Yield an empty temporary folder that replaces ``out`` whole when the block ends
    without error; on any error ``out`` keeps its previous content.

    ``out`` is checked first with :func:`check_output`. The block writes the files;
    ``marker`` (default: a build's; another command passes its own, so that neither
    replaces the other's output) is added last, so only a complete output is ever
    recognised.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "build"
    >>> with replace_folder(out) as tmp:
    ...     _ = (tmp / "datapackage.json").write_text("{}")
    >>> sorted(p.name for p in out.iterdir())
    ['.sahel-dataset-build', 'datapackage.json']
    """
    out = check_output(out, project_root, marker)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _environment_error(out, e) from e
    with _lock(out.parent, wait):
        try:
            recover(out)
        except OSError as e:
            raise _environment_error(out, e) from e
        check_output(out, project_root, marker)  # again under the lock: another build may have run
        tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
        try:
            tmp.mkdir()
            yield tmp
            text = MARKER_TEXT if marker == MARKER else "sahel-dataset output: the next run replaces it whole.\n"
            (tmp / marker).write_text(text, encoding="utf-8")
            pause = os.environ.get(PAUSE_ENV)
            if pause:
                time.sleep(float(pause))
            replace_tree(tmp, out)
        except OSError as e:
            shutil.rmtree(tmp, ignore_errors=True)
            raise _environment_error(out, e) from e
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def replace_tree(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` in place of ``target`` (a folder or nothing),
    removing the old one: one atomic exchange where the system has it, else two
    renames (a kill between them is undone by :func:`recover`). Used directly for
    folders this tool owns outright (the download cache, a schema snapshot); an
    output folder a user names goes through :func:`replace_folder`, which guards it
    and then calls this.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "new").mkdir(); (d / "old").mkdir(); _ = (d / "new" / "x").write_text("1")
    >>> replace_tree(d / "new", d / "old"); sorted(p.name for p in d.iterdir()), (d / "old" / "x").read_text()
    (['old'], '1')
    """
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old folder
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    target.rename(old)
    new.rename(target)  # a kill before this line is undone by recover() on the next run
    shutil.rmtree(old, ignore_errors=True)
