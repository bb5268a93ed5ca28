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

from conftest import ROOT

pytestmark = pytest.mark.slow

def test_quick_benchmark_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ, PYTHONWARNINGS="ignore", COLUMNS="200")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "targets" in proc.stdout
    got = json.loads(out.read_text(encoding="utf-8"))
    assert set(got) >= {"meta", "import", "load", "cli", "scale", "growth", "targets"}
    assert got["meta"]["quick"] is True
    timing = {"median", "min", "max", "n"}
    assert {"python", "pandas", "sahel_dataset"} <= set(got["import"])
    assert all(timing <= set(v) for v in got["import"].values())
    assert "events" in got["load"] and timing <= set(got["load"]["events"]["load"])
    assert {"build", "validate"} == set(got["cli"])
    sizes = [str(n) for n in got["meta"]["sizes"]]
    assert list(got["scale"]) == sizes
    for n in sizes:
        row = got["scale"][n]
        for kind in ("fastcheck", "provenance", "pandera_polars", "pandera_pandas"):
            assert timing <= set(row[kind]["time"]), (n, kind)
            assert row[kind]["peak_mb"] >= 0 and row[kind]["mem_ratio"] >= 0
        assert row["rows"]["events"] == row["rows"]["evidence"] == int(n)
    assert "frictionless" in got["scale"][sizes[0]]
    assert set(got["growth"]) == {"fastcheck", "provenance", "pandera_polars", "pandera_pandas"}
    assert all({"target", "measured", "goal", "unit", "pass"} <= set(t) for t in got["targets"])
