"""``sahel-dataset sqlite OUT.db``: every table in one SQLite file, with its keys and full-text search.

Each table gets the columns, primary key and foreign keys its schema declares, as
real SQLite constraints (foreign keys are checked when the file is written:
``DEFERRABLE INITIALLY DEFERRED``, so rows may come in any order). Each table with
free text gets an FTS5 index ``<table>_fts`` over those columns (external content:
the text is stored once), which Datasette finds by itself. Two views of
:mod:`sahel_dataset.views` are added as tables, ``event_view`` and ``troop_levels``,
so that SQL users get the same answers as Python users. A table ``_sahel_dataset``
says what wrote the file: only such a file is ever replaced.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import UsageError
from ..utils.outputs import check_file_output
from .records import plain

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT",
             "datetime": "TEXT", "year": "INTEGER"}
"""Table Schema type -> SQLite column type (dates as ISO 8601 text, which sorts and compares as dates)."""

META = "_sahel_dataset"
"""The table that marks a file as written by ``sahel-dataset sqlite``."""

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Derived:
    """A view of :mod:`sahel_dataset.views` stored as a table: its keys, and where they point."""

    name: str
    function: str
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]  # (column, table, column)


DERIVED = (
    Derived("event_view", "event_view", ("event_id",),
            (("event_id", "events", "event_id"), ("location_id", "locations", "location_id"))),
    Derived("troop_levels", "troop_levels", ("sender_actor_id", "host_location_id", "period"),
            (("sender_actor_id", "actors", "actor_id"), ("host_location_id", "locations", "location_id"))),
)
"""The views written as tables beside the dataset's own."""


def quote_name(name: str) -> str:
    """An SQL identifier, double-quoted.

    >>> quote_name('a"b')
    '"a""b"'
    """
    return '"' + name.replace('"', '""') + '"'


def text_columns(t: schema.Table) -> list[str]:
    """The free-text columns of a table, which full-text search indexes: strings that are
    no key, no foreign key, no enumeration and no patterned code.

    >>> text_columns(schema.table("quotes"))
    ['speaker_text', 'verb', 'text', 'note']
    """
    from ..constraints import PLAIN_TEXT

    keys = set(t.primary_key) | {fk.field for fk in t.foreign_keys}
    return [f.name for f in t.fields if f.type == "string" and f.name not in keys and f.enum is None
            and f.pattern in (None, PLAIN_TEXT)]  # PLAIN_TEXT only bars control characters: still free text


def _create(con: sqlite3.Connection, name: str, columns: Iterable[tuple[str, str, bool]],
            primary_key: Iterable[str], foreign_keys: Iterable[tuple[str, str, str]]) -> None:
    """CREATE TABLE with typed columns (``NOT NULL`` where required), the primary key and the foreign keys."""
    q = quote_name
    parts = [f"{q(c)} {kind}{' NOT NULL' if required else ''}" for c, kind, required in columns]
    if pk := list(primary_key):
        parts.append(f"PRIMARY KEY ({', '.join(map(q, pk))})")
    parts += [f"FOREIGN KEY ({q(c)}) REFERENCES {q(t)} ({q(r)}) DEFERRABLE INITIALLY DEFERRED"
              for c, t, r in foreign_keys]
    con.execute(f"CREATE TABLE {q(name)} (\n  " + ",\n  ".join(parts) + "\n)")


def _insert(con: sqlite3.Connection, name: str, frame: Any) -> None:
    columns = list(frame.columns)
    rows = ([plain(v) for v in r] for r in frame.itertuples(index=False, name=None))
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {quote_name(name)} ({', '.join(map(quote_name, columns))}) VALUES ({marks})", rows)


def _fts(con: sqlite3.Connection, name: str, columns: list[str]) -> None:
    """An FTS5 index over ``columns`` of ``name``, reading the text from the table itself."""
    q = quote_name
    fts = f"{name}_fts"
    con.execute(f"CREATE VIRTUAL TABLE {q(fts)} USING FTS5 ({', '.join(map(q, columns))}, "
                f"content={q(name)}, content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')")
    con.execute(f"INSERT INTO {q(fts)} ({q(fts)}) VALUES ('rebuild')")


def _sql_type(dtype: Any) -> str:
    kind = str(dtype).lower()
    return "INTEGER" if kind.startswith("int") else "REAL" if kind.startswith("float") else "TEXT"


def fill(con: sqlite3.Connection, version: str | None = None) -> dict[str, int]:
    """Write every table and the derived views into an empty database; rows per table."""
    from .. import views
    from .._version import __version__
    from ..catalog import load_all, package_dir, release_schema_version, table_schema

    con.execute("PRAGMA foreign_keys = ON")
    frames = load_all(version=version)
    derived = {d.name: getattr(views, d.function)(version=version) for d in DERIVED}
    with con:  # one transaction: the deferred foreign keys are checked at its commit
        # every table first: a foreign key needs the table it refers to, whatever the order of rows
        for name in frames:
            t = table_schema(name, version)
            _create(con, name, [(f.name, SQL_TYPES.get(f.type, "TEXT"), f.required) for f in t.fields],
                    t.primary_key, [(fk.field, fk.table, fk.reference) for fk in t.foreign_keys])
        for d in DERIVED:
            frame = derived[d.name]
            _create(con, d.name, [(c, _sql_type(frame[c].dtype), c in d.primary_key) for c in frame.columns],
                    d.primary_key, d.foreign_keys)
        _create(con, META, [("key", "TEXT", True), ("value", "TEXT", False)], ("key",), ())
        for name, frame in {**frames, **derived}.items():
            _insert(con, name, frame)
        for name in frames:
            if columns := text_columns(table_schema(name, version)):
                _fts(con, name, columns)
        con.executemany(f"INSERT INTO {META} VALUES (?, ?)", [
            ("written_by", f"sahel-dataset {__version__}"), ("data_version", version or "shipped"),
            ("schema_version", release_schema_version(package_dir(version)))])
    if problems := con.execute("PRAGMA foreign_key_check").fetchall():
        raise sqlite3.IntegrityError(f"foreign keys broken: {problems[:5]}")
    return {name: len(frame) for name, frame in {**frames, **derived}.items()}


def is_ours(path: Path) -> bool:
    """Whether ``path`` is a database written by :func:`write_sqlite` (which it may replace).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "notes.db"
    >>> _ = p.write_text("my notes")
    >>> is_ours(p)
    False
    """
    if not path.is_file() or path.is_symlink():
        return False
    try:
        with path.open("rb") as f:
            if f.read(16) != SQLITE_HEADER:
                return False
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
            return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (META,)) \
                .fetchone() is not None
    except (OSError, sqlite3.Error):  # a file that only starts like SQLite is not ours
        return False


def check_db_output(out: Path, project_root: Path | None = None) -> Path:
    """Refuse (raise :class:`UsageError`) an output path whose replacement would destroy
    something this tool did not make; return it resolved."""
    return check_file_output(out, project_root, is_ours, "a database")


def write_sqlite(out: Path, version: str | None = None, project_root: Path | None = None) -> dict[str, int]:
    """Write the SQLite database ``out`` (replacing a previous one whole, never anything else).

    The file is written beside ``out`` and renamed into place once complete, so a
    reader sees the old database or the new one, never a part.

    >>> import tempfile, pathlib, sqlite3
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "sahel.db"
    >>> counts = write_sqlite(db)
    >>> sqlite3.connect(db).execute("SELECT count(*) FROM events").fetchone()[0] == counts["events"]
    True
    """
    resolved = check_db_output(out, project_root)
    tmp = resolved.parent / f".{resolved.name}.tmp-{os.getpid()}"
    try:
        tmp.unlink(missing_ok=True)
        with contextlib.closing(sqlite3.connect(tmp)) as con:
            counts = fill(con, version)
        os.chmod(tmp, 0o644)
        os.replace(tmp, resolved)
    except (OSError, sqlite3.OperationalError) as e:  # a full disk is an OperationalError in sqlite3
        reason = getattr(e, "strerror", None) or e
        raise UsageError(f"cannot write {out}: {reason}; the previous file is unchanged") from e
    finally:
        tmp.unlink(missing_ok=True)
    return counts
