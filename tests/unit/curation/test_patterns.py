"""curation/patterns.py: clauses, triggers and the bounds of a count phrase, on the seeds' own sentences."""

from __future__ import annotations

import itertools

from sahel_dataset.curation.patterns import bounds, triggers
from sahel_dataset.curation.sentences import clauses, split
from sahel_dataset.curation.workspace import shipped_workspace


def test_clauses_cut_every_seed_sentence_into_ordered_pieces_of_it() -> None:
    for text in shipped_workspace().seeds.values():
        for sent in split(text):
            spans = clauses(sent.text)
            assert spans and spans[0][0] == 0
            assert all(a < b for a, b in spans)
            assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
            assert all(sent.text[a:b].strip() for a, b in spans)


def test_triggers_point_at_their_words() -> None:
    for text in shipped_workspace().seeds.values():
        for sent in split(text):
            for t in triggers(sent.text):
                assert 0 <= t.start < t.end <= len(sent.text) and t.event_type


def test_bounds_are_ordered_whatever_the_hedge() -> None:
    for phrase, hedge in [("Over 1,000", "Over"), ("about two dozen", "about"), ("up to 1,500", "up to"),
                          ("more than 100", "more than"), ("1,000", None), ("millions of dollars", None)]:
        b = bounds(phrase, hedge)
        known = [v for v in (b.low, b.best, b.high) if v is not None]
        assert known == sorted(known), phrase
        assert b.why
