"""Rules on coding choices (issue 21's review): the crosswalk agrees with the published CAMEO-to-PLOVER table,
a request for help codes the party asked as its target, every value resting on outside reporting cites an
external reference, and a discrepancy's resolution names no year outside the records it names. Registered with
the other rules in ``pipeline/rules.py``; their policy tables are in ``schema/v1/rules/policies.json``."""

from __future__ import annotations

from ..errors import Problem, shown
from .hedges import policies
from .rule_support import Tables, problem, rows


def plover_of_cameo(code: str) -> str | None:
    """The PLOVER event category of a CAMEO code, by the longest prefix in the crosswalk policy (None: dropped).

    >>> plover_of_cameo("166"), plover_of_cameo("087"), plover_of_cameo("0356"), plover_of_cameo("0232")
    ('SANCTION', 'RETREAT', 'AGREE', None)
    """
    table = policies()["crosswalk"]["cameo_to_plover"]
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    raise ValueError(f"CAMEO code {shown(code)} has no cue category in the crosswalk policy")


def crosswalk_problems(tables: Tables) -> list[Problem]:
    """Every event type's PLOVER event is the one the CAMEO-to-PLOVER table gives its CAMEO code.

    >>> import pyarrow as pa
    >>> et = pa.table({"event_type": ["troop_withdrawal"], "cameo_code": ["166"], "plover_event": ["RETREAT"],
    ...                "crosswalk_note": [None]})
    >>> print(*crosswalk_problems({"event_types": et}))  # doctest: +NORMALIZE_WHITESPACE
    table event_types: troop_withdrawal: plover_event: 'RETREAT', but the CAMEO-to-PLOVER table maps CAMEO 166
    to 'SANCTION'
    """
    word = policies()["crosswalk"]["dropped_note"]
    problems = []
    for row in rows(tables, "event_types"):
        code = row.get("cameo_code")
        if not code:
            continue
        try:
            want = plover_of_cameo(code)
        except ValueError as e:
            problems.append(problem("event_types", row, "cameo_code", str(e)))
            continue
        if want is None:
            if word not in (row.get("crosswalk_note") or ""):
                problems.append(problem("event_types", row, "crosswalk_note",
                                         f"PLOVER dropped the cue category of CAMEO {code}: the note says "
                                         f"{shown(word)} and how the PLOVER columns were chosen"))
        elif row.get("plover_event") != want:
            problems.append(problem("event_types", row, "plover_event",
                                     f"{shown(row.get('plover_event'))}, but the CAMEO-to-PLOVER table maps "
                                     f"CAMEO {code} to {shown(want)}"))
    return problems

