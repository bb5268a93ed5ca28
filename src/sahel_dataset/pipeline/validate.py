"""Validate curated data or a built Data Package, every layer, every problem at once.

On a project (``data/`` + ``seeds/``) it runs the build's checks without writing:
seeds against their manifest, pydantic on each record, evidence resolution,
pandera on each table, foreign keys across tables.

On a built package (a folder with ``datapackage.json``) it checks:

1. integrity: each resource's file exists inside the folder and matches its
   declared ``hash`` (sha256) and ``bytes``. frictionless 5.21 checks these for
   CSV but cannot for Parquet, so this check is ours, for every file;
2. tables: each Parquet file has the schema's columns and passes pandera; foreign
   keys hold across tables;
3. provenance: each seed matches the SHA-256 in ``sources``, and every evidence
   span's ``text`` is exactly ``seed[start:end]``;
4. frictionless: the real ``frictionless`` validation of the descriptor and of
   every CSV resource (frictionless 5.21 cannot read Parquet nulls faithfully nor
   count Parquet bytes: checks 1 and 2 cover the Parquet resources).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .. import schema
from ..errors import DataError, Problem, UsageError, shown
from ..load import convert, read_descriptor
from ..project import Project
from ..utils.hashing import sha256_bytes
from .assemble import assemble
from .checks import foreign_key_problems, table_problems
from .evidence import mismatches
from .read import read_curated
from .rules import rule_problems
from .write import csv_row


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
        if res.get("bytes") != len(data):
            problems.append(Problem(
                f"{res['path']} has {len(data)} bytes, {res.get('bytes')} declared", field="bytes", **where))
    return problems


def known_seeds() -> dict[str, str]:
    """The sha256 of every seed the installed package ships, by file name (the anchor a
    package's own tables cannot move: a seed rewritten together with its hashes, its
    sources row and its spans still differs from this)."""
    from ..load import PACKAGE_DIR

    path = PACKAGE_DIR / "parquet" / "sources.parquet"
    try:
        rows = pq.read_table(path, columns=["file", "sha256"]).to_pylist()
    except (OSError, ValueError, KeyError):
        return {}
    return {r["file"]: r["sha256"] for r in rows}


def provenance_problems(frames: dict[str, Any], seed_dir: Path) -> list[Problem]:
    """Seeds that differ from ``sources.sha256`` or from the seeds this package ships, and
    spans that differ from their seed."""
    problems = []
    known = known_seeds()
    seeds: dict[str, str] = {}
    sources = frames["sources"]
    for row in sources.itertuples():
        path = seed_dir / row.file
        if not path.is_file():
            problems.append(Problem(f"seed {row.file} is missing", file=str(path), record_id=row.source_id,
                                    check="provenance"))
            continue
        if path.is_symlink() or not path.resolve().is_relative_to(seed_dir.resolve()):
            problems.append(Problem("seed is a symbolic link or resolves outside seeds/", file=str(path),
                                    record_id=row.source_id, check="provenance"))
            continue
        data = path.read_bytes()
        digest = sha256_bytes(data)
        if digest != row.sha256:
            problems.append(Problem("seed differs from sources.sha256", file=str(path), record_id=row.source_id,
                                    field="sha256", check="provenance"))
            continue
        if known.get(row.file, digest) != digest:
            problems.append(Problem(
                f"seed differs from the seed {row.file} this sahel-dataset ships (sha256 {known[row.file]}); "
                "seeds are never edited, so this package's seed and its sources table were rewritten",
                file=str(path), record_id=row.source_id, field="sha256", check="provenance"))
            continue
        seeds[row.source_id] = data.decode("utf-8")
    ev = frames["evidence"]
    spans = list(zip(ev["source_id"], ev["start"], ev["end"], ev["text"], strict=True))
    for i in mismatches(spans, seeds):
        problems.append(Problem("text is not seed[start:end]", table="evidence",
                                record_id=ev["evidence_id"].iloc[i], field="text", check="provenance"))
    return problems


def csv_problems(folder: Path, arrow: dict[str, Any]) -> list[Problem]:
    """Each table's CSV must hold exactly its Parquet's rows, value for value, as the
    writer renders them (a CSV edited after the build, even with its hash recomputed
    in ``datapackage.json``, differs here; the Parquet's evidence spans are checked
    against the seeds by :func:`provenance_problems`)."""
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
    """The real frictionless validation of the descriptor and of every CSV resource.

    frictionless 5.21 reads Parquet through pandas, which turns a null in an
    integer column into NaN (a false type error), and it cannot count or hash
    Parquet bytes; the Parquet resources are checked by pandera and by
    :func:`integrity_problems` instead, and a test proves that each table's CSV and
    Parquet hold the same rows.
    """
    from frictionless import Package

    problems = [
        Problem(f"descriptor {e[0]}: {e[1]}", file=str(descriptor_path), check="frictionless")
        for e in Package.validate_descriptor(str(descriptor_path)).flatten(["type", "message"])
    ]
    if problems:
        return problems
    package = Package(str(descriptor_path))
    for resource in package.resources:
        if resource.format != "csv":
            continue
        for e in resource.validate().flatten(["type", "message"]):
            problems.append(Problem(f"{e[0]}: {e[1]}", file=str(descriptor_path), record_id=resource.name,
                                    check="frictionless"))
    return problems


PACKAGE_LAYERS = {
    "integrity": "integrity (sha256, bytes)",
    "package": "package files and descriptor",
    "table": "pandera tables",
    "foreign_key": "foreign keys",
    "provenance": "provenance spans and seed hashes",
    "csv": "CSV copies equal their Parquet",
    "frictionless": "frictionless (descriptor, CSV resources)",
    "rules": "rules (schema/v1/rules/policies.json)",
}
"""The layers of a package validation, by the ``check`` their problems carry."""

PROJECT_LAYERS = {
    "seeds": "seeds against manifest",
    "yaml": "YAML files (safe loader, UTF-8, no duplicate keys)",
    "record": "pydantic records",
    "evidence": "evidence spans",
    "table": "pandera tables",
    "foreign_key": "foreign keys",
    "rules": "rules (schema/v1/rules/policies.json)",
}
"""The layers of a project validation, by the ``check`` their problems carry."""


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


def validate_package(folder: Path, run_frictionless: bool = True) -> dict[str, Any]:
    """Validate a built Data Package folder; raise :class:`DataError` with every problem.

    >>> import tempfile, pathlib  # doctest: +SKIP
    >>> from sahel_dataset.pipeline.build import build  # doctest: +SKIP
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "pkg"  # doctest: +SKIP
    >>> _ = build(out)  # doctest: +SKIP
    >>> validate_package(out)["kind"]  # doctest: +SKIP
    'package'
    """
    desc_path = folder / "datapackage.json"
    if not desc_path.is_file():
        raise UsageError(f"no datapackage.json in {folder}")
    desc = read_descriptor(desc_path)
    problems = integrity_problems(folder, desc)
    ran = {"integrity", "package", "table"}
    frames, arrow = {}, {}
    for t in schema.tables():
        path = folder / "parquet" / f"{t.name}.parquet"
        if not path.is_file():
            problems.append(Problem("table is missing", file=str(path), table=t.name, check="package"))
            continue
        try:
            data = pq.read_table(path)
        except (OSError, ValueError) as e:  # pyarrow's ArrowInvalid is a ValueError
            problems.append(Problem(f"not a readable Parquet file: {shown(str(e))}", file=str(path),
                                    table=t.name, check="package"))
            continue
        if data.column_names != t.names:
            problems.append(Problem(f"columns {data.column_names} differ from the schema's {t.names}",
                                    file=str(path), table=t.name, check="table"))
            continue
        arrow[t.name] = data
        try:
            frames[t.name] = convert(data, t)
        except ValueError as e:
            problems.append(Problem(str(e), file=str(path), table=t.name, check="table"))
            continue
        problems.extend(table_problems(t, frames[t.name], {}))
    if len(frames) == len(schema.table_names()):
        ran |= {"foreign_key", "provenance"}
        problems.extend(foreign_key_problems(frames))
        problems.extend(provenance_problems(frames, folder / "seeds"))
        ran.add("csv")
        problems.extend(csv_problems(folder, arrow))
        if not problems:  # the rules assume valid tables
            ran.add("rules")
            problems.extend(rule_problems(arrow))
    if run_frictionless and not any(p.field == "path" for p in problems):
        # Never with a bad path: frictionless would follow a URL (a download) or a path array.
        ran.add("frictionless")
        problems.extend(frictionless_problems(desc_path))
    layers = layer_summary(PACKAGE_LAYERS, problems, ran)
    if problems:
        raise ValidationFailed(problems, layers)
    return {"kind": "package", "path": str(folder), "layers": layers,
            "checks": [r["layer"] for r in layers if r["status"] == "ok"],
            "rows": {name: len(f) for name, f in frames.items()}}


def validate_project(project: Project) -> dict[str, Any]:
    """Validate curated data: every check of the build, nothing written.

    Layers run in order; when the seeds fail, the records are still checked with
    pydantic (they do not need the seeds), so one run reports both. Tables and
    foreign keys need every record to be valid, and are "not run" otherwise.

    >>> validate_project(Project.find())["kind"]  # doctest: +SKIP
    'project'
    """
    try:
        ds = assemble(project)
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
        raise ValidationFailed(problems, layer_summary(PROJECT_LAYERS, problems, ran)) from None
    layers = layer_summary(PROJECT_LAYERS, [], set(PROJECT_LAYERS))
    return {
        "kind": "project", "path": str(project.root), "layers": layers,
        "checks": [r["layer"] for r in layers],
        "rows": {name: t.num_rows for name, t in ds.tables.items()},
    }


def validate_path(path: Path | None = None) -> dict[str, Any]:
    """Validate exactly what ``path`` is: a built package (its folder or its
    ``datapackage.json``) or a project folder; without ``path``, the project at or
    above the current folder.

    Raises :class:`~sahel_dataset.errors.UsageError` for a path that is none of
    these, even one inside a project: it never falls back to an enclosing folder.

    >>> validate_path(Path("CHANGELOG.md"))
    Traceback (most recent call last):
    ...
    sahel_dataset.errors.UsageError: CHANGELOG.md is a file, not a datapackage.json: ...
    """
    if path is None:
        return validate_project(Project.find())
    if not path.exists():
        raise UsageError(f"{path} does not exist")
    if path.is_file():
        if path.name == "datapackage.json":
            return validate_package(path.parent)
        raise UsageError(f"{path} is a file, not a datapackage.json: give a built package folder, "
                         "its datapackage.json, or a project folder")
    if (path / "datapackage.json").is_file():
        return validate_package(path)
    if Project.is_root(path):
        return validate_project(Project(path.resolve()))
    raise UsageError(f"{path} is neither a built package (no datapackage.json) nor a project "
                     "(no data/ and seeds/manifest.csv)")
