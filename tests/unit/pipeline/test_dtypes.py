"""The ``pandas`` metadata written into each Parquet file is what pandas itself would give."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa

from sahel_dataset.core import schema
from sahel_dataset.core.dtypes import pandas_dtype, pandas_metadata
from sahel_dataset.core.schema import Table


def from_pandas(t: Table) -> dict:
    """The metadata pyarrow derives from an empty frame of the declared pandas dtypes."""
    empty = pd.DataFrame({f.name: pd.Series([], dtype=pandas_dtype(f)) for f in t.fields})
    meta = json.loads(pa.Schema.from_pandas(empty, preserve_index=False).metadata[b"pandas"])
    for key in ("creator", "pandas_version"):
        meta.pop(key, None)
    return meta


def test_pandas_metadata_of_every_table_is_what_pandas_gives() -> None:
    for t in schema.tables():
        assert json.loads(pandas_metadata(t)) == from_pandas(t), t.name


def test_pandas_metadata_of_every_field_type_is_what_pandas_gives() -> None:
    # Types today's tables may not use (booleans, an enumeration of 200 values) as well.
    fields = [{"name": "flag", "type": "boolean"}, {"name": "n", "type": "number"},
              {"name": "big", "type": "string", "constraints": {"enum": [f"v{i}" for i in range(200)]}}]
    t = Table.from_descriptor({**schema.table("sources").descriptor, "fields": fields, "primaryKey": ["flag"],
                               "foreignKeys": [], "uniqueKeys": []})
    assert json.loads(pandas_metadata(t)) == from_pandas(t)
