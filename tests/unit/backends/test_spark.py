"""The same schema checks on a PySpark DataFrame, on a local Spark session.

pyspark comes with the ``test`` extra (and the ``spark`` extra); Spark needs Java 17.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java", allow_module_level=True)

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from sahel_dataset.backends.spark import pandera_pyspark_schema, validate
from sahel_dataset.core.descriptor import PACKAGE_DIR

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = (
        SparkSession.builder.master("local[1]")
        .appName("sahel-dataset-test")
        .config("spark.driver.memory", "512m")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.extraJavaOptions", "-Dlog4j.rootLogger=ERROR")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def failed_checks(errors: dict) -> set[tuple[str, str]]:
    """(column, check) for every failure in pandera's pyspark error report."""
    out = set()
    for by_type in errors.values():
        for failures in by_type.values():
            for f in failures:
                out.add((str(f.get("column")), str(f.get("check"))))
    return out


def test_shipped_events_and_evidence_are_valid_on_spark(spark: SparkSession) -> None:
    for name in ("events", "evidence"):
        frame = spark.read.parquet(str(PACKAGE_DIR / "parquet" / f"{name}.parquet"))
        assert validate(frame, name) == {}, name


def test_bad_rows_are_reported_on_spark(spark: SparkSession) -> None:
    events = spark.read.parquet(str(PACKAGE_DIR / "parquet" / "events.parquet"))
    first = events.first()["event_id"]
    bad = events.withColumn(
        "event_id", F.when(F.col("event_id") == first, F.lit("EVT Bad")).otherwise(F.col("event_id"))
    ).withColumn(
        "date_start", F.when(F.col("event_id") == "EVT Bad", F.lit(dt.date(2030, 1, 1))).otherwise(F.col("date_start"))
    ).withColumn(
        "status", F.when(F.col("event_id") == "EVT Bad", F.lit("rumoured")).otherwise(F.col("status"))
    )
    checks = failed_checks(validate(bad, "events"))
    columns = {c for c, _ in checks}
    assert {"event_id", "date_end", "status"} <= columns, checks
    assert any("str_matches" in check for _, check in checks), checks
    assert any("date_start must not be after date_end" in check for _, check in checks), checks


def test_spark_schema_has_the_schema_columns() -> None:
    from sahel_dataset.core.schema import table

    assert list(pandera_pyspark_schema("evidence").columns) == table("evidence").names


def test_unique_keys_are_enforced_on_spark(spark: SparkSession) -> None:
    """The evidence's five-column ``uniqueKeys``: one span repeated under a new id fails."""
    evidence = spark.read.parquet(str(PACKAGE_DIR / "parquet" / "evidence.parquet"))
    repeat = evidence.limit(1).withColumn("evidence_id", F.lit("ev-evt-zz-repeat-1"))
    checks = failed_checks(validate(evidence.unionByName(repeat), "evidence"))
    assert any("unique ['record_table', 'record_id', 'source_id', 'start', 'end']" in c for _, c in checks), checks
