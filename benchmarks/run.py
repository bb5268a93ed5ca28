"""Benchmark sahel-dataset: import, load, build/validate, and validation at scale.

Run from the repository root:

    python benchmarks/run.py                 # full run (10k, 100k, 1M rows), a few minutes
    python benchmarks/run.py --quick         # smoke run with tiny sizes, seconds
    python benchmarks/run.py --out benchmarks/results.json

Every measurement runs in a fresh subprocess (so peak memory is its own), repeats,
and reports the median, min and max. Peak memory is the growth of the resident
set (``ru_maxrss`` at the end minus the RSS just before the data are read),
compared with the Arrow in-memory size of the tables.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TABLES = ("events", "evidence")


def stats(times: list[float]) -> dict[str, float]:
    """Median, min and max of repeated timings (seconds)."""
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "n": len(times)}


def _rss() -> int:
    """Current resident set size in bytes (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak() -> int:
    """Peak resident set size of this process in bytes (Linux ``VmHWM``).

    Not ``ru_maxrss``: Linux carries it over ``fork`` and ``exec``, so a worker
    would report its parent's size (the parent generated the synthetic data).
    """
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _repeat(fn: Callable[[], Any], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


# ------------------------------------------------------------------ workers
# Each runs in its own interpreter: ``run.py --worker KIND --data DIR``.


def _runner(kind: str, arrow: dict[str, Any], seeds: dict[str, str], data: Path) -> dict[str, Callable[[], Any]]:
    """The timed callables of one worker kind, on tables already in memory (Arrow)."""
    from sahel_dataset.schema import table

    if kind == "fastcheck":
        from sahel_dataset.backends import fastcheck

        def tables() -> None:
            failures = [f for t in TABLES for f in fastcheck.check(arrow[t], t)]
            assert not failures, [str(f) for f in failures[:3]]

        def with_provenance() -> None:
            tables()
            assert len(fastcheck.provenance_mismatches(arrow["evidence"], seeds)) == 0

        return {"time": tables, "time_with_provenance": with_provenance}
    if kind == "provenance":
        from sahel_dataset.backends import fastcheck
        from sahel_dataset.pipeline.evidence import mismatches

        ev = arrow["evidence"]
        spans = list(zip(*(ev[c].to_pylist() for c in ("source_id", "start", "end", "text")), strict=True))
        return {"time": lambda: fastcheck.provenance_mismatches(ev, seeds),
                "row_loop_time": lambda: mismatches(spans, seeds)}
    if kind == "pandera_pandas":
        from sahel_dataset.load import convert
        from sahel_dataset.pipeline.models import pandera_schema

        frames = {t: convert(arrow[t], table(t), "pandas") for t in TABLES}
        return {"time": lambda: [pandera_schema(t).validate(frames[t], lazy=True) for t in TABLES]}
    if kind == "pandera_polars":
        from sahel_dataset.load import convert
        from sahel_dataset.pipeline.models import pandera_polars_schema

        assert os.environ.get("PANDERA_VALIDATION_DEPTH") == "SCHEMA_AND_DATA"
        lazy = {t: convert(arrow[t], table(t), "polars").lazy() for t in TABLES}
        return {"time": lambda: [pandera_polars_schema(t).validate(lazy[t], lazy=True) for t in TABLES]}
    if kind == "frictionless":
        import frictionless

        def run() -> None:
            for t in TABLES:
                desc = {k: v for k, v in table(t).descriptor.items()
                        if k in ("fields", "primaryKey", "uniqueKeys", "missingValues")}
                res = frictionless.Resource(path=f"csv/{t}.csv", basepath=str(data),
                                            schema=frictionless.Schema.from_descriptor(desc))
                report = frictionless.validate(res, limit_errors=1000)
                assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:3]

        return {"time": run}
    raise SystemExit(f"unknown worker {kind!r}")


def worker(kind: str, data: Path, repeats: int) -> dict[str, Any]:
    """Run one measurement in this (fresh) interpreter; return its timings and peak memory.

    A warm-up on the first 200 rows imports and initialises everything first, so
    the memory measured from then on is the data's and the validator's.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    sys.path.insert(0, str(HERE))
    from synth import read_seeds

    result: dict[str, Any] = {}
    if kind == "load":
        import pandas as pd

        import sahel_dataset
        from sahel_dataset.load import PACKAGE_DIR

        base = _rss()
        out = {}
        for t in sahel_dataset.tables():
            path = PACKAGE_DIR / "parquet" / f"{t}.parquet"
            if not path.is_file():
                continue  # a table the schema has but the shipped build does not yet
            sahel_dataset.load(t), pd.read_parquet(path)  # warm both
            ours: list[float] = []
            floor: list[float] = []
            for _ in range(repeats):  # interleaved, so drift hits both alike
                ours += _repeat(lambda t=t: sahel_dataset.load(t), 1)
                floor += _repeat(lambda path=path: pd.read_parquet(path), 1)
            out[t] = {"load": stats(ours), "read_parquet": stats(floor),
                      "ratio": statistics.median(ours) / statistics.median(floor)}
        result["tables"] = out
    else:
        paths = {t: data / "parquet" / f"{t}.parquet" for t in TABLES}
        seeds = read_seeds(data)
        head = {t: pa.Table.from_batches([next(pq.ParquetFile(p).iter_batches(200))]).cast(pq.read_schema(p))
                for t, p in paths.items()}
        if kind != "frictionless":
            for fn in _runner(kind, head, seeds, data).values():
                fn()
        base = _rss()
        arrow = {t: pq.read_table(p) for t, p in paths.items()}
        result["arrow_bytes"] = sum(a.nbytes for a in arrow.values())
        for key, fn in _runner(kind, arrow, seeds, data).items():
            result[key] = stats(_repeat(fn, repeats if key != "row_loop_time" else max(1, repeats // 2)))
        result["spans"] = arrow["evidence"].num_rows
    result["peak_bytes"] = max(0, _peak() - base)
    return result


def spawn(kind: str, data: Path, repeats: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    if kind == "pandera_polars":
        env["PANDERA_VALIDATION_DEPTH"] = "SCHEMA_AND_DATA"
    proc = subprocess.run([sys.executable, str(Path(__file__)), "--worker", kind, "--data", str(data),
                           "--repeats", str(repeats)], capture_output=True, text=True, env=env, check=False)
    if proc.returncode:
        raise RuntimeError(f"worker {kind} on {data} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ parent


def time_commands(commands: dict[str, list[str]], repeats: int) -> dict[str, dict[str, float]]:
    """Wall time of each command in a fresh process, interleaved."""
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    times: dict[str, list[float]] = {k: [] for k in commands}
    codes: dict[str, int] = {}
    for _ in range(repeats):
        for k, cmd in commands.items():
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, check=False, capture_output=True, env=env, cwd=ROOT)
            times[k].append(time.perf_counter() - t0)
            codes[k] = max(codes.get(k, 0), proc.returncode)
            if proc.returncode:
                print(f"  ! {' '.join(cmd[-3:])} exited {proc.returncode}: {proc.stdout[-300:]!r}", file=sys.stderr)
    return {k: {**stats(v), "exit_code": codes[k]} for k, v in times.items()}


def target(name: str, measured: float, goal: float, unit: str, higher_is_better: bool = False) -> dict[str, Any]:
    ok = measured >= goal if higher_is_better else measured <= goal
    return {"target": name, "measured": measured, "goal": goal, "unit": unit, "pass": bool(ok)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="tiny sizes and one repeat: a smoke run")
    ap.add_argument("--out", type=Path, default=HERE / "results.json", help="where to write the JSON results")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, default=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.repeats)))
        return {}

    sys.path.insert(0, str(HERE))
    import synth

    quick = args.quick
    sizes = [1_000, 2_000] if quick else [10_000, 100_000, 1_000_000]
    csv_max = sizes[0] if quick else 100_000
    reps = 1 if quick else 3
    t_start = time.perf_counter()
    results: dict[str, Any] = {
        "meta": {
            "quick": quick, "sizes": sizes, "repeats": reps, "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "note": "medians of repeated runs, wall seconds; peak memory = max RSS growth after imports",
        }
    }
    py = [sys.executable, "-X", "importtime"][:1]
    results["import"] = time_commands({
        "python": [*py, "-c", "pass"],
        "pandas": [*py, "-c", "import pandas"],
        "sahel_dataset": [*py, "-c", "import sahel_dataset"],
        "sahel_dataset+load": [*py, "-c", "import sahel_dataset; sahel_dataset.load('events')"],
    }, 2 if quick else 10)

    with tempfile.TemporaryDirectory(prefix="sahel-bench-") as tmp:
        results["load"] = spawn("load", Path(tmp), 3 if quick else 30)["tables"]
        cli = [str(Path(sys.executable).parent / "sahel-dataset")]
        release = Path(tmp) / "release"
        # Build from the checkout's data/ and validate what it wrote (in that order,
        # each repeat); a failed build shows as a non-zero exit code for both.
        results["cli"] = time_commands({"build": [*cli, "build", "--out", str(release)],
                                        "validate": [*cli, "validate", str(release)]}, reps)
        scale: dict[str, Any] = {}
        for n in sizes:
            folder = Path(tmp) / f"n{n}"
            info = synth.write(n, folder, csv=n <= csv_max)
            row: dict[str, Any] = {"rows": info, "table_mb": info["bytes"] / 2**20}
            kinds = ["fastcheck", "provenance", "pandera_polars", "pandera_pandas"]
            kinds += ["frictionless"] if n <= csv_max else []
            for kind in kinds:
                r = spawn(kind, folder, reps)
                r["peak_mb"] = r.pop("peak_bytes") / 2**20
                r["mem_ratio"] = r["peak_mb"] / row["table_mb"]
                row[kind] = r
                print(f"  {n:>9,} rows  {kind:<15} {r['time']['median']:8.3f} s", file=sys.stderr)
            scale[str(n)] = row
        results["scale"] = scale

    lo, hi = str(sizes[0]), str(sizes[-1])
    factor = sizes[-1] / sizes[0]
    results["growth"] = {
        k: (results["scale"][hi][k]["time"]["median"] / results["scale"][lo][k]["time"]["median"]) / factor
        for k in ("fastcheck", "provenance", "pandera_polars", "pandera_pandas")
    }
    imp = results["import"]
    big = results["scale"][hi]
    csv_n = str(max(n for n in sizes if n <= csv_max))
    worst_load = max(v["ratio"] for v in results["load"].values())
    all_load = sum(v["load"]["median"] for v in results["load"].values()) / sum(
        v["read_parquet"]["median"] for v in results["load"].values())
    prov = big["provenance"]
    results["targets"] = [
        target("load() / pandas.read_parquet, all tables", all_load, 1.1, "x"),
        target("load() / pandas.read_parquet, worst table", worst_load, 1.1, "x"),
        target("import sahel_dataset - import pandas", imp["sahel_dataset"]["median"] - imp["pandas"]["median"],
               0.050, "s"),
        target(f"fastcheck + provenance, {int(hi):,} events + evidence",
               big["fastcheck"]["time_with_provenance"]["median"], 5.0, "s"),
        target(f"pandera-polars, {int(hi):,} events + evidence", big["pandera_polars"]["time"]["median"], 5.0, "s"),
        target(f"pandera-pandas, {int(hi):,} events + evidence", big["pandera_pandas"]["time"]["median"], 5.0, "s"),
        target("provenance spans/s", prov["spans"] / prov["time"]["median"], 1e6, "spans/s", True),
        target(f"frictionless / fastcheck at {int(csv_n):,} rows",
               results["scale"][csv_n]["frictionless"]["time"]["median"]
               / results["scale"][csv_n]["fastcheck"]["time"]["median"], 10, "x", True),
        target(f"frictionless / pandera-polars at {int(csv_n):,} rows",
               results["scale"][csv_n]["frictionless"]["time"]["median"]
               / results["scale"][csv_n]["pandera_polars"]["time"]["median"], 10, "x", True),
        *[target(f"peak memory / table size, {k}, {int(hi):,}", big[k]["mem_ratio"], 3, "x")
          for k in ("fastcheck", "pandera_polars", "pandera_pandas")],
        *[target(f"growth {int(lo):,}->{int(hi):,} per row, {k} (1 = linear)", g, 1.5, "x")
          for k, g in results["growth"].items()],
    ]
    results["meta"]["seconds"] = time.perf_counter() - t_start
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report(results)
    return results


def report(results: dict[str, Any]) -> None:
    """Print the results as rich tables."""
    from rich.console import Console
    from rich.table import Table

    con = Console()

    def fmt(s: dict[str, float], scale: float = 1000, unit: str = "ms") -> str:
        return f"{s['median'] * scale:.1f} {unit} ({s['min'] * scale:.1f}-{s['max'] * scale:.1f})"

    t = Table(title="import and CLI (median, min-max)")
    t.add_column("what")
    t.add_column("time")
    for k, v in results["import"].items():
        t.add_row(f"python -c 'import {k}'" if k != "python" else "python -c pass", fmt(v))
    for k, v in results["cli"].items():
        status = "" if v.get("exit_code", 0) == 0 else f" [red](exit {v['exit_code']})[/]"
        t.add_row(f"sahel-dataset {k}", fmt(v, 1, "s") + status)
    con.print(t)
    t = Table(title="load(t) vs pandas.read_parquet (shipped data)")
    for c in ("table", "load()", "read_parquet", "ratio"):
        t.add_column(c)
    for k, v in results["load"].items():
        t.add_row(k, fmt(v["load"]), fmt(v["read_parquet"]), f"{v['ratio']:.2f}x")
    con.print(t)
    t = Table(title="events + evidence validation at scale (s; peak MB)")
    for c in ("rows", "table MB", "fastcheck", "+provenance", "pandera-polars", "pandera-pandas", "frictionless",
              "provenance spans/s"):
        t.add_column(c)
    for n, row in results["scale"].items():
        def cell(k: str, row: dict[str, Any] = row) -> str:
            if k not in row:
                return "-"
            return f"{row[k]['time']['median']:.3f} ({row[k]['time']['min']:.3f}-{row[k]['time']['max']:.3f}); " \
                   f"{row[k]['peak_mb']:.0f} MB"
        t.add_row(f"{int(n):,}", f"{row['table_mb']:.0f}", cell("fastcheck"),
                  f"{row['fastcheck']['time_with_provenance']['median']:.3f}",
                  cell("pandera_polars"), cell("pandera_pandas"), cell("frictionless"),
                  f"{row['provenance']['spans'] / row['provenance']['time']['median']:,.0f}")
    con.print(t)
    t = Table(title="targets")
    for c in ("target", "measured", "goal", ""):
        t.add_column(c)
    for g in results["targets"]:
        t.add_row(g["target"], f"{g['measured']:.3g} {g['unit']}", f"{g['goal']:g} {g['unit']}",
                  "[green]pass[/]" if g["pass"] else "[red]miss[/]")
    con.print(t)


if __name__ == "__main__":
    main()
