"""Where a command may write one file, and how several files change together.

- :func:`check_file_output` is the one guard every command that writes a single
  file goes through (``draft --out``, ``codebook --out``, ``plot --out``,
  ``timeline --out``, ``docs``, ``sqlite``): it refuses a path whose writing could
  destroy something the tool did not make. Output *folders* (``build``, ``site``,
  ``release``) go through :func:`sahel_dataset.utils.atomic.check_output`, which
  shares :func:`~sahel_dataset.utils.atomic.protected_reason` with it.
- :func:`replace_files` changes several files all or nothing (``accept``,
  ``add-source``): every new content is staged beside its target first, then the
  targets are swapped in one after the other, and any error puts back every file
  already swapped.

Every refusal and every OS failure is a :class:`~sahel_dataset.errors.UsageError`
(exit code 2), raised before any target was changed (or after every change was
undone).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError
from .atomic import protected_reason


def tracked(path: Path, project_root: Path) -> bool | None:
    """Whether git tracks ``path`` in the checkout ``project_root``; None when git
    cannot tell (no git, or not a checkout), and the caller falls back to its
    conservative rule.

    >>> import tempfile, pathlib
    >>> tracked(pathlib.Path(tempfile.mkdtemp()) / "x", pathlib.Path(tempfile.mkdtemp())) is None
    True
    """
    if shutil.which("git") is None or not (project_root / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(project_root), "ls-files", "--error-unmatch", "--", str(path)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.returncode == 0


def check_file_output(out: Path, project_root: Path | None, ours: Callable[[Path], bool], what: str) -> Path:
    """Refuse (raise :class:`UsageError`) a file to write when writing it could
    destroy something; return it resolved.

    Refused: a symbolic link; a path inside ``data/``, ``seeds/``, ``schema/`` or
    ``.git/`` of the project, or a home or root folder; an existing path that is
    not a regular file (a folder, FIFO, device); an existing file that ``ours``
    does not recognise as ``what`` written by this tool (a marker or the tool's own
    format); a file git tracks in the project that is not ours, even when the
    working copy has lost it; a path whose folder does not exist (never created
    silently). The file itself is checked, not the folder it is in: ``sqlite
    sahel.db`` in the checkout is allowed.

    >>> import tempfile, pathlib
    >>> home = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (home / "notes.txt").write_text("mine")
    >>> check_file_output(home / "notes.txt", None, lambda p: False, "a picture")
    Traceback (most recent call last):
    ...
    sahel_dataset.errors.UsageError: refusing to write ...notes.txt: it is not a picture written by sahel-dataset
    >>> check_file_output(home / "no" / "x.png", None, lambda p: False, "a picture")
    Traceback (most recent call last):
    ...
    sahel_dataset.errors.UsageError: refusing to write ...x.png: the folder ...no does not exist; create it first
    >>> check_file_output(home / "x.png", None, lambda p: False, "a picture").name
    'x.png'
    """
    if out.is_symlink():
        raise UsageError(f"refusing to write {out}: it is a symbolic link")
    resolved = out.resolve()
    why = protected_reason(resolved, project_root)
    if why:
        raise UsageError(f"refusing to write {out}: {why}")
    try:
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise UsageError(f"refusing to write {out}: {e.strerror}") from e
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(f"refusing to write {out}: it is not a regular file")
    if mode is not None and not ours(resolved):
        raise UsageError(f"refusing to write {out}: it is not {what} written by sahel-dataset")
    if mode is None:
        if not resolved.parent.is_dir():
            raise UsageError(f"refusing to write {out}: the folder {out.parent} does not exist; create it first")
        if project_root is not None and resolved.is_relative_to(project_root.resolve()) \
                and tracked(resolved, project_root.resolve()):
            raise UsageError(f"refusing to write {out}: it is a file the project tracks (deleted here)")
    return resolved


def starts_with(prefix: bytes) -> Callable[[Path], bool]:
    """A recogniser for :func:`check_file_output`: the file starts with ``prefix``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"
    >>> _ = p.write_bytes(b"# Draft records")
    >>> starts_with(b"# Draft")(p), starts_with(b"<svg")(p)
    (True, False)
    """

    def ours(path: Path) -> bool:
        try:
            with path.open("rb") as f:
                return f.read(len(prefix)) == prefix
        except OSError:
            return False

    return ours


def replace_files(contents: dict[Path, bytes | str], new: frozenset[Path] = frozenset()) -> None:
    """Write every file of ``contents`` (text as UTF-8), all or nothing.

    Each new content is first written and flushed beside its target; only then are
    the targets replaced, one after the other. If anything fails, every target
    already replaced gets its old content back (kept as a hard link until the end)
    and the files of ``new``, which must not exist before, are removed again. An
    ``OSError`` becomes a :class:`UsageError` naming the file.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a").write_text("old a")
    >>> replace_files({d / "a": "new a", d / "b": "new b"}, new=frozenset({d / "b"}))
    >>> (d / "a").read_text(), (d / "b").read_text(), sorted(p.name for p in d.iterdir())
    ('new a', 'new b', ['a', 'b'])
    """
    staged: dict[Path, Path] = {}
    kept: dict[Path, Path | None] = {}
    try:
        for path, data in contents.items():
            if path in new and (path.exists() or path.is_symlink()):
                raise FileExistsError(17, "File exists", str(path))
            tmp = path.parent / f".{path.name}.new-{os.getpid()}"
            raw = data.encode("utf-8") if isinstance(data, str) else data
            with open(tmp, "xb") as f:
                staged[path] = tmp
                f.write(raw)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
        for path, tmp in staged.items():
            if path in new or not (path.exists() or path.is_symlink()):
                os.link(tmp, path)  # fails if something appeared there meanwhile: never replaces
                kept[path] = None
                continue
            old = path.parent / f".{path.name}.old-{os.getpid()}"
            os.link(path, old)
            kept[path] = old
            os.replace(tmp, path)
    except OSError as e:
        _undo(kept)
        raise UsageError(f"cannot write {e.filename or next(iter(contents), '')}: {e.strerror or e}; "
                         "nothing was changed") from e
    except BaseException:
        _undo(kept)
        raise
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    for old in kept.values():
        if old is not None:
            old.unlink(missing_ok=True)


def _undo(kept: dict[Path, Path | None]) -> None:
    """Put back each replaced file's old content; remove each file that was new."""
    for path, old in reversed(list(kept.items())):
        try:
            if old is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(old, path)
        except OSError:
            pass  # the hard link stays beside it: the old content is never lost
