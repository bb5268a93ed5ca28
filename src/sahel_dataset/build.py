"""Build the dataset: curated YAML + seeds -> validated tables -> a Data Package on disk.

The flow, each step collecting every problem before stopping:

1. check the seeds against their manifest (``seeds.py``);
2. read each curated file and validate every record with its pydantic model;
3. resolve every citation to a verified span of its seed (``evidence.py``) and
   expand nested lists into link-table rows;
4. validate every table with pandera and every foreign key across tables;
5. write Parquet, CSV and ``datapackage.json`` to a temporary folder and move it
   into place, so that a failed or interrupted build leaves the old output intact.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.parquet as pq
import yaml
from pydantic import ValidationError

from . import schema
from ._version import __version__
from .curated import Record, read_records
from .dtypes import arrow_schema
from .errors import DataError, Problem
from .evidence import CitationError, resolve
from .load import convert
from .models import pandera_schema, record_model
from .pipeline.rules import rule_problems
from .project import Project
from .seeds import load_seeds
from .utils.atomic import check_output, replace_folder

METADATA_FILE = "datapackage.yaml"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


@dataclass
class Dataset:
    """A validated dataset in memory: one Arrow table per schema table, plus the seeds."""

    tables: dict[str, pa_arrow.Table]
    seeds: dict[str, str]
    metadata: dict[str, Any]

    def frame(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a pandas DataFrame with its declared dtypes."""
        return convert(self.tables[name], schema.table(name), "pandas")


# ------------------------------------------------------------------ assemble


def field_path(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as a field path, list indexes in brackets.

    >>> field_path(("evidence", 0, "quote"))
    'evidence[0].quote'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _record_problems(err: ValidationError, rec: Record, rid: str, t: schema.Table) -> list[Problem]:
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        value = "" if e["type"] == "missing" else f" (got {e.get('input')!r})"
        out.append(Problem(
            f"{e['msg']}{value}", file=rec.file, line=rec.line_at(loc), record_id=rid,
            field=field_path(loc), table=t.name, check="record",
        ))
    return out


def _read_curated(project: Project, problems: list[Problem]) -> dict[str, list[tuple[Record, Any]]]:
    """Every curated record that passes its pydantic model, by table."""
    curated: dict[str, list[tuple[Record, Any]]] = {}
    for t in schema.tables():
        if t.curated_file is None:
            continue
        path = project.data / t.curated_file
        shown = f"data/{t.curated_file}"
        curated[t.name] = []
        if not path.is_file():
            problems.append(Problem("curated file is missing", file=shown, table=t.name, check="yaml"))
            continue
        try:
            records = read_records(path, display=shown)
        except DataError as e:
            problems.extend(e.problems)
            continue
        model = record_model(t.name)
        first_line: dict[str, int] = {}
        for rec in records:
            raw_id = rec.data.get(t.id_field)
            rid = raw_id if isinstance(raw_id, str) else f"(record at line {rec.line})"
            if isinstance(raw_id, str) and raw_id in first_line:
                problems.append(Problem(
                    f"duplicate id (first used on line {first_line[raw_id]})", file=shown,
                    line=rec.line_at((t.id_field,)), record_id=rid, field=t.id_field, table=t.name, check="record",
                ))
                continue
            if isinstance(raw_id, str):
                first_line[raw_id] = rec.line
            if "draft" in rec.data:  # written by `sahel-dataset draft`, not yet reviewed
                problems.append(Problem(
                    "record is still marked as a draft: review it, then remove its `draft` key or use "
                    "`sahel-dataset accept`", file=shown, line=rec.line_at(("draft",)), record_id=rid,
                    field="draft", table=t.name, check="record"))
                continue
            try:
                curated[t.name].append((rec, model.model_validate(rec.data)))
            except ValidationError as err:
                problems.extend(_record_problems(err, rec, rid, t))
    return curated


def _cite(t: schema.Table, rec: Record, obj: Any, seeds: dict[str, str], source_of: dict[str, str],
          problems: list[Problem]) -> list[dict[str, Any]]:
    """Resolve a record's citations to evidence rows."""
    rid = getattr(obj, t.id_field)
    rows = []
    for n, c in enumerate(getattr(obj, "evidence", []), 1):
        loc = ("evidence", n - 1, "quote")
        where = dict(file=rec.file, record_id=rid, table=t.name, check="evidence")
        if c.seed not in seeds:
            problems.append(Problem(f"seed {c.seed!r} is not in seeds/manifest.csv",
                                    line=rec.line_at(("evidence", n - 1, "seed")),
                                    field=f"evidence[{n - 1}].seed", **where))
            continue
        if c.seed not in source_of:
            problems.append(Problem(f"seed {c.seed!r} has no row in data/sources.yaml",
                                    line=rec.line_at(("evidence", n - 1, "seed")),
                                    field=f"evidence[{n - 1}].seed", **where))
            continue
        try:
            start, end = resolve(seeds[c.seed], c.quote, c.occurrence)
        except CitationError as e:
            problems.append(Problem(f"{e} (seed {c.seed})", line=rec.line_at(loc),
                                    field=f"evidence[{n - 1}].quote", **where))
            continue
        rows.append({
            "evidence_id": f"ev-{rid}-{n}", "record_table": t.name, "record_id": rid,
            "source_id": source_of[c.seed], "start": start, "end": end,
            "text": seeds[c.seed][start:end], "field": c.field,
        })
    return rows


def _computed(t: schema.Table, row: dict[str, Any], evidence: list[dict[str, Any]],
              seeds: dict[str, str], project: Project) -> None:
    """Fill the fields the build computes (``x-computed`` in the schema)."""
    if t.name == "sources":
        path = project.seeds / row["file"]
        data = path.read_bytes() if path.is_file() else b""
        row.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data),
                   characters=len(seeds.get(row["file"], "")))
    elif t.name == "quotes" and evidence:
        row.update(text=evidence[0]["text"], source_id=evidence[0]["source_id"])


Origin = dict[tuple[str, str], Record]
"""Where each curated record was written, by (table, record id)."""


def _rows(project: Project, seeds: dict[str, str],
          problems: list[Problem]) -> tuple[dict[str, list[dict[str, Any]]], Origin]:
    """Curated records expanded into rows of every table, and where each record was written."""
    curated = _read_curated(project, problems)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.table_names()}
    origin: Origin = {}
    source_of = {obj.file: obj.source_id for _, obj in curated.get("sources", [])}
    for name, items in curated.items():
        t = schema.table(name)
        child_keys = {c.key for c in t.children}
        for rec, obj in items:
            rid = getattr(obj, t.id_field)
            origin[(name, rid)] = rec
            evidence = _cite(t, rec, obj, seeds, source_of, problems)
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
    return pa_arrow.Table.from_pylist(
        [{f: r.get(f) for f in t.names} for r in ordered], schema=arrow_schema(t)
    )


def _table_problems(t: schema.Table, frame: pd.DataFrame, origin: Origin) -> list[Problem]:
    """pandera's findings on one table, every failure case located."""
    try:
        pandera_schema(t.name).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        seen: set[tuple[Any, str]] = set()
        for case in err.failure_cases.itertuples():
            index = case.index
            rid = None
            if isinstance(index, int) and 0 <= index < len(frame):
                rid = "/".join(str(frame.iloc[index][k]) for k in t.primary_key)
            rec = origin.get((t.name, (rid or "").split("/")[0]))
            pair = str(case.check).split(" <= ")
            if len(pair) != 2:
                pair = str(case.check).split(" must not be after ")
            if len(pair) == 2 and all(p in frame.columns for p in pair):
                # A check across columns: pandera lists every column of the row;
                # report it once, naming the two fields and their values.
                if (index, case.check) in seen:
                    continue
                seen.add((index, case.check))
                a, b = pair
                values = ""
                if rid is not None:
                    va, vb = (frame.iloc[index][c] for c in (a, b))
                    va, vb = (v.date().isoformat() if isinstance(v, pd.Timestamp) else v for v in (va, vb))
                    values = f" ({a} {va}, {b} {vb})"
                problems.append(Problem(
                    f"{a} must not be after {b}{values}", file=rec.file if rec else None,
                    line=rec.line_at((a,)) if rec else None, record_id=rid, field=a, table=t.name, check="table",
                ))
                continue
            field = case.column if isinstance(case.column, str) else None
            problems.append(Problem(
                f"failed {case.check}" + (f" (value {case.failure_case!r})" if case.failure_case is not None else ""),
                file=rec.file if rec else None, line=(rec.line_at((field,)) if field else rec.line) if rec else None,
                record_id=rid, field=field, table=t.name, check="table",
            ))
        return problems
    return []


def foreign_key_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every value of a foreign-key column that its referenced table lacks.

    >>> import pandas as pd
    >>> frames = {"actors": pd.DataFrame({"actor_id": ["act-a"], "parent_actor_id": ["act-b"]})}
    >>> [str(p) for p in foreign_key_problems(frames)]
    ["table actors: act-a: parent_actor_id: 'act-b' is not a known actor_id of table actors"]
    """
    problems = []
    for name, frame in frames.items():
        t = schema.table(name)
        for fk in t.foreign_keys:
            if fk.table not in frames or fk.field not in frame:
                continue
            known = set(frames[fk.table][fk.reference].dropna())
            values = frame[fk.field]
            for i in values.index[values.notna() & ~values.isin(known)]:
                rid = "/".join(str(frame.at[i, k]) for k in t.primary_key)
                problems.append(Problem(
                    f"{frame.at[i, fk.field]!r} is not a known {fk.reference} of table {fk.table}",
                    table=name, record_id=rid, field=fk.field, check="foreign_key",
                ))
    return problems


def _evidence_coverage(rows: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """Records of tables that require evidence but have none that resolved."""
    cited = {(r["record_table"], r["record_id"]) for r in rows["evidence"]}
    problems = []
    for t in schema.tables():
        if t.evidence != "required":
            continue
        for r in rows[t.name]:
            if (t.name, r[t.id_field]) not in cited:
                problems.append(Problem("no evidence span resolved for this record", table=t.name,
                                        record_id=r[t.id_field], field="evidence", check="evidence"))
    return problems


def read_metadata(project: Project) -> dict[str, Any]:
    """The package-level metadata curators keep in ``data/datapackage.yaml``."""
    path = project.data / METADATA_FILE
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise DataError([Problem(f"cannot read package metadata: {e}", file=f"data/{METADATA_FILE}")]) from e
    if not isinstance(meta, dict):
        raise DataError([Problem("expected a mapping", file=f"data/{METADATA_FILE}")])
    return meta


def assemble(project: Project) -> Dataset:
    """Read, resolve and validate everything; raise :class:`DataError` listing every problem.

    >>> ds = assemble(Project.find())
    >>> ds.frame("events")["event_id"].is_unique
    True
    """
    seeds = load_seeds(project.seeds)
    metadata = read_metadata(project)
    problems: list[Problem] = []
    rows, origin = _rows(project, seeds, problems)
    if problems:
        raise DataError(problems)
    problems.extend(_evidence_coverage(rows))
    arrow = {t.name: _to_arrow(t, rows[t.name]) for t in schema.tables()}
    frames = {name: convert(data, schema.table(name)) for name, data in arrow.items()}
    for t in schema.tables():
        problems.extend(_table_problems(t, frames[t.name], origin))
    problems.extend(_located(foreign_key_problems(frames), origin))
    if problems:
        raise DataError(problems)
    problems.extend(_located(rule_problems(arrow), origin))  # rules assume valid tables: run them last
    if problems:
        raise DataError(problems)
    return Dataset(arrow, seeds, metadata)


def _located(problems: list[Problem], origin: Origin) -> list[Problem]:
    """Give table-level problems the file and line of the curated record they come
    from (a link-table row comes from its parent record, the first part of its key)."""
    out = []
    for p in problems:
        rec, key = None, p.field or ""
        if p.table and p.record_id:
            owner = p.table
            for c in schema.tables():
                for ch in c.children:
                    if ch.table == p.table:
                        owner, key = c.name, ch.key
            rec = origin.get((owner, p.record_id.split("/")[0]))
        if rec is not None and p.file is None:
            line = rec.line_at((key,)) if key in rec.data else rec.line
            p = Problem(p.message, file=rec.file, line=line, record_id=p.record_id, field=p.field,
                        table=p.table, check=p.check)
        out.append(p)
    return out


# --------------------------------------------------------------------- write


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
"""A CSV text cell starting with one of these gets a ``'`` prefix (see :func:`neutralise`)."""


def neutralise(text: str) -> str:
    """Defuse CSV formula injection: prefix ``'`` to text that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return (the OWASP practice), so a
    spreadsheet shows it as text instead of running it.

    Text that already starts with ``'`` is prefixed too, which makes the rule
    reversible: :func:`restore` removes exactly one leading ``'``. Only the CSV
    copy is changed; Parquet and ``load()`` keep the original text.

    >>> neutralise("=SUM(A1:A9)"), neutralise("-20 troops"), neutralise("US troops")
    ("'=SUM(A1:A9)", "'-20 troops", 'US troops')
    >>> restore(neutralise("'quoted")) == "'quoted"
    True
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def restore(cell: str) -> str:
    """Undo :func:`neutralise` on a CSV text cell.

    >>> restore("'=1+1"), restore("plain")
    ('=1+1', 'plain')
    """
    return cell[1:] if cell.startswith("'") else cell


def _csv_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return neutralise(v)
    return str(v)


def write_csv(data: pa_arrow.Table, path: Path) -> None:
    """Write an Arrow table as RFC 4180 CSV (UTF-8, ``\\n`` line ends, empty = null).

    Text cells are passed through :func:`neutralise` (CSV formula injection)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(data.column_names)
        for row in data.to_pylist():
            w.writerow([_csv_value(v) for v in row.values()])


def write_parquet(data: pa_arrow.Table, path: Path) -> None:
    """Write an Arrow table as Parquet, byte-for-byte reproducible for the same pyarrow."""
    pq.write_table(data, path, compression="zstd", write_statistics=True, store_schema=True)


CSV_NOTE = (
    "CSV copy of the Parquet resource. A text cell that starts with =, +, -, @, a tab, a carriage "
    "return or ' is written with one extra leading ' (CSV formula injection); remove that one ' to "
    "get the original text, which the Parquet resource and sahel_dataset.load() keep."
)


def _digest(path: Path) -> tuple[str, int]:
    data = path.read_bytes()
    return "sha256:" + hashlib.sha256(data).hexdigest(), len(data)


def _resource_schema(t: schema.Table, suffix: str) -> dict[str, Any]:
    """A table's schema for one resource: foreign keys point at the sibling resource
    of the same format, so each format validates on its own."""
    desc = json.loads(json.dumps(t.descriptor))
    for fk in desc.get("foreignKeys", []):
        fk["reference"]["resource"] += suffix
    return desc


def descriptor(ds: Dataset, folder: Path) -> dict[str, Any]:
    """The ``datapackage.json`` of a built folder: metadata, and one Parquet and one
    CSV resource per table, each with its schema, ``hash`` and ``bytes``."""
    meta = ds.metadata
    resources = []
    for t in schema.tables():
        for fmt, suffix, media in (("parquet", "", "application/vnd.apache.parquet"), ("csv", "-csv", "text/csv")):
            path = f"{fmt}/{t.name}.{fmt}"
            digest, size = _digest(folder / path)
            res = {
                "name": f"{t.name}{suffix}", "type": "table", "path": path, "format": fmt,
                "mediatype": media, "title": t.title, "description": t.description,
                "hash": digest, "bytes": size, "schema": _resource_schema(t, suffix),
            }
            if fmt == "csv":
                res["description"] = f"{t.description} {CSV_NOTE}"
                res["encoding"] = "utf-8"
                res["dialect"] = {"delimiter": ",", "lineTerminator": "\n", "header": True}
            resources.append(res)
    sources = [
        {"title": r["label"], "path": f"seeds/{r['file']}"}
        for r in ds.tables["sources"].select(["label", "file"]).to_pylist()
    ]
    return {
        "$schema": PROFILE,
        "name": meta["name"],
        "id": f"{meta['id']}/{__version__}" if "id" in meta else None,
        "version": __version__,
        "title": meta["title"],
        "description": meta["description"],
        "created": meta["created"],
        "keywords": meta.get("keywords", []),
        "licenses": meta["licenses"],
        "contributors": meta.get("contributors", []),
        "sources": sources,
        "x-schema-version": schema.schema_version(),
        "resources": resources,
    }


PARTITIONED = "parquet-by-year"
"""Folder of the opt-in partitioned copy: ``parquet-by-year/<table>/year=YYYY/part-0.parquet``."""


def write_partitioned(data: pa_arrow.Table, folder: Path, field: str = "date_start") -> None:
    """Write a table as hive-partitioned Parquet by the year of ``field`` (``year=2024/``).

    Rows without a date go to ``year=__HIVE_DEFAULT_PARTITION__``. DuckDB, Spark,
    polars and pyarrow read the folder as one table with a ``year`` column.

    >>> import tempfile, datetime, pathlib, pyarrow as pa
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "events"
    >>> write_partitioned(pa.table({"date_start": [datetime.date(2023, 7, 26), None]}), folder)
    >>> sorted(p.name for p in folder.iterdir())
    ['year=2023', 'year=__HIVE_DEFAULT_PARTITION__']
    """
    import pyarrow.compute as pc
    import pyarrow.dataset as pds

    year = pc.year(data[field]).cast(pa_arrow.int32())
    pds.write_dataset(
        data.append_column("year", year), folder, format="parquet",
        partitioning=pds.partitioning(pa_arrow.schema([("year", pa_arrow.int32())]), flavor="hive"),
        basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore",
        file_options=pds.ParquetFileFormat().make_write_options(compression="zstd"),
    )


def write(ds: Dataset, out: Path, partition_by_year: bool = False, project_root: Path | None = None) -> Path:
    """Write a validated dataset to ``out`` as a Data Package, atomically.

    ``out`` may only be a new or empty folder or a previous build: see
    :func:`~sahel_dataset.utils.atomic.check_output` (``project_root`` adds the
    project's own folders to what is refused).

    With ``partition_by_year``, also write every table that has a ``date_start``
    as hive-partitioned Parquet under ``parquet-by-year/`` (not a Data Package
    resource: a copy for engines that prune partitions, such as DuckDB and Spark).
    """
    with replace_folder(out, project_root) as tmp:
        for sub in ("parquet", "csv", "seeds"):
            (tmp / sub).mkdir()
        for name, data in ds.tables.items():
            write_parquet(data, tmp / "parquet" / f"{name}.parquet")
            write_csv(data, tmp / "csv" / f"{name}.csv")
            if partition_by_year and "date_start" in data.column_names:
                write_partitioned(data, tmp / PARTITIONED / name)
        for name, text in sorted(ds.seeds.items()):
            # The bytes, not the decoded text, so the manifest's hashes hold.
            (tmp / "seeds" / name).write_bytes(text.encode("utf-8"))
        from .pipeline.metadata_files import write_metadata_files  # it imports this module

        desc = descriptor(ds, tmp)
        desc["resources"] += write_metadata_files(ds, tmp)
        (tmp / "datapackage.json").write_text(
            json.dumps({k: v for k, v in desc.items() if v is not None}, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return out


def build(out: Path, project: Project | None = None, partition_by_year: bool = False) -> Dataset:
    """Build the dataset from ``project`` (default: the checkout) into ``out``.

    Raises :class:`DataError` and writes nothing when anything is invalid.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "release"
    >>> ds = build(out)
    >>> (out / "datapackage.json").is_file() and (out / "parquet" / "events.parquet").is_file()
    True
    """
    project = project or Project.find()
    check_output(out, project.root)  # refuse a bad --out before the work, not after
    ds = assemble(project)
    write(ds, out, partition_by_year=partition_by_year, project_root=project.root)
    return ds
