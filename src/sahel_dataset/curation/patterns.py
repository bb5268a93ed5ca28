"""The drafter's reading rules: event triggers, counts and their hedges, reported speech.

Every rule is a regular expression over one sentence and returns offsets into it,
so each proposed value can be cited. The rules were written from the five curated
seeds and are measured on them leave-one-seed-out (``benchmarks/drafting.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

# ------------------------------------------------------------------ events

EVENT_TRIGGERS: list[tuple[str, str]] = [
    ("coup_designation", r"designated [^.]* as a coup"),
    ("coup", r"\bcoups?\b|overthrew|ousted|military takeover|\btoppl\w+|\b(?:seized|took|grabbed) power\b|"
             r"\bputsch\b|\bdeposed\b"),
    ("renegotiation_failed", r"(?:renegotiate|salvage|revis\w+)\b[^.]*\bfail"),
    ("agreement_terminated", r"\brevok\w*|\bterminat\w*|\brupture\b|\bdenounc\w*|\bscrapp\w+|\btore up\b|\bannull\w*|"
                             r"\brescind\w*"),
    ("talks_expected", r"talks (?:are|were) expected|expected to resume"),
    ("joint_statement", r"joint statement"),
    ("talks", r"\btalks\b|\bdiscussions\b|\bnegotiations?\b"),
    ("expulsion_order", r"\bexpel\w*|\bforced out\b|\bexpulsion\b|ordered out|kick out|ordered the withdrawal|"
                        r"asked [^.]{0,30}to leave"
                        r"|\bexpelled\b"),
    ("base_handover", r"handed over|\bhanded (?:back )?to\b|hand(?:s|ing)? over|\bhandover\b|\bturn(?:ed|s|ing)? over\b"
                      r"|\btransferr?(?:ed|ing)? (?:control of )?(?:the|its) [^.]{0,30}\bbase\b"
                      r"|\btransfer of (?:the|its) [^.]{0,30}\bbase\b"),
    ("base_closure", r"shutting down|\bclosure\b|\bclos(?:e|ing) (?:the|its) base"),
    ("equipment_delivery", r"\bdelivered\b|\bdeliver(?:y|ies) of\b|\bshipment of\b"),
    ("deployment_arrival", r"\barriv(?:ed|al|e)\b|\blanded\b|\bdeployed (?:to|in)\b|\bdispatched\b|"
                           r"\bflew [^.,]{0,60}\binto\b"),
    ("troop_withdrawal", r"\bwithdr[ae]w\w*|\bpull(?:s|ed|ing)? (?:[^.,]{0,40}? )?out\b|\bpullout\b|"
                         r"\bmove [^.,]{0,40}? out of\b|\bleaving\b|\bto leave\b|\bleft\b|"
                         r"\bdeparted\b|\bbe (?:out of|gone from)\b|\b(?:would|will|must) leave\b"),
    ("aid_suspension", r"\bsuspend\w*|restrictions on [^.]*aid"),
    ("protest", r"\bprotest\w*|\bdemonstrat\w+|\brall(?:y|ies|ied)\b|\bmarched\b"),
    ("delegation_visit", r"delegation [^.]*(?:travel|visit)|\bvisit by (?:a|an|the) [^;]{0,30}?\bdelegation\b"
                         r"|\bvisit(?:ed)? (?:to )?(?:Niamey|Bamako|Ouagadougou|Moscow)\b"),
    ("alliance_formed", r"\bformed\b|\bfounded\b|\bsigned (?:a|the) [^.]{0,40}\b(?:treaty|charter|pact)\b"),
    ("membership_exited", r"(?:have|has|had) withdrawn from|\bexited\b|\bquit(?:s|ting)?\b|\bexit from\b"),
    ("militant_activity", r"insurgent activity|\bactive in\b|\bjihadist activit|\bgroups? (?:linked|affiliated)|"
                          r"\bmilitant group|\boperat(?:e|ing) in the (?:vast )?region"),
    ("policy_review", r"reevaluat\w+|reassess\w*|exploring (?:options|alternatives)|\breview\w*"),
    ("condemnation", r"\bimpos\w+ [^.]{0,20}\bsanctions\b|\bthreaten\w* (?:to use force|military intervention)\b|"
                     r"\bcondemn\w*"),
    ("realignment", r"\bdr[ae]wn? closer\b|\bbuilt (?:up )?closer ties\b|"
                    r"shift\w* towards?|\bturn(?:ed|s)? (?:to|toward)|\bpivot\w*|\bdistanced\b|closer security ties|"
                    r"strengthen(?:ing)? ties|stronger ties|alignment|sought [^.]{0,40}help|breaking ties|"
                    r"severing ties"),
    ("military_operations", r"counterterrorism operations|anti-terrorism missions|\bcountering\b|"
                            r"used to base|military operations|\bmonitor and combat\b"),
    ("military_assistance", r"\binvest\w*|\btraining\b|military assistance|security assistance|\bto train\b"),
    ("base_construction", r"\bconstructed\b|\bconstruction of\b"
                          r"|\bbuilt\b(?!\s+(?:up\s+)?(?:closer|stronger|new|deeper)?\s*(?:ties|links))"),
    ("diplomatic_meeting", r"\bsummit\b|\bdue to meet\b"),
    ("diplomatic_effort", r"tried [^.]*to prevent|hoped to maintain|efforts? to (?:keep|restore|prevent)"),
]
_TRIGGERS = [(t, re.compile(rx, re.I)) for t, rx in EVENT_TRIGGERS]


@dataclass(frozen=True)
class Trigger:
    """An event type and the words that suggest it (offsets into the sentence)."""

    event_type: str
    start: int
    end: int
    words: str


def triggers(sentence: str) -> list[Trigger]:
    """The first trigger of each event type in ``sentence``, in text order.

    >>> [(t.event_type, t.words) for t in triggers("Niger revoked its military cooperation deal with the U.S.")]
    [('agreement_terminated', 'revoked')]
    """
    out = []
    for event_type, rx in _TRIGGERS:
        m = rx.search(sentence)
        if m:
            out.append(Trigger(event_type, m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda t: t.start)


def event_status(clause: str) -> tuple[str, str]:
    """The event status a clause suggests, and why.

    >>> event_status("Talks are expected to resume next month")
    ('expected', "the words 'expected'")
    """
    for status, rx in (("attempted_failed", r"\b(?:attempted|tried)\b[^.]*\bfail|\bfailed\b"),
                       ("reported", r"\breportedly\b"),
                       ("expected", r"\bexpected\b|\b(?:is|are) (?:set|due|scheduled|slated) to\b"),
                       ("announced", r"\bannounc\w+ plans|\bannounces\b|\bdisclosed\b"),
                       ("planned", r"\bwill\b|\bwould\b|\bmust\b|\bto be\b|\bplan(?:s|ned)? to\b")):
        m = re.search(rx, clause, re.I)
        if m:
            return status, f"the words {m.group(0)!r}"
    return "occurred", "past or present tense, no modal"


# ------------------------------------------------------------------ agreements

AGREEMENT_TRIGGERS: list[tuple[str | None, str, str]] = [
    # "said in a joint statement" is how words were said, not an agreement made
    ("joint_statement", "fulfilled", r"(?<!said in a )(?<!says in a )\bjoint statement\b"),
    (None, "failed", r"\b(?:renegotiat\w*|salvage)\b[^.]{0,50}\b(?:deal|agreement|accord)\b"),
    (None, "under_negotiation", r"\b(?:revising|renegotiating) (?:an?|the) (?:\w+ )?(?:agreement|deal|accord)\b"),
    (None, "revoked", r"\b(?:revok|denounc)\w*\b[^.]{0,40}\b(?:deal|agreement|accord|cooperation|pact)s?\b"),
    (None, "terminated", r"\bterminat\w*\b[^.]{0,15}\b(?:deal|agreement|accord|pact)\b|"
                         r"\brupture in [^.]{0,30}\bcooperation\b"),
    ("defense_pact", "in_force", r"\b(?:formed|founded|signed|established)\b[^.]{0,60}\b(?:pact|alliance|treaty)\b"),
    ("membership", "exited", r"\b(?:(?:have|has|had)\s+(?:withdrawn from|exited|quit)"
                             r"|(?:were|are|is) (?:leaving|quitting)|withdr[ae]w from)"
                             r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?[A-Z][\w-]+"),
    ("security_partnership", "in_force", r"\bsecurity partner\b|\bcooperation between\b"),
    ("basing", "in_force", r"\bagreements? that allows? [^.]{0,40}\bbased\b"
                           r"|\b(?:agreement|arrangement|accord) allowing (?:them|it|its|their|troops|forces)\b"),
    ("basing", "under_negotiation", r"\babout hosting\b[^.]{0,40}\b(?:drones?|troops|forces|bases?|operations)\b"),
    (None, "failed", r"\btalks on (?:a|the) new (?:agreement|deal|accord)\b[^.]{0,60}\bbroke down\b"),
    ("joint_statement", "in_force", r"\b(?:have|has) agreed that\b"),
    ("defense_pact", "in_force", r"\b(?:mutual )?defen[cs]e pact\b"),
    ("basing", "proposed", r"\bestablish\w* new (?:drone |military |air )?bases\b"),
    ("resource_deal", "proposed", r"\b(?:uranium|mining|oil|gold) deals?\b"),
]
"""(agreement type, or None to read it from the clause; status; regular expression)."""
_AGREEMENT_TRIGGERS = [(t, s, re.compile(rx, re.I)) for t, s, rx in AGREEMENT_TRIGGERS]


@dataclass(frozen=True)
class AgreementTrigger:
    """An agreement's type (None: read it from the clause) and status, and the words that suggest them."""

    agreement_type: str | None
    status: str
    start: int
    end: int
    words: str


def agreement_triggers(sentence: str) -> list[AgreementTrigger]:
    """The agreement triggers of ``sentence``, in text order, none overlapping an earlier one.

    >>> [(t.status, t.words) for t in agreement_triggers("Niger revoked its military cooperation deal with the US.")]
    [('revoked', 'revoked its military cooperation deal')]
    """
    found = []
    for kind, status, rx in _AGREEMENT_TRIGGERS:
        m = rx.search(sentence)
        if m and not any(t.start < m.end() and m.start() < t.end for t in found):
            found.append(AgreementTrigger(kind, status, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda t: t.start)


# ------------------------------------------------------------------ counts

_WORD_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
             "a": 1, "a few": 3, "several": 3}
HEDGE = (r"(?:(?:more|fewer|less) than|just under|close to|over|under|about|around|approximately|nearly|almost|some|"
         r"at least|up to|"
         r"roughly|just|only|an estimated)")
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(k for k in _WORD_NUM if k not in ("a",)) + ")"
_PERSONNEL = (r"(?P<kind>troops|soldiers|military personnel|service ?members|personnel|forces|instructors|trainers|"
              r"contingent|equipment|air defen[sc]e systems)")
_QUAL = (r"(?:(?:U\.S\.|US|American|French|Russian|Nigerien|military|additional|foreign|combat|Army|Navy|Marine|"
         r"Air Force|special(?: forces| operations)?|elite)\s+){0,3}")
COUNT = re.compile(
    rf"(?P<hedge>\b{HEDGE}\s+)?(?:(?P<num>\b{_NUM})(?P<dozen>\s+dozen)?|(?P<vague>\b(?:a small (?:contingent|number)"
    rf"|many|several|hundreds|thousands|dozens))(?:\s+of)?)\s+{_QUAL}{_PERSONNEL}\b"
    rf"|(?P<bare>\b(?:U\.S\.|US|American|French|Russian)\s+(?:military\s+)?(?:troops|soldiers|forces|instructors|"
    rf"trainers|military personnel|personnel))\b"
    rf"|(?P<bare2>\b(?:Russian\s+)?(?:military\s+)?(?:instructors|trainers|equipment)\b)",
    re.I,
)
ELLIPTIC = re.compile(
    rf"(?P<hedge>\b{HEDGE}\s+)?(?P<num>\b(?!(?:19|20)\d\d\b){_NUM})(?P<dozen>\s+dozen)?(?=\s+(?:had\s+|have\s+|has\s+)?"
    r"(?:remained|remain|remains|stayed|stay|were left|are left|are still|were still|arrived|left)\b)",
    re.I,
)
"""A count whose noun is left out ("About 200 remained", "two dozen stayed"): the personnel named before it."""
KINDS = {"troops": "troops", "soldiers": "soldiers", "military personnel": "military_personnel",
         "service members": "military_personnel", "servicemembers": "military_personnel",
         "personnel": "military_personnel", "forces": "forces", "instructors": "instructors",
         "trainers": "trainers", "contingent": "military_personnel", "equipment": "equipment",
         "air defense systems": "equipment", "air defence systems": "equipment"}


@dataclass(frozen=True)
class Bounds:
    """The low/best/high of a count or amount phrase, the hedge to record, and why."""

    low: int | float | None
    best: int | float | None
    high: int | float | None
    hedge: str | None
    why: str


def _plain(n: Fraction | None) -> int | float | None:
    return None if n is None else int(n) if n.denominator == 1 else float(n)


def bounds(text: str, hedge: str | None = None) -> Bounds:
    """Bounds of the phrase ``text`` (with the ``hedge`` words read before it) by the one hedge
    policy the rules layer checks (``schema/v1/rules/policies.json``, ``hedges``).

    The hedge recorded is the hedge as written ("about", "nearly", "at least"; a hedge
    the policy has no entry for, such as "up to", is read as the number stated and the
    reason says so), else the policy phrase the text holds ("months", "millions").
    The bounds are always the policy's: the drafter has no hedge rules of its own.

    >>> b = bounds("Over 1,000", "Over"); (b.low, b.best, b.high, b.hedge)
    (1001, None, None, 'Over')
    >>> b = bounds("about two dozen", "about"); (b.low, b.best, b.high, b.hedge)
    (20, 24, 28, 'about')
    >>> b = bounds("millions of dollars"); (b.low, b.high, b.hedge)
    (2000000, 999999999, 'millions')
    >>> b = bounds("nearly 100", "nearly"); (b.low, b.best, b.high, b.hedge)
    (90, None, 99, 'nearly')
    >>> b = bounds("up to 100", "up to"); (b.low, b.best, b.high, b.hedge, b.why[:34])
    (None, 100, None, 'up to', "'up to' is not in the hedge policy")
    """
    from ..pipeline.hedges import expected_bounds

    hedge = hedge.strip() if hedge else None
    want, used = expected_bounds(text, hedge)
    low, best, high = (_plain(want[k]) for k in ("low", "best", "high"))
    known = used not in ("exact number", "no number")
    shown = f"{low}..{best}..{high}".replace("None", "-")
    if known and hedge is None:
        m = re.search(rf"(?<![\w-]){re.escape(used)}(?![\w-])", text, re.I)
        hedge = text[m.start():m.end()] if m else used
    why = f"the hedge policy's {used!r} entry: low..best..high {shown}" if known else "the number as stated"
    if hedge and not known:
        why = (f"{hedge!r} is not in the hedge policy (schema/v1/rules/policies.json): read as {used}, the hedge "
               "recorded as written; add a policy entry if it should bound the number")
    return Bounds(low, best, high, hedge, why)


# ------------------------------------------------------------------ figures

FIGURE = re.compile(
    rf"(?P<money>(?P<mhedge>\b{HEDGE}\s+)?\$\s?(?P<mnum>{_NUM})(?:\s+(?P<mscale>million|billion|thousand))?"
    rf"|(?P<vaguemoney>(?:hundreds of )?millions|billions) of dollars)"
    rf"|(?P<hedge>\b{HEDGE}\s+)?(?P<num>\b{_NUM})(?:\s+|-)(?P<unit>kilometers?|kilometres?|km|miles?|days?|weeks?|months?"
    rf"|years?)"
    rf"(?P<ago>\s+ago)?\b"
    rf"|(?P<vaguetime>\b(?:for|take)\s+months\b)",
    re.I,
)


# ------------------------------------------------------------------ speech

_VERBS = (r"said|says|say|confirmed|confirms|stated|announced|announces|disclosed|acknowledged?|acknowledges|"
          r"hoped|indicated|insisted|warned|noted|claimed|added|told|reported|accused|urged|denied")
# what may follow a speech verb before the words reported: "said on Friday", "said in a statement"
_AFTER = (r"(?:\s+(?:late\s+|early\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
          r"(?:\s+(?:morning|afternoon|evening|night))?"
          r"|\s+(?:in|on) (?:an?|the|its|their) (?:\w+ ){0,3}?"
          r"(?:statement|interview|briefing|post|address|speech|communiqu[eé]|report|broadcast)(?: \w+){0,3}?"
          r"|\s+on (?:national |state )?(?:television|radio|TV)"
          r"|\s+(?:on\s+)?(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
          r"|(?<=told)\s+(?:reporters|journalists|lawmakers|the [\w' ]{2,40}?(?= that\b)|the [A-Z]\w+"
          r"|[A-Z][\w.]+(?: [A-Z][\w.]+)?)(?=\s|[,.]|$)"
          r"|\s+last week|\s+this week)*")
SPEECH = [
    # content, according to SPEAKER [on Monday].
    ("according to", re.compile(r"^(?P<content>.+?),?\s+(?P<spk>according to (?P<who>(?:[^,.;]|\.(?=\S))+?))\.?$")),
    # content, SPEAKER said [on Friday].
    ("said", re.compile(rf"^(?P<content>.+?),[\"”’']?\s+(?P<spk>(?P<who>[^,]{{2,100}}?)\s+(?P<verb>{_VERBS}){_AFTER})"
                        rf"(?:\.|,\s+(?:the|a|an|in|as|which|who|\w+ing)\b.*"
                        rf"|\s+(?:after|before|during|while|when|at the end of)\b.*)?$")),
    # content, disclosed SPEAKER, rest
    ("inverted", re.compile(rf"^(?P<content>.+?),[\"”’']?\s+(?P<spk>(?P<verb>{_VERBS})\s+(?P<who>[^,.]+))"
                            rf"(?:,\s.*|\.)?$")),
    # [Lead,] SPEAKER says [on Friday] [that] content.
    ("says", re.compile(rf"^(?P<spk>(?:[A-Z][\w ]{{0,20}},\s+)?(?P<who>[^,]{{2,60}}?(?:,[^,]{{2,90}},|"
                        rf",\s[^,]{{2,40}}?\s+and\s+[A-Z][^,]{{1,30}}?)?)\s+"
                        rf"(?:has |have )?(?P<verb>{_VERBS}){_AFTER})\s*,?\s+(?:that\s+)?(?P<content>.+?)\.?$")),
    # SUBJECT did something, saying content.
    ("saying", re.compile(r"^(?P<spk>(?P<who>[^,\"“]{2,50}?))\s+(?:has |had |have )?\w+ed\b.*?,[\"”]?\s+"
                          r"(?P<verb>saying|adding|arguing|insisting|warning)\s+(?:that\s+)?(?P<content>.+?)\.?$")),
    # SUBJECT described something as "content".
    ("described", re.compile(r"^(?P<spk>(?P<who>[^,\"“]{2,60}?))\s+(?P<verb>described|called|branded|hailed)\b"
                             r"[^\"“]*?\bas\s+(?:\w+\s+){0,4}?(?P<content>[“\"][^”\"]+[”\"])\.?$")),
    # SUBJECT did something, but said content.
    ("but said", re.compile(r"^(?P<spk>(?P<who>[^,\"“]{2,80}?))\s+(?:has |had |have )?(?:\w+ed|took|made|gave|"
                            r"held|met|sent|set|began|left|kept)\b[^\"“]*?,?\s+"
                            r"(?:but|and)\s+(?P<verb>said|added|warned|insisted)\s+(?:that\s+)?(?P<content>.+?)\.?$")),
    # ..., when SPEAKER told the council that content.
    ("when told", re.compile(rf"^.+?,\s+(?:when|as|after)\s+(?P<spk>(?P<who>[^,]{{2,60}}?)\s+"
                             rf"(?P<verb>{_VERBS}){_AFTER})\s+that\s+(?P<content>.+?)\.?$")),
    # content, as reported by SPEAKER.
    ("reported by", re.compile(r"^(?P<content>.+?),?\s+(?P<spk>as (?P<verb>reported) by (?P<who>[^,.]+))\.?$")),
]
DIRECT = re.compile(r"“(?P<q>[^”]+)”|\"(?P<q2>[^\"\n]+)\"")
REPORTEDLY = re.compile(r"\b(?:is |are |was )?reportedly\b")
ASSESSMENT = re.compile(
    r"\bsignifican\w+|\bmarks?\b|\bsignal\w*|\bblow\b|\bsetback\b|\bviewed as\b|\bevident\b|\bclear\b|\bcritical\b|"
    r"\bkey\b|\bchalleng\w+|\bunlikely\b|\bcould\b|\bmay\b|remains to be seen|implications|part of a broader|"
    r"\brepresents\b|\bshift\b|\bexpected\b|\bfollows\b|\bfollowing\b|\bamid\b|\bdetrimental\b|\bineffective\b|"
    r"\bhotspot\b|\bdependable\b|\bpivot\b|\bconsequences\b|\baltering\b|\bdisrupted\b|\bforced\b|\bled to\b|"
    r"\bdeteriorated\b|\bpotentially\b|\bimportant\b|\bcentral\b|\bplagued\b|\bstrategic\b|\bwill need\b",
    re.I,
)


_WHEN = re.compile(r"\s+(?:on\s+|late\s+|early\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                   r"(?:\s+(?:morning|afternoon|evening|night))?$")
_IMPERSONAL = re.compile(r"(?i)^(?:it|there|this|that)(?:\s+(?:is|was|has been|had been|will be))?$")


@dataclass(frozen=True)
class Speech:
    """Reported speech in a sentence: the words reported and the attribution (offsets into the sentence)."""

    kind: str
    verb: str
    content: tuple[int, int]
    speaker: tuple[int, int]
    who: str


def speech(sentence: str) -> Speech | None:
    """The reported speech of a sentence, by the first pattern that fits.

    >>> s = speech("Over 1,000 troops will be leaving Niger, disclosed Biden administration officials, altering it.")
    >>> s.verb, s.who, s.kind
    ('disclosed', 'Biden administration officials', 'indirect')
    >>> s = speech("US officials say planning will commence soon.")
    >>> s.verb, s.who
    ('say', 'US officials')
    >>> s = speech("“The withdrawal is complete,” the Pentagon said in a statement on Monday.")
    >>> s.kind, s.who, s.verb
    ('direct', 'the Pentagon', 'said')
    >>> speech("The US left, a US official on Monday said.").who, speech("It is noted that the US left Niger.")
    ('a US official', None)
    >>> s = speech("Niger's junta said on Sunday that the last U.S. soldiers had left the country.")
    >>> s.who, s.kind
    ("Niger's junta", 'indirect')
    """
    for name, rx in SPEECH:
        m = rx.match(sentence)
        if not m or len(m.group("content").split()) < 3:
            continue
        who = re.sub(r"\s+(?:also|again|previously|later|then)$", "", _WHEN.sub("", m.group("who")).strip(" ,"))
        if _IMPERSONAL.match(who) or re.search(r"\b(?:not|never|declined to|refused to)$", who):
            continue  # "It is noted that": the article's own words
        if name == "says" and (len(who.split(",")[0].split()) > 6 or (who[:1].islower() and not who.startswith(
                "officials"))):
            continue
        verb = "according to" if name == "according to" else m.group("verb")
        c = m.span("content")
        d = DIRECT.search(sentence, c[0], min(len(sentence), c[1] + 2))  # "...,” SPEAKER said: the comma is inside
        if d:
            c = d.span("q") if d.group("q") else d.span("q2")
        return Speech("direct" if d else "indirect", verb, c, m.span("spk"), who)
    return None
