"""Commands that publish the dataset for readers: site, sqlite, serve.

They read the Data Package shipped in the package, or the one ``--package`` names (a
build folder, a release folder or a release archive). Exit codes: 0 success, 2 usage or
environment errors (a refused output path, a missing extra, a path that is no package).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from ...core.errors import UsageError
from ..common import fail_usage, out, project_root_or_none, say_new_folders

PackageOpt = Annotated[Path | None, typer.Option("--package", help=(
    "Publish this Data Package instead of the shipped one: a build folder (`build --out`), "
    "a release folder or a release archive (.zip)."))]
PortOpt = Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 to listen on.", min=1, max=65535)]


@contextlib.contextmanager
def _package(path: Path | None) -> Iterator[str | None]:
    """The ``version`` the publishers read for ``--package`` (None: the shipped copy); an archive is
    unpacked into a temporary folder for as long as the command runs."""
    if path is None:
        yield None
        return
    if not path.exists():
        raise UsageError(f"--package {path}: no such folder or archive")
    from ...diff import DiffError, open_package

    try:
        with open_package(path) as folder:
            yield str(folder)
    except DiffError as e:
        raise UsageError(f"--package {e}") from e


def site(
    out_dir: Annotated[Path, typer.Option("--out", help=(
        "Folder to write the site to: a new or empty folder, or a previous site (replaced whole)."))],
    package: PackageOpt = None,
) -> None:
    """Write a static reader site: articles with every evidence span highlighted, a page per table and record.

    Open index.html in the --out folder with a browser: no server or network needed.

    Example: `sahel-dataset site --out build/site --package build/release`
    """
    from ...publish.site import build_site

    say_new_folders(out_dir)
    try:
        with _package(package) as version:
            counts = build_site(out_dir, version, project_root=project_root_or_none())
    except (UsageError, OSError) as e:
        fail_usage(e)
    out.print(f"wrote {counts['articles']} articles, {counts['tables']} tables, {counts['records']} record pages "
              f"-> {out_dir / 'index.html'}", markup=False)


def sqlite(
    db: Annotated[Path, typer.Argument(help="The SQLite file to write (a previous one is replaced whole).")],
    package: PackageOpt = None,
) -> None:
    """Write every table to SQLite with its primary and foreign keys and full-text search.

    Example: `sahel-dataset sqlite sahel.db && sqlite3 sahel.db "SELECT * FROM event_view"`
    """
    from ...publish.sqlite import write_sqlite

    try:
        with _package(package) as version:
            counts = write_sqlite(db, version, project_root=project_root_or_none())
    except (UsageError, OSError) as e:
        fail_usage(e)
    out.print(f"wrote {len(counts)} tables, {sum(counts.values())} rows -> {db}", markup=False)


def serve(
    db: Annotated[Path | None, typer.Option("--db", help=(
        "A database written by `sahel-dataset sqlite` (default: a fresh one, removed on exit)."))] = None,
    port: PortOpt = 8001,
    package: PackageOpt = None,
) -> None:
    """Browse and query the data in Datasette, on http://127.0.0.1:8001/ (or --port; this machine only).

    Canned queries answer the questions of the documentation. Stop with Ctrl-C.

    Example: `sahel-dataset serve --port 8001`
    """
    import tempfile

    from ...publish.datasette import HOST, check_installed
    from ...publish.datasette import serve as run
    from ...publish.sqlite import write_sqlite

    try:
        check_installed()  # the missing extra in one line, before any database or "serving on"
        with _package(package) as version:
            if db is not None:
                code = run(db, port, version)
            else:
                with tempfile.TemporaryDirectory(prefix="sahel-dataset-") as folder:
                    db = Path(folder) / "sahel.db"
                    write_sqlite(db, version)
                    out.print(f"serving on http://{HOST}:{port}/sahel (Ctrl-C stops)", markup=False)
                    code = run(db, port, version)
    except (UsageError, OSError) as e:
        fail_usage(e)
    raise typer.Exit(code)
