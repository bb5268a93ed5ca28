"""Assemble the dataset in memory: validated records -> resolved evidence -> typed, checked tables.

:func:`assemble` reads the seeds and every curated file (:mod:`.read`), resolves
each citation to a verified span of its seed (:mod:`.evidence`), expands nested
lists into link-table rows, fills the computed fields, and runs every table check
(:mod:`.checks`). It writes nothing: :mod:`.write` does.

Three names are easy to confuse; each is one thing:

- :class:`~sahel_dataset.project.Project`: *where* a checkout's ``data/``, ``seeds/`` and ``schema/`` are;
- :class:`AssembledDataset` (here): the validated tables in memory, as :func:`assemble` returns them;
- :class:`~sahel_dataset.curation.workspace.Workspace`: the same tables as plain row dicts
  for the curation tools, from a project or from a built package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa_arrow

from ..core import schema
from ..core.dtypes import arrow_schema, convert
from ..core.errors import DataError, Problem, shown
from ..core.hashing import sha256_bytes
from ..project import Project
from ..utils.arrow import column
from .checks import (
    Origin,
    evidence_coverage_problems,
    fast_table_problems,
    foreign_key_problems,
    locate_problems,
    table_problems,
)
from .evidence import CitationError, meaning_problem, resolve
from .read import EXCLUSIONS, Record, load_exclusions, read_curated, read_metadata
from .rules import rule_problems
from .seeds import load_seeds

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class AssembledDataset:
    """The validated dataset in memory, as :func:`assemble` returns it: one Arrow table per
    schema table, the seeds' texts by file name, and the package metadata of
    ``data/datapackage.yaml``. :func:`~sahel_dataset.pipeline.write.write` writes it to disk."""

    tables: dict[str, pa_arrow.Table]
    seeds: dict[str, str]
    metadata: dict[str, Any]

    def frame(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a pandas DataFrame with its declared dtypes."""
        return convert(self.tables[name], schema.table(name), "pandas")


Excluded = dict[str, list[tuple[int, int, str]]]
"""The passages of ``data/exclusions.yaml`` by seed: (start, end, reason)."""


def _cite(t: schema.Table, rec: Record, obj: Any, seeds: dict[str, str], source_of: dict[str, str],
          problems: list[Problem], excluded: Excluded | None = None) -> list[dict[str, Any]]:
    """Resolve a record's citations to evidence rows; refuse a citation written twice
    and a span that proves nothing (:func:`~.evidence.meaning_problem`)."""
    rid = getattr(obj, t.id_field)
    rows = []
    first: dict[tuple[Any, ...], int] = {}
    for n, c in enumerate(getattr(obj, "evidence", []), 1):
        loc = ("evidence", n - 1, "quote")
        where = dict(file=rec.file, record_id=rid, table=t.name, check="evidence")
        key = (c.seed, c.quote, c.occurrence, c.field)
        if key in first:
            problems.append(Problem(f"the same citation as evidence[{first[key]}]: remove the repeat",
                                    line=rec.line_at(("evidence", n - 1)), field=f"evidence[{n - 1}]", **where))
            continue
        first[key] = n - 1
        if c.seed not in seeds:
            problems.append(Problem(f"seed {shown(c.seed)} is not in seeds/manifest.csv",
                                    line=rec.line_at(("evidence", n - 1, "seed")),
                                    field=f"evidence[{n - 1}].seed", **where))
            continue
        if c.seed not in source_of:
            problems.append(Problem(f"seed {shown(c.seed)} has no row in data/sources.yaml",
                                    line=rec.line_at(("evidence", n - 1, "seed")),
                                    field=f"evidence[{n - 1}].seed", **where))
            continue
        try:
            start, end = resolve(seeds[c.seed], c.quote, c.occurrence)
        except CitationError as e:
            problems.append(Problem(f"{e} (seed {c.seed})", line=rec.line_at(loc),
                                    field=f"evidence[{n - 1}].quote", **where))
            continue
        why = meaning_problem(seeds[c.seed], start, end, (excluded or {}).get(c.seed, []), c.field)
        if why:
            problems.append(Problem(f"quote {why} (seed {c.seed})", line=rec.line_at(loc),
                                    field=f"evidence[{n - 1}].quote", **where))
            continue
        rows.append({
            "evidence_id": f"ev-{rid}-{n}", "record_table": t.name, "record_id": rid,
            "source_id": source_of[c.seed], "start": start, "end": end,
            "text": seeds[c.seed][start:end], "field": c.field,
        })
    return rows


def _check_seed_hash(rec: Record, obj: Any, seeds: dict[str, str], problems: list[Problem]) -> None:
    """The sha256 a curator wrote for a seed must be the seed's: a seed rewritten together
    with its manifest row and its quotes is caught here."""
    if obj.file not in seeds:
        return  # reported by _rows: a seed without a row, or a row without a seed
    actual = sha256_bytes(seeds[obj.file].encode("utf-8"))
    if obj.sha256 != actual:
        problems.append(Problem(
            f"seed {obj.file} has sha256 {actual}, not the {obj.sha256} recorded here; seeds must never be "
            "edited", file=rec.file, line=rec.line_at(("sha256",)), record_id=obj.source_id, field="sha256",
            table="sources", check="record"))


def _computed(t: schema.Table, row: dict[str, Any], evidence: list[dict[str, Any]],
              seeds: dict[str, str], project: Project) -> None:
    """Fill the fields the build computes (``x-computed`` in the schema)."""
    if t.name == "sources":
        text = seeds.get(row["file"], "")
        # load_seeds has read every listed seed and checked it against the manifest.
        row.update(bytes=len(text.encode("utf-8")), characters=len(text))
    elif t.name == "quotes" and evidence:
        row.update(text=evidence[0]["text"], source_id=evidence[0]["source_id"])


def _excluded(project: Project, seeds: dict[str, str], problems: list[Problem]) -> Excluded:
    """The resolved passages of ``data/exclusions.yaml`` (its problems join ``problems``)."""
    try:
        found = load_exclusions(project.data / EXCLUSIONS, seeds)
    except DataError as e:
        problems.extend(e.problems)
        return {}
    out: Excluded = {}
    for x in found:
        out.setdefault(x.seed, []).append((x.start, x.end, x.reason))
    return out


def _rows(project: Project, seeds: dict[str, str],
          problems: list[Problem]) -> tuple[dict[str, list[dict[str, Any]]], Origin]:
    """Curated records expanded into rows of every table, and where each record was written."""
    curated = read_curated(project, problems)
    excluded = _excluded(project, seeds, problems)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.table_names()}
    origin: Origin = {}
    source_of = {obj.file: obj.source_id for _, obj in curated.get("sources", [])}
    for name, items in curated.items():
        t = schema.table(name)
        child_keys = {c.key for c in t.children}
        for rec, obj in items:
            rid = getattr(obj, t.id_field)
            origin[(name, rid)] = rec
            if name == "sources":
                _check_seed_hash(rec, obj, seeds, problems)
            evidence = _cite(t, rec, obj, seeds, source_of, problems, excluded)
            rows["evidence"].extend(evidence)
            row = obj.model_dump(exclude={"evidence", *child_keys})
            _computed(t, row, evidence, seeds, project)
            rows[name].append(row)
            for child in t.children:
                for item in getattr(obj, child.key):
                    values = {child.scalar: item} if child.scalar else item.model_dump()
                    rows[child.table].append({child.parent_field: rid, **values})
    if "sources" in curated:
        listed = {obj.file for _, obj in curated["sources"]}
        for missing in sorted(seeds.keys() - listed):
            problems.append(Problem(f"seed {missing} has no row", file="data/sources.yaml",
                                    table="sources", field="file", check="record"))
    return rows, origin


def _to_arrow(t: schema.Table, rows: list[dict[str, Any]]) -> pa_arrow.Table:
    """Rows to an Arrow table with the declared schema, sorted by primary key."""
    key = list(t.primary_key)
    ordered = sorted(rows, key=lambda r: tuple(r[k] for k in key))
    # Column by column from text (utils.arrow.column), not Table.from_pylist: its pandas
    # probe would import pandas, which a build does not otherwise need.
    types = arrow_schema(t)
    return pa_arrow.Table.from_arrays([column([r.get(f.name) for r in ordered], f.type) for f in types],
                                      schema=types)


def assemble(project: Project, full: bool = False) -> AssembledDataset:
    """Read, resolve and validate everything; raise :class:`DataError` listing every problem.

    The tables are checked by :func:`~.checks.fast_table_problems` (pyarrow); with
    ``full``, by pandera (:func:`~.checks.table_problems`) instead, as ``validate --full``
    and ``release`` ask. Both enforce the same rules of the same schema.

    >>> ds = assemble(Project.find())  # doctest: +SKIP
    >>> ds.frame("events")["event_id"].is_unique  # doctest: +SKIP
    True
    """
    seeds = load_seeds(project.seeds)
    metadata = read_metadata(project)
    problems: list[Problem] = []
    rows, origin = _rows(project, seeds, problems)
    if problems:
        raise DataError(problems)
    problems.extend(evidence_coverage_problems(rows))
    arrow = {t.name: _to_arrow(t, rows[t.name]) for t in schema.tables()}
    for t in schema.tables():
        if full:
            problems.extend(table_problems(t, convert(arrow[t.name], t), origin))
        else:
            problems.extend(fast_table_problems(t, arrow[t.name], origin))
    problems.extend(locate_problems(foreign_key_problems(arrow), origin))
    if problems:
        raise DataError(problems)
    problems.extend(locate_problems(rule_problems(arrow), origin))  # rules assume valid tables: run them last
    if problems:
        raise DataError(problems)
    return AssembledDataset(arrow, seeds, metadata)
