"""The source documents: verified against ``seeds/manifest.csv`` before any use."""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import DataError, Problem
from ..utils.hashing import sha256_file

MANIFEST = "manifest.csv"


def read_manifest(seed_dir: Path) -> dict[str, tuple[str, int]]:
    """Map each seed file name to its (sha256, bytes) as the manifest records them."""
    path = seed_dir / MANIFEST
    if not path.is_file():
        raise DataError([Problem("seed manifest is missing", file=str(path), check="seeds")])
    with path.open(encoding="utf-8", newline="") as f:
        return {row["file"]: (row["sha256"], int(row["bytes"])) for row in csv.DictReader(f)}


def load_seeds(seed_dir: Path) -> dict[str, str]:
    """Read every seed after checking it against the manifest.

    Returns the text of each seed keyed by file name. Raises :class:`DataError`
    naming each file that is missing, unlisted, not UTF-8, or whose size or SHA-256
    differs from the manifest.

    >>> from sahel_dataset.project import Project
    >>> texts = load_seeds(Project.find().seeds)
    >>> texts["000_116382d6909dcc45.txt"][:41]
    'US Completes Troop Withdrawal From Niger\\n'
    """
    manifest = read_manifest(seed_dir)
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    present = {p.name for p in seed_dir.iterdir() if p.is_file() and p.name != MANIFEST}
    for name in sorted(present - manifest.keys()):
        problems.append(Problem("seed is not listed in the manifest", file=str(seed_dir / name), check="seeds"))
    for name, (sha, size) in sorted(manifest.items()):
        path = seed_dir / name
        if name not in present:
            problems.append(Problem("seed listed in the manifest is missing", file=str(path), check="seeds"))
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
            texts[name] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(Problem(f"seed is not UTF-8 (byte {e.start})", file=str(path), check="seeds"))
    if problems:
        raise DataError(problems)
    return texts
