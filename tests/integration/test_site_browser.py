"""The reader site in a real browser (Debian's chromium driven by Playwright), from file:// URLs.

A click on a highlighted span shows the records it supports; a record page links back
to the span's place in the article. Screenshots are saved to ``test-artifacts/site/``
(git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sahel_dataset
from sahel_dataset.publish.site import build_site

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "site"


def _browser_or_skip() -> None:
    """Skip with the reason when playwright or chromium is missing, except in CI (.ci/run installs both)."""
    import importlib.util

    missing = [what for what, ok in (
        ("playwright (pip install playwright)", importlib.util.find_spec("playwright") is not None),
        (f"chromium at {CHROMIUM} (apt-get install chromium)", Path(CHROMIUM).is_file()),
    ) if not ok]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"needs {' and '.join(missing)}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(out)
    return out


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.errors = errors
            yield tab
        finally:
            browser.close()


def test_click_a_span_shows_the_records_it_supports(site: Path, page: Any) -> None:
    span = sahel_dataset.evidence_view("evt-us-withdrawal-completed").query("source_id == 'src-001'").iloc[0]
    page.goto((site / "articles" / "src-001.html").as_uri())
    mark = page.locator(f'mark.ev[data-ev~="{span.evidence_id}"]').first
    mark.click()
    shown = page.locator(".card:not([hidden])")
    ids = set(mark.get_attribute("data-ev").split())  # every span covering the clicked words
    evidence = sahel_dataset.load("evidence").set_index("evidence_id")
    expected = set(evidence.loc[sorted(ids), "record_id"])
    assert set(shown.locator("h3 a").all_inner_texts()) == expected and "evt-us-withdrawal-completed" in expected
    card = shown.filter(has=page.locator("h3 a", has_text="evt-us-withdrawal-completed"))
    assert "The United States completed the withdrawal" in card.inner_text()
    assert page.locator("mark.ev.active").count() >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-clicked.png"))
    assert (ARTIFACTS / "article-clicked.png").stat().st_size > 20_000
    card.locator("h3 a").click()  # on to the record's page
    page.wait_for_load_state()
    assert page.url.endswith("records/events/evt-us-withdrawal-completed.html")
    assert page.locator("h1").inner_text().startswith("The United States completed the withdrawal")
    spans = sahel_dataset.evidence_view("evt-us-withdrawal-completed")
    assert page.locator("blockquote.evidence").count() == len(spans)
    page.screenshot(path=str(ARTIFACTS / "record.png"), full_page=True)
    assert page.errors == []


def test_record_page_links_to_the_span_in_the_article(site: Path, page: Any) -> None:
    span = sahel_dataset.evidence_view("evt-niger-coup").iloc[0]
    page.goto((site / "records" / "events" / "evt-niger-coup.html").as_uri())
    page.locator(f'a[href$="#{span.evidence_id}"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"articles/{span.source_id}.html#{span.evidence_id}")
    active = page.locator("mark.ev.active")
    assert "".join(active.all_inner_texts()) == span.text  # exactly the span's words are selected
    assert page.locator(".card:not([hidden]) h3 a").filter(has_text="evt-niger-coup").count() == 1
    page.screenshot(path=str(ARTIFACTS / "article-from-record.png"))
    page.goto((site / "map.html").as_uri())
    assert page.locator("svg.map a").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
    assert page.errors == []
