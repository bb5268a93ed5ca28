"""Commands that build and check the dataset: build, validate, release, regenerate.

Exit codes: 0 success, 1 invalid data (every problem listed), 2 usage or
environment errors (a missing folder, no project found).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..._version import __version__
from ...core.errors import DataError, UsageError
from ..common import JsonOpt, ProjectOpt, err, fail, fail_usage, out, plain_table, project_or_exit, say, say_new_folders


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


def _layer_table(layers: list[dict], console: Any) -> None:
    """Print one row per validation layer: status and number of problems (plain text:
    the cells are short, and drawing them with rich would double validate's imports)."""
    colour = {"ok": "green", "failed": "red", "not run": "yellow"}
    plain_table("validation layers", ["layer", "status", "problems"],
                [[row["layer"], row["status"], str(row["problems"])] for row in layers],
                [colour.get(row["status"]) for row in layers], console)


def release(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write `sahel-dataset-<version>.zip` to.")],
    project: ProjectOpt = None,
    snapshot: Annotated[bool, typer.Option(
        "--snapshot",
        help="Also copy the schema to `schema/releases/<version>/` for the schema change guard.")] = False,
    register: Annotated[bool, typer.Option(
        "--register", help=("Also add the archive's sha256 to the download registry of this source checkout "
                            "(src/sahel_dataset/registry.txt); refused outside a checkout."))] = False,
    stamp: Annotated[bool, typer.Option(
        "--stamp", help=("First write the version of src/sahel_dataset/_version.py and today's date into "
                         "CITATION.cff, data/datapackage.yaml (created) and the CHANGELOG heading; "
                         "then print the commit and tag commands."))] = False,
) -> None:
    """Build, validate and write a reproducible release archive with SHA256SUMS.

    Example: `sahel-dataset release --out releases/ --stamp --snapshot --register`
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
        if (snapshot or stamp) and not is_final(__version__):
            raise UsageError(f"{__version__} is a development version: only a final X.Y.Z is stamped or gets a "
                             "schema snapshot")
        if stamp:
            from ...pipeline.stamp import stamp as stamp_release

            for path in stamp_release(proj):
                out.print(f"stamped {path}")
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
    if stamp:
        from ...pipeline.stamp import tag_command

        out.print("then regenerate the shipped files (`sahel-dataset regenerate`), and commit and tag:")
        print(tag_command())


def regenerate(
    project: ProjectOpt = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if a derived file is stale.")] = False,
) -> None:
    """Regenerate every derived file: the shipped package, CODEBOOK.md, DATASHEET.md's counts, the docs pictures.

    Example: `sahel-dataset regenerate` (then `sahel-dataset regenerate --check` in CI)
    """
    from ...regenerate import regenerate as run_regenerate
    from .schema import report_stale

    proj = project_or_exit(project)
    try:
        from ..progress import progress

        with progress("regenerating the derived files"):
            stale = run_regenerate(proj, check=check)
    except DataError as e:
        fail(e)
    except UsageError as e:
        fail_usage(e)
    report_stale([p.relative_to(proj.root) for p in stale], check, "derived files", "regenerate")
