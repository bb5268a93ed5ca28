"""curation/events.py: events drafted from the seeds' sentences."""

from __future__ import annotations

from drafted import check, contexts

from sahel_dataset.curation.events import draft_events


def test_drafted_events_use_the_schemas_codes_and_the_seeds_words() -> None:
    drafted = 0
    for ctx, sent in contexts():
        for record in draft_events(ctx, sent):
            check("events", record, ctx)
            drafted += 1
    assert drafted > 0
