"""Compare two versions of the dataset, table by table, record by record.

Each side is a release version (fetched once and cached, see ``fetch.py``), a
built package folder, or a release ``.zip`` archive. Records are matched by
their table's primary key, as the package's own ``datapackage.json`` declares it;
the result lists, per table, the records added and removed, and for each changed
record every field with its old and new value.

Why not datacompy or daff (both evaluated): datacompy 1.1 pins ``pandas<3.1`` and
``polars<1.45``, below the pandas 3.1 and polars 2 this package is built on
(installing it downgrades both). daff compares tables of strings and reports a
change as one highlighter cell (``"old->new"``, with a longer arrow when a value
holds ``->``), so its output would have to be parsed back into typed values, and a
null and the text ``"NULL"`` look alike. The tables here are small (hundreds of
rows) and every table has a declared primary key, so a keyed comparison of the
rows as read by pyarrow is short, exact (a null stays ``None``, an integer stays
an integer, a date a date) and needs no new dependency.

>>> from sahel_dataset.load import PACKAGE_DIR
>>> result = diff(PACKAGE_DIR, PACKAGE_DIR)
>>> result.equal, len(result.tables) > 10
(True, True)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-+.][0-9A-Za-z.-]+)?$")
"""What a version looks like (``0.1.0``, ``1.0.0-rc.1``), as opposed to a path."""


class DiffError(Exception):
    """One side cannot be read: an unknown path or version, or not a Data Package."""


@dataclass(frozen=True)
class FieldChange:
    """One field of a record whose value differs."""

    field: str
    old: Any
    new: Any


@dataclass
class RecordChange:
    """A record present on both sides with at least one field changed."""

    key: str
    fields: list[FieldChange]


@dataclass
class TableDiff:
    """What changed in one table; ``status`` is ``same``, ``changed``, ``added`` or ``removed``."""

    table: str
    key: tuple[str, ...]
    status: str = "same"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)


@dataclass
class DiffResult:
    """The comparison of two packages: one :class:`TableDiff` per table of either side."""

    old: str
    new: str
    old_version: str | None
    new_version: str | None
    tables: list[TableDiff]

    @property
    def equal(self) -> bool:
        """True when no table differs."""
        return all(t.status == "same" for t in self.tables)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO text).

        >>> DiffResult("a", "b", "1.0.0", "1.0.0", []).to_dict()["equal"]
        True
        """
        return {
            "old": {"path": self.old, "version": self.old_version},
            "new": {"path": self.new, "version": self.new_version},
            "equal": self.equal,
            "tables": [{
                "table": t.table, "key": list(t.key), "status": t.status, "added": t.added, "removed": t.removed,
                "changed": [{"key": c.key, "fields": [{"field": f.field, "old": jsonable(f.old),
                                                        "new": jsonable(f.new)} for f in c.fields]}
                            for c in t.changed],
                "fields_added": t.fields_added, "fields_removed": t.fields_removed,
            } for t in self.tables],
        }


def jsonable(value: Any) -> Any:
    """A value as JSON can hold it: dates as ISO text.

    >>> jsonable(dt.date(2024, 9, 16)), jsonable(3)
    ('2024-09-16', 3)
    """
    return value.isoformat() if isinstance(value, dt.date) else value


@contextlib.contextmanager
def open_package(spec: str | Path, base_url: str | None = None) -> Iterator[Path]:
    """Yield the folder of a package given as a folder, a release ``.zip`` or a version.

    A folder must pass ``validate``'s path checks (:func:`~sahel_dataset.unpack.check_package`).
    An archive is unpacked (checked against the ``SHA256SUMS`` inside it) into a temporary
    folder that is removed afterwards; a version is fetched into the user cache once (the
    installed version is the shipped copy).

    >>> with open_package("no/such/place") as folder:
    ...     pass
    Traceback (most recent call last):
    ...
    sahel_dataset.diff.DiffError: no/such/place: no such folder, archive or known version
    """
    from .unpack import FetchError, check_package

    path = Path(spec)
    if path.is_dir():
        if not (path / "datapackage.json").is_file():
            raise DiffError(f"{spec}: not a Data Package (no datapackage.json)")
        try:
            check_package(path, hashes=False)  # validate's path checks: nothing outside, no symlink or FIFO
        except FetchError as e:
            raise DiffError(f"{spec}: cannot read the package: {e}") from e
        yield path
    elif path.is_file():
        from .unpack import _unpack

        with tempfile.TemporaryDirectory(prefix="sahel-diff-") as tmp:
            target = Path(tmp) / "package"
            try:
                _unpack(path, target)
            except (FetchError, zipfile.BadZipFile, OSError, UnicodeDecodeError) as e:
                raise DiffError(f"{spec}: not a release archive ({e})") from e
            if not (target / "datapackage.json").is_file():
                raise DiffError(f"{spec}: the archive holds no datapackage.json")
            yield target
    elif VERSION.match(str(spec)):
        from .catalog import package_dir

        try:
            folder = package_dir(str(spec), base_url)
        except FetchError as e:
            raise DiffError(f"{spec}: {e}") from e
        yield folder
    else:
        raise DiffError(f"{spec}: no such folder, archive or known version")


Rows = dict[str, dict[str, Any]]
"""A table's records by key (the primary key's values joined with ``/``)."""


def read_tables(folder: Path) -> tuple[dict[str, tuple[tuple[str, ...], list[str], Rows]], str | None]:
    """Every Parquet table of a package: (key fields, field names, rows by key); and its version."""
    import pyarrow.parquet as pq

    from .core.descriptor import read_descriptor
    from .core.errors import DataError, UsageError

    try:  # read as load() reads it: a regular file, size and depth bounded
        desc = read_descriptor(folder / "datapackage.json")
    except DataError as e:
        raise DiffError(f"{folder}: cannot read the package: {e.problems[0].message}") from e
    except UsageError as e:
        raise DiffError(f"{folder}: cannot read the package: {e}") from e
    try:
        resources = [r for r in desc["resources"] if r.get("format") == "parquet"]
        tables = {}
        for r in resources:
            key = tuple(r["schema"]["primaryKey"])
            data = pq.read_table(folder / r["path"])
            rows = {"/".join(str(row[k]) for k in key): row for row in data.to_pylist()}
            tables[r["name"]] = (key, data.column_names, rows)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise DiffError(f"{folder}: cannot read the package: {e}") from e
    return tables, desc.get("version")


def compare_table(name: str, old: tuple[tuple[str, ...], list[str], Rows] | None,
                  new: tuple[tuple[str, ...], list[str], Rows] | None) -> TableDiff:
    """Compare one table's records by key; either side may be missing (table added or removed).

    >>> old = (("id",), ["id", "n"], {"a": {"id": "a", "n": 1}, "b": {"id": "b", "n": 2}})
    >>> new = (("id",), ["id", "n"], {"b": {"id": "b", "n": 3}, "c": {"id": "c", "n": 4}})
    >>> d = compare_table("t", old, new)
    >>> d.status, d.added, d.removed, d.changed[0].fields
    ('changed', ['c'], ['a'], [FieldChange(field='n', old=2, new=3)])
    """
    if old is None or new is None:
        key, _, rows = new or old  # type: ignore[misc]
        status = "added" if old is None else "removed"
        listed = sorted(rows)
        return TableDiff(name, key, status, added=listed if old is None else [],
                         removed=listed if new is None else [])
    (old_key, old_fields, old_rows), (key, new_fields, new_rows) = old, new
    if old_key != key:
        # Records cannot be matched across keys: every record is replaced.
        return TableDiff(name, key, "changed", added=sorted(new_rows), removed=sorted(old_rows),
                         fields_added=[f for f in new_fields if f not in old_fields],
                         fields_removed=[f for f in old_fields if f not in new_fields])
    common = [f for f in new_fields if f in old_fields]
    result = TableDiff(name, key, added=sorted(new_rows.keys() - old_rows.keys()),
                       removed=sorted(old_rows.keys() - new_rows.keys()),
                       fields_added=[f for f in new_fields if f not in old_fields],
                       fields_removed=[f for f in old_fields if f not in new_fields])
    for k in sorted(old_rows.keys() & new_rows.keys()):
        a, b = old_rows[k], new_rows[k]
        fields = [FieldChange(f, a[f], b[f]) for f in common if a[f] != b[f] or type(a[f]) is not type(b[f])]
        if fields:
            result.changed.append(RecordChange(k, fields))
    if result.added or result.removed or result.changed or result.fields_added or result.fields_removed:
        result.status = "changed"
    return result


def diff(old: str | Path, new: str | Path, base_url: str | None = None) -> DiffResult:
    """Compare package ``old`` with package ``new`` (folders, release archives or versions).

    Raises :class:`DiffError` when a side cannot be read.

    >>> from sahel_dataset.load import PACKAGE_DIR
    >>> [t.table for t in diff(PACKAGE_DIR, PACKAGE_DIR).tables][:2]
    ['sources', 'actors']
    """
    with open_package(old, base_url) as a, open_package(new, base_url) as b:
        (old_tables, old_version), (new_tables, new_version) = read_tables(a), read_tables(b)
    names = list(new_tables) + [n for n in old_tables if n not in new_tables]
    tables = [compare_table(n, old_tables.get(n), new_tables.get(n)) for n in names]
    return DiffResult(str(old), str(new), old_version, new_version, tables)
