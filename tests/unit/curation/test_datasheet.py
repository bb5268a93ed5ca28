"""curation/datasheet.py: the record counts block of DATASHEET.md."""

from __future__ import annotations

import pytest

from conftest import ROOT
from sahel_dataset.catalog import row_counts
from sahel_dataset.core import schema
from sahel_dataset.curation.datasheet import COUNTS_END, COUNTS_START, fill_counts, render_counts


def test_the_block_lists_every_built_table_with_its_count() -> None:
    counts = row_counts()
    block = render_counts(counts)
    assert block.startswith(COUNTS_START) and block.endswith(COUNTS_END)
    for name, n in counts.items():
        assert f"| `{name}` | {n} | {schema.table(name).description}" in block


def test_filling_replaces_only_the_block_and_is_idempotent() -> None:
    text = (ROOT / "DATASHEET.md").read_text(encoding="utf-8")
    changed = fill_counts(text, {"events": 1})
    before, after = text.split(COUNTS_START)[0], text.split(COUNTS_END)[1]
    assert changed.startswith(before) and changed.endswith(after)
    assert fill_counts(changed, {"events": 1}) == changed


def test_a_text_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="counts:start"):
        fill_counts("no markers here", {"events": 1})
