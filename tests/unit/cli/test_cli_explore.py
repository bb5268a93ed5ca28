"""The friendly commands: tables, show, search, docs; help texts; no colour when piped."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import sahel_dataset
from sahel_dataset.cli.app import app

runner = CliRunner()
ANSI = re.compile(r"\x1b\[")


def test_tables_lists_every_table_with_its_rows() -> None:
    result = runner.invoke(app, ["tables"])
    assert result.exit_code == 0, result.output
    for name in sahel_dataset.tables():
        assert name in result.output
    assert str(len(sahel_dataset.load("evidence"))) in result.output


def test_show_filters_and_formats() -> None:
    events = sahel_dataset.load("events")
    first = events["event_id"].iloc[0]
    result = runner.invoke(app, ["show", "events", "--where", f"event_id={first}", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["event_id"] for r in json.loads(result.output)] == [first]
    result = runner.invoke(app, ["show", "events", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == len(events) and list(rows[0]) == list(events.columns)


def test_show_combines_filters() -> None:
    actors = sahel_dataset.load("event_actors")
    row = actors.iloc[0]
    args = ["show", "event_actors", "-w", f"event_id={row['event_id']}", "-w", f"role={row['role']}", "-f", "json"]
    got = json.loads(runner.invoke(app, args).output)
    expected = actors[(actors["event_id"] == row["event_id"]) & (actors["role"] == row["role"])]
    assert len(got) == len(expected) > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope"], "unknown table"),
        (["show", "events", "--where", "colour=red"], "has no field 'colour'"),
        (["show", "events", "--where", "event_type"], "FIELD=VALUE"),
    ],
)
def test_show_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_search_finds_records_and_evidence() -> None:
    evidence = sahel_dataset.load("evidence")
    span = evidence.iloc[0]
    word = max(str(span["text"]).split(), key=len)
    result = runner.invoke(app, ["search", word], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert span["record_id"] in result.output
    nothing = runner.invoke(app, ["search", "zzzqqqxxx"])
    assert nothing.exit_code == 1 and nothing.output.strip() == "no matches: zzzqqqxxx"


def test_docs_check_passes_on_the_committed_documents() -> None:
    result = runner.invoke(app, ["docs", "--check"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["codebook", "--check"]).exit_code == 0


def test_every_command_has_help_with_an_example() -> None:
    names = get_command(app).list_commands(None)  # type: ignore[attr-defined,arg-type]
    assert {"tables", "show", "search", "timeline", "docs", "codebook", "build"} <= set(names)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"`sahel-dataset {name} --help` shows no example"


def test_piped_output_has_no_colour() -> None:
    for args in (["tables"], ["show", "events"], ["search", "Niger"], ["show", "nope"]):
        proc = subprocess.run(
            [sys.executable, "-c", "from sahel_dataset.cli import main; main()", *args],
            capture_output=True,
            text=True,
            env={"TERM": "xterm-256color"},
            check=False,
        )
        assert not ANSI.search(proc.stdout + proc.stderr), args
        assert proc.stdout or proc.stderr
