"""Where a curator's working copy is: ``data/``, ``seeds/`` and ``schema/`` side by side.

A :class:`Project` is only a place on disk: it reads nothing. Two other names hold data:
:class:`~sahel_dataset.pipeline.assemble.AssembledDataset` (the validated tables in
memory that :func:`~sahel_dataset.pipeline.assemble.assemble` makes from a project) and
:class:`~sahel_dataset.curation.workspace.Workspace` (the same tables as row dicts, for
the curation tools).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .core.errors import UsageError


class ProjectNotFound(UsageError):
    """No folder with ``data/`` and ``seeds/manifest.csv`` was found."""


@dataclass(frozen=True)
class Project:
    """Where a checkout's curated sources are (``root``, with ``data/`` and ``seeds/``); reads nothing.

    >>> Project.find().data.name
    'data'
    """

    root: Path

    @property
    def data(self) -> Path:
        """The curated YAML records."""
        return self.root / "data"

    @property
    def seeds(self) -> Path:
        """The source documents and their manifest."""
        return self.root / "seeds"

    @staticmethod
    def is_root(folder: Path) -> bool:
        """Whether ``folder`` itself (not a folder above it) is a project.

        >>> Project.is_root(Project.find().root), Project.is_root(Project.find().data)
        (True, False)
        """
        return (folder / "data").is_dir() and (folder / "seeds" / "manifest.csv").is_file()

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project at ``start`` or above it; without ``start``, the current
        folder or above it, then the checkout this module runs from."""
        here = Path(__file__).resolve().parents[2]
        candidates = [start] if start is not None else [Path.cwd(), here]
        for base in candidates:
            base = base.resolve()
            for folder in (base, *base.parents):
                if cls.is_root(folder):
                    return cls(folder)
            if start is not None:
                break
        where = start or Path.cwd()
        raise ProjectNotFound(
            f"no project found at or above {where}: expected a folder with data/ and seeds/manifest.csv"
        )
