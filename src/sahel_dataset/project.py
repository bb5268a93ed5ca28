"""Where a curator's working copy is: ``data/``, ``seeds/`` and ``schema/`` side by side."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


class ProjectNotFound(UsageError):
    """No folder with ``data/`` and ``seeds/manifest.csv`` was found."""


@dataclass(frozen=True)
class Project:
    """A checkout of the dataset's curated sources.

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
