"""Schema change guard: compare ``schema/`` with the schema of the last release.

Every difference between two sets of Table Schemas is classified:

- **model** (breaking): a removed or renamed table or column, a changed type, a
  new required column, a tightened constraint (``required`` or ``unique`` added,
  a higher ``minimum``/``minLength``, a lower ``maximum``/``maxLength``, a new or
  changed ``pattern``, an enum value removed or a new ``enum``), a changed
  primary key, a new or changed foreign key;
- **addition**: a new table, a new optional column, a new enum value, a
  loosened or removed constraint, a removed foreign key;
- **revision**: anything else (descriptions, titles, examples, ``x-`` notes).

The SchemaVer in ``schemaver.json`` (MODEL-REVISION-ADDITION) must then have
moved by at least as much: a model change needs a MODEL bump, an addition at
least an ADDITION bump (a REVISION or MODEL bump also counts), a revision needs
nothing. And the ``[Unreleased]`` section of ``CHANGELOG.md`` must name every
changed table and column.

The schema of a release is a snapshot in ``schema/releases/<version>/``, written by
``sahel-dataset release --snapshot``. With no snapshot (nothing released yet)
there is nothing to compare and the check passes.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.constraints import KINDS

RANK = {"revision": 0, "addition": 1, "model": 3}
"""How strong a change is; a SchemaVer bump ranks MODEL 3, REVISION 2, ADDITION 1."""


@dataclass(frozen=True)
class Change:
    """One difference between two schemas."""

    level: str  # model, addition or revision
    table: str
    column: str | None
    message: str


def load_schemas(folder: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    """The SchemaVer and the Table Schemas (by table name) of a schema folder."""
    tables = {}
    for p in sorted(folder.glob("*.json")):
        if p.name == "schemaver.json":
            continue
        d = json.loads(p.read_text(encoding="utf-8"))
        tables[d.get("name", p.stem)] = d
    version = json.loads((folder / "schemaver.json").read_text(encoding="utf-8"))["schema_version"]
    return version, tables


def _constraint_changes(table: str, col: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out = []

    def add(level: str, msg: str) -> None:
        out.append(Change(level, table, col, msg))

    for key in ("required", "unique"):
        a, b = bool(old.get(key)), bool(new.get(key))
        if a != b:
            add("model" if b else "addition", f"{key} {'added' if b else 'removed'}")
    # Lower bounds first, then upper bounds; a raised lower or a lowered upper bound tightens.
    for kind in sorted((k for k in KINDS if k.bound), key=lambda k: k.bound == "upper"):
        key = kind.key
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if a is None:
            add("model", f"{key} {b} added")
        elif b is None:
            add("addition", f"{key} {a} removed")
        else:
            add("model" if (b > a if kind.bound == "lower" else b < a) else "addition", f"{key} {a} -> {b}")
    a, b = old.get("pattern"), new.get("pattern")
    if a != b:
        if b is None:
            add("addition", "pattern removed")
        else:
            add("model", f"pattern {'added' if a is None else 'changed'}: {b}")
    a, b = old.get("enum"), new.get("enum")
    if a != b:
        if a is None:
            add("model", "enum added")
        elif b is None:
            add("addition", "enum removed")
        else:
            gone, new_values = [v for v in a if v not in b], [v for v in b if v not in a]
            if gone:
                add("model", f"enum value(s) removed: {', '.join(map(str, gone))}")
            if new_values:
                add("addition", f"enum value(s) added: {', '.join(map(str, new_values))}")
            if not gone and not new_values:
                add("revision", "enum values reordered")
    for key in sorted((old.keys() | new.keys()) - {"required", "unique", *(k.key for k in KINDS)}):
        if old.get(key) != new.get(key):
            add("model", f"constraint {key} changed")
    return out


def compare(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[Change]:
    """Every difference between two sets of Table Schemas, classified.

    >>> f = lambda **c: {"name": "n", "type": "integer", "constraints": c}
    >>> old = {"t": {"name": "t", "fields": [f(minimum=0)]}}
    >>> [c.level for c in compare(old, {"t": {"name": "t", "fields": [f(minimum=1)]}})]
    ['model']
    >>> [c.level for c in compare(old, {"t": {"name": "t", "fields": [f()]}})]
    ['addition']
    """
    changes = []
    for name in sorted(old.keys() - new.keys()):
        changes.append(Change("model", name, None, "table removed"))
    for name in sorted(new.keys() - old.keys()):
        changes.append(Change("addition", name, None, "table added"))
    for name in sorted(old.keys() & new.keys()):
        a, b = old[name], new[name]
        fa = {f["name"]: f for f in a.get("fields", [])}
        fb = {f["name"]: f for f in b.get("fields", [])}
        for col in [c for c in fa if c not in fb]:
            changes.append(Change("model", name, col, "column removed or renamed"))
        for col in [c for c in fb if c not in fa]:
            required = fb[col].get("constraints", {}).get("required", False)
            changes.append(Change("model" if required else "addition", name, col,
                                  "required column added" if required else "optional column added"))
        for col in [c for c in fa if c in fb]:
            x, y = fa[col], fb[col]
            if x.get("type") != y.get("type"):
                changes.append(Change("model", name, col, f"type {x.get('type')} -> {y.get('type')}"))
            if x.get("format") != y.get("format"):
                changes.append(Change("model", name, col, "format changed"))
            changes.extend(_constraint_changes(name, col, x.get("constraints", {}), y.get("constraints", {})))
            rest = {k for k in x.keys() | y.keys() if k not in ("name", "type", "format", "constraints")}
            if any(x.get(k) != y.get(k) for k in rest):
                changes.append(Change("revision", name, col, "description or notes changed"))
        if [f for f in fa if f in fb] != [f for f in fb if f in fa]:
            changes.append(Change("model", name, None, "column order changed"))
        if a.get("primaryKey") != b.get("primaryKey"):
            changes.append(Change("model", name, None, "primary key changed"))
        fka = [json.dumps(k, sort_keys=True) for k in a.get("foreignKeys", [])]
        fkb = [json.dumps(k, sort_keys=True) for k in b.get("foreignKeys", [])]
        if set(fkb) - set(fka):
            changes.append(Change("model", name, None, "foreign key added or changed"))
        if set(fka) - set(fkb) and not set(fkb) - set(fka):
            changes.append(Change("addition", name, None, "foreign key removed"))
        rest = {k for k in a.keys() | b.keys() if k not in ("fields", "primaryKey", "foreignKeys")}
        if any(a.get(k) != b.get(k) for k in rest):
            changes.append(Change("revision", name, None, "table description or notes changed"))
    return changes


def parse_schemaver(v: str) -> tuple[int, int, int]:
    """``'1-0-2'`` -> ``(1, 0, 2)``.

    >>> parse_schemaver("2-1-0")
    (2, 1, 0)
    """
    m = re.fullmatch(r"(\d+)-(\d+)-(\d+)", v)
    if not m:
        raise ValueError(f"not a SchemaVer MODEL-REVISION-ADDITION: {v!r}")
    return (int(m[1]), int(m[2]), int(m[3]))


def bump(old: str, new: str) -> str | None:
    """Which SchemaVer part moved from ``old`` to ``new`` (``None``: unchanged).

    >>> bump("1-0-0", "1-0-1"), bump("1-0-3", "1-1-0"), bump("1-2-3", "2-0-0"), bump("1-0-0", "1-0-0")
    ('addition', 'revision', 'model', None)
    """
    a, b = parse_schemaver(old), parse_schemaver(new)
    if b < a:
        raise ValueError(f"schema version went down: {old} -> {new}")
    if b[0] > a[0]:
        return "model"
    if b[1] > a[1]:
        return "revision"
    if b[2] > a[2]:
        return "addition"
    return None


BUMP_RANK = {None: 0, "addition": 1, "revision": 2, "model": 3}


def unreleased(changelog: str) -> str:
    """The text of the ``## [Unreleased]`` section of a Keep-a-Changelog file.

    >>> unreleased("# C\\n## [Unreleased]\\n- x\\n## [1.0.0]\\n- y\\n").strip()
    '- x'
    """
    m = re.search(r"^## \[Unreleased\][^\n]*\n(.*?)(?=^## |\Z)", changelog, flags=re.M | re.S)
    return m.group(1) if m else ""


def check(old_version: str, old: dict[str, dict[str, Any]], new_version: str, new: dict[str, dict[str, Any]],
          changelog: str) -> tuple[list[Change], list[str]]:
    """The changes and the problems with them: a missing version bump, and changed
    tables or columns that the CHANGELOG's ``[Unreleased]`` section does not name.

    >>> t = {"t": {"name": "t", "fields": [{"name": "a", "type": "string"}]}}
    >>> u = {"t": {"name": "t", "fields": [{"name": "b", "type": "string"}]}}
    >>> check("1-0-0", t, "1-0-1", u, "## [Unreleased]\\n- renamed t.a to b\\n")[1]
    ['t.a: column removed or renamed: a model change needs a MODEL bump (1-0-0 -> 1-0-1 is an addition bump)']
    """
    changes = compare(old, new)
    problems = []
    try:
        moved = bump(old_version, new_version)
    except ValueError as e:
        return changes, [str(e)]
    for c in changes:
        needed = c.level
        if needed == "revision":
            continue
        if BUMP_RANK[moved] < (3 if needed == "model" else 1):
            what = f"{old_version} -> {new_version} is " + (f"an {moved} bump" if moved == "addition" else
                                                             f"a {moved} bump" if moved else "no bump")
            name = f"{c.table}.{c.column}" if c.column else c.table
            need = "a MODEL bump" if needed == "model" else "at least an ADDITION bump"
            problems.append(f"{name}: {c.message}: a {needed} change needs {need} ({what})")
    text = unreleased(changelog)
    named: set[str] = set()
    for c in changes:
        if c.level == "revision":
            continue
        for word in (c.table, c.column):
            if word and word not in named and not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                problems.append(f"CHANGELOG.md [Unreleased] does not name {word!r} ({c.message})")
                named.add(word)
    return changes, problems


def last_snapshot(root: Path) -> tuple[str, Path] | None:
    """The newest ``schema/releases/<version>/`` (by version number), if any."""
    base = root / "schema" / "releases"
    if not base.is_dir():
        return None
    found = [(p.name, p) for p in base.iterdir() if p.is_dir() and re.fullmatch(r"\d+\.\d+\.\d+", p.name)]
    if not found:
        return None
    return max(found, key=lambda vp: tuple(int(x) for x in vp[0].split(".")))


def check_project(root: Path) -> dict[str, Any]:
    """Run the guard on a checkout: the current schema against the last snapshot.

    >>> from sahel_dataset.project import Project
    >>> check_project(Project.find().root)["ok"]
    True
    """
    from ..core import schema

    new_version, new = load_schemas(schema.schema_dir())
    snap = last_snapshot(root)
    if snap is None:
        return {"ok": True, "released": None, "changes": [], "problems": [],
                "summary": f"schema {new_version}: no released schema snapshot in schema/releases/ yet, "
                           "nothing to compare (the first `sahel-dataset release --snapshot` creates one)"}
    release, folder = snap
    old_version, old = load_schemas(folder)
    changelog_path = root / "CHANGELOG.md"
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.is_file() else ""
    changes, problems = check(old_version, old, new_version, new, changelog)
    summary = (f"schema {old_version} (release {release}) -> {new_version}: {len(changes)} change(s), "
               f"{len(problems)} problem(s)")
    return {"ok": not problems, "released": release, "changes": [asdict(c) for c in changes],
            "problems": problems, "summary": summary}
