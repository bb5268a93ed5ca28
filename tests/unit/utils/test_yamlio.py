"""utils/yamlio.py: libyaml and PyYAML read the curated files alike, and errors read the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from sahel_dataset.errors import DataError
from sahel_dataset.utils import yamlio

CURATED = sorted((ROOT / "data").glob("*.yaml"))


def _lines_by_path(doc: yamlio.YamlDocument) -> dict[str, dict[str, int]]:
    """The recorded lines keyed by where each mapping is in the document (ids differ per parse)."""
    out: dict[str, dict[str, int]] = {}

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            out[path] = doc.lines[id(node)]
            for k, v in node.items():
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk(doc.data, "")
    return out


@pytest.mark.skipif(not yamlio.LIBYAML, reason="PyYAML without libyaml here")
@pytest.mark.parametrize("path", CURATED, ids=[p.name for p in CURATED])
def test_libyaml_and_pyyaml_give_the_same_data_and_lines(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = yamlio.read_yaml(path)
    monkeypatch.setattr(yamlio, "_FAST", None)
    slow = yamlio.read_yaml(path)
    assert fast.data == slow.data
    assert _lines_by_path(fast) == _lines_by_path(slow)


@pytest.mark.parametrize("text", [
    "- a: 1\n  a: 2\n",  # duplicate key
    "- a: !!python/object:os.system x\n",  # unsafe tag
    "- a: [1, 2\n",  # unclosed flow sequence
    "- date: 2024-02-30\n",  # impossible date
    "- a: " + "[" * 2000 + "]" * 2000 + "\n",  # nested too deeply
    "- a: b\x07\n",  # unprintable character
])
def test_a_bad_file_gives_the_pure_python_message_with_or_without_libyaml(
        text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as fast:
        yamlio.read_yaml(path, "data/x.yaml")
    monkeypatch.setattr(yamlio, "_FAST", None)
    with pytest.raises(DataError) as slow:
        yamlio.read_yaml(path, "data/x.yaml")
    assert [str(p) for p in fast.value.problems] == [str(p) for p in slow.value.problems]
    problem = fast.value.problems[0]
    assert problem.file == "data/x.yaml" and problem.check == "yaml" and problem.message.startswith("invalid YAML")
