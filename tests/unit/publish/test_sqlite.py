"""sahel-dataset sqlite: keys as real constraints, full-text search, the five questions in SQL."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sahel_dataset
from sahel_dataset.cli.app import app
from sahel_dataset.core import schema
from sahel_dataset.publish.datasette import QUESTIONS, metadata
from sahel_dataset.publish.sqlite import text_columns, write_sqlite


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "sahel.db"
    result = CliRunner().invoke(app, ["sqlite", str(path)])
    assert result.exit_code == 0, result.output
    return path


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA foreign_keys = ON")
        yield con


def test_every_table_with_its_rows_keys_and_foreign_keys(db: Path) -> None:
    with connect(db) as con:
        for t in schema.tables():
            frame = sahel_dataset.load(t.name)
            assert con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] == len(frame)
            info = con.execute(f'PRAGMA table_info("{t.name}")').fetchall()
            assert [c[1] for c in info] == t.names
            pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
            assert tuple(pk) == t.primary_key
            fks = {(r[3], r[2], r[4]) for r in con.execute(f'PRAGMA foreign_key_list("{t.name}")')}
            assert fks == {(fk.field, fk.table, fk.reference) for fk in t.foreign_keys}
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        row = con.execute("SELECT date_start FROM events WHERE event_id = 'evt-us-withdrawal-completed'").fetchone()
        assert row == ("2024-08-01",)  # dates as ISO text


def test_constraints_are_enforced(db: Path) -> None:
    with connect(db) as con:
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), con:
            con.execute("INSERT INTO events (event_id, event_type, summary, status, location_id) "
                        "VALUES ('evt-x', 'coup', 'x', 'occurred', 'loc-nowhere')")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"), con:
            con.execute("INSERT INTO actors SELECT * FROM actors LIMIT 1")


def test_full_text_search_finds_what_pandas_finds(db: Path) -> None:
    quotes = sahel_dataset.load("quotes")
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'quotes_fts'").fetchone()[0] == 1
        found = {r[0] for r in con.execute(
            "SELECT quote_id FROM quotes JOIN quotes_fts ON quotes.rowid = quotes_fts.rowid "
            "WHERE quotes_fts MATCH 'Russia'")}
        columns = text_columns(schema.table("quotes"))
        expected = set(quotes.loc[quotes[columns].apply(
            lambda c: c.str.contains(r"\bRussia\b", case=False, na=False)).any(axis=1), "quote_id"])
        assert found == expected and found


def test_canned_queries_answer_as_the_python_calls(db: Path) -> None:
    import pandas as pd

    with connect(db) as con:
        def ids(name: str) -> list[str]:
            return [r[0] for r in con.execute(QUESTIONS[name]["sql"])]

        view = sahel_dataset.event_view()
        done = view.query("event_type == 'troop_withdrawal' and status == 'occurred'")
        assert ids("withdrawal_completed") == done["event_id"].tolist()
        agadez = view.query("place.str.contains('Agadez', na=False)", engine="python")
        assert ids("agadez_events") == agadez["event_id"].tolist() and len(agadez)
        quotes = sahel_dataset.load("quotes")
        russia = quotes.query("text.str.contains('Russia|Wagner|Moscow')", engine="python")
        assert ids("russia_quotes") == sorted(russia["quote_id"])
        assert ids("disagreements") == sorted(sahel_dataset.load("discrepancies")["discrepancy_id"])
        levels = sahel_dataset.troop_view()
        rows = con.execute(QUESTIONS["troop_levels_over_time"]["sql"]).fetchall()
        assert len(rows) == len(levels)
        us = [r for r in rows if r[0] == "United States" and r[1] == "Niger"]
        expected = levels[(levels["sender_actor_id"] == "act-usa") & (levels["host"] == "Niger")]
        assert [(r[2], r[4]) for r in us] == [
            (p, None if pd.isna(b) else int(b)) for p, b in expected[["period", "count_best"]].values]


def test_metadata_comes_from_the_schema() -> None:
    m = metadata("sahel")
    tables = m["databases"]["sahel"]["tables"]
    for t in schema.tables():
        assert tables[t.name]["title"] == t.title
        assert tables[t.name]["columns"] == {f.name: f.description for f in t.fields}
    assert m["license"].startswith("Creative Commons") and "creativecommons.org" in m["license_url"]
    assert all(s in m["source"] for s in sahel_dataset.load("sources")["title"].dropna())
    assert set(m["databases"]["sahel"]["queries"]) == set(QUESTIONS) and len(QUESTIONS) == 5


def test_replaces_only_its_own_database(tmp_path: Path) -> None:
    mine = tmp_path / "notes.db"
    with contextlib.closing(sqlite3.connect(mine)) as con, con:
        con.execute("CREATE TABLE notes (x)")
    result = CliRunner().invoke(app, ["sqlite", str(mine)])
    assert result.exit_code == 2 and "not a database written by" in result.output
    with contextlib.closing(sqlite3.connect(mine)) as con:
        assert con.execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]
    ours = tmp_path / "sahel.db"
    write_sqlite(ours)
    first = ours.stat().st_ino
    write_sqlite(ours)  # a previous database of ours: replaced whole (a new file renamed into place)
    assert ours.stat().st_ino != first and not list(tmp_path.glob(".sahel.db.tmp-*"))
