"""Benchmark sahel-dataset: import, load, build/validate, and validation at scale.

Run from the repository root:

    python benchmarks/run.py                 # full run (100k, 1M rows), several minutes
    python benchmarks/run.py --extra-sizes 10000000   # and 10M rows
    python benchmarks/run.py --quick         # smoke run with tiny sizes, seconds
    python benchmarks/run.py --out benchmarks/results.json

Every measurement runs in a fresh subprocess (so peak memory is its own), repeats,
and reports the median, min and max. Every scale timing includes the read of the
Parquet (or CSV) files; DuckDB checking the same rules (``duckdb_rules.py``) is the
floor. Commands are timed as whole processes, CPU time paired with ``python -c "import pyarrow"``.
Peak memory is the growth of the resident set (``VmHWM``, reset before each timed callable,
minus the RSS just before it), compared with the Arrow in-memory size of the tables.
``docs/performance.md`` is generated from the results (``benchmarks/page.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
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

sys.path.insert(0, str(HERE))
from timing import (  # noqa: E402
    CLI_TARGETS,
    peak,
    ratio_spread,
    repeat,
    reset_peak,
    rss,
    stats,
    target,
    time_commands,
    time_paired,
)

# ------------------------------------------------------------------ workers
# Each runs in its own interpreter: ``run.py --worker KIND --data DIR``.


def _runner(kind: str, paths: dict[str, Path], seeds: dict[str, str], data: Path) -> dict[str, Callable[[], Any]]:
    """The timed callables of one worker kind. Each reads the Parquet (or CSV) files itself:
    the read is part of every timing, as it is for a user."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sahel_dataset.core.schema import table

    def read() -> dict[str, Any]:
        return {t: pq.ParquetFile(paths[t]).read() for t in TABLES}

    if kind == "read":
        return {"time": read}
    if kind == "fastcheck":
        from sahel_dataset.backends import fastcheck

        def tables() -> None:
            # Streamed by row group: only the key columns outlive their row group. Types are
            # checked per column; the foreign keys are hash anti-joins (``is_in``) on two columns.
            found = fastcheck.check_parquets({t: paths[t] for t in TABLES})
            failures = [f for t in TABLES for f in found[t]]
            assert not failures, [str(f) for f in failures[:3]]
            refs = pq.ParquetFile(paths["evidence"]).read(columns=["record_id", "source_id"])
            ids = pq.ParquetFile(paths["events"]).read(columns=["event_id"])["event_id"]
            assert not fastcheck.missing_references(refs["record_id"], ids)
            assert not fastcheck.missing_references(refs["source_id"], pa.array(list(seeds)))

        def with_provenance() -> None:
            tables()
            columns = ["source_id", "start", "end", "text"]
            spans = pq.ParquetFile(paths["evidence"]).iter_batches(16_384, columns=columns)
            assert len(fastcheck.provenance_mismatches(spans, seeds)) == 0

        return {"time": tables, "time_with_provenance": with_provenance}
    if kind == "duckdb":
        import duckdb
        from duckdb_rules import check_foreign_keys, check_provenance, check_rules

        def rules() -> None:
            con = duckdb.connect()
            assert check_rules(con, {t: table(t) for t in TABLES}, paths) == 0
            assert check_foreign_keys(con, paths, seeds) == 0
            con.close()

        def with_provenance() -> None:
            con = duckdb.connect()
            assert check_rules(con, {t: table(t) for t in TABLES}, paths) == 0
            assert check_foreign_keys(con, paths, seeds) == 0
            assert check_provenance(con, paths, seeds) == 0
            con.close()

        return {"time": rules, "time_with_provenance": with_provenance}
    if kind == "provenance":
        from sahel_dataset.backends import fastcheck

        return {"time": lambda: fastcheck.provenance_mismatches(pq.ParquetFile(paths["evidence"]).read(), seeds)}
    if kind == "pandera_pandas":
        from sahel_dataset.load import read as load_read
        from sahel_dataset.pipeline.models import pandera_schema

        return {"time": lambda: [pandera_schema(t).validate(load_read(paths[t], table(t), "pandas"), lazy=True)
                                 for t in TABLES]}
    if kind == "pandera_polars":
        from sahel_dataset.load import read as load_read
        from sahel_dataset.pipeline.models import pandera_polars_schema

        assert os.environ.get("PANDERA_VALIDATION_DEPTH") == "SCHEMA_AND_DATA"
        return {"time": lambda: [pandera_polars_schema(t).validate(load_read(paths[t], table(t), "polars").lazy(),
                                                                   lazy=True) for t in TABLES]}
    if kind == "fastcheck_csv":
        # The same work as frictionless: parse the CSV with the declared types, then check it.
        import pyarrow.csv as pacsv

        from sahel_dataset.backends import fastcheck
        from sahel_dataset.core.dtypes import arrow_schema

        def run_csv() -> None:
            for t in TABLES:
                types = {f.name: (f.type if not hasattr(f.type, "value_type") else f.type.value_type)
                         for f in arrow_schema(table(t))}
                got = pacsv.read_csv(data / "csv" / f"{t}.csv",
                                     convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True))
                failures = fastcheck.check(got, t)
                assert not failures, [str(f) for f in failures[:3]]

        return {"time": run_csv}
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

    A warm-up on a 200-row copy imports and initialises everything first, so the
    memory measured from then on is the data's and the validator's.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    sys.path.insert(0, str(HERE))
    from synth import read_seeds

    result: dict[str, Any] = {}
    if kind == "load":
        return {"tables": _load_worker(repeats), "peak_bytes": 0}
    paths = {t: data / "parquet" / f"{t}.parquet" for t in TABLES}
    seeds = read_seeds(data)
    with tempfile.TemporaryDirectory(prefix="sahel-warm-") as tmp:
        small = {t: Path(tmp) / f"{t}.parquet" for t in TABLES}
        for t, p in paths.items():
            pq.write_table(pa.Table.from_batches([next(pq.ParquetFile(p).iter_batches(200))]), small[t])
        if kind not in ("frictionless", "fastcheck_csv"):
            for fn in _runner(kind, small, seeds, data).values():
                fn()
    for key, fn in _runner(kind, paths, seeds, data).items():
        reset_peak()
        base = rss()
        result[key] = stats(repeat(fn, repeats))
        result[key.replace("time", "peak_bytes")] = max(0, peak() - base)
    result["spans"] = pq.ParquetFile(paths["evidence"]).metadata.num_rows
    return result


def _load_worker(repeats: int) -> dict[str, Any]:
    """Warm load(), per backend, against that backend's own Parquet reader, interleaved."""
    import pandas as pd
    import polars as pl
    import pyarrow.parquet as pq

    import sahel_dataset
    from sahel_dataset.core.descriptor import PACKAGE_DIR

    floors = {"pandas": pd.read_parquet, "arrow": lambda p: pq.ParquetFile(p).read(), "polars": pl.read_parquet}
    out: dict[str, Any] = {}
    for t in sahel_dataset.tables():
        path = PACKAGE_DIR / "parquet" / f"{t}.parquet"
        if not path.is_file():
            continue
        for backend, floor_fn in floors.items():
            sahel_dataset.load(t, backend=backend), floor_fn(path)  # warm both
            ours: list[float] = []
            floor: list[float] = []
            for _ in range(repeats):  # interleaved, so drift hits both alike
                ours += repeat(lambda t=t, b=backend: sahel_dataset.load(t, backend=b), 1)
                floor += repeat(lambda p=path, f=floor_fn: f(p), 1)
            out.setdefault(t, {})[backend] = {"load": stats(ours), "reader": stats(floor),
                                              "ratio": statistics.median(ours) / statistics.median(floor)}
    return out


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


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="tiny sizes and one repeat: a smoke run")
    ap.add_argument("--out", type=Path, default=HERE / "results.json", help="where to write the JSON results")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, default=3, help=argparse.SUPPRESS)
    ap.add_argument("--context", default="", help="what else ran on the machine meanwhile (shown on the page)")
    ap.add_argument("--extra-sizes", type=int, nargs="*", default=[],
                    help="more sizes after 100k and 1M, e.g. 10000000 (memory: about 3 GB per 10M rows)")
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.repeats)))
        return {}

    sys.path.insert(0, str(HERE))
    import synth

    quick = args.quick
    sizes = [1_000, 2_000] if quick else [100_000, 1_000_000, *args.extra_sizes]
    csv_max = sizes[0] if quick else 100_000
    reps = 1 if quick else 5
    t_start = time.perf_counter()
    results: dict[str, Any] = {
        "meta": {
            "quick": quick, "sizes": sizes, "repeats": reps, "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "note": "commands: CPU seconds, each run paired with a run of `python -c 'import pyarrow'`; "
                    "scale: medians of repeated runs with their range, wall seconds, the read included; "
                    "peak memory = max RSS growth after imports and a warm-up",
            "context": args.context,
        }
    }
    py = [sys.executable]
    cmd_reps = 1 if quick else 10  # --quick: "one repeat", as its help says; the shape is the same
    results["import"] = time_commands({
        "python": [*py, "-c", "pass"],
        "pyarrow": [*py, "-c", "import pyarrow"],
        "pandas": [*py, "-c", "import pandas"],
        "sahel_dataset": [*py, "-c", "import sahel_dataset"],
    }, cmd_reps)
    events = str(ROOT / "src" / "sahel_dataset" / "datapackage" / "parquet" / "events.parquet")
    results["load_cold"] = time_commands({
        "pandas": [*py, "-c", "import sahel_dataset; sahel_dataset.load('events')"],
        "pandas reader": [*py, "-c", f"import pandas; pandas.read_parquet({events!r})"],
        "arrow": [*py, "-c", "import sahel_dataset; sahel_dataset.load('events', backend='arrow')"],
        "arrow reader": [*py, "-c", f"import pyarrow.parquet as pq; pq.ParquetFile({events!r}).read()"],
        "polars": [*py, "-c", "import sahel_dataset; sahel_dataset.load('events', backend='polars')"],
        "polars reader": [*py, "-c", f"import polars; polars.read_parquet({events!r})"],
    }, cmd_reps)

    with tempfile.TemporaryDirectory(prefix="sahel-bench-") as tmp:
        results["load"] = spawn("load", Path(tmp), 3 if quick else 30)["tables"]
        cli = [str(Path(sys.executable).parent / "sahel-dataset")]
        release = Path(tmp) / "release"
        shipped = str(ROOT / "src" / "sahel_dataset" / "datapackage")
        # Build from the checkout's data/, then each command on the shipped package; a
        # failed command shows as a non-zero exit code.
        results["cli"] = time_paired({
            "validate": [*cli, "validate", shipped],
            "validate (project)": [*cli, "validate"],
            "--help": [*cli, "--help"],
            "show events": [*cli, "show", "events"],
            "search junta": [*cli, "search", "junta"],
            "validate --full": [*cli, "validate", "--full", shipped],
            "build": [*cli, "build", "--out", str(release)],
            "release": [*cli, "release", "--out", str(Path(tmp) / "archive")],
        }, [*py, "-c", "import pyarrow"], cmd_reps)
        scale: dict[str, Any] = {}
        for n in sizes:
            folder = Path(tmp) / f"n{n}"
            info = synth.write(n, folder, csv=n <= csv_max)
            row: dict[str, Any] = {"rows": info, "table_mb": info["bytes"] / 2**20}
            kinds = ["read", "duckdb", "fastcheck", "provenance", "pandera_polars", "pandera_pandas"]
            kinds += ["fastcheck_csv", "frictionless"] if n <= csv_max else []
            for kind in kinds:
                r = spawn(kind, folder, reps if n < 10_000_000 else 2)
                r["peak_mb"] = r.pop("peak_bytes") / 2**20
                r["mem_ratio"] = r["peak_mb"] / row["table_mb"]
                if "peak_bytes_with_provenance" in r:
                    r["peak_mb_with_provenance"] = r.pop("peak_bytes_with_provenance") / 2**20
                row[kind] = r
                print(f"  {n:>10,} rows  {kind:<15} {r['time']['median']:8.3f} s  {r['peak_mb']:7.0f} MB",
                      file=sys.stderr)
            scale[str(n)] = row
            shutil.rmtree(folder)
        results["scale"] = scale

    kinds = ("read", "duckdb", "fastcheck", "provenance", "pandera_polars", "pandera_pandas")
    lo, hi = str(sizes[0]), str(sizes[1])
    factor = sizes[1] / sizes[0]
    results["growth"] = {
        k: (results["scale"][hi][k]["time"]["median"] / results["scale"][lo][k]["time"]["median"]) / factor
        for k in kinds
    }
    cold = {k: v["median"] for k, v in results["load_cold"].items()}
    targets = [
        *[target(f"sahel-dataset {k} / import pyarrow, CPU", results["cli"][k]["ratio"]["median"], goal, "x",
                 spread=(results["cli"][k]["ratio"]["min"], results["cli"][k]["ratio"]["max"]))
          for k, goal in CLI_TARGETS],
        *[target(f"load(backend={b!r}) / its reader, cold (whole process)", cold[b] / cold[f"{b} reader"], 1.1, "x")
          for b in ("pandas", "arrow", "polars")],
        *[target(f"load(backend={b!r}) / its reader, warm, worst table",
                 max(v[b]["ratio"] for v in results["load"].values()), 1.1, "x")
          for b in ("pandas", "arrow", "polars")],
    ]
    for n in sizes[1:]:
        row = results["scale"][str(n)]
        duck = row["duckdb"]["time"]["median"]
        fc, dk = row["fastcheck"], row["duckdb"]
        targets += [
            target(f"fastcheck / DuckDB, types + rules + foreign keys, {n:,} events + evidence",
                   fc["time"]["median"] / duck, 1.0, "x", spread=ratio_spread(fc["time"], dk["time"])),
            target(f"fastcheck / DuckDB, the same + provenance, {n:,}",
                   fc["time_with_provenance"]["median"] / dk["time_with_provenance"]["median"], 1.0, "x",
                   spread=ratio_spread(fc["time_with_provenance"], dk["time_with_provenance"])),
            target(f"peak memory / Arrow size, fastcheck, {n:,}", fc["mem_ratio"], 1.2, "x"),
            target(f"pandera-polars / DuckDB, {n:,}", row["pandera_polars"]["time"]["median"] / duck, 1.5, "x"),
            target(f"pandera-pandas / DuckDB, {n:,}", row["pandera_pandas"]["time"]["median"] / duck, 1.5, "x"),
            *[target(f"peak memory / Arrow size, {k}, {n:,}", row[k]["mem_ratio"], 1.5, "x")
              for k in ("pandera_polars", "pandera_pandas", "duckdb")],
        ]
    targets += [target(f"growth {int(lo):,}->{int(hi):,} per row, {k} (1 = linear)", g, 1.5, "x")
                for k, g in results["growth"].items()]
    csv_n = str(max(n for n in sizes if n <= csv_max))
    targets.append(target(f"frictionless / fastcheck on the same CSV, {int(csv_n):,} rows (information)",
                          results["scale"][csv_n]["frictionless"]["time"]["median"]
                          / results["scale"][csv_n]["fastcheck_csv"]["time"]["median"], 1, "x", True))
    results["targets"] = targets
    results["meta"]["seconds"] = time.perf_counter() - t_start
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report(results)
    return results


def report(results: dict[str, Any]) -> None:
    """Print the results: the same Markdown tables as ``docs/performance.md``."""
    sys.path.insert(0, str(HERE))
    from page import tables

    print(tables(results))


if __name__ == "__main__":
    main()
