"""curation/events.py: events drafted from the seeds' sentences."""

from __future__ import annotations

from drafted import checked

from sahel_dataset.curation.events import draft_events


def test_drafted_events_use_the_schemas_codes_and_the_seeds_words() -> None:
    assert checked("events", draft_events) > 0
