"""Hostile commands, tried for real: every ``kind: command`` case of ``tests/bad_inputs/``.

Each case runs one ``sahel-dataset`` command line (through the console script's
``main()``, in this process) in a fresh checkout: a copy of ``data/``, ``seeds/``,
``schema/``, the generated documents and pictures, committed to a new git
repository, so that the output guard can ask git what the project tracks.

- ``setup``: acts on the checkout before the run, each with a ``path``: ``write``
  (text, repeated ``times`` times), ``bytes`` (text written as Latin-1, so any byte
  can be given), ``fifo``, ``mkdir``, ``symlink`` (to this target, relative to the
  checkout unless absolute), ``draft`` (a real draft of this seed, as ``draft``
  writes it), ``copy`` (a file of the checkout), ``sqlite`` (a database of ours),
  or the edit forms of project cases (``old``/``new`` on an existing file);
- ``args``: the command line (``{root}`` is the checkout's path);
- ``expect``: ``exit`` (the code), ``message`` (a fragment of the output),
  and ``creates``: the files the command may add or replace (default none).

Every case must end with its exit code and at most a few lines of output, no
traceback, no character that drives a terminal, and every file of the checkout
exactly as it was (``git status`` unchanged), but for ``creates``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CHECKOUT as ROOT

CASES = ROOT / "tests" / "bad_inputs"
COPIED = ("data", "seeds", "schema", "README.md", "CODEBOOK.md", "DATASHEET.md", "docs/troops.png")


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load((CASES / name / "case.yaml").read_text(encoding="utf-8"))


def command_cases() -> list[Any]:
    return [pytest.param(p.name, id=p.name) for p in sorted(CASES.iterdir())
            if (p / "case.yaml").is_file() and _load(p.name).get("kind") == "command"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkout committed to git once; each case copies it."""
    root = tmp_path_factory.mktemp("checkout") / "project"
    for name in COPIED:
        src, dst = ROOT / name, root / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, dst)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "checkout"], check=True)
    return root


def _setup(act: dict[str, Any], root: Path) -> None:
    path = root / act["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if "write" in act:
        path.write_text(act["write"] * act.get("times", 1), encoding="utf-8")
    elif "bytes" in act:
        path.write_bytes(act["bytes"].encode("latin-1") * act.get("times", 1))
    elif act.get("fifo"):
        os.mkfifo(path)
    elif act.get("mkdir"):
        path.mkdir()
    elif "symlink" in act:
        path.unlink(missing_ok=True)
        target = Path(act["symlink"])
        path.symlink_to(target if target.is_absolute() else root / target)
    elif "copy" in act:
        shutil.copyfile(root / act["copy"], path)
    elif "draft" in act:
        _main(["draft", act["draft"], "--out", str(path), "--project", str(root)])
    elif act.get("sqlite"):
        from sahel_dataset.publish.sqlite import write_sqlite

        write_sqlite(path)
    else:
        text = path.read_text(encoding="utf-8")
        assert act["old"] in text, f"{act['old']!r} is no longer in {act['path']}: update the case"
        path.write_text(text.replace(act["old"], act["new"], 1), encoding="utf-8")


def _main(args: list[str]) -> int:
    """Run the console script's ``main()`` with ``args``; its exit code."""
    from sahel_dataset.cli import main

    old = sys.argv
    sys.argv = ["sahel-dataset", *args]
    try:
        main()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        sys.argv = old
    return 0


def _files(root: Path) -> dict[str, str]:
    """Every regular file below ``root`` (but .git) with its sha256; links and FIFOs by kind."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if rel == ".git" or rel.startswith(".git/"):
            continue
        if p.is_symlink():
            out[rel] = f"-> {os.readlink(p)}"
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[rel] = "<dir>" if p.is_dir() else "<special>"
    return out


def _status(root: Path) -> str:
    return subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
                          capture_output=True, text=True, check=True).stdout


def test_corpus_has_command_cases_of_every_class() -> None:
    cases = [_load(p.values[0]) for p in command_cases()]
    commands = {c["args"][0] for c in cases}
    assert {"draft", "codebook", "plot", "timeline", "docs", "site", "sqlite", "build", "release", "accept",
            "add-source", "diff", "serve"} <= commands


@pytest.mark.parametrize("name", command_cases())
def test_hostile_command_ends_in_one_clear_line_and_changes_nothing(
        name: str, template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    case = _load(name)
    root = tmp_path / "project"
    shutil.copytree(template, root, symlinks=True)
    for act in case.get("setup", []):
        _setup(act, root)
    capfd.readouterr()
    before, status = _files(root), _status(root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("COLUMNS", "120")
    args = [a.replace("{root}", str(root)) for a in case["args"]]
    code = _main(args)
    got = capfd.readouterr()
    text = got.out + got.err
    expect = case["expect"]
    assert code == expect["exit"], text
    assert expect["message"] in text, text
    assert "Traceback" not in text and "\x1b" not in text and "\u202e" not in text, text
    if expect["exit"]:
        assert len(got.err.strip().splitlines()) <= 4, got.err
        assert all(len(line) < 1200 for line in text.splitlines()), "a message must not print a whole value"
    creates = set(expect.get("creates", []))
    after = _files(root)
    assert {k: v for k, v in after.items() if k not in creates} == \
        {k: v for k, v in before.items() if k not in creates}
    assert creates <= after.keys()
    if not creates:
        assert _status(root) == status
