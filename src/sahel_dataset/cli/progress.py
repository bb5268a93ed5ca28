"""A progress display for work that takes more than a second (build, release, fetch).

It draws on standard error, and only when standard error is a terminal: piped or
captured output stays free of escape codes.

>>> with progress("counting", total=2) as advance:
...     advance(); advance()
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console


@contextmanager
def progress(
    description: str, total: int | None = None, console: Console | None = None
) -> Iterator[Callable[..., None]]:
    """Show a transient spinner (or a bar, when ``total`` is known) while the block runs.

    Yields ``advance(steps=1)``; calling it is optional for a spinner.
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = console or Console(stderr=True)
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), TextColumn("{task.completed}/{task.total}")]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(description, total=total)

        def advance(steps: int = 1) -> None:
            bar.advance(task, steps)

        yield advance
