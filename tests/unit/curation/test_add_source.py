"""curation/add_source.py: the sources record proposed for a seed agrees with the curated one."""

from __future__ import annotations

from sahel_dataset import load
from sahel_dataset.curation.add_source import describe, publication
from sahel_dataset.curation.workspace import shipped_workspace


def test_a_stated_publication_date_is_found_as_curated() -> None:
    seeds = shipped_workspace().seeds
    sources = load("sources").astype(object).where(lambda f: f.notna(), None)
    stated = sources[sources["published_basis"] == "stated"]
    assert len(stated) > 0
    for row in stated.itertuples():
        got = publication(row.file, seeds[row.file])
        assert got["published_basis"] == "stated", row.file
        assert str(got["published_start"]) == str(row.published_start)[:10], row.file


def test_the_proposed_record_cites_only_words_of_its_seed() -> None:
    seeds = shipped_workspace().seeds
    cited = 0
    for n, (name, text) in enumerate(sorted(seeds.items())):
        record = describe(name, text, f"src-{900 + n}", {})
        assert record["source_id"] == f"src-{900 + n}"
        cited += len(record.get("evidence", []))
        for e in record.get("evidence", []):
            assert e["quote"] in text
            assert record[e["field"]] is not None  # the field the quote supports is filled
    assert cited > 0
