"""MkDocs hook: pages that show a file from the top of the repository.

CODEBOOK.md, DATASHEET.md, CONTRIBUTING.md, CHANGELOG.md and the licences live at the
top of the repository, where GitHub shows them and the release archive takes them; a
page of the site shows one with a line ``--8<-- "NAME"``. Their links are written for
the repository (``CODEBOOK.md``, ``docs/curation.md``, ``LICENSE``), so the hook points
each at the page that shows it on the site; a link it cannot place is left for MkDocs's
strict link check to report.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r'^--8<-- "([^"/]+)"$', re.MULTILINE)
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")
# The site page that shows each top-level file.
PAGES = {
    "README.md": "index.md",
    "CODEBOOK.md": "codebook.md",
    "DATASHEET.md": "datasheet.md",
    "CONTRIBUTING.md": "contributing.md",
    "CHANGELOG.md": "changelog.md",
    "LICENSE": "licence.md#code-mit",
    "LICENSE-DATA": "licence.md#records-cc-by-40",
    "CITATION.cff": "licence.md#citation",
}


def _site_link(match: re.Match[str]) -> str:
    target, anchor = match.group(1), match.group(2) or ""
    if target.startswith("docs/"):
        return f"]({target.removeprefix('docs/')}{anchor})"
    page = PAGES.get(target)
    if page is None:
        return match.group(0)
    return f"]({page})" if "#" in page else f"]({page}{anchor})"


def _include(match: re.Match[str]) -> str:
    text = (ROOT / match.group(1)).read_text(encoding="utf-8")
    return LINK.sub(_site_link, text).rstrip("\n")


def on_page_markdown(markdown: str, **_: object) -> str:
    """Replace each ``--8<-- "NAME"`` line by the top-level file NAME, its links made site links."""
    return INCLUDE.sub(_include, markdown)
