"""Markdown tables for the generated documents (CODEBOOK.md, DATASHEET.md).

Both documents write tables; this module, below both, keeps them from importing each other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any


def cell(value: Any) -> str:
    """Format ``value`` for one cell of a Markdown table.

    >>> cell("a|b\\nc")
    'a\\\\|b c'
    >>> cell(None)
    ''
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


def code(value: Any) -> str:
    """``value`` as inline code in a cell (empty for no value).

    >>> code("act-usa"), code(None)
    ('`act-usa`', '')
    """
    return f"`{cell(value)}`" if value not in (None, "") else ""


def md_table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> list[str]:
    """A Markdown table: cells escaped by :func:`cell` unless they are :class:`Raw`.

    >>> md_table(["table", "rows"], [["events", 41]])
    ['| table | rows |', '| --- | --- |', '| events | 41 |']
    """
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    lines += ["| " + " | ".join(cell(c) if not isinstance(c, Raw) else str(c) for c in r) + " |" for r in rows]
    return lines


class Raw(str):
    """A cell already formatted as Markdown (not escaped again)."""
