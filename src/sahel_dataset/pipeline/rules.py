"""Rules that make the data check itself: the ``rules`` validation layer.

Each rule is a pure function over the assembled tables (``dict[str, pyarrow.Table]``)
returning located :class:`~sahel_dataset.core.errors.Problem` objects (table, record id,
field; the build adds the curated file and line). The policy tables the rules apply
are data, in one documented file: ``schema/v1/rules/policies.json`` (see
docs/validation.md, "Rules"). :func:`rule_problems` runs them all; ``build``
(``assemble``) and ``validate`` (project and package) call it once every table has
passed its schema and foreign keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

from ..core import schema
from ..core.errors import Problem, shown
from .coding_rules import crosswalk_problems, outside_reference_problems, request_problems, resolution_problems
from .dates import precision_of, propose
from .hedges import expected_bounds, phrase_in, policies
from .rule_support import SharedRows, Tables, date_groups, problem, rows, sources_of

# ------------------------------------------------------------------ the rules


def precision_problems(tables: Tables) -> list[Problem]:
    """Every ``*_precision`` equals :func:`~sahel_dataset.pipeline.dates.precision_of` of its interval.

    >>> import datetime as dt, pyarrow as pa
    >>> ev = pa.table({"event_id": ["evt-a"], "date_start": [dt.date(2024, 5, 19)],
    ...                "date_end": [dt.date(2024, 8, 31)], "date_precision": ["season"]})
    >>> print(*precision_problems({"events": ev}))  # doctest: +NORMALIZE_WHITESPACE
    table events: evt-a: date_precision: 'season' does not fit 2024-05-19..2024-08-31 (105 days): the precision
    table gives 'year'
    """
    problems = []
    for name in policies()["precision"]["tables"]:
        for group in date_groups(name):
            for row in rows(tables, name):
                start, end, got = row.get(f"{group}_start"), row.get(f"{group}_end"), row.get(f"{group}_precision")
                want = precision_of(start, end)
                if got == want:
                    continue
                width = f"{start}..{end} ({(end - start).days + 1} days)" if start and end else f"{start}..{end}"
                problems.append(problem(name, row, f"{group}_precision",
                                         f"{shown(got)} does not fit {width}: the precision table gives {shown(want)}"))
    return problems


def publication_problems(tables: Tables) -> list[Problem]:
    """A source's publication window neither opens nor closes before an event it reports as done.

    >>> import datetime as dt, pyarrow as pa
    >>> d = dt.date
    >>> t = {"sources": pa.table({"source_id": ["src-003"], "published_start": [d(2024, 5, 1)],
    ...                           "published_end": [d(2024, 5, 31)]}),
    ...      "events": pa.table({"event_id": ["evt-js"], "status": ["occurred"], "date_start": [d(2024, 5, 19)]}),
    ...      "evidence": pa.table({"record_table": ["events"], "record_id": ["evt-js"], "source_id": ["src-003"]})}
    >>> print(*publication_problems(t))  # doctest: +NORMALIZE_WHITESPACE
    table sources: src-003: published_start: opens 2024-05-01, before evt-js (occurred, date_start 2024-05-19),
    which it reports as done
    """
    statuses = set(policies()["publication"]["statuses"])
    sources = {r["source_id"]: r for r in rows(tables, "sources")}
    cites = sources_of(tables)
    problems = []
    for ev in rows(tables, "events"):
        if ev["status"] not in statuses or ev.get("date_start") is None:
            continue
        for sid in cites.get(("events", ev["event_id"]), []):
            src = sources.get(sid)
            if src is None:
                continue
            said = f"{ev['event_id']} ({ev['status']}, date_start {ev['date_start']}), which it reports as done"
            if src["published_end"] < ev["date_start"]:
                problems.append(problem("sources", src, "published_end",
                                         f"closes {src['published_end']}, before {said}"))
            elif src["published_start"] < ev["date_start"]:
                problems.append(problem("sources", src, "published_start",
                                         f"opens {src['published_start']}, before {said}"))
    return problems


def _shown(n: Fraction | None) -> str:
    return "null" if n is None else str(n.numerator) if n.denominator == 1 else f"{float(n):g}"


def hedge_problems(tables: Tables) -> list[Problem]:
    """Every count and amount has the low/best/high the one hedge policy gives its phrase.

    >>> import pyarrow as pa
    >>> fig = pa.table({"figure_id": ["fig-d"], "amount_text": ["about 920 kilometers"], "amount_hedge": ["about"],
    ...                 "amount_low": [900.0], "amount_best": [920.0], "amount_high": [1012.0]})
    >>> [str(p) for p in hedge_problems({"figures": fig})]
    ["table figures: fig-d: amount_low: is 900, but the hedge policy ('about') gives 828 for 'about 920 kilometers'"]
    """
    problems = []
    for name, cols in policies()["hedges"]["columns"].items():
        for row in rows(tables, name):
            text, hedge = row.get(cols["text"]), row.get(cols["hedge"])
            if text and hedge and not phrase_in(hedge, text):
                problems.append(problem(name, row, cols["hedge"], f"{shown(hedge)} is not a phrase of {shown(text)}"))
            try:
                want, used = expected_bounds(text, hedge)
            except ValueError as e:
                problems.append(problem(name, row, cols["text"], str(e)))
                continue
            if hedge and used in ("exact number", "no number"):
                problems.append(problem(name, row, cols["hedge"],
                                         f"hedge {shown(hedge)} is not in the hedge policy table"))
                continue
            if hedge is None and used not in ("exact number", "no number"):
                problems.append(problem(name, row, cols["hedge"],
                                         f"{shown(text)} holds the hedge {shown(used)}: record it in {cols['hedge']}"))
            for key in ("low", "best", "high"):
                got = row.get(cols[key])
                if (got is None) != (want[key] is None) or (got is not None and Fraction(got) != want[key]):
                    expected, value = _shown(want[key]), _shown(None if got is None else Fraction(got))
                    problems.append(problem(name, row, cols[key], f"is {value}, but the hedge policy ({shown(used)}) "
                                                                   f"gives {expected} for {shown(text or hedge)}"))
    return problems


def status_problems(tables: Tables) -> list[Problem]:
    """Every status has the fields it requires, none it forbids, and the values it needs.

    >>> import datetime as dt, pyarrow as pa
    >>> agr = pa.table({"agreement_id": ["agr-x"], "status": ["fulfilled"], "end_censoring": ["not_applicable"],
    ...                 "ended_end": [dt.date(2024, 5, 19)]})
    >>> [str(p) for p in status_problems({"agreements": agr})]
    ['table agreements: agr-x: ended_end: end_censoring not_applicable forbids ended_end (got 2024-05-19)']
    """
    problems = []
    for rule in policies()["statuses"]["policy"]:
        name, field, value = rule["table"], rule["field"], rule["value"]
        for row in rows(tables, name):
            if row.get(field) != value:
                continue
            said = f"{field} {value}"
            for f in rule.get("requires", []):
                if row.get(f) is None:
                    problems.append(problem(name, row, f, f"{said} requires {f}"))
            for f in rule.get("forbids", []):
                if row.get(f) is not None:
                    problems.append(problem(name, row, f, f"{said} forbids {f} (got {row[f]})"))
            for f, need in rule.get("equals", {}).items():
                if row.get(f) != need:
                    problems.append(problem(name, row, f, f"{said} requires {f} {need} (got {row.get(f)})"))
    return problems


def point_problems(tables: Tables) -> list[Problem]:
    """Every place that is a point has coordinates, and a GeoNames id or a note saying why not.

    >>> import pyarrow as pa
    >>> loc = pa.table({"location_id": ["loc-b"], "location_type": ["military_base"], "geonames_id": [None],
    ...                 "latitude": [16.9], "longitude": [7.9], "note": ["A base."]})
    >>> print(*point_problems({"locations": loc}))  # doctest: +NORMALIZE_WHITESPACE
    table locations: loc-b: geonames_id: location_type military_base is a point: it needs a geonames_id or a
    note saying 'no GeoNames id' and why
    """
    pol = policies()["points"]
    problems = []
    for row in rows(tables, "locations"):
        kind = row["location_type"]
        if kind not in pol["location_types"]:
            continue
        for f in ("latitude", "longitude"):
            if row.get(f) is None:
                problems.append(problem("locations", row, f, f"location_type {kind} is a point: it needs {f}"))
        if row.get("geonames_id") is None and pol["note_without_id"].lower() not in (row.get("note") or "").lower():
            problems.append(problem("locations", row, "geonames_id",
                                     f"location_type {kind} is a point: it needs a geonames_id or a note saying "
                                     f"{shown(pol['note_without_id'])} and why"))
    return problems


_SPAN_NUMBER = re.compile(r"[1-9][0-9]*")


def _prefix(name: str) -> str | None:
    """The id prefix of a table, from its id field's pattern (``^evt-...`` -> ``evt-``)."""
    t = schema.table(name)
    pattern = t.field(t.id_field).pattern or ""
    m = re.match(r"\^([a-z]{3}-)", pattern)
    return m.group(1) if m else None


def id_problems(tables: Tables) -> list[Problem]:
    """Every id follows its table's naming convention (beyond the pattern the schema checks).

    >>> import pyarrow as pa
    >>> q = pa.table({"quote_id": ["quo-src002-shift"], "source_id": ["src-002"], "speech_kind": ["assessment"]})
    >>> for p in id_problems({"quotes": q}): print(p)
    table quotes: quo-src002-shift: quote_id: names source 'src002', not src-002, a source of this record
    table quotes: quo-src002-shift: quote_id: an assessment quote's id starts with quo-src-002-
    """
    pol = policies()["ids"]
    cites = sources_of(tables)
    problems = []
    for name in tables:
        t = schema.table(name)
        if len(t.primary_key) != 1 or name == "evidence":
            continue
        for row in rows(tables, name):
            rid = row[t.id_field]
            own = [row["source_id"]] if name in ("quotes", "sources") else cites.get((name, rid), [])
            for token in re.findall(rf"(?<![a-z0-9]){pol['source_token']}(?![0-9])", rid):
                if token not in own:
                    problems.append(problem(name, row, t.id_field,
                                             f"names source {shown(token)}, not {' or '.join(own) or 'a source'}, "
                                             f"a source of this record"))
    for row in rows(tables, "quotes"):
        want = f"{pol['assessment_prefix']}{row['source_id'].removeprefix('src-')}-"
        if row.get("speech_kind") == "assessment" and not row["quote_id"].startswith(want):
            problems.append(problem("quotes", row, "quote_id", f"an assessment quote's id starts with {want}"))
    for row in rows(tables, "deployments"):
        want = row["as_of_start"].strftime(pol["deployment_suffix"])
        if not row["deployment_id"].endswith(want):
            problems.append(problem("deployments", row, "deployment_id",
                                     f"ends with the month of as_of_start ({want.lstrip('-')}), by convention"))
    for row in rows(tables, "evidence"):
        prefix = _prefix(row["record_table"])
        if prefix and not row["record_id"].startswith(prefix):
            problems.append(problem("evidence", row, "record_id",
                                     f"a {row['record_table']} id starts with {prefix} (got {row['record_id']})"))
        # One compiled pattern for the number, not one regular expression per span.
        own = f"ev-{row['record_id']}-"
        if not (row["evidence_id"].startswith(own) and _SPAN_NUMBER.fullmatch(row["evidence_id"], len(own))):
            problems.append(problem("evidence", row, "evidence_id",
                                     f"is ev-<record_id>-<n> of its record {row['record_id']}"))
    return problems


def relative_date_problems(tables: Tables) -> list[Problem]:
    """A time expression re-resolved from its source's publication window gives the stored
    interval, or the record's ``*_note`` explains the difference.

    >>> import datetime as dt, pyarrow as pa
    >>> d = dt.date
    >>> t = {"sources": pa.table({"source_id": ["src-001"], "published_start": [d(2024, 9, 17)],
    ...                           "published_end": [d(2024, 9, 17)]}),
    ...      "events": pa.table({"event_id": ["evt-h"], "date_text": ["Last month"], "date_start": [d(2024, 7, 1)],
    ...                          "date_end": [d(2024, 7, 31)], "date_note": [None]}),
    ...      "evidence": pa.table({"record_table": ["events"], "record_id": ["evt-h"], "source_id": ["src-001"]})}
    >>> print(*relative_date_problems(t))  # doctest: +NORMALIZE_WHITESPACE
    table events: evt-h: date_start: 'Last month' re-resolved from src-001 (published 2024-09-17..2024-09-17)
    gives 2024-08-01..2024-08-31, not 2024-07-01..2024-07-31; explain the difference in date_note
    """
    sources = {r["source_id"]: r for r in rows(tables, "sources")}
    cites = sources_of(tables)
    problems = []
    for name in policies()["relative_dates"]["tables"]:
        t = schema.table(name) if name in tables else None
        for group in date_groups(name) if t else []:
            for row in rows(tables, name):
                text, note = row.get(f"{group}_text"), row.get(f"{group}_note")
                stored = (row.get(f"{group}_start"), row.get(f"{group}_end"))
                if not text or note:
                    continue
                tried = []
                for sid in cites.get((name, row[t.id_field]), []):
                    src = sources.get(sid)
                    if src is None:
                        continue
                    got = propose(text, src["published_start"], src["published_end"])
                    if (got.start, got.end) == stored:
                        break
                    tried.append(f"{sid} (published {src['published_start']}..{src['published_end']}) gives "
                                 f"{got.start}..{got.end}")
                else:
                    if tried:
                        problems.append(problem(name, row, f"{group}_start",
                                                 f"{shown(text)} re-resolved from {'; from '.join(tried)}, not "
                                                 f"{stored[0]}..{stored[1]}; explain the difference in "
                                                 f"{group}_note"))
    return problems


RULES: dict[str, Callable[[Tables], list[Problem]]] = {
    "precision": precision_problems,
    "publication": publication_problems,
    "hedges": hedge_problems,
    "statuses": status_problems,
    "points": point_problems,
    "ids": id_problems,
    "relative_dates": relative_date_problems,
    "crosswalk": crosswalk_problems,
    "requests": request_problems,
    "outside_references": outside_reference_problems,
    "resolutions": resolution_problems,
}
"""Every rule, by its section of ``policies.json``."""


def rule_problems(tables: Tables) -> list[Problem]:
    """Every rule's problems over the assembled tables (each table already valid).

    >>> from sahel_dataset.load import tables as _names
    >>> from sahel_dataset import load
    >>> rule_problems({n: load(n, backend="arrow") for n in _names()})
    []
    """
    shared = SharedRows(tables)
    return [p for rule in RULES.values() for p in rule(shared)]

