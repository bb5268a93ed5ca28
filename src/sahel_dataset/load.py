"""Load a table of the dataset: ``sahel_dataset.load("events")``.

The data ship inside the package as a built Frictionless Data Package (Parquet and
CSV, see ``pipeline/write.py``). Loading reads one Parquet file and gives each column the
type its schema declares: no type is inferred, no CSV is parsed, and neither
pandera, pydantic nor the CLI is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from .core import descriptor, schema
from .core.descriptor import PACKAGE_DIR, read_descriptor
from .core.dtypes import convert, polars_dtype

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

Backend = Literal["pandas", "polars", "arrow"]


def tables() -> list[str]:
    """The names of the dataset's tables.

    >>> tables()[:3]
    ['sources', 'actors', 'actor_aliases']
    """
    return schema.table_names()


def _check_name(name: str) -> None:
    valid = tables()
    if name not in valid:
        raise ValueError(f"unknown table {name!r}; valid tables: {', '.join(valid)}")


@overload
def load(name: str, backend: Literal["pandas"] = "pandas", version: str | None = None,
         base_url: str | None = None) -> pd.DataFrame: ...
@overload
def load(name: str, backend: Literal["polars"], version: str | None = None,
         base_url: str | None = None) -> pl.DataFrame: ...
@overload
def load(name: str, backend: Literal["arrow"], version: str | None = None,
         base_url: str | None = None) -> pa.Table: ...
def load(name: str, backend: Backend = "pandas", version: str | None = None, base_url: str | None = None) -> Any:
    """Load table ``name`` as a pandas DataFrame (or polars DataFrame, or Arrow table).

    Without ``version`` (or with the installed version), the copy shipped in the
    package is read (offline). With ``version="X.Y.Z"``, that release is taken once
    from ``base_url`` (or ``$SAHEL_DATASET_URL``: a URL, a ``file://`` URL or a local
    folder), else the checkout's ``releases/``, else the project's GitHub release;
    verified against the package's registry and read from the user cache (see
    ``sahel_dataset._fetch``).
    ``version`` may also be the folder of a built package (``sahel-dataset build --out``)
    or of an unpacked release: read as it is, nothing fetched.

    >>> events = load("events")
    >>> events["event_id"].is_unique
    True
    >>> str(events["status"].dtype)
    'category'
    >>> type(load("events", backend="polars")).__name__
    'DataFrame'

    The schema's descriptions come along (see ``describe()`` for the full table):

    >>> events.attrs["table"], events.attrs["columns"]["date_precision"][:30]
    ('events', 'How precisely the source fixes')
    """
    if descriptor.is_shipped(version):
        _check_name(name)
        t = schema.table(name)
        frame = read(PACKAGE_DIR / "parquet" / f"{name}.parquet", t, backend)
        return annotate(frame, t, backend, schema.schema_version())
    folder = release_folder(version, base_url)
    t = release_table(folder, name)
    frame = read(folder / "parquet" / f"{name}.parquet", t, backend)
    return annotate(frame, t, backend, release_schema_version(folder))


def release_folder(version: str, base_url: str | None = None) -> Path:
    """The folder of release ``version``: a local package folder (one holding ``datapackage.json``)
    as it is, else the release fetched into the user cache.

    >>> release_folder(str(PACKAGE_DIR)) == PACKAGE_DIR
    True
    """
    local = Path(version)
    if (local / "datapackage.json").is_file():
        return local
    from ._fetch import fetch_release  # pooch and platformdirs only when pinning

    return fetch_release(version, base_url=base_url)


def read(path: Path, t: schema.Table, backend: Backend = "pandas") -> Any:
    """Read one Parquet file of table ``t`` with the declared types in ``backend``.

    Each backend reads with its own library's plain Parquet reader, so loading
    costs what that reader costs: polars with ``polars.read_parquet`` (no pyarrow),
    pandas and Arrow with ``pyarrow.parquet.ParquetFile`` (``pq.read_table`` would
    import ``pyarrow.dataset``, which imports pandas even for Arrow).

    >>> read(PACKAGE_DIR / "parquet" / "events.parquet", schema.table("events"), "arrow").num_rows > 0
    True
    """
    if backend == "polars":
        from .utils.extras import require

        pl = require("polars")
        frame = pl.read_parquet(path)
        return frame.with_columns(
            pl.col(f.name).cast(polars_dtype(f)) for f in t.fields if f.enum is not None
        )
    import pyarrow.parquet as pq

    return convert(pq.ParquetFile(path).read(), t, backend)


def release_table(folder: Path, name: str) -> schema.Table:
    """Table ``name``'s schema as the release in ``folder`` declares it.

    A pinned release is typed by its own ``datapackage.json``, not by the schema
    of the installed package, which may have changed since (a new enum value, a
    removed column, a table added or dropped).

    >>> release_table(PACKAGE_DIR, "events").primary_key
    ('event_id',)
    """
    desc = read_descriptor(folder / "datapackage.json")
    parquet = {r["name"]: r for r in desc["resources"] if isinstance(r, dict) and r.get("format") == "parquet"}
    if name not in parquet:
        version = desc.get("version", "?")
        raise ValueError(f"unknown table {name!r} in release {version}; its tables: {', '.join(parquet)}")
    return schema.Table.from_descriptor(parquet[name]["schema"])


def release_schema_version(folder: Path) -> str:
    """The SchemaVer a built Data Package declares (``x-schema-version``).

    >>> release_schema_version(PACKAGE_DIR) == schema.schema_version()
    True
    """
    return str(read_descriptor(folder / "datapackage.json").get("x-schema-version", "unknown"))


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
