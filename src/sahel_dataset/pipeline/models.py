"""Derive the pydantic record models and the pandera table schemas from ``schema/``.

Nothing here declares a column: every name, type, enum and constraint comes from
the Table Schemas read by :mod:`sahel_dataset.core.schema`, so the three views of a
table (Table Schema, pandera, pydantic) cannot drift apart. ``tests/unit/test_schema.py``
checks that they agree.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import warnings
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, create_model
from pydantic import Field as PydField

from ..core.constraints import PLAIN_TEXT, length_bounds, walk
from ..core.dtypes import pandas_dtype, polars_dtype
from ..core.schema import Field, Table, file_schema, table

if TYPE_CHECKING:
    import pandera.pandas as pa
    import pandera.polars as pap

PROBED = ("pyspark", "hypothesis")
"""Optional packages pandera imports on its own import only to see whether they are
installed (0.1-0.2 s each); the checks here use neither."""


@contextlib.contextmanager
def _unprobed() -> Iterator[None]:
    """Hide :data:`PROBED` packages (those not imported yet) while pandera is imported.

    pandera then registers no pyspark types and no hypothesis strategies, which this
    module does not use; the Spark backend re-imports what it needs
    (:mod:`sahel_dataset.backends.spark`). Where pyspark is imported it warns that it
    does not support pandas 3: that warning is silenced too.
    """
    hidden = [name for name in PROBED if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail at once
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
            yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def pandera_pandas() -> Any:
    """``pandera.pandas``, imported on first use without probing pyspark or hypothesis.

    >>> pandera_pandas().__name__
    'pandera.pandas'
    """
    if "pandera.pandas" not in sys.modules:
        with _unprobed():
            import pandera.pandas  # noqa: F401
    return sys.modules["pandera.pandas"]


def pandera_polars() -> Any:
    """``pandera.polars`` (with polars), imported on first use as :func:`pandera_pandas` is."""
    from ..utils.extras import require

    require("polars")
    if "pandera.polars" not in sys.modules:
        with _unprobed():
            import pandera.polars  # noqa: F401
    return sys.modules["pandera.polars"]

_PYTHON_TYPES: dict[str, type] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "date": dt.date,
    "array": list,  # the package metadata's lists (keywords, licenses, contributors)
}


# --------------------------------------------------------------------- pydantic


QUOTE_MAX = 2000
"""The longest quote a citation may hold (the longest in the data is under 300)."""


class Citation(BaseModel):
    """One piece of evidence as a curator writes it: the verbatim words of a seed."""

    model_config = ConfigDict(strict=True, extra="forbid")

    seed: str = PydField(pattern=r"^[0-9]{3}_[0-9a-f]{16}\.txt$", description="Seed file name.")
    quote: str = PydField(min_length=1, max_length=QUOTE_MAX, pattern=PLAIN_TEXT,
                          description="Words of the seed, typographic variants allowed.")
    occurrence: int | None = PydField(
        default=None, ge=1, description="Which match to use (1-based) when the words occur more than once."
    )
    field: str | None = PydField(default=None, min_length=1, description="The field the words support.")


_PYDANTIC = {"pattern": "pattern", "minimum": "ge", "maximum": "le", "min_length": "min_length",
             "max_length": "max_length"}
"""The pydantic ``Field`` argument of each value constraint but ``enum`` (a ``Literal`` type instead)."""


def _annotation(f: Field) -> tuple[Any, Any]:
    """The pydantic (annotation, FieldInfo) pair for a Table Schema field."""
    base: Any = Literal[f.enum] if f.enum is not None else _PYTHON_TYPES[f.type]
    kwargs: dict[str, Any] = {"description": f.description}
    for c in walk(f):
        if c.name != "enum":
            kwargs[_PYDANTIC[c.name]] = c.value
    if f.type == "number":
        kwargs["allow_inf_nan"] = False
    if f.type == "date":
        # YAML turns unquoted ISO dates into dates; a quoted one is accepted too.
        kwargs["strict"] = False
    if f.required:
        return base, PydField(**kwargs)
    return base | None, PydField(default=None, **kwargs)


def _model(model_name: str, fields: dict[str, Any]) -> type[BaseModel]:
    """A strict pydantic model: exact types, no unknown keys."""
    return create_model(model_name, __config__=ConfigDict(strict=True, extra="forbid"), **fields)


@cache
def record_model(name: str) -> type[BaseModel]:
    """The pydantic model of one curated record of table ``name``.

    It has the table's non-computed fields, an ``evidence`` list of citations, and
    one list for each link table the record feeds (``actors`` for events).

    >>> M = record_model("actors")
    >>> M(actor_id="act-niger", name="Niger", actor_type="state", description="A state.").actor_id
    'act-niger'
    """
    t = table(name)
    fields: dict[str, Any] = {f.name: _annotation(f) for f in t.fields if not f.computed}
    if t.evidence == "required":
        fields["evidence"] = (list[Citation], PydField(min_length=1))
    elif t.evidence == "optional":
        fields["evidence"] = (list[Citation], PydField(default_factory=list))
    for child in t.children:
        child_table = table(child.table)
        if child.scalar:
            item: Any = _annotation(child_table.field(child.scalar))[0]
        else:
            item = child_model(child.table, child.parent_field)
        fields[child.key] = (list[item], PydField(default_factory=list))
    return _model(f"{name.title().replace('_', '')}Record", fields)


@cache
def child_model(name: str, parent_field: str) -> type[BaseModel]:
    """The pydantic model of a link-table row nested in its parent record.

    >>> child_model("event_actors", "event_id")(actor_id="act-usa", role="target").role
    'target'
    """
    t = table(name)
    fields = {f.name: _annotation(f) for f in t.fields if f.name != parent_field}
    return _model(f"{name.title().replace('_', '')}Item", fields)


@cache
def file_model(name: str) -> type[BaseModel]:
    """The pydantic model of one record of a curated file that is not a table
    (``exclusions``, ``datapackage``), from its schema (:func:`sahel_dataset.core.schema.file_schema`).

    >>> file_model("exclusions")(seed="a.txt", quote="Photo", reason="photo credit").occurrence is None
    True
    """
    t = file_schema(name)
    return _model(f"{name.title().replace('_', '')}File", {f.name: _annotation(f) for f in t.fields})


# ---------------------------------------------------------------------- pandera


def _checks(f: Field, api: Any) -> list[Any]:
    """The pandera checks of a field's value constraints, with one backend's API
    (pandas, polars or pyspark.sql): both length bounds make one ``str_length`` check."""
    rules = {"enum": lambda v: api.Check.isin(list(v)), "pattern": api.Check.str_matches,
             "minimum": api.Check.ge, "maximum": api.Check.le}
    checks = [rules[c.name](_bound(f, c.value, api)) for c in walk(f) if not c.kind.length]
    lengths = length_bounds(f)
    if lengths is not None:
        checks.append(api.Check.str_length(*lengths))
    return checks


def _bound(f: Field, value: Any, api: Any) -> Any:
    """A constraint's value as one backend compares it: pandas holds dates as timestamps."""
    if f.type == "date" and isinstance(value, dt.date) and api is pandera_pandas():
        import pandas as pd

        return pd.Timestamp(value)
    return value


def _ordered_pandas(a: str, b: str) -> pa.Check:
    return pandera_pandas().Check(
        lambda df: df[a].isna() | df[b].isna() | (df[a] <= df[b]),
        name=f"{a} <= {b}",
        error=f"{a} must not be after {b}",
    )


def _ordered_polars(a: str, b: str) -> pap.Check:
    import polars as pl

    def check(data: Any) -> Any:
        col_a, col_b = pl.col(a), pl.col(b)
        return data.lazyframe.select(
            (col_a.is_null() | col_b.is_null() | (col_a <= col_b)).alias("ok")
        )

    return pandera_polars().Check(check, name=f"{a} <= {b}", error=f"{a} must not be after {b}")


def _unique_pandas(key: tuple[str, ...]) -> pa.Check:
    cols = list(key)
    return pandera_pandas().Check(
        lambda df: ~(df.duplicated(subset=cols, keep=False) & df[cols].notna().all(axis=1)),
        name=f"unique {cols}"
    )


def _unique_polars(key: tuple[str, ...]) -> pap.Check:
    import polars as pl

    cols = list(key)

    def check(data: Any) -> Any:
        complete = pl.all_horizontal(pl.col(c).is_not_null() for c in cols)
        return data.lazyframe.select((~(pl.struct(cols).is_duplicated() & complete)).alias("ok"))

    return pandera_polars().Check(check, name=f"unique {cols}")


def _pairs(t: Table) -> list[tuple[str, str]]:
    return [(cols[i], cols[j]) for cols in t.ordered for i in range(len(cols)) for j in range(i + 1, len(cols))]


def _schema(name: str, api: Any, dtype_of: Callable[[Field], Any], ordered: Callable[[str, str], Any],
            unique: Callable[[tuple[str, ...]], Any]) -> Any:
    """Build table ``name``'s pandera schema with one backend's API, dtypes,
    ordered-pair and multi-column-key checks: the same columns and rules on every backend."""
    t = table(name)
    columns = {
        f.name: api.Column(
            dtype_of(f),
            checks=_checks(f, api),
            nullable=not f.required,
            unique=f.unique,
            description=f.description,
        )
        for f in t.fields
    }
    return api.DataFrameSchema(
        columns,
        checks=[ordered(a, b) for a, b in _pairs(t)] + [unique(k) for k in t.multi_column_keys],
        strict=True,
        ordered=True,
        name=name,
    )


@cache
def pandera_schema(name: str) -> pa.DataFrameSchema:
    """The pandera (pandas) schema of table ``name``.

    >>> pandera_schema("evidence").columns["start"].dtype
    DataType(Int64)
    """
    return _schema(name, pandera_pandas(), pandas_dtype, _ordered_pandas, _unique_pandas)


@cache
def pandera_polars_schema(name: str) -> pap.DataFrameSchema:
    """The pandera (polars) schema of table ``name``: the same rules on polars frames.

    >>> pandera_polars_schema("evidence").columns["start"].dtype
    DataType(Int64)
    """
    return _schema(name, pandera_polars(), polars_dtype, _ordered_polars, _unique_polars)
