"""Split a seed into sentences, with code-point offsets into the seed's own text.

The rule, in order:

1. **Lines.** A line break always ends a sentence, so a headline or section title
   on its own line is a sentence. Blank lines are skipped.
2. **Datelines.** A date opening a line (``17 September, 2024 Flags of ...``) or a
   place followed by a dash (``Washington, D.C., USA — The United States ...``) is
   a sentence of its own.
3. **Photo captions.** A caption starts at ``Photo:``, ``Photo credits`` or
   ``Photo from`` (a ``/`` before it is dropped) and ends where a credit token
   holding ``/`` ends (``Carley Petesch/AP``) or where the next sentence runs into
   it without a space, a small letter then a capital (``open sourcesA few months later``): both are sentence
   boundaries. A caption without either ends with its line.
4. **Wire datelines, bylines and credits.** ``NIAMEY, Niger (AP) —`` opening a line is a
   sentence of its own, so the drafter never reads the city of the dateline as a place
   of the story nor the agency as an actor (``draft`` excludes it as a dateline).
5. **Terminal punctuation.** Elsewhere the boundaries are pysbd's (a rule-based sentence
   boundary detector that knows "Sept. 16", "Maj. Gen.", "U.S." and quotations); without
   pysbd, a sentence ends after ``.``, ``!`` or ``?`` (and any closing quote or bracket)
   followed by white space and a capital letter, a digit or an opening quote, unless the
   period ends an initialism such as ``U.S.`` or a title such as ``Mr.``

Each sentence is trimmed of surrounding white space (and of a leading ``/`` or dash), so ``seed[start:end] == text``.
:func:`clauses` cuts a sentence further, at commas before a connective and at semicolons.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

_TITLES = {"Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt", "Col", "Sgt", "Capt", "Prof", "Sen", "Rep", "Gov", "Jr", "Sr",
           "No", "Vol", "vs", "Maj", "Brig", "Adm", "Cmdr", "Amb", "Jan", "Feb", "Aug", "Sep", "Sept", "Oct", "Nov",
           "Dec"}
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘'(]?[A-Z0-9])")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_CAPTION = re.compile(r"(?:/\s*)?\bPhoto(?::| credits?\b| from\b)")
_CAPTION_LINE = re.compile(r"^(?:FILE\s*(?:PHOTO\s*)?[-\u2014\u2013:]|PHOTO\s*:|FILE PHOTO\b)")
_CAPTION_END = re.compile(r"\S*/\S+(?=\s)|[a-z](?=[A-Z])")
_WIRE = (r"[A-Z][A-Z.' -]+(?:(?:,\s[A-Z][\w.' ]{0,30}){1,2}(?:\s\([A-Za-z. ]{1,30}\))?|,|\s\([A-Za-z. ]{1,30}\))"
         r"\s*(?:[\u2014\u2013]|--?)")
"""A wire dateline: a city in capitals, then a country and a date, or an agency in brackets, or both, and a dash
(``NIAMEY, Niger (AP) —``, ``UNITED NATIONS (Reuters) —``, ``ABUJA, Nigeria, Feb. 24 (AP) —``)."""
_DATELINE = re.compile(
    r"^(?:\d{1,2} [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+ \d{1,2},? \d{4})(?=\s+\S)"  # 17 September, 2024 / April 3, 2024
    r"|^[A-Z][\w.,' ]{0,40}?(?=\s+[\u2014\u2013]\s)"                        # Washington, D.C., USA —
    rf"|^{_WIRE}(?=\s)"                                                      # NIAMEY, Niger (AP) —
)
WIRE_DATELINE = re.compile(rf"^{_WIRE}$|^[A-Z][A-Z.' -]{{2,}},\s[A-Z][\w.' ]{{0,30}}$"
                           r"|^[A-Z][A-Z.' -]{2,}\s*\([A-Za-z. ]{1,30}\)\s*(?:[\u2014\u2013]|--?)?$")
"""A wire dateline sentence: ``NIAMEY, Niger (AP) —``, ``DAKAR, Senegal (Reuters) -``, ``NIAMEY (AFP) -``."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a seed: ``seed[start:end] == text``."""

    start: int
    end: int
    text: str

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the span ``[start, end)`` shares at least one character with this sentence.

        >>> Sentence(10, 20, "x" * 10).overlaps(19, 25), Sentence(10, 20, "x" * 10).overlaps(20, 25)
        (True, False)
        """
        return start < self.end and end > self.start


def _cuts(line: str) -> list[int]:
    """Offsets inside one line where a new sentence starts."""
    if _CAPTION_LINE.match(line):
        return []  # a caption and its credit are one sentence: "PHOTO: ... at Agadez. (Example Wire)"
    cuts: set[int] = set()
    m = _DATELINE.match(line)
    if m:
        cuts.add(m.end())
    captions: list[tuple[int, int]] = []
    for c in _CAPTION.finditer(line):
        cuts.add(c.start())
        e = _CAPTION_END.search(line, c.end())
        end = len(line) if e is None else e.end()
        cuts.add(end)
        captions.append((c.start(), end))
    for p in _boundaries(line, m.end() if m else 0):
        if not any(s <= p < e for s, e in captions):
            cuts.add(p)
    return sorted(c for c in cuts if 0 < c < len(line))


@cache
def _segmenter() -> Any:
    """pysbd's English segmenter (its rules compiled once, on first use), or None without pysbd."""
    try:
        import pysbd
    except ImportError:  # the curation extra is not installed: the module's own rule
        return None
    return pysbd.Segmenter(language="en", clean=False)


def _boundaries(line: str, start: int = 0) -> list[int]:
    """Offsets in ``line`` (from ``start``) where terminal punctuation ends a sentence."""
    seg = _segmenter()
    if seg is not None:
        parts = seg.segment(line[start:]) if line[start:].strip() else []
        if "".join(parts) == line[start:]:  # pysbd kept every character: its pieces give the offsets
            return list(itertools.accumulate([len(p) for p in parts[:-1]], initial=start))[1:]
    out = []
    for p in _END.finditer(line, start):
        word = line[:p.start() + 1].rsplit(None, 1)[-1] if line[:p.start() + 1].strip() else ""
        if line[p.start()] == "." and (_INITIALISM.search(word) or word[:-1].lstrip("(\"'“‘") in _TITLES):
            continue
        out.append(p.end())
    return out


def split(text: str) -> list[Sentence]:
    """Split ``text`` into sentences by the module's rule.

    >>> text = "Title\\n\\nThe U.S. left. It did.\\nUS military. Photo from open sourcesA month later, more."
    >>> [s.text for s in split(text)]
    ['Title', 'The U.S. left.', 'It did.', 'US military.', 'Photo from open sources', 'A month later, more.']
    >>> [s.text for s in split("17 September, 2024 Flags at a base. Photo credits: Jo Doe/AP The US left.")]
    ['17 September, 2024', 'Flags at a base.', 'Photo credits: Jo Doe/AP', 'The US left.']
    >>> s = split("a\\nBb cc.")[1]; (s.start, s.end, s.text)
    (2, 8, 'Bb cc.')
    >>> [s.text for s in split("NIAMEY, Niger (AP) — Maj. Gen. Ekman said on Sept. 16 the U.S. left. It did.")]
    ['NIAMEY, Niger (AP) —', 'Maj. Gen. Ekman said on Sept. 16 the U.S. left.', 'It did.']
    >>> [s.text for s in split("DAKAR, Senegal — Talks ended.\\nPHOTO: Troops at a base. (AP Photo)")]
    ['DAKAR, Senegal', 'Talks ended.', 'PHOTO: Troops at a base. (AP Photo)']
    """
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        bounds = [0, *_cuts(line), len(line)]
        for a, b in itertools.pairwise(bounds):
            piece = line[a:b]
            lead = len(piece) - len(piece.lstrip(" \t\r\u00a0/\u2014\u2013"))
            trail = len(piece.rstrip())
            if trail > lead:
                s, e = pos + a + lead, pos + a + trail
                out.append(Sentence(s, e, text[s:e]))
        pos += len(line) + 1
    return out


def sentence_at(sentences: list[Sentence], start: int, end: int) -> list[Sentence]:
    """The sentences that the span ``[start, end)`` overlaps, in order.

    >>> [s.text for s in sentence_at(split("One. Two. Three."), 3, 6)]
    ['One.', 'Two.']
    """
    return [s for s in sentences if s.overlaps(start, end)]


_CLAUSE_CUT = re.compile(
    r"(?:,|;|\s[\u2014\u2013])\s+(?=(?:but|while|which|as|after|following|amid|altering|marking|signalling|"
    r"signaling|triggering|criticizing|severing|mainly|mostly|investing|including|opting|with|where|however|"
    r"disclosed|according|although|though|adding|saying|noting|stressing|warning)\b)|;\s+|,\s+but\s+"
)


def clauses(sentence: str) -> list[tuple[int, int]]:
    """The sentence cut into clauses at commas before a connective, and at semicolons;
    a clause shorter than four words joins the one before it.

    >>> s = "The US tried to save the deal with Niger, but failed amid growing resentment."
    >>> [s[a:b] for a, b in clauses(s)]
    ['The US tried to save the deal with Niger', 'but failed amid growing resentment.']
    >>> s = "Niger revoked the deal, following a recent trend of breaking ties."
    >>> [s[a:b] for a, b in clauses(s)]
    ['Niger revoked the deal', 'following a recent trend of breaking ties.']
    >>> s = "The junta revoked, with immediate effect, the accord with Paris, following a rally in Niamey."
    >>> [s[a:b] for a, b in clauses(s)]
    ['The junta revoked, with immediate effect, the accord with Paris', 'following a rally in Niamey.']
    """
    cuts = [0]
    for m in _CLAUSE_CUT.finditer(sentence):
        cuts += [m.start(), m.end()]
    cuts.append(len(sentence))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    out: list[tuple[int, int]] = []
    for a, b in spans:
        aside = re.match(r"with\s+(?:\w+\s+){0,3}\w+,\s", sentence[a:b])  # "revoked, with immediate effect, the"
        if (out and aside) or (out and len(sentence[a:b].split()) < 4) or (
                out and len(sentence[out[-1][0]:out[-1][1]].split()) < 4):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
