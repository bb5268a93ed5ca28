"""The source documents: verified against ``seeds/manifest.csv`` before any use."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..constraints import unsafe_character
from ..errors import DataError, Problem, shown
from ..utils.hashing import sha256_file
from ..utils.reading import ARTICLE_BYTES

MANIFEST = "manifest.csv"


HEADER = ["file", "sha256", "bytes"]
"""The manifest's header row, exactly."""

_NAME = re.compile(r"^[0-9]{3}_[0-9a-f]{16}\.txt$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


def read_manifest(seed_dir: Path) -> dict[str, tuple[str, int]]:
    """Map each seed file name to its (sha256, bytes) as the manifest records them.

    Raises :class:`DataError` naming the manifest and the line of each row that is
    not ``file,sha256,bytes`` with a seed file name, 64 hex digits and a whole
    number, and for a wrong header, a repeated file or bytes that are not UTF-8.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> row = "000_0123456789abcdef.txt," + "a" * 64 + ",12x"
    >>> _ = (d / "manifest.csv").write_text("\\n".join(["file,sha256,bytes", row]))
    >>> try:
    ...     read_manifest(d)
    ... except DataError as e:
    ...     print(e.problems[0].line, e.problems[0].field, e.problems[0].message)
    2 bytes bytes must be a whole number of bytes (got '12x')
    """
    path = seed_dir / MANIFEST
    where = dict(file=str(path), check="seeds")
    if path.is_symlink():
        raise DataError([Problem("seed manifest is a symbolic link: it must be a plain file", **where)])
    if not path.is_file():
        raise DataError([Problem("seed manifest is missing", **where)])
    try:
        text = path.read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except UnicodeDecodeError as e:
        raise DataError([Problem(f"manifest is not UTF-8 (byte {e.start})", **where)]) from None
    except (OSError, csv.Error) as e:
        raise DataError([Problem(f"cannot read the manifest: {e}", **where)]) from None
    if not rows or rows[0] != HEADER:
        got = shown(rows[0] if rows else None)
        raise DataError([Problem(f"manifest header must be {','.join(HEADER)} (got {got})", line=1, **where)])
    manifest: dict[str, tuple[str, int]] = {}
    problems = []
    for line, row in enumerate(rows[1:], 2):
        if not row:
            continue
        name = row[0] if row else None
        if len(row) != len(HEADER):
            problems.append(Problem(f"row has {len(row)} cells, the header {len(HEADER)} (got {shown(row)})",
                                    line=line, record_id=name, **where))
            continue
        name, sha, size = row
        if not _NAME.match(name):
            problems.append(Problem(f"not a seed file name (got {shown(name)})", line=line, field="file", **where))
        elif name in manifest:
            problems.append(Problem("file listed twice", line=line, record_id=name, field="file", **where))
        elif not _SHA.match(sha):
            problems.append(Problem(f"sha256 must be 64 lower-case hex digits (got {shown(sha)})", line=line,
                                    record_id=name, field="sha256", **where))
        elif not size.isascii() or not size.isdigit():
            problems.append(Problem(f"bytes must be a whole number of bytes (got {shown(size)})", line=line,
                                    record_id=name, field="bytes", **where))
        else:
            manifest[name] = (sha, int(size))
    if problems:
        raise DataError(problems)
    return manifest


def _unsafe(path: Path, seed_dir: Path) -> str | None:
    """Why a seed file may not be read (a link, or a path leading out of ``seeds/``), or None."""
    if path.is_symlink():
        return "seed is a symbolic link: seeds must be plain files inside seeds/"
    if not path.resolve().is_relative_to(seed_dir.resolve()):
        return "seed resolves outside seeds/"
    return None


def load_seeds(seed_dir: Path) -> dict[str, str]:
    """Read every seed after checking it against the manifest.

    Returns the text of each seed keyed by file name. Raises :class:`DataError`
    naming each file that is missing, unlisted, over 4 MiB, not UTF-8, not plain text
    (:func:`~sahel_dataset.constraints.unsafe_character`: the rule of curated text),
    or whose size or SHA-256 differs from the manifest.

    >>> from sahel_dataset.project import Project
    >>> texts = load_seeds(Project.find().seeds)
    >>> texts["000_116382d6909dcc45.txt"][:41]
    'US Completes Troop Withdrawal From Niger\\n'
    """
    manifest = read_manifest(seed_dir)
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    present = set()
    for p in sorted(seed_dir.iterdir()):
        if p.name == MANIFEST:
            continue
        why = _unsafe(p, seed_dir)
        if why:
            problems.append(Problem(why, file=str(p), check="seeds"))
        elif p.is_file():
            present.add(p.name)
    for name in sorted(present - manifest.keys()):
        problems.append(Problem("seed is not listed in the manifest", file=str(seed_dir / name), check="seeds"))
    for name, (sha, size) in sorted(manifest.items()):
        path = seed_dir / name
        if name not in present:
            if path.is_symlink():
                continue  # already refused above
            problems.append(Problem("seed listed in the manifest is missing", file=str(path), check="seeds"))
            continue
        if path.stat().st_size > ARTICLE_BYTES:  # never hashed nor read: a seed is an article
            problems.append(Problem(f"seed is {path.stat().st_size} bytes, more than the {ARTICLE_BYTES} an "
                                    "article may have", file=str(path), check="seeds"))
            continue
        actual = sha256_file(path)
        if actual != sha or path.stat().st_size != size:
            problems.append(Problem(
                f"seed differs from the manifest: sha256 {actual} ({path.stat().st_size} bytes), "
                f"manifest says {sha} ({size} bytes); seeds must never be edited",
                file=str(path), check="seeds",
            ))
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(Problem(f"seed is not UTF-8 (byte {e.start})", file=str(path), check="seeds"))
            continue
        why = unsafe_character(text)
        if why:
            line = text[: int(why.rsplit(" ", 1)[1])].count("\n") + 1
            problems.append(Problem(f"seed is not plain text: {why}", file=str(path), line=line, check="seeds"))
            continue
        texts[name] = text
    if problems:
        raise DataError(problems)
    return texts
