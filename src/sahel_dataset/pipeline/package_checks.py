"""The checks of a built Data Package folder, one function per layer of
:func:`~sahel_dataset.pipeline.validate.validate_package`: integrity of every file,
provenance of every span and seed, the CSV copies against their Parquet, and the
real frictionless validation. Each returns located problems; none raises.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core import schema
from ..core.errors import Problem, shown
from ..core.hashing import sha256_bytes


def known_seeds() -> dict[str, str]:
    """The sha256 of every seed the installed package ships, by file name (the anchor a
    package's own tables cannot move: a seed rewritten together with its hashes, its
    sources row and its spans still differs from this)."""
    import pyarrow.parquet as pq

    from ..core.descriptor import PACKAGE_DIR

    path = PACKAGE_DIR / "parquet" / "sources.parquet"
    try:
        rows = pq.ParquetFile(path).read(columns=["file", "sha256"]).to_pylist()
    except (OSError, ValueError, KeyError):
        return {}
    return {r["file"]: r["sha256"] for r in rows}





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
    from .csv_cells import csv_row

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
    Parquet and CSV tables and the metadata files alike, in one package-level call.

    Two costs of frictionless are left out, each covered by a layer of our own so no
    check runs twice: the foreign keys (frictionless rebuilds a lookup of every
    referenced table for each resource, re-reading and deep-copying it: 60% of its
    time; the ``foreign_key`` layer checks them with hash anti-joins, and their
declarations come from the Table Schemas ``schema-check`` validates), and a second
    validation of the descriptor (:meth:`Package.validate` validates it once itself).
    Everything else frictionless checks, row by row, as ``frictionless validate
    datapackage.json`` does.

    Each Parquet file stores the ``pandas`` metadata of its dtypes, so frictionless
    (which reads Parquet through pandas) sees integer and number nulls as nulls;
    Parquet resources declare no ``bytes``, which frictionless cannot count (their
    size and hash are checked by :func:`integrity_problems`).
    """
    import json

    from frictionless import FrictionlessException, Package

    def problem(message: str, task: str | None = None) -> Problem:
        return Problem(message, file=str(descriptor_path), record_id=task, check="frictionless")

    desc = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in desc.get("resources", []) if isinstance(desc, dict) else []:
        if isinstance(resource, dict) and isinstance(resource.get("schema"), dict):
            resource["schema"].pop("foreignKeys", None)
    try:
        with _field_copies_unvalidated():
            report = Package(desc, basepath=str(descriptor_path.parent)).validate()
    except FrictionlessException as e:
        return [problem(f"descriptor {x.type}: {x.message}") for x in e.to_errors()]
    problems = [problem(f"{e.type}: {e.message}") for e in report.errors]
    for task in report.tasks:
        problems.extend(problem(f"{e.type}: {e.message}", task.name) for e in task.errors)
    return problems


_PATCH_LOCK = threading.Lock()


@contextmanager
def _field_copies_unvalidated() -> Iterator[None]:
    """While frictionless validates a package, copy its fields without validating them again.

    frictionless copies every field of every resource twice (for the header, for the row
    handlers) with ``Field.to_copy``, which turns the field into a descriptor and back and
    validates that descriptor against the JSON Schema of a field each time: a fifth of its
    pass (cProfile of ``release``: 0.86 s of 3.9 s). Those fields are the package's own, whose
    descriptor frictionless has just validated; the copy is imported from the field's export
    as before, only the second validation of the same descriptor is skipped. The package's
    descriptor, its schemas and every row are validated as before.
    """
    from frictionless import Field

    def to_copy(self: Any, **options: Any) -> Any:
        options.setdefault("datapackage_version", getattr(self, "_datapackage_version", None))
        return type(self).metadata_import(self.to_descriptor(), **{k: v for k, v in options.items() if v is not None})

    # The patch is process-wide: two validations in threads of one process take turns, so
    # neither takes the other's patch for the original nor restores the method while the
    # other still relies on the patch.
    with _PATCH_LOCK:
        original = Field.to_copy
        Field.to_copy = to_copy  # type: ignore[method-assign]
        try:
            yield
        finally:
            Field.to_copy = original  # type: ignore[method-assign]
