"""The docstring examples that build the whole dataset, run here rather than as doctests.

They stay in their docstrings (``# doctest: +SKIP``) because they document the call;
each runs below exactly as written there, so the documentation cannot go stale, while
the doctests of ``src/`` stay quick.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from sahel_dataset.core.registry import archive_name
from sahel_dataset.pipeline.assemble import assemble
from sahel_dataset.pipeline.build import build
from sahel_dataset.pipeline.release import release
from sahel_dataset.pipeline.validate import validate_package, validate_project
from sahel_dataset.project import Project


def test_build_example(tmp_path: Path) -> None:
    out = tmp_path / "release"
    build(out)
    assert (out / "datapackage.json").is_file() and (out / "parquet" / "events.parquet").is_file()


def test_assemble_example() -> None:
    ds = assemble(Project.find())
    assert ds.frame("events")["event_id"].is_unique


def test_validate_package_example(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    build(out)
    assert validate_package(out)["kind"] == "package"


def test_validate_project_example() -> None:
    assert validate_project(Project.find())["kind"] == "project"


def test_release_example(tmp_path: Path) -> None:
    zpath = release(tmp_path, validate=False)
    assert zpath.name == archive_name()
    assert {"datapackage.json", "SHA256SUMS", "CHANGELOG.md"} <= set(zipfile.ZipFile(zpath).namelist())
