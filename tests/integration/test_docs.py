"""The documentation: the site builds in strict mode, and the README's links and commands hold."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sahel_dataset
from conftest import CHECKOUT as ROOT

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


# What a newcomer copies from the documents: commands, options, source paths and module names.
DOCUMENTS = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
             for p in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]}


def _code(text: str) -> list[str]:
    """The code of a Markdown text: fenced blocks (without their comments), then inline spans:
    what a reader runs or looks up."""
    blocks = [re.sub(r"(?:^|\s)#.*", "", b)
              for b in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)]
    rest = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
    return blocks + re.findall(r"`([^`\n]+)`", rest)


def _cli() -> dict[str, set[str]]:
    """Every command of the CLI with the options it takes."""
    import typer.main

    from sahel_dataset.cli.app import app

    group = typer.main.get_command(app)
    commands = {name: group.get_command(None, name) for name in group.list_commands(None)}  # type: ignore[arg-type]
    return {name: {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)} | {"--help"}
            for name, cmd in commands.items() if cmd is not None}


def _invocations(text: str) -> list[tuple[str, list[str]]]:
    """Each ``sahel-dataset COMMAND ...`` in the code of ``text``: the command and its ``--options``."""
    found = []
    for code in _code(text):
        for m in re.finditer(r"(?<![\w/.-])sahel-dataset[ \t]+([a-z][\w-]*)([^\n&|;#`]*)", code):
            found.append((m.group(1), re.findall(r"(?<![\w-])--[a-z][\w-]*", m.group(2))))
    return found


def test_invocations_are_found() -> None:
    # The parser itself: a stale command or option in a document would be seen.
    text = ("Run `sahel-dataset validate --full`.\n\n```sh\nsahel-dataset bogus x && sahel-dataset build --out b"
            "  # the sahel-dataset command\n```\n")
    assert _invocations(text) == [("bogus", []), ("build", ["--out"]), ("validate", ["--full"])]


def test_documents_name_only_real_commands_and_options() -> None:
    cli = _cli()
    assert {"build", "validate", "draft", "accept", "serve"} <= set(cli)
    seen: set[str] = set()
    stale = []
    for name, text in DOCUMENTS.items():
        for command, options in _invocations(text):
            seen.add(command)
            if command not in cli:
                stale.append(f"{name}: sahel-dataset {command} (no such command)")
            else:
                stale += [f"{name}: sahel-dataset {command} {o} (no such option)" for o in options
                          if o not in cli[command]]
    assert not stale, "\n".join(stale)
    assert len(seen) >= 15, f"only {sorted(seen)} found: is the parser broken?"


def test_documents_name_only_real_files_and_modules() -> None:
    layers = "core|pipeline|curation|cli|backends|plots|publish|utils"
    stale = []
    for name, text in DOCUMENTS.items():
        for m in re.finditer(r"(?<![\w/.])((?:src|tests|benchmarks|examples)/[\w/.-]*\w)", text):
            if not (ROOT / m.group(1)).exists():
                stale.append(f"{name}: {m.group(1)}")
        for m in re.finditer(rf"(?<![\w/.])(?:sahel_dataset/)?((?:{layers})/[\w/]+\.py)", text):
            if not (ROOT / "src" / "sahel_dataset" / m.group(1)).is_file():
                stale.append(f"{name}: {m.group(0)}")
        for dotted in set(re.findall(r"(?<![\w.])sahel_dataset(?:\.\w+)+", text)):
            if not _resolves(dotted):
                stale.append(f"{name}: {dotted}")
    assert not stale, "\n".join(stale)


def _resolves(dotted: str) -> bool:
    """``sahel_dataset.a.b.c`` names a module, or an attribute of the longest module prefix.

    A module is found, not imported: ``sahel_dataset.backends.spark`` exists without pyspark."""
    import importlib
    import importlib.util

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            spec = importlib.util.find_spec(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        if spec is None:
            continue
        if i == len(parts):
            return True
        obj = importlib.import_module(".".join(parts[:i]))
        return all((obj := getattr(obj, attr, None)) is not None for attr in parts[i:])
    return False
