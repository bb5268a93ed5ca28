"""The numbers and versions the documentation states are the ones the data, the code and
the benchmarks give (issue 22 item 7): a page cannot drift from what it describes."""

from __future__ import annotations

import json
import re

import pytest

import sahel_dataset
from conftest import ROOT

PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
HISTORY = {"changelog.md", "releases.md"}
"""Pages that state past versions on purpose (what each release shipped)."""

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15}


def _text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_every_schema_version_a_page_states_is_the_current_one() -> None:
    stated = []
    for page in PAGES:
        if page.name.lower() in HISTORY:
            continue
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"(?:schema |SCHEMA_VERSION\s+#\s*')(\d+-\d+-\d+)", text):
            stated.append((page.name, m.group(1)))
    assert stated, "the pages state the schema version somewhere"
    assert {v for _, v in stated} == {sahel_dataset.SCHEMA_VERSION}, stated


def test_the_version_line_a_page_shows_is_what_the_command_prints() -> None:
    from sahel_dataset.cli.commands.formats import version_text

    shown = re.findall(r"sahel-dataset --version\s+#\s*(.+)", _text("docs/formats.md"))
    assert shown == [version_text()]


def test_the_readme_counts_are_the_data() -> None:
    readme = _text("README.md")
    events = sahel_dataset.load("events")
    dated = int((events["date_start"].notna() | events["date_end"].notna()).sum())
    assert re.findall(r"The (\d+) dated events", readme) == [str(dated)]
    sources = len(sahel_dataset.load("sources"))
    for page in ("README.md", "docs/build.md"):
        assert [WORDS[w] for w in re.findall(r"\b(\w+) source articles", _text(page))] == [sources], page
    listed = len(re.findall(r"^\| `\w+` \|", readme.split("## The tables most people want")[1].split("##")[0], re.M))
    [more] = re.findall(r"^(\w+) more tables hold", readme, re.M)
    assert WORDS[more.lower()] == len(sahel_dataset.tables()) - listed


def test_the_test_suite_time_the_pages_state_was_measured() -> None:
    """'about a minute' is what benchmarks/suite_time.py measured, not a hope."""
    result = ROOT / "benchmarks" / "suite_time.json"
    if not result.is_file():
        pytest.fail("no measurement: run `python benchmarks/suite_time.py --write-docs`")
    measured = json.loads(result.read_text(encoding="utf-8"))
    for page in ("README.md", "CONTRIBUTING.md"):
        said = re.findall(r"about (?:a minute|\d+ minutes)", _text(page))
        assert said and set(said) == {measured["phrase"]}, (page, said, measured["phrase"])
