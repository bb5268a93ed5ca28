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


def _section(label: str, tuned: bool, recall: float) -> dict:
    return {"label": label, "tuned": tuned, "texts": 8, "recall": recall, "precision": 75.0, "dates": 80.0,
            "dates_n": 30, "speakers": 90.0, "speakers_n": 30, "duplicate_actors": 0, "duplicate_locations": 0,
            "targets": {"recall >= 70%": recall >= 70}}


def test_the_blind_set_is_the_first_row_and_the_targets_are_read_on_it() -> None:
    tuned = {"dev": _section("held-out dev", True, 95.0),
             "blind2": _section("held-out blind2 (blind once)", True, 71.0),
             "blind3": _section("held-out blind3 (blind once)", True, 74.0)}
    before = readme_block({"sections": tuned})
    assert "Targets on the held-out blind3 (blind once)" in before  # no blind4 folder yet: the newest set there
    block = readme_block({"sections": {**tuned, "blind4": _section("held-out blind4 (blind)", False, 60.0)}})
    rows = [line for line in block.splitlines() if line.startswith("| held-out")]
    assert rows[0].startswith("| held-out blind4 (blind) | no |")
    assert rows[1].startswith("| held-out blind3 (blind once) | yes |")
    assert rows[2].startswith("| held-out blind2 (blind once) | yes |")
    assert "Targets on the held-out blind4 (blind): recall >= 70% missed" in block
