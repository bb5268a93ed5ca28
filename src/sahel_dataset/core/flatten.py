"""The flat event rows (ACLED/UCDP style) computed from tables in hand.

:func:`sahel_dataset.event_view` (a reader) and the build's ``event_view.csv`` (the
pipeline) compute the same rows; the computation lives here, below both, so that
neither layer imports the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

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
    import pandas as pd

    kept = [str(v) for v in values if not pd.isna(v)]
    if unique:
        kept = list(dict.fromkeys(kept))
    return SEP.join(kept) if kept else None


def per_key(frame: pd.DataFrame, key: str, column: str, unique: bool = True) -> pd.Series:
    return frame.groupby(key, sort=False, observed=True)[column].agg(lambda s: join_values(s, unique))


EVENT_VIEW_INPUTS = ("events", "event_types", "locations", "event_actors", "actors", "evidence")
"""The tables :func:`sahel_dataset.event_view` is computed from."""


def event_view_of(frames: dict[str, pd.DataFrame], events: schema.Table) -> pd.DataFrame:
    """:func:`sahel_dataset.event_view` of tables already in hand (pandas, declared dtypes; every table of
    :data:`EVENT_VIEW_INPUTS`), with ``events`` the events table's schema: how a build
    writes ``event_view.csv`` before any package exists to load from.

    >>> from sahel_dataset import event_view, load
    >>> from sahel_dataset.core import schema
    >>> frames = {n: load(n) for n in EVENT_VIEW_INPUTS}
    >>> event_view_of(frames, schema.table("events")).equals(event_view())
    True
    """
    return finish(event_rows(frames, events), "event_view", EVENT_VIEW_COLUMNS, "pandas")


def event_rows(f: dict[str, pd.DataFrame], events: schema.Table) -> pd.DataFrame:
    import pandas as pd

    ev = f["events"].copy()
    kind = ev["event_type"].astype("string")
    types = f["event_types"].assign(event_type=f["event_types"]["event_type"].astype("string")).set_index("event_type")
    for col, src in (("event_label", "label"), ("acled_event_type", "acled_event_type"),
                     ("acled_sub_event_type", "acled_sub_event_type")):
        ev[col] = kind.map(types[src]).astype("string")
    walk = events.descriptor["fields"]
    cross = next(d for d in walk if d["name"] == "date_precision").get("x-crosswalk", {})
    precision = ev["date_precision"].astype("string")
    for col, key in (("acled_time_precision", "ACLED time_precision"), ("ucdp_date_prec", "UCDP GED date_prec")):
        codes = {k: int(v) for k, v in cross.get(key, {}).items()}
        ev[col] = precision.map(codes).astype("Int64")

    loc = f["locations"].set_index("location_id")
    has_point = loc["latitude"].notna() & loc["longitude"].notna()
    near = loc["near_location_id"]
    near_has_point = near.map(has_point).fillna(False).astype(bool)
    point_of = pd.Series(loc.index, index=loc.index, dtype="string").where(has_point, near.where(near_has_point))
    ev["place"] = ev["location_id"].map(loc["name"]).astype("string")
    ev["location_type"] = ev["location_id"].map(loc["location_type"].astype("string")).astype("string")
    ev["country_iso3"] = ev["location_id"].map(loc["country_iso3"]).astype("string")
    ev["where_prec"] = ev["location_id"].map(loc["where_prec"]).astype("Int64")
    ev["coordinates_from"] = ev["location_id"].map(point_of).astype("string")
    for col in ("latitude", "longitude"):
        ev[col] = ev["coordinates_from"].map(loc[col]).astype("Float64")

    ea = f["event_actors"].copy()
    ea["name"] = ea["actor_id"].map(f["actors"].set_index("actor_id")["name"])
    role = ea["role"].astype("string")
    for r, names, ids in (("initiator", "initiators", "initiator_ids"), ("target", "targets", "target_ids")):
        ev[names] = ev["event_id"].map(per_key(ea[role == r], "event_id", "name", unique=False)).astype("string")
        ev[ids] = ev["event_id"].map(per_key(ea[role == r], "event_id", "actor_id")).astype("string")
    others = ea[~role.isin(["initiator", "target"])]
    others = others.assign(label=others["name"] + " (" + others["role"].astype("string") + ")")
    ev["other_actors"] = ev["event_id"].map(per_key(others, "event_id", "label", unique=False)).astype("string")

    evidence = f["evidence"]
    cited = evidence[evidence["record_table"] == "events"].sort_values("source_id")
    by_event = cited.groupby("record_id", observed=True)
    ev["n_evidence"] = ev["event_id"].map(by_event.size()).fillna(0).astype("Int64")
    ev["n_sources"] = ev["event_id"].map(by_event["source_id"].nunique()).fillna(0).astype("Int64")
    ev["source_ids"] = ev["event_id"].map(per_key(cited, "record_id", "source_id")).astype("string")
    return ev.sort_values(["date_start", "event_id"], na_position="last", kind="stable")
