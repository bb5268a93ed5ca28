"""curation/accept.py: a draft file is read with every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_dataset.core.errors import DataError
from sahel_dataset.curation.accept import read_draft


@pytest.mark.parametrize(("text", "message"), [
    ("- just a list\n", "a draft is a mapping of table name to records"),
    ("nonsense_table:\n  - a: 1\n", "unknown table"),
    ("events: 3\n", "must be a list of records"),
    ("events: [\n", "invalid YAML"),
    ("# Draft of 009_x.txt: review each record\n\n# events: all deleted\n", "nothing left to accept"),
])
def test_a_bad_draft_names_its_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_draft(path)
    assert all(p.file == str(path) for p in e.value.problems)
    assert message in str(e.value)


def test_a_good_draft_reads_as_tables_of_records(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text("events:\n  - event_id: evt-x\nquotes:\n", encoding="utf-8")
    assert read_draft(path) == {"events": [{"event_id": "evt-x"}], "quotes": []}
