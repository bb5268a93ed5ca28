"""Time the default test set (plain ``python -m pytest``), the one a contributor runs before a push.

Run from the repository root, on a machine doing as little else as it can:

    python benchmarks/suite_time.py                # measure, write benchmarks/suite_time.json
    python benchmarks/suite_time.py --write-docs   # and rewrite the README's and CONTRIBUTING's phrase
    python benchmarks/page.py                      # the performance page shows the run

Wall time depends on what else the machine runs, so the CPU time of the pytest process
(user + system, children included) and the load average before and after are recorded
beside it. The tests run on every core (pytest-xdist, ``-n auto`` in pyproject.toml), so
the phrase the pages use ("about a minute", "about 3 minutes") is made by :func:`phrase`
from the CPU time shared among the cores: what the run takes on a machine of its own.
``tests/unit/test_doc_numbers.py`` checks that the pages say what the last measurement
says, so the docs cannot claim a time nobody measured. Nothing is asserted about speed.
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
OUT = HERE / "suite_time.json"
PAGES = (ROOT / "README.md", ROOT / "CONTRIBUTING.md")
SAID = re.compile(r"about (?:a minute|\d+ minutes)")
"""How the pages word the time; :func:`phrase` writes the same words."""


def phrase(seconds: float) -> str:
    """The words for a duration, rounded to whole minutes (at least one).

    >>> phrase(64), phrase(100), phrase(361)
    ('about a minute', 'about 2 minutes', 'about 6 minutes')
    """
    minutes = max(1, round(seconds / 60))
    return "about a minute" if minutes == 1 else f"about {minutes} minutes"


def run_once() -> dict[str, Any]:
    """One run of the default set in a fresh process: wall, CPU, outcome counts, load."""
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COLUMNS": "120"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|skipped|deselected|errors?)", tail)}
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"wall": round(wall, 1), "cpu": round(cpu, 1), "exit": done.returncode, "counts": counts,
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}


def write_docs(said: str) -> None:
    """Put ``said`` wherever the pages state the test set's time."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        page.write_text(SAID.sub(said, text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--write-docs", action="store_true", help="rewrite the phrase in README.md and CONTRIBUTING.md")
    args = ap.parse_args(argv)
    runs = [run_once() for _ in range(args.repeats)]
    meta = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": platform.machine(),
            "cores": os.cpu_count(), "python": platform.python_version()}
    said = phrase(min(r["cpu"] for r in runs) / (os.cpu_count() or 1))  # -n auto: one worker per core
    args.out.write_text(json.dumps({"meta": meta, "phrase": said, "runs": runs}, indent=2) + "\n", encoding="utf-8")
    for r in runs:
        print(f"{r['wall']} s wall, {r['cpu']} s CPU, load {r['load_before']} -> {r['load_after']}: {r['counts']}")
    if args.write_docs:
        write_docs(said)
    return 0 if all(r["exit"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
