"""The CLI read as a person reads it: a real process on an 80-column terminal.

Every line fits 80 columns, ids are printed whole, headers are never cut, errors
are styled text (never raw markup), and help keeps its ``<placeholders>``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import sahel_dataset

WIDTH = 80


def run(*args: str, width: int = WIDTH) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env |= {"COLUMNS": str(width), "LINES": "24", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-c", "from sahel_dataset.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, check=False)


def assert_fits(text: str) -> None:
    long = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not long, f"{len(long)} line(s) wider than {WIDTH}:\n" + "\n".join(long)


@pytest.mark.parametrize("args", [
    ["--help"], ["show", "--help"], ["release", "--help"], ["tables"], ["show", "events"],
    ["show", "deployments"], ["show", "events", "evt-niger-coup"], ["search", "Niger"],
    ["provenance", "--shipped", "ev-evt-niger-coup-1"],
])
def test_every_line_fits_80_columns(args: list[str]) -> None:
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    assert_fits(proc.stdout + proc.stderr)


def test_show_prints_whole_ids_and_whole_headers() -> None:
    events = sahel_dataset.load("events")
    proc = run("show", "events")
    assert proc.returncode == 0, proc.stderr
    words = proc.stdout.split()
    for event_id in events["event_id"]:
        assert event_id in words, event_id
    header = next(line for line in proc.stdout.splitlines() if "event_id" in line)
    assert "…" not in header and "…" not in proc.stdout
    # the columns left out are named, so a person knows they exist
    assert "summary" in proc.stdout and "--columns" in proc.stdout


def test_show_columns_limit_and_record_view() -> None:
    proc = run("show", "events", "--columns", "event_id,summary", "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    assert "3 of 41 row(s)" in proc.stdout.replace(str(len(sahel_dataset.load("events"))), "41")
    assert "event_type" not in proc.stdout.splitlines()[1]
    record = run("show", "events", "evt-niger-coup")
    assert record.returncode == 0
    fields = [line.split()[0] for line in record.stdout.splitlines()[1:] if line[:2].strip()]
    assert fields == list(sahel_dataset.load("events").columns)
    assert run("show", "events", "evt-nope").returncode == 2


def test_search_prints_every_id_whole_and_has_json() -> None:
    as_json = run("search", "withdrawal", "--json")
    assert as_json.returncode == 0, as_json.stderr
    hits = json.loads(as_json.stdout)
    assert len(hits) > 10
    text = run("search", "withdrawal")
    assert_fits(text.stdout)
    words = set(text.stdout.split())
    for hit in hits:
        assert hit["record_id"] in words or hit["record_id"] in text.stdout.splitlines(), hit["record_id"]
    nothing = run("search", "zzqqxx", "--json")
    assert nothing.returncode == 1 and json.loads(nothing.stdout) == []
    assert run("search", "zzqqxx").returncode == 1


@pytest.mark.parametrize(("args", "code", "message"), [
    (["show", "events", "--where", "status=done"], 2, "allowed: occurred, announced, planned"),
    (["show", "nope"], 2, "unknown table 'nope'"),
    (["provenance", "--shipped", "ev-nope"], 2, "no record or evidence span"),
    (["locate", "--shipped", "999", "x"], 2, "error:"),
])
def test_errors_are_styled_never_raw_markup(args: list[str], code: int, message: str) -> None:
    proc = run(*args)
    assert proc.returncode == code
    assert message in proc.stderr
    assert proc.stderr.startswith("error: ")
    # (an error stays one line, for grep; the terminal wraps it)
    assert "[red]" not in proc.stderr and "[/" not in proc.stderr


def test_help_keeps_placeholders_and_flags_show_no_type() -> None:
    release = run("release", "--help").stdout
    assert "sahel-dataset-<version>.zip" in release and "schema/releases/<version>/" in release
    build = run("build", "--help").stdout
    assert "parquet-by-year/<table>/year=YYYY/" in build
    root = run("--help").stdout
    assert "--version" in root and "<bool>" not in root
    assert run("--version").stdout.startswith("sahel-dataset ")
