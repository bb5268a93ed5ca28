"""Rules on coding choices (issue 21's review): the crosswalk agrees with the published CAMEO-to-PLOVER table,
a request for help codes the party asked as its target, every value resting on outside reporting cites an
external reference, and a discrepancy's resolution names no year outside the records it names. Registered with
the other rules in ``pipeline/rules.py``; their policy tables are in ``schema/v1/rules/policies.json``."""

from __future__ import annotations

import re
from datetime import date

from .. import schema
from ..errors import Problem, shown
from .hedges import policies
from .rule_support import Row, Tables, problem, rows


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



def request_problems(tables: Tables) -> list[Problem]:
    """A request for help names the party asked as its ``target``, never as a ``beneficiary``.

    >>> import pyarrow as pa
    >>> ev = pa.table({"event_id": ["evt-r"], "plover_event": ["REQUEST"]})
    >>> ea = pa.table({"event_id": ["evt-r", "evt-r"], "actor_id": ["act-niger", "act-iran"],
    ...                "role": ["initiator", "beneficiary"]})
    >>> for p in request_problems({"events": ev, "event_actors": ea}): print(p)
    table events: evt-r: actors: act-iran is a beneficiary of a request (REQUEST): the party asked is its target
    table events: evt-r: actors: a request (REQUEST) needs the party asked as a target
    """
    pol = policies()["requests"]
    roles: dict[str, list[tuple[str, str]]] = {}
    for link in rows(tables, "event_actors"):
        roles.setdefault(link["event_id"], []).append((link["actor_id"], link["role"]))
    problems = []
    for ev in rows(tables, "events"):
        if ev.get("plover_event") not in pol["plover_events"]:
            continue
        said = f"a request ({ev['plover_event']})"
        got = roles.get(ev["event_id"], [])
        for actor, role in got:
            if role in pol["forbidden_roles"]:
                problems.append(problem("events", ev, "actors",
                                        f"{actor} is a {role} of {said}: the party asked is its {pol['asked_role']}"))
        if not any(role == pol["asked_role"] for _, role in got):
            problems.append(problem("events", ev, "actors", f"{said} needs the party asked as a {pol['asked_role']}"))
    return problems


def _basis_values(tables: Tables) -> list[tuple[str, Row, str]]:
    """Every (table, row, ``*_basis`` column) whose value is ``outside_reporting``."""
    pol = policies()["outside_references"]
    return [(name, row, col) for name in pol["tables"] for row in rows(tables, name)
            for col, got in row.items() if col.endswith("_basis") and got == pol["basis_value"]]


def outside_reference_problems(tables: Tables) -> list[Problem]:
    """Every value resting on outside reporting links an external reference, and every link names one.

    >>> import pyarrow as pa
    >>> ev = pa.table({"event_id": ["evt-x"], "date_basis": ["outside_reporting"]})
    >>> print(*outside_reference_problems({"events": ev}))  # doctest: +NORMALIZE_WHITESPACE
    table events: evt-x: date_basis: 'outside_reporting' cites no external reference: add a link
    {record_table: events, record_id: evt-x, basis_field: date_basis} to one in external_references
    """
    values = {(name, row[schema.table(name).id_field], col): row for name, row, col in _basis_values(tables)}
    linked = set()
    problems = []
    for link in rows(tables, "external_reference_links"):
        key = (link["record_table"], link["record_id"], link["basis_field"])
        linked.add(key)
        if key not in values:
            ref = {"reference_id": link["reference_id"]}
            problems.append(problem("external_references", ref, "links",
                                    f"links {key[0]} {key[1]} {key[2]}, which is not outside_reporting there"))
    for (name, rid, col), row in values.items():
        if (name, rid, col) not in linked:
            problems.append(problem(name, row, col,
                                    f"'outside_reporting' cites no external reference: add a link "
                                    f"{{record_table: {name}, record_id: {rid}, basis_field: {col}}} to one "
                                    f"in external_references"))
    return problems


def _intervals(tables: Tables) -> dict[str, tuple[date | None, date | None]]:
    """The interval of every record a resolution may name, by id (the columns are in the policy)."""
    out = {}
    for name, (start, end) in policies()["resolutions"]["intervals"].items():
        for row in rows(tables, name):
            out[row[schema.table(name).id_field]] = (row.get(start), row.get(end))
    return out


def _mentions(text: str, pattern: str) -> list[tuple[str, str]]:
    """Each record id in ``text`` with the words that follow it, up to the next id, ``;`` or sentence end."""
    found = list(re.finditer(pattern, text))
    out = []
    for i, m in enumerate(found):
        stop = found[i + 1].start() if i + 1 < len(found) else len(text)
        cut = re.search(r";|\.(?:\s|$)", text[m.end():stop])
        out.append((m.group(), text[m.end():m.end() + cut.start()] if cut else text[m.end():stop]))
    return out


def resolution_problems(tables: Tables) -> list[Problem]:
    """A discrepancy's resolution names no year outside the interval of a record it names, and a
    phrase that closes a record ("rest of 2023", "to April 2024") names the year its interval ends.

    >>> import datetime as dt, pyarrow as pa
    >>> ev = pa.table({"event_id": ["evt-s"], "date_start": [dt.date(2023, 7, 1)], "date_end": [dt.date(2024, 4, 30)]})
    >>> dis = pa.table({"discrepancy_id": ["dis-t"], "resolution": ["Kept: evt-s (after the coup, rest of 2023)."]})
    >>> print(*resolution_problems({"events": ev, "discrepancies": dis}))  # doctest: +NORMALIZE_WHITESPACE
    table discrepancies: dis-t: resolution: 'rest of 2023' ends evt-s in 2023, but its interval is
    2023-07-01..2024-04-30
    """
    pol = policies()["resolutions"]
    spans = _intervals(tables)
    problems = []
    for dis in rows(tables, "discrepancies"):
        for rid, words in _mentions(dis.get("resolution") or "", pol["record_id"]):
            if rid not in spans:
                continue
            start, end = spans[rid]
            span = f"{start or '(open)'}..{end or '(open)'}"
            for y in map(int, re.findall(pol["year"], words)):
                if (start and y < start.year) or (end and y > end.year):
                    problems.append(problem("discrepancies", dis, "resolution",
                                            f"names {y} for {rid}, outside its interval {span}"))
            for m in re.finditer(pol["closing"], words):
                if end and int(m.group("year")) != end.year:
                    problems.append(problem("discrepancies", dis, "resolution",
                                            f"{shown(m.group())} ends {rid} in {m.group('year')}, but its interval "
                                            f"is {span}"))
    return problems
