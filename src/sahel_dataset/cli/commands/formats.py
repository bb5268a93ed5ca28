"""``sahel-dataset diff`` and ``sahel-dataset --version``.

Registered in :mod:`sahel_dataset.cli.app`.
``diff`` exits as ``diff`` does: 0 when the packages are equal, 1 when they
differ, 2 when a side cannot be read.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..common import JsonOpt, out, say

if TYPE_CHECKING:
    from rich.console import Console

MISSING = "∅"
"""How the text output shows a null value."""


def show_value(value: Any) -> str:
    """A field value as the text output shows it: null as ``∅``, text as is.

    >>> show_value(None), show_value("Niamey"), show_value(3)
    ('∅', 'Niamey', '3')
    """
    if value is None:
        return MISSING
    from ...diff import jsonable

    return str(jsonable(value))


def render(result: Any, console: Console) -> None:
    """Print a :class:`~sahel_dataset.diff.DiffResult`: a summary per table, then every
    added, removed and changed record (readable at 80 columns: long values wrap)."""
    from rich import box
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table

    # One side per line: paths are long, and a path is never wrapped in the middle.
    console.print(f"old: {escape(result.old)} ({result.old_version or '?'})")
    console.print(f"new: {escape(result.new)} ({result.new_version or '?'})")
    if result.equal:
        console.print("[green]no differences[/green]")
        return
    summary = Table("table", "status", "added", "removed", "changed", title="tables that differ")
    for t in result.tables:
        if t.status != "same":
            summary.add_row(t.table, t.status, str(len(t.added)), str(len(t.removed)), str(len(t.changed)))
    console.print(summary)
    for t in result.tables:
        if t.status == "same":
            continue
        console.print(f"\n[bold]{t.table}[/bold] (key: {', '.join(t.key)}): {len(t.added)} added, "
                      f"{len(t.removed)} removed, {len(t.changed)} changed")
        for f in t.fields_added:
            console.print(f"  [green]+ field {escape(f)}[/green]")
        for f in t.fields_removed:
            console.print(f"  [red]- field {escape(f)}[/red]")
        # Record ids on lines of their own, whole; values in a table that folds them.
        for k in t.added:
            console.print(f"  [green]+ {escape(k)}[/green]")
        for k in t.removed:
            console.print(f"  [red]- {escape(k)}[/red]")
        for c in t.changed:
            console.print(f"  [yellow]~ {escape(c.key)}[/yellow]")
            grid = Table(box=box.SIMPLE, expand=True, show_edge=False)
            for name in ("field", "old", "new"):
                grid.add_column(name, overflow="fold")
            for f in c.fields:
                grid.add_row(f.field, escape(show_value(f.old)), escape(show_value(f.new)))
            console.print(Padding(grid, (0, 0, 0, 4)))


def diff(
    old: Annotated[str, typer.Argument(help="A version (e.g. 0.1.0), a built package folder or a release .zip.")],
    new: Annotated[str, typer.Argument(help="The same, to compare OLD with.")],
    as_json: JsonOpt = False,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="Where release archives are, for a version not yet cached.")] = None,
) -> None:
    """Compare two versions of the dataset: records added, removed and changed, per table.

    Exit 0 when equal, 1 when they differ, 2 when a side cannot be read.

    Example: `sahel-dataset diff 0.1.0 build/release`
    """
    from ...diff import DiffError
    from ...diff import diff as run_diff

    try:
        result = run_diff(old, new, base_url=base_url)
    except DiffError as e:
        if as_json:
            print(json.dumps({"equal": None, "error": str(e)}, indent=2))
        say("error", str(e))
        raise typer.Exit(2) from e
    if as_json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        render(result, out)
    raise typer.Exit(0 if result.equal else 1)


def version_text() -> str:
    """What ``sahel-dataset --version`` prints.

    >>> version_text().startswith("sahel-dataset ") and "(schema " in version_text()
    True
    """
    from ..._version import __version__
    from ...core.schema import schema_version

    return f"sahel-dataset {__version__} (schema {schema_version()})"


def _print_version(value: bool) -> None:
    if value:
        print(version_text())
        raise typer.Exit()


def options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the package and schema versions.")] = False,
) -> None:
    """Build, validate and explore the sahel-dataset."""
