"""The scripts in examples/ (shown in the README) run and print what they promise."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

import sahel_dataset

EXAMPLES = ROOT / "examples"


def run(*args: str) -> str:
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False, cwd=EXAMPLES.parent)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_pandas_events_with_evidence() -> None:
    output = run(str(EXAMPLES / "pandas_events_evidence.py"))
    evidence = sahel_dataset.load("evidence")
    cited = evidence[evidence["record_table"] == "events"]
    for event_id in cited["record_id"].unique():
        assert event_id in output
    for text in cited["text"]:
        assert text in output


def test_polars_deployments_over_time() -> None:
    output = run(str(EXAMPLES / "polars_deployments.py"))
    assert "month" in output and "statements" in output
    for day in sahel_dataset.load("deployments")["as_of_start"].dropna():
        assert f"{day:%Y-%m}" in output


def test_duckdb_actors_by_type() -> None:
    pytest.importorskip("duckdb")
    output = run(str(EXAMPLES / "duckdb_query.py"), str(EXAMPLES / "duckdb_actors.sql"))
    for actor_type in sahel_dataset.load("actors")["actor_type"].dropna().unique():
        assert str(actor_type) in output
