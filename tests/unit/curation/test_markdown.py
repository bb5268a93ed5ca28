"""curation/markdown.py: Markdown table cells, escaped unless already formatted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sahel_dataset.curation.markdown import Raw, cell, code, md_table


@given(st.text())
def test_a_cell_never_breaks_its_row(text: str) -> None:
    out = cell(text)
    assert "\n" not in out and "\r" not in out
    assert out.count("|") == out.count("\\|")  # every pipe escaped


def test_raw_cells_are_kept_and_others_escaped() -> None:
    lines = md_table(["a", "b"], [[Raw("`x|y`"), "x|y"], [None, {"k": 1}]])
    assert lines[2] == "| `x|y` | x\\|y |"
    assert lines[3] == '|  | {"k": 1} |'
    assert len({line.count(" | ") for line in lines}) == 1  # one column count for every row
    assert (code(None), code(""), code("a|b")) == ("", "", "`a\\|b`")
