"""CSV cells as the package writes them: formula injection defused (:func:`neutralise`,
undone by :func:`restore`), values spelled (:func:`csv_row`) and quoted (:func:`csv_cell`).

A module of its own so that checking a CSV copy (``validate``) does not import the writer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
"""A CSV text cell starting with one of these gets a ``'`` prefix (see :func:`neutralise`)."""

LINE_BREAK = re.compile("(\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029])")
"""Every Unicode line break (those of :meth:`str.splitlines`), kept by :func:`re.split`."""


def _each_line(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to every line, whatever line break ends it."""
    parts = LINE_BREAK.split(text)
    return "".join(change(part) if i % 2 == 0 else part for i, part in enumerate(parts))


def neutralise(text: str) -> str:
    r"""Defuse CSV formula injection: prefix ``'`` to every *line* of a text cell that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (the OWASP
    practice), so a spreadsheet shows it as text instead of running it.

    Every line, not only the first: a spreadsheet reads a quoted cell whole, but a
    tool that reads the CSV line by line (``grep``, a naive importer, a log viewer)
    sees each line of a multi-line cell start a line, so ``"note\n=cmd"`` must not
    put ``=cmd`` at the start of a line either.

    A line is what follows any Unicode line break (``\r``, ``\v``, ``\f``,
    U+0085, U+2028, U+2029 as well as ``\n``): some tool splits lines at each.

    Lines that already start with ``'`` are prefixed too, which makes the rule
    reversible: :func:`restore` removes exactly one leading ``'`` from each line. Only
    the CSV copy is changed; Parquet and ``load()`` keep the original text.

    >>> neutralise("=SUM(A1:A9)"), neutralise("-20 troops"), neutralise("US troops")
    ("'=SUM(A1:A9)", "'-20 troops", 'US troops')
    >>> neutralise("two lines\n=cmd"), neutralise("a\u2028=cmd"), neutralise("a\r\n+b")
    ("two lines\n'=cmd", "a\u2028'=cmd", "a\r\n'+b")
    >>> all(restore(neutralise(t)) == t for t in ("'quoted", "a\n'b\n+c", "\n"))
    True
    """
    return _each_line(text, lambda line: "'" + line if line.startswith(FORMULA_START) else line)


def restore(cell: str) -> str:
    r"""Undo :func:`neutralise` on a CSV text cell.

    >>> restore("'=1+1"), restore("plain"), restore("a\n'-b")
    ('=1+1', 'plain', 'a\n-b')
    """
    return _each_line(cell, lambda line: line[1:] if line.startswith("'") else line)


def _csv_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return neutralise(v)
    return str(v)


_QUOTE_IF = frozenset(',"\r\n')


def csv_cell(value: str) -> str:
    r"""One RFC 4180 cell: quoted (``"`` doubled) when it holds a comma, a quote, a
    line feed *or a carriage return*.

    Python's ``csv.writer`` with ``lineterminator="\n"`` leaves a lone carriage
    return unquoted, which splits the row for every reader (Python's own refuses
    the file); quoting here is what keeps one record one row.

    >>> csv_cell("plain"), csv_cell("1,2"), csv_cell("a\rb")
    ('plain', '"1,2"', '"a\rb"')
    >>> csv_cell('say "no" twice')
    '"say ""no"" twice"'

    """
    if _QUOTE_IF.isdisjoint(value):
        return value
    return '"' + value.replace('"', '""') + '"'


def csv_row(row: dict[str, Any]) -> list[str]:
    """One row's cells as :func:`write_csv` writes them (before quoting).

    >>> csv_row({"a": "=1", "b": None, "c": 2})
    ["'=1", '', '2']
    """
    return [_csv_value(v) for v in row.values()]
