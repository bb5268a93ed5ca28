"""The scripts in examples/ (shown in the README) run and print what they promise."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import sahel_dataset
from conftest import CHECKOUT as ROOT

EXAMPLES = ROOT / "examples"


def run(*args: str) -> str:
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False, cwd=EXAMPLES.parent)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_pandas_events_with_evidence() -> None:
    output = run(str(EXAMPLES / "pandas_events_evidence.py"))
    evidence = sahel_dataset.load("evidence")
    cited = evidence[evidence["record_table"] == "events"]
    for event_id in cited["record_id"].unique():
        assert event_id in output
    for text in cited["text"]:
        assert text in output


def test_polars_deployments_over_time() -> None:
    output = run(str(EXAMPLES / "polars_deployments.py"))
    assert "month" in output and "statements" in output
    deployments = sahel_dataset.load("deployments")
    hosts = sahel_dataset.load("locations").set_index("location_id")["name"]
    lines = output.splitlines()
    for day, host in deployments[["as_of_start", "host_location_id"]].itertuples(index=False):
        # each month's statements are listed under their own host country, never added across hosts
        assert any(f"{day:%Y-%m}" in line and f" {hosts[host]} " in line for line in lines)


def test_duckdb_actors_by_type() -> None:
    pytest.importorskip("duckdb")
    output = run(str(EXAMPLES / "duckdb_query.py"), str(EXAMPLES / "duckdb_actors.sql"))
    for actor_type in sahel_dataset.load("actors")["actor_type"].dropna().unique():
        assert str(actor_type) in output


# --- each example runs with the install its header states ---------------------------------------


def _requirement_names(requirements: list[str]) -> set[str]:
    from packaging.requirements import Requirement

    return {canonicalize_name(Requirement(r).name) for r in requirements}


def canonicalize_name(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _closure(names: set[str]) -> set[str]:
    """The distributions ``names`` bring with them when installed (their required dependencies)."""
    from importlib import metadata

    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for r in map(Requirement, requires):
            if r.marker is None or r.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(r.name))
    return seen


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_example_imports_only_what_its_install_line_brings(script: Path) -> None:
    import re
    import tomllib
    from importlib import metadata

    header = re.search(r'^Install: pip install "?sahel-dataset(?:\[([a-z,]+)\])?"?$',
                       script.read_text(encoding="utf-8"), re.M)
    assert header, f"{script.name}: no 'Install: pip install sahel-dataset[...]' line in its docstring"
    project = tomllib.loads((EXAMPLES.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = header.group(1).split(",") if header.group(1) else []
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    installed = _closure(_requirement_names(wanted))
    providers = metadata.packages_distributions()
    for module in _imports(script) - set(sys.stdlib_module_names) - {"sahel_dataset"}:
        dists = {canonicalize_name(d) for d in providers.get(module, [module])}
        assert dists & installed, f"{script.name} imports {module}, which `{header.group(0)}` does not install"
    # a private name is no API an example may rely on
    assert not re.search(r"from sahel_dataset\.\w+ import|sahel_dataset\._", script.read_text(encoding="utf-8"))


# --- the five questions of issue 14 --------------------------------------------------------------


def test_q1_troop_levels_over_time() -> None:
    output = run(str(EXAMPLES / "q1_troop_levels.py"))
    for row in sahel_dataset.troop_view().itertuples():
        assert f"{row.period}  {row.sender} in {row.host}:" in output
        assert f"statements: {row.deployment_ids}" in output
        if row.numbered_statements:
            assert f"low {row.count_low}," in output


def test_q2_when_the_withdrawal_completed() -> None:
    output = run(str(EXAMPLES / "q2_withdrawal_completed.py"))
    events = sahel_dataset.load("events")
    done = events[(events["event_type"] == "troop_withdrawal") & (events["status"] == "occurred")]
    assert len(done) >= 1
    evidence = sahel_dataset.load("evidence")
    for row in done.itertuples():
        assert f"when: {row.date_start:%Y-%m-%d} to {row.date_end:%Y-%m-%d}" in output
        for text in evidence[evidence["record_id"] == row.event_id]["text"]:
            assert text in output
    announced = events[(events["event_type"] == "troop_withdrawal") & (events["status"] != "occurred")]
    for event_id in announced["event_id"]:
        assert event_id not in output


def test_q3_who_said_what_about_russia() -> None:
    output = run(str(EXAMPLES / "q3_russia_quotes.py"))
    quotes = sahel_dataset.load("quotes")
    about = quotes["text"].str.contains("Russia|Wagner|Moscow")
    assert about.any()
    for row in quotes[about].itertuples():
        assert f'{row.source_id}: "{row.text}"' in output and row.speaker_text in output
    for quote_id in quotes[~about]["quote_id"]:
        assert f"[{quote_id}]" not in output


def test_q4_what_happened_in_agadez() -> None:
    output = run(str(EXAMPLES / "q4_agadez.py"))
    locations = sahel_dataset.load("locations")
    places = set(locations[locations["name"].str.contains("Agadez")]["location_id"])
    events = sahel_dataset.load("events")
    there = events[events["location_id"].isin(places)]
    assert len(there) >= 1
    for event_id in there["event_id"]:
        assert event_id in output
    for event_id in events[~events["location_id"].isin(places)]["event_id"]:
        assert f"[{event_id};" not in output


def test_q5_where_the_sources_disagree() -> None:
    output = run(str(EXAMPLES / "q5_disagreements.py"))
    evidence = sahel_dataset.load("evidence")
    for row in sahel_dataset.load("discrepancies").itertuples():
        assert f"{row.discrepancy_id} ({row.topic})" in output
        for side in evidence[evidence["record_id"] == row.discrepancy_id].itertuples():
            assert f'{side.field}: "{side.text}" ({side.source_id})' in output


def test_docs_questions_page_gives_the_call_each_example_makes() -> None:
    import re

    page = (EXAMPLES.parent / "docs" / "questions.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (\d)\. .*?```python\n(.*?)\n```.*?Script: `examples/(\w+\.py)`", page, re.M | re.S)
    assert [s[0] for s in sections] == ["1", "2", "3", "4", "5"]
    for _, call, script in sections:
        assert call in (EXAMPLES / script).read_text(encoding="utf-8"), (call, script)
        assert len(eval(call, {"sahel_dataset": sahel_dataset})) > 0  # the call runs and answers something


@pytest.mark.parametrize("script", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_examples_print_no_missing_value_markers_or_bad_plurals(script: str) -> None:
    """What a reader sees: no pandas <NA>/NaN/NaT, no Python None, no '1 spans'."""
    output = run(str(EXAMPLES / script))
    assert output.strip(), script
    for marker in ("<NA>", "NaT", "nan", "None"):
        assert not re.search(rf"(?<![\w.]){re.escape(marker)}(?!\w)", output), (script, marker)
    assert not re.search(r"(?<![\d.,])1 (spans|sources|rows|records|statements|quotes|events)\b", output), script
