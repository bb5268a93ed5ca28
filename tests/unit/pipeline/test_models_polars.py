"""pandera on a polars LazyFrame checks the data only when asked to, and then catches a bad value.

By default pandera validates a LazyFrame's schema (names, dtypes) but not its
values. The benchmarks and this test ask for ``SCHEMA_AND_DATA``, with
``pandera.config.config_context`` here and ``PANDERA_VALIDATION_DEPTH`` in the
benchmark's subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys

import polars as pl
import pytest
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaError, SchemaErrors

from sahel_dataset import load
from sahel_dataset.pipeline.models import pandera_polars_schema


def bad_evidence() -> pl.LazyFrame:
    frame = load("evidence", backend="polars")
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(-5, pl.Int64)).otherwise(pl.col("start")).alias("start")
    ).lazy()


def test_good_lazyframe_passes_with_data_checks() -> None:
    with config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        out = pandera_polars_schema("evidence").validate(load("evidence", backend="polars").lazy())
    assert isinstance(out, pl.LazyFrame)


def test_bad_value_in_lazyframe_is_caught_with_data_checks() -> None:
    with config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA), pytest.raises(SchemaErrors) as err:
        pandera_polars_schema("evidence").validate(bad_evidence(), lazy=True)
    cases = err.value.failure_cases
    assert "start" in cases["column"].to_list()
    assert -5 in [int(v) for v in cases["failure_case"].to_list() if v is not None and v.lstrip("-").isdigit()]


def test_bad_value_in_lazyframe_is_caught_eagerly_too() -> None:
    with config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA), pytest.raises(SchemaError):
        pandera_polars_schema("evidence").validate(bad_evidence())


def test_environment_variable_turns_data_checks_on() -> None:
    """What the benchmark relies on: PANDERA_VALIDATION_DEPTH in a fresh interpreter."""
    code = (
        f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r})\n"
        "from test_models_polars import bad_evidence\n"
        "from pandera.errors import SchemaErrors\n"
        "from sahel_dataset.pipeline.models import pandera_polars_schema\n"
        "try:\n"
        "    pandera_polars_schema('evidence').validate(bad_evidence(), lazy=True)\n"
        "except SchemaErrors:\n"
        "    print('caught')\n"
        "else:\n"
        "    print('missed')\n"
    )
    for depth, expected in (("SCHEMA_AND_DATA", "caught"), ("SCHEMA_ONLY", "missed")):
        env = dict(os.environ, PANDERA_VALIDATION_DEPTH=depth, PYTHONWARNINGS="ignore")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        assert out.stdout.strip().splitlines()[-1] == expected, (depth, out.stdout, out.stderr[-2000:])
