"""Commands that publish the dataset for readers: site, sqlite, serve.

They read the Data Package shipped in the package. Exit codes: 0 success,
2 usage or environment errors (a refused output path, a missing extra).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...errors import UsageError
from ..common import fail_usage, out

PortOpt = Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 to listen on.", min=1, max=65535)]


def _project_root() -> Path | None:
    """The project checkout around the current folder, if any: its data/ and seeds/ are never written."""
    from ...project import Project, ProjectNotFound

    try:
        return Project.find().root
    except ProjectNotFound:
        return None


def site(
    out_dir: Annotated[Path, typer.Option("--out", help=(
        "Folder to write the site to: a new or empty folder, or a previous site (replaced whole)."))],
) -> None:
    """Write a static reader site: articles with every evidence span highlighted, a page per table and record.

    Open index.html in the --out folder with a browser: no server or network needed.

    Example: `sahel-dataset site --out build/site`
    """
    from ...publish.site import build_site

    try:
        counts = build_site(out_dir, project_root=_project_root())
    except (UsageError, OSError) as e:
        fail_usage(e)
    out.print(f"wrote {counts['articles']} articles, {counts['tables']} tables, {counts['records']} record pages "
              f"-> {out_dir / 'index.html'}", markup=False)


def sqlite(
    db: Annotated[Path, typer.Argument(help="The SQLite file to write (a previous one is replaced whole).")],
) -> None:
    """Write every table to SQLite with its primary and foreign keys and full-text search.

    Example: `sahel-dataset sqlite sahel.db && sqlite3 sahel.db "SELECT * FROM event_view"`
    """
    from ...publish.sqlite import write_sqlite

    try:
        counts = write_sqlite(db, project_root=_project_root())
    except (UsageError, OSError) as e:
        fail_usage(e)
    out.print(f"wrote {len(counts)} tables, {sum(counts.values())} rows -> {db}", markup=False)


def serve(
    db: Annotated[Path | None, typer.Option("--db", help=(
        "A database written by `sahel-dataset sqlite` (default: a fresh one, removed on exit)."))] = None,
    port: PortOpt = 8001,
) -> None:
    """Browse and query the data in Datasette, on http://127.0.0.1:8001/ (or --port; this machine only).

    Canned queries answer the five questions of the documentation. Stop with Ctrl-C.

    Example: `sahel-dataset serve --port 8001`
    """
    import tempfile

    from ...publish.datasette import HOST, check_installed
    from ...publish.datasette import serve as run
    from ...publish.sqlite import write_sqlite

    try:
        check_installed()  # the missing extra in one line, before any database or "serving on"
        if db is not None:
            code = run(db, port)
        else:
            with tempfile.TemporaryDirectory(prefix="sahel-dataset-") as folder:
                db = Path(folder) / "sahel.db"
                write_sqlite(db)
                out.print(f"serving on http://{HOST}:{port}/sahel (Ctrl-C stops)", markup=False)
                code = run(db, port)
    except (UsageError, OSError) as e:
        fail_usage(e)
    raise typer.Exit(code)
