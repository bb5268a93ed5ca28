"""Draft events: one per event trigger in a sentence, matched against the known events.

A trigger (see :data:`sahel_dataset.curation.rules.EVENT_TRIGGERS`) gives the
event type; its clause is the evidence and the summary to rewrite. When a known
event of the same type has evidence much like the clause (rapidfuzz), the draft
names it in ``draft.same_as`` and takes its date, place and actors, so that
``accept --into`` can merge the citation into it.
"""

from __future__ import annotations

from typing import Any

from ..sentences import Sentence
from .context import Context
from .rules import Trigger, clauses, event_status, triggers

SAME_AS_SCORE = 60.0
"""Least rapidfuzz token-set score between a clause and a known event's evidence to call them one event."""

_ROLES = {"talks": "participant", "joint_statement": "participant", "diplomatic_meeting": "participant"}


def clause_of(sent: Sentence, start: int, end: int) -> tuple[int, int]:
    """Seed offsets of the clauses of ``sent`` that the sentence offsets ``start:end`` touch."""
    spans = [(a, b) for a, b in clauses(sent.text) if a < end and b > start] or [(0, len(sent.text))]
    return sent.start + spans[0][0], sent.start + spans[-1][1]


def same_as(ctx: Context, event_type: str, words: str) -> tuple[dict[str, Any], float] | None:
    """The known event of ``event_type`` whose evidence is most like ``words``, if alike enough.

    >>> from sahel_dataset.curation.context import Context
    >>> ev = {"event_id": "evt-niger-coup", "event_type": "coup", "evidence": [{"quote": "a coup last year"}]}
    >>> ctx = Context("004_x.txt", "", {}, {"events": [ev]})
    >>> same_as(ctx, "coup", "which followed a coup last year")[0]["event_id"]
    'evt-niger-coup'
    """
    from rapidfuzz import fuzz

    best: tuple[dict[str, Any], float] | None = None
    same_type = [ev for ev in ctx.known.get("events", []) if ev.get("event_type") == event_type]
    status = event_status(words)[0]
    for ev in same_type:
        texts = [str(c.get("quote", "")) for c in ev.get("evidence", [])] + [str(ev.get("summary", ""))]
        score = max(fuzz.token_set_ratio(words, t) for t in texts if t)
        score += 10 if ev.get("status") == status else 0  # a completed withdrawal is not the announced one
        least = SAME_AS_SCORE if len(same_type) > 1 else SAME_AS_SCORE / 2  # the only one of its type
        if score >= least and (best is None or score > best[1]):
            best = (ev, score)
    return best


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


def draft_events(ctx: Context, sent: Sentence) -> list[dict[str, Any]]:
    """Draft event records for one sentence."""
    out = []
    for trig in triggers(sent.text):
        a, b = clause_of(sent, trig.start, trig.end)
        words = ctx.text[a:b]
        status, why_status = event_status(words)
        rec: dict[str, Any] = {"event_id": ctx.new_id("evt", trig.event_type.replace("_", " ")),
                               "event_type": trig.event_type, "summary": words.rstrip("."), "status": status}
        dates, why_date = ctx.date("date", sent, a, b, required=True)
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
        confidence = 0.5
        match = same_as(ctx, trig.event_type, words)
        if match:
            ev, score = match
            own = dict(dates)
            for k in [k for k in rec if k.startswith("date_")]:
                del rec[k]
            for k, v in ev.items():
                if (k.startswith("date_") and k != "date_text") or k in ("location_id", "actors", "agreement_id"):
                    rec[k] = v
            if own.get("date_text") and ev.get("date_start"):
                rec["date_text"] = own["date_text"]
            if ev.get("date_start"):
                rec["date_note"] = f"As {ev['event_id']}: {ev.get('date_note') or 'its dates'}".strip()
                if own.get("date_start") and (own["date_start"], own["date_end"]) != (ev["date_start"], ev["date_end"]):
                    rec["date_note"] += (f" This seed's own words {own.get('date_text')!r} alone give "
                                         f"{own['date_start']}..{own['date_end']} ({own['date_basis']}).")
                reasons["date"] = f"the date of {ev['event_id']}, the known event this seems to report"
            reasons.update(location_id=f"as {ev['event_id']}", actors=f"as {ev['event_id']}")
            reasons["same_as"] = (f"{ev['event_id']}: same type, evidence {score:.0f}% alike (rapidfuzz); "
                                  "its date, place and actors are proposed; merge with `accept --into`")
            confidence = 0.7
        rec["draft"] = {"confidence": confidence, **({"same_as": match[0]["event_id"]} if match else {}),
                        "reasons": reasons}
        out.append(rec)
    return out
