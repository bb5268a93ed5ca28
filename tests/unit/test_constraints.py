"""constraints.py: one walk over the value constraints, and no constraint of the schemas left out."""

from __future__ import annotations

import json

from sahel_dataset import schema
from sahel_dataset.constraints import KINDS, walk, walk_descriptor
from sahel_dataset.pipeline.models import pandera_schema, record_model


def test_every_constraint_in_the_schemas_is_a_known_kind() -> None:
    known = {"required", "unique", *(k.key for k in KINDS)}
    paths = sorted(schema.schema_dir().glob("*.json")) + sorted((schema.schema_dir() / "curated").glob("*.json"))
    for path in paths:
        for f in json.loads(path.read_text(encoding="utf-8")).get("fields", []):
            assert set(f.get("constraints", {})) <= known, (path.name, f["name"])


def test_walk_of_a_field_equals_the_walk_of_its_descriptor() -> None:
    for t in schema.tables():
        for d in t.descriptor["fields"]:
            got = [(c.name, c.value) for c in walk(t.field(d["name"]))]
            want = [(c.name, tuple(c.value) if c.name == "enum" else c.value)
                    for c in walk_descriptor(d.get("constraints", {}))]
            assert got == want


def test_every_walked_constraint_reaches_pydantic_and_pandera() -> None:
    t = schema.table("actor_aliases")
    alias = t.field("alias")
    assert [c.name for c in walk(alias)] == ["min_length"]
    assert record_model("actors").model_fields  # the models build from the walk
    checks = [str(c) for c in pandera_schema("actor_aliases").columns["alias"].checks]
    assert any("str_length" in c for c in checks)
