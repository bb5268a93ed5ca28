"""Time expressions of news copy, and which of them date the statement rather than the happening.

Wire copy dates things by weekday ("on Sunday", "said Monday"), by month and day without
a year ("July 7", "Sept. 15") and by the expressions the seeds use ("last month", "In early
April 2024"). :func:`times` finds them in a sentence; :func:`resolve` gives each an interval
against the publication date: first by :func:`sahel_dataset.pipeline.dates.propose` (the
project's own rules), else by dateparser (a library made for this), taking of the past and
the future reading the one nearer the publication date ("Sept. 15" in a July article is the
coming September). A time right after a speech verb ("said on Friday", "told reporters
Monday") dates the statement: :attr:`Time.statement` says so, and the drafter dates events
by the other times of the sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from ..pipeline.dates import DateProposal, precision_of, propose
from .suggest import candidates

_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?|"
          r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_SPEECH = (r"(?:said|says|told (?:reporters|journalists|[A-Z][\w.]*(?: [A-Z][\w.]*)*)|announced|stated|added|"
           r"confirmed|declared|wrote|posted|tweeted|reported)")


@cache
def _wire() -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:(?:on|by|until|since|from|before|after)\s+)?(?:(?:early|late)\s+)?(?:last\s+|this\s+|next\s+)?{_DAY}"
        rf"(?:,?\s+{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?(?:\s+(?:morning|afternoon|evening|night))?\b"
        rf"|\b(?:(?:on|by|until|since|before|after)\s+)?(?:(?:early|late|mid-?)\s*)?{_MONTH}\s+\d{{1,2}}\b"
        rf"(?:,?\s+\d{{4}}|\s+(?:last|this|next) year)?"
        rf"|\b(?:in\s+)?(?:(?:early|late|mid-?)\s*)?{_MONTH},?\s+(?:of\s+)?(?:last|this|next)\s+year\b")


COUNT = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
"""A small count of days or weeks as wire copy writes it ("10 days after", "a day after", "two weeks later")."""
_COUNTS = {w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                       "ten"), 1)} | {"a": 1, "an": 1}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_ANAPHORA = re.compile(r"(?i)\b(?:(?:in|on|during)\s+)?(?:the (?:following|next) (?P<next>day|week|month|year)"
                       r"|later (?P<later>that (?:day|week|month|year)|the same (?:day|month|year))"
                       r"|(?:a|one) (?P<after>day|week|month|year) later|(?P<days>days|weeks) later"
                       r"|(?P<ago>days) (?:after|following)"
                       rf"|(?P<n>{COUNT}) (?P<unit>days?|weeks?) (?P<dir>later|after|following))\b")
"""Times counted from an earlier time of the article ("the following month", "later that month",
"days later", "days after" a happening that came before it, "three days after" it to the day):
:func:`follow` resolves them against it."""


@cache
def _statement() -> re.Pattern[str]:
    return re.compile(rf"\b{_SPEECH}(?:\s+(?:in a statement|in an interview|late|early))?\s*,?\s*$")


@dataclass(frozen=True)
class Time:
    """A time expression of a sentence (offsets into it); ``statement``: it dates a speech verb;
    ``since``: a state that began then and lasts to publication: ``"here"`` ("since 2013"), or
    ``"after"`` for what the sentence says after it ("the coup of July 2023 ... have since turned")."""

    start: int
    end: int
    text: str
    statement: bool
    since: str = ""


def times(sentence: str) -> list[Time]:
    """The time expressions of ``sentence`` in text order, none overlapping.

    >>> [(t.text, t.statement) for t in times("The Pentagon said on Friday the troops left on Sunday.")]
    [('on Friday', True), ('on Sunday', False)]
    >>> [(t.text, t.statement) for t in times("Niger's junta said Monday troops must leave by Sept. 15.")]
    [('Monday', True), ('by Sept. 15', False)]
    >>> [(t.text, t.since) for t in times("The officers who seized power on July 26, 2023, have since turned.")]
    [('on July 26, 2023', 'after')]
    >>> [(t.text, t.since) for t in times("It has fought insurgents since the operation began in 2013.")]
    [('since the operation began in 2013', 'here')]
    >>> [(t.text, t.since) for t in times("Since seizing power last July, the junta has expelled them.")]
    [('last July', 'here')]
    >>> [t.text for t in times("Troops were there when soldiers seized power in July of last year.")]
    ['in July of last year']
    >>> [t.text for t in times("On Aug. 3, it denounced the accords, and later that month it expelled him.")]
    ['Aug. 3', 'later that month']
    """
    spans = [(m.start(), m.end()) for m in _ANAPHORA.finditer(sentence)]
    spans += [(m.start(), m.end()) for m in _wire().finditer(sentence)  # "on July 26 last year" whole
              if not any(a < m.end() and m.start() < b for a, b in spans)]
    for c in candidates(sentence):
        if c.kind == "time" and not any(a < c.end and c.start < b for a, b in spans):
            spans.append((c.start, c.end))
    out = []
    for a, b in sorted(spans):
        lead = re.search(r"(?i)\bsince\b[^,;]{0,40}$", sentence[:a])
        if lead and re.fullmatch(r"(?:in\s+)?\d{4}", sentence[a:b]):
            a = lead.start()  # "since the operation began in 2013": the period starts then, the whole phrase
        since = "here" if lead or sentence[a:b].lower().startswith("since") else "after" if re.match(
            r",?\s+(?:\w+\s+){0,2}(?:have|has|had) since\b", sentence[b:]) else ""
        out.append(Time(a, b, sentence[a:b], _statement().search(sentence[:a]) is not None, since))
    return out


def _parse(text: str, base: dt.date, prefer: str) -> dt.date | None:
    import dateparser

    got = dateparser.parse(text, languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": prefer})
    return got.date() if got else None


def resolve(text: str, published: dt.date, published_end: dt.date | None = None, past: bool = False,
            ahead: bool = False) -> DateProposal:
    """The interval of the time expression ``text`` against the publication window.

    ``past``: the words report something done (not planned, not a deadline), so a month and day
    without a year is the last one on or before publication, however near the next one is.
    ``ahead``: the words report something still to come ("are due to meet on Thursday"), so a
    bare weekday is the next one after publication, not the last one before it.

    >>> str(resolve("on Thursday", dt.date(2024, 5, 7)).start), str(resolve("on Thursday", dt.date(2024, 5, 7),
    ...                                                                      ahead=True).start)
    ('2024-05-02', '2024-05-09')

    >>> p = resolve("on July 7", dt.date(2024, 7, 8)); (str(p.start), p.precision, p.basis)
    ('2024-07-07', 'day', 'relative_to_publication')
    >>> p = resolve("by Sept. 15", dt.date(2024, 7, 8)); (str(p.start), p.note[:3])
    ('2024-09-15', 'by:')
    >>> p = resolve("late Sunday", dt.date(2024, 7, 8)); str(p.start)
    '2024-07-07'
    >>> feb = dt.date(2024, 2, 24)
    >>> str(resolve("July 26", feb).start), str(resolve("July 26", feb, past=True).start)
    ('2024-07-26', '2023-07-26')
    >>> str(resolve("on July 26 last year", dt.date(2024, 1, 29)).start)
    '2023-07-26'
    >>> p = resolve("Last month", dt.date(2024, 9, 17)); (str(p.start), str(p.end))
    ('2024-08-01', '2024-08-31')
    """
    base = published_end or published
    day_name = re.fullmatch(rf"(?i)(?:on\s+)?(?:early\s+|late\s+)?({_DAY})(?:\s+(?:morning|afternoon|evening|night))?",
                            text.strip())
    if ahead and day_name:  # the next such day: what is to come is not dated before the article
        ahead_by = (_WEEKDAYS.index(day_name.group(1)[:3].lower()) - base.weekday() - 1) % 7 + 1
        day = base + dt.timedelta(days=ahead_by)
        return DateProposal(text, day, day, "day", "relative_to_publication",
                            f"the next {day_name.group(1)} after publication (still to come)")
    got = propose(text, published, published_end)
    if got.start is not None and got.end is not None and got.basis != "inferred":
        return got
    words = re.sub(r"^(?:on|by|until|since|from|before|after)\s+|\b(?:early|late)\s+|\s+(?:morning|afternoon|"
                   r"evening|night)$", "", text.strip(), flags=re.I)
    prep = re.match(r"(?i)(by|until|since|before|after)\s", text.strip())
    if not re.fullmatch(rf"(?:{_DAY}|{_MONTH}\s+\d{{1,2}})\b.*", words):  # dateparser only for a day it can name
        return got
    shift = re.search(r"\s+(last|this|next) year$", words)
    if shift:  # "July 26 last year": the year is the publication's, less one
        words = words[:shift.start()] + f" {base.year + {'last': -1, 'this': 0, 'next': 1}[shift.group(1)]}"
    if re.search(r"\b\d{4}\b", words):
        day = _parse(words, base, "past")
        basis = "stated"
    else:
        near = [d for d in (_parse(words, base, "past"), _parse(words, base, "future")) if d and not (
            past and not prep and d > base)]
        day = min(near, key=lambda d: abs((d - base).days)) if near else None
        basis = "relative_to_publication"
    if day is None:
        return got
    note = "dateparser, the reading nearer the publication date" if not past or prep else \
        "dateparser, the last such day on or before publication (reported as done)"
    if prep:
        note = f"{prep.group(1).lower()}: " + {"by": "a deadline, the event is expected on or before this; "}.get(
            prep.group(1).lower(), "") + note
    return DateProposal(text, day, day, precision_of(day, day) or "day", basis, note)


def anaphoric(text: str) -> bool:
    """Whether a time expression counts from an earlier time of the article.

    >>> anaphoric("the following month"), anaphoric("days later"), anaphoric("last month")
    (True, True, False)
    """
    return _ANAPHORA.fullmatch(text.strip()) is not None


def follow(text: str, anchor: DateProposal) -> DateProposal | None:
    """The interval of an anaphoric time (see :func:`anaphoric`) counted from ``anchor``, the
    article's last time before it: "the following month" after "in March" is April, "later that
    month" after "On Aug. 3" is 4 to 31 August, "days later" is within the week after. Inferred:
    the note names the anchor.

    >>> a = DateProposal("in March", dt.date(2024, 3, 1), dt.date(2024, 3, 31), "month", "relative_to_publication", "")
    >>> p = follow("the following month", a); (str(p.start), str(p.end), p.precision, p.basis)
    ('2024-04-01', '2024-04-30', 'month', 'inferred')
    >>> a = DateProposal("On Aug. 3", dt.date(2023, 8, 3), dt.date(2023, 8, 3), "day", "relative_to_publication", "")
    >>> p = follow("later that month", a); (str(p.start), str(p.end), p.precision)
    ('2023-08-04', '2023-08-31', 'month')
    >>> p = follow("days later", a); (str(p.start), str(p.end), p.precision)
    ('2023-08-04', '2023-08-10', 'week')
    >>> p = follow("days after", a); (str(p.start), str(p.end), p.precision)
    ('2023-07-27', '2023-08-02', 'week')
    >>> p = follow("10 days after", a); (str(p.start), str(p.end), p.precision)
    ('2023-07-24', '2023-07-24', 'day')
    >>> p = follow("two weeks later", a); (str(p.start), str(p.end), p.precision)
    ('2023-08-17', '2023-08-17', 'day')
    """
    m = _ANAPHORA.fullmatch(text.strip())
    if m is None or anchor.start is None or anchor.end is None:
        return None
    start, end = anchor.start, anchor.end
    unit = m.group("next") or m.group("after") or (m.group("later") or "day").split()[-1]
    if m.group("n"):  # a count: that many days or weeks after (later) or before (after it) the anchor, exactly
        n = m.group("n").lower()
        step = dt.timedelta(days=(int(n) if n.isdigit() else _COUNTS[n]) * (7 if m.group("unit")[0] in "wW" else 1))
        a, b = (start + step, end + step) if m.group("dir").lower() == "later" else (start - step, end - step)
    elif m.group("ago"):  # "came days after a visit": the visit is in the week before the anchor
        a, b = start - dt.timedelta(days=7), start - dt.timedelta(days=1)
    elif m.group("days"):
        a, b = end + dt.timedelta(days=1), end + dt.timedelta(days=7 if m.group("days") == "days" else 31)
    elif m.group("later"):  # later that month: after the anchor, within its unit
        a = end + dt.timedelta(days=1)
        b = {"day": end, "week": end + dt.timedelta(days=6 - end.weekday()),
             "month": _month_end(end.year, end.month), "year": dt.date(end.year, 12, 31)}[unit]
    elif unit == "month":
        y, mo = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        a, b = dt.date(y, mo, 1), _month_end(y, mo)
    elif unit == "year":
        a, b = dt.date(start.year + 1, 1, 1), dt.date(start.year + 1, 12, 31)
    else:  # the following day or week: one unit after the anchor's day
        step = dt.timedelta(days=1 if unit == "day" else 7)
        a, b = start + step, end + step
    if b < a:
        return None
    return DateProposal(text, a, b, precision_of(a, b) or "year", "inferred",
                        f"{text.strip()!r} counted from {anchor.text!r} ({anchor.start}..{anchor.end})")


def _month_end(year: int, month: int) -> dt.date:
    import calendar

    return dt.date(year, month, calendar.monthrange(year, month)[1])
