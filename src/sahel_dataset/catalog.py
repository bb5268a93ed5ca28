"""What the tables mean, and all of them at once: ``describe()``, ``load_all()``.

``describe(table)`` reads the table's schema (the installed one, or a pinned
release's own ``datapackage.json``) into a DataFrame a researcher can read;
``load()`` attaches the same descriptions to what it returns (see
:func:`annotate`). Nothing here is inferred from the data.

>>> describe("deployments").set_index("column").loc["status", "allowed_values"][:2]
['present', 'arrived']
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import schema
from ._version import __version__
from .load import PACKAGE_DIR, Backend, load, release_table

if TYPE_CHECKING:
    import pandas as pd

DESCRIBE_COLUMNS = (
    "column", "type", "required", "unique", "primary_key", "description", "allowed_values",
    "value_descriptions", "constraints", "foreign_key", "computed",
)
"""The columns of :func:`describe`'s DataFrame, in order."""


SHIPPED_VERSION: str | None = __version__
"""The version whose data ship in the package: ``version=`` of it reads the shipped copy, offline."""


def package_dir(version: str | None = None, base_url: str | None = None) -> Path:
    """The folder of a built Data Package: the shipped one (also for ``version`` equal to
    the installed version, :data:`SHIPPED_VERSION`), or pinned release ``version``.

    >>> (package_dir() / "datapackage.json").is_file()
    True
    """
    if version is None or version == SHIPPED_VERSION:
        return PACKAGE_DIR
    from .fetch import fetch_release  # pooch and platformdirs only when pinning

    return fetch_release(version, base_url=base_url)


def _descriptor(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def release_schema_version(folder: Path) -> str:
    """The SchemaVer a built Data Package declares (``x-schema-version``).

    >>> release_schema_version(PACKAGE_DIR) == schema.schema_version()
    True
    """
    return str(_descriptor(folder).get("x-schema-version", "unknown"))


def table_names(version: str | None = None, base_url: str | None = None) -> list[str]:
    """The tables of the shipped data (the installed schema) or of release ``version``.

    >>> table_names()[:2]
    ['sources', 'actors']
    """
    if version is None:
        return schema.table_names()
    desc = _descriptor(package_dir(version, base_url))
    return [r["name"] for r in desc["resources"] if r.get("format") == "parquet"]


def table_schema(name: str, version: str | None = None, base_url: str | None = None) -> schema.Table:
    """Table ``name``'s schema: the installed one, or as release ``version`` declares it.

    >>> table_schema("events").id_field
    'event_id'
    """
    if version is None:
        if name not in schema.table_names():
            raise ValueError(f"unknown table {name!r}; valid tables: {', '.join(schema.table_names())}")
        return schema.table(name)
    return release_table(package_dir(version, base_url), name)


def _constraints(f: schema.Field) -> str:
    pairs = (("pattern", f.pattern), ("minimum", f.minimum), ("maximum", f.maximum),
             ("minLength", f.min_length), ("maxLength", f.max_length))
    return "; ".join(f"{k}={v}" for k, v in pairs if v is not None)


def describe(table: str, version: str | None = None, base_url: str | None = None) -> pd.DataFrame:
    """The columns of ``table`` with their meaning, one row per column, from the schema.

    Columns: ``column``, ``type`` (Table Schema type), ``required``, ``unique``,
    ``primary_key``, ``description``, ``allowed_values`` (the enumeration as a
    list, or None), ``value_descriptions`` (each allowed value's meaning, or
    None), ``constraints`` (pattern, bounds, lengths as text), ``foreign_key``
    (``table.column`` it refers to) and ``computed`` (filled by the build).

    >>> d = describe("events")
    >>> d["column"].tolist() == load("events").columns.tolist()
    True
    >>> d.set_index("column").loc["date_precision", "allowed_values"]
    ['day', 'week', 'month', 'season', 'year', 'multi_year']
    """
    import pandas as pd

    t = table_schema(table, version, base_url)
    fks = {fk.field: f"{fk.table}.{fk.reference}" for fk in t.foreign_keys}
    by_name = {d["name"]: d for d in t.descriptor.get("fields", [])}
    rows = []
    for f in t.fields:
        meanings = by_name.get(f.name, {}).get("x-enum-descriptions")
        rows.append((
            f.name, f.type, f.required, f.unique, f.name in t.primary_key, f.description,
            list(f.enum) if f.enum is not None else None, dict(meanings) if meanings else None,
            _constraints(f), fks.get(f.name), f.computed,
        ))
    frame = pd.DataFrame(rows, columns=list(DESCRIBE_COLUMNS))
    for c in ("column", "type", "description", "constraints", "foreign_key"):
        frame[c] = frame[c].astype("string")
    frame.attrs.update(table=t.name, title=t.title, description=t.description)
    return frame


def annotate(frame: Any, t: schema.Table, backend: Backend, schema_version: str) -> Any:
    """Attach ``t``'s descriptions to a loaded table (``load()`` calls this).

    pandas: ``frame.attrs`` gets ``table``, ``title``, ``description``,
    ``schema_version`` and ``columns`` (column name -> description). Arrow: each
    field's metadata gets ``description`` and the schema's metadata ``table`` and
    ``schema_version`` (UTF-8 bytes, as Arrow stores them; Parquet and Feather
    writers keep them). polars frames carry no column metadata: use
    :func:`describe` there.

    >>> load("events").attrs["columns"]["event_id"][:9]
    'Stable id'
    >>> load("events", backend="arrow").field("event_id").metadata[b"description"][:9]
    b'Stable id'
    """
    columns = {f.name: f.description for f in t.fields}
    if backend == "pandas":
        frame.attrs.update(table=t.name, title=t.title, description=t.description,
                           schema_version=schema_version, columns=columns)
    elif backend == "arrow":
        import pyarrow as pa

        fields = [f.with_metadata({**(f.metadata or {}), b"description": columns.get(f.name, "").encode()})
                  for f in frame.schema]
        meta = {**(frame.schema.metadata or {}), b"table": t.name.encode(),
                b"schema_version": schema_version.encode()}
        # from_arrays reuses the column buffers: no copy, only a new schema.
        frame = pa.Table.from_arrays(frame.columns, schema=pa.schema(fields, metadata=meta))
    return frame


def load_all(backend: Backend = "pandas", version: str | None = None, base_url: str | None = None) -> dict[str, Any]:
    """Every table, as ``{name: frame}`` in schema order (same options as ``load()``).

    >>> frames = load_all()
    >>> list(frames)[:3]
    ['sources', 'actors', 'actor_aliases']
    >>> frames["events"]["event_id"].is_unique
    True
    """
    return {name: load(name, backend=backend, version=version, base_url=base_url)
            for name in table_names(version, base_url)}


DUCKDB_EXTRA = 'connect() needs DuckDB: pip install "sahel-dataset[duckdb]"'


def connect(version: str | None = None, base_url: str | None = None) -> Any:
    """A DuckDB connection (in memory) with every table as a view over its Parquet file.

    Needs the ``duckdb`` extra; without it, ``ImportError`` says how to install it.

    >>> con = connect()
    >>> con.execute("SELECT count(*) FROM events").fetchone()[0] == len(load("events"))
    True
    """
    try:
        import duckdb
    except ImportError:
        raise ImportError(DUCKDB_EXTRA) from None

    folder = package_dir(version, base_url)
    con = duckdb.connect()
    for name in table_names(version, base_url):
        path = (folder / "parquet" / f"{name}.parquet").as_posix().replace("'", "''")
        con.execute(f"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet('{path}')")
    return con
