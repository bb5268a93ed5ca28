"""``python benchmarks/run.py --quick`` runs end to end and writes results of the documented shape.

Only the shape is checked: timings are never asserted in tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CHECKOUT as ROOT

pytestmark = pytest.mark.slow

def test_quick_benchmark_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ, PYTHONWARNINGS="ignore", COLUMNS="200")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "## Targets" in proc.stdout
    got = json.loads(out.read_text(encoding="utf-8"))
    assert set(got) >= {"meta", "import", "load", "load_cold", "cli", "scale", "growth", "targets"}
    assert got["meta"]["quick"] is True
    timing = {"median", "min", "max", "n"}
    assert {"python", "pyarrow", "pandas", "sahel_dataset"} <= set(got["import"])
    assert all(timing <= set(v) for v in got["import"].values())
    for backend in ("pandas", "arrow", "polars"):
        assert timing <= set(got["load"]["events"][backend]["load"]) | set(got["load"]["events"][backend]["reader"])
        assert timing <= set(got["load_cold"][backend]) and timing <= set(got["load_cold"][f"{backend} reader"])
    assert {"build", "validate", "validate (project)", "validate --full", "--help", "show events", "search junta",
            "release"} <= set(got["cli"])
    assert all(v["exit_code"] == 0 for v in got["cli"].values()), got["cli"]
    # Each command: CPU time, wall time, its paired floor and the ratio of the two, all with their range.
    assert all(timing <= set(v[k]) for v in got["cli"].values() for k in ("cpu", "wall", "floor", "ratio"))
    ratios = [t for t in got["targets"] if t["target"].startswith("sahel-dataset ")]
    assert len(ratios) == len(got["cli"]) and all(t["range"][0] <= t["measured"] <= t["range"][1] for t in ratios)
    sizes = [str(n) for n in got["meta"]["sizes"]]
    assert list(got["scale"]) == sizes
    kinds = ("read", "duckdb", "fastcheck", "provenance", "pandera_polars", "pandera_pandas")
    for n in sizes:
        row = got["scale"][n]
        for kind in kinds:
            assert timing <= set(row[kind]["time"]), (n, kind)
            assert row[kind]["peak_mb"] >= 0 and row[kind]["mem_ratio"] >= 0
        assert row["rows"]["events"] == row["rows"]["evidence"] == int(n)
    assert {"frictionless", "fastcheck_csv"} <= set(got["scale"][sizes[0]])
    assert set(got["growth"]) == set(kinds)
    assert all({"target", "measured", "goal", "unit", "pass"} <= set(t) for t in got["targets"])
    # The page generator renders these results too.
    page = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "page.py"), "--results", str(out),
                           "--page", str(tmp_path / "performance.md")], capture_output=True, text=True, check=False)
    assert page.returncode == 0, page.stderr
    text = (tmp_path / "performance.md").read_text(encoding="utf-8")
    assert "| target | ratio (range) | goal |" in text
    assert text.index("## Targets") < text.index("## Commands")  # the ratios first
