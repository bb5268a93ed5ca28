"""The documentation: the site builds in strict mode, and the README's links and commands hold."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sahel_dataset
from conftest import ROOT

PAGES = ("getting-started", "tables", "codebook", "datasheet", "releases", "build", "validation", "curation",
         "performance", "scaling", "api", "contributing", "changelog", "licence")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` writes it: any broken link, anchor or reference fails it."""
    pytest.importorskip("mkdocs", reason="the docs extra is not installed: pip install -e '.[docs]'")
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=ROOT, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", **_env()})
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def _env() -> dict[str, str]:
    # The site documents this checkout's code, whatever sahel_dataset is installed.
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                                      os.environ.get("PYTHONPATH")]))}


@pytest.mark.slow  # mkdocs build --strict of the whole site
def test_site_has_every_page(site: Path) -> None:
    assert (site / "index.html").is_file()
    missing = [p for p in PAGES if not (site / p / "index.html").is_file()]
    assert not missing


@pytest.mark.slow  # mkdocs build --strict of the whole site
def test_api_page_documents_every_public_name(site: Path) -> None:
    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="(sahel_dataset[\w.]*)"', html))
    undocumented = [n for n in sahel_dataset.__all__ if not any(i.rsplit(".", 1)[-1] == n for i in ids)]
    assert not undocumented, f"public names missing from the API page: {undocumented}"
    # A doctest left to Markdown renders as nested quotes (">>>"), not code.
    assert 'class="language-pycon highlight"' in html and "<blockquote>" not in html, "doctests not shown as code"


@pytest.mark.slow  # mkdocs build --strict of the whole site
def test_top_level_documents_are_shown_with_site_links(site: Path) -> None:
    codebook = (site / "codebook" / "index.html").read_text(encoding="utf-8")
    assert 'id="date-precision-codes"' in codebook
    datasheet = (site / "datasheet" / "index.html").read_text(encoding="utf-8")
    assert 'href="../codebook/"' in datasheet and 'href="CODEBOOK.md"' not in datasheet


README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_is_a_landing_page() -> None:
    assert len(README.encode("utf-8")) <= 8 * 1024
    assert "![" in README, "the README shows a picture"


def test_readme_relative_links_resolve() -> None:
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)\s]*)?\)", README)
    local = [link for link in links if not re.match(r"[a-z]+://", link)]
    assert local, "the README links into docs/"
    assert not [link for link in local if not (ROOT / link).exists()]


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = 'python -m pip install -e ".[test]" && python -m pytest -m ""'
    assert command in ci.splitlines()
    assert f"```sh\n{command}\n```" in README
