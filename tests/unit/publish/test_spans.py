"""segments() cuts a text at every span boundary, whatever the overlaps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_dataset.publish.spans import segments


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int]]]:
    # astral characters (one code point, two UTF-16 units) and combining marks included on purpose
    text = draw(st.text(alphabet=st.sampled_from("ab \n’é\u0301😀\u00a0"), max_size=40))
    n = draw(st.integers(0, 6))
    spans = []
    for i in range(n):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        spans.append((f"s{i}", a, b))
    return text, spans


@given(text_and_spans())
def test_segments_rebuild_the_text_and_know_their_spans(case: tuple[str, list[tuple[str, int, int]]]) -> None:
    text, spans = case
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    position = 0
    for s in segs:
        assert s.start == position and s.end > s.start and text[s.start:s.end] == s.text
        position = s.end
        for sid, a, b in spans:
            # a segment lies wholly inside or wholly outside each span
            assert (sid in s.ids) == (a <= s.start and s.end <= b)
            assert (a < s.end and s.start < b) == (sid in s.ids)
    for sid, a, b in spans:
        if a < b:  # each non-empty span opens exactly once, where it starts
            assert [s.start for s in segs if sid in s.opens] == [a]


def test_nested_and_crossing_spans() -> None:
    text = "The United States has completed the withdrawal"
    # "United States" is nested in the whole; "tes has com" crosses its end
    segs = segments(text, [("outer", 0, len(text)), ("inner", 4, 17), ("cross", 14, 25)])
    assert [(s.text, s.ids) for s in segs] == [
        ("The ", ("outer",)), ("United Sta", ("outer", "inner")), ("tes", ("outer", "inner", "cross")),
        (" has com", ("outer", "cross")), ("pleted the withdrawal", ("outer",)),
    ]


def test_span_outside_the_text_is_an_error() -> None:
    with pytest.raises(ValueError, match="'x' \\[2, 9\\) lies outside the text"):
        segments("abc", [("x", 2, 9)])
