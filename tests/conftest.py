"""Shared fixtures: the real project, a throw-away copy of it to break, and the CLI.

``SAHEL_DATASET_PROJECT`` names another project root (a checkout with ``data/`` and
``seeds/``, for example one grown by an article) for the fixtures to use instead of this
checkout: ``SAHEL_DATASET_PROJECT=/path python -m pytest -m invariant`` checks that
project's data against the invariants (the tests marked ``invariant`` hold for whatever
data a project holds).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sahel_dataset.curation.workspace import Workspace, shipped_workspace
from sahel_dataset.pipeline.build import build
from sahel_dataset.project import Project

# A pytest-xdist worker's __main__ has neither __file__ nor __spec__, which pyspark's connect
# module takes for a doctest run of its own: importing it (pandera.pyspark does) then calls
# sys.exit(0) and the worker dies. Naming the worker's main module gives pyspark no such cue.
if getattr(sys.modules["__main__"], "__spec__", None) is None and not hasattr(sys.modules["__main__"], "__file__"):
    sys.modules["__main__"].__file__ = "<pytest-xdist worker>"

CHECKOUT = Path(__file__).resolve().parents[1]
PROJECT_ENV = "SAHEL_DATASET_PROJECT"
ROOT = Path(os.environ[PROJECT_ENV]).resolve() if os.environ.get(PROJECT_ENV) else CHECKOUT
"""The project the data fixtures read: this checkout, or the one ``SAHEL_DATASET_PROJECT`` names."""
PROFILES = Path(__file__).parent / "reference" / "datapackage-profiles-2.0"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def project() -> Project:
    """The project as committed (or as ``SAHEL_DATASET_PROJECT`` names it)."""
    if not Project.is_root(ROOT):
        pytest.fail(f"{PROJECT_ENV}={ROOT} is not a project root (no data/ and seeds/)")
    return Project(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path, project: Project) -> Project:
    """A copy of data/ and seeds/ that a test may edit."""
    for sub in ("data", "seeds"):
        shutil.copytree(project.root / sub, tmp_path / "project" / sub)
    return Project(tmp_path / "project")


@pytest.fixture(scope="session")
def ws() -> Workspace:
    """The shipped Data Package's tables and seeds (the real seeds byte for byte): what the
    curation tools' ``--shipped`` option reads, so their tests hold while curators are mid-edit."""
    return shipped_workspace()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    """A fresh build of the committed data (built once per session)."""
    out = tmp_path_factory.mktemp("built") / "release"
    build(out, project)
    return out


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel ``python -m build`` makes of this checkout (the wheel from the sdist,
    as a release is built): one build per session for the packaging, wheel and install tests."""
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(CHECKOUT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def cli() -> Callable[..., tuple[int, str]]:
    """Run ``sahel-dataset ARGS...`` in-process: (exit code, what it printed on stdout and stderr)."""
    from sahel_dataset.cli.app import app

    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        r = runner.invoke(app, [str(a) for a in args])
        return r.exit_code, r.output + (r.stderr if r.stderr_bytes is not None else "")

    return run
