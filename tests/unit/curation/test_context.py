"""curation/context.py: ids proposed from words."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from sahel_dataset.curation.context import slug


@given(st.text(), st.integers(min_value=1, max_value=8))
def test_a_slug_is_always_an_id_part(text: str, words: int) -> None:
    out = slug(text, words)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", out)
    assert out.count("-") < words
