"""Draft agreements: revocations, failed renegotiations, pacts, joint statements, memberships left.

A trigger (see :data:`sahel_dataset.curation.patterns.AGREEMENT_TRIGGERS`) gives
the agreement type and status; the status fixes ``end_censoring`` and which dates
are drafted, as the rules layer's status policy requires (``schema/v1/rules/
policies.json``, ``statuses``): an agreement revoked, terminated or exited has an
observed end (``ended_*``, the publication window when the clause gives no time);
one in force is right-censored and may have a start (``began_*``); one proposed,
failed or under negotiation has no interval. The parties are the states and bodies
the clause names. When a known agreement of the same type reads alike, the draft
names it in ``draft.same_as`` and takes its values, so ``accept --into`` can merge
the citation into it.
"""

from __future__ import annotations

import re
from typing import Any

from ..pipeline.hedges import policies
from .context import Context
from .events import SAME_AS_SCORE, clause_of, likeness
from .facts import state_of
from .patterns import agreement_triggers
from .records import draft_note
from .sentences import Sentence

CENSORING = {"revoked": "observed", "terminated": "observed", "exited": "observed", "in_force": "right_censored"}
"""The end_censoring each status needs (the rules' ``equals``); any other status: not_applicable."""

_BODIES = ("intergovernmental_body", "alliance")
_TYPES = [("basing", r"\bbase[ds]?\b|\bbasing\b"), ("resource_deal", r"\buranium\b|\bmining\b|\boil\b|\bgold\b"),
          ("security_partnership", r"\bsecurity partner"), ("military_cooperation", r"\bmilitary\b|\bcooperation\b")]


def _status_fields(status: str) -> set[str]:
    """The fields the rules forbid for an agreement of ``status`` (by it and by its end_censoring)."""
    censoring = CENSORING.get(status, "not_applicable")
    out: set[str] = set()
    for rule in policies()["statuses"]["policy"]:
        if rule["table"] == "agreements" and (rule["field"], rule["value"]) in (("status", status),
                                                                               ("end_censoring", censoring)):
            out.update(rule.get("forbids", []))
    return out


def _parties(ctx: Context, a: int, b: int, status: str) -> list[dict[str, str]]:
    rows: dict[str, str] = {}
    for m in ctx.mentions(a, b, "actors"):
        body = ctx.kind(m.record_id) in _BODIES
        rid = m.record_id if body else state_of(ctx, m.record_id)
        if rid is None:
            continue
        role = "party" if body else {"exited": "withdrawing_party", "in_force": "party"}.get(status, "party")
        rows.setdefault(rid, role)
    return [{"actor_id": k, "role": v} for k, v in rows.items()]


_ENDED = {"revoked", "terminated"}  # two words for one act: a seed's "terminated" is another's "revoked"


def same_agreement(ctx: Context, agreement_type: str, status: str,
                   words: str) -> tuple[dict[str, Any], float] | None:
    """The known agreement of ``agreement_type`` and ``status`` whose name, summary or evidence reads
    most like ``words``: the failed revision of a deal is not the deal that was revoked.

    >>> from sahel_dataset.curation.context import Context
    >>> agr = {"agreement_id": "agr-a", "agreement_type": "joint_statement", "name": "US-Niger joint statement",
    ...        "status": "fulfilled", "evidence": [{"quote": "announced in a joint statement"}]}
    >>> ctx = Context("004_x.txt", "", {}, {"agreements": [agr]})
    >>> same_agreement(ctx, "joint_statement", "fulfilled", "they announced in a joint statement")[0]["agreement_id"]
    'agr-a'
    """
    best: tuple[dict[str, Any], float] | None = None
    for agr in ctx.known.get("agreements", []):
        if agr.get("agreement_type") != agreement_type or (agr.get("status") != status and not (
                {agr.get("status"), status} <= _ENDED)):
            continue
        score = likeness(words, agr, ("name", "summary"))
        if score >= SAME_AS_SCORE and (best is None or score > best[1]):
            best = (agr, score)
    return best


def draft_agreements(ctx: Context, sent: Sentence) -> list[dict[str, Any]]:
    """Draft agreement records for one sentence."""
    out = []
    for trig in agreement_triggers(sent.text):
        a, b = clause_of(sent, trig.start, trig.end)
        words = ctx.text[a:b]
        kind = trig.agreement_type or next((k for k, rx in _TYPES if re.search(rx, words, re.I)),
                                           "military_cooperation")
        status = trig.status
        parties = _parties(ctx, a, b, status) or _parties(ctx, sent.start, sent.end, status)
        names = [str(ctx.actor(p["actor_id"]).get("name") or p["actor_id"][4:]) for p in parties]
        words_of_kind = kind.replace("_", " ")
        rec: dict[str, Any] = {
            "agreement_id": ctx.new_id("agr", f"{' '.join(p['actor_id'][4:] for p in parties[:2])} {words_of_kind}"),
            "name": f"{'-'.join(names[:3]) or 'Unnamed'} {words_of_kind}", "agreement_type": kind,
            "status": status, "summary": words.rstrip("."), "end_censoring": CENSORING.get(status, "not_applicable")}
        reasons = {"agreement_type": f"trigger {trig.words!r}" + ("" if trig.agreement_type else
                                                                  f" and the words of the clause ({kind})"),
                   "status": f"trigger {trig.words!r} ({status}); end_censoring as the status policy requires",
                   "name": "the parties and the type: rename it", "summary": "the clause itself: rewrite it"}
        if rec["end_censoring"] == "observed":
            dates, reasons["ended"] = ctx.date("ended", sent, a, b, required=True)
            rec.update(dates)
        elif "began_start" not in _status_fields(status):
            dates, reasons["began"] = ctx.date("began", sent, a, b)
            rec.update(dates)
        if parties:
            rec["parties"] = parties
            reasons["parties"] = "states and bodies named in the clause (else the sentence)"
        rec["evidence"] = [ctx.cite(a, b)]
        match = same_agreement(ctx, kind, status, words)
        if match:
            for k in [k for k in rec if k.startswith(("began_", "ended_")) or k == "parties"]:
                del rec[k]
            rec.update({k: v for k, v in match[0].items() if k not in ("agreement_id", "evidence", "note")})
        rec["draft"] = draft_note(reasons, 0.4, match and (match[0]["agreement_id"], match[1], "its values are"))
        out.append(rec)
    return out
