"""``accept`` and ``add-source`` change several files all or nothing, tried with real
disk failures: a target on a read-only bind mount (it fails mid-swap, after other
files were already replaced) and a full tmpfs (it fails while staging). Each
failure is exit code 2 with one line, and ``git status`` shows nothing changed.

Mounting needs root, as CI has; elsewhere these tests are skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CHECKOUT as ROOT

pytestmark = pytest.mark.slow

CLI = str(Path(sys.executable).parent / "sahel-dataset")
SEED = "002_5ae2610656b021af.txt"
DRAFT = f"""# Draft records for {SEED} written by `sahel-dataset draft` (test).
actors:
- actor_id: act-zz-test-drone-base
  name: Test actor
  actor_type: state
  description: A test actor.
  evidence:
  - seed: {SEED}
    quote: The United States has announced plans to withdraw its soldiers from Niger
exclusions:
- seed: {SEED}
  quote: marking an end to their involvement
  reason: a passage the test excludes
"""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for sub in ("data", "seeds"):
        shutil.copytree(ROOT / sub, root / sub)
    (root / "drafts").mkdir()
    (root / "drafts" / "002.yaml").write_text(DRAFT, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "checkout")
    return root


def _mount(*args: str) -> bool:
    return shutil.which("mount") is not None and subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only(checkout: Path) -> Iterator[Path]:
    """The draft file itself on a read-only bind mount: it is the last file swapped."""
    target = checkout / "drafts" / "002.yaml"
    if not _mount("--bind", str(target), str(target)):
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        assert _mount("-o", "remount,bind,ro", str(target))
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def test_accept_works_and_changes_every_file_together(checkout: Path) -> None:
    result = subprocess.run([CLI, "accept", "drafts/002.yaml", "--project", str(checkout)], cwd=checkout,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    changed = sorted(line[3:] for line in _git(checkout, "status", "--porcelain").splitlines())
    assert changed == ["data/actors.yaml", "data/exclusions.yaml", "drafts/002.yaml"]
    assert not [p for p in checkout.rglob(".*") if p.is_file() and ".git" not in p.parts]


def test_accept_failing_mid_swap_puts_every_file_back(checkout: Path, read_only: Path) -> None:
    before = {p: p.read_bytes() for p in (checkout / "data").iterdir()}
    result = subprocess.run([CLI, "accept", "drafts/002.yaml", "--project", str(checkout)], cwd=checkout,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "nothing was changed" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _git(checkout, "status", "--porcelain", "--untracked-files=all") == ""
    assert {p: p.read_bytes() for p in (checkout / "data").iterdir()} == before


def test_accept_and_add_source_on_a_full_disk_change_nothing(checkout: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        project = disk / "project"
        shutil.copytree(checkout, project, symlinks=True)
        article = tmp_path / "article.txt"
        article.write_text("A Title\n" + "The troops left Niamey in September 2024. " * 2000, encoding="utf-8")
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * (free - 16 * 1024))
        status = _git(project, "status", "--porcelain", "--untracked-files=all")
        for args in (["accept", "drafts/002.yaml"], ["add-source", str(article)]):
            result = subprocess.run([CLI, *args, "--project", str(project)], cwd=project,
                                    capture_output=True, text=True, timeout=300)
            assert result.returncode == 2, result.stdout + result.stderr
            assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
            assert _git(project, "status", "--porcelain", "--untracked-files=all") == status
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
