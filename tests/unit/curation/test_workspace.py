"""curation/workspace.py: the shipped package as row dicts, for the curation tools."""

from __future__ import annotations

import hashlib

from sahel_dataset import load, load_all
from sahel_dataset.curation.workspace import shipped_workspace


def test_the_shipped_workspace_holds_every_table_and_seed_as_shipped() -> None:
    ws = shipped_workspace()
    frames = load_all()
    assert {n: len(rows) for n, rows in ws.tables.items()} == {n: len(f) for n, f in frames.items()}
    sources = load("sources").set_index("file")
    assert set(ws.seeds) == set(sources.index)
    for name, text in ws.seeds.items():
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == sources.at[name, "sha256"]
