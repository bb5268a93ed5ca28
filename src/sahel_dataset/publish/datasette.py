"""``sahel-dataset serve``: browse and query the SQLite database in Datasette, on this machine only.

:func:`metadata` is generated from the schema and the Data Package's descriptor:
the title, description, licence and sources of the dataset, each table's title,
description and column descriptions, its full-text index, and :data:`QUESTIONS`,
canned queries answering the five questions of ``docs/questions.md``. The server
listens on 127.0.0.1 only: the dataset is public, but a server open to the network
is a choice this command does not make for anyone.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..core.errors import UsageError
from .records import LABEL_FIELDS
from .sqlite import DERIVED, is_ours, text_columns

HOST = "127.0.0.1"
DATASETTE_EXTRA = 'sahel-dataset serve needs Datasette: pip install "sahel-dataset[serve]"'

QUESTIONS: dict[str, dict[str, str]] = {
    "troop_levels_over_time": {
        "title": "1. How many troops were there, over time?",
        "description": "One row per sender, host and month: the lowest, best and highest number the deployment "
                       "statements allow together, their verbatim phrases and the statements behind each row.",
        "sql": "SELECT sender, host, period, count_low, count_best, count_high, count_phrases, deployment_ids, "
               "source_ids FROM troop_view ORDER BY sender, host, period",
    },
    "withdrawal_completed": {
        "title": "2. When did the withdrawal complete?",
        "description": "Troop withdrawals that occurred, with their date interval, precision and the sources' words.",
        "sql": "SELECT event_id, summary, date_text, date_start, date_end, date_precision, date_basis, place, "
               "n_sources, source_ids FROM event_view WHERE event_type = 'troop_withdrawal' AND status = 'occurred' "
               "ORDER BY date_start",
    },
    "russia_quotes": {
        "title": "3. Who said what about Russia?",
        "description": "Quotations, reported speech and assessments naming Russia, Wagner or Moscow.",
        "sql": "SELECT quote_id, speaker_text, speech_kind, verb, text, source_id, event_id FROM quotes "
               "WHERE instr(text, 'Russia') OR instr(text, 'Wagner') OR instr(text, 'Moscow') ORDER BY quote_id",
    },
    "agadez_events": {
        "title": "4. What happened in Agadez?",
        "description": "Events at Agadez or at the US air base near it (whose coordinates are Agadez's).",
        "sql": "SELECT event_id, summary, date_text, date_start, date_end, place, coordinates_from, where_prec, "
               "source_ids FROM event_view WHERE instr(place, 'Agadez') ORDER BY date_start",
    },
    "disagreements": {
        "title": "5. Where do the sources disagree?",
        "description": "Every disagreement between sources (or apparent error in one), its sides and resolution.",
        "sql": "SELECT discrepancy_id, topic, summary, sides, resolution, record_id FROM discrepancies "
               "ORDER BY discrepancy_id",
    },
}
"""Canned queries, one per question of ``docs/questions.md`` (same answers as the Python calls)."""


def metadata(database: str, version: str | None = None) -> dict[str, Any]:
    """Datasette metadata for the database named ``database`` (its file's stem), from the schema.

    >>> m = metadata("sahel")
    >>> m["databases"]["sahel"]["tables"]["events"]["columns"]["event_id"][:9]
    'Stable id'
    >>> sorted(m["databases"]["sahel"]["queries"])[0]
    'agadez_events'
    """
    from ..catalog import package_dir, table_names, table_schema
    from ..load import load
    from ..views import EVENT_VIEW_COLUMNS, TROOP_LEVEL_COLUMNS

    desc = json.loads((package_dir(version) / "datapackage.json").read_text(encoding="utf-8"))
    licence = (desc.get("licenses") or [{}])[0]
    seeds = load("sources", version=version)
    sources = "; ".join(f"{i}: {t}" for i, t in zip(seeds["source_id"], seeds["title"].fillna(seeds["label"]),
                                                        strict=True))
    tables: dict[str, Any] = {}
    for name in table_names(version):
        t = table_schema(name, version)
        entry: dict[str, Any] = {"title": t.title, "description": t.description,
                                 "columns": {f.name: f.description for f in t.fields}}
        if text_columns(t):
            entry["fts_table"], entry["fts_pk"] = f"{name}_fts", "rowid"
        if label := next((f for f in LABEL_FIELDS if f in t.names), None):
            entry["label_column"] = label
        tables[name] = entry
    view_columns = {"event_view": EVENT_VIEW_COLUMNS, "troop_view": TROOP_LEVEL_COLUMNS}
    for d in DERIVED:
        tables[d.name] = {"title": d.name.replace("_", " ").capitalize(),
                          "description": f"Computed by sahel_dataset.{d.function}() from the tables.",
                          "columns": view_columns[d.name]}
    tables["_sahel_dataset"] = {"hidden": True}
    return {
        "title": desc.get("title", "sahel-dataset"),
        "description": desc.get("description", ""),
        "license": licence.get("title") or licence.get("name", ""),
        "license_url": licence.get("path", ""),
        "source": f"{len(seeds)} news articles ({sources})",
        "source_url": f"/{database}/sources",
        "databases": {database: {"tables": tables, "queries": QUESTIONS}},
    }


def command(db: Path, metadata_file: Path, port: int) -> list[str]:
    """The command line that serves ``db`` read-only on 127.0.0.1:``port``.

    >>> command(Path("s.db"), Path("m.json"), 8001)[3:]
    ['serve', '--immutable', 's.db', '--metadata', 'm.json', '--host', '127.0.0.1', '--port', '8001']
    """
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "--metadata", str(metadata_file),
            "--host", HOST, "--port", str(port)]


def check_installed() -> None:
    """:class:`UsageError` with :data:`DATASETTE_EXTRA` when Datasette is not installed
    (``serve`` calls it before it writes or says anything)."""
    import importlib.util

    if importlib.util.find_spec("datasette") is None:
        raise UsageError(DATASETTE_EXTRA)


def serve(db: Path, port: int = 8001, version: str | None = None) -> int:
    """Run Datasette on ``db`` (with :func:`metadata`) until it is stopped; its exit code."""
    import tempfile

    check_installed()
    if not db.is_file():
        raise UsageError(f"no database {db}; write one with `sahel-dataset sqlite {db}`")
    if not is_ours(db):
        raise UsageError(f"{db} is not a database written by `sahel-dataset sqlite`; write one with "
                         f"`sahel-dataset sqlite NEW.db`")
    with tempfile.TemporaryDirectory(prefix="sahel-dataset-serve-") as folder:
        meta = Path(folder) / "metadata.json"
        meta.write_text(json.dumps(metadata(db.stem, version), indent=2), encoding="utf-8")
        return _run(command(db, meta, port))


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _run(args: list[str]) -> int:
    """Run the server until it ends, or until Ctrl-C or SIGTERM here, which stop it too
    (and let the callers' temporary folders be removed)."""
    proc = subprocess.Popen(args)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
