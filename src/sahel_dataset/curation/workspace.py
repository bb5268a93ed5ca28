"""What the curation tools work on: the current curated data, built in memory, and its seeds.

The tools (``locate``, ``provenance``, ``coverage``, ``suggest``) read the project's
``data/`` and ``seeds/`` as they are now, through :func:`sahel_dataset.pipeline.assemble.assemble`,
so a curator sees a record as soon as it builds, without rebuilding the package.

A :class:`Workspace` is the tables of an
:class:`~sahel_dataset.pipeline.assemble.AssembledDataset` (or of a built package) as
plain row dicts; a :class:`~sahel_dataset.project.Project` only says where the files are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..project import Project


@dataclass
class Workspace:
    """What the curation tools read: every table as a list of row dicts, the seeds' texts by
    file name, and ``root``, the project (or the built package) they come from."""

    tables: dict[str, list[dict[str, Any]]]
    seeds: dict[str, str]
    root: Path

    def source(self, source_id: str) -> dict[str, Any]:
        """The ``sources`` row of ``source_id``."""
        return next(r for r in self.tables["sources"] if r["source_id"] == source_id)

    def file_of(self, source_id: str) -> str:
        """The seed file a source is.

        >>> shipped_workspace().file_of("src-001")
        '001_deaa9559285e5bb5.txt'
        """
        return str(self.source(source_id)["file"])

    def spans(self, seed: str) -> list[tuple[int, int, str]]:
        """Every evidence span of ``seed`` as (start, end, evidence_id), in order.

        >>> ws = shipped_workspace(); all(s < e for s, e, _ in ws.spans("001_deaa9559285e5bb5.txt"))
        True
        """
        ids = {r["source_id"] for r in self.tables["sources"] if r["file"] == seed}
        return sorted((r["start"], r["end"], r["evidence_id"]) for r in self.tables["evidence"]
                      if r["source_id"] in ids)

    def seed(self, name: str) -> str:
        """The seed file meant by ``name``: its file name, a path to it, its number or its source id.

        >>> ws = shipped_workspace(); ws.seed("001") == ws.seed("src-001") == ws.seed("seeds/001_deaa9559285e5bb5.txt")
        True
        """
        base = Path(name).name
        if base in self.seeds:
            return base
        if base.startswith("src-"):
            match = [str(r["file"]) for r in self.tables["sources"] if r["source_id"] == base]
        else:
            match = [s for s in self.seeds if s.split("_")[0] == base or s.startswith(base)]
        if len(match) != 1:
            raise LookupError(f"no single seed matches {name!r}; seeds: {', '.join(sorted(self.seeds))}")
        return match[0]


def shipped_workspace(folder: Path | None = None) -> Workspace:
    """The built Data Package at ``folder`` (default: the copy shipped in the package).

    >>> ws = shipped_workspace(); len(ws.seeds) == len(ws.tables["sources"]), "evidence" in ws.tables
    (True, True)
    """
    import pyarrow.parquet as pq

    from ..core.descriptor import PACKAGE_DIR

    base = folder or PACKAGE_DIR
    tables = {p.stem: pq.read_table(p).to_pylist() for p in sorted((base / "parquet").glob("*.parquet"))}
    seeds = {p.name: p.read_bytes().decode("utf-8") for p in sorted((base / "seeds").glob("*.txt"))}
    return Workspace(tables, seeds, base)


def open_workspace(project: Project | None = None, shipped: bool = False) -> Workspace:
    """The project's current data assembled in memory (raises ``DataError`` if it does not build).

    With ``shipped``, or when no project is found (an installed package), the
    shipped Data Package instead.

    >>> ws = open_workspace(shipped=True); sorted(ws.seeds)[0]
    '000_116382d6909dcc45.txt'
    """
    from ..pipeline.assemble import assemble
    from ..project import ProjectNotFound

    if shipped:
        return shipped_workspace()
    try:
        proj = project or Project.find()
    except ProjectNotFound:
        return shipped_workspace()
    ds = assemble(proj)
    return Workspace({k: t.to_pylist() for k, t in ds.tables.items()}, ds.seeds, proj.root)
