"""Propose a resolved date interval for a time expression, given the publication date.

:func:`propose` turns a source's own words ("last month", "In early April 2024",
"by mid-September") and the source's publication date (a day, or an interval when
only a week or month is known) into ``date_start``, ``date_end``, a ``precision``
and a ``basis``, the columns curated records keep next to ``date_text``. Nothing is
guessed silently: every assumption is in the ``note``.

The rules (basis, precision as the interval's width) are in ``docs/curation.md``
("Dates and precision"); the codes and their ACLED/UCDP crosswalk in CODEBOOK.md
("Date precision codes"), generated from ``x-crosswalk`` in the schema (see
:func:`crosswalk`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

Date = dt.date

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTH = "(" + "|".join(m for m in MONTHS) + ")"
_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "a few": 3, "few": 3, "several": 3}
_REL = {"last": "before", "next": "after", "this": "of"}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_ABBREVIATED = {m[:3]: m for m in MONTHS} | {"sept": "september"}
"""Wire copy's month abbreviations ("Sept. 15", "Aug. 3"), read as the month's name."""
_QUARTER = {"early": (1, 3), "late": (10, 12)}
""""early 2024" is its first quarter, "late 2021" its last: a season, at most 92 days."""
_PART = {"early": (1, 10), "mid": (11, 20), "the middle of": (11, 20), "middle of": (11, 20), "late": (21, 31),
         "the end of": (21, 31), "end of": (21, 31), "the beginning of": (1, 10), "beginning of": (1, 10)}


@dataclass(frozen=True)
class DateProposal:
    """A proposed interval for a time expression."""

    text: str
    start: Date | None
    end: Date | None
    precision: str | None
    basis: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, dates as ISO strings.

        >>> propose("in 2013", dt.date(2024, 9, 17)).to_dict()["start"]
        '2013-01-01'
        """
        d = asdict(self)
        for k in ("start", "end"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


def precision_of(start: Date | None, end: Date | None) -> str | None:
    """The precision code for an interval's width.

    >>> precision_of(dt.date(2024, 9, 11), dt.date(2024, 9, 20)), precision_of(dt.date(2024, 1, 1), None)
    ('month', None)
    >>> precision_of(dt.date(2023, 7, 1), dt.date(2024, 6, 30)), precision_of(dt.date(2013, 1, 1), dt.date(2024, 9, 16))
    ('year', 'multi_year')
    """
    if start is None or end is None:
        return None
    days = (end - start).days + 1
    for code, most in (("day", 1), ("week", 7), ("month", 31), ("season", 92), ("year", 366)):
        if days <= most:
            return code
    return "multi_year"


def crosswalk() -> dict[str, dict[str, str]]:
    """The precision code's ACLED and UCDP equivalents, from the schema.

    >>> crosswalk()["ACLED time_precision"]["week"], crosswalk()["UCDP GED date_prec"]["month"]
    ('2', '4')
    """
    from ..core import schema

    fields = schema.table("events").descriptor["fields"]
    return next(f["x-crosswalk"] for f in fields if f["name"] == "date_precision")


def month_end(year: int, month: int) -> Date:
    """The last day of a month.

    >>> month_end(2024, 2)
    datetime.date(2024, 2, 29)
    """
    return Date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: Date, n: int) -> Date:
    y, m = divmod(d.month - 1 + n, 12)
    return Date(d.year + y, m + 1, min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _NUM[word]


def _strip(text: str) -> tuple[str, str]:
    """Normalised expression and its leading preposition (by, since, in, ...)."""
    t = re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2014", "-")).strip().lower().rstrip(".,")
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"\b(jan|feb|mar|apr|aug|sept?|oct|nov|dec)\.", lambda m: _ABBREVIATED[m.group(1)], t)
    t = re.sub(r"^(just|only|about|around) ", "", t)
    m = re.match(r"^(by|since|until|in|on|at|from|during|before|after|within) (?=\S)", t)
    if m and not t.startswith(("in recent", "in early", "in late", "in mid")):
        return t[m.end():], m.group(1)
    if t.startswith(("in early", "in late", "in mid")):
        return t[3:], "in"
    return t, ""


def _relative(t: str, p: Date, ahead: bool = False) -> tuple[Date | None, Date | None, str] | None:
    """Resolve an expression against one publication day: (start, end, note) or None.

    ``ahead``: a deadline ("by mid-September"), so a part of a month is the next one, not the last.
    """
    y = p.year
    m = re.fullmatch(r"(early|mid|late|the middle of|middle of|the end of|end of|the beginning of|beginning of)"
                     rf"[ -]?{_MONTH}", t)
    if m:
        month = MONTHS[m.group(2)]
        a, b = _PART[m.group(1)]
        if ahead:
            year = y if month >= p.month else y + 1
            how = "the next " + m.group(2).title() + " on or after publication"
        else:  # "seized power in late July", read in December: the July before, as a plain "in July" is
            year = y if month <= p.month else y - 1
            how = "the latest " + m.group(2).title() + " not after the publication month (past tense assumed)"
        return Date(year, month, a), Date(year, month, min(b, calendar.monthrange(year, month)[1])), \
            f"{how}; {m.group(1)} = days {a}-{b}"
    m = re.fullmatch(rf"((?:early|mid|late)[ -]?)?{_MONTH},? (?:of )?(last|this|next) year", t)
    if m:  # "in July of last year": the month of the year before publication's
        year = y + {"last": -1, "next": 1, "this": 0}[m.group(3)]
        inner = _relative(f"{m.group(1) or ''}{m.group(2)}", Date(year, 12, 31))
        if inner and inner[0] is not None:
            return inner[0], inner[1], f"{m.group(2).title()} of the calendar year {_REL[m.group(3)]} publication"
    m = re.fullmatch(rf"(last )?{_MONTH}", t)
    if m:
        month = MONTHS[m.group(2)]
        if m.group(1):
            year = y if month < p.month else y - 1
            how = "the last " + m.group(2).title() + " before the publication month"
            if year == y:
                how = (f"ambiguous: the latest {m.group(2).title()} ({year}) is proposed, but 'last "
                       f"{m.group(2).title()}' may mean {m.group(2).title()} of the previous year ({year - 1}); "
                       f"check the context")
        else:
            year = y if month <= p.month else y - 1
            how = "the latest " + m.group(2).title() + " not after the publication month (past tense assumed)"
        return Date(year, month, 1), month_end(year, month), how
    m = re.fullmatch(r"(last|next|this) (week|month|year)|(earlier|later) this (year|month)|(yesterday|today)", t)
    if m:
        word, unit = (m.group(1), m.group(2)) if m.group(1) else ((m.group(3), m.group(4)) if m.group(3)
                                                                   else (m.group(5), "day"))
        if unit == "day":
            d = p - dt.timedelta(days=1) if word == "yesterday" else p
            return d, d, word
        if unit == "week":
            monday = p - dt.timedelta(days=p.weekday()) + dt.timedelta(weeks={"last": -1, "next": 1}.get(word, 0))
            return monday, monday + dt.timedelta(days=6), f"the Monday-to-Sunday week {_REL[word]} publication"
        if unit == "month":
            if word in ("earlier", "later"):
                return ((Date(y, p.month, 1), p - dt.timedelta(days=1), "this month, before publication")
                        if word == "earlier" else (p + dt.timedelta(days=1), month_end(y, p.month), "rest of month"))
            first = _add_months(Date(y, p.month, 1), {"last": -1, "next": 1, "this": 0}[word])
            return first, month_end(first.year, first.month), f"the calendar month {_REL[word]} publication"
        if word == "earlier":
            return Date(y, 1, 1), p - dt.timedelta(days=1), "from 1 January of the publication year to the day before"
        if word == "later":
            return p + dt.timedelta(days=1), Date(y, 12, 31), "after publication, within its year"
        year = y + {"last": -1, "next": 1, "this": 0}[word]
        return Date(year, 1, 1), Date(year, 12, 31), f"the calendar year {_REL[word]} publication"
    m = re.fullmatch(r"(?:last |this )?(" + "|".join(_WEEKDAYS) + ")", t)
    if m:
        back = (p.weekday() - _WEEKDAYS[m.group(1)]) % 7
        d = p - dt.timedelta(days=back)
        return d, d, f"the latest {m.group(1).title()} on or before publication"
    m = re.fullmatch(r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (year|month|week|day)s? ago", t)
    if m:
        n, unit = _num(m.group(1)), m.group(2)
        if unit == "year":
            return Date(y - n, 1, 1), Date(y - n, 12, 31), f"the calendar year {n} before publication"
        if unit == "month":
            first = _add_months(Date(y, p.month, 1), -n)
            return first, month_end(first.year, first.month), f"the calendar month {n} before publication"
        d = p - (dt.timedelta(weeks=n) if unit == "week" else dt.timedelta(days=n))
        return d, d, f"{n} {unit}(s) before publication"
    if t in ("now", "for now", "currently", "at present"):
        return p, p, "at publication"
    return None


_VAGUE: dict[str, tuple[int | None, int | None, str]] = {
    # expression: (start offset in days from publication, end offset, note); None = open
    "recent": (-92, 0, "recent: assumed the 3 months before publication"),
    "recently": (-92, 0, "recently: assumed the 3 months before publication"),
    "in recent months": (-183, 0, "in recent months: assumed the 6 months before publication"),
    "in recent years": (-5 * 365, 0, "in recent years: assumed the 5 years before publication"),
    "until recently": (None, 0, "until recently: ended at an unstated time before publication"),
    "for months": (-365, 0, "for months: a period of unstated length ending at publication, assumed within a year"),
    "months": (0, 365, "months: a duration of unstated length from publication, assumed within a year"),
    "soon": (0, 92, "soon: assumed within 3 months after publication"),
    "shortly": (0, 31, "shortly: assumed within a month"),
    "within days": (0, 7, "within days: assumed within 7 days after publication"),
    "days": (0, 7, "days: assumed within 7 days after publication"),
    "later": (None, 0, "later: after an earlier event of the text, before publication; anchor it to that event"),
    "a few months later": (None, 0, "a few months later: some 2-5 months after an earlier event of the text; "
                                    "anchor it to that event"),
    "then": (None, 0, "since then: from an earlier event of the text; anchor it to that event"),
    "previously": (None, 0, "previously: before an unstated time before publication"),
    "long": (None, 0, "long: a long period before publication"),
}


def _absolute(t: str) -> tuple[Date, Date, str] | None:
    m = re.fullmatch(rf"(\d{{1,2}}) {_MONTH},? (\d{{4}})|{_MONTH} (\d{{1,2}}),? (\d{{4}})", t)
    if m:
        day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        d = Date(int(year), MONTHS[month], int(day))
        return d, d, ""
    m = re.fullmatch(rf"(?:(early|mid|late|the middle of|middle of|the end of|end of|the beginning of|beginning of)"
                     rf"[ -]?)?{_MONTH},? (\d{{4}})", t)
    if m:
        year, month = int(m.group(3)), MONTHS[m.group(2)]
        if m.group(1):
            a, b = _PART[m.group(1)]
            return (Date(year, month, a), Date(year, month, min(b, calendar.monthrange(year, month)[1])),
                    f"{m.group(1)} = days {a}-{b}")
        return Date(year, month, 1), month_end(year, month), ""
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        return Date(int(t), 1, 1), Date(int(t), 12, 31), ""
    m = re.fullmatch(r"(early|late)[ -]?(\d{4})", t)
    if m:
        year, (a, b) = int(m.group(2)), _QUARTER[m.group(1)]
        return Date(year, a, 1), month_end(year, b), f"{m.group(1)} = months {a}-{b}"
    return None


def _embedded(t: str) -> tuple[Date, Date, str] | None:
    """The most precise absolute date inside a longer phrase ("since the operation began in 2013")."""
    for rx in (rf"\d{{1,2}} {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}},? \d{{4}}",
               rf"(?:(?:early|mid|late)[ -]?)?{_MONTH},? \d{{4}}", r"\b(?:1[89]|20)\d{2}\b"):
        m = re.search(rx, t)
        if m:
            got = _absolute(m.group(0))
            if got:
                return got[0], got[1], m.group(0)
    return None


def propose(text: str, published: Date, published_end: Date | None = None) -> DateProposal:
    """Propose an interval, precision and basis for the time expression ``text``.

    ``published``/``published_end`` is the publication date, or the interval it is
    known to lie in. A leading preposition is kept in the note: ``by`` marks a
    deadline, ``since`` the start of a period lasting to publication.

    >>> pub = dt.date(2024, 9, 17)
    >>> p = propose("Last month", pub); (str(p.start), str(p.end), p.precision, p.basis)
    ('2024-08-01', '2024-08-31', 'month', 'relative_to_publication')
    >>> p = propose("In early April 2024", pub); (str(p.start), str(p.end), p.precision, p.basis)
    ('2024-04-01', '2024-04-10', 'month', 'stated')
    >>> p = propose("on Monday", dt.date(2024, 9, 16), dt.date(2024, 9, 22)); (str(p.start), p.basis)
    ('2024-09-16', 'relative_to_publication')
    >>> p = propose("since the operation began in 2013", pub); (str(p.start), str(p.end), p.precision, p.basis)
    ('2013-01-01', '2013-12-31', 'year', 'stated')
    >>> p = propose("on Sept. 16, 2023", pub); (str(p.start), p.precision, p.basis)
    ('2023-09-16', 'day', 'stated')
    >>> p = propose("since late 2021", pub); (str(p.start), str(p.end), p.precision)
    ('2021-10-01', '2021-12-31', 'season')
    >>> p = propose("in late July", dt.date(2023, 12, 23)); (str(p.start), str(p.end))
    ('2023-07-21', '2023-07-31')
    >>> p = propose("by mid-September", dt.date(2024, 5, 20)); (str(p.start), str(p.end))
    ('2024-09-11', '2024-09-20')
    >>> p = propose("in July of last year", dt.date(2024, 8, 6)); (str(p.start), str(p.end), p.basis)
    ('2023-07-01', '2023-07-31', 'relative_to_publication')
    >>> p = propose("soon", pub); (p.basis, p.note)
    ('inferred', 'soon: assumed within 3 months after publication')
    """
    end_pub = published_end or published
    t, prep = _strip(text)
    whole = re.sub(r"\s+", " ", text).strip().lower().rstrip(".,")
    if whole in _VAGUE:
        t, prep = whole, ""
    lead = {"by": "by: a deadline, the event is expected on or before this; ",
            "since": "since: the start of a period lasting to publication; ",
            "until": "until: the end of a period; "}.get(prep, "")
    got = _absolute(t)
    if got:
        return DateProposal(text, got[0], got[1], precision_of(got[0], got[1]), "stated", (lead + got[2]).strip("; "))
    if t in _VAGUE:
        a, b, note = _VAGUE[t]
        start = published + dt.timedelta(days=a) if a is not None else None
        end = end_pub + dt.timedelta(days=b) if b is not None else None
        return DateProposal(text, start, end, precision_of(start, end), "inferred", lead + note)
    ahead = prep in ("by", "until", "before")
    first, last = _relative(t, published, ahead), _relative(t, end_pub, ahead)
    if first is None or last is None:
        inner = _embedded(t)
        if inner:
            a, b, words = inner
            return DateProposal(text, a, b, precision_of(a, b), "stated",
                                f"from the date the phrase contains ({words!r}); check that it dates the record")
        return DateProposal(text, None, None, None, "inferred",
                            lead + "unrecognised time expression: resolve it by hand")
    if (first[0], first[1]) == (last[0], last[1]) and first[2].startswith("ambiguous"):
        return DateProposal(text, first[0], first[1], precision_of(first[0], first[1]), "inferred", lead + first[2])
    if (first[0], first[1]) == (last[0], last[1]):
        return DateProposal(text, first[0], first[1], precision_of(first[0], first[1]), "relative_to_publication",
                            lead + first[2])
    start, end = min(first[0], last[0]), max(first[1], last[1])  # type: ignore[type-var]
    return DateProposal(text, start, end, precision_of(start, end), "inferred",
                        lead + f"{first[2]}; the publication date is known only as {published}..{end_pub}, "
                        f"so the interval covers every day it allows")
