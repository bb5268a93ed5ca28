"""Turn a curator's quotation into a verified span of its seed, and check spans later.

Matching forgives typography, storage does not: the quote and the seed are both
*folded* (curly quotes and apostrophes to straight ones, every dash to ``-``,
no-break and other spaces to a space, any run of white space to one space), the
quote is found in the folded seed, and the match is mapped back to code-point
offsets in the seed's own text. The stored ``text`` is always ``seed[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..errors import shown

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
_SPACE = re.compile(r"\s+")  # \s covers the no-break space and the other Unicode spaces


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the offset it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the folded text back to the original text."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """Fold typographic variants, remembering where each character came from.

    >>> f = fold("Niger\u2019s  \u2014\u00a0junta")
    >>> f.text
    "Niger's - junta"
    >>> f.span(8, 15)
    (9, 16)
    """
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _SPACE.finditer(text):
        chunk = text[pos:m.start()].translate(_FOLD)
        out.append(chunk)
        origin.extend(range(pos, m.start()))
        out.append(" ")
        origin.append(m.start())
        pos = m.end()
    out.append(text[pos:].translate(_FOLD))
    origin.extend(range(pos, len(text)))
    return Folded("".join(out), tuple(origin))


@cache
def _folded(seed_text: str) -> Folded:
    return fold(seed_text)


def find_all(seed_text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) in ``seed_text`` where ``quote`` occurs, typography forgiven.

    Occurrences may overlap. Offsets are Unicode code points into ``seed_text``.

    >>> find_all("Niger\u2019s junta and Niger's army", "Niger's")
    [(0, 7), (18, 25)]
    """
    needle = fold(quote).text.strip()
    if not needle:
        return []
    hay = _folded(seed_text)
    spans = []
    i = hay.text.find(needle)
    while i != -1:
        spans.append(hay.span(i, i + len(needle)))
        i = hay.text.find(needle, i + 1)
    return spans


def context(seed_text: str, start: int, end: int, width: int = 40) -> str:
    """The span in its surroundings, marked with ``[[ ]]``, on one line.

    >>> context("one two three four", 4, 7, width=4)
    'one [[two]] thr…'
    """
    left = seed_text[max(0, start - width):start]
    right = seed_text[end:end + width]
    text = f"{'…' if start > width else ''}{left}[[{seed_text[start:end]}]]{right}"
    text += "…" if end + width < len(seed_text) else ""
    return _SPACE.sub(" ", text)


def closest(seed_text: str, quote: str) -> tuple[int, int, float]:
    """The passage of the seed most like ``quote``: (start, end, score out of 100).

    >>> s, e, score = closest("the troops left Niger in 2024", "troops leave Niger")
    >>> score > 80
    True
    """
    from rapidfuzz import fuzz

    hay = _folded(seed_text)
    needle = fold(quote).text.strip()
    r = fuzz.partial_ratio_alignment(needle, hay.text)
    if r is None or r.dest_end <= r.dest_start:
        return 0, 0, 0.0
    start, end = hay.span(r.dest_start, r.dest_end)
    return start, end, float(r.score)


class CitationError(ValueError):
    """A quote that cannot be resolved to exactly one span."""


def resolve(seed_text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Resolve a quote to the single span it means in ``seed_text``.

    Raises :class:`CitationError` when the quote is absent (showing the closest
    passage), occurs more than once without ``occurrence`` (listing every match
    in context), or ``occurrence`` is out of range.

    >>> resolve("A and B. A again.", "A again")
    (9, 16)
    >>> resolve("A and B. A again.", "A", occurrence=2)
    (9, 10)
    """
    spans = find_all(seed_text, quote)
    if not spans:
        start, end, score = closest(seed_text, quote)
        hint = f"; closest passage ({score:.0f}% alike): {context(seed_text, start, end)}" if score else ""
        raise CitationError(f"quote not found in the seed: {shown(quote)}{hint}")
    if occurrence is not None:
        if occurrence > len(spans):
            raise CitationError(f"occurrence {occurrence} asked, but the quote occurs {len(spans)} time(s)")
        return spans[occurrence - 1]
    if len(spans) > 1:
        listing = "; ".join(f"#{i} at {s}-{e}: {context(seed_text, s, e)}" for i, (s, e) in enumerate(spans, 1))
        raise CitationError(
            f"quote occurs {len(spans)} times; add `occurrence: N` to say which: {listing}"
        )
    return spans[0]


STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "of", "in", "on", "at", "to", "for", "from", "by",
    "with", "as", "into", "onto", "upon", "about", "over", "under", "than", "then", "that", "this", "these", "those",
    "it", "its", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "not",
    "no", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "my", "him", "them", "us",
    "me", "who", "whom", "which", "what", "when", "where", "why", "how", "all", "any", "each", "some", "such",
    "there", "here", "also", "only", "very", "just", "more", "most", "said", "says", "say",
})
"""Words that prove nothing: a quote made only of these is refused."""

MIN_QUOTE = 4
"""The fewest letters and digits a quote may have: a shorter one is no content word."""


def _inside_word(before: str, after: str) -> bool:
    """Whether a cut between two characters splits a word. A lower-case letter then an
    upper-case one is a boundary: scraped seeds glue a caption to the next sentence
    (``open sourcesA few months``)."""
    return before.isalnum() and after.isalnum() and not (before.islower() and after.isupper())


def _citable(reason: str, field: str | None) -> bool:
    """Whether text excluded for ``reason`` may still be cited for ``field``: a credit
    states who made a picture, so it may be cited for that (a ``credits`` or ``attribution`` field, or
    when the passage is only a credit); a caption or boilerplate proves no fact."""
    only_credit = "credit" in reason and "caption" not in reason and "boilerplate" not in reason
    return field in ("credits", "attribution") or only_credit


def meaning_problem(seed_text: str, start: int, end: int,
                    excluded: Sequence[tuple[int, int, str]] = (), field: str | None = None) -> str | None:
    r"""Why a resolved span proves nothing, or None when it may stand as evidence.

    The span must start and end on word boundaries (no ``y elected pres``), must not
    be made only of stopwords (``the``, ``of the``) nor hold fewer than
    :data:`MIN_QUOTE` letters and digits, must not lie inside a passage ``excluded``
    (``(start, end, reason)``: a photo caption, boilerplate; a credit only for the
    ``credits`` of a source or where the passage is only a credit) and must not run
    across a line break into one.

    >>> seed = "Niger's army elected president Tiani.\nPhoto: AP"
    >>> meaning_problem(seed, 0, 12) is None
    True
    >>> meaning_problem(seed, 11, 24)
    "starts inside a word ('y elected pr…'): quote whole words"
    >>> meaning_problem(seed, 13, 19)
    "ends inside a word ('electe'): quote whole words"
    >>> meaning_problem("in the end", 3, 6)
    "is the single stopword 'the', which proves nothing: quote the words that say the fact"
    >>> meaning_problem(seed, 31, 43, [(38, 47, "photo credit")])
    'runs across a line break into excluded text (photo credit): quote the sentence only'
    >>> meaning_problem("one of the two", 4, 10)
    "is made only of stopwords ('of the'), which prove nothing: quote the words that say the fact"
    >>> meaning_problem(seed, 38, 47, [(38, 47, "photo caption")])
    'lies inside excluded text (photo caption), which is not evidence: quote the article itself'
    >>> meaning_problem(seed, 38, 47, [(38, 47, "photo caption")], field="credits") is None
    True
    """
    text = seed_text[start:end]
    preview = text if len(text) <= 12 else text[:12] + "…"
    if start > 0 and _inside_word(seed_text[start - 1], seed_text[start]):
        return f"starts inside a word ({shown(preview)}): quote whole words"
    if end < len(seed_text) and _inside_word(seed_text[end - 1], seed_text[end]):
        return f"ends inside a word ({shown(text[-12:])}): quote whole words"
    words = [w.strip(".,;:!?\"'()\u2018\u2019\u201c\u201d") for w in text.split()]
    if len(words) == 1 and words[0].lower() in STOPWORDS:
        return f"is the single stopword {shown(words[0])}, which proves nothing: quote the words that say the fact"
    if all(w.lower() in STOPWORDS for w in words if w):
        return f"is made only of stopwords ({shown(preview)}), which prove nothing: quote the words that say the fact"
    if sum(ch.isalnum() for ch in text) < MIN_QUOTE:
        return f"is shorter than a word of content ({shown(preview)}): quote the words that say the fact"
    for a, b, reason in excluded:
        if a <= start and end <= b and not _citable(reason, field):
            return f"lies inside excluded text ({reason}), which is not evidence: quote the article itself"
        if "\n" in text and a < end and start < b:
            return f"runs across a line break into excluded text ({reason}): quote the sentence only"
    return None


def mismatches(spans: list[tuple[str, int, int, str]], seeds: dict[str, str]) -> list[int]:
    """Indexes of spans whose text is not exactly ``seed[start:end]``.

    Each span is (seed key, start, end, text); an unknown seed is a mismatch.

    >>> mismatches([("a", 0, 3, "abc"), ("a", 1, 3, "xx"), ("b", 0, 1, "a")], {"a": "abcd"})
    [1, 2]
    """
    bad = []
    for i, (key, start, end, text) in enumerate(spans):
        seed = seeds.get(key)
        if seed is None or not (0 <= start < end <= len(seed)) or seed[start:end] != text:
            bad.append(i)
    return bad
