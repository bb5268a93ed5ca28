"""Leave-one-seed-out benchmark of ``sahel-dataset draft`` on the curated data.

For each seed: remove its citations from ``data/`` (and the records left with
none, except its ``sources`` row), draft the seed against the rest, and compare
the drafts with the curated records the seed held (see
:mod:`sahel_dataset.curation.evaluate`). Run from the repository root:

    python benchmarks/drafting.py                       # prints the table, writes benchmarks/drafting.json
    python benchmarks/drafting.py --out other.json
    python benchmarks/drafting.py --write-readme        # also rewrites README.md's table from the result
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from sahel_dataset.core.atomic import atomic_write
from sahel_dataset.curation.add_source import publication
from sahel_dataset.curation.draft import draft, load_known
from sahel_dataset.curation.evaluate import MEASURED, compare, leave_out, share, with_readme_block
from sahel_dataset.pipeline.seeds import load_seeds
from sahel_dataset.project import Project

HERE = Path(__file__).resolve().parent
TARGETS = {"recall": (("events", "deployments", "quotes", "figures"), 70.0), "dates": 60.0, "counts": 60.0}


def run(project: Project) -> dict:
    """Every seed left out in turn; per-seed and total tallies, shares and targets."""
    known = load_known(project.data)
    seeds = load_seeds(project.seeds)
    per_seed: dict[str, dict[str, dict[str, int]]] = {}
    total: dict[str, Counter] = {t: Counter() for t in MEASURED}
    started = time.perf_counter()
    published = {}
    for seed, text in sorted(seeds.items()):
        kept, held = leave_out(known, seed)
        row = next(s for s in known["sources"] if s["file"] == seed)
        got = publication(seed, text, kept)  # add-source's proposal, made without the seed's records
        published[seed] = {"proposed": [str(got.get("published_start")), str(got.get("published_end"))],
                           "curated": [str(row["published_start"]), str(row["published_end"])]}
        result = compare(held, draft(seed, text, kept), seed, text)
        per_seed[seed] = {t: dict(c) for t, c in result.items()}
        for t, c in result.items():
            total[t].update(c)
    tables = {}
    for t, c in total.items():
        tables[t] = {"curated": c["curated"], "drafts": c["drafts"], "recall": share(c["covered"], c["curated"]),
                     "precision": share(c["matching"], c["drafts"]), "one_to_one_recall": share(c["pairs"],
                                                                                                c["curated"])}
        for k in ("dates", "own_dates", "counts", "hedges", "speakers", "kinds", "types", "statuses", "actors"):
            if c[f"{k}_n"]:
                tables[t][k] = {"agree": share(c[f"{k}_ok"], c[f"{k}_n"]), "n": c[f"{k}_n"]}
        if c["actors_jaccard_x1000"]:
            tables[t]["actors"]["mean_jaccard"] = round(c["actors_jaccard_x1000"] / 10 / c["actors_n"], 1)
    dates = Counter()
    counts = Counter()
    for c in total.values():
        dates.update(ok=c["dates_ok"], n=c["dates_n"])
        counts.update(ok=c["counts_ok"], n=c["counts_n"])
    names, least = TARGETS["recall"]
    targets = {f"recall {t} >= {least:g}%": (tables[t]["recall"] or 0) >= least for t in names}
    targets[f"dates exact >= {TARGETS['dates']:g}% ({share(dates['ok'], dates['n'])}%)"] = \
        (share(dates["ok"], dates["n"]) or 0) >= TARGETS["dates"]
    targets[f"counts exact >= {TARGETS['counts']:g}% ({share(counts['ok'], counts['n'])}%)"] = \
        (share(counts["ok"], counts["n"]) or 0) >= TARGETS["counts"]
    return {"method": "leave-one-seed-out; covered = a draft of the same table cites >= 50% of a curated span",
            "seconds": round(time.perf_counter() - started, 2), "tables": tables,
            "dates_exact": share(dates["ok"], dates["n"]), "counts_exact": share(counts["ok"], counts["n"]),
            "targets": targets, "publication_proposals": published, "per_seed": per_seed}


def show(result: dict) -> None:
    """Print the table."""
    head = f"{'table':<12} {'curated':>7} {'drafts':>6} {'recall%':>7} {'1:1%':>5} {'prec%':>5}  agreement on pairs"
    print(head)
    print("-" * len(head))
    for t, r in result["tables"].items():
        agree = ", ".join(f"{k} {v['agree']}% of {v['n']}" + (f" (J {v['mean_jaccard']})" if "mean_jaccard" in v
                                                              else "")
                          for k, v in r.items() if isinstance(v, dict))
        print(f"{t:<12} {r['curated']:>7} {r['drafts']:>6} {r['recall'] or 0:>7} {r['one_to_one_recall'] or 0:>5} "
              f"{r['precision'] or 0:>5}  {agree}")
    print(f"\nresolved dates exact: {result['dates_exact']}%   counts exact: {result['counts_exact']}%   "
          f"({result['seconds']} s)")
    hits = sum(p["proposed"] == p["curated"] for p in result["publication_proposals"].values())
    print(f"add-source publication window = curated: {hits} of {len(result['publication_proposals'])} seeds")
    print("targets:")
    for name, ok in result["targets"].items():
        print(f"  {'met ' if ok else 'MISS'}  {name}")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "drafting.json")
    parser.add_argument("--write-readme", action="store_true",
                        help="rewrite the table between the drafting markers of README.md from this run")
    args = parser.parse_args()
    project = Project.find(HERE.parent)
    result = run(project)
    show(result)
    atomic_write(args.out, json.dumps(result, indent=2) + "\n")
    if args.write_readme:
        readme = project.root / "README.md"
        atomic_write(readme, with_readme_block(readme.read_text(encoding="utf-8"), result))


if __name__ == "__main__":
    main()
