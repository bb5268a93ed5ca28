"""How much of each seed the curated data cites: sentences covered, and characters covered.

A sentence (as :mod:`sahel_dataset.curation.sentences` splits a seed) is **covered** when at
least one evidence span, or one exclusion of ``data/exclusions.yaml``, overlaps it by
one character or more. The sentence share is the headline figure (``--fail-under``
tests it). A stricter second figure, the character share, counts the non-space
characters of all sentences that lie inside an evidence span or an exclusion.

``data/exclusions.yaml`` lists text that holds no fact (photo credits, site
boilerplate), as a YAML list of ``{seed: FILE, quote: "verbatim words", reason:
"...", occurrence: N}`` (``occurrence`` only when the quote occurs more than once).
Quotes are resolved like evidence quotes. A missing file counts as empty. The build
reads it too, so its reader lives in the pipeline:
:func:`sahel_dataset.pipeline.read.load_exclusions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .sentences import Sentence, split

if TYPE_CHECKING:
    from ..pipeline.read import Exclusion

@dataclass
class SeedCoverage:
    """Coverage of one seed (or, for the total, of all seeds)."""

    seed: str
    sentences: int = 0
    cited: int = 0
    excluded: int = 0
    characters: int = 0
    characters_covered: int = 0
    uncovered: list[Sentence] = field(default_factory=list)

    @property
    def covered(self) -> int:
        """Sentences cited or excluded."""
        return self.cited + self.excluded

    @property
    def sentence_share(self) -> float:
        """Percentage of sentences covered (100 for a seed without sentences)."""
        return 100.0 * self.covered / self.sentences if self.sentences else 100.0

    @property
    def character_share(self) -> float:
        """Percentage of non-space characters of sentences covered by a span."""
        return 100.0 * self.characters_covered / self.characters if self.characters else 100.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures and the uncovered sentences."""
        return {
            "seed": self.seed, "sentences": self.sentences, "cited": self.cited, "excluded": self.excluded,
            "covered": self.covered, "sentence_share": round(self.sentence_share, 2),
            "characters": self.characters, "characters_covered": self.characters_covered,
            "character_share": round(self.character_share, 2),
            "uncovered": [{"start": s.start, "end": s.end, "text": s.text} for s in self.uncovered],
        }


def seed_coverage(seed: str, text: str, cited: list[tuple[int, int]], excluded: list[tuple[int, int]]) -> SeedCoverage:
    """Coverage of one seed's sentences by cited and excluded spans.

    A sentence both cited and excluded counts as cited.

    >>> c = seed_coverage("x", "One fact. Two facts. Read more.", cited=[(0, 3)], excluded=[(21, 31)])
    >>> (c.sentences, c.cited, c.excluded, [s.text for s in c.uncovered])
    (3, 1, 1, ['Two facts.'])
    >>> round(c.sentence_share, 1), c.characters, c.characters_covered
    (66.7, 26, 12)
    """
    mask = bytearray(len(text))
    for s, e in [*cited, *excluded]:
        mask[s:e] = b"\x01" * (e - s)
    cov = SeedCoverage(seed)
    for sent in split(text):
        cov.sentences += 1
        if any(sent.overlaps(s, e) for s, e in cited):
            cov.cited += 1
        elif any(sent.overlaps(s, e) for s, e in excluded):
            cov.excluded += 1
        else:
            cov.uncovered.append(sent)
        for i in range(sent.start, sent.end):
            if not text[i].isspace():
                cov.characters += 1
                cov.characters_covered += mask[i]
    return cov


def coverage(tables: dict[str, list[dict[str, Any]]], seeds: dict[str, str],
             exclusions: list[Exclusion]) -> tuple[list[SeedCoverage], SeedCoverage]:
    """Per-seed coverage and the total, from the ``sources`` and ``evidence`` tables.

    >>> from sahel_dataset.curation.workspace import shipped_workspace
    >>> ws = shipped_workspace()
    >>> per_seed, total = coverage(ws.tables, ws.seeds, [])
    >>> len(per_seed) == len(ws.seeds), total.sentences == sum(c.sentences for c in per_seed)
    (True, True)
    >>> 0 < total.cited <= total.sentences
    True
    """
    file_of = {r["source_id"]: r["file"] for r in tables["sources"]}
    per_seed = []
    total = SeedCoverage("total")
    for seed, text in sorted(seeds.items()):
        cited = [(r["start"], r["end"]) for r in tables["evidence"] if file_of.get(r["source_id"]) == seed]
        excluded = [(x.start, x.end) for x in exclusions if x.seed == seed]
        c = seed_coverage(seed, text, cited, excluded)
        per_seed.append(c)
        for name in ("sentences", "cited", "excluded", "characters", "characters_covered"):
            setattr(total, name, getattr(total, name) + getattr(c, name))
        total.uncovered.extend(c.uncovered)
    return per_seed, total
