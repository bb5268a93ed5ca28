"""Issue 19.5: `sqlite`/`site`/`serve --package PATH` publish a package other than the shipped one, and
`docs --check` notices a datasheet whose counts are not the project's."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import CHECKOUT
from sahel_dataset.curation.datasheet import data_counts, fill_counts
from sahel_dataset.pipeline.release import sha256sums, write_zip
from sahel_dataset.project import Project

CLI = Callable[..., tuple[int, str]]


def test_sqlite_publishes_the_package_it_is_given(built: Path, tmp_path: Path, cli: CLI) -> None:
    package = tmp_path / "package"
    shutil.copytree(built, package)
    sources = pq.read_table(package / "parquet" / "sources.parquet")
    code, out = cli("sqlite", tmp_path / "a.db", "--package", package)
    assert code == 0, out
    with sqlite3.connect(tmp_path / "a.db") as con:
        assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == sources.num_rows
        assert con.execute("SELECT value FROM _sahel_dataset WHERE key = 'data_version'").fetchone()[0] == str(
            package)
    archive = tmp_path / "package.zip"  # the release archive's form: the files and their SHA256SUMS
    files = {p.relative_to(package).as_posix(): p.read_bytes() for p in sorted(package.rglob("*")) if p.is_file()}
    write_zip({**files, "SHA256SUMS": sha256sums(files)}, archive, (2024, 1, 1, 0, 0, 0))
    code, out = cli("sqlite", tmp_path / "b.db", "--package", archive)
    assert code == 0, out
    with sqlite3.connect(tmp_path / "b.db") as con:
        assert con.execute("SELECT count(*) FROM evidence").fetchone()[0] == pq.read_metadata(
            package / "parquet" / "evidence.parquet").num_rows


@pytest.mark.parametrize("command", ["sqlite", "site", "serve"])
def test_a_package_that_is_not_one_is_a_usage_error(command: str, tmp_path: Path, cli: CLI) -> None:
    (tmp_path / "notes.txt").write_text("not a package", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    target = {"sqlite": [str(tmp_path / "x.db")], "site": ["--out", str(tmp_path / "site")], "serve": []}[command]
    for bad, says in ((tmp_path / "nope", "no such folder or archive"), (tmp_path / "notes.txt",
                      "not a release archive"), (tmp_path / "empty", "not a Data Package")):
        code, out = cli(command, *target, "--package", bad)
        assert code == 2 and says in out, (command, bad, out)
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "site").exists()


def test_docs_check_names_a_stale_datasheet(project_copy: Project, monkeypatch: pytest.MonkeyPatch,
                                            cli: CLI) -> None:
    root = project_copy.root
    for doc in ("CODEBOOK.md", "DATASHEET.md"):
        shutil.copy(CHECKOUT / doc, root / doc)
    counts = data_counts(root)
    sheet = root / "DATASHEET.md"
    sheet.write_text(fill_counts(sheet.read_text(encoding="utf-8"), counts), encoding="utf-8")
    monkeypatch.chdir(root)
    code, out = cli("docs", "--check")
    assert code == 0, out
    # the data grew (one source more) but the documents were not regenerated
    sheet.write_text(fill_counts(sheet.read_text(encoding="utf-8"), {**counts, "sources": counts["sources"] - 1}),
                     encoding="utf-8")
    code, out = cli("docs", "--check")
    assert code == 1 and "DATASHEET.md" in out and "CODEBOOK.md" not in out, out
