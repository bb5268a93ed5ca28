"""Map Table Schema field types to pandas, Arrow and polars types.

One mapping serves the build (which writes Parquet with the Arrow types), ``load``
(which returns each backend's declared types) and the pandera models. Enumerations
become categoricals (pandas), dictionary arrays (Arrow) and ``Enum`` (polars), with
every allowed value as a category, so a category never depends on what the data
happens to hold. Imports are local so that ``import sahel_dataset`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .schema import Field, Table

if TYPE_CHECKING:
    import pyarrow as pa


def pandas_dtype(f: Field) -> Any:
    """The pandas dtype of a field.

    >>> from sahel_dataset.core.schema import table
    >>> str(pandas_dtype(table("events").field("date_start")))
    'datetime64[ms]'
    """
    import pandas as pd

    if f.enum is not None:
        return pd.CategoricalDtype(categories=list(f.enum), ordered=False)
    return {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "boolean": pd.BooleanDtype(),
        # Arrow's date32 converts to millisecond datetimes without a copy.
        "date": "datetime64[ms]",
    }[f.type]


def arrow_type(f: Field) -> Any:
    """The Arrow type a field is stored as in Parquet.

    >>> from sahel_dataset.core.schema import table
    >>> str(arrow_type(table("events").field("status")))
    'dictionary<values=string, indices=int32, ordered=0>'
    """
    import pyarrow as pa

    if f.enum is not None:
        return pa.dictionary(pa.int32(), pa.string())
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }[f.type]


def arrow_schema(t: Table) -> Any:
    """The Arrow schema of a table, with each field's nullability.

    >>> from sahel_dataset.core.schema import table
    >>> arrow_schema(table("evidence")).names[:2]
    ['evidence_id', 'record_table']
    """
    import pyarrow as pa

    return pa.schema([pa.field(f.name, arrow_type(f), nullable=not f.required) for f in t.fields])


def pandas_metadata(t: Table) -> bytes:
    """The ``pandas`` schema metadata of a table's Parquet file: each column's pandas dtype.

    pyarrow's ``to_pandas`` (and so ``pd.read_parquet`` and frictionless, which reads
    Parquet through pandas) then gives nullable ``Int64``/``Float64``/``boolean``
    columns, so an integer or number null comes back as ``<NA>``, not as ``NaN`` in a
    float column. The writer's versions (``creator``, ``pandas_version``) are left
    out, so the Parquet bytes depend on pyarrow alone, as before.

    >>> import json
    >>> from sahel_dataset.core.schema import table
    >>> cols = json.loads(pandas_metadata(table("deployments")))["columns"]
    >>> next(c["numpy_type"] for c in cols if c["name"] == "count_best")
    'Int64'
    """
    import json

    # Written out rather than asked of pandas (``pa.Schema.from_pandas`` on an empty frame):
    # importing pandas would double the cost of a build. tests/unit/pipeline/test_dtypes.py
    # checks every table against what pandas gives.
    columns = [{"field_name": f.name, "metadata": _pandas_column_metadata(f), "name": f.name,
                **_PANDAS_TYPES[f.type if f.enum is None else "enum"](f)} for f in t.fields]
    meta = {"attributes": {}, "column_indexes": [], "columns": columns, "index_columns": []}
    return json.dumps(meta, sort_keys=True).encode("utf-8")


def _category_codes(n: int) -> str:
    """The integer type pandas stores the codes of ``n`` categories in."""
    return next(f"int{bits}" for bits in (8, 16, 32, 64) if n < 2 ** (bits - 1))


_PANDAS_TYPES: dict[str, Any] = {
    "enum": lambda f: {"numpy_type": _category_codes(len(f.enum)), "pandas_type": "categorical"},
    "string": lambda f: {"numpy_type": "string", "pandas_type": "object"},
    "integer": lambda f: {"numpy_type": "Int64", "pandas_type": "int64"},
    "number": lambda f: {"numpy_type": "Float64", "pandas_type": "float64"},
    "boolean": lambda f: {"numpy_type": "boolean", "pandas_type": "bool"},
    "date": lambda f: {"numpy_type": "datetime64[ms]", "pandas_type": "datetime"},
}
"""Each field type's entry in the ``pandas`` metadata (as pyarrow writes it for :func:`pandas_dtype`)."""


def _pandas_column_metadata(f: Field) -> dict[str, Any] | None:
    return {"num_categories": len(f.enum), "ordered": False} if f.enum is not None else None


def polars_dtype(f: Field) -> Any:
    """The polars dtype of a field.

    >>> from sahel_dataset.core.schema import table
    >>> polars_dtype(table("evidence").field("start"))
    Int64
    """
    import polars as pl

    if f.enum is not None:
        return pl.Enum(list(f.enum))
    return {
        "string": pl.String,
        "integer": pl.Int64,
        "number": pl.Float64,
        "boolean": pl.Boolean,
        "date": pl.Date,
    }[f.type]


def convert(data: pa.Table, t: Table, backend: str = "pandas") -> Any:
    """Give an Arrow table (as stored in Parquet) its declared types in ``backend``.

    pandas: ``string``, ``Int64``, ``Float64``, ``boolean``, ``datetime64[ms]`` and
    categoricals holding every value of an enumeration. polars: ``String``,
    ``Int64``, ``Float64``, ``Boolean``, ``Date`` and ``Enum``. Arrow: the stored
    types (``date32``, ``int64``, dictionary-encoded strings for enumerations).

    >>> import pyarrow as pa
    >>> from sahel_dataset.core.schema import table
    >>> df = convert(pa.table({"actor_id": ["act-usa"], "alias": ["US"]}), table("actor_aliases"))
    >>> str(df["alias"].dtype)
    'string'
    """
    if backend == "arrow":
        return data
    if backend == "polars":
        from ..utils.extras import require

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
