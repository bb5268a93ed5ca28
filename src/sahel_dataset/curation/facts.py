"""Draft deployments, figures, quotes and actor roles from one sentence."""

from __future__ import annotations

import re
from typing import Any

from ..pipeline.hedges import policies
from .context import Context
from .events import clause_of
from .patterns import ASSESSMENT, COUNT, ELLIPTIC, FIGURE, KINDS, REPORTEDLY, bounds, speech
from .sentences import Sentence, clauses
from .times import resolve, times

_STATUS = [("planned_withdrawal", r"\bwill (?:withdraw|be leaving|leave)|to be withdrawn|planned withdrawal"),
           ("remaining", r"\bremain\w*|\bstayed\b|\bstay behind"), ("arrived", r"\barriv\w+|\bdelivered\b"),
           ("relocating", r"\brelocat\w+"), ("withdrawn", r"\bwithdrawn\b|\bleft\b|completed"),
           ("withdrawing", r"\bwithdraw\w*|\bleaving\b")]


def state_of(ctx: Context, record_id: str) -> str | None:
    """The state an actor belongs to (itself, or the nearest state among its parents)."""
    seen = set()
    while record_id and record_id not in seen:
        seen.add(record_id)
        if ctx.kind(record_id) == "state":
            return record_id
        record_id = ctx.actor(record_id).get("parent_actor_id") or ""
    return None


_PRESENCE = re.compile(r"(?i)\b(?:stationed|deployed|based|posted|present|housed|hosted|host|hosts|hosting|"
                       r"station|deploy\w*)\b")
"""Words that state a presence (a personnel phrase with one of them is a deployment, count or none)."""
_OBJECT = re.compile(r"(?i)\b(?:risk|threat|danger|access|attacks?|harm)\s+(?:to|on|against)\s+(?:\w+\s+){0,2}$|"
                     r"\b(?:expell?\w*|forced out|pushed out|kicked out|ordered|allow(?:ed|ing|s)?)\s+"
                     r"(?:[\w.]+\s+){0,3}$|"
                     r"\b(?:no|any)\s+access\s+to\s+(?:\w+\s+){0,2}$|\bor\s+$")
"""Words that make a personnel phrase without a count something else's object ("no risk to American troops
or equipment", "no access to U.S. forces", "expelled French forces", "the accord that allowed U.S. troops"),
not a deployment the article states."""


def _named_before(ctx: Context, at: int) -> tuple[str, int, int] | None:
    """The personnel word of the last count or personnel phrase in the 300 characters before ``at``,
    and the phrase's offsets in the text.

    >>> from sahel_dataset.curation.context import Context
    >>> _named_before(Context("009_x.txt", "The 900 French soldiers left. About 90 stayed.", {}, {}), 30)
    ('soldiers', 4, 23)
    """
    since = max(0, at - 300)
    found = list(COUNT.finditer(ctx.text[since:at]))
    if not found:
        return None
    g = found[-1].groupdict()
    word = g.get("kind") or (g.get("bare") or g.get("bare2") or "").split()[-1]
    return (word, since + found[-1].start(), since + found[-1].end()) if word else None


def _counts(ctx: Context, sent: Sentence) -> list[re.Match[str]]:
    """The personnel phrases of the sentence, and its counts whose noun is left out ("About 200 remained")
    where personnel were named just before (:data:`~sahel_dataset.curation.patterns.ELLIPTIC`)."""
    full = list(COUNT.finditer(sent.text))
    bare = [m for m in ELLIPTIC.finditer(sent.text) if not any(f.start() <= m.start() < f.end() for f in full)
            and _named_before(ctx, sent.start + m.start())]
    return sorted(full + bare, key=lambda m: m.start())


def draft_deployments(ctx: Context, sent: Sentence, event_id: str | None) -> list[dict[str, Any]]:
    """One deployment per personnel phrase (with or without a count) in the sentence."""
    out = []
    for m in _counts(ctx, sent):
        g = m.groupdict()
        a, b = sent.start + m.start(), clause_of(sent, m.start(), m.end())[1]
        clause = ctx.text[a:b]
        lead = clause_of(sent, m.start(), m.end())[0]  # the clause's subject and verb ("a presence that numbered")
        named = None if "kind" in g else _named_before(ctx, sent.start + m.start())
        kind_word = (g.get("kind") or (g.get("bare") or g.get("bare2") or "").split()[-1] if named is None
                     else named[0]).lower()
        kind = KINDS.get(kind_word, KINDS.get(" ".join((g.get("bare") or "").lower().split()[-2:]), "troops"))
        if "embassy" in clause.lower():
            kind = "embassy_guards"
        status = next((s for s, rx in _STATUS if re.search(rx, clause, re.I)), "present")
        if not (g.get("num") or g.get("vague")) and status == "present" and not _PRESENCE.search(clause) and \
                _OBJECT.search(sent.text[:m.start()]):
            continue  # "no risk to American troops or equipment": personnel named, no deployment stated
        # an elliptical count ("About 200 remained") belongs to the sender of the personnel named before it
        span = (sent.start, a) if named is None else (max(0, named[1] - 60), named[2])
        before = [s for mm in ctx.mentions(*span, "actors") if (s := state_of(ctx, mm.record_id))]
        near = [s for mm in ctx.mentions(a, b, "actors") if (s := state_of(ctx, mm.record_id))]
        # the nationality in the phrase ("American troops"), else the state named last before it
        sender = near[0] if near and ctx.text[a:b].find(ctx.text[a:b].split()[0]) == 0 and near and \
            any(mm.start < sent.start + m.end() for mm in ctx.mentions(a, b, "actors")) else \
            (before[-1] if before else (near or [None])[0])
        hosts = [h.record_id for h in ctx.mentions(a, b, "locations") if ctx.kind(h.record_id) == "country"]
        host = (hosts or [ctx.main_country])[0]
        if sender is None or host is None:
            continue
        rec: dict[str, Any] = {"deployment_id": "", "sending_actor_id": sender, "host_location_id": host,
                               "personnel_kind": kind, "status": status}
        reasons = {"personnel_kind": f"the word {kind_word!r}", "status": f"verb of the clause ({status})",
                   "sending_actor_id": "the nationality in the phrase, else the state named last before it",
                   "host_location_id": "the country named in the clause" if hosts else "the seed's main country"}
        hedge, num, vague = g.get("hedge"), g.get("num"), g.get("vague")
        if num or vague:
            text_end = m.end("dozen") if g.get("dozen") else m.end("num") if num else m.start()
            count_text = sent.text[m.start():text_end] or None
            got = bounds(count_text or "", hedge or vague)
            rec.update(count_text=count_text, count_hedge=got.hedge, count_low=got.low, count_best=got.best,
                       count_high=got.high)
            reasons["count"] = got.why
        rec = {k: v for k, v in rec.items() if v is not None}
        dates, reasons["as_of"] = ctx.date("as_of", sent, a, b, required=True, deadlines=False,
                                            clause_only=True)
        rec.update(dates)
        month = rec["as_of_start"].strftime(policies()["ids"]["deployment_suffix"]).lstrip("-") \
            if rec.get("as_of_start") else None  # the rules' id convention: the month of as_of_start, last
        rec["deployment_id"] = ctx.new_id("dep", f"{sender[4:]} {host[4:]} {rec.get('count_text', kind)}", month)
        if event_id:
            rec["event_id"] = event_id
        rec["summary"] = clause.rstrip(".")
        rec["evidence"] = [ctx.cite(lead, b)]
        rec["draft"] = {"confidence": 0.6 if num else 0.4, "reasons": reasons}
        out.append(rec)
    return out


def draft_figures(ctx: Context, sent: Sentence, event_id: str | None) -> list[dict[str, Any]]:
    """One figure per amount of money, distance or time span in the sentence."""
    out = []
    for m in FIGURE.finditer(sent.text):
        ca, cb = clause_of(sent, m.start(), m.end())
        before = sent.text[ca - sent.start:m.start()].split()[-3:]
        a = max(ca, sent.start + m.start() - len(" ".join(before)) - (1 if before else 0))
        b = min(cb, sent.start + m.end() + len(" ".join(sent.text[m.end():].split()[:4])) + 1)
        rec: dict[str, Any] = {"figure_id": "", "figure_kind": "", "subject": ctx.text[ca:cb].rstrip("."),
                               "amount_text": m.group(0).strip()}
        if m.group("money"):
            rec.update(figure_kind="money", unit="USD", currency="USD")
        elif m.group("vaguetime"):
            rec.update(figure_kind="duration", unit="month", amount_text=m.group(0).split()[-1]
                       if m.group(0).lower().startswith("take") else m.group(0))
        else:
            unit = m.group("unit").lower()
            if unit.startswith("mile"):
                continue  # a conversion the curator should decide
            unit = "km" if unit.startswith("kilomet") or unit == "km" else unit.rstrip("s")
            kind = "distance" if unit == "km" else ("elapsed_time" if m.group("ago") else "duration")
            rec.update(figure_kind=kind, unit=unit)
        got = bounds(rec["amount_text"], m.group("hedge") or m.group("mhedge"))
        rec.update(amount_hedge=got.hedge, amount_low=got.low, amount_best=got.best, amount_high=got.high)
        why = got.why
        rec = {k: v for k, v in rec.items() if v is not None}
        rec["figure_id"] = ctx.new_id("fig", f"{rec['figure_kind']} {rec['amount_text']}")
        if event_id:
            rec["event_id"] = event_id
        loc = [x.record_id for x in ctx.mentions(ca, cb, "locations")]
        if loc:
            rec["location_id"] = loc[0]
        rec["evidence"] = [ctx.cite(a, b)]
        rec["draft"] = {"confidence": 0.6, "reasons": {"amount": why, "figure_kind": f"the unit in {m.group(0)!r}",
                                                       "subject": "the clause itself: rewrite it"}}
        out.append(rec)
    return out


def _speaker_actor(ctx: Context, a: int, b: int) -> str | None:
    ids = [m.record_id for m in ctx.mentions(a, b, "actors")
           if ctx.kind(m.record_id) in ("person", "government_body", "media", "armed_force")]
    return ids[-1] if ids else None


_GOES_ON = re.compile(r"(?:adding|saying|noting|stressing|warning)\b")
_PRONOUN = re.compile(r"(?i)^(?:he|she|they|it|the (?:official|spokesman|spokeswoman|spokesperson|minister))$")


def draft_quotes(ctx: Context, sent: Sentence, event_id: str | None,
                 spoke: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Reported speech (speaker and verb), and the article's own assessments, in the sentence.

    ``spoke`` carries the last named speaker from sentence to sentence: "he said" is theirs.
    A clause going on with the speaker's words ("..., adding that ...") is theirs, not the article's.
    """
    out = []
    spoke = {} if spoke is None else spoke
    sp = speech(sent.text)
    used: tuple[int, int] = (0, 0)
    if sp:
        ca, cb = (sent.start + x for x in sp.content)
        sa, sb = (sent.start + x for x in sp.speaker)
        who, cite_who = sp.who, ctx.cite(sa, sb, field="speaker_text")
        actor = _speaker_actor(ctx, sa, sb)
        why_who = f"the attribution {ctx.text[sa:sb]!r}"
        if _PRONOUN.match(who) and spoke:
            who, actor, cite_who = spoke["who"], spoke.get("actor"), spoke["cite"]
            why_who = f"{sp.who!r}: the speaker named before ({who!r})"
        else:
            spoke.update(who=who, actor=actor, cite=cite_who)
        rec: dict[str, Any] = {"quote_id": ctx.new_id("quo", f"{who} {ctx.text[ca:cb]}"),
                               "speaker_text": who, "speech_kind": sp.kind, "verb": sp.verb}
        if actor:
            rec["speaker_actor_id"] = actor
        if event_id:
            rec["event_id"] = event_id
        said = [t for t in times(sent.text) if t.statement]
        if said and ctx.window()[0]:
            p = resolve(said[0].text, *ctx.window())
            if p.start:
                rec["note"] = f"Said {said[0].text} ({p.start}, from the publication date)."
        rec["evidence"] = [ctx.cite(ca, cb), cite_who]
        rec["draft"] = {"confidence": 0.7, "reasons": {
            "speech_kind": "words in quotation marks" if sp.kind == "direct" else "reported speech",
            "speaker_text": why_who, "verb": f"the verb {sp.verb!r}",
            **({"speaker_actor_id": "a known alias in the attribution"} if actor else {})}}
        out.append(rec)
        used = sp.content
        out += _fragments(ctx, sent, sp.content, rec)
    for a, b in clauses(sent.text):
        cue = ASSESSMENT.search(sent.text, a, b) or REPORTEDLY.search(sent.text, a, b)
        if not cue or (used[0] <= a and b <= used[1]) or (sp and a < sp.speaker[1] and b > sp.speaker[0]):
            continue
        reported = REPORTEDLY.match(cue.group(0)) is not None
        theirs = sp is not None and not reported and _GOES_ON.match(sent.text, a) is not None
        prefix = "quo" if reported or theirs else f"{policies()['ids']['assessment_prefix']}{ctx.source_id[4:]}"
        rec = {"quote_id": ctx.new_id(prefix, sent.text[a:b], None if reported or theirs else ""),
               "speaker_text": out[0]["speaker_text"] if theirs else "the article",
               "speech_kind": "indirect" if reported or theirs else "assessment"}
        if reported or theirs:
            rec["verb"] = "reportedly" if reported else out[0]["verb"]
        if theirs and out[0].get("speaker_actor_id"):
            rec["speaker_actor_id"] = out[0]["speaker_actor_id"]
        if event_id:
            rec["event_id"] = event_id
        rec["evidence"] = [ctx.cite(sent.start + a, sent.start + b)]
        rec["draft"] = {"confidence": 0.4, "reasons": {
            "speech_kind": f"the article's own framing (cue {cue.group(0)!r})" if not theirs else
            "a clause of a sentence with a speaker: their words", "speaker_text":
            "the sentence's speaker" if theirs else "no speaker named"}}
        out.append(rec)
    return out


_FRAGMENT = re.compile(r"[“\"](?P<words>[^”\"]{3,300}?)[,.]?[”\"]")
_NAME_LIKE = re.compile(r"(?:(?:[A-Z][\w’'-]*|of|the|and|for)\s*)+")


def _fragments(ctx: Context, sent: Sentence, content: tuple[int, int], first: dict[str, Any]) -> list[dict[str, Any]]:
    """The speaker's words in quotation marks elsewhere in a sentence that reports them ("asked the mission to
    leave \"without delay,\" saying ..."; "calling the date \"the end of a process\""): direct quotes of the
    same speaker. Not one word, nor a name in quotation marks (the "Alliance of Sahel States")."""
    out = []
    for m in _FRAGMENT.finditer(sent.text):
        a = m.start("words")
        words = m.group("words").rstrip(",. ")
        if content[0] <= a < content[1] or len(words.split()) < 2 or _NAME_LIKE.fullmatch(words):
            continue
        rec = {"quote_id": ctx.new_id("quo", f"{first['speaker_text']} {words}"), "speaker_text": first["speaker_text"],
               "speech_kind": "direct", "verb": first["verb"]}
        rec.update({k: first[k] for k in ("speaker_actor_id", "event_id", "note") if k in first})
        rec["evidence"] = [ctx.cite(sent.start + a, sent.start + a + len(words)), first["evidence"][1]]
        rec["draft"] = {"confidence": 0.5, "reasons": {
            "speech_kind": "words in quotation marks in a sentence that reports the speaker",
            "speaker_text": "the sentence's speaker", "verb": "the sentence's speech verb"}}
        out.append(rec)
    return out


_TITLE = re.compile(r"((?:[A-Z][\w’']*\s+|of\s+|to\s+){1,7}?)$")


def draft_roles(ctx: Context, sent: Sentence) -> list[dict[str, Any]]:
    """A title written before a known person's name ("Pentagon spokesperson Sabrina Singh")."""
    out = []
    for m in ctx.mentions(sent.start, sent.end, "actors"):
        if ctx.kind(m.record_id) != "person":
            continue
        before = ctx.text[sent.start:m.start].rstrip(", ")
        t = re.search(r"((?:The\s+)?(?:[A-Z][\w’'-]*|spokesperson|spokeswoman|spokesman|of|to)"
                      r"(?:\s+(?:[A-Z][\w’'-]*|spokesperson|spokeswoman|spokesman|of|to|Niger’s|Niger's))*)$", before)
        if not t or len(t.group(1).split()) < 1 or t.group(1).split()[-1] in ("of", "to"):
            continue
        a = sent.start + t.start(1)
        title = ctx.text[a:sent.start + len(before)]
        if title.split()[0] in ("In", "However", "After", "Following", "Meanwhile"):
            continue
        out.append({"role_id": ctx.new_id("rol", m.record_id[4:], ctx.source_id), "actor_id": m.record_id,
                    "title": re.sub(r"^(?:The|Niger’s|Niger's)\s+", "", title) if len(title.split()) > 1 else title,
                    "source_id": ctx.source_id, "evidence": [ctx.cite(a, m.end)],
                    "draft": {"confidence": 0.6, "reasons": {"title": "the words before a known person's name"}}})
    return out
