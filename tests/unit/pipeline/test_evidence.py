"""Citations resolve to exact spans of the real seeds, typography forgiven."""

from __future__ import annotations

import pytest

from sahel_dataset.pipeline.evidence import CitationError, find_all, fold, resolve
from sahel_dataset.pipeline.seeds import load_seeds
from sahel_dataset.project import Project


@pytest.fixture(scope="module")
def seeds(project: Project) -> dict[str, str]:
    return load_seeds(project.seeds)


def test_offsets_are_code_points_not_bytes(seeds: dict[str, str]) -> None:
    seed = seeds["002_5ae2610656b021af.txt"]  # has an em dash and curly apostrophes
    start, end = resolve(seed, "Niger’s shift towards closer security ties with Russia")
    assert seed[start:end] == "Niger’s shift towards closer security ties with Russia"
    # Read as byte offsets, the same numbers would cut the wrong text.
    assert seed.encode("utf-8")[start:end].decode("utf-8", errors="replace") != seed[start:end]


def test_straight_apostrophe_matches_curly_and_stored_text_stays_curly(seeds: dict[str, str]) -> None:
    seed = seeds["000_116382d6909dcc45.txt"]
    start, end = resolve(seed, "Niger's military junta decision")
    assert seed[start:end] == "Niger’s military junta decision"


def test_no_break_space_matches_a_plain_space(seeds: dict[str, str]) -> None:
    seed = seeds["000_116382d6909dcc45.txt"]
    assert "\u00a0" in seed
    nbsp = seed.index("\u00a0")
    around = seed[nbsp - 20:nbsp + 20]
    start, end = resolve(seed, around.replace("\u00a0", " "))
    assert seed[start:end] == around and "\u00a0" in seed[start:end]


def test_line_breaks_and_runs_of_space_are_forgiven(seeds: dict[str, str]) -> None:
    seed = seeds["004_d7e5eae0bf62575b.txt"]
    start, end = resolve(seed, "Comments   are\nclosed.")
    assert seed[start:end] == "Comments are closed."


def test_dash_variants_match(seeds: dict[str, str]) -> None:
    seed = seeds["002_5ae2610656b021af.txt"]
    start, end = resolve(seed, "USA - The United States")
    assert seed[start:end] == "USA — The United States"


def test_absent_quote_names_the_closest_passage(seeds: dict[str, str]) -> None:
    with pytest.raises(CitationError, match=r"not found.*closest passage.*Agadez"):
        resolve(seeds["003_96708bf42db7307b.txt"], "an air base close to Agadez")


def test_ambiguous_quote_lists_every_occurrence(seeds: dict[str, str]) -> None:
    seed = seeds["003_96708bf42db7307b.txt"]
    n = len(find_all(seed, "the Sahel"))
    assert n > 2
    with pytest.raises(CitationError, match=rf"occurs {n} times") as info:
        resolve(seed, "the Sahel")
    assert all(f"#{i} at" in str(info.value) for i in range(1, n + 1))
    start, end = resolve(seed, "the Sahel", occurrence=2)
    assert (start, end) == find_all(seed, "the Sahel")[1]


def test_fold_maps_every_character_back() -> None:
    text = "a\u00a0\u00a0b\u2019c\n\nd\u2014e"
    folded = fold(text)
    assert folded.text == "a b'c d-e"
    assert len(folded.origin) == len(folded.text)
    assert [text[i] for i in folded.origin] == ["a", "\u00a0", "b", "\u2019", "c", "\n", "d", "\u2014", "e"]
