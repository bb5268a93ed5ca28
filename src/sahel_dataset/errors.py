"""The error types: bad data (:class:`DataError`, a list of located problems, exit
code 1) and a bad command or environment (:class:`UsageError`, exit code 2)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as the check can.

    >>> str(Problem("must be a date", file="data/events.yaml", line=3, record_id="evt-x",
    ...             field="date_start"))
    'data/events.yaml:3: evt-x: date_start: must be a date'
    """

    message: str
    file: str | None = None
    line: int | None = None
    record_id: str | None = None
    field: str | None = None
    table: str | None = None
    check: str = "data"  # which layer found it: seeds, yaml, record, evidence, table, ...

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
