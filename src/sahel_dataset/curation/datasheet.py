"""The record counts that DATASHEET.md embeds, from the project's data (or the built package).

``sahel-dataset docs`` refreshes them (with CODEBOOK.md: see :mod:`.codebook`).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core import schema
from .markdown import Raw, md_table

COUNTS_START = "<!-- counts:start -->"
COUNTS_END = "<!-- counts:end -->"

def data_counts(root: Path) -> dict[str, int]:
    """Rows per table of the project at ``root`` as its ``data/`` and ``seeds/`` assemble now; the shipped
    package's counts where ``root`` is no project.

    >>> from sahel_dataset.project import Project
    >>> data_counts(Project.find().root)["sources"] == len(list(Project.find().seeds.glob("*.txt")))
    True
    """
    from ..catalog import row_counts
    from ..pipeline.assemble import assemble
    from ..project import Project

    if not Project.is_root(root):
        return row_counts()
    tables = assemble(Project(root)).tables
    return {name: tables[name].num_rows for name in schema.table_names() if name in tables}


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
