"""Draft events: one per event trigger in a sentence, matched against the known events.

A trigger (see :data:`sahel_dataset.curation.patterns.EVENT_TRIGGERS`) gives the
event type; its clause is the evidence and the summary to rewrite. When a known
event of the same type has evidence much like the clause (rapidfuzz), the draft
names it in ``draft.same_as`` and takes its date, place and actors, so that
``accept --into`` can merge the citation into it.
"""

from __future__ import annotations

import re
from typing import Any

from ..pipeline.hedges import policies
from .bounds import issued
from .context import Context
from .patterns import Trigger, event_status, triggers
from .records import draft_note
from .sentences import Sentence, clauses

SAME_AS_SCORE = 60.0
"""Least likeness (see :func:`same_as`) between a clause and a known event to call them one event."""
PLACE_BONUS = 15.0
"""Likeness added when the known event happened at a place the clause names (or the seed's main country)."""
ACTOR_BONUS = 5.0
"""Likeness added per actor that the clause and the known event both name."""

_ROLES = {"talks": "participant", "joint_statement": "participant", "diplomatic_meeting": "participant"}


def clause_of(sent: Sentence, start: int, end: int) -> tuple[int, int]:
    """Seed offsets of the clauses of ``sent`` that the sentence offsets ``start:end`` touch."""
    spans = [(a, b) for a, b in clauses(sent.text) if a < end and b > start] or [(0, len(sent.text))]
    return sent.start + spans[0][0], sent.start + spans[-1][1]


def same_as(ctx: Context, event_type: str, words: str) -> tuple[dict[str, Any], float] | None:
    """The known event of ``event_type`` that ``words`` most likely report, if alike enough.

    Likeness is the rapidfuzz token-set score of ``words`` against the event's evidence
    and summary, plus :data:`PLACE_BONUS` when the event happened at a place the words
    name (else the seed's main country), plus :data:`ACTOR_BONUS` per actor both name,
    plus 10 for the same status. The event that is the only one of its type, or the
    only one of its type at the place, needs half of :data:`SAME_AS_SCORE`: "last July's
    military coup" in an article on Niger is Niger's coup, not Mali's. A known event
    that had occurred only after the seed's publication window is no candidate.

    >>> from sahel_dataset.curation.context import Context
    >>> evs = [{"event_id": f"evt-{c}-coup", "event_type": "coup", "location_id": f"loc-{c}",
    ...         "evidence": [{"quote": f"the coup in {c.title()}"}]} for c in ("niger", "mali")]
    >>> locs = [{"location_id": f"loc-{c}", "name": c.title(), "location_type": "country"} for c in ("niger", "mali")]
    >>> ctx = Context("004_x.txt", "Troops left Niger.", {}, {"events": evs, "locations": locs})
    >>> same_as(ctx, "coup", "inactive since last July's military coup")[0]["event_id"]
    'evt-niger-coup'
    """
    places = {m.record_id for m in ctx.gazetteer.find(words, "locations")} or {ctx.main_country}
    actors = {m.record_id for m in ctx.gazetteer.find(words, "actors")}
    _, published_end = ctx.window()
    done = set(policies()["publication"]["statuses"])
    # an article cannot report as done what began after it was published (the rules' publication check)
    same_type = [ev for ev in ctx.known.get("events", []) if ev.get("event_type") == event_type and not (
        published_end and ev.get("status") in done and ev.get("date_start") and ev["date_start"] > published_end)]
    here = [ev for ev in same_type if ev.get("location_id") in places]
    status = event_status(words)[0]
    best: tuple[dict[str, Any], float] | None = None
    towns = {p for p in places if ctx.kind(p) not in ("country", "region", "")}
    for ev in same_type:
        where = ev.get("location_id")
        if towns and where and ctx.kind(where) not in ("country", "region", "") and where not in towns:
            continue  # "a summit held in Niamey" is no meeting in Washington
        score = likeness(words, ev, ("summary",))
        score += 10 if ev.get("status") == status else 0  # a completed withdrawal is not the announced one
        score += PLACE_BONUS if ev in here else 0
        score += ACTOR_BONUS * len(actors & {a["actor_id"] for a in ev.get("actors") or []})
        alone = len(same_type) == 1 or (len(here) == 1 and ev is here[0])
        least = SAME_AS_SCORE / 2 if alone else SAME_AS_SCORE
        if score >= least and (best is None or score > best[1]):
            best = (ev, score)
    return best


def likeness(words: str, record: dict[str, Any], fields: tuple[str, ...]) -> float:
    """The best rapidfuzz token-set score of ``words`` against ``record``'s quotes and ``fields``.

    >>> likeness("a coup last year", {"evidence": [{"quote": "a coup last year"}], "summary": "x"}, ("summary",))
    100.0
    """
    from rapidfuzz import fuzz

    texts = [str(c.get("quote", "")) for c in record.get("evidence", [])] + [str(record.get(k, "")) for k in fields]
    return max((fuzz.token_set_ratio(words, t) for t in texts if t), default=0.0)


def actors_of(ctx: Context, trig: Trigger, sent: Sentence, a: int, b: int) -> tuple[list[dict[str, str]], str]:
    """Actors named in the clause: before the trigger the initiator, after it the target."""
    out: dict[str, str] = {}
    at = sent.start + trig.start
    for m in ctx.mentions(a, b, "actors"):
        role = _ROLES.get(trig.event_type) or ("initiator" if m.start < at else "target")
        if ctx.kind(m.record_id) == "media":
            role = "announcer"
        out.setdefault(m.record_id, role)
    rows = [{"actor_id": k, "role": v} for k, v in sorted(out.items())]
    why = "actors named in the clause by known aliases: before the trigger initiator, after it target"
    return rows, why if rows else "no known actor named in the clause"


def location_of(ctx: Context, a: int, b: int) -> tuple[str | None, str]:
    """The place of the clause: a city or base named after "in", else a country named, else the seed's country."""
    found = ctx.mentions(a, b, "locations")
    for m in found:
        if ctx.kind(m.record_id) not in ("country", "region") and ctx.text[max(0, m.start - 3):m.start] == "in ":
            return m.record_id, f"{ctx.text[m.start:m.end]!r} named after 'in'"
    for m in found:
        if ctx.kind(m.record_id) == "country":
            return m.record_id, f"the country named in the clause ({ctx.text[m.start:m.end]!r})"
    if ctx.main_country:
        return ctx.main_country, "no place in the clause: the country the seed names most"
    return None, "no place found"


def draft_events(ctx: Context, sent: Sentence, quoted: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Draft event records for one sentence; none for a trigger inside ``quoted`` (sentence offsets
    of a speaker's own words in quotation marks: a quote, not the article's report of an event)."""
    out = []
    done = set(policies()["publication"]["statuses"])
    for trig in triggers(sent.text):
        if quoted and quoted[0] <= trig.start < quoted[1]:
            continue
        a, b = clause_of(sent, trig.start, trig.end)
        words = ctx.text[a:b]
        # "announced in a joint statement that troops would leave": the statement's status, not the content's
        said = None if re.search(r"\s(?:that|saying)\s", ctx.text[a:sent.start + trig.start]) else \
            re.search(r"\s(?:that|saying)\s", ctx.text[sent.start + trig.end:b])
        if said and said.start() == 0 and said.group(0).strip() == "that":
            said = None  # "a withdrawal that must be finished by Sept. 15": a relative clause on the trigger
        status, why_status = event_status(ctx.text[a:sent.start + trig.end + said.start()] if said else words)
        rec: dict[str, Any] = {"event_id": ctx.new_id("evt", trig.event_type.replace("_", " ")),
                               "event_type": trig.event_type, "summary": words.rstrip("."), "status": status}
        stated = issued(ctx.text, sent, a, b, ctx.window(), sent.start + trig.start) \
            if trig.event_type == "joint_statement" else None
        dates, why_date = stated or ctx.date("date", sent, a, b, required=True, at=sent.start + trig.start,
                                             # a statement is made before the deadline it sets
                                             deadlines=status in ("planned", "expected")
                                             and trig.event_type != "joint_statement",
                                             ahead=status in ("planned", "expected"))
        rec.update(dates)
        loc, why_loc = location_of(ctx, a, b)
        if loc:
            rec["location_id"] = loc
        actors, why_actors = actors_of(ctx, trig, sent, a, b)
        if actors:
            rec["actors"] = actors
        rec["evidence"] = [ctx.cite(a, b)]
        reasons = {"event_type": f"trigger {trig.words!r}", "status": why_status, "date": why_date,
                   "location_id": why_loc, "actors": why_actors,
                   "summary": "the clause itself: rewrite it as a summary"}
        match = same_as(ctx, trig.event_type, words)
        if match:
            beside = suggest_from(match[0], rec, reasons, ctx.window()[1])
        _, published_end = ctx.window()
        if rec["status"] in done and published_end and rec.get("date_start") and rec["date_start"] > published_end:
            rec["status"] = "planned"  # an article cannot report as done what begins after it
            reasons["status"] = f"its date ({rec['date_start']}) is after the publication window: not yet done"
        rec["draft"] = draft_note(reasons, 0.5, match and (match[0]["event_id"], match[1],
                                                           "its values are shown beside (draft.known); none"))
        if match:
            rec["draft"]["known"] = beside
        out.append(rec)
    return out


def suggest_from(ev: dict[str, Any], rec: dict[str, Any], reasons: dict[str, str],
                 published_end: Any = None) -> dict[str, Any]:
    """The known event ``ev`` that the draft ``rec`` seems to report, shown beside it.

    The sentence's own resolved date and its status are kept: the known event's are shown
    beside them where they differ (the returned values, which ``draft`` writes to
    ``draft.known``) for the curator to compare, even where the known date is only more
    precise ("in April" beside 1-10 April). The known event's date is taken only where the
    sentence has no time expression or only a vague one ("recent"). Its place and actors are
    proposed (the record is to be merged into it).

    >>> ev = {"event_id": "evt-a", "status": "occurred", "date_start": "2024-07-07", "date_end": "2024-07-07"}
    >>> rec = {"status": "announced", "date_text": "on Friday", "date_start": "2024-07-05", "date_end": "2024-07-05",
    ...        "date_basis": "relative_to_publication"}
    >>> suggest_from(ev, rec, {}), rec["status"], rec["date_start"]
    ({'status': 'occurred', 'date_start': '2024-07-07', 'date_end': '2024-07-07'}, 'announced', '2024-07-05')
    """
    beside = {k: ev.get(k) for k in ("status", "date_start", "date_end")}
    # no time expression of its own, or only a vague one ("recent"), not a period it states ("since 2013")
    vague = rec.get("date_basis") == "inferred" and not re.search(
        r"to the publication date|dates the statement|counted (?:back )?from", str(rec.get("date_note")))
    # bounds the article itself gives (bounds.py: "after" a time, a statement after the happening it reports)
    bounded = rec.get("date_basis") == "inferred" and re.search(
        r"by the publication date|the saying|counted back from", str(rec.get("date_note")))
    statement = re.search(r"dates the statement|Reported by the statement", str(rec.get("date_note")))
    # what the article reports as done cannot take the date of a known event that begins after it
    later = rec.get("status") in policies()["publication"]["statuses"] and published_end and \
        str(ev.get("date_start")) > str(published_end)
    if ev.get("date_start") and not statement and not later and not bounded and (not rec.get("date_text") or vague):
        own = rec.get("date_text")
        for k in [k for k in rec if k.startswith("date_")]:
            del rec[k]
        rec.update({k: v for k, v in ev.items() if k.startswith("date_") and k != "date_text"})
        if own:
            rec["date_text"] = own
        why = "no time expression here"
        rec["date_note"] = f"As {ev['event_id']} ({why}): {ev.get('date_note') or 'its dates'}"
        reasons["date"] = f"{why}: the date of {ev['event_id']}, the known event this seems to report"
    for k in ("location_id", "actors", "agreement_id"):
        if ev.get(k):
            rec[k] = ev[k]
            reasons[k] = f"as {ev['event_id']}"
    return {k: v for k, v in beside.items() if v != rec.get(k)} or {"same": "date and status"}
