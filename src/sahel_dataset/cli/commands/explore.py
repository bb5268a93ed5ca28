"""Commands for people who use the dataset: tables, show, search, timeline.

They read the Data Package shipped in the package. Exit codes: 0 success, 1 no match
(``search``), 2 usage errors.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..common import JsonOpt, out, printable, say


class Format(StrEnum):
    """Output formats of ``show``."""

    table = "table"
    csv = "csv"
    json = "json"


def tables(as_json: JsonOpt = False) -> None:
    """List the tables and the derived views with their number of rows and what one row is.

    Example: `sahel-dataset tables --json`
    """
    from ...explore import summaries, view_summaries

    listed = [("table", *s) for s in summaries()] + [("view", *s) for s in view_summaries()]
    if as_json:
        print(json.dumps([{"name": name, "kind": kind, "rows": n, "description": description}
                          for kind, name, n, description in listed], indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    grid = Table("table", "rows", "description")
    for kind, name, n, description in listed:
        grid.add_row(name if kind == "table" else f"{name} (view)", str(n), description)
    out.print(grid)


def show(
    table: Annotated[str, typer.Argument(help="The table to show, e.g. events.")],
    record_id: Annotated[str | None, typer.Argument(
        help="One record's id (e.g. evt-niger-coup): show it field by field.")] = None,
    where: Annotated[
        list[str] | None, typer.Option("--where", "-w", help="Keep rows where FIELD=VALUE (repeatable).")
    ] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", "-c", help="The columns to show, comma-separated (default: those that fit).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Show at most this many rows.")] = None,
    sort: Annotated[str | None, typer.Option(
        "--sort", "-s", help="Sort the rows by this field (-FIELD: descending; empty values last).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Show the rows of a table or derived view (event_view, troop_view), optionally
    filtered and sorted, or one record field by field.

    The table view shows the columns that fit the terminal, with the text a person reads
    (summary, text) folded into the width left, and names the others.

    Example: `sahel-dataset show event_view -w place=Niger --sort -date_start`
    """
    from ...core.errors import UsageError
    from ...explore import fit_columns, record, rows, sort_rows, table_of, to_csv, to_json

    fields = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    try:
        t = table_of(table)
        if record_id is not None:
            records = [record(table, record_id)]
        else:
            records = rows(table, where or [], None if sort else fields)
            if sort:
                records = sort_rows(records, sort, t)
            if fields is None and fmt is Format.table:
                fields = fit_columns(table, records, out.width)
    except UsageError as e:
        say("error", str(e))
        raise typer.Exit(2) from e
    every = t.names
    shown = records[:limit] if limit else records
    if fmt is Format.csv:
        print(to_csv([{f: r[f] for f in fields or every} for r in shown], fields or every), end="")
    elif fmt is Format.json:
        print(to_json([{f: r[f] for f in fields or every} for r in shown]))
    elif record_id is not None:
        _record_view(table, record_id, {f: records[0][f] for f in fields or every})
    else:
        _table_view(table, shown, fields or every, len(records))


def _record_view(table: str, record_id: str, row: dict) -> None:
    """One record, a field per line; long values wrap under their field."""
    from rich import box
    from rich.table import Table

    from .formats import show_value

    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, show_header=False, title=f"{table}: {record_id}",
                 title_justify="left")
    grid.add_column("field", style="bold", no_wrap=True)
    grid.add_column("value", overflow="fold")
    for name, value in row.items():
        grid.add_row(name, show_value(value))
    out.print(grid)


def _table_view(table: str, records: list[dict], fields: list[str], total: int) -> None:
    """Rows under whole headers; ids never cut; the columns left out are named below."""
    from rich import box
    from rich.table import Table

    from ...explore import table_of

    t = table_of(table)
    count = f"{total} row(s)" if len(records) == total else f"{len(records)} of {total} row(s)"
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, title=f"{table}: {count}", title_justify="left")
    for f in fields:
        widest = max([len(f), *(len(str(r[f])) for r in records if r[f] is not None)])
        key = f in t.primary_key
        grid.add_column(f, no_wrap=key, min_width=widest if key else len(f), overflow="fold")
    for r in records:
        grid.add_row(*("" if r[f] is None else str(r[f]) for f in fields))
    out.print(grid)
    hidden = [f for f in t.names if f not in fields]
    if hidden:
        out.print(f"{len(hidden)} more column(s): {', '.join(hidden)}; "
                  "choose them with --columns.", markup=False, soft_wrap=False)
        out.print(f"One record in full: sahel-dataset show {table} <id>", markup=False)


def search(
    words: Annotated[list[str], typer.Argument(help="Words that must all occur (case-insensitive).")],
    as_json: JsonOpt = False,
) -> None:
    """Search record text and evidence spans; print each matching record id, whole.

    Exit 1 when nothing matches.

    Example: `sahel-dataset search mutinous soldiers`
    """
    from ...core.errors import UsageError
    from ...explore import search as run_search
    from ...explore import snippet

    try:
        hits = run_search(words)
    except UsageError as e:
        say("error", str(e))
        raise typer.Exit(2) from e
    if as_json:
        print(json.dumps([h.to_dict() for h in hits], indent=2, ensure_ascii=False))
    elif hits:
        from rich.padding import Padding
        from rich.text import Text

        out.print(f"{len(hits)} match(es) for {' '.join(words)!r}", markup=False)
        for h in hits:
            where = f"evidence {h.evidence_id}" if h.evidence_id else h.field
            # the id on a line of its own so that it is never cut, whatever the width
            out.print(Text.assemble((printable(h.record_id), "bold"), printable(f"  {h.table} · {where}")),
                      soft_wrap=False)
            text = Text(printable(snippet(h.text, words, width=max(40, 2 * (out.width - 4)))))
            out.print(Padding(text, (0, 0, 0, 4)), soft_wrap=False)
    else:
        say("no matches", " ".join(words), style="yellow")
    if not hits:
        raise typer.Exit(1)


class Picture(StrEnum):
    """The pictures ``plot`` draws (see :data:`sahel_dataset.plots.PICTURES`)."""

    timeline = "timeline"
    troops = "troops"
    map = "map"


OutOpt = Annotated[Path, typer.Option("--out", help="The picture to write: `.png` or `.svg`.")]


def _draw(name: str, out_file: Path) -> None:
    """Draw picture ``name`` of the shipped data to ``out_file``; a bad suffix is a usage error."""
    from ...core.errors import UsageError
    from ...plots import FORMATS, PICTURES, save
    from ...plots.style import is_picture
    from ...utils.outputs import check_file_output
    from ..common import fail_usage, project_root_or_none

    if out_file.suffix.lower() not in FORMATS:
        say("error", f"unsupported format {out_file.suffix!r}; use .png or .svg")
        raise typer.Exit(2)
    root = project_root_or_none()
    try:
        check_file_output(out_file, root, is_picture, "a picture")  # before the drawing, not after
        out.print(f"wrote {save(PICTURES[name](), out_file, project_root=root)}", markup=False)
    except (UsageError, OSError) as e:
        fail_usage(e)


def plot(
    picture: Annotated[Picture, typer.Argument(help="timeline, troops (troop levels) or map (located places).")],
    out_file: OutOpt,
) -> None:
    """Draw a picture of the dataset to PNG or SVG.

    Example: `sahel-dataset plot troops --out docs/troops.png`
    """
    _draw(picture.value, out_file)


def timeline(out_file: OutOpt) -> None:
    """Draw the events on a time axis, coloured by category, with date uncertainty drawn.

    The same as `sahel-dataset plot timeline`.

    Example: `sahel-dataset timeline --out docs/timeline.png`
    """
    _draw("timeline", out_file)
