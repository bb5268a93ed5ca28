"""The record counts that DATASHEET.md embeds, from the built package.

``sahel-dataset docs`` refreshes them (with CODEBOOK.md: see :mod:`.codebook`).
"""

from __future__ import annotations

import re

from ..core import schema
from .markdown import Raw, md_table

COUNTS_START = "<!-- counts:start -->"
COUNTS_END = "<!-- counts:end -->"

def render_counts(counts: dict[str, int]) -> str:
    """The Markdown block of record counts that DATASHEET.md embeds between its markers.

    >>> print(render_counts({"events": 3}))
    <!-- counts:start -->
    | table | records | one record is |
    | --- | --- | --- |
    | `events` | 3 | One row per real-world happening, merged across seeds. |
    <!-- counts:end -->
    """
    rows = [[Raw(f"`{n}`"), str(c), schema.table(n).description] for n, c in counts.items()]
    return "\n".join([COUNTS_START, *md_table(["table", "records", "one record is"], rows), COUNTS_END])


def fill_counts(text: str, counts: dict[str, int]) -> str:
    """Replace the counts block of ``text`` (between the markers) with fresh counts.

    >>> fill_counts("a\\n<!-- counts:start -->old<!-- counts:end -->\\nb", {"events": 1}).count("old")
    0
    """
    pattern = re.compile(re.escape(COUNTS_START) + ".*?" + re.escape(COUNTS_END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"no {COUNTS_START} ... {COUNTS_END} block found")
    return pattern.sub(lambda _: render_counts(counts), text, count=1)
