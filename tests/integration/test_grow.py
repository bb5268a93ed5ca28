"""Issue 19.5: the project grows by a sixth article, end to end, through the real commands.

In a copy of the project: add-source a test article (tests/fixtures/articles/, written
for the tests), draft it, review the draft as a curator would (delete what is wrong, mark
the rest reviewed), accept, validate, coverage, build, regenerate the documents, publish
the grown build (sqlite, site, serve on 127.0.0.1), then run the invariant tests on the
grown project.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_serve import get, serving

from conftest import CHECKOUT, FIXTURES, PROJECT_ENV, ROOT

pytestmark = pytest.mark.slow
ARTICLE = FIXTURES / "articles" / "base101.txt"
TITLE = "US troops leave Niamey air base"
COMMAND = [sys.executable, "-c", "from sahel_dataset.cli import main; main()"]


def run(root: Path, *args: str, code: int = 0) -> str:
    """``sahel-dataset ARGS`` in ``root`` (a fresh process, as a curator runs it); its output."""
    proc = subprocess.run([*COMMAND, *args], cwd=root, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == code, f"sahel-dataset {' '.join(args)} exited {proc.returncode}:\n{out}"
    return out


def review(path: Path, dateline: str, credit: str) -> list[str]:
    """A curator's review, scripted: a dateline or a wire credit is no actor or place, a headline no fact;
    every other record is marked reviewed, each event given a short title. (It checks the workflow, not
    the drafts' values: benchmarks/drafting.py measures those.) Returns the ids deleted."""
    text = path.read_text(encoding="utf-8")
    drafts = yaml.safe_load(text)
    deleted = []
    for table, records in drafts.items():
        if table == "exclusions":
            continue
        kept = []
        for r in records:
            quotes = {c["quote"].rstrip(".") for c in r.get("evidence", [])}
            wrong = quotes <= {dateline, credit, TITLE} or (table in ("actors", "locations") and (
                r.get("name") in (dateline, credit)))
            if wrong:
                deleted.append(str(next(iter(r.values()))))
            else:
                r["draft"]["reviewed"] = True
                if table == "events" and not r.get("short_title"):  # the pictures need one
                    r["short_title"] = " ".join(r["summary"].split()[:6])[:40].rstrip(" ,")
                kept.append(r)
        drafts[table] = kept
    head = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    path.write_text(head + yaml.safe_dump(drafts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return deleted


def test_a_sixth_article_from_file_to_published_build(tmp_path: Path) -> None:
    pytest.importorskip("datasette", reason='needs Datasette: pip install "sahel-dataset[serve]"')
    root = tmp_path / "project"
    for sub in ("data", "seeds"):
        shutil.copytree(ROOT / sub, root / sub)
    for doc in ("CODEBOOK.md", "DATASHEET.md"):
        shutil.copy(CHECKOUT / doc, root / doc)
    number = f"{len(list((root / 'seeds').glob('*.txt'))):03d}"
    source_id = f"src-{number}"

    out = run(root, "add-source", str(ARTICLE), "--title", TITLE, "--url", "https://example.org/test/base101",
              "--publisher", "Test Wire")
    assert "published: 2024-07-08..2024-07-08 (stated)" in out and "a dateline with a date" in out
    draft_file = root / "drafts" / f"{number}.yaml"
    run(root, "draft", number)
    out = run(root, "accept", str(draft_file), code=1)
    assert "unreviewed" in out and "nothing was written" in out

    deleted = review(draft_file, "NIAMEY", "Test Wire")
    assert deleted, "the review deletes at least one wrong record"
    drafted = yaml.safe_load(draft_file.read_text(encoding="utf-8"))
    kept = {str(next(iter(r.values()))) for t, rs in drafted.items() if t != "exclusions" for r in rs}
    for event in drafted.get("events", []):  # the coup the article mentions is the known one: merged
        target = "evt-niger-coup" if event["event_type"] == "coup" else None
        if target:
            out = run(root, "accept", str(draft_file), event["event_id"], "--into", target)
            assert f"merged {event['event_id']} into {target}" in out
            kept.discard(event["event_id"])
    out = run(root, "accept", str(draft_file))
    assert "0 draft record(s) left" in out

    run(root, "validate")
    run(root, "coverage", "--fail-under", "100")
    out = run(root, "docs", "--check", code=1)
    assert "DATASHEET.md" in out  # accepted records make the datasheet's counts stale
    package = root / "build" / "package"
    run(root, "build", "--out", str(package))
    run(root, "docs")
    run(root, "docs", "--check")
    assert f"| `sources` | {int(number) + 1} |" in (root / "DATASHEET.md").read_text(encoding="utf-8")

    db = root / "build" / "sahel.db"
    run(root, "sqlite", str(db), "--package", str(package))
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT url, publisher FROM sources WHERE source_id = ?", (source_id,)).fetchone() == (
            "https://example.org/test/base101", "Test Wire")
        cited = {r for (r,) in con.execute("SELECT DISTINCT record_id FROM evidence WHERE source_id = ?",
                                           (source_id,))}
    assert kept and kept <= cited and not set(deleted) & cited

    run(root, "site", "--out", str(root / "build" / "site"), "--package", str(package))
    page = (root / "build" / "site" / "articles" / f"{source_id}.html").read_text(encoding="utf-8")
    assert TITLE in page

    with serving("--package", str(package), cwd=root) as base:
        rows = get(f"{base}/sahel/sources.json?_shape=array&source_id={source_id}")
    assert [r["title"] for r in rows] == [TITLE]  # type: ignore[attr-defined]

    env = {**os.environ, PROJECT_ENV: str(root)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-m", "invariant", "-q", "-p", "no:cacheprovider", "-n0",
                           str(CHECKOUT / "tests")], cwd=CHECKOUT, env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and "failed" not in proc.stdout
