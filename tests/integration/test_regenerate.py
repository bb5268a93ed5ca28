"""``sahel-dataset regenerate``: every derived file from one command, and ``--check`` finds any stale one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from sahel_dataset.pipeline.card import COPIED
from sahel_dataset.project import Project
from sahel_dataset.regenerate import PICTURES, SHIPPED, regenerate

# builds the package twice: `.ci/run` runs it, plain pytest does not.
pytestmark = pytest.mark.slow


def _generated_patterns() -> list[str]:
    lines = (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()
    return [ln.split()[0] for ln in lines if "linguist-generated" in ln]


def test_gitattributes_marks_every_derived_file_generated() -> None:
    assert set(_generated_patterns()) == {f"{SHIPPED.as_posix()}/**", "CODEBOOK.md", "DATASHEET.md", *PICTURES.values()}
    out = subprocess.run(["git", "check-attr", "linguist-generated", "--", f"{SHIPPED.as_posix()}/seeds/x.txt",
                          "data/events.yaml"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [f"{SHIPPED.as_posix()}/seeds/x.txt: linguist-generated: true",
                                "data/events.yaml: linguist-generated: unspecified"]


@pytest.fixture
def checkout(tmp_path: Path) -> Project:
    """A copy of what regenerate reads (the licences every build copies, too) and writes."""
    for name in ("data", "seeds", SHIPPED.as_posix()):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in dict.fromkeys(("CODEBOOK.md", "DATASHEET.md", *PICTURES.values(), *COPIED)):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, tmp_path / name)
    return Project(tmp_path)


def test_check_finds_each_stale_derived_file_and_regenerate_fixes_them(checkout: Project) -> None:
    root = checkout.root
    assert regenerate(checkout, check=True) == []
    seed = next((root / SHIPPED / "seeds").glob("*.txt"))
    seed.write_bytes(seed.read_bytes() + b" ")  # a hand edit of the second copy of the seeds
    codebook = (root / "CODEBOOK.md").read_text(encoding="utf-8")
    (root / "CODEBOOK.md").write_text(codebook + "stale\n", encoding="utf-8")  # still ours: the guard allows it
    (root / "docs" / "map.png").write_bytes(b"not a picture")
    before = {p: p.read_bytes() for p in (seed, root / "CODEBOOK.md", root / "docs" / "map.png")}
    stale = regenerate(checkout, check=True)
    assert set(stale) == set(before)
    assert {p: p.read_bytes() for p in before} == before  # --check writes nothing
    assert set(regenerate(checkout)) == set(before)
    assert regenerate(checkout, check=True) == []
    assert seed.read_bytes() == (root / "seeds" / seed.name).read_bytes()


def test_the_command_exits_1_when_stale_and_0_when_fresh(checkout: Project) -> None:
    (checkout.root / "DATASHEET.md").write_text(
        (checkout.root / "DATASHEET.md").read_text(encoding="utf-8").replace("| `events` | ", "| `events` | 1"),
        encoding="utf-8")
    cmd = [str(Path(sys.executable).with_name("sahel-dataset")), "regenerate", "--project", str(checkout.root)]
    stale = subprocess.run([*cmd, "--check"], capture_output=True, text=True)
    assert stale.returncode == 1 and "stale: DATASHEET.md" in stale.stdout, stale.stdout + stale.stderr
    assert subprocess.run(cmd, capture_output=True, text=True).returncode == 0
    assert subprocess.run([*cmd, "--check"], capture_output=True, text=True).returncode == 0
