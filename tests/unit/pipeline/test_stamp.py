"""``release --stamp`` writes the one version (``_version.py``) and the date where others read them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from sahel_dataset.core.errors import DataError, UsageError
from sahel_dataset.pipeline.release import changelog_section
from sahel_dataset.pipeline.stamp import STAMPED, stamp
from sahel_dataset.project import Project

DAY = dt.date(2031, 2, 3)


@pytest.fixture
def copy(tmp_path: Path) -> Project:
    """The stamped files of this checkout, in a project folder of their own."""
    for name in STAMPED:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, tmp_path / name)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "manifest.csv").write_text("file,sha256,bytes\n", encoding="utf-8")
    return Project(tmp_path)


def test_stamp_writes_version_and_date_everywhere(copy: Project) -> None:
    before = (copy.root / "CHANGELOG.md").read_text(encoding="utf-8")
    unreleased = re.search(r"^## \[Unreleased\]\s*$(.*?)(?=^## )", before, re.M | re.S).group(1).strip()
    changed = stamp(copy, "9.8.7", DAY)
    assert sorted(p.relative_to(copy.root).as_posix() for p in changed) == sorted(STAMPED)
    citation = yaml.safe_load((copy.root / "CITATION.cff").read_text(encoding="utf-8"))
    assert (citation["version"], str(citation["date-released"])) == ("9.8.7", "2031-02-03")
    descriptor = yaml.safe_load((copy.root / "data" / "datapackage.yaml").read_text(encoding="utf-8"))
    assert descriptor["created"] == "2031-02-03T00:00:00Z"
    log = (copy.root / "CHANGELOG.md").read_text(encoding="utf-8")
    # what was unreleased is now the release's section, under a new empty [Unreleased]
    assert changelog_section(log, "9.8.7") == unreleased
    assert re.search(r"^## \[Unreleased\]\s*\n\s*## \[9\.8\.7\] - 2031-02-03$", log, re.M)


def test_stamping_twice_changes_nothing(copy: Project) -> None:
    stamp(copy, "9.8.7", DAY)
    texts = {n: (copy.root / n).read_bytes() for n in STAMPED}
    assert stamp(copy, "9.8.7", DAY) == []
    assert texts == {n: (copy.root / n).read_bytes() for n in STAMPED}


def test_a_development_version_is_refused(copy: Project) -> None:
    texts = {n: (copy.root / n).read_bytes() for n in STAMPED}
    with pytest.raises(UsageError, match="development version"):
        stamp(copy, "9.8.7.dev0", DAY)
    assert texts == {n: (copy.root / n).read_bytes() for n in STAMPED}


def test_a_file_that_cannot_be_stamped_leaves_all_unchanged(copy: Project) -> None:
    log = copy.root / "CHANGELOG.md"
    log.write_text(log.read_text(encoding="utf-8").replace("## [Unreleased]", "## Next"), encoding="utf-8")
    texts = {n: (copy.root / n).read_bytes() for n in STAMPED}
    with pytest.raises(DataError, match=r"CHANGELOG\.md.*Unreleased"):
        stamp(copy, "9.8.7", DAY)
    assert texts == {n: (copy.root / n).read_bytes() for n in STAMPED}


def test_the_version_is_written_by_hand_in_one_place() -> None:
    """Only _version.py holds the package version; pyproject reads it (hatch)."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'path = "src/sahel_dataset/_version.py"' in pyproject
    from sahel_dataset import __version__

    hand_written = [p for p in (ROOT / "src" / "sahel_dataset").rglob("*.py")
                    if re.search(r'^__version__ = "', p.read_text(encoding="utf-8"), re.M)]
    assert [p.name for p in hand_written] == ["_version.py"] and __version__


def test_release_stamp_of_a_development_version_exits_2_before_any_work(copy: Project, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sahel_dataset import __version__
    from sahel_dataset.cli.app import app

    if re.fullmatch(r"\d+\.\d+\.\d+", __version__):
        pytest.skip("this checkout is a final version: the refusal needs a development one")
    texts = {n: (copy.root / n).read_bytes() for n in STAMPED}
    result = CliRunner().invoke(app, ["release", "--out", str(tmp_path / "out"), "--stamp",
                                      "--project", str(copy.root)])
    assert result.exit_code == 2, result.output
    assert "development version" in result.output
    assert texts == {n: (copy.root / n).read_bytes() for n in STAMPED}
    assert not (tmp_path / "out").exists()
