"""The output guard, the bounded reader and the all-or-nothing writer, on real files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from sahel_dataset.errors import UsageError
from sahel_dataset.utils.outputs import check_file_output, replace_files, starts_with, tracked
from sahel_dataset.utils.reading import TooLarge, read_regular


def _never(path: Path) -> bool:
    return False


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for sub in ("data", "seeds", "schema"):
        (root / sub).mkdir(parents=True)
    (root / "NOTES.md").write_text("mine\n")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    return root


@pytest.mark.parametrize("rel", ["data/x.db", "seeds/x.png", "schema/x.md", ".git/x.yaml"])
def test_no_file_under_a_folder_curators_edit(checkout: Path, rel: str) -> None:
    with pytest.raises(UsageError, match=f"inside the project's {rel.split('/')[0]}/"):
        check_file_output(checkout / rel, checkout, lambda p: True, "a file")


def test_a_tracked_file_deleted_from_the_working_copy_is_still_refused(checkout: Path) -> None:
    (checkout / "NOTES.md").unlink()
    assert tracked(checkout / "NOTES.md", checkout) is True
    with pytest.raises(UsageError, match="a file the project tracks"):
        check_file_output(checkout / "NOTES.md", checkout, _never, "a file")


def test_a_new_file_in_the_checkout_is_allowed_and_the_file_is_what_is_checked(checkout: Path) -> None:
    assert check_file_output(checkout / "sahel.db", checkout, _never, "a database") == (checkout / "sahel.db")


def test_an_existing_file_is_replaced_only_when_recognised(checkout: Path) -> None:
    mine = checkout / "d.yaml"
    mine.write_text("# Draft records for x\n")
    assert check_file_output(mine, checkout, starts_with(b"# Draft records"), "a draft") == mine
    with pytest.raises(UsageError, match="it is not a draft written by sahel-dataset"):
        check_file_output(checkout / "NOTES.md", checkout, starts_with(b"# Draft records"), "a draft")


def test_links_special_files_and_missing_folders_are_refused(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    os.mkfifo(tmp_path / "fifo")
    for path, why in ((tmp_path / "link", "symbolic link"), (tmp_path / "fifo", "not a regular file"),
                      (tmp_path / "no" / "x", "does not exist")):
        with pytest.raises(UsageError, match=why):
            check_file_output(path, None, lambda p: True, "a file")
    assert not (tmp_path / "no").exists(), "a missing folder is never created"


def test_read_regular_refuses_what_is_not_a_bounded_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(UsageError, match="a FIFO"):
        read_regular(tmp_path / "fifo")  # returns at once: the FIFO is never read
    with pytest.raises(UsageError, match="a device"):
        read_regular(Path("/dev/zero"))
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(TooLarge):
        read_regular(tmp_path / "big", limit=100)
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "out").symlink_to(tmp_path / "big")
    with pytest.raises(UsageError, match="leading out of"):
        read_regular(tmp_path / "inside" / "out", within=tmp_path / "inside")
    assert read_regular(tmp_path / "inside" / "out", within=tmp_path) == b"x" * 101


def test_replace_files_puts_everything_back_when_one_file_fails(tmp_path: Path) -> None:
    a, new, b = tmp_path / "a", tmp_path / "new", tmp_path / "b"
    a.write_text("old a")
    b.mkdir()  # a folder where a file goes: it fails after a and new were swapped in
    with pytest.raises(UsageError, match="nothing was changed"):
        replace_files({a: "new a", new: "new file", b: "new b"}, new=frozenset({new}))
    assert a.read_text() == "old a"
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"], "no staged or kept copy is left"


def test_replace_files_never_replaces_a_file_that_must_be_new(tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_text("first")
    with pytest.raises(UsageError, match="File exists"):
        replace_files({tmp_path / "seed.txt": "second"}, new=frozenset({tmp_path / "seed.txt"}))
    assert (tmp_path / "seed.txt").read_text() == "first"
