"""curation/evaluate.py: the drafting benchmark's shares and its README block."""

from __future__ import annotations

import json

from conftest import ROOT
from sahel_dataset.curation.evaluate import README_END, README_START, readme_block, share, with_readme_block


def test_share_is_a_percentage_or_none() -> None:
    assert share(0, 0) is None
    assert [share(k, 7) for k in (0, 7)] == [0.0, 100.0]


def test_the_readme_block_is_the_committed_benchmark_result() -> None:
    result = json.loads((ROOT / "benchmarks" / "drafting.json").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme_block(result)
    assert block.startswith(README_START) and block.endswith(README_END)
    assert with_readme_block(readme, result) == with_readme_block(with_readme_block(readme, result), result)
    assert block in with_readme_block(readme, result)
