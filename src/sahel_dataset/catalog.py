"""What the tables mean, and all of them at once: ``describe()``, ``load_all()``.

``describe(table)`` reads the table's schema (the installed one, or a pinned
release's own ``datapackage.json``) into a DataFrame a researcher can read;
``load()`` attaches the same descriptions to what it returns (see
:func:`annotate`). Nothing here is inferred from the data.

>>> describe("deployments").set_index("column").loc["status", "allowed_values"][:2]
['present', 'arrived']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .core import descriptor, schema
from .core.descriptor import PACKAGE_DIR, read_descriptor
from .load import Backend, load, release_folder, release_table

if TYPE_CHECKING:
    import pandas as pd

DESCRIBE_COLUMNS = (
    "column", "type", "required", "unique", "primary_key", "description", "allowed_values",
    "value_descriptions", "constraints", "foreign_key", "computed",
)
"""The columns of :func:`describe`'s DataFrame, in order."""


def package_dir(version: str | None = None, base_url: str | None = None) -> Path:
    """The folder of a built Data Package: the shipped one (also for ``version`` equal to the installed
    version, :data:`~sahel_dataset.core.descriptor.SHIPPED_VERSION`), or pinned release ``version`` (a
    version, or a local package folder: see :func:`sahel_dataset.load.release_folder`).

    >>> (package_dir() / "datapackage.json").is_file()
    True
    """
    if descriptor.is_shipped(version):
        return PACKAGE_DIR
    return release_folder(version, base_url)


def table_names(version: str | None = None, base_url: str | None = None) -> list[str]:
    """The tables of the shipped data (the installed schema) or of release ``version``.

    >>> table_names()[:2]
    ['sources', 'actors']
    """
    if version is None:
        return schema.table_names()
    desc = read_descriptor(package_dir(version, base_url) / "datapackage.json")
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


def row_counts(folder: Path = PACKAGE_DIR) -> dict[str, int]:
    """Rows per table of a built Data Package (the shipped one by default).

    >>> row_counts()["events"] > 0
    True
    """
    import pyarrow.parquet as pq

    counts = {}
    for name in schema.table_names():
        path = folder / "parquet" / f"{name}.parquet"
        if path.is_file():
            counts[name] = pq.read_metadata(path).num_rows
    return counts


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
