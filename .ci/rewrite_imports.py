"""Point every import and dotted name at where issue 23 moved modules and names (idempotent).

Run from the repository root after merging a branch written before the move:

    python .ci/rewrite_imports.py

It rewrites, in every Python file of ``src/``, ``tests/``, ``benchmarks/``, ``examples/`` and
``conftest.py``, the ``from ... import`` statements (relative or absolute) that name a moved
module or a name that moved to another module, keeping relative imports relative; then, in
those files and in the Markdown pages and ``mkdocs.yml``, dotted names
(``sahel_dataset.schema.table``) and source paths (``src/sahel_dataset/schema.py``) of the
moved modules. A second run changes nothing.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "sahel_dataset"

MODULES = {
    "sahel_dataset.schema": "sahel_dataset.core.schema",
    "sahel_dataset.constraints": "sahel_dataset.core.constraints",
    "sahel_dataset.errors": "sahel_dataset.core.errors",
    "sahel_dataset.pipeline.dtypes": "sahel_dataset.core.dtypes",
    "sahel_dataset.utils.hashing": "sahel_dataset.core.hashing",
    "sahel_dataset.utils.atomic": "sahel_dataset.core.atomic",
    "sahel_dataset.fetch": "sahel_dataset._fetch",
}
"""Whole modules moved (``git mv``): old dotted name -> new."""

SHADOWED = {"sahel_dataset.fetch"}
"""Old module names that are now a function of the same name (``sahel_dataset.fetch()``): rewritten
only where they are clearly the module (an attribute read, ``fetch.CACHE_ENV``), never as a value."""

NAMES = {
    ("sahel_dataset.load", "convert"): "sahel_dataset.pipeline.dtypes",
    ("sahel_dataset.load", "read_descriptor"): "sahel_dataset.core.descriptor",
    ("sahel_dataset.load", "MAX_DESCRIPTOR"): "sahel_dataset.core.descriptor",
    ("sahel_dataset.load", "PACKAGE_DIR"): "sahel_dataset.core.descriptor",
    ("sahel_dataset.catalog", "PACKAGE_DIR"): "sahel_dataset.core.descriptor",
    ("sahel_dataset.catalog", "annotate"): "sahel_dataset.load",
    ("sahel_dataset.catalog", "release_schema_version"): "sahel_dataset.load",
    ("sahel_dataset.curation.datasheet", "row_counts"): "sahel_dataset.catalog",
    ("sahel_dataset.curation.codebook", "Raw"): "sahel_dataset.curation.markdown",
    ("sahel_dataset.curation.codebook", "md_table"): "sahel_dataset.curation.markdown",
    ("sahel_dataset.curation.codebook", "cell"): "sahel_dataset.curation.markdown",
    **{("sahel_dataset.fetch", n): "sahel_dataset.core.registry"
       for n in ("REGISTRY", "SUMS", "archive_name", "read_registry", "known_versions", "add_to_registry")},
}
"""Names moved out of a module that stays: (old module, name) -> new module."""


def _package_of(path: Path) -> list[str] | None:
    """The dotted package a file under ``src/`` belongs to (``None`` elsewhere)."""
    try:
        parts = path.relative_to(ROOT / "src").with_suffix("").parts
    except ValueError:
        return None
    return list(parts[:-1])


def _absolute(node: ast.ImportFrom, package: list[str] | None) -> str | None:
    if node.level == 0:
        return node.module
    if package is None:
        return None
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _spelled(target: str, package: list[str] | None, relative: bool) -> str:
    """``target`` as a ``from`` clause: relative to ``package`` when the original was."""
    if not relative or package is None:
        return target
    parts = target.split(".")
    common = 0
    while common < min(len(parts), len(package)) and parts[common] == package[common]:
        common += 1
    return "." * (len(package) - common + 1) + ".".join(parts[common:])


def _target(module: str, name: str, text: str = "") -> tuple[str, str]:
    """Where ``from module import name`` must now import from (module, name); ``text`` is the
    importing file, which tells a shadowed module (:data:`SHADOWED`) from the function."""
    full = f"{module}.{name}"
    if full in SHADOWED and not re.search(rf"(?<![\w.]){re.escape(name)}\.[A-Za-z_]", text):
        return module, name
    if full in MODULES:  # ``from . import schema``: the submodule itself moved
        new = MODULES[full]
        return new.rpartition(".")[0], new.rpartition(".")[2]
    if (module, name) in NAMES:
        return MODULES.get(NAMES[(module, name)], NAMES[(module, name)]), name
    return MODULES.get(module, module), name


def rewrite_imports(text: str, package: list[str] | None) -> str:
    """``text`` with its ``from`` imports of moved modules and names pointed at their new place.

    >>> rewrite_imports("from .schema import table\\n", ["sahel_dataset"])
    'from .core.schema import table\\n'
    >>> rewrite_imports("from ..load import PACKAGE_DIR, load\\n", ["sahel_dataset", "curation"])
    'from ..core.descriptor import PACKAGE_DIR\\nfrom ..load import load\\n'
    >>> rewrite_imports("from ..errors import DataError\\n", ["sahel_dataset", "core"])
    'from .errors import DataError\\n'
    >>> rewrite_imports("from sahel_dataset import fetch\\nfetch.CACHE_ENV\\n", None)
    'from sahel_dataset import _fetch as fetch\\nfetch.CACHE_ENV\\n'
    >>> rewrite_imports("from sahel_dataset import fetch\\nfetch('0.1.0')\\n", None)
    "from sahel_dataset import fetch\\nfetch('0.1.0')\\n"
    """
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        module = _absolute(node, package)
        if module is None or not (module == PACKAGE or module.startswith(PACKAGE + ".")):
            continue
        groups: dict[str, list[str]] = {}
        for alias in node.names:
            where, name = _target(module, alias.name, text)
            asname = alias.asname or (alias.name if name != alias.name else None)
            groups.setdefault(where, []).append(name + (f" as {asname}" if asname else ""))
        if list(groups) == [module] and all(_target(module, a.name, text)[1] == a.name for a in node.names):
            continue
        indent = " " * node.col_offset
        new = f"\n{indent}".join(
            f"from {_spelled(where, package, node.level > 0)} import {', '.join(names)}"
            for where, names in groups.items()
        )
        edits.append((node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, new))
    for line, col, end_line, end_col, new in sorted(edits, reverse=True):
        head = lines[line - 1][:col]
        tail = lines[end_line - 1][end_col:]
        lines[line - 1 : end_line] = [head + new + tail]
    return "".join(lines)


def _dotted(old: str) -> re.Pattern[str]:
    if old in SHADOWED:  # only an attribute read of the module: ``sahel_dataset.fetch.FetchError``
        return re.compile(r"(?<![\w.])" + re.escape(old) + r"(?=\.[A-Za-z_])")
    return re.compile(r"(?<![\w.])" + re.escape(old) + r"(?![\w])")


def _path(old: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])" + re.escape(old.replace(".", "/")) + r"\.py\b")


def rewrite_names(text: str) -> str:
    """Dotted names and source paths of moved modules in prose, doctests and pages.

    >>> rewrite_names("see sahel_dataset.schema.table and src/sahel_dataset/utils/atomic.py")
    'see sahel_dataset.core.schema.table and src/sahel_dataset/core/atomic.py'
    >>> rewrite_names("sahel_dataset.core.schema") == "sahel_dataset.core.schema"
    True
    >>> rewrite_names(">>> from sahel_dataset import schema")
    '>>> from sahel_dataset.core import schema'
    >>> rewrite_names("sahel_dataset.fetch.FetchError, not sahel_dataset.fetch or sahel_dataset.fetch(v)")
    'sahel_dataset._fetch.FetchError, not sahel_dataset.fetch or sahel_dataset.fetch(v)'

    """
    for old, new in MODULES.items():
        parent, _, name = old.rpartition(".")
        # ``from sahel_dataset import schema`` in a doctest (real imports are rewritten from the AST)
        new_parent, _, new_name = new.rpartition(".")
        alias = f" as {name}" if new_name != name else ""
        if old not in SHADOWED:
            text = re.sub(rf"\bfrom {re.escape(parent)} import {name}$",
                          f"from {new_parent} import {new_name}{alias}", text, flags=re.MULTILINE)
        text = _dotted(old).sub(new, text)
        text = _path(old).sub(new.replace(".", "/") + ".py", text)
    return text


def files() -> list[Path]:
    found = [ROOT / n for n in ("conftest.py", "mkdocs.yml", "pyproject.toml", "README.md", "CONTRIBUTING.md")]
    for folder in ("src", "tests", "benchmarks", "examples", "docs"):
        found += sorted((ROOT / folder).rglob("*.py")) + sorted((ROOT / folder).rglob("*.md"))
    return [p for p in found if p.is_file() and "datapackage" not in p.parts and ".venv" not in p.parts]


def main() -> int:
    changed = []
    for path in files():
        text = path.read_text(encoding="utf-8")
        new = rewrite_imports(text, _package_of(path)) if path.suffix == ".py" else text
        new = rewrite_names(new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path.relative_to(ROOT).as_posix())
    print("\n".join(changed) or "nothing to rewrite")
    return 0


if __name__ == "__main__":
    sys.exit(main())
