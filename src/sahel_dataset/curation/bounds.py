"""Dates a sentence only bounds: a duration that ends at a time, "after" a time, an undated statement.

News copy often dates a happening by another one: "ending a decade of operations" (the
operations ran the ten years up to the time the sentence gives), "suspended aid after the coup
last July" (some time from the coup to publication), a joint statement with no date of its own
(issued after the happening it reports, by publication; or the saying an earlier sentence
dates: "said on Sunday ... In a joint statement, ..."). Every value here is ``inferred`` and its
note says how it was reached (docs/curation.md: inferred values say so and how).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..pipeline.dates import DateProposal, precision_of
from .sentences import Sentence, split
from .times import anaphoric, resolve, times

_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "several": 0}
_SPAN = re.compile(r"(?i)\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|\d{1,2})\s+"
                   r"(?P<unit>decades?|years?)\s+of\s+(?:[\w’'-]+\s+){0,3}$")
"""A duration right before the trigger: "ending a decade of (French counterterrorism) operations"."""
_AFTER = re.compile(r"(?i)\bafter\s+(?:(?:the|a|an|its|their|it|they|he|she)\s+)?(?:[\w’'-]+\s+){0,3}$")
""""after" opening the phrase a time closes: "after the coup last July", "after it seized power in"."""
_SAID = re.compile(r"\b(?:said|says|announced|stated|confirmed|declared|according to)\b")
"""A speech verb: a time before it in the clause dates what was said, not the saying."""


def fields(prefix: str, text: str | None, start: dt.date, end: dt.date, note: str) -> dict[str, Any]:
    """Inferred date fields ``<prefix>_start/_end/_precision/_basis/_note`` (and ``_text`` when given).

    >>> f = fields("date", None, dt.date(2013, 1, 1), dt.date(2023, 12, 22), "how")
    >>> f["date_precision"], f["date_basis"], "date_text" in f
    ('multi_year', 'inferred', False)
    """
    out: dict[str, Any] = {f"{prefix}_text": text} if text else {}
    out.update({f"{prefix}_start": start, f"{prefix}_end": end,
                f"{prefix}_precision": precision_of(start, end) or "year", f"{prefix}_basis": "inferred",
                f"{prefix}_note": note})
    return out


def lasting(before: str, p: DateProposal) -> DateProposal | None:
    """The period a duration right before the trigger ("ending a decade of operations") covers,
    ending at ``p`` (the time the sentence gives): whole years back from ``p``'s year.

    >>> day = dt.date(2023, 12, 22)
    >>> p = DateProposal("on Friday", day, day, "day", "relative_to_publication", "")
    >>> q = lasting("The last soldiers left on Friday, ending a decade of French ", p); (str(q.start), str(q.end))
    ('2013-01-01', '2023-12-22')
    >>> lasting("The soldiers left on Friday, ending the ", p) is None
    True
    """
    m = _SPAN.search(before)
    if m is None or p.start is None or p.end is None:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else _NUMBER[m.group("n").lower()]
    years = n * (10 if m.group("unit").lower().startswith("decade") else 1)
    start = dt.date(p.end.year - years, 1, 1)
    return DateProposal(p.text, start, p.end, precision_of(start, p.end) or "year", "inferred",
                        f"{m.group(0).strip()!r} counted back from {p.text!r} ({p.end}): from {start.year}")


def after(before: str, p: DateProposal, published_end: dt.date | None) -> DateProposal | None:
    """From the time ``p`` to publication, where the phrase it closes opens with "after" and the
    trigger comes before it ("suspended cooperation after the coup last July"): the happening
    followed that time, by an unstated span. A day is followed from the next day on.

    >>> p = DateProposal("last July", dt.date(2023, 7, 1), dt.date(2023, 7, 31), "month", "relative_to_publication", "")
    >>> q = after("Washington suspended cooperation after the coup ", p, dt.date(2024, 3, 17))
    >>> (str(q.start), str(q.end), q.basis)
    ('2023-07-01', '2024-03-17', 'inferred')
    >>> after("Washington suspended cooperation in ", p, dt.date(2024, 3, 17)) is None
    True
    """
    m = _AFTER.search(before)
    if m is None or p.start is None or p.end is None or published_end is None or re.search(r"[,;]", m.group(0)):
        return None
    start = p.end + dt.timedelta(days=1) if p.start == p.end else p.start
    if start > published_end:
        return None
    return DateProposal(p.text, start, published_end, precision_of(start, published_end) or "year", "inferred",
                        f"after {p.text!r} ({p.start}..{p.end}), by the publication date ({published_end}): "
                        "the words give no closer date")


def issued(text: str, sent: Sentence, a: int, b: int, published: tuple[dt.date | None, dt.date | None],
           at: int | None = None, prefix: str = "date") -> tuple[dict[str, Any], str] | None:
    """The date of a statement (a joint statement, a communiqué) whose clause ``text[a:b]`` has no
    time of its own, from the nearest time before it in its sentence or the two sentences before:
    a saying that time dates ("said on Sunday") is the statement itself; a happening it dates
    ("took place on Sunday") came before the statement, issued by publication. None: a time of its own
    (in the clause, not before a speech verb that precedes the trigger at ``at`` nor in the words the
    statement reports after it: "took place on Sunday, the ministries said in a joint statement" and
    "said in a joint statement that the aircraft left on Sunday" date the happening, not the statement).

    >>> t = "The handover took place on Sunday, the ministries said in a joint statement."
    >>> s = Sentence(0, len(t), t)
    >>> f, _ = issued(t, s, 0, len(t), (dt.date(2024, 7, 8), None), t.index("joint"))
    >>> str(f["date_start"]), str(f["date_end"]), f["date_basis"]
    ('2024-07-07', '2024-07-08', 'inferred')
    >>> t = "The juntas said on Sunday they were leaving. In a joint statement, they accused the bloc."
    >>> s = split(t)[-1]
    >>> f, _ = issued(t, s, s.start, s.end, (dt.date(2024, 1, 29), None))
    >>> str(f["date_start"]), str(f["date_end"])
    ('2024-01-28', '2024-01-28')
    """
    start, end = published[0], published[1] or published[0]
    trigger = (at if at is not None else b) - sent.start
    if start is None or any(a <= sent.start + t.start < b and not (t.end <= trigger and _SAID.search(
            sent.text[t.end:trigger])) and not (t.start > trigger and re.search(
            r"\b(?:that|saying)\s", sent.text[trigger:t.start])) for t in times(sent.text)):
        return None
    earlier = [s for s in split(text) if s.end <= sent.start][-2:]
    for s in [sent, *reversed(earlier)]:
        # a happening's time, not a deadline nor "now" (the present of the report, which dates nothing before it)
        found = [t for t in times(s.text) if not anaphoric(t.text) and not re.match(
            r"(?i)(?:by|until|before)\s|(?:for )?now$|currently$|at present$|today$", t.text)]
        if not found:
            continue
        t = next((t for t in reversed(found) if t.statement), found[-1])
        p = resolve(t.text, start, end)
        if p.start is None or p.end is None or p.start > end:
            continue
        if t.statement:
            return (fields(prefix, None, p.start, p.end,
                           f"The statement is the saying {t.text!r} dates ({p.start}..{p.end}); check."),
                    f"{t.text!r} dates the saying this statement carries, inferred")
        return (fields(prefix, None, p.start, end,
                       f"Issued after the happening it reports ({t.text!r}, {p.start}) and by the publication "
                       f"date ({end}); the words give no closer date."),
                f"no time of its own: after {t.text!r}, by publication, inferred")
    return None


_AROUND = re.compile(r"(?i)\b(?:before|at the time of|when|ahead of|on the eve of)\s+(?:the\s+)?(?P<what>[^,.;]{3,40})")
"""A happening named to place a state in time: "had 1,500 troops there before the coup"."""


def around(text: str, sent: Sentence, a: int, b: int, published: tuple[dt.date | None, dt.date | None],
           prefix: str = "date") -> tuple[dict[str, Any], str] | None:
    """The month of the happening that the span ``text[a:b]`` is placed by ("before the coup", "at the
    time of the coup", "when soldiers seized power"), where another sentence of the article dates a
    happening of that kind: the state stood around then. None: no such phrase, or nothing dates it.

    >>> t = "The junta took power in July. France had 1,500 troops in Niger before the coup."
    >>> s = split(t)[-1]
    >>> f, _ = around(t, s, s.start, s.end, (dt.date(2023, 12, 22), None), "as_of")
    >>> str(f["as_of_start"]), str(f["as_of_end"]), f["as_of_basis"]
    ('2023-07-01', '2023-07-31', 'inferred')
    """
    from .patterns import triggers

    start, end = published[0], published[1] or published[0]
    m = _AROUND.search(text[a:b])
    kinds = {t.event_type for t in triggers(m.group("what"))} if m else set()
    if start is None or not kinds:
        return None
    others = sorted((s for s in split(text) if s.start != sent.start), key=lambda s: abs(s.start - sent.start))
    for s in others:
        for trig in triggers(s.text):
            found = [t for t in times(s.text) if trig.event_type in kinds and not t.statement
                     and not anaphoric(t.text)]
            near = min(found, key=lambda t: abs(t.start - trig.start), default=None)
            p = resolve(near.text, start, end, past=True) if near else None
            if p is None or p.start is None or p.end is None or p.start > end:
                continue
            first, last = dt.date(p.start.year, p.start.month, 1), _month_end(p.start)
            return (fields(prefix, None, first, max(last, p.end),
                           f"{m.group(0)!r} (no time of its own): the month of the {trig.words!r} another "
                           f"sentence dates ({near.text!r}, {p.start}..{p.end}); check."),
                    f"placed by {m.group(0)!r}: the month another sentence dates it, inferred")
    return None


def _month_end(day: dt.date) -> dt.date:
    nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
