"""The layers of the tree: the pipeline depends on no tool built on top of it."""

from __future__ import annotations

import ast

from conftest import CHECKOUT as ROOT

PACKAGE = ROOT / "src" / "sahel_dataset"
ABOVE_THE_PIPELINE = ("curation", "cli", "publish", "plots")


def _imported(path) -> set[str]:
    """The sahel_dataset modules a file imports, anywhere in it (lazy imports too), as dotted names."""
    here = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]  # the file's package
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(here[: len(here) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.update([module] + [f"{module}.{a.name}" for a in node.names])
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n for n in names if n.startswith("sahel_dataset")}


def test_imports_are_resolved_as_python_resolves_them() -> None:
    # pipeline/rules.py imports `.dates` (a sibling) and `..errors` (the package's).
    got = _imported(PACKAGE / "pipeline" / "rules.py")
    assert "sahel_dataset.pipeline.dates" in got and "sahel_dataset.errors" in got


def test_the_pipeline_imports_no_curation_cli_or_publishing_module() -> None:
    files = sorted((PACKAGE / "pipeline").glob("*.py"))
    assert len(files) > 10
    upward = {f.name: sorted(m for m in _imported(f) if _layer(m) in ABOVE_THE_PIPELINE) for f in files}
    assert not {name: mods for name, mods in upward.items() if mods}


def _layer(module: str) -> str:
    """``sahel_dataset.curation.dates`` -> ``curation``."""
    return module.partition(".")[2].split(".")[0]
