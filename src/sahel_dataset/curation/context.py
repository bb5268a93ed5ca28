"""What the drafter knows while it reads one seed: the seed, its source row, the known records.

:class:`Context` gives each drafting rule the few acts they share: cite a span,
make a fresh id, propose a date from the source's publication window, and name
the actors and places of a span.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..pipeline.dates import DateProposal, precision_of
from .bounds import after, around, lasting
from .match import Gazetteer, Mention
from .records import cite
from .sentences import Sentence, split
from .times import COUNT, Time, anaphoric, follow, resolve, times


def slug(text: str, words: int = 5) -> str:
    """A short id part from words.

    >>> slug("Over 1,000 US troops’ withdrawal!")
    'over-1000-us-troops-withdrawal'
    """
    parts = re.sub(r"[^a-z0-9 ]+", "", text.lower().replace("-", " ")).split()
    return "-".join(parts[:words]) or "x"


@dataclass
class Context:
    """One seed being drafted and the curated records it is drafted against."""

    seed: str
    text: str
    source: dict[str, Any]
    known: dict[str, list[dict[str, Any]]]
    gazetteer: Gazetteer = field(init=False)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.gazetteer = Gazetteer.from_records(self.known)
        for records in self.known.values():
            for r in records:
                self.ids.update(v for k, v in r.items() if k.endswith("_id") and isinstance(v, str))
        mentions = self.gazetteer.find(self.text, "locations")
        counts = Counter(m.record_id for m in mentions if self.kind(m.record_id) == "country")
        self.main_country = counts.most_common(1)[0][0] if counts else None

    @property
    def number(self) -> str:
        """The seed's three-digit number (``004``)."""
        return self.seed[:3]

    @property
    def source_id(self) -> str:
        """The seed's source id."""
        return str(self.source.get("source_id") or f"src-{self.number}")

    def cite(self, start: int, end: int, field: str | None = None) -> dict[str, Any]:
        """A verified citation of ``text[start:end]`` (trailing spaces and commas trimmed)."""
        while end > start and self.text[end - 1] in " ,;:":
            end -= 1
        while start < end and self.text[start] in " ,;:":
            start += 1
        return cite(self.seed, self.text, start, end, field)

    def new_id(self, prefix: str, words: str, tail: str | None = None) -> str:
        """A fresh id ``<prefix>-<words>[-<n>]-<tail>`` (tail: the seed number unless given; ``""`` none),
        numbered before the tail when taken, so a tail the rules require stays last.

        >>> ctx = Context("004_x.txt", "", {}, {"events": [{"event_id": "evt-coup-004"}]})
        >>> ctx.new_id("evt", "coup"), ctx.new_id("dep", "us niger", "2024-04"), ctx.new_id("quo-src-004", "a", "")
        ('evt-coup-2-004', 'dep-us-niger-2024-04', 'quo-src-004-a')
        """
        tail = self.number if tail is None else tail
        base = f"{prefix}-{slug(words)}"
        rid, n = base + (f"-{tail}" if tail else ""), 1
        while rid in self.ids:
            n += 1
            rid = f"{base}-{n}" + (f"-{tail}" if tail else "")
        self.ids.add(rid)
        return rid

    def kind(self, record_id: str) -> str:
        """The actor_type or location_type of a known id."""
        return self.gazetteer.kinds.get(record_id, "")

    def actor(self, record_id: str) -> dict[str, Any]:
        """The known actor record of ``record_id`` (empty when unknown)."""
        return next((a for a in self.known.get("actors", []) if a.get("actor_id") == record_id), {})

    def mentions(self, start: int, end: int, table: str | None = None) -> list[Mention]:
        """Known names inside ``text[start:end]``, offsets into the seed."""
        found = self.gazetteer.find(self.text[start:end], table)
        return [Mention(m.table, m.record_id, m.start + start, m.end + start) for m in found]

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        """The source's publication window."""
        start, end = self.source.get("published_start"), self.source.get("published_end")
        return (_date(start), _date(end) or _date(start))

    def anaphora(self, near: Time, at: int) -> DateProposal:
        """An anaphoric time ("the following month") counted from the article's last time before ``at``."""
        start, end = self.window()
        earlier = [t for t in times(self.text[:at]) if not anaphoric(t.text)]
        for t in reversed(earlier):
            anchor = resolve(t.text, start, end) if start else None
            if anchor is not None and anchor.start is not None and anchor.end is not None:
                return follow(near.text, anchor) or DateProposal(near.text, None, None, None, "inferred", "")
        return DateProposal(near.text, None, None, None, "inferred", "no earlier time to count from")

    def lead_time(self, sent: Sentence) -> tuple[Time, DateProposal] | None:
        """The day the sentence before ``sent`` names first, if it names one: what a
        report says next without a time of its own is most often the same happening's detail.

        >>> ctx = Context("009_x.txt", "Leaders met on Sunday. At the summit, they named an envoy.",
        ...               {"published_start": "2024-07-08"}, {})
        >>> t, p = ctx.lead_time(split(ctx.text)[-1]); (t.text, str(p.start))
        ('on Sunday', '2024-07-07')
        """
        start, end = self.window()
        before = [s for s in split(self.text) if s.start < sent.start]
        if not before or start is None:
            return None
        for t in times(before[-1].text):  # the first: the main verb's ("on Sunday agreed that ... on Jan. 29")
            p = resolve(t.text, start, end, past=True) if not anaphoric(t.text) else None
            if p is not None and p.start is not None and p.start == p.end and p.basis != "inferred":
                return t, p
        return None

    def statement_time(self, sent: Sentence) -> tuple[Time, DateProposal] | None:
        """The time of the statement that "the statement said" refers to: of the last earlier sentence
        that reports through a statement ("said in a joint statement on Sunday"), else that names one,
        and holds a time (its speech verb's, else its last).

        >>> ctx = Context("009_x.txt", "It left on Sunday, they said in a statement. A statement in May set it. "
        ...               "It is over, the statement said.", {"published_start": "2024-07-08"}, {})
        >>> t, p = ctx.statement_time(split(ctx.text)[-1]); (t.text, str(p.start))
        ('on Sunday', '2024-07-07')
        """
        if not re.search(r"(?i)\bthe (?:joint )?(?:statement|communiqu[eé])\b", sent.text):
            return None
        start, end = self.window()
        earlier = [s for s in split(self.text) if s.end <= sent.start]
        for named in (rf"{_SPEECH_IN}\s+(?:a|an|the)\s+(?:joint\s+)?statement\b", r"\bstatement\b"):
            for s in reversed(earlier):
                found = [t for t in times(s.text) if not anaphoric(t.text)]
                if found and start and re.search(rf"(?i){named}", s.text):
                    t = next((t for t in found if t.statement), found[-1])
                    return t, resolve(t.text, start, end)
        return None

    def date(self, prefix: str, sent: Sentence, a: int, b: int, required: bool = False,
             deadlines: bool = True, at: int | None = None, clause_only: bool = False,
             ahead: bool = False) -> tuple[dict[str, Any], str]:
        """Date fields ``<prefix>_text/_start/_end/_precision/_basis/_note`` for the span ``a:b`` of the
        sentence, from its time expression (the nearest one in the sentence, not one that dates a
        statement, as "said on Friday") by :func:`sahel_dataset.curation.times.resolve`.

        Of several times inside the span, the one nearest the offset ``at`` (the event's trigger).
        Without ``deadlines``, a deadline ("by Sept. 15") is no date of the span: a deployment's
        ``as_of`` is when its state is reported, not when it is due to change, and a statement is
        made before its deadline. ``ahead``: the record is still to come (a weekday is the next one).
        ``clause_only``: only times of the span or an opening "In April,". Without a time
        expression: nothing, or (``required``) the date of the sentence's statement ("said on
        Friday": the happening is reported then) else the publication window, inferred.

        >>> ctx = Context("009_x.txt", "", {"published_start": "2024-07-08"}, {})
        >>> s = Sentence(0, 61, "The Pentagon said on Friday the last troops left on Sunday.")
        >>> ctx.date("date", s, 0, 61)[0]["date_start"]
        datetime.date(2024, 7, 7)
        """
        start, end = self.window()
        if start is None:
            return {}, "the source has no publication date: dates left for the curator"
        found = [t for t in times(sent.text) if not (t.text.lower() in ("now", "later", "soon") and required)]
        every = [t for t in found if not _DEADLINE.match(t.text)]
        # "said on Friday" dates the statement: the happening is dated by the sentence's other times
        said = [t for t in found if t.statement]
        found = [t for t in found if not t.statement and (deadlines or not _DEADLINE.match(t.text))]
        if clause_only:  # a state is dated by its own words or an opening "In April,", not by an earlier clause
            found = [t for t in found if a <= t.start + sent.start < b or ("," not in sent.text[:t.end] and sent.text[
                t.end:t.end + 1] == "," and len(sent.text[:t.end].split()) <= 5)]
        # ", whose junta ended the accord in March" after the record's words: that clause's own time
        own = (at if at is not None else a) - sent.start
        # nor does a time after a second verb phrase ("has 13,000 troops ... and has lost 170 since 2013")
        found = [t for t in found if not (t.start > own and re.search(r",\s*(?:whose|which)\s[^,;]*$|\band\s+(?:has|"
                                                                     r"have|had)\s+\w+", sent.text[own:t.start]))]
        if at is not None:  # "X came days after a visit" dates the visit (after it), not X (before it)
            found = [t for t in found if not (_BEFORE.match(t.text) and at < sent.start + t.start)]
            found = reported(sent.text, said, found, at - sent.start)
        if found:
            # inside the span first, a time of the clause's own verb before one that dates a noun or a
            # relative clause ("the Sept. 15 deadline", "the junta that seized power in July 2023 revoked"),
            # then the one nearest ``at`` (the trigger)
            near = min(found, key=lambda c: (0, _aside(sent.text, c, at - sent.start if at is not None else None),
                                             abs(c.start + sent.start - at) if at is not None else 0)
                       if a <= c.start + sent.start < b else
                       (1, 0, min(abs(c.start + sent.start - a), abs(c.start + sent.start - b))))
            p = self.anaphora(near, sent.start + near.start) if anaphoric(near.text) else resolve(
                near.text, start, end, past=not deadlines,
                ahead=ahead and _AHEAD.search(sent.text[:near.start]) is not None)
            if not anaphoric(near.text) and p.start is not None and p.end is not None and p.start < p.end:
                # "last month, ..., which showed the plane unloaded on April 10": the day the sentence
                # gives inside the month it dates the record by
                for t in [t for t in every if t is not near and not t.statement and not anaphoric(t.text)]:
                    q = resolve(t.text, start, end, past=not deadlines)
                    if q.start is not None and q.end is not None and p.start <= q.start <= q.end <= p.end \
                            and (q.start, q.end) != (p.start, p.end) and q.basis != "inferred":
                        near, p = t, q
                        break
            # "have been deployed since late 2021": the state began then, and that is the event
            began = at is not None and re.search(r"\b(?:has|have|had) been(?: \w+)?$",
                                                 self.text[sent.start:at].rstrip())
            # "led by him since a coup in September 2022": the coup (the trigger) is dated, not a state since it
            opened = re.search(r"(?i)\bsince\b[^,;]{0,40}$", sent.text[:near.start])
            named = at is not None and opened is not None and opened.start() + 5 <= at - sent.start < near.start
            since = (near.since == "here" and not began and not named) or (
                near.since == "after" and at is not None and at > sent.start + near.end)
            if since and p.start is not None and end is not None:  # a state lasting to publication
                p = DateProposal(p.text, p.start, end, precision_of(p.start, end) or "year", "inferred",
                                 f"since {p.start}: from then to the publication date")
            elif at is not None and not anaphoric(near.text):
                # "ending a decade of operations": the ten years up to the time; "suspended after the coup
                # last July": from the coup to publication (the trigger before the "after")
                before = sent.text[:near.start] + ("after " if near.text.lower().startswith("after ") else "")
                opens = before.lower().rfind("after")
                p = lasting(self.text[sent.start:at], p) or (
                    after(before, p, end) if opens >= 0 and at < sent.start + opens else None) or p
            if p.start is not None and p.end is not None:
                fields = {f"{prefix}_text": near.text, f"{prefix}_start": p.start, f"{prefix}_end": p.end,
                          f"{prefix}_precision": p.precision, f"{prefix}_basis": p.basis,
                          f"{prefix}_note": f"{near.text!r} resolved from the publication window "
                                            f"{start}..{end}" + (f": {p.note}" if p.note else "")}
                return fields, f"time expression {near.text!r} resolved ({p.basis})"
        placed = around(self.text, sent, a, b, (start, end), prefix) if required else None
        if placed:  # "had 1,500 troops there before the coup": around the coup another sentence dates
            return placed
        # the statement dates what it reports, not the article's own relative aside after a comma (", which
        # keeps 1,000 troops there": present tense at publication); ", when he said ..." it does date
        said = [t for t in said if not (t.end <= a - sent.start and re.search(
            r",\s*(?:which|who|whose|where)\s[^,]*$", sent.text[t.end:a - sent.start]))]
        p = resolve(said[0].text, start, end) if said and required else None
        if p is not None and p.start is not None and p.end is not None:
            return ({f"{prefix}_start": p.start, f"{prefix}_end": p.end, f"{prefix}_precision": p.precision,
                     f"{prefix}_basis": "inferred",
                     f"{prefix}_note": f"{said[0].text!r} dates the statement that reports this ({p.start}..{p.end}); "
                                       "assumed reported as it stood then; check."},
                    f"{said[0].text!r} dates the statement (after a speech verb) that reports it, inferred")
        if not required:
            return {}, "no time expression that resolves: no date proposed"
        ref = self.statement_time(sent)
        if ref is not None and ref[1].start is not None and ref[1].end is not None:
            t, p = ref
            return (_inferred(prefix, p, f"Reported by the statement an earlier sentence dates ({t.text!r}, "
                                         f"{p.start}..{p.end}); assumed as it stood then; check."),
                    f"{t.text!r} dates the statement this sentence reports (an earlier sentence), inferred")
        lead = self.lead_time(sent) if prefix == "date" and not deadlines else None
        if lead is not None:  # "At a summit in Abuja, the bloc declared ...": the day the sentence before gave
            t, p = lead
            return (_inferred(prefix, p, f"No time of its own: the day the sentence before gives ({t.text!r}, "
                                         f"{p.start}..{p.end}), assumed the same happening's; check."),
                    f"{t.text!r} of the sentence before (no time of its own), inferred")
        return ({f"{prefix}_start": start, f"{prefix}_end": end, f"{prefix}_precision": _precision(start, end),
                 f"{prefix}_basis": "inferred",
                 f"{prefix}_note": "No time expression: assumed the source's publication window "
                                   f"({start}..{end}), as news of the time; check."},
                "no time expression: the publication window, inferred")


def _inferred(prefix: str, p: DateProposal, note: str) -> dict[str, Any]:
    """The date fields of ``p`` taken from elsewhere than the record's own words: inferred, with ``note``."""
    return {f"{prefix}_start": p.start, f"{prefix}_end": p.end, f"{prefix}_precision": p.precision,
            f"{prefix}_basis": "inferred", f"{prefix}_note": note}


def _aside(sentence: str, t: Time, trigger: int | None) -> bool:
    """Whether the time ``t`` dates a noun ("the Sept. 15 deadline") or sits in a relative clause
    before the trigger ("The junta that seized power in July 2023 revoked"), not the clause's verb.

    >>> s = "The junta that seized power in July 2023 revoked the accord in March."
    >>> [_aside(s, t, s.index("revoked")) for t in times(s)]
    [True, False]
    >>> s = "The U.S. left Niger, ending a presence that numbered 1,100 troops in 2023."
    >>> [_aside(s, t, s.index("left")) for t in times(s)]
    [True]
    >>> s = "Mali's junta, which came to power in 2021, also forced out French troops in 2022."
    >>> [_aside(s, t, s.index("forced")) for t in times(s)]
    [True, False]
    """
    if re.search(r"\bthe\s*$", sentence[:t.start]) and re.match(r"\s+[a-z]", sentence[t.end:]) and not (
            trigger is not None and re.match(r"\s+$", sentence[t.end:trigger])):
        return True  # "the Sept. 15 deadline" dates a noun; "the July 26 coup" (the trigger) is the event itself
    if trigger is not None and t.start > trigger and re.search(r"\b(?:that|which|who|whose)\s",
                                                              sentence[trigger:t.start]):
        return True  # "completed the withdrawal, ending a presence that numbered 1,100 troops in 2023"
    # a relative clause closes at the trigger's verb or, set off by commas, at its closing comma
    return trigger is not None and t.end <= trigger and re.search(
        r"\b(?:who|that|which|whose)\s[^,]*$", sentence[:t.start]) is not None and (
        "," not in sentence[t.end:trigger] or re.search(r",\s*(?:which|who|whose)\s", sentence[:t.start]) is not None)


def reported(sentence: str, said: list[Time], found: list[Time], trigger: int) -> list[Time]:
    """The times that may date a trigger in the reported content of a dated statement ("said on
    Saturday that they were leaving"): those of its own clause, else the statement's, which dates
    the announcement the article reports (a time of another clause, "the force that Mali quit last
    year", dates that clause's verb); a statement in a relative clause on the trigger ("a pullout that
    the president announced on Sept. 24") dates it too. Elsewhere ``found`` unchanged.

    >>> s = "Chad said on Thursday that it was withdrawing, a force it had joined in 2014."
    >>> [t.text for t in reported(s, times(s)[:1], times(s)[1:], s.index("withdrawing"))]
    ['on Thursday']
    >>> s = "Chad said on Thursday that it would withdraw in March."
    >>> [t.text for t in reported(s, times(s)[:1], times(s)[1:], s.index("withdraw"))]
    ['in March']
    """
    # "a pullout that the president announced on Sept. 24": the announcement dates what it announced
    named = [t for t in said if t.start > trigger and re.fullmatch(r"\S+\s+(?:that|which)\s[^,;:]*",
                                                                    sentence[trigger:t.start])]
    if named:
        return [named[0]]
    gov = [t for t in said if t.end <= trigger and re.fullmatch(r"\s+that\s[^,;:]*", sentence[t.end:trigger])]
    if not gov:
        return found
    close = sentence.find(",", trigger)
    own = [t for t in found if gov[-1].end <= t.start and (close < 0 or t.start < close)]
    return own or [gov[-1]]


_AHEAD = re.compile(r"\b(?:will|due to|set to|scheduled to|slated to|expected to|plans? to)\s(?:(?!\band\b)[^,;])*$")
"""A future marker governing the words up to a time ("are due to meet in Lome on"): no comma, no "and" between."""
_SPEECH_IN = r"\b(?:said|says|announced|stated|confirmed|declared)\s+in"
"""A speech verb reporting through a document ("said in a joint statement")."""
_BEFORE = re.compile(rf"(?i)(?:{COUNT}\s+)?(?:days?|weeks?) (?:after|following)\b")
_DEADLINE = re.compile(r"(?i)(?:by|until|before|no later than)\s")


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(v) if isinstance(v, str) and v else None


def _precision(start: dt.date, end: dt.date) -> str:
    from ..pipeline.dates import precision_of

    return precision_of(start, end) or "year"
