"""curation/agreements.py: agreements drafted from the seeds' sentences."""

from __future__ import annotations

from drafted import check, contexts

from sahel_dataset.curation.agreements import draft_agreements


def test_drafted_agreements_use_the_schemas_codes_and_the_seeds_words() -> None:
    drafted = 0
    for ctx, sent in contexts():
        for record in draft_agreements(ctx, sent):
            check("agreements", record, ctx)
            drafted += 1
    assert drafted > 0
