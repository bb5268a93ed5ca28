"""constraints.py: one walk over the value constraints, and no constraint of the schemas left out."""

from __future__ import annotations

import json

from sahel_dataset.core import schema
from sahel_dataset.core.constraints import KINDS, PLAIN_TEXT, walk, walk_descriptor
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
            # A date field's bounds are ISO dates in JSON and dates in code.
            got = [(c.name, c.value.isoformat() if hasattr(c.value, "isoformat") else c.value)
                   for c in walk(t.field(d["name"]))]
            want = [(c.name, tuple(c.value) if c.name == "enum" else c.value)
                    for c in walk_descriptor(d.get("constraints", {}))]
            assert got == want


def test_every_walked_constraint_reaches_pydantic_and_pandera() -> None:
    t = schema.table("actor_aliases")
    alias = t.field("alias")
    assert [c.name for c in walk(alias)] == ["pattern", "min_length", "max_length"]
    assert record_model("actors").model_fields  # the models build from the walk
    checks = [str(c) for c in pandera_schema("actor_aliases").columns["alias"].checks]
    assert any("str_length" in c for c in checks)


def test_every_free_text_field_is_plain_text_of_bounded_length() -> None:
    """Every string a curator writes (no enum, no id pattern, not computed) carries the
    one PLAIN_TEXT pattern and a maxLength, in the tables and in the curated files."""
    tables = [*schema.tables(), schema.file_schema("exclusions"), schema.file_schema("datapackage")]
    free = [(t.name, f) for t in tables for f in t.fields
            if f.type == "string" and f.enum is None and not f.computed
            and f.pattern in (None, PLAIN_TEXT) and (t.name, f.name) not in {("evidence", "text"),
                                                                             ("exclusions", "seed")}]
    assert len(free) > 50
    for name, f in free:
        assert f.pattern == PLAIN_TEXT and f.max_length, (name, f.name)


def test_a_control_character_is_refused_by_every_backend_that_reads_the_pattern() -> None:
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute as pc

    from sahel_dataset.pipeline.models import pandera_polars_schema

    texts = ["ok\u00a0\u2019text\n\twith tab", "cr\rhere", "esc\x1b[2J", "bidi\u202eevil", "iso\u2066x", "c1\x85"]
    want = [True, False, False, False, False, False]
    assert [bool(pd.Series([t]).str.match(PLAIN_TEXT).iloc[0]) for t in texts] == want
    assert pc.match_substring_regex(pa.array(texts), PLAIN_TEXT).to_pylist() == want
    assert pl.Series(texts).str.contains(PLAIN_TEXT).to_list() == want
    from pydantic import ValidationError

    model = record_model("actors")
    for t, ok in zip(texts, want, strict=True):
        record = {"actor_id": "act-usa", "name": t, "actor_type": "state", "description": "A state."}
        try:
            model.model_validate(record)
            assert ok, repr(t)
        except ValidationError as e:
            assert not ok and [x["type"] for x in e.errors()] == ["string_pattern_mismatch"], repr(t)
    frame = pl.DataFrame({"actor_id": ["act-usa"] * len(texts), "alias": texts})
    import pandera.errors

    try:
        pandera_polars_schema("actor_aliases").validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as e:
        bad = sorted(set(e.failure_cases["index"].to_list()))
    assert bad == [1, 2, 3, 4, 5]
