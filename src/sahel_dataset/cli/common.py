"""What every ``sahel-dataset`` command shares: the consoles, common options, finding
the project (:func:`project_or_exit`), and how bad data ends a command (:func:`fail`:
every problem listed, exit code 1).

Exit codes: 0 success, 1 invalid data (every problem listed), 2 usage or
environment errors (a missing folder, no project found).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer

from ..core.errors import DataError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from ..project import Project

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    r"""``text`` with every character that could drive or fool a terminal written as
    an escape (``\x1b``, ``\u202e``): C0 and C1 controls but newline and tab, bidi
    controls, zero-width characters and Unicode line separators. Everything a
    command prints from data, seeds or a path goes through it (:class:`SafeConsole`).

    >>> printable("red\x1b[31m \u202eevil\u202c ok\u00a0ok")
    'red\\x1b[31m \\u202eevil\\u202c ok\xa0ok'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def safe_console(stderr: bool = False) -> Console:
    """A rich console that escapes what :func:`printable` escapes in every string it
    renders (printed strings and table cells): rich passes ESC sequences through.
    Rich colours only on a terminal; soft wrap keeps long error lines whole when piped."""
    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(printable(text), **kwargs)

    return SafeConsole(stderr=stderr, highlight=False, soft_wrap=True)


class LazyConsole:
    """Stands for :func:`safe_console` until something is drawn with it: importing rich
    costs about 35 ms, which a command that prints one plain line (``validate``) never pays.
    :attr:`file` is the stream it writes to, read when written to (tests swap it)."""

    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr
        self._console: Console | None = None

    @property
    def file(self) -> TextIO:
        return sys.stderr if self.stderr else sys.stdout

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            self._console = safe_console(self.stderr)
        return getattr(self._console, name)


out: Any = LazyConsole()
err: Any = LazyConsole(stderr=True)

_SGR = {"red": "31", "green": "32", "yellow": "33"}


def styled(text: str, style: str, stream: TextIO) -> str:
    """``text`` in bold ``style`` (red, green, yellow) on a terminal that takes colours
    (as rich decides: ``NO_COLOR``, ``FORCE_COLOR``, ``TERM=dumb``), else as it is.

    >>> import io
    >>> styled("valid:", "green", io.StringIO())
    'valid:'
    """
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return text
    if not (os.environ.get("FORCE_COLOR") or (hasattr(stream, "isatty") and stream.isatty())):
        return text
    return f"\x1b[1;{_SGR.get(style, '39')}m{text}\x1b[0m"


def plain_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]],
                styles: Sequence[str | None] = (), console: Any = None) -> None:
    """Print a small table of short cells as plain aligned text, without rich: a title,
    the header, a rule, one line per row; the second cell of row ``i`` is in ``styles[i]``
    (on a terminal, :func:`styled`). Cells go through :func:`printable`.

    >>> plain_table("layers", ["layer", "status"], [["rules", "ok"]], console=LazyConsole())
    layers
    layer  status
    -----  ------
    rules  ok
    """
    stream = (console or out).file
    cells = [[printable(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in [list(header), *cells]) for i in range(len(header))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for i, row in enumerate(cells):
        style = styles[i] if i < len(styles) else None
        parts = [c.ljust(w) for c, w in zip(row, widths, strict=True)]
        if style and len(parts) > 1:
            parts[1] = styled(row[1], style, stream) + " " * (widths[1] - len(row[1]))
        lines.append("  ".join(parts).rstrip())
    print("\n".join(lines), file=stream)

ProjectOpt = Annotated[
    Path | None,
    typer.Option("--project", help="Folder with data/ and seeds/ (default: found from the current folder)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON report.")]
ShippedOpt = Annotated[bool, typer.Option("--shipped", help="Use the Data Package shipped in the package.")]
SeedArg = Annotated[str, typer.Argument(help="The seed: file name, path, number (001) or source id (src-001).")]


def say(label: str, message: str, style: str = "red", console: Any = err) -> None:
    """Print ``label: message`` plainly, without rich: the label styled (on a terminal),
    the message through :func:`printable`. Every command reports errors through this
    (or :func:`fail` / :func:`fail_usage`, which use it).

    >>> say("error", "no file [x]", console=out)
    error: no file [x]
    """
    stream = console.file
    print(f"{styled(label + ':', style, stream)} {printable(message)}", file=stream)


def project_or_exit(path: Path | None = None) -> Project:
    """The project at ``path`` or above it (default: from the current folder); exit with code 2 when there is none.

    >>> project_or_exit().data.name
    'data'
    >>> try:
    ...     project_or_exit(Path("/"))
    ... except typer.Exit as stop:
    ...     print("exit", stop.exit_code)
    exit 2
    """
    from ..project import Project, ProjectNotFound

    try:
        return Project.find(path)
    except ProjectNotFound as e:
        say("error", str(e))
        raise typer.Exit(2) from e


def project_root_or_none() -> Path | None:
    """The project checkout around the current folder, if any: an output guard never
    lets a command write into its data/, seeds/, schema/ or .git/, or over its tracked files.

    >>> project_root_or_none().name != ""
    True
    """
    from ..project import Project, ProjectNotFound

    try:
        return Project.find().root
    except ProjectNotFound:
        return None


def say_new_folders(out_dir: Path) -> None:
    """Say which missing folders above ``out_dir`` a command that writes a whole folder
    (build, site, release) will create: never silently.

    >>> say_new_folders(Path("/tmp"))
    """
    missing = [p for p in Path(out_dir).absolute().parents if not p.exists()]
    if missing:
        say("note", f"creating the folder {missing[-1]}", style="yellow")


def fail(e: DataError, as_json: bool = False) -> NoReturn:
    """Report every problem of ``e`` (as JSON with ``as_json``) and exit with code 1.

    >>> from sahel_dataset.core.errors import Problem
    >>> try:
    ...     fail(DataError([Problem("bad", file="data/x.yaml")]), as_json=True)
    ... except typer.Exit as stop:
    ...     print("exit", stop.exit_code)  # doctest: +ELLIPSIS
    {...}
    exit 1
    """
    if as_json:
        print(json.dumps({"valid": False, "problems": [p.to_dict() for p in e.problems]}, indent=2))
    else:
        say("invalid", f"{len(e.problems)} problem(s)")
        for p in e.problems:
            print(printable(f"  - {p}"), file=err.file)
    raise typer.Exit(1)


def fail_usage(e: UsageError | OSError, as_json: bool = False) -> NoReturn:
    """Report a usage or environment error (as JSON with ``as_json``) and exit with code 2.

    >>> try:
    ...     fail_usage(UsageError("refusing --out ."))
    ... except typer.Exit as stop:
    ...     print("exit", stop.exit_code)
    exit 2
    """
    message = str(e) if isinstance(e, UsageError) else f"{e.strerror or e}: {e.filename or ''}".rstrip(": ")
    if as_json:
        print(json.dumps({"valid": None, "error": message}, indent=2))
    say("error", message)
    raise typer.Exit(2)
