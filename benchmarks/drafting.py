"""Benchmark of ``sahel-dataset draft``: the seeds left out in turn, the held-out dev and test articles.

Four sections, reported separately (see :mod:`sahel_dataset.curation.scores`):

- ``seeds``: for each seed, its citations are removed from ``data/`` (and the records left
  with none, except its ``sources`` row), the seed is drafted against the rest and the
  drafts compared with the curated records it held. The rules were written from these
  texts: an upper bound, not a forecast.
- ``dev``: the articles of ``benchmarks/heldout/dev/`` against their gold files; read while
  tuning the rules, so tuned-to as well.
- ``test``: the articles of ``benchmarks/heldout/test/``: blind for the drafter's first run,
  tuned to since (its first blind figures are in ``benchmarks/heldout/RUNS.md``).
- ``blind2``: the articles of ``benchmarks/heldout/blind2/``, added when the test set stopped
  being blind: blind for its first and only blind run (in ``RUNS.md``), tuned to since (branch
  ``drafter3``).
- ``blind3``: the articles of ``benchmarks/heldout/blind3/``, added when blind2 stopped being
  blind: blind for its first and only blind run (in ``RUNS.md``), tuned to since (branch
  ``drafter4``).
- ``blind4``: the articles of ``benchmarks/heldout/blind4/``, added when blind3 stopped being
  blind and never read while tuning (every run is logged in ``RUNS.md``). Issue 19's targets
  apply here. A set whose folder is absent is skipped (said on the output).

Held-out articles are drafted against the whole curated data, with the gold file's
``published`` date as the publication window (as ``add-source --published`` gives it).
Run from the repository root::

    python benchmarks/drafting.py                       # prints the tables, writes benchmarks/drafting.json
    python benchmarks/drafting.py --out other.json --sets blind3 blind2 test dev seeds   # while tuning
    python benchmarks/drafting.py --write-readme        # also rewrites README.md's table from the result
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sahel_dataset.core.atomic import atomic_write
from sahel_dataset.curation.draft import draft, load_known
from sahel_dataset.curation.evaluate import compare, leave_out
from sahel_dataset.curation.heldout import articles, duplicates, score, speakers
from sahel_dataset.curation.scores import section, with_readme_block
from sahel_dataset.pipeline.seeds import load_seeds
from sahel_dataset.project import Project

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout"
NOTE = "blind3's only blind run: recall 73.7%, precision 76.1%, dates 67.8% of 59 (RUNS.md)."
"""Said beside the held-out figure in the README (for example when the drafter changed after a blind run)."""


def seeds_section(project: Project) -> dict:
    """Every seed left out in turn and drafted against the rest."""
    known = load_known(project.data)
    results = []
    for seed, text in sorted(load_seeds(project.seeds).items()):
        kept, held = leave_out(known, seed)
        out = draft(seed, text, kept)
        results.append((compare(held, out, seed, text), speakers(held.get("quotes", []), out["quotes"], seed, text),
                        duplicates(kept, out)))
    return section("seeds, leave-one-seed-out", True, results)


def heldout_section(project: Project, name: str, label: str, tuned: bool) -> dict | None:
    """The articles of ``benchmarks/heldout/<name>/`` drafted against the whole curated data (None: no set)."""
    found = articles(HELDOUT / name)
    if not found:
        return None
    known = load_known(project.data)
    return section(label, tuned, [score(a, known) for a in found])


HELD_OUT = {"blind4": ("held-out blind4 (blind)", False), "blind3": ("held-out blind3 (blind once)", True),
            "blind2": ("held-out blind2 (blind once)", True), "test": ("held-out test (blind once)", True),
            "dev": ("held-out dev", True)}
"""Each held-out set: its label in the report and README, and whether it was tuned to (only the blind set not)."""
SETS = (*HELD_OUT, "seeds")


def run(project: Project, sets: tuple[str, ...] = SETS) -> dict:
    """The sections of ``sets``, timed (a held-out set whose folder is absent gives no section)."""
    started = time.perf_counter()
    sections = {name: heldout_section(project, name, *HELD_OUT[name]) if name in sets else None
                for name in HELD_OUT}
    sections["seeds"] = seeds_section(project) if "seeds" in sets else None
    return {"method": "covered = a draft of the same table cites >= 50% of a gold span; recall and precision "
                      "summed over events, deployments, quotes, figures and agreements",
            "seconds": round(time.perf_counter() - started, 2), "note": NOTE,
            "sections": {k: v for k, v in sections.items() if v}}


def show(result: dict, asked: tuple[str, ...] = ()) -> None:
    """Print each section: its headline figures, then its tables (and the asked sets that had none)."""
    for name in asked:
        if name not in result["sections"]:
            print(f"\n== {name}: no articles under benchmarks/heldout/{name}/ (skipped)")
    for s in result["sections"].values():
        print(f"\n== {s['label']} ({s['texts']} texts{', tuned to' if s['tuned'] else ''}): recall {s['recall']}%, "
              f"precision {s['precision']}%, dates {s['dates']}% of {s['dates_n']}, speakers {s['speakers']}% of "
              f"{s['speakers_n']}, duplicates {s['duplicate_actors']} actors {s['duplicate_locations']} places")
        for t, r in s["tables"].items():
            agree = ", ".join(f"{k} {v['agree']}% of {v['n']}" for k, v in r.items() if isinstance(v, dict))
            print(f"  {t:<12} {r['curated']:>4} gold {r['drafts']:>4} drafts  recall {r['recall']}%  "
                  f"precision {r['precision']}%  {agree}")
        for d in s["duplicates"]:
            print(f"  duplicate: {d}")
        print("  targets: " + ", ".join(f"{k} {'met' if ok else 'MISSED'}" for k, ok in s["targets"].items()))
    print(f"\n({result['seconds']} s)")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "drafting.json")
    parser.add_argument("--write-readme", action="store_true",
                        help="rewrite the table between the drafting markers of README.md from this run")
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS),
                        help="the sets to run (while tuning: blind3 blind2 test dev seeds; blind4 for the blind run)")
    args = parser.parse_args()
    if args.write_readme and set(args.sets) != set(SETS):
        parser.error("--write-readme needs every set")
    project = Project.find(HERE.parent)
    result = run(project, tuple(args.sets))
    show(result, tuple(args.sets))
    missing = [s for s in SETS if s not in result["sections"]]
    if args.write_readme and missing:  # the README's first row is the blind set's: never another in its place
        parser.error(f"--write-readme needs every set; none under benchmarks/heldout/ for: {', '.join(missing)}")
    atomic_write(args.out, json.dumps(result, indent=2) + "\n")
    if args.write_readme:
        readme = project.root / "README.md"
        atomic_write(readme, with_readme_block(readme.read_text(encoding="utf-8"), result))


if __name__ == "__main__":
    main()
