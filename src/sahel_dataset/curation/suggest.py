"""Script-assisted curation: candidate facts in the sentences of a seed that nothing cites yet.

Four kinds of candidate, each found by a regular expression (or, for names, by the
forgiving matcher of :mod:`sahel_dataset.pipeline.evidence`) and given with its offsets:

- ``number``: a number with its hedge and unit ("more than 1,000 American troops",
  "$100 million", "920 kilometers", "two dozen", "hundreds of millions of dollars");
- ``time``: a time expression, absolute or relative ("In early April 2024", "last
  month", "on Monday", "six years ago", "by mid-September"), for
  :func:`sahel_dataset.pipeline.dates.propose`;
- ``speech``: a quotation or a verb of reported speech ("said", "confirmed",
  "according to", "disclosed", "say", "as reported by");
- ``name``: a known actor alias or location name from the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..pipeline.dates import DateProposal, propose
from ..pipeline.evidence import find_all
from .sentences import Sentence, split

_HEDGE = (r"(?:(?:more|fewer|less) than|over|under|about|around|approximately|nearly|almost|some|at least|up to|"
          r"roughly|just|only|an estimated)\s+")
_WORDNUM = (r"(?:a few|several|a dozen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
            r"thirty|forty|fifty|hundreds|thousands|dozens|millions|billions)")
_QUALIFIER = r"(?:U\.S\.|US|American|French|Russian|Nigerien|military|local|additional|foreign|combat|armed)"
_UNIT = (r"(?:troops|soldiers|personnel|forces|instructors|trainers|advisers|advisors|contingent|kilometers|"
         r"kilometres|km|miles|dollars|euros|days|weeks|months|years|bases|drones|aircraft|people|officials)")
_UNIT_PHRASE = rf"(?:\s+{_QUALIFIER}){{0,2}}\s+{_UNIT}\b"
_NUMBER = re.compile(
    rf"(?:\b{_HEDGE})?(?:"
    rf"\$?\b(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s+(?:million|billion|thousand)\b)?(?:{_UNIT_PHRASE})?"
    rf"|\b{_WORDNUM}(?:\s+dozen)?(?:"
    rf"(?:\s+of\s+(?:millions|thousands|billions))?\s+of\s+dollars\b|{_UNIT_PHRASE}|(?<=dozen)\b))",
    re.I,
)
_MONTH = r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PREP = r"(?:(?:in|on|by|since|until|from|during|before|after)\s+)?"
_TIME = re.compile(
    r"\b(?:"
    rf"\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_PREP}(?:(?:early|mid|late)[\s-]?|the\s+(?:middle|end|beginning)\s+of\s+)?(?:last\s+)?{_MONTH}"
    rf"(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?"
    rf"|(?:on|last|next|this)\s+{_DAY}"
    r"|(?:since\s+)?(?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year)"
    r"|(?:just\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)\s+"
    r"(?:days?|weeks?|months?|years?)\s+(?:ago|later|earlier)"
    r"|(?:in|since)\s+(?:(?:early|late)[\s-]?)?\d{4}"
    r"|in\s+recent\s+(?:days|weeks|months|years)|until\s+recently|recently|within\s+(?:days|weeks|months)"
    r"|for\s+(?:now|days|weeks|months|years)|(?<=take\s)(?:days|weeks|months|years)"
    r"|since\s+then|shortly\s+after|soon|later|currently|previously|recent|now"
    r")\b",
    re.I,
)
_SPEECH = re.compile(
    r"“[^”]+”|\"[^\"\n]+\""
    r"|\b(?:as\s+reported\s+by|according\s+to|said|says|say|saying|confirmed|confirming|disclosed|announced|"
    r"stated|told|reported|noted|indicated|acknowledged?|acknowledges|claimed|added|insisted|warned)\b",
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    """A candidate fact: ``seed[start:end] == text``."""

    kind: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return dict(self.__dict__)


def _bounded(text: str, s: int, e: int) -> bool:
    return (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum())


def candidates(text: str, names: Iterable[str] = ()) -> list[Candidate]:
    """Every candidate in ``text``, ordered by offset (kinds may overlap).

    >>> [(c.kind, c.text) for c in candidates("Over 1,000 US troops left last month, officials said.", ["US"])]
    [('number', 'Over 1,000 US troops'), ('name', 'US'), ('time', 'last month'), ('speech', 'said')]
    """
    found: set[Candidate] = set()
    for kind, rx in (("number", _NUMBER), ("time", _TIME), ("speech", _SPEECH)):
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            while e > s and text[e - 1] in " ,":
                e -= 1
            if e > s:
                found.add(Candidate(kind, s, e, text[s:e]))
    for name in {n for n in names if n and n.strip()}:
        for s, e in find_all(text, name):
            if _bounded(text, s, e):
                found.add(Candidate("name", s, e, text[s:e]))
    return sorted(found, key=lambda c: (c.start, -c.end, c.kind))


def known_names(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Actor aliases and names, and location names, from the data.

    >>> from sahel_dataset.curation.workspace import shipped_workspace
    >>> "Niamey" in known_names(shipped_workspace().tables)
    True
    """
    names = {r["alias"] for r in tables.get("actor_aliases", [])}
    names |= {r["name"] for r in tables.get("actors", []) if r.get("name")}
    names |= {r["name"] for r in tables.get("locations", []) if r.get("name")}
    return sorted(n for n in names if isinstance(n, str))


def by_sentence(text: str, names: Iterable[str] = ()) -> list[tuple[Sentence, list[Candidate]]]:
    """Every sentence of ``text`` with its candidates (offsets into ``text``).

    Candidates are sought sentence by sentence, so a sentence that a photo caption
    runs into ("open sourcesA few months later") starts at a word boundary.

    >>> found = by_sentence("Photo from open sourcesA few months later, it left.")
    >>> [s.text for s, _ in found]
    ['Photo from open sources', 'A few months later, it left.']
    >>> [(c.kind, c.text) for c in found[1][1]]
    [('time', 'A few months later'), ('number', 'A few months')]
    """
    names = list(names)
    return [(sent, [Candidate(c.kind, c.start + sent.start, c.end + sent.start, c.text)
                    for c in candidates(sent.text, names)]) for sent in split(text)]


def suggest(text: str, cited: list[tuple[int, int]],
            names: Iterable[str] = ()) -> list[tuple[Sentence, list[Candidate]]]:
    """For each sentence that no span in ``cited`` overlaps, its candidates (offsets into ``text``).

    >>> out = suggest("Cited fact. About 100 troops stayed on Monday, Singh said.", [(0, 5)], ["Singh"])
    >>> [(s.text, [c.text for c in cs]) for s, cs in out]
    [('About 100 troops stayed on Monday, Singh said.', ['About 100 troops', 'on Monday', 'Singh', 'said'])]
    """
    return [(sent, found) for sent, found in by_sentence(text, names)
            if not any(sent.overlaps(s, e) for s, e in cited)]


def date_of(candidate: Candidate, source: dict[str, Any]) -> DateProposal | None:
    """For a time candidate, the dates :func:`sahel_dataset.pipeline.dates.propose` resolves it to.

    ``source`` is the seed's ``sources`` row; without a publication date, None.

    >>> import datetime as dt
    >>> d = date_of(Candidate("time", 0, 10, "last month"), {"published_start": dt.date(2024, 9, 17)})
    >>> str(d.start), str(d.end), d.basis
    ('2024-08-01', '2024-08-31', 'relative_to_publication')
    """
    start = source.get("published_start")
    if candidate.kind != "time" or start is None:
        return None
    return propose(candidate.text, start, source.get("published_end"))
