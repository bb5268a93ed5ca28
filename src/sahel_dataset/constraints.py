"""The one walk over a field's value constraints, which every consumer of the schema shares.

A Table Schema field may constrain its values with ``enum``, ``pattern``,
``minimum``, ``maximum``, ``minLength`` and ``maxLength``. :data:`KINDS` lists them
once, with what each one means (a lower or an upper bound, and whether it bounds the
value or its length), and :func:`walk` (on a :class:`~sahel_dataset.schema.Field`)
or :func:`walk_descriptor` (on a raw ``constraints`` mapping) yields the ones a
field declares, always in that order. Each consumer turns them into its own rules:

- the pydantic record models and the pandera schemas (:mod:`sahel_dataset.pipeline.models`,
  and the Spark one, :mod:`sahel_dataset.backends.spark`);
- the pyarrow checks (:mod:`sahel_dataset.backends.fastcheck`);
- the codebook's "constraints" column (:mod:`sahel_dataset.curation.codebook`);
- the schema change guard, which calls a raised lower bound or a lowered upper bound
  a tightening (:mod:`sahel_dataset.curation.schemaguard`).

``required`` and ``unique`` are not value constraints: they stay plain flags of a field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .schema import Field


@dataclass(frozen=True)
class Kind:
    """One kind of value constraint."""

    name: str
    """The name in code: the :class:`~sahel_dataset.schema.Field` attribute (``min_length``)."""
    key: str
    """The Table Schema key in ``constraints`` (``minLength``)."""
    bound: Literal["lower", "upper"] | None = None
    """Whether it is a lower or an upper bound (``None``: ``enum`` and ``pattern``)."""
    length: bool = False
    """Whether it bounds the length of the value rather than the value."""


KINDS: tuple[Kind, ...] = (
    Kind("enum", "enum"),
    Kind("pattern", "pattern"),
    Kind("minimum", "minimum", "lower"),
    Kind("maximum", "maximum", "upper"),
    Kind("min_length", "minLength", "lower", length=True),
    Kind("max_length", "maxLength", "upper", length=True),
)
"""Every value constraint, in the order :func:`walk` yields them."""

BY_NAME = {k.name: k for k in KINDS}

PLAIN_TEXT = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\u202a-\u202e\u2066-\u2069]*$"
"""The ``pattern`` of every free-text field: no C0 or C1 control character but newline
and tab (so no carriage return that could split a CSV row, no ESC sequence that could
drive a terminal) and no bidirectional override or isolate (U+202A-U+202E,
U+2066-U+2069) that could make text read other than it is. The C0/C1 ranges are
written as ``\\xHH`` escapes and the bidi characters as themselves, which every
regex engine that reads the schema understands (Python ``re``, Rust ``regex`` in
pydantic and polars, RE2 in pyarrow, Java in Spark). No-break spaces and curly
quotes are ordinary text and pass.

>>> import re
>>> [bool(re.match(PLAIN_TEXT, s)) for s in ("Niger\u2019s\u00a0junta\n\tok", "a\rb", "\x1b[31m", "x\u202ey")]
[True, False, False, False]
"""

_FORBIDDEN = re.compile("[" + PLAIN_TEXT[3:-3] + "]")  # the characters PLAIN_TEXT excludes


def forbidden_character(text: str) -> str | None:
    """The first character of ``text`` that :data:`PLAIN_TEXT` forbids, named by its
    code point and Unicode name (``None``: the text is plain).

    >>> forbidden_character("a\x1b[31m"), forbidden_character("ok\u00a0ok")
    ('U+001B at position 1', None)
    >>> forbidden_character("x\u202ey")
    'U+202E RIGHT-TO-LEFT OVERRIDE at position 1'
    """
    m = _FORBIDDEN.search(text)
    if m is None:
        return None
    name = unicodedata.name(m.group(), "")
    return f"U+{ord(m.group()):04X}{' ' + name if name else ''} at position {m.start()}"


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\u2028\u2029\ufeff]")
"""Zero-width characters, the byte-order mark and the Unicode line and paragraph
separators: text that looks the same with or without them, or breaks lines
where a reader sees none."""


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that plain text may not hold, named (``None``:
    it is plain): what :data:`PLAIN_TEXT` forbids (C0/C1 controls but tab and newline,
    bidi overrides and isolates), and zero-width characters (U+200B-U+200D, U+2060),
    a byte-order mark (U+FEFF) anywhere but at the very start, and U+2028/U+2029.
    Seeds are held to it (``add-source`` and ``validate``); the no-break space is plain.

    >>> unsafe_character("Niger\u00a0junta"), unsafe_character("\ufeffTitle")
    (None, None)
    >>> unsafe_character("a\u200bb"), unsafe_character("a\u2028b")
    ('U+200B ZERO WIDTH SPACE at position 1', 'U+2028 LINE SEPARATOR at position 1')
    """
    found = [m for m in (_FORBIDDEN.search(text), _INVISIBLE.search(text, 1 if text.startswith("\ufeff") else 0))
             if m is not None]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    name = unicodedata.name(m.group(), "")
    return f"U+{ord(m.group()):04X}{' ' + name if name else ''} at position {m.start()}"


@dataclass(frozen=True)
class Constraint:
    """One value constraint a field declares."""

    kind: Kind
    value: Any

    @property
    def name(self) -> str:
        """The kind's name in code, e.g. ``min_length``."""
        return self.kind.name


def walk(f: Field) -> Iterator[Constraint]:
    """The value constraints ``f`` declares, in :data:`KINDS` order.

    >>> from sahel_dataset.schema import table
    >>> [c.name for c in walk(table("actor_aliases").field("alias"))]
    ['pattern', 'min_length', 'max_length']
    """
    for kind in KINDS:
        value = getattr(f, kind.name)
        if value is not None:
            yield Constraint(kind, value)


def walk_descriptor(constraints: Mapping[str, Any]) -> Iterator[Constraint]:
    """The value constraints of a raw Table Schema ``constraints`` mapping, in :data:`KINDS` order.

    >>> [(c.kind.key, c.value) for c in walk_descriptor({"maxLength": 9, "required": True, "minimum": 0})]
    [('minimum', 0), ('maxLength', 9)]
    """
    for kind in KINDS:
        value = constraints.get(kind.key)
        if value is not None:
            yield Constraint(kind, value)


def length_bounds(f: Field) -> tuple[int | None, int | None] | None:
    """``(min_length, max_length)`` of ``f``, or ``None`` when it bounds neither (for
    consumers with one rule for both, such as pandera's ``str_length``).

    >>> from sahel_dataset.schema import table
    >>> length_bounds(table("actor_aliases").field("alias")), length_bounds(table("events").field("event_id"))
    ((1, 500), None)
    """
    bounds = {c.name: c.value for c in walk(f) if c.kind.length}
    if not bounds:
        return None
    return bounds.get("min_length"), bounds.get("max_length")
