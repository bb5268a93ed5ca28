"""Time the default test set (plain ``python -m pytest``), the one a contributor runs before a push.

    python benchmarks/testsuite.py [--repeats 1] [--out benchmarks/testsuite.json]
    python benchmarks/page.py          # the page shows it under "The default test set"

Wall time depends on what else the machine runs, so the CPU time of the pytest process
(user + system, children included) and the load average before and after are recorded
beside it. Nothing is asserted: the figure is reported, not a gate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "testsuite.json"


def run_once() -> dict[str, Any]:
    """One run of the default set in a fresh process: wall, CPU, outcome counts, load."""
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|skipped|deselected|errors?)", tail)}
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"wall": round(wall, 1), "cpu": round(cpu, 1),
            "exit": done.returncode, "counts": counts, "load_before": round(load_before, 2),
            "load_after": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    runs = [run_once() for _ in range(args.repeats)]
    meta = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": platform.machine(),
            "cores": os.cpu_count(), "python": platform.python_version()}
    args.out.write_text(json.dumps({"meta": meta, "runs": runs}, indent=2) + "\n", encoding="utf-8")
    for r in runs:
        print(f"{r['wall']} s wall, {r['cpu']} s CPU, load {r['load_before']} -> {r['load_after']}: {r['counts']}")
    return 0 if all(r["exit"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
