"""Find a curator's words in a seed: every match, its offsets and its sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..pipeline.evidence import closest, context, find_all
from .sentences import sentence_at, split


@dataclass(frozen=True)
class Match:
    """One occurrence of the words: ``seed[start:end] == text``."""

    occurrence: int
    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return dict(self.__dict__)


def locate(seed_text: str, words: str) -> list[Match]:
    """Every occurrence of ``words`` in ``seed_text`` (typography forgiven), with its sentence.

    A match that runs over several sentences gets all of them.

    >>> found = locate("Niger\u2019s army left. Niger's junta stayed.", "Niger's")
    >>> [(m.start, m.end, m.text, m.sentence) for m in found]
    [(0, 7, 'Niger’s', 'Niger’s army left.'), (19, 26, "Niger's", "Niger's junta stayed.")]
    """
    sentences = split(seed_text)
    out = []
    for n, (start, end) in enumerate(find_all(seed_text, words), 1):
        hit = sentence_at(sentences, start, end)
        s, e = (hit[0].start, hit[-1].end) if hit else (start, end)
        out.append(Match(n, start, end, seed_text[start:end], s, e, seed_text[s:e]))
    return out


def nearest(seed_text: str, words: str) -> str:
    """The closest passage when ``words`` do not occur, for the error message.

    >>> nearest("the troops left Niger in 2024", "troops leave Niger")
    'the[[ troops left Niger]] in 2024 (83% alike)'
    """
    start, end, score = closest(seed_text, words)
    return f"{context(seed_text, start, end, width=20)} ({score:.0f}% alike)" if score else ""
