"""The Table Schemas are the single source of truth: pandera and pydantic must agree."""

from __future__ import annotations

import json
import re
import typing

import jsonschema
import pandas as pd
import pytest
from pandera.engines import pandas_engine

import sahel_dataset
from conftest import CHECKOUT as ROOT
from conftest import PROFILES
from sahel_dataset.core import schema
from sahel_dataset.core.dtypes import arrow_schema, pandas_dtype
from sahel_dataset.pipeline.models import pandera_polars_schema, pandera_schema, record_model

TABLES = schema.table_names()


def test_schema_version_is_schemaver_and_exposed() -> None:
    stored = json.loads((ROOT / "schema" / "v1" / "schemaver.json").read_text())["schema_version"]
    assert re.fullmatch(r"[1-9][0-9]*-[0-9]+-[0-9]+", stored)
    assert stored == sahel_dataset.SCHEMA_VERSION
    assert stored.split("-")[0] == "1"  # MODEL matches the folder, schema/v1


def test_every_schema_file_is_listed_and_named_after_its_table() -> None:
    files = sorted(p.stem for p in (ROOT / "schema" / "v1").glob("*.json") if p.stem != "schemaver")
    assert files == sorted(TABLES)
    for name in TABLES:
        assert schema.table(name).descriptor["name"] == name


@pytest.mark.parametrize("name", TABLES)
def test_schema_is_a_valid_table_schema_v2(name: str) -> None:
    profile = json.loads((PROFILES / "tableschema.json").read_text())
    jsonschema.Draft7Validator(profile).validate(schema.table(name).descriptor)


@pytest.mark.parametrize("name", TABLES)
def test_every_field_is_described(name: str) -> None:
    for f in schema.table(name).fields:
        assert f.description.strip(), f"{name}.{f.name} has no description"


@pytest.mark.parametrize("name", TABLES)
def test_pandera_model_matches_schema(name: str) -> None:
    t = schema.table(name)
    model = pandera_schema(name)
    assert list(model.columns) == t.names
    for f in t.fields:
        col = model.columns[f.name]
        assert col.nullable is (not f.required), f.name
        assert col.unique is f.unique, f.name
        assert col.dtype == pandas_engine.Engine.dtype(pandas_dtype(f)), f.name
        if f.enum is not None:
            assert list(col.dtype.type.categories) == list(f.enum), f.name
    polars_model = pandera_polars_schema(name)
    assert list(polars_model.columns) == t.names


@pytest.mark.parametrize("name", [t.name for t in schema.tables() if t.curated_file])
def test_pydantic_model_matches_schema(name: str) -> None:
    t = schema.table(name)
    fields = record_model(name).model_fields
    curated = [f for f in t.fields if not f.computed]
    assert [n for n in fields if n in t.names] == [f.name for f in curated]
    for f in curated:
        info = fields[f.name]
        assert info.is_required() is f.required, f.name
        args = typing.get_args(info.annotation)
        literal = next((a for a in (info.annotation, *args) if typing.get_origin(a) is typing.Literal), None)
        if f.enum is not None:
            assert literal is not None and typing.get_args(literal) == f.enum, f.name
        else:
            assert literal is None, f.name
    assert ("evidence" in fields) is (t.evidence != "none")
    for child in t.children:
        assert child.key in fields


@pytest.mark.parametrize("name", TABLES)
def test_arrow_schema_matches_schema(name: str) -> None:
    t = schema.table(name)
    arrow = arrow_schema(t)
    assert arrow.names == t.names
    assert [not f.nullable for f in arrow] == [f.required for f in t.fields]


def test_foreign_keys_point_at_existing_tables_and_fields() -> None:
    for t in schema.tables():
        for fk in t.foreign_keys:
            assert fk.field in t.names
            assert fk.reference in schema.table(fk.table).names


def test_pandera_rejects_a_value_outside_an_enum() -> None:
    t = schema.table("event_actors")
    frame = pd.DataFrame({"event_id": ["evt-a"], "actor_id": ["act-b"], "role": ["villain"]})
    frame = frame.astype({f.name: "string" for f in t.fields})
    with pytest.raises(Exception, match="role"):
        pandera_schema("event_actors").validate(frame, lazy=True)
