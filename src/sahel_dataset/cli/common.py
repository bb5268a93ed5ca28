"""What every ``sahel-dataset`` command shares: the consoles, common options, finding
the project (:func:`project_or_exit`), and how bad data ends a command (:func:`fail`:
every problem listed, exit code 1).

Exit codes: 0 success, 1 invalid data (every problem listed), 2 usage or
environment errors (a missing folder, no project found).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from ..errors import DataError, UsageError

if TYPE_CHECKING:
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


class SafeConsole(Console):
    """A rich console that escapes what :func:`printable` escapes in every string it
    renders (printed strings and table cells): rich passes ESC sequences through."""

    def render_str(self, text: str, **kwargs: Any) -> Any:
        return super().render_str(printable(text), **kwargs)


# Rich colours only on a terminal; soft wrap keeps long error lines whole when piped.
out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)

ProjectOpt = Annotated[
    Path | None,
    typer.Option("--project", help="Folder with data/ and seeds/ (default: found from the current folder)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON report.")]
ShippedOpt = Annotated[bool, typer.Option("--shipped", help="Use the Data Package shipped in the package.")]
SeedArg = Annotated[str, typer.Argument(help="The seed: file name, path, number (001) or source id (src-001).")]


def say(label: str, message: str, style: str = "red", console: Console = err) -> None:
    """Print ``label: message``: the label styled (on a terminal), the message as plain
    text, so brackets in it are never read as markup. Every command reports errors
    through this (or :func:`fail` / :func:`fail_usage`, which use it).

    >>> say("error", "no file [x]", console=Console(no_color=True))
    error: no file [x]
    """
    from rich.text import Text

    console.print(Text.assemble((f"{label}:", f"bold {style}"), " ", printable(message)))


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

    >>> from sahel_dataset.errors import Problem
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
            err.print(f"  - {p}", markup=False)
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
