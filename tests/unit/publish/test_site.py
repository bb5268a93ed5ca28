"""The reader site: every article shows its seed exactly, every span is there, links resolve, values are escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import sahel_dataset
from sahel_dataset.core.atomic import replace_folder
from sahel_dataset.core.errors import UsageError
from sahel_dataset.publish import site as site_module
from sahel_dataset.publish.records import Dataset
from sahel_dataset.publish.site import SITE_MARKER, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out)
    return out


class Page(HTMLParser):
    """The links, ids and the text inside ``#text`` of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.marks: list[str] = []
        self.text: list[str] = []
        self.depth = 0  # >0 while inside div#text
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.depth:
            self.depth += 1
        if tag == "div" and a.get("id") == "text":
            self.depth = 1
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "mark" and a.get("data-ev"):
            self.marks.append(a["data-ev"])
        if tag == "script":
            self.scripts.append(a)

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_each_article_shows_its_seed_byte_for_byte_with_every_span(site: Path) -> None:
    evidence = sahel_dataset.load("evidence")
    for source_id in sahel_dataset.load("sources")["source_id"]:
        page = parse(site / "articles" / f"{source_id}.html")
        assert "".join(page.text) == sahel_dataset.source_text(source_id)  # no normalisation, no lost character
        expected = set(evidence.loc[evidence["source_id"] == source_id, "evidence_id"])
        assert expected <= page.ids  # an anchor where each span starts
        assert {e for m in page.marks for e in m.split()} == expected


def test_every_record_has_a_page_and_every_link_resolves(site: Path) -> None:
    data = Dataset.load()
    for name in data.paged_tables():
        key = data.schemas[name].id_field
        for row in data.tables[name]:
            assert (site / "records" / name / f"{row[key]}.html").is_file()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 500
    ids: dict[Path, set[str]] = {}
    for path in pages:
        page = parse(path)
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{path}: {link} leaves the site (offline only)"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path.relative_to(site)} links to missing {link}"
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                assert unquote(parts.fragment) in ids[target], f"{path}: no #{parts.fragment} in {target}"


def test_record_page_shows_fields_links_and_evidence_in_context(site: Path) -> None:
    html = (site / "records" / "events" / "evt-us-withdrawal-completed.html").read_text(encoding="utf-8")
    assert '<a href="../../records/locations/loc-niger.html">loc-niger</a>' in html
    for span in sahel_dataset.evidence_view("evt-us-withdrawal-completed").itertuples():
        assert f'href="../../articles/{span.source_id}.html#{span.evidence_id}"' in html
    assert "evt-us-withdrawal-completed" in (site / "tables" / "events.html").read_text(encoding="utf-8")


def test_timeline_and_map_pages(site: Path) -> None:
    assert (site / "pictures" / "timeline.svg").read_text(encoding="utf-8").startswith("<?xml")
    assert 'src="pictures/timeline.svg"' in (site / "timeline.html").read_text(encoding="utf-8")
    html = (site / "map.html").read_text(encoding="utf-8")
    located = sahel_dataset.load("locations").dropna(subset=["latitude"])
    for name in located["name"]:  # on the map, or listed as too far for it
        assert str(name).split(" (")[0] in html


def test_values_are_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Dataset.load
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    def hostile(version: str | None = None) -> Dataset:
        data = real(version)
        data.tables["events"][0]["summary"] = attack
        data.tables["evidence"][0]["field"] = attack
        return data

    monkeypatch.setattr(Dataset, "load", staticmethod(hostile))
    build_site(tmp_path / "site")
    for path in (tmp_path / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert attack not in html and "<script>alert" not in html and "<img src=x" not in html
        assert all(s.get("src", "").endswith("static/site.js") for s in parse(path).scripts)


def test_out_replaces_only_a_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(out)
    (out / "stale.html").write_text("from an older site")
    build_site(out)  # a previous site: replaced whole
    assert (out / SITE_MARKER).is_file() and not (out / "stale.html").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not a previous site"):
        build_site(mine)
    build = tmp_path / "build"
    with replace_folder(build) as folder:  # as `sahel-dataset build` writes its output
        (folder / "datapackage.json").write_text("{}")
    with pytest.raises(UsageError, match=re.escape(f"not a previous site (no {SITE_MARKER})")):
        build_site(build)
    assert (mine / "notes.txt").read_text() == "keep me" and (build / "datapackage.json").is_file()


def test_without_jinja2_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(UsageError, match=re.escape("sahel-dataset[site]")):
        site_module.build_site(tmp_path / "site")


def test_cli_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sahel_dataset.cli.app import app

    (tmp_path / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["site", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "refusing --out" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
