"""Sentences (``curation/sentences.py``): the real seeds split into exact, ordered slices.

The tests read the shipped Data Package (``ws``, ``--shipped``), whose seeds are the real
seeds byte for byte, so they hold while curators are mid-edit; counts of records are never
hard-coded, since the curated data grows.
"""

from __future__ import annotations

import itertools

from shipped import seed_text

from sahel_dataset.curation.sentences import split
from sahel_dataset.curation.workspace import Workspace


def test_sentences_are_exact_slices_in_order_covering_the_text(ws: Workspace) -> None:
    for name, text in ws.seeds.items():
        sents = split(text)
        assert sents, name
        for a, b in itertools.pairwise(sents):
            assert a.end <= b.start, (name, a, b)
        for s in sents:
            assert text[s.start:s.end] == s.text and "\n" not in s.text and s.text == s.text.strip()
        inside = bytearray(len(text))
        for s in sents:
            inside[s.start:s.end] = b"\x01" * (s.end - s.start)
        left = {c for i, c in enumerate(text) if not inside[i] and not c.isspace()}
        assert left <= {"/", "\u2014"}, (name, left)  # only a caption slash and a dateline dash are dropped


def test_photo_captions_that_run_into_the_next_sentence_are_boundaries(ws: Workspace) -> None:
    texts = [s.text for s in split(seed_text(ws, "001"))]
    assert texts.count("Photo from open sources") == 2
    i = texts.index("Photo from open sources")
    assert texts[i - 1] == "US military in Niger."
    assert texts[i + 1].startswith("A few months later, officials from both countries")
    j = texts.index("Photo credits: Carley Petesch/AP")
    assert texts[j - 1] == "Flags of the United States and Niger at a military base."
    assert texts[j + 1] == "The United States has completed the withdrawal of its military contingent from Niger."
    assert texts[:2] == ["The United States has completed the withdrawal of its troops from Niger",
                         "17 September, 2024"]
    assert texts[texts.index("Photo from open sources", i + 1) + 1].startswith("The United States attempted")


def test_headlines_and_initialisms(ws: Workspace) -> None:
    t000 = [s.text for s in split(seed_text(ws, "000"))]
    assert {"US Completes Troop Withdrawal From Niger", "Transfer of last military bases",
            "French troops also expelled", "Photo: US Africa Command"} <= set(t000)
    t002 = [s.text for s in split(seed_text(ws, "002"))]
    assert t002[0] == "Washington, D.C., USA" and t002[1].startswith("The United States has announced")
    t004 = [s.text for s in split(seed_text(ws, "004"))]
    assert "Biden Administration Announces US Troop Withdrawal from Niger" in t004
    assert any(s.startswith("Many US troops stationed at U.S. Air Base 201 have been inactive") for s in t004)
    t003 = [s.text for s in split(seed_text(ws, "003"))]
    assert t003[0].startswith("The U.S. troops in Niger") and t003[0].endswith("by the middle of September.")
