"""The error types: bad data (:class:`DataError`, a list of located problems, exit
code 1) and a bad command or environment (:class:`UsageError`, exit code 2)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SHOWN = 200
"""At most this many characters of a value appear in a message (see :func:`shown`)."""


def shown(value: Any, limit: int = SHOWN) -> str:
    """``repr(value)`` cut to ``limit`` characters, so that no message ever prints a
    whole hostile value (a "billion laughs" expansion, a megabyte of text).

    The repr of a large container is never built whole: containers are cut first.

    >>> shown("abc")
    "'abc'"
    >>> s = shown("x" * 10_000); len(s) <= 240, s.endswith("[10002 characters]")
    (True, True)
    >>> len(shown([["x" * 100] * 100] * 100)) <= 240
    True
    """
    text = repr(_cut(value, limit))
    if len(text) <= limit:
        return text
    full = len(repr(value)) if isinstance(value, str | bytes) else None
    size = f" [{full} characters]" if full is not None else ""
    return f"{text[:limit]}…{size}"


def _cut(value: Any, limit: int, depth: int = 3) -> Any:
    """A copy of ``value`` small enough to repr cheaply: long strings cut, containers
    cut to a few items and a few levels (a YAML alias bomb nests lists deeply)."""
    if isinstance(value, str | bytes):
        return value[: limit + 1]
    if isinstance(value, list | tuple | dict) and depth == 0:
        return ...
    if isinstance(value, list | tuple):
        return [_cut(v, limit, depth - 1) for v in value[:8]]
    if isinstance(value, dict):
        return {_cut(k, limit, 0): _cut(v, limit, depth - 1) for k, v in list(value.items())[:8]}
    return value


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as the check can.

    >>> str(Problem("must be a date", file="data/events.yaml", line=3, record_id="evt-x",
    ...             field="date_start"))
    'data/events.yaml:3: evt-x: date_start: must be a date'
    >>> len(Problem("unknown field", field="x" * 10_000).field) <= 230
    True
    """

    message: str
    file: str | None = None
    line: int | None = None
    record_id: str | None = None
    field: str | None = None
    table: str | None = None
    check: str = "data"  # which layer found it: seeds, yaml, record, evidence, table, ...

    def __post_init__(self) -> None:
        # A field name or record id comes from the input too (an unknown key of 10 000
        # characters): each is cut as a value is, so no message is longer than a screen.
        for name in ("record_id", "field", "message"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                value = str(value)
            limit = SHOWN if name != "message" else 4 * SHOWN
            if value is not None and len(value) > limit:
                value = f"{value[:limit]}… [{len(value)} characters]"
            object.__setattr__(self, name, value)

    def __str__(self) -> str:
        where = self.file or (f"table {self.table}" if self.table else "")
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        parts = [p for p in (where, self.record_id, self.field) if p]
        return ": ".join([*parts, self.message])

    def to_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready dict."""
        return asdict(self)


class DataError(Exception):
    """Raised when curated data, seeds or a built package are invalid.

    >>> err = DataError([Problem("quote not found", file="data/quotes.yaml")])
    >>> len(err.problems)
    1
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s):\n{shown}{more}")


class UsageError(Exception):
    """A usage or environment error: the command cannot run as asked (exit code 2).

    Raised for a refused output path, a path that is not what the command needs,
    a read-only or full disk, or another build holding the output folder. Nothing
    was written or lost when it is raised.

    >>> str(UsageError("--out . is the project folder"))
    '--out . is the project folder'
    """
