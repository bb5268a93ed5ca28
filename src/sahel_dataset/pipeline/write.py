"""Write an assembled dataset as a Frictionless Data Package folder.

Parquet (byte-for-byte reproducible for one pyarrow), CSV (RFC 4180, with CSV
formula injection defused: :func:`~.csv_cells.neutralise`) and ``datapackage.json`` (metadata,
and one Parquet and one CSV resource per table with its schema and ``hash``, and
``bytes`` on CSV: see :func:`descriptor`), written into a temporary folder that replaces the output whole
(:func:`sahel_dataset.core.atomic.replace_folder`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa_arrow
import pyarrow.parquet as pq

from .._version import __version__
from ..core import schema
from ..core.atomic import replace_folder
from ..core.dtypes import pandas_metadata
from ..core.hashing import resource_digest
from ..utils.jsontext import json_text
from .assemble import AssembledDataset
from .card import write_card_files
from .csv_cells import csv_cell, csv_row
from .metadata_files import write_metadata_files

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def write_csv(data: pa_arrow.Table, path: Path) -> None:
    """Write an Arrow table as RFC 4180 CSV (UTF-8, ``\\n`` line ends, empty = null).

    Text cells are passed through :func:`~.csv_cells.neutralise` (CSV formula injection) and
    quoted by :func:`csv_cell`."""
    write_rows(data.column_names, data.to_pylist(), path)


def write_rows(names: list[str], rows: Iterable[dict[str, Any]], path: Path) -> None:
    """Write rows (dicts keyed by ``names``, in that order) as :func:`write_csv` writes a table."""
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(",".join(csv_cell(n) for n in names) + "\n")
        for row in rows:
            f.write(",".join(csv_cell(v) for v in csv_row(row)) + "\n")


def write_parquet(data: pa_arrow.Table, path: Path, t: schema.Table | None = None) -> None:
    """Write an Arrow table as Parquet, byte-for-byte reproducible for the same pyarrow.

    With the table's schema ``t``, the file carries the ``pandas`` metadata of its
    declared dtypes (:func:`~sahel_dataset.core.dtypes.pandas_metadata`): any
    pandas reader, frictionless included, keeps integer and number nulls as nulls.
    """
    if t is not None:
        data = data.replace_schema_metadata({**(data.schema.metadata or {}), b"pandas": pandas_metadata(t)})
    pq.write_table(data, path, compression="zstd", write_statistics=True, store_schema=True)


CSV_NOTE = (
    "CSV copy of the Parquet resource. A text cell that starts with =, +, -, @, a tab, a carriage "
    "return or ' is written with one extra leading ' (CSV formula injection); remove that one ' to "
    "get the original text, which the Parquet resource and sahel_dataset.load() keep."
)
"""The note every CSV resource carries. (A multi-line cell gets the prefix on each line
that starts so; the data hold no multi-line text, so the note keeps to the common case.)"""


def _resource_schema(t: schema.Table, suffix: str) -> dict[str, Any]:
    """A table's schema for one resource: foreign keys point at the sibling resource
    of the same format, so each format validates on its own."""
    desc = json.loads(json.dumps(t.descriptor))
    for fk in desc.get("foreignKeys", []):
        fk["reference"]["resource"] += suffix
    return desc


def descriptor(ds: AssembledDataset, folder: Path) -> dict[str, Any]:
    """The ``datapackage.json`` of a built folder: metadata, and one Parquet and one
    CSV resource per table, each with its schema and ``hash`` (sha256); CSV resources
    also declare ``bytes``, Parquet resources do not (frictionless cannot count them,
    and the Data Package spec makes ``bytes`` optional)."""
    meta = ds.metadata
    resources = []
    for t in schema.tables():
        for fmt, suffix, media in (("parquet", "", "application/vnd.apache.parquet"), ("csv", "-csv", "text/csv")):
            path = f"{fmt}/{t.name}.{fmt}"
            digest, size = resource_digest(folder / path)
            res = {
                "name": f"{t.name}{suffix}", "type": "table", "path": path, "format": fmt,
                "mediatype": media, "title": t.title, "description": t.description,
                "hash": digest, "bytes": size, "schema": _resource_schema(t, suffix),
            }
            if fmt == "parquet":
                # frictionless reads Parquet through pyarrow, never counts its bytes, and so
                # reports any declared `bytes` as wrong; the spec makes `bytes` optional, the
                # `hash` pins the exact file, and our integrity check measures every file.
                del res["bytes"]
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


EVENT_VIEW = "event_view.csv"
"""The flat event file of every build: :func:`sahel_dataset.event_view` as CSV (ACLED/UCDP style)."""


def write_event_view(ds: AssembledDataset, folder: Path) -> dict[str, Any]:
    """Write :data:`EVENT_VIEW`, one row per event with its type, dates, place, point and
    actors, as the CSV copies are written (:func:`write_csv`); return its resource (not a
    ``table`` resource: a convenience copy computed from the tables, which carry the schemas)."""
    from ..core.flatten import EVENT_VIEW_COLUMNS, EVENT_VIEW_INPUTS, event_records

    write_rows(list(EVENT_VIEW_COLUMNS), event_records({n: ds.tables[n] for n in EVENT_VIEW_INPUTS},
                                                       schema.table("events")), folder / EVENT_VIEW)
    digest, size = resource_digest(folder / EVENT_VIEW)
    columns = "; ".join(f"{k}: {v}" for k, v in EVENT_VIEW_COLUMNS.items())
    return {"name": "event-view", "path": EVENT_VIEW, "format": "csv", "mediatype": "text/csv",
            "title": "Events, one row each (ACLED/UCDP style)",
            "description": f"One row per event, flat, as event datasets ship them. Columns: {columns} {CSV_NOTE}",
            "hash": digest, "bytes": size}


def write(ds: AssembledDataset, out: Path, partition_by_year: bool = False, project_root: Path | None = None) -> Path:
    """Write a validated dataset to ``out`` as a Data Package, atomically.

    ``out`` may only be a new or empty folder or a previous build: see
    :func:`~sahel_dataset.core.atomic.check_output` (``project_root`` adds the
    project's own folders to what is refused).

    With ``partition_by_year``, also write every table that has a ``date_start``
    as hive-partitioned Parquet under ``parquet-by-year/`` (not a Data Package
    resource: a copy for engines that prune partitions, such as DuckDB and Spark).
    """
    with replace_folder(out, project_root) as tmp:
        for sub in ("parquet", "csv", "seeds"):
            (tmp / sub).mkdir()
        for name, data in ds.tables.items():
            write_parquet(data, tmp / "parquet" / f"{name}.parquet", schema.table(name))
            write_csv(data, tmp / "csv" / f"{name}.csv")
            if partition_by_year and "date_start" in data.column_names:
                write_partitioned(data, tmp / PARTITIONED / name)
        for name, text in sorted(ds.seeds.items()):
            # The bytes, not the decoded text, so the manifest's hashes hold.
            (tmp / "seeds" / name).write_bytes(text.encode("utf-8"))
        desc = descriptor(ds, tmp)
        desc["resources"] += write_metadata_files(ds, tmp)
        desc["resources"] += [write_event_view(ds, tmp)]
        desc["resources"] += write_card_files(ds, desc, tmp, project_root)
        (tmp / "datapackage.json").write_text(
            json_text({k: v for k, v in desc.items() if v is not None}), encoding="utf-8")
    return out
