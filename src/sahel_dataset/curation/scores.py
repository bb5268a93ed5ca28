"""The drafting benchmark's figures: one section per set of texts, its targets, the README table.

A section sums the per-article tallies of :func:`sahel_dataset.curation.evaluate.compare`
over a set of texts: the seeds left out one at a time (the text the rules were written
from), the held-out dev articles (read while tuning), the held-out test articles (blind
for their first run), the second and third held-out sets ``blind2`` and ``blind3`` (each blind for its first
run, tuned to since) and the fourth, ``blind4`` (blind). Its headline figures
are summed over the fact tables
(:data:`sahel_dataset.curation.heldout.FACTS`): **recall** (gold records a draft covers),
**precision** (drafts that cover a gold record), **dates** (exact start and end on the
one-to-one pairs of events and deployments), **speakers** (quotes) and **duplicates**
(new actors or places proposed that a known record already holds).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .evaluate import MEASURED, share
from .heldout import FACTS

TARGETS = {"recall": 70.0, "precision": 70.0, "dates": 80.0, "duplicate_actors": 0}
"""Issue 19's targets on the held-out blind set (the least share, or the most duplicate actors)."""

_DETAIL = ("dates", "own_dates", "counts", "hedges", "speakers", "kinds", "types", "statuses", "actors")


def section(label: str, tuned: bool, results: list[tuple[dict[str, Counter], Counter, list[str]]]) -> dict[str, Any]:
    """One section of the report from per-text ``(tallies, speakers, duplicates)``.

    >>> t = {"events": Counter(curated=4, covered=3, drafts=5, matching=4, pairs=3, dates_n=2, dates_ok=2)}
    >>> s = section("dev", True, [(t, Counter(n=1, ok=1), [])])
    >>> s["recall"], s["precision"], s["dates"], s["speakers"], s["targets"]["recall >= 70%"]
    (75.0, 80.0, 100.0, 100.0, True)
    """
    total: dict[str, Counter] = {t: Counter() for t in MEASURED}
    spoken: Counter = Counter()
    dups: list[str] = []
    for tallies, spk, dup in results:
        for t, c in tallies.items():
            total[t].update(c)
        spoken.update(spk)
        dups += dup
    tables: dict[str, Any] = {}
    for t, c in total.items():
        tables[t] = {"curated": c["curated"], "drafts": c["drafts"], "recall": share(c["covered"], c["curated"]),
                     "precision": share(c["matching"], c["drafts"])}
        for k in _DETAIL:
            if c[f"{k}_n"]:
                tables[t][k] = {"agree": share(c[f"{k}_ok"], c[f"{k}_n"]), "n": c[f"{k}_n"]}
    facts = Counter()
    for t in FACTS:
        facts.update({k: total[t][k] for k in ("curated", "covered", "drafts", "matching", "dates_n", "dates_ok")})
    out: dict[str, Any] = {
        "label": label, "tuned": tuned, "texts": len(results),
        "recall": share(facts["covered"], facts["curated"]), "precision": share(facts["matching"], facts["drafts"]),
        "dates": share(facts["dates_ok"], facts["dates_n"]), "dates_n": facts["dates_n"],
        "speakers": share(spoken["ok"], spoken["n"]), "speakers_n": spoken["n"],
        "duplicate_actors": sum(d.startswith("actors ") for d in dups),
        "duplicate_locations": sum(d.startswith("locations ") for d in dups), "duplicates": dups,
        "tables": tables}
    out["targets"] = targets(out)
    return out


def targets(s: dict[str, Any]) -> dict[str, bool]:
    """Each of :data:`TARGETS` met (True) or missed by a section.

    >>> targets({"recall": 71.0, "precision": 50.0, "dates": None, "duplicate_actors": 0})
    {'recall >= 70%': True, 'precision >= 70%': False, 'dates >= 80%': False, 'duplicate actors = 0': True}
    """
    out = {f"{k} >= {TARGETS[k]:g}%": (s[k] or 0) >= TARGETS[k] for k in ("recall", "precision", "dates")}
    out[f"duplicate actors = {TARGETS['duplicate_actors']}"] = s["duplicate_actors"] <= TARGETS["duplicate_actors"]
    return out


README_START, README_END = "<!-- drafting:start -->", "<!-- drafting:end -->"
"""The markers around the benchmark table in README.md, which :func:`readme_block` fills."""
ORDER = ("blind4", "blind3", "blind2", "test", "dev", "seeds")
"""The README's row order: the held-out (blind) row first, then the sets tuned to, newest first."""
HELD = ("blind4", "blind3", "blind2", "test")
"""The held-out sets the targets are read on: the first one present (the blind one, once it is there)."""


def _pct(v: float | None, n: int | None = None) -> str:
    return "-" if v is None else f"{v}%" + (f" of {n}" if n is not None else "")


def readme_block(result: dict[str, Any]) -> str:
    """The README's benchmark table (between the markers) from a ``benchmarks/drafting.json`` result.

    >>> s = {"label": "held-out test (blind)", "tuned": False, "texts": 8, "recall": 72.0, "precision": 70.0,
    ...      "dates": 80.0, "dates_n": 10, "speakers": 90.0, "speakers_n": 10, "duplicate_actors": 0,
    ...      "duplicate_locations": 0, "targets": {"recall >= 70%": True}}
    >>> print(readme_block({"sections": {"test": s}}))  # doctest: +NORMALIZE_WHITESPACE
    <!-- drafting:start -->
    | texts | tuned to? | n | recall | precision | dates right | speakers right | duplicate actors / places |
    | --- | --- | --- | --- | --- | --- | --- | --- |
    | held-out test (blind) | no | 8 | 72.0% | 70.0% | 80.0% of 10 | 90.0% of 10 | 0 / 0 |
    <BLANKLINE>
    Targets on the held-out test (blind): recall >= 70% met.
    <!-- drafting:end -->
    """
    rows = ["| texts | tuned to? | n | recall | precision | dates right | speakers right | duplicate actors / places |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    sections = result.get("sections", {})
    for key in ORDER:
        s = sections.get(key)
        if not s:
            continue
        rows.append(f"| {s['label']} | {'yes' if s['tuned'] else 'no'} | {s['texts']} | {_pct(s['recall'])} | "
                    f"{_pct(s['precision'])} | {_pct(s['dates'], s['dates_n'])} | "
                    f"{_pct(s['speakers'], s['speakers_n'])} | "
                    f"{s['duplicate_actors']} / {s['duplicate_locations']} |")
    held = next((sections[k] for k in HELD if sections.get(k)), None)
    if held:
        said = ", ".join(f"{k} {'met' if ok else 'missed'}" for k, ok in held["targets"].items())
        tail = f"Targets on the {held['label']}: {said}."
        if result.get("note"):
            tail += f" {result['note']}"
    else:
        tail = "No held-out set yet (benchmarks/heldout/): targets not measured."
    return "\n".join([README_START, *rows, "", tail, README_END])


def with_readme_block(readme: str, result: dict[str, Any]) -> str:
    """``readme`` text with the block between the markers replaced by :func:`readme_block` of ``result``.

    >>> with_readme_block("a\\n<!-- drafting:start -->\\nold\\n<!-- drafting:end -->\\nb", {}).splitlines()[-2:]
    ['<!-- drafting:end -->', 'b']
    """
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"README has no {README_START} ... {README_END} block to fill")
    return readme[:start] + readme_block(result) + readme[end + len(README_END):]
