"""The checks on assembled tables, shared by the build and :mod:`.validate`.

- :func:`fast_table_problems`: the same rules with plain pyarrow compute (:mod:`~sahel_dataset.backends.fastcheck`),
  the build's and the default ``validate``'s check: no pandas, no pandera;
- :func:`table_problems`: pandera on one table (types, enums, patterns, bounds, keys, ordered pairs),
  the full check of ``validate --full``, ``release``, the tests and CI;
- :func:`foreign_key_problems`: every foreign key across tables (Arrow);
- :func:`evidence_coverage_problems`: records that must cite evidence and have none;
- :func:`locate_problems`: give table-level problems the file and line of their curated record.

Each returns a list of :class:`~sahel_dataset.core.errors.Problem` (empty: valid), so a
caller collects every problem before it stops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core import schema
from ..core.constraints import BY_NAME
from ..core.errors import Problem, shown

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from .read import Record

Origin = dict[tuple[str, str], "Record"]
"""Where each curated record was written, by (table, record id)."""


def _record_ids(data: pa.Table, t: schema.Table, rows: list[int]) -> list[str]:
    """The primary key of each of ``rows``, joined by ``/`` (as problems name records)."""
    import pyarrow as pa

    index = pa.array(rows, pa.int64())
    keys = [data[k].take(index).to_pylist() for k in t.primary_key]
    return ["/".join(str(v) for v in values) for values in zip(*keys, strict=True)]


def _shown(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def fast_table_problems(t: schema.Table, data: pa.Table, origin: Origin) -> list[Problem]:
    """Every rule of table ``t`` checked on an Arrow table by :func:`~sahel_dataset.backends.fastcheck.check`,
    each failing row located as :func:`table_problems` locates pandera's (``origin``: where each curated
    record was written; empty for a built package).

    >>> import pyarrow as pa
    >>> from sahel_dataset.core import schema
    >>> data = pa.table({"actor_id": ["act-usa"], "alias": [""]})
    >>> [str(p) for p in fast_table_problems(schema.table("actor_aliases"), data, {})]
    ["table actor_aliases: act-usa/: alias: failed min_length 1 (value '')"]
    """
    from ..backends.fastcheck import check

    problems = []
    for failure in check(data, t):
        if not failure.rows:  # the whole column or table: a type or the columns
            problems.append(Problem(f"failed {failure.check}", field=failure.column, table=t.name, check="table"))
            continue
        rows = list(failure.rows)
        rids = _record_ids(data, t, rows)
        pair = failure.check.split(" <= ")
        for i, rid in zip(rows, rids, strict=True):
            rec = origin.get((t.name, rid.split("/")[0]))
            if failure.column is None and len(pair) == 2:
                a, b = pair
                message = f"{a} must not be after {b} ({a} {_shown(data[a][i].as_py())}, {b} " \
                          f"{_shown(data[b][i].as_py())})"
                field: str | None = a
            elif failure.column is None:
                key = failure.check.removeprefix("unique ")
                message = f"failed {failure.check}: another row has the same {key}"
                field = None
            else:
                value = data[failure.column][i].as_py()
                bound = getattr(t.field(failure.column), failure.check, None) if failure.check in BY_NAME and \
                    failure.check != "enum" else None
                what = failure.check if bound is None else f"{failure.check} {bound}"
                message = f"failed {what}" + (f" (value {shown(_shown(value))})" if value is not None else "")
                field = failure.column
            problems.append(Problem(
                message, file=rec.file if rec else None,
                line=(rec.line_at((field,)) if field else rec.line) if rec else None,
                record_id=rid, field=field, table=t.name, check="table",
            ))
    return problems


def table_problems(t: schema.Table, frame: pd.DataFrame, origin: Origin) -> list[Problem]:
    """pandera's findings on one table, every failure case located (``origin``: where each
    curated record was written; empty for a built package).

    >>> import pandas as pd
    >>> from sahel_dataset.core import schema
    >>> frame = pd.DataFrame({"actor_id": ["act-usa"], "alias": [""]}).astype("string")
    >>> [p.field for p in table_problems(schema.table("actor_aliases"), frame, {})]
    ['alias']
    """
    import pandas as pd

    from .models import pandera_pandas, pandera_schema

    try:
        pandera_schema(t.name).validate(frame, lazy=True)
    except pandera_pandas().errors.SchemaErrors as err:
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
            if str(case.check).startswith("unique ["):
                # A multi-column key: pandera lists every column of the row; report it once.
                if (index, case.check) in seen:
                    continue
                seen.add((index, case.check))
                field = None
            problems.append(Problem(
                f"failed {case.check}"
                + (f" (value {shown(case.failure_case)})" if case.failure_case is not None else ""),
                file=rec.file if rec else None, line=(rec.line_at((field,)) if field else rec.line) if rec else None,
                record_id=rid, field=field, table=t.name, check="table",
            ))
        return problems
    return []


def foreign_key_problems(tables: dict[str, pa.Table]) -> list[Problem]:
    """Every value of a foreign-key column that its referenced table lacks (Arrow tables by name).

    >>> import pyarrow as pa
    >>> tables = {"actors": pa.table({"actor_id": ["act-a"], "parent_actor_id": ["act-b"]})}
    >>> [str(p) for p in foreign_key_problems(tables)]
    ["table actors: act-a: parent_actor_id: 'act-b' is not a known actor_id of table actors"]
    """
    from ..backends.fastcheck import missing_references

    problems = []
    for name, data in tables.items():
        t = schema.table(name)
        for fk in t.foreign_keys:
            if fk.table not in tables or fk.field not in data.column_names:
                continue
            rows = list(missing_references(data[fk.field], tables[fk.table][fk.reference]))
            if not rows:
                continue
            import pyarrow as pa

            values = data[fk.field].take(pa.array(rows, pa.int64())).to_pylist()
            for rid, value in zip(_record_ids(data, t, rows), values, strict=True):
                problems.append(Problem(
                    f"{shown(value)} is not a known {fk.reference} of table {fk.table}",
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
