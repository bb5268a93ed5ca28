"""Validate a table on Spark: the pandera pyspark schema, derived from the same Table Schema.

Needs the ``spark`` extra (``pip install "sahel-dataset[spark]"``) and Java 17.
The rules are the ones :mod:`sahel_dataset.pipeline.models` gives pandas and polars: column names,
order and types, required (not null), enum, pattern, minimum, maximum, length,
the primary key's uniqueness, and ordered pairs (``date_start <= date_end``).
pandera's pyspark backend reports a failed check per column (not the bad rows):

>>> from sahel_dataset.backends.spark import pandera_pyspark_schema
>>> schema = pandera_pyspark_schema("events")
>>> list(schema.columns)[:2], schema.unique
(['event_id', 'event_type'], ['event_id'])

To validate a release (more in ``docs/scaling.md``)::

    spark = SparkSession.builder.master("local[1]").getOrCreate()
    errors = validate(spark.read.parquet("release/parquet/events.parquet"), "events")
"""

from __future__ import annotations

import sys
import types
import warnings
from functools import cache
from typing import Any

try:
    import pyspark.sql.types as T
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F
except ImportError as e:  # the optional backend: say which extra brings it
    raise ImportError(
        'sahel_dataset.backends.spark needs pyspark: pip install "sahel-dataset[spark]" (and Java 17)'
    ) from e
from pandera.config import ValidationDepth, config_context

from ..core.schema import table


class _Placeholder(types.ModuleType):
    """A module whose every attribute is an empty class (DataFrame, Series, Index...)."""

    def __getattr__(self, name: str) -> type:
        if name.startswith("__"):
            raise AttributeError(name)
        cls = type(name, (), {})
        setattr(self, name, cls)
        return cls


def _import_pandera_pyspark() -> Any:
    """``import pandera.pyspark``, also where ``pyspark.pandas`` cannot be imported.

    pyspark 4.x's ``pyspark.pandas`` (pandas-on-Spark) does not import under pandas
    3, yet pandera's pyspark.sql API imports it for a type annotation only. Then a
    placeholder stands in for it during the import and is removed afterwards;
    pyspark.sql validation, all this module uses, is unaffected.
    """
    try:
        import pyspark.pandas  # noqa: F401
    except ImportError:
        stub = _Placeholder("pyspark.pandas")
        typing_module = sys.modules.get("pandera.typing.pyspark")
        if typing_module is not None and not hasattr(typing_module, "DataFrame"):
            del sys.modules["pandera.typing.pyspark"]  # imported without it: again, with the placeholder
        sys.modules["pyspark.pandas"] = stub
        try:
            import pandera.pyspark
        finally:
            del sys.modules["pyspark.pandas"]
        _route_around_pyspark_pandas()
        return pandera.pyspark
    import pandera.pyspark

    return pandera.pyspark


def _route_around_pyspark_pandas() -> None:
    """Let pandera route a pyspark.sql frame to its pyspark backend without pyspark.pandas.

    Before dispatching on a ``pyspark.*`` class, pandera asks its pandas-like
    registry, which imports ``pyspark.pandas`` and lets the ``ImportError`` out.
    Answering "not pandas-like" (``None``) for that case sends the frame on to
    the pyspark.sql backend, as in an install without pandas.
    """
    import pandera.api.pandas.types as pandas_types
    import pandera.backends.register_checks as register_checks

    original = pandas_types.get_backend_types_from_mro

    def get_backend_types_from_mro(cls: type) -> Any:
        try:
            return original(cls)
        except ImportError:
            return None

    pandas_types.get_backend_types_from_mro = get_backend_types_from_mro  # type: ignore[assignment]
    loader = register_checks._load_get_backend_types_from_mro
    if hasattr(loader, "cache_clear"):
        loader.cache_clear()


with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
    pa = _import_pandera_pyspark()

_SPARK_TYPES: dict[str, Any] = {
    "string": T.StringType(),
    "integer": T.LongType(),
    "number": T.DoubleType(),
    "boolean": T.BooleanType(),
    "date": T.DateType(),
}


def _ordered(a: str, b: str) -> pa.Check:
    """``a <= b`` where both are set, as a check on column ``b``."""

    def check(data: Any) -> bool:
        # pandera passes a custom check without arguments the whole frame.
        frame = data if isinstance(data, DataFrame) else data.dataframe
        return frame.filter(F.col(a) > F.col(b)).limit(1).count() == 0

    return pa.Check(check, name=f"{a} <= {b}", error=f"{a} must not be after {b}")


def _unique_key(key: tuple[str, ...]) -> pa.Check:
    """The columns of ``key`` unique together where none is null, as a check on its last column."""
    cols = list(key)

    def check(data: Any) -> bool:
        frame = data if isinstance(data, DataFrame) else data.dataframe
        complete = frame.dropna(subset=cols)
        return complete.groupBy(*cols).count().filter(F.col("count") > 1).limit(1).count() == 0

    return pa.Check(check, name=f"unique {cols}")


@cache
def pandera_pyspark_schema(name: str) -> pa.DataFrameSchema:
    """The pandera (pyspark.sql) schema of table ``name``.

    >>> pandera_pyspark_schema("evidence").columns["start"].dtype
    DataType(LongType())
    """
    # Imported here, after the module has prepared pandera's pyspark import above.
    from ..pipeline.models import _checks

    t = table(name)
    ordered: dict[str, list[pa.Check]] = {}
    for cols in t.ordered:  # every pair, as in models.py: nulls must not hide a bad pair
        for i, a in enumerate(cols):
            for b in cols[i + 1:]:
                ordered.setdefault(b, []).append(_ordered(a, b))
    for key in t.multi_column_keys:  # the primary key's uniqueness is pandera's own `unique` below
        if key != t.primary_key:
            ordered.setdefault(key[-1], []).append(_unique_key(key))
    columns = {
        f.name: pa.Column(
            _SPARK_TYPES[f.type],
            checks=_checks(f, pa) + ordered.get(f.name, []),
            nullable=not f.required,
            description=f.description,
        )
        for f in t.fields
    }
    unique = [f.name for f in t.fields if f.unique] if len(t.primary_key) == 1 else list(t.primary_key)
    return pa.DataFrameSchema(columns, unique=unique or None, strict=True, name=name)


def validate(frame: DataFrame, name: str) -> dict[str, Any]:
    """Validate a Spark DataFrame against table ``name``, schema and data.

    Returns pandera's error report (empty when the frame is valid): for each
    level (``SCHEMA``, ``DATA``) and error type, the failing checks with their
    column and message.
    """
    with config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        out = pandera_pyspark_schema(name).validate(frame)
    return dict(out.pandera.errors)
