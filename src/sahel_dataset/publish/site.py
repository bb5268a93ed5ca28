"""``sahel-dataset site --out DIR``: a static reader site that works offline.

Pages: an overview; each seed article with every evidence span highlighted (a click
shows the records the span supports); a page per table and per record (its fields,
the records pointing at it, its evidence spans in context with a link to their place
in the article); the timeline and the map. Plain HTML with one small CSS and one small
JS file of our own: no CDN, no server. Every value goes through Jinja2's autoescape.

The folder is written whole through :func:`~sahel_dataset.core.atomic.replace_folder`:
``--out`` may be a new or empty folder or a previous site (one holding :data:`SITE_MARKER`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..core.atomic import check_output, replace_folder
from ..core.errors import UsageError
from .records import Dataset, page_name
from .spans import segments

SITE_MARKER = ".sahel-dataset-site"
"""The file that says a folder is a site made by this command (which the next run may replace)."""

JINJA_EXTRA = 'the reader site needs Jinja2: pip install "sahel-dataset[site]"'
HERE = Path(__file__).parent


def _environment() -> Any:
    try:
        import jinja2
    except ImportError:
        raise UsageError(JINJA_EXTRA) from None
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["url"] = lambda s: quote(str(s), safe="")
    return env


def check_site_output(out: Path, project_root: Path | None = None) -> Path:
    """Refuse an ``--out`` that is not new, empty or a previous site (raise :class:`UsageError`).

    >>> import tempfile, pathlib
    >>> build = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (build / ".sahel-dataset-build").write_text("")
    >>> check_site_output(build)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sahel_dataset.core.errors.UsageError: refusing --out ...: it is a non-empty folder that is not a previous site ...
    """
    return check_output(out, project_root, SITE_MARKER)


def article(data: Dataset, source: dict[str, Any], text: str) -> dict[str, Any]:
    """The context of an article's page: its text cut into segments, and a card per record it supports."""
    spans = [e for e in data.tables["evidence"] if e["source_id"] == source["source_id"]]
    spans.sort(key=lambda e: (e["start"], -e["end"], e["evidence_id"]))
    cards: dict[str, dict[str, Any]] = {}
    for e in spans:
        row = data.by_id.get(e["record_id"])
        card = cards.setdefault(e["record_id"], {
            "id": e["record_id"], "table": e["record_table"], "href": data.href(e["record_id"], e["record_table"]),
            "label": data.label(row, e["record_table"]) if row else e["record_id"],
            "cells": [c for c in data.cells(row, e["record_table"]) if c["value"] is not None] if row else [],
            "spans": []})
        card["spans"].append(e)
    return {"source": source, "cards": list(cards.values()),
            "segments": segments(text, [(e["evidence_id"], e["start"], e["end"]) for e in spans])}


def _write(path: Path, text: str) -> None:
    # plain writes: the files go into replace_folder's temporary folder, which is swapped in whole
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build_site(out: Path, version: str | None = None, project_root: Path | None = None) -> dict[str, int]:
    """Write the reader site of the shipped data (or release ``version``) to ``out``; count what was written.

    >>> import tempfile, pathlib
    >>> counts = build_site(pathlib.Path(tempfile.mkdtemp()) / "site")
    >>> from sahel_dataset import load
    >>> counts["articles"] == len(load("sources")), counts["records"] > 100
    (True, True)
    """
    from ..views import source_text
    from .pictures import TITLES, draw, inline_map

    env = _environment()
    check_site_output(out, project_root)
    data = Dataset.load(version)
    texts = {s["source_id"]: source_text(s["source_id"], version) for s in data.tables["sources"]}
    counts = {"articles": 0, "tables": 0, "records": 0}
    nav = [(s["source_id"], data.label(s, "sources")) for s in data.tables["sources"]]
    with replace_folder(out, project_root, marker=SITE_MARKER) as tmp:
        def page(path: str, template: str, **context: Any) -> None:
            root = "../" * path.count("/")
            html = env.get_template(template).render(root=root, nav=nav, data=data, **context)
            _write(tmp / path, html)

        for name in ("site.css", "site.js"):
            _write(tmp / "static" / name, (HERE / "static" / name).read_text(encoding="utf-8"))
        (tmp / "pictures").mkdir()
        pictures = draw(tmp / "pictures")
        the_map = inline_map(data.tables["locations"], lambda i: data.href(i, "locations"))
        page("index.html", "index.html", pictures=pictures, texts=texts)
        for s in data.tables["sources"]:
            page(f"articles/{page_name(s['source_id'])}", "article.html", **article(data, s, texts[s["source_id"]]))
            counts["articles"] += 1
        for name, t in data.schemas.items():
            rows = data.tables[name]
            page(f"tables/{page_name(name)}", "table.html", table=t, rows=[data.cells(r, name) for r in rows],
                 descriptions={f.name: f.description for f in t.fields})
            counts["tables"] += 1
        for name in data.paged_tables():
            t = data.schemas[name]
            for row in data.tables[name]:
                rid = row[t.id_field]
                page(f"records/{name}/{page_name(rid)}", "record.html", table=t, row=row, rid=rid,
                     label=data.label(row, name), cells=data.cells(row, name),
                     referencing=data.referencing(rid, name), evidence=data.evidence_of(rid, texts))
                counts["records"] += 1
        for name, file in pictures.items():
            page(f"{name}.html", "picture.html", title=TITLES[name], picture=file, the_map=None)
        page("map.html", "picture.html", title=TITLES["map"], picture=None, the_map=the_map)
    return counts
