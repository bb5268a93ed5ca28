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

from .cli_common import JsonOpt, ProjectOpt, err, fail, fail_usage, out
from .cli_curation import register as register_curation_commands
from .cli_draft import register as register_draft_commands
from .cli_formats import register as register_format_commands
from .cli_user import register as register_user_commands
from .errors import DataError, UsageError
from .project import Project, ProjectNotFound

app = typer.Typer(
    help="Build, validate and explore the sahel-dataset.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)


def _project(path: Path | None) -> Project:
    try:
        return Project.find(path)
    except ProjectNotFound as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from e


@app.command()
def build(
    out_dir: Annotated[Path, typer.Option("--out", help=(
        "Folder to write the Data Package to: a new or empty folder, or a previous build (replaced atomically)."))],
    project: ProjectOpt = None,
    partition_by_year: Annotated[bool, typer.Option(
        "--partition-by-year",
        help="Also write tables with a date_start as hive-partitioned Parquet (parquet-by-year/<table>/year=YYYY/).",
    )] = False,
) -> None:
    """Build and validate the dataset from data/ and seeds/ into a Data Package.

    Example: `sahel-dataset build --out build/release`
    """
    from .build import build as run_build
    from .progress import progress

    proj = _project(project)
    try:
        with progress("building the dataset"):
            ds = run_build(out_dir, proj, partition_by_year=partition_by_year)
    except DataError as e:
        fail(e)
    except UsageError as e:
        fail_usage(e)
    rows = sum(t.num_rows for t in ds.tables.values())
    out.print(f"built {len(ds.tables)} tables, {rows} rows -> {out_dir}")


@app.command()
def validate(
    path: Annotated[
        Path | None, typer.Argument(
            help="A built package folder, its datapackage.json, or a project folder (default: the project here).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate curated data (a project) or a built Data Package.

    Example: `sahel-dataset validate build/release`
    """
    from .validate import validate_path

    try:
        report = validate_path(path)
    except (UsageError, OSError) as e:
        fail_usage(e, as_json)
    except DataError as e:
        layers = getattr(e, "layers", None)
        if as_json:
            print(json.dumps({"valid": False, "layers": layers, "problems": [p.to_dict() for p in e.problems]},
                             indent=2))
            raise typer.Exit(1) from e
        if layers:
            _layer_table(layers, err)
        fail(e)
    if as_json:
        print(json.dumps({"valid": True, **report}, indent=2))
    else:
        out.print(f"[green]valid:[/green] {report['kind']} {report['path']}")
        _layer_table(report["layers"], out)


def _layer_table(layers: list[dict], console: Console) -> None:
    """Print one row per validation layer: status and number of problems."""
    from rich.table import Table

    colour = {"ok": "green", "failed": "red", "not run": "yellow"}
    table = Table("layer", "status", "problems", title="validation layers")
    for row in layers:
        c = colour.get(row["status"], "white")
        table.add_row(row["layer"], f"[{c}]{row['status']}[/{c}]", str(row["problems"]))
    console.print(table)


@app.command()
def release(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write sahel-dataset-<version>.zip to.")],
    project: ProjectOpt = None,
    snapshot: Annotated[bool, typer.Option(
        "--snapshot", help="Also copy the schema to schema/releases/<version>/ for the schema change guard.")] = False,
    register: Annotated[bool, typer.Option(
        "--register", help="Also add the archive's sha256 to the package's download registry.")] = False,
) -> None:
    """Build, validate and write a reproducible release archive with SHA256SUMS.

    Example: `sahel-dataset release --out dist/`
    """
    from .progress import progress
    from .release import release as run_release
    from .release import snapshot_schema

    proj = _project(project)
    try:
        with progress("building and validating the release"):
            path = run_release(out_dir, proj)
        if snapshot:
            out.print(f"schema snapshot -> {snapshot_schema(proj)}")
    except DataError as e:
        fail(e)
    except UsageError as e:
        fail_usage(e)
    if register:
        from .fetch import add_to_registry

        add_to_registry(path)
        out.print("registered in src/sahel_dataset/registry.txt")
    out.print(f"released -> {path}")


@app.command()
def fetch(
    version: Annotated[str, typer.Argument(help="The release to download, e.g. 0.1.0.")],
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="Where the archives are (default: $SAHEL_DATASET_URL or the project's releases).")] = None,
) -> None:
    """Download a pinned release, verify its sha256, and keep it in the user cache.

    Example: `sahel-dataset fetch 0.1.0`
    """
    from .fetch import FetchError, fetch_release
    from .progress import progress

    try:
        with progress(f"fetching and verifying {version}"):
            folder = fetch_release(version, base_url=base_url)
    except FetchError as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2 if e.usage else 1) from e
    out.print(f"{version} -> {folder}")


@app.command("schema-check")
def schema_check(
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare schema/ with the last released schema: version bumps and CHANGELOG.

    Example: `sahel-dataset schema-check`
    """
    from .schemaguard import check_project

    proj = _project(project)
    report = check_project(proj.root)
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        out.print(report["summary"], markup=False)
        for c in report["changes"]:
            out.print(f"  {c['level']:>8}  {c['table']}{'.' + c['column'] if c['column'] else ''}: {c['message']}",
                      markup=False)
        for p in report["problems"]:
            err.print(f"[red]problem:[/red] {p}")
    raise typer.Exit(0 if report["ok"] else 1)


register_user_commands(app)
register_curation_commands(app)
register_format_commands(app)
register_draft_commands(app)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
