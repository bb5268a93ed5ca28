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

import csv
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import DataError, Problem, UsageError, shown
from ..project import Project
from ..utils.hashing import sha256_bytes


def _inside(folder: Path, rel: str) -> Path | None:
    path = (folder / rel).resolve()
    return path if path.is_relative_to(folder.resolve()) else None


def integrity_problems(folder: Path, desc: dict[str, Any]) -> list[Problem]:
    """Resources whose file is missing, outside the folder, or differs from its hash or bytes."""
    problems = []
    for res in desc.get("resources", []):
        if not isinstance(res, dict):
            problems.append(Problem(f"a resource must be a mapping (got {shown(res, 60)})",
                                    file=f"{folder / 'datapackage.json'}", field="resources", check="package"))
            continue
        where = dict(file=f"{folder / 'datapackage.json'}", record_id=str(res.get("name"))[:80], check="integrity")
        raw_path = res.get("path", "")
        if not isinstance(raw_path, str):
            problems.append(Problem(f"path must be one relative file path (got {shown(raw_path, 80)}; a Data "
                                    "Package v2 multipart path array is not used by this dataset)", field="path",
                                    **where))
            continue
        if "://" in raw_path or raw_path.startswith(("/", "\\")) or ":" in raw_path.split("/")[0]:
            problems.append(Problem(f"path {shown(raw_path, 80)} is a URL or an absolute path: every resource "
                                    "must be a file inside the package folder (nothing is downloaded)",
                                    field="path", **where))
            continue
        path = _inside(folder, raw_path)
        if path is None:
            problems.append(Problem(f"path {shown(res.get('path'))} leaves the package folder", field="path", **where))
            continue
        if not path.is_file():
            problems.append(Problem(f"file {res.get('path')} is missing", field="path", **where))
            continue
        data = path.read_bytes()
        algo, _, declared = str(res.get("hash", "")).partition(":")
        if algo != "sha256" or sha256_bytes(data) != declared:
            problems.append(Problem(f"sha256 of {res['path']} differs from the declared hash", field="hash", **where))
        size = size_problem(res, data)
        if size:
            problems.append(Problem(size, field="bytes", **where))
    return problems


def known_seeds() -> dict[str, str]:
    """The sha256 of every seed the installed package ships, by file name (the anchor a
    package's own tables cannot move: a seed rewritten together with its hashes, its
    sources row and its spans still differs from this)."""
    import pyarrow.parquet as pq

    from ..load import PACKAGE_DIR

    path = PACKAGE_DIR / "parquet" / "sources.parquet"
    try:
        rows = pq.ParquetFile(path).read(columns=["file", "sha256"]).to_pylist()
    except (OSError, ValueError, KeyError):
        return {}
    return {r["file"]: r["sha256"] for r in rows}


PARQUET_MAGIC = b"PAR1"


def size_problem(res: dict[str, Any], data: bytes) -> str | None:
    """What is wrong with the size of a resource's file ``data``, measured from the file itself.

    Against the declared ``bytes`` when there is one (every resource but Parquet must
    declare it); a Parquet resource declares none (see
    :func:`~sahel_dataset.pipeline.write.descriptor`), so its size is checked against
    its own layout: ``PAR1`` at both ends and a footer length that fits in the file.
    The ``hash`` pins the exact bytes in either case.

    >>> size_problem({"path": "a.csv", "bytes": 3}, b"abc") is None
    True
    >>> size_problem({"path": "a.csv", "bytes": 4}, b"abc")
    'a.csv has 3 bytes, 4 declared'
    >>> size_problem({"path": "t.parquet", "format": "parquet"}, b"PAR1" + b"x" * 9)
    't.parquet is not a whole Parquet file (13 bytes: no PAR1 footer)'
    """
    if "bytes" in res:
        return None if res["bytes"] == len(data) else f"{res['path']} has {len(data)} bytes, {res['bytes']} declared"
    if res.get("format") != "parquet":
        return f"{res['path']}: no bytes declared"
    if len(data) < 12 or not data.startswith(PARQUET_MAGIC) or not data.endswith(PARQUET_MAGIC):
        return f"{res['path']} is not a whole Parquet file ({len(data)} bytes: no PAR1 footer)"
    footer = int.from_bytes(data[-8:-4], "little")
    if footer > len(data) - 12:
        return f"{res['path']} is not a whole Parquet file ({len(data)} bytes, footer of {footer} declared)"
    return None


def provenance_problems(tables: dict[str, Any], seed_dir: Path) -> list[Problem]:
    """Seeds that differ from ``sources.sha256`` or from the seeds this package ships, and
    spans that differ from their seed (Arrow tables by name; no Python work per span)."""
    from ..backends.fastcheck import provenance_mismatches

    problems = []
    known = known_seeds()
    seeds: dict[str, str] = {}
    for row in tables["sources"].select(["source_id", "file", "sha256"]).to_pylist():
        path = seed_dir / row["file"]
        where = dict(file=str(path), record_id=row["source_id"], check="provenance")
        if not path.is_file():
            problems.append(Problem(f"seed {row['file']} is missing", **where))
            continue
        if path.is_symlink() or not path.resolve().is_relative_to(seed_dir.resolve()):
            problems.append(Problem("seed is a symbolic link or resolves outside seeds/", **where))
            continue
        data = path.read_bytes()
        digest = sha256_bytes(data)
        if digest != row["sha256"]:
            problems.append(Problem("seed differs from sources.sha256", field="sha256", **where))
            continue
        if known.get(row["file"], digest) != digest:
            problems.append(Problem(
                f"seed differs from the seed {row['file']} this sahel-dataset ships (sha256 {known[row['file']]}); "
                "seeds are never edited, so this package's seed and its sources table were rewritten",
                field="sha256", **where))
            continue
        seeds[row["source_id"]] = data.decode("utf-8")
    ev = tables["evidence"]
    for i in provenance_mismatches(ev, seeds).tolist():
        problems.append(Problem("text is not seed[start:end]", table="evidence",
                                record_id=ev["evidence_id"][i].as_py(), field="text", check="provenance"))
    return problems


def csv_problems(folder: Path, arrow: dict[str, Any]) -> list[Problem]:
    """Each table's CSV must hold exactly its Parquet's rows, value for value, as the
    writer renders them (a CSV edited after the build, even with its hash recomputed
    in ``datapackage.json``, differs here; the Parquet's evidence spans are checked
    against the seeds by :func:`provenance_problems`)."""
    from .write import csv_row

    problems = []
    for name, data in arrow.items():
        path = folder / "csv" / f"{name}.csv"
        where = dict(file=str(path), table=name, check="csv")
        try:
            with path.open(encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f, strict=True))
        except FileNotFoundError:
            problems.append(Problem("CSV copy is missing", **where))
            continue
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            problems.append(Problem(f"CSV cannot be read: {shown(str(e))}", **where))
            continue
        if not rows or rows[0] != data.column_names:
            problems.append(Problem(f"CSV header differs from the Parquet columns (got {shown(rows[:1])})", **where))
            continue
        parquet_rows = data.to_pylist()
        if len(rows) - 1 != len(parquet_rows):
            problems.append(Problem(f"CSV has {len(rows) - 1} rows, its Parquet {len(parquet_rows)}", **where))
            continue
        key = schema.table(name).primary_key
        for row, record in zip(rows[1:], parquet_rows, strict=True):
            want = csv_row(record)
            if row == want:
                continue
            rid = "/".join(str(record[k]) for k in key)
            if len(row) != len(want):
                problems.append(Problem(f"CSV row has {len(row)} cells, its Parquet row {len(want)}",
                                        record_id=rid, **where))
            else:
                col = next(i for i, (x, y) in enumerate(zip(row, want, strict=True)) if x != y)
                problems.append(Problem(f"CSV differs from its Parquet: {shown(row[col])} in the CSV, "
                                        f"{shown(want[col])} in the Parquet", record_id=rid,
                                        field=data.column_names[col], **where))
            break  # one row names the table; the rest would repeat it
    return problems


def frictionless_problems(descriptor_path: Path) -> list[Problem]:
    """The real frictionless validation of the descriptor and of every resource,
    Parquet and CSV tables and the metadata files alike: what
    ``frictionless validate datapackage.json`` reports.

    Each Parquet file stores the ``pandas`` metadata of its dtypes, so frictionless
    (which reads Parquet through pandas) sees integer and number nulls as nulls;
    Parquet resources declare no ``bytes``, which frictionless cannot count (their
    size and hash are checked by :func:`integrity_problems`).
    """
    from frictionless import Package

    problems = [
        Problem(f"descriptor {e[0]}: {e[1]}", file=str(descriptor_path), check="frictionless")
        for e in Package.validate_descriptor(str(descriptor_path)).flatten(["type", "message"])
    ]
    if problems:
        return problems
    report = Package(str(descriptor_path)).validate()
    problems.extend(Problem(f"{e.type}: {e.message}", file=str(descriptor_path), check="frictionless")
                    for e in report.errors)
    for task in report.tasks:
        for e in task.errors:
            problems.append(Problem(f"{e.type}: {e.message}", file=str(descriptor_path), record_id=task.name,
                                    check="frictionless"))
    return problems


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

    from ..load import read_descriptor

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
    from ..load import convert

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

    Raises :class:`~sahel_dataset.errors.UsageError` for a path that is none of
    these, even one inside a project: it never falls back to an enclosing folder.

    >>> validate_path(Path("CHANGELOG.md"))
    Traceback (most recent call last):
    ...
    sahel_dataset.errors.UsageError: CHANGELOG.md is a file, not a datapackage.json: ...
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
