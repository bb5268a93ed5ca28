"""The checks on assembled tables, shared by the build and :mod:`.validate`.

- :func:`table_problems`: pandera on one table (types, enums, patterns, bounds, keys, ordered pairs);
- :func:`foreign_key_problems`: every foreign key across tables;
- :func:`evidence_coverage_problems`: records that must cite evidence and have none;
- :func:`locate_problems`: give table-level problems the file and line of their curated record.

Each returns a list of :class:`~sahel_dataset.errors.Problem` (empty: valid), so a
caller collects every problem before it stops.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa

from .. import schema
from ..errors import Problem, shown
from .models import pandera_schema
from .read import Record

Origin = dict[tuple[str, str], Record]
"""Where each curated record was written, by (table, record id)."""


def table_problems(t: schema.Table, frame: pd.DataFrame, origin: Origin) -> list[Problem]:
    """pandera's findings on one table, every failure case located (``origin``: where each
    curated record was written; empty for a built package).

    >>> import pandas as pd
    >>> from sahel_dataset import schema
    >>> frame = pd.DataFrame({"actor_id": ["act-usa"], "alias": [""]}).astype("string")
    >>> [p.field for p in table_problems(schema.table("actor_aliases"), frame, {})]
    ['alias']
    """
    try:
        pandera_schema(t.name).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        seen: set[tuple[Any, str]] = set()
        for case in err.failure_cases.itertuples():
            index = case.index
            rid = None
            if isinstance(index, int) and 0 <= index < len(frame):
                rid = "/".join(str(frame.iloc[index][k]) for k in t.primary_key)
            rec = origin.get((t.name, (rid or "").split("/")[0]))
            pair = str(case.check).split(" <= ")
            if len(pair) != 2:
                pair = str(case.check).split(" must not be after ")
            if len(pair) == 2 and all(p in frame.columns for p in pair):
                # A check across columns: pandera lists every column of the row;
                # report it once, naming the two fields and their values.
                if (index, case.check) in seen:
                    continue
                seen.add((index, case.check))
                a, b = pair
                values = ""
                if rid is not None:
                    va, vb = (frame.iloc[index][c] for c in (a, b))
                    va, vb = (v.date().isoformat() if isinstance(v, pd.Timestamp) else v for v in (va, vb))
                    values = f" ({a} {va}, {b} {vb})"
                problems.append(Problem(
                    f"{a} must not be after {b}{values}", file=rec.file if rec else None,
                    line=rec.line_at((a,)) if rec else None, record_id=rid, field=a, table=t.name, check="table",
                ))
                continue
            field = case.column if isinstance(case.column, str) else None
            problems.append(Problem(
                f"failed {case.check}"
                + (f" (value {shown(case.failure_case)})" if case.failure_case is not None else ""),
                file=rec.file if rec else None, line=(rec.line_at((field,)) if field else rec.line) if rec else None,
                record_id=rid, field=field, table=t.name, check="table",
            ))
        return problems
    return []


def foreign_key_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every value of a foreign-key column that its referenced table lacks.

    >>> import pandas as pd
    >>> frames = {"actors": pd.DataFrame({"actor_id": ["act-a"], "parent_actor_id": ["act-b"]})}
    >>> [str(p) for p in foreign_key_problems(frames)]
    ["table actors: act-a: parent_actor_id: 'act-b' is not a known actor_id of table actors"]
    """
    problems = []
    for name, frame in frames.items():
        t = schema.table(name)
        for fk in t.foreign_keys:
            if fk.table not in frames or fk.field not in frame:
                continue
            known = set(frames[fk.table][fk.reference].dropna())
            values = frame[fk.field]
            for i in values.index[values.notna() & ~values.isin(known)]:
                rid = "/".join(str(frame.at[i, k]) for k in t.primary_key)
                problems.append(Problem(
                    f"{shown(frame.at[i, fk.field])} is not a known {fk.reference} of table {fk.table}",
                    table=name, record_id=rid, field=fk.field, check="foreign_key",
                ))
    return problems


def evidence_coverage_problems(rows: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """Records of tables that require evidence but have none that resolved."""
    cited = {(r["record_table"], r["record_id"]) for r in rows["evidence"]}
    problems = []
    for t in schema.tables():
        if t.evidence != "required":
            continue
        for r in rows[t.name]:
            if (t.name, r[t.id_field]) not in cited:
                problems.append(Problem("no evidence span resolved for this record", table=t.name,
                                        record_id=r[t.id_field], field="evidence", check="evidence"))
    return problems


def locate_problems(problems: list[Problem], origin: Origin) -> list[Problem]:
    """Give table-level problems the file and line of the curated record they come
    from (a link-table row comes from its parent record, the first part of its key)."""
    out = []
    for p in problems:
        rec, key = None, p.field or ""
        if p.table and p.record_id:
            owner = p.table
            for c in schema.tables():
                for ch in c.children:
                    if ch.table == p.table:
                        owner, key = c.name, ch.key
            rec = origin.get((owner, p.record_id.split("/")[0]))
        if rec is not None and p.file is None:
            line = rec.line_at((key,)) if key in rec.data else rec.line
            p = Problem(p.message, file=rec.file, line=line, record_id=p.record_id, field=p.field,
                        table=p.table, check=p.check)
        out.append(p)
    return out
