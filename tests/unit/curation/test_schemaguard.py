"""The schema change guard: every rule on constructed schemas, and the real repository."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import CHECKOUT as ROOT
from sahel_dataset.curation.schemaguard import bump, check, check_project, compare, load_schemas

BASE: dict[str, Any] = {
    "t": {
        "name": "t", "description": "A table.", "primaryKey": ["id"],
        "fields": [
            {"name": "id", "type": "string", "description": "Id.", "constraints": {"required": True, "unique": True}},
            {"name": "n", "type": "integer", "description": "Count.", "constraints": {"minimum": 0, "maximum": 10}},
            {"name": "s", "type": "string", "description": "Text.", "constraints": {"maxLength": 50, "minLength": 1,
                                                                                   "pattern": "^[a-z]+$"}},
            {"name": "e", "type": "string", "description": "Kind.", "constraints": {"enum": ["a", "b"]}},
            {"name": "o", "type": "string", "description": "Other id."},
        ],
        "foreignKeys": [{"fields": ["o"], "reference": {"resource": "u", "fields": ["id"]}}],
    },
    "u": {"name": "u", "fields": [{"name": "id", "type": "string"}]},
}


def _field(schemas: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in schemas["t"]["fields"] if f["name"] == name)


def _edit(fn: Any) -> dict[str, Any]:
    new = copy.deepcopy(BASE)
    fn(new)
    return new


def _constraint(field: str, key: str, value: Any) -> Any:
    def fn(s: dict[str, Any]) -> None:
        c = _field(s, field).setdefault("constraints", {})
        if value is None:
            c.pop(key, None)
        else:
            c[key] = value
    return fn


CASES = [
    # (id, edit, level, column)
    ("remove-column", lambda s: s["t"]["fields"].pop(1), "model", "n"),
    ("rename-column", lambda s: _field(s, "n").update(name="count"), "model", "n"),
    ("change-type", lambda s: _field(s, "n").update(type="number"), "model", "n"),
    ("remove-table", lambda s: s.pop("u"), "model", None),
    ("new-required", _constraint("o", "required", True), "model", "o"),
    ("new-unique", _constraint("s", "unique", True), "model", "s"),
    ("narrower-minimum", _constraint("n", "minimum", 1), "model", "n"),
    ("narrower-maximum", _constraint("n", "maximum", 5), "model", "n"),
    ("new-maximum", _constraint("o", "maxLength", 5), "model", "o"),
    ("narrower-maxLength", _constraint("s", "maxLength", 20), "model", "s"),
    ("narrower-minLength", _constraint("s", "minLength", 2), "model", "s"),
    ("changed-pattern", _constraint("s", "pattern", "^[a-z]{2,}$"), "model", "s"),
    ("enum-value-removed", _constraint("e", "enum", ["a"]), "model", "e"),
    ("new-enum", _constraint("o", "enum", ["x"]), "model", "o"),
    ("new-required-column", lambda s: s["t"]["fields"].append(
        {"name": "r", "type": "string", "constraints": {"required": True}}), "model", "r"),
    ("primary-key-changed", lambda s: s["t"].update(primaryKey=["id", "n"]), "model", None),
    ("new-foreign-key", lambda s: s["t"]["foreignKeys"].append(
        {"fields": ["s"], "reference": {"resource": "u", "fields": ["id"]}}), "model", None),
    ("new-table", lambda s: s.update(v={"name": "v", "fields": []}), "addition", None),
    ("new-optional-column", lambda s: s["t"]["fields"].append({"name": "x", "type": "string"}), "addition", "x"),
    ("enum-value-added", _constraint("e", "enum", ["a", "b", "c"]), "addition", "e"),
    ("wider-maximum", _constraint("n", "maximum", 100), "addition", "n"),
    ("minimum-removed", _constraint("n", "minimum", None), "addition", "n"),
    ("pattern-removed", _constraint("s", "pattern", None), "addition", "s"),
    ("unique-removed", _constraint("id", "unique", False), "addition", "id"),
    ("required-removed", _constraint("id", "required", False), "addition", "id"),
    ("foreign-key-removed", lambda s: s["t"].pop("foreignKeys"), "addition", None),
    ("description-only", lambda s: _field(s, "n").update(description="How many."), "revision", "n"),
    ("table-description", lambda s: s["t"].update(description="The table."), "revision", None),
]


@pytest.mark.parametrize(("edit", "level", "column"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_classifies_the_change(edit: Any, level: str, column: str | None) -> None:
    changes = compare(BASE, _edit(edit))
    assert changes, "the change must be seen"
    assert max(changes, key=lambda c: {"revision": 0, "addition": 1, "model": 2}[c.level]).level == level
    if column:
        assert any(c.column == column for c in changes)


def _log(*words: str) -> str:
    return "# Changelog\n\n## [Unreleased]\n- " + ", ".join(f"`{w}`" for w in words) + "\n\n## [1.0.0]\n- t n s e o\n"


@pytest.mark.parametrize(("edit", "level", "column"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bump_rules(edit: Any, level: str, column: str | None) -> None:
    new = _edit(edit)
    words = ["t", "u", "v", column or "t", "n", "o", "r", "x", "s", "e", "id", "count"]
    no_bump = check("1-0-0", BASE, "1-0-0", new, _log(*words))[1]
    addition = check("1-0-0", BASE, "1-0-1", new, _log(*words))[1]
    model = check("1-0-0", BASE, "2-0-0", new, _log(*words))[1]
    assert model == []
    if level == "model":
        assert no_bump and addition and "needs a MODEL bump" in addition[0]
    elif level == "addition":
        assert no_bump and "at least an ADDITION bump" in no_bump[0]
        assert addition == []
        assert check("1-0-0", BASE, "1-1-0", new, _log(*words))[1] == []  # REVISION bump also counts
    else:
        assert no_bump == [] and addition == []


def test_changelog_must_name_the_changed_column() -> None:
    new = _edit(_constraint("e", "enum", ["a", "b", "c"]))
    _, problems = check("1-0-0", BASE, "1-0-1", new, _log("t"))
    assert problems == ["CHANGELOG.md [Unreleased] does not name 'e' (enum value(s) added: c)"]
    # A name that only appears in a released section does not count.
    _, problems = check("1-0-0", BASE, "1-0-1", new, "## [Unreleased]\n- nothing\n## [1.0.0]\n- t e\n")
    assert len(problems) == 2
    assert check("1-0-0", BASE, "1-0-1", new, _log("t", "e"))[1] == []


def test_version_going_down_is_a_problem() -> None:
    assert "went down" in check("2-0-0", BASE, "1-0-0", BASE, "")[1][0]
    assert bump("1-0-0", "1-0-0") is None


def test_real_repository_passes_without_a_snapshot() -> None:
    """No release exists yet, so there is nothing to compare: the check passes and says so."""
    report = check_project(ROOT)
    if report["released"] is None:
        assert "no released schema snapshot" in report["summary"]
    assert report["ok"], report["problems"]


def _fake_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "schema" / "v1", root / "schema" / "releases" / "0.1.0")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n\n## [0.1.0]\n", encoding="utf-8")
    return root


def test_real_schema_against_its_own_snapshot_passes(tmp_path: Path) -> None:
    report = check_project(_fake_repo(tmp_path))
    assert report["released"] == "0.1.0" and report["ok"] and report["changes"] == []


def test_breaking_change_against_a_snapshot_fails_and_the_cli_exits_1(tmp_path: Path) -> None:
    root = _fake_repo(tmp_path)
    snap = root / "schema" / "releases" / "0.1.0" / "deployments.json"
    desc = json.loads(snap.read_text(encoding="utf-8"))
    # The snapshot had an extra enum value that the current schema lacks: a removal.
    field = next(f for f in desc["fields"] if f["name"] == "status")
    field["constraints"]["enum"].append("vanished")
    snap.write_text(json.dumps(desc), encoding="utf-8")
    report = check_project(root)
    assert not report["ok"]
    assert any("enum value(s) removed: vanished" in p and "MODEL" in p for p in report["problems"])
    assert any("does not name 'deployments'" in p for p in report["problems"])
    cli = Path(sys.executable).parent / "sahel-dataset"
    (root / "data").mkdir()
    (root / "seeds").mkdir()
    (root / "seeds" / "manifest.csv").write_text("file,sha256,bytes\n")
    result = subprocess.run([str(cli), "schema-check", "--project", str(root)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "vanished" in result.stdout + result.stderr


def test_load_schemas_reads_the_real_folder() -> None:
    version, tables = load_schemas(ROOT / "schema" / "v1")
    assert version.count("-") == 2 and "events" in tables
