"""``load()`` gives declared types on every backend, from data proved equal to a fresh build."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import sahel_dataset
from sahel_dataset.core import schema
from sahel_dataset.core.descriptor import PACKAGE_DIR
from sahel_dataset.core.dtypes import arrow_type, pandas_dtype, polars_dtype

TABLES = sahel_dataset.tables()


def test_tables_lists_every_schema_table() -> None:
    assert schema.table_names() == TABLES
    assert {"sources", "actors", "locations", "events", "deployments", "agreements", "quotes", "evidence",
            "event_actors", "agreement_parties"} <= set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_pandas_columns_have_declared_dtypes(name: str) -> None:
    frame = sahel_dataset.load(name)
    t = schema.table(name)
    assert list(frame.columns) == t.names
    assert len(frame) > 0
    for f in t.fields:
        dtype = frame[f.name].dtype
        if f.enum is not None:
            assert isinstance(dtype, pd.CategoricalDtype)
            assert list(dtype.categories) == list(f.enum)  # every value, not just those present
        else:
            assert dtype == pandas_dtype(f), f"{name}.{f.name}: {dtype}"


@pytest.mark.parametrize("name", TABLES)
def test_polars_and_arrow_have_declared_types(name: str) -> None:
    t = schema.table(name)
    frame = sahel_dataset.load(name, backend="polars")
    assert isinstance(frame, pl.DataFrame)
    assert frame.schema == pl.Schema({f.name: polars_dtype(f) for f in t.fields})
    table = sahel_dataset.load(name, backend="arrow")
    assert isinstance(table, pa.Table)
    assert [fld.type for fld in table.schema] == [arrow_type(f) for f in t.fields]


def test_nullable_integers_stay_integers_with_nulls() -> None:
    dep = sahel_dataset.load("deployments")
    assert dep["count_best"].dtype == "Int64"
    assert dep["count_best"].isna().any() and dep["count_best"].notna().any()


def test_unknown_table_lists_valid_names() -> None:
    with pytest.raises(ValueError, match=r"unknown table 'event'.*valid tables: sources, actors"):
        sahel_dataset.load("event")


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="valid backends"):
        sahel_dataset.load("events", backend="excel")  # type: ignore[arg-type]


def test_version_is_the_distribution_version() -> None:
    from importlib.metadata import version

    assert sahel_dataset.__version__ == version("sahel-dataset")


def without_parquet_digests(path: Path) -> dict:
    """A datapackage.json or croissant.json without the digests of Parquet files, nor of
    croissant.json, which holds them: Parquet bytes embed the writer's version string."""
    desc = json.loads(path.read_text())
    for r in desc.get("resources", []):
        if r["format"] == "parquet" or r["path"] == "croissant.json":
            r.pop("hash"), r.pop("bytes", None)
    for f in desc.get("distribution", []):
        if f["contentUrl"].endswith(".parquet"):
            f.pop("sha256")
    return desc


def test_shipped_package_equals_a_fresh_build(built: Path) -> None:
    """The data inside the package are what data/ builds now (rebuild with
    `sahel-dataset build --out src/sahel_dataset/datapackage` when this fails)."""
    shipped = sorted(p.relative_to(PACKAGE_DIR) for p in PACKAGE_DIR.rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    assert shipped == fresh
    for rel in fresh:
        if rel.suffix == ".parquet":
            assert pq.read_table(PACKAGE_DIR / rel).equals(pq.read_table(built / rel), check_metadata=True), rel
        elif rel.name == "croissant.json":
            assert without_parquet_digests(PACKAGE_DIR / rel) == without_parquet_digests(built / rel)
        elif rel.name != "datapackage.json":
            assert (PACKAGE_DIR / rel).read_bytes() == (built / rel).read_bytes(), rel

    assert without_parquet_digests(PACKAGE_DIR / "datapackage.json") == without_parquet_digests(
        built / "datapackage.json"
    )
