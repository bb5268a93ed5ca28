"""Commands for people who use the dataset: tables, show, search, timeline.

They read the Data Package shipped in the package. Exit codes: 0 success, 2 usage errors.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..common import err, out


class Format(StrEnum):
    """Output formats of ``show``."""

    table = "table"
    csv = "csv"
    json = "json"


def tables() -> None:
    """List the tables with their number of rows and what one row is.

    Example: `sahel-dataset tables`
    """
    from rich.table import Table

    from ...explore import summaries

    grid = Table("table", "rows", "description")
    for name, n, description in summaries():
        grid.add_row(name, str(n), description)
    out.print(grid)


def show(
    table: Annotated[str, typer.Argument(help="The table to show, e.g. events.")],
    where: Annotated[
        list[str] | None, typer.Option("--where", "-w", help="Keep rows where FIELD=VALUE (repeatable).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Show the rows of a table, optionally filtered.

    Example: `sahel-dataset show events --where event_type=coup --format json`
    """
    from ...explore import UsageError, rows, to_csv, to_json
    from ...schema import table as schema_table

    try:
        records = rows(table, where or [])
    except UsageError as e:
        err.print(f"[red]error:[/red] {e}", markup=True)
        raise typer.Exit(2) from e
    fields = schema_table(table).names
    if fmt is Format.csv:
        print(to_csv(records, fields), end="")
    elif fmt is Format.json:
        print(to_json(records))
    else:
        from rich.table import Table

        grid = Table(*fields, title=f"{table}: {len(records)} row(s)")
        for r in records:
            grid.add_row(*("" if r[f] is None else str(r[f]) for f in fields))
        out.print(grid)


def search(
    words: Annotated[list[str], typer.Argument(help="Words that must all occur (case-insensitive).")],
) -> None:
    """Search record text and evidence spans; print the matching record ids and tables.

    Example: `sahel-dataset search mutinous soldiers`
    """
    from rich.table import Table

    from ...explore import UsageError, snippet
    from ...explore import search as run_search

    try:
        hits = run_search(words)
    except UsageError as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from e
    if not hits:
        out.print("no matches")
        return
    grid = Table("table", "record id", "field", "text", title=f"{len(hits)} match(es)")
    for h in hits:
        field = f"evidence {h.evidence_id}" if h.evidence_id else h.field
        grid.add_row(h.table, h.record_id, field, snippet(h.text, words))
    out.print(grid)


def timeline(
    out_file: Annotated[Path, typer.Option("--out", help="The picture to write: .png or .svg.")],
) -> None:
    """Draw the events on a time axis, coloured by type, with date ranges as bars.

    Example: `sahel-dataset timeline --out docs/timeline.png`
    """
    from ...plots.timeline import FORMATS, render_timeline

    if out_file.suffix.lower() not in FORMATS:
        err.print(f"[red]error:[/red] unsupported format {out_file.suffix!r}; use .png or .svg")
        raise typer.Exit(2)
    out.print(f"wrote {render_timeline(out_file)}")
