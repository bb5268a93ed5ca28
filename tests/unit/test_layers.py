"""The layers of the tree, and no import cycle anywhere.

Every module of ``src/sahel_dataset`` belongs to one layer, and imports (at module level, in
a function, or under ``TYPE_CHECKING``) only from its own layer and those it may use:

    core  <-  readers (load, catalog, fetch, views, ...)
    core  <-  pipeline (build, validate, release; backends; project)
    core, readers, pipeline  <-  curation
    everything above  <-  tools (cli, publish, plots, regenerate)

The readers and the pipeline are siblings: neither imports the other, so that loading data
never pulls in the build and the build never reaches up into what users call. The package's
``__init__`` (the user API, with its deprecated names) may import from any layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import CHECKOUT as ROOT

PACKAGE = ROOT / "src" / "sahel_dataset"

LAYERS = {
    "core": ("_version", "core", "utils", "annotations"),
    "readers": ("load", "catalog", "_fetch", "unpack", "views", "diff", "explore"),
    "pipeline": ("pipeline", "backends", "project", "maintain"),
    "curation": ("curation",),
    "tools": ("cli", "publish", "plots", "regenerate"),
}
"""Layer -> the top-level modules and subpackages of ``sahel_dataset`` in it (``annotations`` and
``unpack`` are modules of branches merged with this one)."""

MAY_USE = {
    "core": {"core"},
    "readers": {"core", "readers"},
    "pipeline": {"core", "pipeline"},
    "curation": {"core", "readers", "pipeline", "curation"},
    "tools": {"core", "readers", "pipeline", "curation", "tools"},
}
"""Layer -> the layers its modules may import from."""


def module_name(path: Path, package: Path) -> str:
    """``.../sahel_dataset/pipeline/read.py`` -> ``sahel_dataset.pipeline.read``."""
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports, anywhere in its file."""
    paths = {module_name(p, package): p for p in package.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
                for alias in node.names:  # `from . import schema` imports the module schema
                    found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in paths else module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m in paths and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import each other, directly or around a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def layer_of(module: str) -> str | None:
    """``sahel_dataset.pipeline.read`` -> ``pipeline``; the package itself -> ``api``."""
    parts = module.split(".")[1:]
    if not parts:
        return "api"
    for layer, members in LAYERS.items():
        if parts[0] in members:
            return layer
    return None


def upward(graph: dict[str, set[str]]) -> dict[str, list[str]]:
    """Module -> the imports its layer may not use."""
    wrong = {}
    for module, imported in graph.items():
        layer = layer_of(module)
        if layer in ("api", None):  # a module with no layer is reported by its own test
            continue
        bad = sorted(m for m in imported if layer_of(m) not in MAY_USE[layer])
        if bad:
            wrong[module] = bad
    return wrong


GRAPH = module_graph(PACKAGE)


def test_imports_are_resolved_as_python_resolves_them() -> None:
    # pipeline/rules.py imports `.dates` (a sibling) and `..core.errors` (the core's).
    assert {"sahel_dataset.pipeline.dates", "sahel_dataset.core.errors"} <= GRAPH["sahel_dataset.pipeline.rules"]
    # load.py imports `fetch` inside a function only.
    assert "sahel_dataset._fetch" in GRAPH["sahel_dataset.load"]


def test_every_module_belongs_to_a_layer() -> None:
    lost = sorted(m for m in GRAPH if layer_of(m) is None)
    assert not lost, f"add these to LAYERS in tests/unit/test_layers.py: {lost}"


def test_no_layer_imports_above_itself() -> None:
    assert len(GRAPH) > 80
    assert not upward(GRAPH)


def test_no_import_cycle() -> None:
    assert not cycles(GRAPH)


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "sahel_dataset"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_a_planted_cycle_through_a_function_import_is_found(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/schema.py": "def f():\n    from .constraints import walk\n",
        "core/constraints.py": "from . import schema\n",
        "load.py": "from .core import schema\n",
    })
    graph = module_graph(package)
    assert cycles(graph) == [["sahel_dataset.core.constraints", "sahel_dataset.core.schema"]]
    assert not upward(graph)


@pytest.mark.parametrize(("module", "imports"), [
    ("core/schema.py", "from ..load import load"),  # core reaching up to a reader
    ("pipeline/read.py", "from ..fetch import fetch_release"),  # the pipeline reaching into a reader
    ("load.py", "from .pipeline import build"),  # a reader reaching into the pipeline
    ("pipeline/read.py", "from ..curation import draft"),
])
def test_a_planted_upward_import_is_found(tmp_path: Path, module: str, imports: str) -> None:
    package = _package(tmp_path, {
        "__init__.py": "", "core/__init__.py": "", "core/schema.py": "", "load.py": "", "fetch.py": "",
        "pipeline/__init__.py": "", "pipeline/read.py": "", "curation/__init__.py": "", "curation/draft.py": "",
    })
    (package / module).write_text(f"def f():\n    {imports}\n", encoding="utf-8")
    assert list(upward(module_graph(package))) == [module_name(package / module, package)]
