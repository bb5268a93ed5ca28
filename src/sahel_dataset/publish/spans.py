"""Cut a text into segments so that overlapping and nested spans can all be highlighted.

HTML cannot nest ``<mark>`` elements that overlap without being nested, so the
text is cut at every span boundary: each piece (a :class:`Segment`) is covered by
a fixed set of spans. Offsets are Python code points, as the evidence table
counts them, so the cutting happens here and never in JavaScript (which counts
UTF-16 units).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A piece of text, ``text[start:end]``, covered by the spans ``ids`` (none: plain text).

    ``opens`` lists the spans that begin at ``start``, so that a page can put an anchor there.
    """

    start: int
    end: int
    text: str
    ids: tuple[str, ...]
    opens: tuple[str, ...] = ()


def segments(text: str, spans: Iterable[tuple[str, int, int]]) -> list[Segment]:
    """Cut ``text`` at every boundary of ``spans`` (``(id, start, end)``, code points).

    The segments cover the text in order, without gaps; each lists the spans that
    cover it (in the order given). Empty spans only open an anchor. A span outside
    the text raises ``ValueError``.

    >>> [(s.text, s.ids) for s in segments("abcdef", [("x", 1, 4), ("y", 2, 6)])]
    [('a', ()), ('b', ('x',)), ('cd', ('x', 'y')), ('ef', ('y',))]
    >>> [(s.text, s.ids) for s in segments("abc", [("outer", 0, 3), ("inner", 1, 2)])]
    [('a', ('outer',)), ('b', ('outer', 'inner')), ('c', ('outer',))]
    """
    spans = list(spans)
    if not text:
        return []
    for sid, a, b in spans:
        if not 0 <= a <= b <= len(text):
            raise ValueError(f"span {sid!r} [{a}, {b}) lies outside the text (length {len(text)})")
    cuts = sorted({0, len(text), *(a for _, a, _ in spans), *(b for _, _, b in spans)})
    out = []
    for lo, hi in itertools.pairwise(cuts):
        ids = tuple(sid for sid, a, b in spans if a <= lo and hi <= b)
        opens = tuple(sid for sid, a, _ in spans if a == lo)
        out.append(Segment(lo, hi, text[lo:hi], ids, opens))
    return out
