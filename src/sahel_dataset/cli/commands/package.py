"""Commands that build and check the dataset: build, validate, release.

Exit codes: 0 success, 1 invalid data (every problem listed), 2 usage or
environment errors (a missing folder, no project found).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..._version import __version__
from ...errors import DataError, UsageError
from ..common import JsonOpt, ProjectOpt, err, fail, fail_usage, out, project_or_exit, say, say_new_folders


def build(
    out_dir: Annotated[Path, typer.Option("--out", help=(
        "Folder to write the Data Package to: a new or empty folder, or a previous build (replaced atomically)."))],
    project: ProjectOpt = None,
    partition_by_year: Annotated[bool, typer.Option(
        "--partition-by-year",
        help="Also write tables with a date_start as hive-partitioned Parquet (`parquet-by-year/<table>/year=YYYY/`).",
    )] = False,
) -> None:
    """Build and validate the dataset from data/ and seeds/ into a Data Package.

    Example: `sahel-dataset build --out build/release`
    """
    from ...pipeline.build import build as run_build
    from ..progress import progress

    proj = project_or_exit(project)
    say_new_folders(out_dir)
    try:
        with progress("building the dataset"):
            ds = run_build(out_dir, proj, partition_by_year=partition_by_year)
    except DataError as e:
        fail(e)
    except UsageError as e:
        fail_usage(e)
    rows = sum(t.num_rows for t in ds.tables.values())
    out.print(f"built {len(ds.tables)} tables, {rows} rows -> {out_dir}")


def validate(
    path: Annotated[
        Path | None, typer.Argument(
            help="A built package folder, its datapackage.json, or a project folder (default: the project here).")
    ] = None,
    as_json: JsonOpt = False,
    full: Annotated[bool, typer.Option(
        "--full",
        help="Also run pandera (in place of the pyarrow table checks) and frictionless, as release and CI do.",
    )] = False,
) -> None:
    """Validate curated data (a project) or a built Data Package.

    Example: `sahel-dataset validate build/release` (add `--full` for pandera and frictionless)
    """
    from ...pipeline.validate import validate_path

    try:
        report = validate_path(path, full=full)
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
        say("valid", f"{report['kind']} {report['path']}", style="green", console=out)
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


def release(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write `sahel-dataset-<version>.zip` to.")],
    project: ProjectOpt = None,
    snapshot: Annotated[bool, typer.Option(
        "--snapshot",
        help="Also copy the schema to `schema/releases/<version>/` for the schema change guard.")] = False,
    register: Annotated[bool, typer.Option(
        "--register", help=("Also add the archive's sha256 to the download registry of this source checkout "
                            "(src/sahel_dataset/registry.txt); refused outside a checkout."))] = False,
) -> None:
    """Build, validate and write a reproducible release archive with SHA256SUMS.

    Example: `sahel-dataset release --out releases/ --snapshot --register`
    """
    from ...pipeline.release import is_final, snapshot_schema, source_registry
    from ...pipeline.release import register as add_to_source_registry
    from ...pipeline.release import release as run_release
    from ..progress import progress

    proj = project_or_exit(project)
    say_new_folders(out_dir)
    try:
        # Refuse before the work: nothing is built or written when a flag cannot be honoured.
        registry = source_registry(proj) if register else None
        if snapshot and not is_final(__version__):
            raise UsageError(f"{__version__} is a development version: only a final X.Y.Z gets a schema snapshot")
        with progress("building and validating the release"):
            path = run_release(out_dir, proj)
        if snapshot:
            out.print(f"schema snapshot -> {snapshot_schema(proj)}")
        if registry is not None:
            add_to_source_registry(path, proj)
            out.print(f"registered in {registry}")
    except DataError as e:
        fail(e)
    except UsageError as e:
        fail_usage(e)
    out.print(f"released -> {path}")
