"""curation/agreements.py: agreements drafted from the seeds' sentences."""

from __future__ import annotations

from drafted import checked

from sahel_dataset.curation.agreements import draft_agreements


def test_drafted_agreements_use_the_schemas_codes_and_the_seeds_words() -> None:
    assert checked("agreements", draft_agreements) > 0
