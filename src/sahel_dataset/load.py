"""Load a table of the dataset: ``sahel_dataset.load("events")``.

The data ship inside the package as a built Frictionless Data Package (Parquet and
CSV, see ``pipeline/write.py``). Loading reads one Parquet file and gives each column the
type its schema declares: no type is inferred, no CSV is parsed, and neither
pandera, pydantic nor the CLI is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import schema
from .errors import DataError, Problem, UsageError, shown

if TYPE_CHECKING:
    import pyarrow as pa

Backend = Literal["pandas", "polars", "arrow"]

PACKAGE_DIR = Path(__file__).parent / "datapackage"
"""The built Data Package that ships inside the installed package."""


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


def convert(data: pa.Table, t: schema.Table, backend: Backend = "pandas") -> Any:
    """Give an Arrow table (as stored in Parquet) its declared types in ``backend``.

    pandas: ``string``, ``Int64``, ``Float64``, ``boolean``, ``datetime64[ms]`` and
    categoricals holding every value of an enumeration. polars: ``String``,
    ``Int64``, ``Float64``, ``Boolean``, ``Date`` and ``Enum``. Arrow: the stored
    types (``date32``, ``int64``, dictionary-encoded strings for enumerations).

    >>> import pyarrow as pa
    >>> from sahel_dataset.schema import table
    >>> df = convert(pa.table({"actor_id": ["act-usa"], "alias": ["US"]}), table("actor_aliases"))
    >>> str(df["alias"].dtype)
    'string'
    """
    if backend == "arrow":
        return data
    if backend == "polars":
        from .pipeline.dtypes import polars_dtype
        from .utils.extras import require

        pl = require("polars")
        frame = pl.from_arrow(data)
        return frame.with_columns(
            pl.col(f.name).cast(polars_dtype(f)) for f in t.fields if f.enum is not None
        )
    if backend == "pandas":
        import pandas as pd
        import pyarrow as pa

        mapping = {
            pa.string(): pd.StringDtype(),
            pa.int64(): pd.Int64Dtype(),
            pa.float64(): pd.Float64Dtype(),
            pa.bool_(): pd.BooleanDtype(),
        }
        for f in t.fields:
            if f.enum is not None:
                # Recode the dictionary to the full enum in Arrow, so that to_pandas
                # makes the categorical once (cheaper than astype + set_categories).
                data = data.set_column(data.schema.get_field_index(f.name), f.name,
                                       _enum_column(data[f.name], f.enum, f"{t.name}.{f.name}"))
        return data.to_pandas(types_mapper=mapping.get, date_as_object=False)
    raise ValueError(f"unknown backend {backend!r}; valid backends: pandas, polars, arrow")


def _enum_column(column: Any, enum: tuple[str, ...], where: str) -> Any:
    """An Arrow column as dictionary codes into ``enum`` (all of its values, in order)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(enum, pa.string())
    chunks = []
    for chunk in column.chunks:
        if not pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_encode()
        codes = pc.index_in(chunk.dictionary, value_set=values)
        if codes.null_count:
            # Such values would silently become NaN in the categorical.
            unknown = sorted(set(chunk.dictionary.filter(pc.is_null(codes)).to_pylist()))
            raise ValueError(f"{where} holds values outside its enum: {unknown}")
        chunks.append(pa.DictionaryArray.from_arrays(codes.take(chunk.indices), values))
    return pa.chunked_array(chunks, pa.dictionary(pa.int32(), pa.string()))


def load(name: str, backend: Backend = "pandas", version: str | None = None, base_url: str | None = None) -> Any:
    """Load table ``name`` as a pandas DataFrame (or polars DataFrame, or Arrow table).

    Without ``version`` (or with the installed version), the copy shipped in the
    package is read (offline). With ``version="X.Y.Z"``, that release is taken once
    from ``base_url`` (or ``$SAHEL_DATASET_URL``: a URL, a ``file://`` URL or a local
    folder), else the checkout's ``releases/``, else the project's GitHub release;
    verified against the package's registry and read from the user cache (see
    ``sahel_dataset.fetch``).

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
    from .catalog import SHIPPED_VERSION, annotate, package_dir, release_schema_version

    if version is None or version == SHIPPED_VERSION:
        _check_name(name)
        t = schema.table(name)
        frame = read(PACKAGE_DIR / "parquet" / f"{name}.parquet", t, backend)
        return annotate(frame, t, backend, schema.schema_version())
    folder = package_dir(version, base_url)
    t = release_table(folder, name)
    frame = read(folder / "parquet" / f"{name}.parquet", t, backend)
    return annotate(frame, t, backend, release_schema_version(folder))


MAX_DESCRIPTOR = 16 << 20
"""The largest ``datapackage.json`` read (16 MiB; ours is about 200 KB)."""


def read_descriptor(path: Path) -> dict[str, Any]:
    """A package's ``datapackage.json`` as a mapping; :class:`~sahel_dataset.errors.DataError`
    naming the file when it is too large, not UTF-8, not JSON, nested too deeply, or
    not a mapping with a ``resources`` list.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "datapackage.json"
    >>> _ = p.write_text("[1, 2]")
    >>> try:
    ...     read_descriptor(p)
    ... except DataError as e:
    ...     print(e.problems[0].message)
    a descriptor must be a JSON object (got a list)
    """
    import json

    where: dict[str, Any] = dict(file=str(path), check="package")
    try:
        if path.stat().st_size > MAX_DESCRIPTOR:
            raise DataError([Problem(f"descriptor is larger than {MAX_DESCRIPTOR} bytes", **where)])
        desc = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as e:
        raise DataError([Problem(f"not UTF-8 (byte {e.start})", **where)]) from None
    except json.JSONDecodeError as e:
        raise DataError([Problem(f"not valid JSON: {e}", line=e.lineno, **where)]) from None
    except RecursionError:
        raise DataError([Problem("not valid JSON: nested too deeply", **where)]) from None
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    if not isinstance(desc, dict):
        raise DataError([Problem(f"a descriptor must be a JSON object (got a {type(desc).__name__})", **where)])
    if not isinstance(desc.get("resources"), list):
        raise DataError([Problem(f"resources must be a list (got {shown(desc.get('resources'), 80)})",
                                 field="resources", **where)])
    return desc


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
        from .pipeline.dtypes import polars_dtype

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
