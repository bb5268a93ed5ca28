"""The hedge policy: what low/best/high a hedged number phrase stands for.

One table, ``schema/v1/rules/policies.json`` (``hedges``), maps each hedge phrase
("about", "more than", "two dozen", "millions", "most of" ...) to a rule; the
rules layer (:mod:`.rules`) checks deployments and figures against it and the
drafting tools propose bounds with it. The table is documented in
docs/validation.md ("Rules").
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from functools import cache
from typing import Any

from ..core import schema


@cache
def policies() -> dict[str, Any]:
    """The policy tables, from ``schema/v1/rules/policies.json``.

    >>> "hedges" in policies() and "crosswalk" in policies()
    True
    """
    return json.loads((schema.schema_dir() / "rules" / "policies.json").read_text(encoding="utf-8"))


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12, "dozen": 12}
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9}


def number_in(text: str) -> Fraction | None:
    """The number a phrase states, or None.

    >>> number_in("$100 million"), number_in("over 2,500 military personnel"), number_in("just six years ago")
    (Fraction(100000000, 1), Fraction(2500, 1), Fraction(6, 1))
    """
    t = text.lower()
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)(?:\s+(thousand|million|billion)\b)?", t)
    if m:
        return Fraction(m.group(1).replace(",", "")) * _SCALE.get(m.group(2) or "", 1)
    for word, n in sorted(_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{word}\b", t):
            return Fraction(n)
    return None


def phrase_in(phrase: str, text: str) -> bool:
    """Whether ``phrase`` stands in ``text`` as whole words (case-insensitive).

    >>> phrase_in("about", "About 920 km"), phrase_in("over", "moreover")
    (True, False)
    """
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE) is not None


def expected_bounds(text: str | None, hedge: str | None = None) -> tuple[dict[str, Fraction | None], str]:
    """The low/best/high the hedge policy gives a phrase, and the policy entry used.

    >>> b, rule = expected_bounds("about 920 kilometers", "about"); (b["low"], b["best"], b["high"], rule)
    (Fraction(828, 1), Fraction(920, 1), Fraction(1012, 1), 'about')
    >>> b, rule = expected_bounds("most of the approximately 100", "most of"); (b["low"], b["best"], b["high"])
    (Fraction(46, 1), None, Fraction(109, 1))
    >>> [tuple(expected_bounds(t)[0].values()) + (expected_bounds(t)[1],) for t in ("at least 12 soldiers",
    ...     "nearly 1,000 troops", "just under 95 troops", "some 200 instructors")]  # doctest: +NORMALIZE_WHITESPACE
    [(Fraction(12, 1), None, None, 'at least'), (Fraction(900, 1), None, Fraction(999, 1), 'nearly'),
     (Fraction(86, 1), None, Fraction(94, 1), 'just under'),
     (Fraction(180, 1), Fraction(200, 1), Fraction(220, 1), 'some')]
    """
    whole = " ".join(w for w in (hedge, text) if w)
    for entry in policies()["hedges"]["policy"]:
        phrase = next((p for p in entry["phrases"] if phrase_in(p, whole)), None)
        if phrase is None:
            continue
        rule = entry["rule"]
        if rule == "fixed":
            return {k: None if entry[k] is None else Fraction(entry[k]) for k in ("low", "best", "high")}, phrase
        if rule == "none":
            return {"low": None, "best": None, "high": None}, phrase
        if rule == "most_of":
            rest = re.sub(r"(?i)\bmost of\b", "", text or "").strip()
            inner, _ = expected_bounds(rest)
            low, high = inner["low"] or inner["best"], inner["high"] or inner["best"]
            return {"low": None if low is None else Fraction(math.floor(low / 2) + 1), "best": None,
                    "high": None if high is None else high - 1}, phrase
        n = number_in(text or "")
        if n is None:
            raise ValueError(f"the policy entry {phrase!r} needs a number, and {text!r} states none")
        if rule == "plus_minus_percent":
            p = Fraction(entry["percent"], 100)
            return {"low": Fraction(math.ceil(n * (1 - p))), "best": n, "high": Fraction(math.floor(n * (1 + p)))}, \
                phrase
        if rule == "more_than":
            return {"low": n + 1, "best": None, "high": None}, phrase
        if rule == "at_least":
            return {"low": n, "best": None, "high": None}, phrase
        if rule == "just_under":
            # "nearly 1,000" is below 1,000 and, read like "about", within 10% of it.
            return {"low": Fraction(math.ceil(n * Fraction(9, 10))), "best": None, "high": n - 1}, phrase
        return {"low": None, "best": n, "high": None}, phrase
    n = number_in(text or "")
    return {"low": None, "best": n, "high": None}, "exact number" if n is not None else "no number"
