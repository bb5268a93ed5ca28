"""Views a person can read: one row per event, troop levels, a record's evidence, a seed's text.

Each view is computed from the tables as ``load()`` returns them (the shipped data,
or a pinned release with ``version=``), never from anything else, and says in its
columns which records it rests on. Multi-valued cells are joined with ``"; "``
(:data:`SEP`), as ACLED does, so that a view writes to CSV or SQL unchanged.

>>> events = event_view()
>>> events.loc[events["event_id"] == "evt-niger-coup", ["place", "initiators"]].values.tolist()
[['Niger', "Niger's ruling junta"]]
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, Any

from .catalog import package_dir, table_schema
from .core.deprecation import renamed
from .core.flatten import (
    EVENT_VIEW_COLUMNS,
    EVENT_VIEW_INPUTS,
    SEP,
    event_frame,
    event_records,
    finish,
    join_values,
)
from .load import Backend, load

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd


TROOP_LEVEL_COLUMNS: dict[str, str] = {
    "sender_actor_id": "The actor whose force it is (deployments.sending_actor_id).",
    "sender": "The sender's name (actors.name).",
    "host_location_id": "The host country (deployments.host_location_id).",
    "host": "The host's name (locations.name).",
    "period": "The reference period: the month (quarter, year) of each statement's as_of_start.",
    "as_of_start": "Earliest as_of_start of the statements.",
    "as_of_end": "Latest as_of_end of the statements.",
    "count_low": "Lowest number any statement allows (a statement without count_low counts by its count_best).",
    "count_best": "Median of the statements' count_best (the lower middle one), so always a stated value.",
    "count_high": "Highest number any statement allows; null if a statement with a number is open-ended.",
    "statements": "Number of deployment statements the row rests on.",
    "numbered_statements": "How many of them give a number.",
    "statuses": "The statuses of the statements (deployments.status).",
    "personnel_kinds": "What was deployed, in the seeds' terms (deployments.personnel_kind).",
    "count_phrases": "The verbatim number phrases or vague phrases (count_text, else count_hedge).",
    "deployment_ids": "The deployment statements the row rests on.",
    "source_ids": "The sources of those statements' evidence spans.",
}
"""The columns of :func:`troop_view` and what each holds (also in its ``attrs["columns"]``)."""

LEVEL_STATUSES = ("present", "arrived", "remaining", "relocating", "withdrawing", "planned_withdrawal")
"""Statuses whose count describes a force standing in the host at the date. ``withdrawn``
counts those who have left, so it is not a level; ``planned_withdrawal`` counts the force
due to leave, which is still there."""

_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}


def _frames(names: Iterable[str], version: str | None, base_url: str | None) -> dict[str, pd.DataFrame]:
    return {n: load(n, version=version, base_url=base_url) for n in names}


def event_view(backend: Backend = "pandas", version: str | None = None, base_url: str | None = None) -> Any:
    """One row per event, as event datasets (ACLED, UCDP GED) ship them.

    Type (with its ACLED crosswalk), dates with precision (and the ACLED and UCDP
    precision codes), place name, coordinates, country code and spatial
    precision, initiator and target names, and the number of sources and of
    evidence spans. Sorted by ``date_start`` (undated events last). See
    :data:`EVENT_VIEW_COLUMNS` for every column.

    >>> v = event_view()
    >>> v["event_id"].is_unique and len(v) == len(load("events"))
    True
    >>> row = v.set_index("event_id").loc["evt-us-withdrawal-completed"]
    >>> str(row["date_start"].date()), str(row["date_end"].date()), row["date_precision"], row["place"]
    ('2024-08-01', '2024-09-16', 'season', 'Niger')
    """
    events = table_schema("events", version, base_url)
    tables = {n: load(n, backend="arrow", version=version, base_url=base_url) for n in EVENT_VIEW_INPUTS}
    return finish(event_frame(event_records(tables, events), events), "event_view", EVENT_VIEW_COLUMNS, backend)


def troop_view(freq: str = "month", statuses: Iterable[str] = LEVEL_STATUSES, backend: Backend = "pandas",
                 version: str | None = None, base_url: str | None = None) -> Any:
    """One row per sender, host and reference period: the force's size as the statements give it.

    The deployments table holds one row per source statement. Here the statements
    about personnel (not ``equipment``) with a status in ``statuses`` (see
    :data:`LEVEL_STATUSES`) are grouped by sender, host country and the ``freq``
    (``month``, ``quarter`` or ``year``) of their ``as_of_start``. The counts are
    reconciled by taking the span the statements allow together: the lowest
    low, the highest high (open-ended, null, if any statement with a number is)
    and the median best; ``deployment_ids`` lists the statements each row rests
    on. A row with only vague statements ("a small contingent") keeps null
    counts and its phrases. See :data:`TROOP_LEVEL_COLUMNS`.

    >>> levels = troop_view()
    >>> us_niger = levels[(levels["sender_actor_id"] == "act-usa") & (levels["host"] == "Niger")]
    >>> us_niger[["period", "count_low", "count_best", "count_high"]].values.tolist()[-2:]
    [['2024-08', 20, 24, 28], ['2024-09', <NA>, <NA>, <NA>]]
    """
    import pandas as pd

    if freq not in _FREQ:
        raise ValueError(f"unknown freq {freq!r}; valid: {', '.join(_FREQ)}")
    f = _frames(("deployments", "actors", "locations", "evidence"), version, base_url)
    dep = f["deployments"]
    wanted = set(statuses)
    kinds = table_schema("deployments", version, base_url).field("status").enum or ()
    if unknown := wanted - set(kinds):
        raise ValueError(f"unknown deployment status {sorted(unknown)}; valid: {', '.join(kinds)}")
    dep = dep[dep["status"].isin(wanted) & (dep["personnel_kind"] != "equipment")].copy()
    dep["period"] = dep["as_of_start"].dt.to_period(_FREQ[freq]).astype("string")
    dep["phrase"] = dep["count_text"].fillna(dep["count_hedge"])
    evidence = f["evidence"]
    cited = evidence[evidence["record_table"] == "deployments"]
    sources = cited.sort_values("source_id").groupby("record_id", observed=True)["source_id"].agg(list)
    rows = []
    for (sender, host, period), g in dep.groupby(["sending_actor_id", "host_location_id", "period"], sort=True):
        low_each = g["count_low"].fillna(g["count_best"])
        numbered = low_each.notna()
        bests = sorted(int(b) for b in g["count_best"].dropna())
        open_ended = g.loc[numbered, "count_high"].isna().any()
        ids = sorted(g["deployment_id"])
        rows.append({
            "sender_actor_id": sender, "host_location_id": host, "period": period,
            "as_of_start": g["as_of_start"].min(), "as_of_end": g["as_of_end"].max(),
            "count_low": low_each.min() if numbered.any() else None,
            "count_best": statistics.median_low(bests) if bests else None,
            "count_high": None if open_ended or not numbered.any() else g["count_high"].max(),
            "statements": len(g), "numbered_statements": int(numbered.sum()),
            "statuses": join_values(sorted(g["status"].astype("string"), key=kinds.index)),
            "personnel_kinds": join_values(g["personnel_kind"].astype("string")),
            "count_phrases": join_values(g["phrase"]), "deployment_ids": SEP.join(ids),
            "source_ids": join_values(sorted(s for i in ids for s in sources.get(i, []))),
        })
    out = pd.DataFrame(rows, columns=[c for c in TROOP_LEVEL_COLUMNS if c not in ("sender", "host")])
    out["sender"] = out["sender_actor_id"].map(f["actors"].set_index("actor_id")["name"])
    out["host"] = out["host_location_id"].map(f["locations"].set_index("location_id")["name"])
    out = out.astype({c: "Int64" for c in ("count_low", "count_best", "count_high", "statements",
                                           "numbered_statements")})
    out = out.astype({c: "datetime64[ms]" for c in ("as_of_start", "as_of_end")})
    numbers_or_dates = {"count_low", "count_best", "count_high", "statements", "numbered_statements",
                        "as_of_start", "as_of_end"}
    out = out.astype({c: "string" for c in TROOP_LEVEL_COLUMNS if c not in numbers_or_dates})
    return finish(out, "troop_view", TROOP_LEVEL_COLUMNS, backend)


def _record_table(record_id: str, version: str | None, base_url: str | None) -> str:
    """The table whose ids look like ``record_id`` (by the id prefix its schema's pattern fixes)."""
    from .catalog import table_names

    prefixes = {}
    for name in table_names(version, base_url):
        t = table_schema(name, version, base_url)
        pattern = t.field(t.id_field).pattern or ""
        if len(t.primary_key) == 1 and pattern.startswith("^") and "-" in pattern:
            prefixes[pattern[1:pattern.index("-") + 1]] = name
    for prefix, name in prefixes.items():
        if record_id.startswith(prefix):
            return name
    raise ValueError(f"{record_id!r} is no record id; ids start with {', '.join(sorted(prefixes))}")


def evidence_view(record_id: str, version: str | None = None, base_url: str | None = None) -> pd.DataFrame:
    """The evidence spans of record ``record_id``: the seeds' own words, with their source.

    One row per span, in citation order: ``evidence_id``, ``record_table``,
    ``record_id``, ``field`` (the field or discrepancy side it supports),
    ``source_id``, ``source`` (the seed's headline, else its label), ``start``,
    ``end`` (code-point offsets: ``source_text(source_id)[start:end] == text``) and
    ``text``. An evidence id gives its own span; a record that cites nothing gives
    no rows; an id that is no record raises ``ValueError``.

    >>> spans = evidence_view("evt-us-withdrawal-completed")
    >>> sorted(set(spans["source_id"]))
    ['src-000', 'src-001']
    >>> all(source_text(s)[a:b] == t for s, a, b, t in spans[["source_id", "start", "end", "text"]].values)
    True
    """
    table = _record_table(record_id, version, base_url)
    t = table_schema(table, version, base_url)
    records = load(table, version=version, base_url=base_url)
    if not (records[t.id_field] == record_id).any():
        raise ValueError(f"no record {record_id!r} in table {table!r}")
    evidence = load("evidence", version=version, base_url=base_url)
    sources = load("sources", version=version, base_url=base_url).set_index("source_id")
    # an evidence id stands for itself, so that any id a user sees can be looked up here
    spans = evidence[evidence["evidence_id" if table == "evidence" else "record_id"] == record_id].copy()
    # evidence ids end in the citation's number: sort by it, not as text (-10 after -9)
    spans["n"] = spans["evidence_id"].str.rsplit("-", n=1).str[1].astype(int)
    spans = spans.sort_values("n")
    spans["source"] = spans["source_id"].map(sources["title"].fillna(sources["label"])).astype("string")
    columns = ["evidence_id", "record_table", "record_id", "field", "source_id", "source", "start", "end", "text"]
    return spans[columns].reset_index(drop=True)


def source_text(source_id: str, version: str | None = None, base_url: str | None = None) -> str:
    """The text of source ``source_id``'s seed article, exactly as evidence offsets count it.

    The bytes are checked against the source's ``sha256`` and decoded as UTF-8,
    with no newline or other normalisation, so ``text[start:end]`` is each
    evidence span.

    >>> source_text("src-001").count("withdraw") > 0
    True
    >>> source_text("src-999")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown source 'src-999'; sources: src-000, src-001, ...
    """
    import hashlib

    sources = load("sources", version=version, base_url=base_url).set_index("source_id")
    if source_id not in sources.index:
        raise ValueError(f"unknown source {source_id!r}; sources: {', '.join(sources.index)}")
    path = package_dir(version, base_url) / "seeds" / sources.at[source_id, "file"]
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sources.at[source_id, "sha256"]:
        from .core.errors import DataError, Problem

        raise DataError([Problem("seed differs from its recorded sha256", file=str(path), record_id=source_id,
                                 field="sha256", table="sources")])
    return data.decode("utf-8")


__getattr__ = renamed(__name__, {
    "troop_levels": (__name__, "troop_view"),
    "evidence_for": (__name__, "evidence_view"),
    "seed_text": (__name__, "source_text"),
})
"""The 0.1.x names of the views: they still work, with a ``DeprecationWarning``."""
