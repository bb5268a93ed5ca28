"""Griffe extension: show a docstring's doctest examples as Python code blocks.

The docstrings carry plain doctest examples (``>>>`` lines and their output), which
pytest runs. Markdown would read them as prose (and an output such as ``['a', 'b']``
as a link), so each run of doctest lines becomes a fenced ``pycon`` block before
mkdocstrings renders the docstring.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap each doctest block (a ``>>>`` line up to the next blank line) in a ``pycon`` fence."""
    out: list[str] = []
    in_block = False
    for line in text.splitlines():
        if not in_block and line.lstrip().startswith(">>>"):
            out.append("```pycon")
            in_block = True
        elif in_block and not line.strip():
            out.append("```")
            in_block = False
        out.append(line)
    if in_block:
        out.append("```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fence the doctest examples of every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
