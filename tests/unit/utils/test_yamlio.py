"""utils/yamlio.py: libyaml and PyYAML read the curated files alike, and errors read the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CHECKOUT as ROOT
from sahel_dataset.core.errors import DataError
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


def test_a_curated_file_over_the_size_cap_is_refused_without_reading_it(tmp_path: Path) -> None:
    from sahel_dataset.utils.yamlio import MAX_BYTES

    path = tmp_path / "events.yaml"
    with path.open("wb") as f:
        f.write(b"- event_id: evt-a\n  summary: x\n")
        f.truncate(MAX_BYTES + 1)  # sparse: nothing big is written to disk
    with pytest.raises(DataError) as info:
        yamlio.read_yaml(path, "data/events.yaml")
    assert "more than the 4194304 a curated file may have" in str(info.value)
    assert info.value.problems[0].file == "data/events.yaml"


def test_aliases_are_refused_at_their_line_before_anything_expands(tmp_path: Path) -> None:
    levels = ['  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"  {c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    path = tmp_path / "events.yaml"
    path.write_text("- event_id: evt-lol\n" + "\n".join(levels) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        yamlio.read_yaml(path, "data/events.yaml")
    first = info.value.problems[0]
    assert (first.line, first.record_id, first.field) == (2, "evt-lol", "a")
    assert "anchors (&name) or aliases (*name)" in first.message and len(str(info.value)) < 400


def test_shown_never_renders_a_huge_value() -> None:
    from sahel_dataset.core.errors import shown

    nested: list = ["lol"] * 9
    for _ in range(9):
        nested = [nested] * 9  # 9**10 leaves, shared: repr() would never finish
    assert len(shown(nested)) <= 210
    assert len(shown("x" * 10**7)) <= 240
