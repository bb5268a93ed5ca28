"""The fast indented JSON writer gives the same text as ``json.dumps(indent=2)``: a
release stays reproducible whichever writes it."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from sahel_dataset.load import PACKAGE_DIR
from sahel_dataset.utils.jsontext import dumps_indented

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    | st.dictionaries(st.integers(), inner, max_size=2),
    max_leaves=20,
)


def test_every_shipped_json_file_is_written_the_same() -> None:
    files = [p for p in PACKAGE_DIR.iterdir() if p.suffix in (".json", ".jsonld", ".geojson")]
    assert files
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert dumps_indented(data) == json.dumps(data, indent=2, ensure_ascii=False), path.name


@given(JSON_VALUES)
def test_any_json_value_is_written_as_json_dumps_writes_it(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps_indented(value, indent=4) == json.dumps(value, indent=4, ensure_ascii=False)
