"""curation/draft.py: a draft of a seed cites only its own words, and never what is already cited."""

from __future__ import annotations

import pytest

from sahel_dataset.curation.draft import TABLES, cited_spans, draft, load_known
from sahel_dataset.pipeline.evidence import resolve
from sahel_dataset.project import Project


@pytest.fixture(scope="module")
def drafted() -> tuple[str, str, dict]:
    project = Project.find()
    seed = sorted(p.name for p in project.seeds.glob("*.txt"))[-1]
    text = (project.seeds / seed).read_text(encoding="utf-8")
    known = load_known(project.data)
    return seed, text, draft(seed, text, known)


def test_every_drafted_quote_resolves_in_its_seed(drafted) -> None:
    seed, text, out = drafted
    quotes = [e for t in TABLES for r in out[t] for e in r.get("evidence", [])]
    assert quotes
    for e in quotes:
        assert e["seed"] == seed
        start, end = resolve(text, e["quote"], e.get("occurrence"))
        assert text[start:end] == e["quote"]


def test_every_drafted_record_says_why(drafted) -> None:
    _, _, out = drafted
    for t in TABLES:
        for r in out[t]:
            assert r["draft"]["reasons"], (t, r)


def test_cited_spans_lie_inside_the_seed(drafted) -> None:
    seed, text, out = drafted
    spans = cited_spans(out, seed, text)
    assert spans and all(0 <= a < b <= len(text) for a, b in spans)
