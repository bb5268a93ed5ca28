"""Every multi-column key the schema declares (the evidence ``uniqueKeys``) is enforced by
every validation path: fastcheck, pandera on pandas, pandera on polars, the build's
checks on a built package, and Spark (``tests/unit/backends/test_spark.py``).

The spoiled table repeats one evidence span under a new ``evidence_id``: the primary
key stays unique, only the five-column key is broken.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from sahel_dataset import load
from sahel_dataset.backends import fastcheck
from sahel_dataset.core.schema import table

KEY = ["record_table", "record_id", "source_id", "start", "end"]


def repeated_span() -> pa.Table:
    """The shipped evidence with row 0's span repeated as a last row under a new id."""
    data = load("evidence", backend="arrow")
    extra = data.slice(0, 1).to_pylist()[0] | {"evidence_id": "ev-evt-zz-repeat-1"}
    return pa.concat_tables([data, pa.Table.from_pylist([extra], schema=data.schema)])


def test_the_schema_declares_the_five_column_key() -> None:
    assert table("evidence").multi_column_keys == (tuple(KEY),)


def test_fastcheck_enforces_unique_keys() -> None:
    data = repeated_span()
    failures = fastcheck.check(data, "evidence")
    assert [(f.check, f.rows) for f in failures] == [(f"unique {KEY}", (0, data.num_rows - 1))]


def test_fastcheck_skips_rows_with_a_null_in_the_key() -> None:
    t = table("evidence")
    data = repeated_span()
    start = data["start"].to_pylist()
    start[0] = start[-1] = None
    data = data.set_column(t.names.index("start"), "start", pa.array(start, pa.int64()))
    assert [f.check for f in fastcheck.check(data, t)] == ["required"]


def test_pandera_pandas_enforces_unique_keys() -> None:
    import pandera.errors

    from sahel_dataset.core.dtypes import convert
    from sahel_dataset.pipeline.models import pandera_schema

    data = repeated_span()
    with pytest.raises(pandera.errors.SchemaErrors) as info:
        pandera_schema("evidence").validate(convert(data, table("evidence")), lazy=True)
    cases = info.value.failure_cases
    assert set(cases["check"]) == {f"unique {KEY}"}
    assert set(cases["index"].dropna().astype(int)) == {0, data.num_rows - 1}


def test_pandera_polars_enforces_unique_keys() -> None:
    pl = pytest.importorskip("polars")
    import pandera.errors
    from pandera.config import ValidationDepth, config_context

    from sahel_dataset.pipeline.models import pandera_polars_schema

    frame = pl.from_arrow(repeated_span())
    with config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA), pytest.raises(
            pandera.errors.SchemaErrors) as info:
        pandera_polars_schema("evidence").validate(frame, lazy=True)
    assert f"unique {KEY}" in set(info.value.failure_cases["check"].to_list())


def test_table_problems_name_both_rows() -> None:
    from sahel_dataset.pipeline.checks import fast_table_problems, table_problems

    data = repeated_span()
    from sahel_dataset.core.dtypes import convert

    full = table_problems(table("evidence"), convert(data, table("evidence")), {})
    fast = fast_table_problems(table("evidence"), data, {})
    for problems in (full, fast):
        assert {p.record_id for p in problems} == {data["evidence_id"][0].as_py(), "ev-evt-zz-repeat-1"}, problems
        assert all(f"unique {KEY}" in p.message for p in problems), problems
