"""No command destroys a user's files: `build --out` and `release --out` replace
only what this tool made, atomically, one build at a time; `validate PATH`
validates PATH. Each refusal is exit code 2 with a clear message, and the test
compares the whole folder before and after to prove nothing was touched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CHECKOUT as ROOT
from sahel_dataset.core import atomic
from sahel_dataset.core.atomic import MARKER, PAUSE_ENV, recover, replace_folder
from sahel_dataset.core.errors import UsageError
from sahel_dataset.pipeline.build import build
from sahel_dataset.project import Project

# process faults: CLI subprocesses, concurrent builds, tmpfs mounts: `.ci/run` runs them, plain pytest does not.
pytestmark = pytest.mark.slow

CLI = str(Path(sys.executable).parent / "sahel-dataset")


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder below ``folder`` with the sha256 of its content."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
    return out


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})


@pytest.fixture
def checkout(project_copy: Project) -> Path:
    """A project copy that looks like a user's clone: docs, a .git folder, notes."""
    root = project_copy.root
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "README.md").write_text("# my clone\n")
    for doc in ("CHANGELOG.md", "CODEBOOK.md"):  # a release includes them
        shutil.copyfile(ROOT / doc, root / doc)
    return root


@pytest.mark.parametrize("out", [".", "..", "data", "seeds", "data/new", "README.md", ".git"])
def test_build_refuses_an_out_that_would_destroy_user_files(checkout: Path, out: str) -> None:
    before = tree(checkout.parent)
    result = run("build", "--out", out, "--project", str(checkout), cwd=checkout)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "refusing --out" in result.stderr and "Traceback" not in result.stderr
    assert tree(checkout.parent) == before


def test_build_refuses_a_non_empty_folder_it_did_not_make(checkout: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mydir"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    result = run("build", "--out", str(mine), "--project", str(checkout))
    assert result.returncode == 2
    assert "not a previous build" in result.stderr
    assert tree(mine) == {"thesis.docx": hashlib.sha256(b"years of work").hexdigest()}


def test_build_replaces_a_previous_build_and_marks_it(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()  # an empty folder is fine
    assert run("build", "--out", str(out), "--project", str(checkout)).returncode == 0
    assert (out / MARKER).is_file()
    (out / "csv" / "stale.csv").write_text("left by hand")
    assert run("build", "--out", str(out), "--project", str(checkout)).returncode == 0
    assert not (out / "csv" / "stale.csv").exists(), "a build replaces its previous output whole"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_an_unmarked_folder_of_an_older_build_is_recognised(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "old-build"
    build(out, Project(checkout))
    (out / MARKER).unlink()  # as written before builds carried the marker
    for later in sorted(p for p in out.iterdir() if p.name not in atomic.LEGACY_ENTRIES):
        later.unlink()  # nor the dataset card, licences and event_view.csv, which came after it
    assert atomic.is_build(out)
    (out / "notes.txt").write_text("not ours")
    assert not atomic.is_build(out)


def test_validate_path_validates_that_path_only(checkout: Path, tmp_path: Path) -> None:
    for target in ("data", "seeds/manifest.csv", "README.md", "no-such-folder"):
        result = run("validate", target, cwd=checkout)
        assert result.returncode == 2, (target, result.stdout, result.stderr)
        assert "valid:" not in result.stdout and "error:" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("validate", str(empty)).returncode == 2
    assert run("validate", ".", cwd=checkout).returncode == 0


def test_validate_accepts_the_descriptor_file_itself(built: Path) -> None:
    result = run("validate", str(built / "datapackage.json"))
    assert result.returncode == 0, result.stderr
    assert "valid: package" in result.stdout


def test_release_writes_beside_other_files_but_replaces_only_its_own_archive(checkout: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "sahel_dataset-0.1.0-py3-none-any.whl").write_bytes(b"a wheel")
    from sahel_dataset.core.registry import archive_name

    (dist / archive_name()).write_text("not an archive")
    before = tree(dist)
    result = run("release", "--out", str(dist), "--project", str(checkout))
    assert result.returncode == 2 and "not a release archive" in result.stderr
    assert tree(dist) == before
    (dist / archive_name()).unlink()
    assert run("release", "--out", str(dist), "--project", str(checkout)).returncode == 0
    assert zipfile.is_zipfile(dist / archive_name())
    assert MARKER not in zipfile.ZipFile(dist / archive_name()).namelist()
    assert (dist / "sahel_dataset-0.1.0-py3-none-any.whl").read_bytes() == b"a wheel"
    for out in (".", "data", "README.md"):
        before = tree(checkout)
        result = run("release", "--out", out, "--project", str(checkout), cwd=checkout)
        assert result.returncode == 2, (out, result.stderr)
        assert tree(checkout) == before


# ------------------------------------------------------------- process faults


def test_a_kill_between_the_two_renames_keeps_the_old_output(checkout: Path, tmp_path: Path) -> None:
    """Where the swap takes two renames (no renameat2), a kill -9 between them leaves
    ``out`` missing, the old output aside and the new one half-placed: exactly the
    state built here. The next run, even one that fails, puts the old output back."""
    out = tmp_path / "out"
    build(out, Project(checkout))
    old = tree(out)
    out.rename(tmp_path / ".out.old-999999")
    (tmp_path / ".out.tmp-999999").mkdir()
    (tmp_path / ".out.tmp-999999" / "datapackage.json").write_text("{half")
    events = checkout / "data" / "events.yaml"
    events.write_text(events.read_text().replace("event_id: evt-", "event_id: EVT-", 1))  # an invalid edit
    result = run("build", "--out", str(out), "--project", str(checkout))
    assert result.returncode == 1
    recover(out)  # what the failed build did not reach, the next writer does
    assert tree(out) == old
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []


def test_the_fallback_swap_replaces_the_output(checkout: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    out = tmp_path / "builds" / "out"
    with replace_folder(out) as tmp:
        (tmp / "a").write_text("1")
    with replace_folder(out) as tmp:
        (tmp / "b").write_text("2")
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "b"]
    assert [p.name for p in out.parent.iterdir()] == ["out"]


def test_two_builds_into_one_folder_run_one_after_the_other(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "builds" / "out"
    args = [CLI, "build", "--out", str(out), "--project", str(checkout)]
    first = subprocess.Popen(args, env={**os.environ, PAUSE_ENV: "4"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(out.parent.glob(".out.tmp-*")):
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    second = run("build", "--out", str(out), "--project", str(checkout))
    assert first.wait(timeout=120) == 0
    assert second.returncode == 0, second.stderr
    assert (out / MARKER).is_file() and [p.name for p in out.parent.iterdir()] == ["out"]


def test_a_build_that_cannot_get_the_lock_refuses_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with replace_folder(out) as tmp:
        (tmp / "a").write_text("1")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
        "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)"), str(tmp_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(UsageError, match="another build is writing"), replace_folder(out, wait=0.2) as tmp:
            (tmp / "b").write_text("2")
    finally:
        holder.kill()
        holder.wait()
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "a"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MiB tmpfs (needs root, as CI has); skipped where mounting is not allowed."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_read_only_disk_is_an_environment_error_and_the_old_output_stays(checkout: Path,
                                                                            small_disk: Path) -> None:
    out = small_disk / "out"
    assert run("build", "--out", str(out), "--project", str(checkout)).returncode == 0
    before = tree(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run("build", "--out", str(out), "--project", str(checkout))
    assert result.returncode == 2, result.stderr
    assert "Read-only file system" in result.stderr and "Traceback" not in result.stderr
    assert tree(out) == before


def test_a_full_disk_is_an_environment_error_and_the_old_output_stays(checkout: Path, small_disk: Path) -> None:
    out = small_disk / "out"
    assert run("build", "--out", str(out), "--project", str(checkout)).returncode == 0
    before = tree(out)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 64 * 1024))
    result = run("build", "--out", str(out), "--project", str(checkout))
    assert result.returncode == 2, result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert tree(out) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "out"]


def test_each_command_replaces_only_its_own_kind_of_output(tmp_path: Path) -> None:
    """A site folder is not a build folder and the other way round: neither command
    may replace what the other wrote."""
    site, build_out = tmp_path / "site", tmp_path / "build"
    with replace_folder(site, marker=".sahel-dataset-site") as tmp:
        (tmp / "index.html").write_text("<p>site</p>")
    with replace_folder(build_out) as tmp:
        (tmp / "datapackage.json").write_text("{}")
    with pytest.raises(UsageError, match="not a previous build"), replace_folder(site):
        pass
    with pytest.raises(UsageError, match="not a previous site"), \
            replace_folder(build_out, marker=".sahel-dataset-site"):
        pass
    assert (site / "index.html").read_text() == "<p>site</p>"
    assert (build_out / "datapackage.json").read_text() == "{}"
