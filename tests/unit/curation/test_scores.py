"""curation/scores.py: the benchmark's README block, generated from its committed result."""

from __future__ import annotations

import json

from conftest import CHECKOUT as ROOT
from sahel_dataset.curation.scores import README_END, README_START, readme_block, with_readme_block


def test_the_readme_block_is_the_committed_benchmark_result() -> None:
    result = json.loads((ROOT / "benchmarks" / "drafting.json").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme_block(result)
    assert block.startswith(README_START) and block.endswith(README_END)
    assert with_readme_block(readme, result) == with_readme_block(with_readme_block(readme, result), result)
    assert block in with_readme_block(readme, result)
