"""The ``sahel-dataset`` command line.

Exit codes: 0 success, 1 invalid data (every problem listed), 2 usage or
environment errors (a missing folder, no project found).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import DataError
from .project import Project, ProjectNotFound

app = typer.Typer(
    help="Build, validate and explore the sahel-dataset.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ProjectOpt = Annotated[
    Path | None,
    typer.Option("--project", help="Folder with data/ and seeds/ (default: found from the current folder)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON report.")]


def _project(path: Path | None) -> Project:
    try:
        return Project.find(path)
    except ProjectNotFound as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from e


def fail(e: DataError, as_json: bool = False) -> None:
    """Report every problem of ``e`` and exit with code 1."""
    if as_json:
        print(json.dumps({"valid": False, "problems": [p.to_dict() for p in e.problems]}, indent=2))
    else:
        err.print(f"[red]invalid:[/red] {len(e.problems)} problem(s)")
        for p in e.problems:
            err.print(f"  - {p}", markup=False)
    raise typer.Exit(1)


@app.command()
def build(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the Data Package to (replaced atomically).")],
    project: ProjectOpt = None,
) -> None:
    """Build and validate the dataset from data/ and seeds/ into a Data Package.

    Example: `sahel-dataset build --out build/release`
    """
    from .build import build as run_build

    proj = _project(project)
    try:
        ds = run_build(out_dir, proj)
    except DataError as e:
        fail(e)
    rows = sum(t.num_rows for t in ds.tables.values())
    out.print(f"built {len(ds.tables)} tables, {rows} rows -> {out_dir}")


@app.command()
def validate(
    path: Annotated[
        Path | None, typer.Argument(help="A built package folder or a project (default: the project).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate curated data (a project) or a built Data Package.

    Example: `sahel-dataset validate build/release`
    """
    from .validate import validate_path

    try:
        report = validate_path(path)
    except (ProjectNotFound, FileNotFoundError) as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from e
    except DataError as e:
        fail(e, as_json)
    if as_json:
        print(json.dumps({"valid": True, **report}, indent=2))
    else:
        out.print(f"[green]valid:[/green] {report['kind']} {report['path']}")
        for check in report["checks"]:
            out.print(f"  ok  {check}")


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
