"""Write ``docs/performance.md`` from ``benchmarks/results.json``: the latest results, nothing else.

    python benchmarks/page.py            # rewrite the page from the results
    python benchmarks/page.py --check    # exit 1 when the page differs from the results

The default test set's time (``benchmarks/suite_time.py``, ``suite_time.json``) is added when measured.

``tests/integration/test_benchmarks_smoke.py`` checks that the page matches the json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PAGE = HERE.parent / "docs" / "performance.md"
RESULTS = HERE / "results.json"
SUITE = HERE / "suite_time.json"

HEAD = """# Performance

The figures on this page come from `benchmarks/results.json`, which one command
writes; `python benchmarks/page.py` turns it into this page (do not edit it by hand):

```sh
python benchmarks/run.py [--quick] [--extra-sizes 10000000] [--context TEXT] [--out benchmarks/results.json]
python benchmarks/page.py
```

Every figure is a ratio to a floor measured in the same run, because seconds differ
between machines (and between minutes of one shared machine) by 2-5x. A command's
figure is its CPU time (user + system, the whole process) over the CPU time of
`python -c "import pyarrow"` run just before it, repeated; the median ratio leads, with
its range (min-max). Commands run with Python's bytecode cache on, as for an installed
package (one untimed round writes it first). Validation at scale is timed in wall seconds, the read of the
Parquet files included, against DuckDB checking the same rules on the same files
(`benchmarks/duckdb_rules.py`); the range of such a ratio is the widest the two timings
allow. Peak memory is the growth of the resident set once imports are done, against
the Arrow size of the tables. Synthetic data (`benchmarks/synth.py`) are N events and
N evidence spans that satisfy the schemas, cut from synthetic source texts with curly
quotes, dashes and no-break spaces, so provenance is really verified.
`sahel-dataset validate` runs the pyarrow checks; `validate --full` runs pandera and
frictionless as well (see [Validation](validation.md)).
"""

CHECKS = {
    "fastcheck": "each column's stored type, required, unique, enum, pattern, bounds, lengths, every "
                 "multi-column key, ordered dates; foreign keys `evidence.record_id` -> `events.event_id` "
                 "and `evidence.source_id` -> the sources (hash anti-joins, `is_in`)",
    "DuckDB (floor)": "the same: one query per table generated from the Table Schema, the types from "
                      "`DESCRIBE`, the foreign keys as `NOT EXISTS` anti-joins",
    "+ provenance": "also every span's text equals its seed's `[start:end]` (code points)",
    "pandera-polars, pandera-pandas": "the pandera models (types, required, unique, enum, pattern, bounds, "
                                      "lengths, keys, ordered dates); no foreign keys",
    "frictionless on CSV": "frictionless's own row checks of the CSV against the schema; no foreign keys",
}
"""Which rules each contender at scale checks (the page lists them)."""


def _t(s: dict[str, float], scale: float = 1.0, unit: str = "s", digits: int = 3) -> str:
    return f"{s['median'] * scale:.{digits}f} {unit} ({s['min'] * scale:.{digits}f}-{s['max'] * scale:.{digits}f})"


WHY_MISSED = {
    "load(backend='polars')": "a fixed cost on tiny tables (5 to 345 rows): casting the enumerations to "
                              "polars `Enum`, which polars' own reader does not do",
    "load(backend='arrow')": "a fixed cost on tiny tables: casting to the declared types and attaching "
                             "each field's description, which the bare reader does not do",
    "peak memory / Arrow size, pandera": "pandera checks a whole in-memory frame (a pandas or polars copy of "
                                         "the table); only the streamed pyarrow checks work row group by row group",
    "sahel-dataset validate /": ("no rich any more (the result line and the layer table are plain text: was 2.5x "
                                 "on the previous run's machine); past the floor, by `-X importtime`: "
                                 "`pyarrow.compute` (about 35 ms: its import wraps some 290 kernels and parses "
                                 "their option docstrings; every pyarrow check is built on its kernels), typer "
                                 "(about 30 ms), `pyarrow.parquet` and our own modules (about 0.2x together); the "
                                 "checks themselves (15 Parquet and 15 CSV files read, some 500 small Arrow kernel "
                                 "calls, the rules) about 0.7x"),
    "sahel-dataset validate (project)": ("everything `validate` does on a package (no rich any more), plus, by "
                                        "cProfile: pydantic's import and the record models of the tables present "
                                        "(built on first use, about 0.5x), libyaml parsing every YAML file with our "
                                        "duplicate-key and line checks (about 0.4x), assembling the Arrow tables"),
    "sahel-dataset --help": "typer renders help with rich's Markdown (markdown-it) and imports rich.traceback: "
                            "that alone is about the floor; listing the commands imports each command module for "
                            "its docstring. No pyarrow is imported. About as before (1.2-1.4x)",
    "sahel-dataset show": "the imports `validate` needs without `pyarrow.compute` (typer about 30 ms, "
                          "`pyarrow.parquet`, our modules) and rich: its import (about 35 ms) and laying out a "
                          "table of every event at the terminal's width (about 0.3x)",
    "sahel-dataset search": "the same imports as `show` (rich draws the matches) and a scan of every text "
                            "column of the 15 tables",
    "sahel-dataset validate --full": ("importing pandas, pandera and frictionless alone costs about 7x the floor; "
                                     "pandera over 15 tables about 3x (building its models 0.7 s of 9 s under "
                                     "cProfile); frictionless reads each Parquet resource through pandas, row by row, "
                                     "and copies every field twice (the copies are no longer re-validated). Meeting "
                                     "5x would mean dropping pandera or frictionless, which the design keeps"),
    "sahel-dataset build": ("what is left, by cProfile: importing pydantic and building 15 record models, "
                           "libyaml parsing every file (together about 1x), the checks `validate` runs and the "
                           "rules (about 1x), writing 15 Parquet and 15 CSV files and the metadata files (the "
                           "indented JSON now through one recursive writer with C string escaping and the card "
                           "through libyaml's emitter: about 30 ms less, same bytes), rich's progress spinner, "
                           "typer and pyarrow.compute imports (about 0.6x). Was 4.3x"),
    "sahel-dataset release": ("a build (about 3.5x) plus frictionless on the written package, every resource: its "
                             "import (pandas, frictionless, jsonschema) and its pass, which reads each Parquet "
                             "resource through pandas row by row (`Series.to_dict` per row) and imports "
                             "`pyarrow.dataset`; the second JSON Schema validation of each field copy is gone "
                             "(about 16% of the pass)"),
    "peak memory / Arrow size, fastcheck": ("measured apart at 1M rows, the foreign keys' re-read of "
                                           "`evidence.record_id`, `source_id` and `events.event_id` adds only about "
                                           "23 MB (0.08x); the peak is in the streamed scan itself, and much of it is "
                                           "the allocator keeping freed row groups: the same scan peaks at 345 MB "
                                           "with mimalloc (pyarrow's default), 267 MB with the system allocator, "
                                           "196 MB with one thread. Sharing the scan's key columns would not move it; "
                                           "changing pyarrow's allocator for users was left alone"),
    "growth 100,000->1,000,000 per row, fastcheck": "the 100k run got faster on the 2-thread row-group pool "
                                                    "while 1M pays for hash tables of 1M unique ids that no "
                                                    "longer fit in cache (not profiled further)",
}
"""Why a target is missed, by the start of its name: the page says so beside the figure."""


def why(target: str, passed: bool) -> str:
    """The reason a missed target gives, or an empty cell.

    >>> why("load(backend='arrow') / its reader, warm", False).startswith("a fixed cost")
    True
    >>> why("anything", True)
    ''
    """
    if passed:
        return ""
    return next((reason for start, reason in WHY_MISSED.items() if target.startswith(start)), "not yet explained")


def _ratio(g: dict[str, Any]) -> str:
    spread = g.get("range")
    shown = f"{g['measured']:.3g}{g['unit']}"
    return shown + (f" ({spread[0]:.3g}-{spread[1]:.3g})" if spread else "")


def tables(r: dict[str, Any]) -> str:
    """The results as Markdown tables: the targets (ratios) first, then the figures behind them."""
    m = r["meta"]
    out = [f"Run of {m['date']} on {m['machine']}, Python {m['python']}, {m['repeats']} repeats per scale figure"
           + (" (quick smoke run: tiny sizes)" if m["quick"] else "") + "."
           + (f" {m['context']}" if m.get("context") else ""), ""]
    out += ["## Targets", "", "| target | ratio (range) | goal | | why missed |", "|---|---|---|---|---|"]
    out += [f"| {g['target']} | {_ratio(g)} | {'>=' if 'information' in g['target'] else '<='} "
            f"{g['goal']:g}{g['unit']} | {'pass' if g['pass'] else 'miss'} | {why(g['target'], g['pass'])} |"
            for g in r["targets"]]
    out += ["", "## Commands: CPU time over `python -c 'import pyarrow'` (whole processes, paired)", "",
            "| command | CPU / floor | CPU | floor CPU | wall |", "|---|---|---|---|---|"]
    for k, v in r["cli"].items():
        if "ratio" not in v:
            continue
        out.append(f"| `sahel-dataset {k.replace(' (project)', '')}`{' (the project)' if 'project' in k else ''} "
                   f"| {_t(v['ratio'], unit='x', digits=2)} | {_t(v['cpu'])} | {_t(v['floor'])} | {_t(v['wall'])} |")
    out += ["", "## Imports (whole processes, wall time)", "", "| command | time |", "|---|---|"]
    out += [f"| `python -c 'import {k}'` | {_t(v)} |" if k != "python" else f"| `python -c pass` | {_t(v)} |"
            for k, v in r["import"].items()]
    out += ["", "## Loading the shipped events table, cold (whole process)", "", "| what | time |", "|---|---|"]
    out += [f"| `{'load(backend=' + repr(k) + ')' if 'reader' not in k else k}` | {_t(v)} |"
            for k, v in r["load_cold"].items()]
    out += ["", "## Loading, warm (in process): load() / the backend's own reader", "",
            "| table | pandas | arrow | polars |", "|---|---|---|---|"]
    out += [f"| {t} | " + " | ".join(f"{v[b]['ratio']:.2f}x" for b in ("pandas", "arrow", "polars")) + " |"
            for t, v in r["load"].items()]
    kinds = [("read", "read only"), ("duckdb", "DuckDB (floor)"), ("fastcheck", "fastcheck"),
             ("provenance", "provenance only"), ("pandera_polars", "pandera-polars"),
             ("pandera_pandas", "pandera-pandas"), ("fastcheck_csv", "fastcheck on CSV"),
             ("frictionless", "frictionless on CSV")]
    out += ["", "## Validating events + evidence at scale (the read included)", "",
            "| rows | Arrow MB | check | time | peak MB | peak / Arrow |", "|---|---|---|---|---|---|"]
    for n, row in r["scale"].items():
        for k, label in kinds:
            if k not in row:
                continue
            v = row[k]
            out.append(f"| {int(n):,} | {row['table_mb']:.0f} | {label} | {_t(v['time'])} | {v['peak_mb']:.0f} | "
                       f"{v['mem_ratio']:.2f}x |")
            if k in ("fastcheck", "duckdb"):
                peak = v.get("peak_mb_with_provenance", v["peak_mb"])  # older results: one peak for both
                out.append(f"| {int(n):,} | {row['table_mb']:.0f} | {label} + provenance | "
                           f"{_t(v['time_with_provenance'])} | {peak:.0f} | {peak / row['table_mb']:.2f}x |")
    out += ["", "## What each contender checks at scale", "", "| contender | rules |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in CHECKS.items()]
    return "\n".join(out) + "\n"


def suite_section(suite: dict[str, Any] | None) -> str:
    """The default test set's time, from ``benchmarks/suite_time.py`` (empty without its json)."""
    if not suite:
        return ""
    m = suite["meta"]
    out = ["", "## The default test set (`python -m pytest`)", "",
           f"Run of {m['date']} on {m['machine']}, {m['cores']} cores, Python {m['python']} "
           "(`python benchmarks/suite_time.py`). Beside the wall time: the CPU time of pytest (user + system, "
           "children included; the tests run on every core, so on a machine of its own the wall time is about "
           "the CPU time over the cores) and the 1-minute load (runnable processes) before and after. "
           "Reported, not asserted.", "",
           "| wall | CPU | 1-minute load before / after | tests |", "|---|---|---|---|"]
    for r in suite["runs"]:
        counts = ", ".join(f"{n} {k}" for k, n in r["counts"].items())
        out.append(f"| {r['wall']} s | {r['cpu']} s | {r['load_before']} / {r['load_after']} | {counts} |")
    return "\n".join(out) + "\n"


def page(results: dict[str, Any], suite: dict[str, Any] | None = None) -> str:
    """The whole page."""
    return HEAD + "\n" + tables(results) + suite_section(suite)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when the page differs from the results")
    ap.add_argument("--results", type=Path, default=RESULTS)
    ap.add_argument("--page", type=Path, default=PAGE)
    args = ap.parse_args(argv)
    suite = json.loads(SUITE.read_text(encoding="utf-8")) if SUITE.is_file() else None
    text = page(json.loads(args.results.read_text(encoding="utf-8")), suite)
    if args.check:
        same = args.page.is_file() and args.page.read_text(encoding="utf-8") == text
        print("docs/performance.md matches the results" if same else "docs/performance.md differs: run page.py")
        return 0 if same else 1
    args.page.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
