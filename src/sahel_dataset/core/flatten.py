"""The flat event rows (ACLED/UCDP style) computed from tables in hand.

:func:`sahel_dataset.event_view` (a reader) and the build's ``event_view.csv`` (the
pipeline) compute the same rows; the computation lives here, below both, so that
neither layer imports the other.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd
    import pyarrow as pa

    from . import schema

SEP = "; "
"""How a view joins several values in one cell (``"a; b"``); ``cell.split(SEP)`` undoes it."""

EVENT_VIEW_COLUMNS: dict[str, str] = {
    "event_id": "The event (events.event_id).",
    "event_type": "Type from the dataset's taxonomy (events.event_type).",
    "event_label": "The type's readable label (event_types.label).",
    "acled_event_type": "ACLED event type the taxonomy maps the type to (event_types).",
    "acled_sub_event_type": "ACLED sub-event type the taxonomy maps the type to (event_types).",
    "status": "Occurred, announced, planned, expected, attempted_failed or reported (events.status).",
    "short_title": "A short readable title, at most 40 characters (events.short_title).",
    "summary": "One sentence saying what happened (events.summary).",
    "date_text": "The verbatim time expression (events.date_text).",
    "date_start": "First day the event may fall on (events.date_start).",
    "date_end": "Last day the event may fall on (events.date_end).",
    "date_precision": "day, week, month, season or year (events.date_precision).",
    "date_basis": "stated, relative_to_publication or inferred (events.date_basis).",
    "acled_time_precision": "ACLED time_precision code of date_precision (the schema's crosswalk).",
    "ucdp_date_prec": "UCDP GED date_prec code of date_precision (the schema's crosswalk).",
    "location_id": "Where it happened (events.location_id).",
    "place": "The place's name (locations.name).",
    "location_type": "country, capital, city, military_base or region (locations.location_type).",
    "country_iso3": "ISO 3166-1 alpha-3 code of the place's country (locations.country_iso3).",
    "latitude": "WGS 84 latitude of the point in coordinates_from (locations.latitude).",
    "longitude": "WGS 84 longitude of the point in coordinates_from (locations.longitude).",
    "where_prec": "UCDP-style spatial precision of the place, 1 exact to 7 multi-country (locations.where_prec).",
    "coordinates_from": "The location whose point is given: the place itself or, for a place with no point "
                        "of its own, the place a seed says it is near (locations.near_location_id).",
    "initiators": "Names of the actors in role initiator (event_actors, actors.name).",
    "targets": "Names of the actors in role target (event_actors, actors.name).",
    "other_actors": "Other actors as 'name (role)': participant, host, mediator, announcer, beneficiary.",
    "initiator_ids": "actor_id of each initiator, in the order of initiators.",
    "target_ids": "actor_id of each target, in the order of targets.",
    "n_sources": "Number of sources the event's evidence spans are in.",
    "n_evidence": "Number of evidence spans the event cites (evidence rows).",
    "source_ids": "The sources of the event's evidence spans.",
    "agreement_id": "The agreement the event makes, changes or ends (events.agreement_id).",
}
"""The columns of :func:`sahel_dataset.event_view` and what each holds (also in its ``attrs["columns"]``)."""


def finish(frame: pd.DataFrame, name: str, columns: dict[str, str], backend: str) -> Any:
    """Give a view its documented column order, descriptions and backend."""
    frame = frame[list(columns)].reset_index(drop=True)
    frame.attrs.update(table=name, columns=dict(columns))
    if backend == "pandas":
        return frame
    if backend == "polars":
        import polars as pl

        return pl.from_pandas(frame)
    if backend == "arrow":
        import pyarrow as pa

        return pa.Table.from_pandas(frame, preserve_index=False)
    raise ValueError(f"unknown backend {backend!r}; valid backends: pandas, polars, arrow")


def join_values(values: Iterable[Any], unique: bool = True) -> str | None:
    """Non-null values in order (distinct ones only if ``unique``), joined with SEP; None if none.

    >>> join_values(["b", None, "a", "b"])
    'b; a'
    """
    kept = [str(v) for v in values if not _missing(v)]
    if unique:
        kept = list(dict.fromkeys(kept))
    return SEP.join(kept) if kept else None


def _missing(value: Any) -> bool:
    """None, or a pandas missing value (NA, NaN, NaT)."""
    if value is None:
        return True
    # A pandas missing value can only come from pandas already imported: asking it then
    # costs nothing, and the event view, built from Python values, never imports it.
    pd = sys.modules.get("pandas")
    return pd is not None and not isinstance(value, str) and bool(pd.isna(value))


EVENT_VIEW_INPUTS = ("events", "event_types", "locations", "event_actors", "actors", "evidence")
"""The tables :func:`sahel_dataset.event_view` is computed from."""

EVENT_VIEW_TYPES: dict[str, str] = {
    "acled_time_precision": "integer", "ucdp_date_prec": "integer", "where_prec": "integer",
    "n_sources": "integer", "n_evidence": "integer", "latitude": "number", "longitude": "number",
}
"""The Table Schema type of each column of :data:`EVENT_VIEW_COLUMNS` that is not an events
field and not a string (an events field keeps the events table's declared type)."""


def event_records(tables: dict[str, pa.Table], events: schema.Table) -> list[dict[str, Any]]:
    """:func:`sahel_dataset.event_view`'s rows as Python dicts (keys in the order of
    :data:`EVENT_VIEW_COLUMNS`), from Arrow tables in hand (every table of
    :data:`EVENT_VIEW_INPUTS`), with ``events`` the events table's schema. Plain Python
    over the rows, so that a build writes ``event_view.csv`` without importing pandas.

    >>> from sahel_dataset import event_view, load
    >>> from sahel_dataset.core import schema
    >>> rows = event_records({n: load(n, backend="arrow") for n in EVENT_VIEW_INPUTS}, schema.table("events"))
    >>> [r["event_id"] for r in rows] == event_view()["event_id"].tolist()
    True
    """
    def rows(name: str) -> list[dict[str, Any]]:
        return tables[name].to_pylist()

    types = {t["event_type"]: t for t in rows("event_types")}
    cross = next(d for d in events.descriptor["fields"] if d["name"] == "date_precision").get("x-crosswalk", {})
    codes = {col: {k: int(v) for k, v in cross.get(key, {}).items()}
             for col, key in (("acled_time_precision", "ACLED time_precision"),
                              ("ucdp_date_prec", "UCDP GED date_prec"))}
    places = {p["location_id"]: p for p in rows("locations")}

    def has_point(location_id: str | None) -> bool:
        p = places.get(location_id) if location_id is not None else None
        return p is not None and p["latitude"] is not None and p["longitude"] is not None

    def point_of(location_id: str) -> str | None:
        # The place's own point, else the point of the place a seed says it is near.
        if has_point(location_id):
            return location_id
        near = places[location_id]["near_location_id"]
        return near if has_point(near) else None

    names = {a["actor_id"]: a["name"] for a in rows("actors")}
    by_role: dict[tuple[str, str], list[tuple[str | None, str]]] = {}
    others: dict[str, list[str | None]] = {}
    for link in rows("event_actors"):
        name = names.get(link["actor_id"])
        if link["role"] in ("initiator", "target"):
            by_role.setdefault((link["event_id"], link["role"]), []).append((name, link["actor_id"]))
        else:
            others.setdefault(link["event_id"], []).append(None if name is None else f"{name} ({link['role']})")
    cited: dict[str, list[str]] = {}
    for span in rows("evidence"):
        if span["record_table"] == "events":
            cited.setdefault(span["record_id"], []).append(span["source_id"])

    out = []
    for ev in rows("events"):
        kind, where = types.get(ev["event_type"], {}), ev["location_id"]
        place = places.get(where, {}) if where is not None else {}
        point = point_of(where) if where in places else None
        row = {**ev, "event_label": kind.get("label"), "acled_event_type": kind.get("acled_event_type"),
               "acled_sub_event_type": kind.get("acled_sub_event_type"),
               **{col: codes[col].get(ev["date_precision"]) for col in codes},
               "place": place.get("name"), "location_type": place.get("location_type"),
               "country_iso3": place.get("country_iso3"), "where_prec": place.get("where_prec"),
               "coordinates_from": point,
               "latitude": places[point]["latitude"] if point else None,
               "longitude": places[point]["longitude"] if point else None,
               "other_actors": join_values(others.get(ev["event_id"], []), unique=False)}
        for role, names_col, ids_col in (("initiator", "initiators", "initiator_ids"),
                                         ("target", "targets", "target_ids")):
            linked = by_role.get((ev["event_id"], role), [])
            row[names_col] = join_values((n for n, _ in linked), unique=False)
            row[ids_col] = join_values(i for _, i in linked)
        sources = sorted(s for s in cited.get(ev["event_id"], []) if s is not None)
        row.update(n_evidence=len(cited.get(ev["event_id"], [])), n_sources=len(set(sources)),
                   source_ids=join_values(sources))
        out.append({c: row.get(c) for c in EVENT_VIEW_COLUMNS})
    # By date_start, undated events last, then by id.
    return sorted(out, key=lambda r: (r["date_start"] is None, r["date_start"] or dt.date.min, r["event_id"]))


def event_frame(records: list[dict[str, Any]], events: schema.Table) -> pd.DataFrame:
    """The pandas frame of :func:`event_records`: events fields keep their declared dtypes
    (categoricals of every allowed value), the others ``Int64``, ``Float64`` or ``string``."""
    import pandas as pd

    from .dtypes import pandas_dtype

    declared = {f.name: f for f in events.fields}
    frame = pd.DataFrame.from_records(records, columns=list(EVENT_VIEW_COLUMNS))
    dtypes = {c: pandas_dtype(declared[c]) if c in declared
              else {"integer": "Int64", "number": "Float64"}.get(EVENT_VIEW_TYPES.get(c, ""), "string")
              for c in EVENT_VIEW_COLUMNS}
    return frame.astype(dtypes)
