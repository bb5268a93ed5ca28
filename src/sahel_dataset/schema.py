"""Read the declarative table schemas in ``schema/v1/`` (the single source of truth).

The schemas are Frictionless Table Schemas (JSON). This module only reads them
with the standard library, so that ``import sahel_dataset`` and ``load()`` stay
cheap; the pandera and pydantic models derived from them live in ``pipeline/models.py``.

Three custom properties, all prefixed ``x-`` so that Table Schema readers ignore
them, carry what the standard has no word for:

- ``x-curated`` (table): the YAML file curators edit, whether each record must cite
  evidence, and which nested lists become rows of a link table;
- ``x-computed`` (field): the build fills the field, curators never write it;
- ``x-date-groups`` / ``x-ordered`` (table): columns whose values must not decrease
  (``date_start <= date_end``, ``count_low <= count_best <= count_high``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .constraints import walk_descriptor
from .errors import UsageError
from .utils.reading import read_regular

MODEL = "v1"

# An installed wheel carries the schemas inside the package; a source checkout
# (editable install, tests) reads them from the top of the repository.
_PACKAGED = Path(__file__).parent / "schema"
_REPOSITORY = Path(__file__).resolve().parents[2] / "schema"


def schema_dir() -> Path:
    """Return the folder that holds the schemas of the current MODEL.

    >>> schema_dir().name
    'v1'
    """
    for root in (_REPOSITORY, _PACKAGED):
        if (root / MODEL / "schemaver.json").is_file():
            return root / MODEL
    raise SchemaError(f"no schema/{MODEL}/schemaver.json next to {__file__}")


@dataclass(frozen=True)
class Field:
    """One column of a table, as its Table Schema declares it."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | dt.date | None = None
    maximum: float | dt.date | None = None
    min_length: int | None = None
    max_length: int | None = None
    computed: bool = False
    example: Any = None

    @classmethod
    def from_descriptor(cls, d: dict[str, Any]) -> Field:
        c = d.get("constraints", {})
        values = {k.name: k.value for k in walk_descriptor(c)}
        if "enum" in values:
            values["enum"] = tuple(values["enum"])
        if d["type"] == "date":
            # Table Schema writes a date field's bounds as ISO dates.
            for bound in ("minimum", "maximum"):
                if isinstance(values.get(bound), str):
                    values[bound] = dt.date.fromisoformat(values[bound])
        return cls(
            name=d["name"],
            type=d["type"],
            description=d.get("description", ""),
            required=bool(c.get("required", False)),
            unique=bool(c.get("unique", False)),
            computed=bool(d.get("x-computed", False)),
            example=d.get("example"),
            **values,
        )


@dataclass(frozen=True)
class Child:
    """A nested list in a curated record that the build turns into link-table rows."""

    key: str  # the list's key in the YAML record, e.g. ``actors``
    table: str  # the link table, e.g. ``event_actors``
    parent_field: str  # the link table's column holding the parent's id
    scalar: str | None = None  # for a list of plain values: the column they go to


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must exist in another table's column."""

    field: str
    table: str
    reference: str


@dataclass(frozen=True)
class Table:
    """A table's schema: fields, keys, and how curators write its records."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    unique_keys: tuple[tuple[str, ...], ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    curated_file: str | None = None
    evidence: str = "none"  # "required", "optional" or "none"
    children: tuple[Child, ...] = ()
    ordered: tuple[tuple[str, ...], ...] = ()
    descriptor: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id_field(self) -> str:
        """The column that identifies a record (the first primary-key column)."""
        return self.primary_key[0]

    def field(self, name: str) -> Field:
        """Return the field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"table {self.name!r} has no field {name!r}")

    @property
    def names(self) -> list[str]:
        """Column names in schema order."""
        return [f.name for f in self.fields]

    @property
    def multi_column_keys(self) -> tuple[tuple[str, ...], ...]:
        """Every key of more than one column that must be unique: the primary key
        (when it has several columns) and each ``uniqueKeys`` entry. Every validation
        path enforces each of them; a row with a null in the key is not compared
        (SQL's rule, as ``UNIQUE`` constraints do).

        >>> table("evidence").multi_column_keys
        (('record_table', 'record_id', 'source_id', 'start', 'end'),)
        """
        keys = [self.primary_key] if len(self.primary_key) > 1 else []
        keys += [k for k in self.unique_keys if len(k) > 1 and k not in keys]
        return tuple(keys)

    @classmethod
    def from_descriptor(cls, d: dict[str, Any]) -> Table:
        cur = d.get("x-curated") or {}
        children = tuple(
            Child(key=k, table=v["table"], parent_field=v["key"], scalar=v.get("scalar"))
            for k, v in cur.get("children", {}).items()
        )
        ordered = [tuple(f"{g}_{s}" for s in ("start", "end")) for g in d.get("x-date-groups", [])]
        ordered += [tuple(o) for o in d.get("x-ordered", [])]
        return cls(
            name=d["name"],
            title=d.get("title", d["name"]),
            description=d.get("description", ""),
            fields=tuple(Field.from_descriptor(f) for f in d["fields"]),
            primary_key=tuple(d.get("primaryKey", ())),
            unique_keys=tuple(tuple(u) for u in d.get("uniqueKeys", [])),
            foreign_keys=tuple(
                ForeignKey(fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
                for fk in d.get("foreignKeys", [])
            ),
            curated_file=cur.get("file"),
            evidence=cur.get("evidence", "none"),
            children=children,
            ordered=tuple(ordered),
            descriptor=d,
        )


@cache
class SchemaError(UsageError):
    """A schema file is missing, unreadable or not a JSON object: the installation or
    checkout is broken (exit code 2), whatever command was run."""


def _read_json(path: Path) -> dict[str, Any]:
    """A schema file's JSON object; :class:`SchemaError` naming the file otherwise.

    >>> _read_json(Path("/no/such.json"))
    Traceback (most recent call last):
    ...
    sahel_dataset.schema.SchemaError: broken schema file /no/such.json: No such file or directory
    """
    try:
        data = json.loads(read_regular(path, 4 << 20))
    except UsageError as e:
        raise SchemaError(f"broken schema file {path}: {str(e).removeprefix(f'{path}: cannot read: ')}") from None
    except ValueError as e:
        raise SchemaError(f"broken schema file {path}: not JSON ({str(e)[:200]})") from None
    if not isinstance(data, dict):
        raise SchemaError(f"broken schema file {path}: not a JSON object")
    return data


def _manifest() -> dict[str, Any]:
    data = _read_json(schema_dir() / "schemaver.json")
    if not isinstance(data.get("tables"), list | dict) or "schema_version" not in data:
        raise SchemaError(f"broken schema file {schema_dir() / 'schemaver.json'}: no schema_version or tables")
    return data


def schema_version() -> str:
    """The SchemaVer (MODEL-REVISION-ADDITION) of the schemas.

    >>> schema_version().split("-")[0] == MODEL.lstrip("v")
    True
    """
    return str(_manifest()["schema_version"])


def table_names() -> list[str]:
    """All table names, in the order the schemas declare them.

    >>> "events" in table_names()
    True
    """
    return list(_manifest()["tables"])


@cache
def table(name: str) -> Table:
    """Return the schema of table ``name``.

    >>> table("events").primary_key
    ('event_id',)
    """
    if name not in table_names():
        raise KeyError(f"unknown table {name!r}; valid tables: {', '.join(table_names())}")
    path = schema_dir() / f"{name}.json"
    return _descriptor(path)


def tables() -> list[Table]:
    """Schemas of all tables, in declaration order.

    >>> [t.name for t in tables()][:2]
    ['sources', 'actors']
    """
    return [table(n) for n in table_names()]


@cache
def file_schema(name: str) -> Table:
    """The schema of a curated file that is not a table of the dataset: ``exclusions``
    (a list of records) or ``datapackage`` (one mapping), from ``schema/v1/curated/``.

    Written like a Table Schema (fields, types, constraints), so that the same
    pydantic derivation validates these files as the tables' records.

    >>> file_schema("exclusions").field("reason").required
    True
    """
    path = schema_dir() / "curated" / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"no schema for curated file {name!r} in {path.parent}")
    return _descriptor(path)


def _descriptor(path: Path) -> Table:
    """The :class:`Table` of a Table Schema file; :class:`SchemaError` if it is not one."""
    try:
        return Table.from_descriptor(_read_json(path))
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise SchemaError(f"broken schema file {path}: {type(e).__name__} {str(e)[:200]}") from None
