"""Regenerate everything derived from ``seeds/``, ``data/`` and ``schema/`` with one call.

What is derived (``.gitattributes`` marks each ``linguist-generated``, so a review shows
only the hand-edited files):

- the shipped Data Package, ``src/sahel_dataset/datapackage/`` (Parquet, CSV, descriptor,
  Croissant, annotations, places and a byte-for-byte copy of ``seeds/``), as ``build`` makes it;
- ``CODEBOOK.md`` and the record counts of ``DATASHEET.md``, as ``docs`` makes them;
- the pictures the README shows, ``docs/timeline.png``, ``docs/troops.png`` and
  ``docs/map.png`` (matplotlib writes them byte-identically for one version).

``docs/reader.png`` (a browser screenshot) and the README's drafting table (benchmark
figures) are not deterministic and stay hand-refreshed. With ``check``, nothing is
written and the stale paths are returned: CI fails on any (``regenerate --check``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .core.atomic import atomic_write
from .core.hashing import sha256_file
from .project import Project

SHIPPED = Path("src") / "sahel_dataset" / "datapackage"
"""The shipped Data Package, relative to the checkout's root."""

PICTURES = {"timeline": "docs/timeline.png", "troops": "docs/troops.png", "map": "docs/map.png"}
"""Each picture of :data:`sahel_dataset.plots.PICTURES` the docs show, and where."""


def _digests(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder`` (the build's marker aside)."""
    from .core.atomic import MARKER

    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


def _package(project: Project, check: bool) -> list[Path]:
    from .pipeline.build import build

    target = project.root / SHIPPED
    before = _digests(target)
    if check:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp) / "datapackage", project)
            after = _digests(Path(tmp) / "datapackage")
    else:
        build(target, project)
        after = _digests(target)
    return [target / name for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)]


def _pictures(project: Project, check: bool) -> list[Path]:
    from .plots import PICTURES as DRAW
    from .plots import save

    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, where in PICTURES.items():
            fresh = save(DRAW[name](), Path(tmp) / Path(where).name).read_bytes()
            path = project.root / where
            if not path.is_file() or path.read_bytes() != fresh:
                stale.append(path)
                if not check:
                    atomic_write(path, fresh)
    return stale


def regenerate(project: Project | None = None, check: bool = False) -> list[Path]:
    """Regenerate every derived file of the checkout ``project``; return those that were
    stale (with ``check``: only return them, writing nothing).

    The package comes first: the documents and pictures are drawn from the shipped data.
    Raises :class:`~sahel_dataset.core.errors.DataError` (nothing written) when the
    curated data are invalid.
    """
    from .curation.codebook import write_documents

    project = project or Project.find()
    stale = _package(project, check)
    documents = write_documents(project.root, check=check)
    stale += documents
    if documents and not check:  # every build carries a copy of DATASHEET.md: build again with the new one
        stale += _package(project, check)
    stale += _pictures(project, check)
    return list(dict.fromkeys(stale))
