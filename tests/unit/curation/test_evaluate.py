"""curation/evaluate.py: the drafting benchmark's shares."""

from __future__ import annotations

from sahel_dataset.curation.evaluate import share


def test_share_is_a_percentage_or_none() -> None:
    assert share(0, 0) is None
    assert [share(k, 7) for k in (0, 7)] == [0.0, 100.0]
