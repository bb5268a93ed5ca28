"""MkDocs hook: the API reference documents every name of ``sahel_dataset.__all__``.

A line ``<!-- api: sahel_dataset -->`` in a page becomes one mkdocstrings block per
name the package exports, pointing at where the name is defined. mkdocstrings'
``::: sahel_dataset`` alone would miss ``load``: the package has a submodule of that
name, and griffe gives a submodule precedence over a member it shadows, while Python
gives ``sahel_dataset.load`` the function. Reading ``__all__`` and the imports
statically (griffe, as mkdocstrings does) keeps the page right when modules move.
"""

from __future__ import annotations

import re
from pathlib import Path

import griffe

SRC = Path(__file__).resolve().parents[2] / "src"
MARKER = re.compile(r"^<!-- api: ([\w.]+) -->$", re.MULTILINE)
BLOCK = """::: {target}
    options:
      show_root_heading: true
      show_root_full_path: false
      heading_level: 2
"""


def public_api(package: str) -> list[str]:
    """Where each name in ``package.__all__`` is defined, as dotted paths, in ``__all__`` order."""
    pkg = griffe.load(package, search_paths=[str(SRC)], resolve_aliases=False)
    exports = [str(name) for name in pkg.exports or []]
    if not exports:
        raise ValueError(f"{package} has no __all__: nothing to document")
    return [pkg.imports.get(name, f"{package}.{name}") for name in exports]


def _blocks(match: re.Match[str]) -> str:
    return "\n".join(BLOCK.format(target=t) for t in public_api(match.group(1)))


def on_page_markdown(markdown: str, **_: object) -> str:
    """Expand each ``<!-- api: PACKAGE -->`` line into the blocks of PACKAGE's public names."""
    return MARKER.sub(_blocks, markdown)
