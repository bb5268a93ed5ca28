"""Shared fixtures: the real project, and a throw-away copy of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sahel_dataset.pipeline.build import build
from sahel_dataset.project import Project

ROOT = Path(__file__).resolve().parents[1]
PROFILES = Path(__file__).parent / "reference" / "datapackage-profiles-2.0"


@pytest.fixture(scope="session")
def project() -> Project:
    """The project as committed."""
    return Project(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A copy of data/ and seeds/ that a test may edit."""
    for sub in ("data", "seeds"):
        shutil.copytree(ROOT / sub, tmp_path / "project" / sub)
    return Project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    """A fresh build of the committed data (built once per session)."""
    out = tmp_path_factory.mktemp("built") / "release"
    build(out, project)
    return out
