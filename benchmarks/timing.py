"""Timings and memory for ``run.py``: repeated calls, peak memory (Linux), wall time of commands,
CPU time paired with a floor, and targets."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def rss() -> int:
    """Current resident set size in bytes (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak() -> int:
    """Peak resident set size of this process in bytes (Linux ``VmHWM``).

    Not ``ru_maxrss``: Linux carries it over ``fork`` and ``exec``, so a worker
    would report its parent's size (the parent generated the synthetic data).
    """
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def reset_peak() -> None:
    """Start ``VmHWM`` afresh (Linux), so each timed callable's peak is its own."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def repeat(fn: Callable[[], Any], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def stats(times: list[float]) -> dict[str, float]:
    """Median, min and max of repeated timings (seconds)."""
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "n": len(times)}


def command_env() -> dict[str, str]:
    """The environment each timed command runs in: warnings off, and Python's bytecode cache on.

    An installed wheel ships (or pip writes) compiled ``.pyc`` files; a shell that sets
    ``PYTHONDONTWRITEBYTECODE`` would make every run of an editable checkout compile its own
    modules again (about 0.1-0.3x the floor), a cost no user pays. The first, untimed round of
    :func:`time_paired` writes the cache (``__pycache__/``, ignored by git).
    """
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_commands(commands: dict[str, list[str]], repeats: int) -> dict[str, dict[str, float]]:
    """Wall time of each command in a fresh process, interleaved."""
    env = command_env()
    times: dict[str, list[float]] = {k: [] for k in commands}
    codes: dict[str, int] = {}
    for cmd in commands.values():  # untimed: fills the bytecode cache (command_env)
        subprocess.run(cmd, check=False, capture_output=True, env=env, cwd=ROOT)
    for _ in range(repeats):
        for k, cmd in commands.items():
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, check=False, capture_output=True, env=env, cwd=ROOT)
            times[k].append(time.perf_counter() - t0)
            codes[k] = max(codes.get(k, 0), proc.returncode)
            if proc.returncode:
                print(f"  ! {' '.join(cmd[-3:])} exited {proc.returncode}: {proc.stdout[-300:]!r}", file=sys.stderr)
    return {k: {**stats(v), "exit_code": codes[k]} for k, v in times.items()}


def _run_cpu(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """CPU seconds (user + system) and wall seconds of one command in a fresh process, and its exit code."""
    before, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    proc = subprocess.run(cmd, check=False, capture_output=True, env=env, cwd=ROOT)
    wall, after = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        print(f"  ! {' '.join(cmd[-3:])} exited {proc.returncode}: {proc.stdout[-300:]!r}", file=sys.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, proc.returncode


def time_paired(commands: dict[str, list[str]], floor: list[str], repeats: int) -> dict[str, dict[str, Any]]:
    """Each command's CPU time over the CPU time of ``floor`` run just before it, ``repeats`` pairs each.

    CPU time, not wall time, and a ratio within each pair: on a shared machine another
    process slows both runs of a pair alike, so the ratio holds where seconds do not.
    """
    env = command_env()
    got: dict[str, dict[str, list[float]]] = {k: {"cpu": [], "wall": [], "floor": [], "ratio": []} for k in commands}
    codes: dict[str, int] = {}
    for cmd in [floor, *commands.values()]:  # untimed: fills the bytecode cache (command_env)
        _run_cpu(cmd, env)
    for _ in range(repeats):
        for k, cmd in commands.items():
            base, _, _ = _run_cpu(floor, env)
            cpu, wall, code = _run_cpu(cmd, env)
            for key, value in (("cpu", cpu), ("wall", wall), ("floor", base), ("ratio", cpu / max(base, 1e-6))):
                got[k][key].append(value)
            codes[k] = max(codes.get(k, 0), code)
    return {k: {**{key: stats(v) for key, v in g.items()}, "exit_code": codes[k]} for k, g in got.items()}


def target(name: str, measured: float, goal: float, unit: str, higher_is_better: bool = False,
           spread: tuple[float, float] | None = None) -> dict[str, Any]:
    """One target with its verdict; ``spread`` is the range (min, max) of the measured ratio."""
    ok = measured >= goal if higher_is_better else measured <= goal
    out = {"target": name, "measured": measured, "goal": goal, "unit": unit, "pass": bool(ok)}
    if spread is not None:
        out["range"] = list(spread)
    return out


def ratio_spread(a: dict[str, float], b: dict[str, float]) -> tuple[float, float]:
    """The widest range of ``a / b`` that two unpaired timings allow: (min a / max b, max a / min b)."""
    return a["min"] / b["max"], a["max"] / b["min"]


CLI_TARGETS = (("validate", 1.5), ("validate (project)", 1.5), ("--help", 1.3), ("show events", 1.3),
               ("search junta", 1.3), ("validate --full", 5.0), ("build", 2.5), ("release", 6.0))
"""Each command's goal: its CPU time at most this many times ``python -c "import pyarrow"``'s."""
