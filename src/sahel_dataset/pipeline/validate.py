"""Validate curated data or a built Data Package, every layer, every problem at once.

On a project (``data/`` + ``seeds/``) it runs the build's checks without writing:
seeds against their manifest, pydantic on each record, evidence resolution, every
table's schema rules, foreign keys across tables, and the data rules.

On a built package (a folder with ``datapackage.json``) it checks:

1. integrity: each resource's file exists inside the folder and matches its
   declared ``hash`` (sha256) and its size, measured from the file: against
   ``bytes`` where declared, and for Parquet (which declares none: frictionless 5.21
   cannot count Parquet bytes) against the file's own footer. frictionless does not
   hash Parquet either, so this check is ours, for every file;
2. tables: each Parquet file has the schema's columns and passes every rule of its
   schema (pyarrow :mod:`~sahel_dataset.backends.fastcheck`; pandera with ``full``);
   foreign keys hold across tables;
3. provenance: each seed matches the SHA-256 in ``sources`` (and the seed of that
   name this package ships), and every evidence span's ``text`` is exactly
   ``seed[start:end]``;
4. csv: each table's CSV copy holds exactly its Parquet's rows;
5. rules (``schema/v1/rules/policies.json``);
6. with ``full`` only, frictionless: the real ``frictionless`` validation of the
   descriptor and of every resource (Parquet and CSV tables, ``croissant.json``,
   ``annotations.jsonld``, ``places.geojson``), as ``frictionless validate
   datapackage.json`` runs it.

The default is the fast path (pyarrow only: no pandera or frictionless imported);
``full`` (``validate --full``, ``release``, the tests and CI) runs pandera in place
of the pyarrow table checks, and frictionless. No check runs twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core import schema
from ..core.errors import DataError, Problem, UsageError, shown
from ..core.integrity import integrity_problems
from ..project import Project
from .package_checks import csv_problems, frictionless_problems, provenance_problems

FAST_TABLES = "tables (pyarrow)"
FULL_TABLES = "tables (pandera)"

PACKAGE_LAYERS = {
    "integrity": "integrity (sha256, bytes)",
    "package": "package files and descriptor",
    "table": FAST_TABLES,
    "foreign_key": "foreign keys",
    "provenance": "provenance spans and seed hashes",
    "csv": "CSV copies equal their Parquet",
    "frictionless": "frictionless (descriptor, every resource)",
    "rules": "rules (schema/v1/rules/policies.json)",
}
"""The layers of a package validation, by the ``check`` their problems carry (the
``table`` label says which engine ran: :func:`layers_for`)."""

PROJECT_LAYERS = {
    "seeds": "seeds against manifest",
    "yaml": "YAML files (safe loader, UTF-8, no duplicate keys)",
    "record": "pydantic records",
    "evidence": "evidence spans",
    "table": FAST_TABLES,
    "foreign_key": "foreign keys",
    "rules": "rules (schema/v1/rules/policies.json)",
}
"""The layers of a project validation, by the ``check`` their problems carry."""


def layers_for(layers: dict[str, str], full: bool) -> dict[str, str]:
    """``layers`` with the table layer named after the engine that checks it.

    >>> layers_for(PACKAGE_LAYERS, full=True)["table"]
    'tables (pandera)'
    """
    return {**layers, "table": FULL_TABLES if full else FAST_TABLES}


def layer_summary(layers: dict[str, str], problems: list[Problem], ran: set[str]) -> list[dict[str, Any]]:
    """One row per layer: its name, whether it ran, and how many problems it found.

    >>> rows = layer_summary({"a": "A", "b": "B"}, [Problem("x", check="a")], {"a"})
    >>> [(r["layer"], r["status"], r["problems"]) for r in rows]
    [('A', 'failed', 1), ('B', 'not run', 0)]
    """
    rows = []
    for check, label in layers.items():
        n = sum(p.check == check for p in problems)
        status = "failed" if n else ("ok" if check in ran else "not run")
        rows.append({"layer": label, "check": check, "status": status, "problems": n})
    return rows


class ValidationFailed(DataError):
    """A :class:`DataError` that also carries the per-layer summary."""

    def __init__(self, problems: list[Problem], layers: list[dict[str, Any]]) -> None:
        super().__init__(problems)
        self.layers = layers


def validate_package(folder: Path, full: bool = False, run_frictionless: bool = True,
                     tables: bool = True) -> dict[str, Any]:
    """Validate a built Data Package folder; raise :class:`DataError` with every problem.

    ``full`` checks the tables with pandera instead of pyarrow and runs frictionless
    (unless ``run_frictionless`` is false). ``tables=False`` leaves out the layers an
    in-memory check of the same tables already ran (tables, foreign keys, rules): the
    release validates the tables once, before writing them.

    >>> from sahel_dataset.load import PACKAGE_DIR
    >>> [(r["check"], r["status"]) for r in validate_package(PACKAGE_DIR)["layers"]][-2:]
    [('frictionless', 'not run'), ('rules', 'ok')]
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..core.descriptor import read_descriptor

    desc_path = folder / "datapackage.json"
    if not desc_path.is_file():
        raise UsageError(f"no datapackage.json in {folder}")
    desc = read_descriptor(desc_path)
    problems = integrity_problems(folder, desc)
    ran = {"integrity", "package"} | ({"table"} if tables else set())
    arrow = {}
    for t in schema.tables():
        path = folder / "parquet" / f"{t.name}.parquet"
        if not path.is_file():
            problems.append(Problem("table is missing", file=str(path), table=t.name, check="package"))
            continue
        try:
            data = pq.ParquetFile(path).read()
        except (OSError, ValueError, pa.ArrowException) as e:  # a damaged file is a problem, not a crash
            problems.append(Problem(f"not a readable Parquet file: {shown(str(e))}", file=str(path),
                                    table=t.name, check="package"))
            continue
        if data.column_names != t.names:
            problems.append(Problem(f"columns {data.column_names} differ from the schema's {t.names}",
                                    file=str(path), table=t.name, check="table"))
            continue
        arrow[t.name] = data
        if tables:
            problems.extend(_table_problems(t, data, path, full))
    if len(arrow) == len(schema.table_names()):
        ran |= {"provenance", "csv"}
        problems.extend(provenance_problems(arrow, folder / "seeds"))
        problems.extend(csv_problems(folder, arrow))
        if tables:
            from .checks import foreign_key_problems

            ran.add("foreign_key")
            problems.extend(foreign_key_problems(arrow))
        if tables and not problems:  # the rules assume valid tables
            from .rules import rule_problems

            ran.add("rules")
            problems.extend(rule_problems(arrow))
    if full and run_frictionless and not any(p.field == "path" for p in problems):
        # Never with a bad path: frictionless would follow a URL (a download) or a path array.
        ran.add("frictionless")
        problems.extend(frictionless_problems(desc_path))
    layers = layer_summary(layers_for(PACKAGE_LAYERS, full), problems, ran)
    if problems:
        raise ValidationFailed(problems, layers)
    return {"kind": "package", "path": str(folder), "layers": layers,
            "checks": [r["layer"] for r in layers if r["status"] == "ok"],
            "rows": {name: data.num_rows for name, data in arrow.items()}}


def _table_problems(t: schema.Table, data: Any, path: Path, full: bool) -> list[Problem]:
    """One table's problems: pyarrow's, or pandera's with ``full``."""
    from .checks import fast_table_problems, table_problems

    if not full:
        return fast_table_problems(t, data, {})
    from ..core.dtypes import convert

    try:
        frame = convert(data, t)
    except ValueError as e:
        return [Problem(str(e), file=str(path), table=t.name, check="table")]
    return table_problems(t, frame, {})


def validate_project(project: Project, full: bool = False) -> dict[str, Any]:
    """Validate curated data: every check of the build, nothing written (``full``:
    the tables with pandera, see :func:`~.assemble.assemble`).

    Layers run in order; when the seeds fail, the records are still checked with
    pydantic (they do not need the seeds), so one run reports both. Tables and
    foreign keys need every record to be valid, and are "not run" otherwise.

    >>> validate_project(Project.find())["kind"]  # doctest: +SKIP
    'project'
    """
    from .assemble import assemble
    from .read import read_curated

    labels = layers_for(PROJECT_LAYERS, full)
    try:
        ds = assemble(project, full=full)
    except DataError as e:
        problems = list(e.problems)
        ran = {"seeds"}
        if any(p.check == "seeds" for p in problems):
            # assemble stopped at the seeds: check the records on their own.
            more: list[Problem] = []
            read_curated(project, more)
            problems.extend(more)
            ran |= {"yaml", "record"}
        else:
            ran |= {"yaml", "record", "evidence"}
            if not any(p.check in ("yaml", "record") for p in problems) and any(
                    p.check in ("table", "foreign_key", "rules") for p in problems):
                ran |= {"table", "foreign_key"} | ({"rules"} if any(p.check == "rules" for p in problems) else set())
        raise ValidationFailed(problems, layer_summary(labels, problems, ran)) from None
    layers = layer_summary(labels, [], set(labels))
    return {
        "kind": "project", "path": str(project.root), "layers": layers,
        "checks": [r["layer"] for r in layers],
        "rows": {name: t.num_rows for name, t in ds.tables.items()},
    }


def validate_path(path: Path | None = None, full: bool = False) -> dict[str, Any]:
    """Validate exactly what ``path`` is: a built package (its folder or its
    ``datapackage.json``) or a project folder; without ``path``, the project at or
    above the current folder. ``full`` adds pandera and frictionless (``validate --full``).

    Raises :class:`~sahel_dataset.core.errors.UsageError` for a path that is none of
    these, even one inside a project: it never falls back to an enclosing folder.

    >>> validate_path(Path("CHANGELOG.md"))
    Traceback (most recent call last):
    ...
    sahel_dataset.core.errors.UsageError: CHANGELOG.md is a file, not a datapackage.json: ...
    """
    if path is None:
        return validate_project(Project.find(), full)
    if not path.exists():
        raise UsageError(f"{path} does not exist")
    if path.is_file():
        if path.name == "datapackage.json":
            return validate_package(path.parent, full)
        raise UsageError(f"{path} is a file, not a datapackage.json: give a built package folder, "
                         "its datapackage.json, or a project folder")
    if (path / "datapackage.json").is_file():
        return validate_package(path, full)
    if Project.is_root(path):
        return validate_project(Project(path.resolve()), full)
    raise UsageError(f"{path} is neither a built package (no datapackage.json) nor a project "
                     "(no data/ and seeds/manifest.csv)")
