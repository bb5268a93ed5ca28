"""Time the fast test set (plain ``python -m pytest``) and write what the docs say about it.

Run from the repository root, on a machine doing nothing else:

    python benchmarks/suite_time.py                # measure, write benchmarks/suite_time.json
    python benchmarks/suite_time.py --write-docs   # and rewrite the README's and CONTRIBUTING's phrase

The phrase ("about a minute", "about 3 minutes") is made by :func:`phrase` from the
measured CPU time (user + system of the pytest process and its children): what the run
takes on a machine of its own, since the fast set runs on one core. The wall time is
recorded beside it; on a shared machine it grows with the load (``load_average``).
``tests/unit/test_doc_numbers.py`` checks that the two pages say what the
last measurement in ``benchmarks/suite_time.json`` says, so the docs cannot claim a time
nobody measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "benchmarks" / "suite_time.json"
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


def measure() -> dict[str, object]:
    """Run the fast set once; its wall time, CPU time (user + system of the run) and test count."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT,
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "120"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    passed = re.search(r"(\d+) passed", summary)
    return {"wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
            "tests": int(passed.group(1)) if passed else 0, "exit_code": run.returncode, "summary": summary,
            "phrase": phrase(cpu), "python": platform.python_version(), "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def write_docs(said: str) -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        page.write_text(SAID.sub(said, text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="rewrite the phrase in README.md and CONTRIBUTING.md")
    args = parser.parse_args(argv)
    result = measure()
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    if args.write_docs:
        write_docs(str(result["phrase"]))
    return 0 if result["exit_code"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
