"""Indented JSON, written faster than :func:`json.dumps` with ``indent`` and byte for byte the same.

Python's ``json`` uses its C encoder only without ``indent``; with it, every value
goes through a chain of Python generators. A build writes about 750 kB of indented
JSON (the descriptor, the annotations, the Croissant file), so :func:`dumps_indented`
walks the containers with one plain recursive function and leaves strings to the C
escaper. Anything it does not write exactly as ``json`` would (a non-string key,
NaN, a type ``json`` calls ``default`` for) falls back to ``json.dumps`` itself.
"""

from __future__ import annotations

import json
import re
from typing import Any

try:
    from _json import encode_basestring as _escape
except ImportError:  # pragma: no cover - CPython always has it
    from json.encoder import py_encode_basestring as _escape


class _Unusual(Exception):
    """A value :func:`_encode` leaves to ``json.dumps``."""


_INF = float("inf")


def _encode(o: Any, out: list[str], newline: str, step: str) -> None:
    # The same order of type tests as json.encoder._make_iterencode.
    if isinstance(o, str):
        out.append(_escape(o))
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        if o != o or o in (_INF, -_INF):
            raise _Unusual
        out.append(float.__repr__(o))
    elif isinstance(o, list | tuple):
        if not o:
            out.append("[]")
            return
        inner = newline + step
        out.append("[")
        for i, v in enumerate(o):
            out.append(inner if i == 0 else "," + inner)
            _encode(v, out, inner, step)
        out.append(newline + "]")
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = newline + step
        out.append("{")
        first = True
        for k, v in o.items():
            if not isinstance(k, str):
                raise _Unusual
            out.append(f"{inner if first else ',' + inner}{_escape(k)}: ")
            first = False
            _encode(v, out, inner, step)
        out.append(newline + "}")
    else:
        raise _Unusual


def dumps_indented(data: Any, indent: int = 2) -> str:
    """``json.dumps(data, indent=indent, ensure_ascii=False)``, the same text, faster.

    >>> data = {"a": [1, 2.5, None, True], "b": {}, "c": "ça \\"va\\"", "d": [{"e": []}]}
    >>> dumps_indented(data) == json.dumps(data, indent=2, ensure_ascii=False)
    True
    >>> dumps_indented({1: float("nan")})  # left to json: a non-string key, NaN
    '{\\n  "1": NaN\\n}'
    """
    out: list[str] = []
    try:
        _encode(data, out, "\n", " " * indent)
    except _Unusual:
        return json.dumps(data, indent=indent, ensure_ascii=False)
    return "".join(out)


_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069]")


def json_text(data: Any) -> str:
    r"""``data`` as indented JSON (UTF-8 text, one final newline), with the bidirectional
    controls of :data:`~sahel_dataset.core.constraints.PLAIN_TEXT` written as ``\uXXXX``
    escapes, so no file of a package holds an invisible character that reorders text.

    >>> json_text({"pattern": "[\u202e]"})
    '{\n  "pattern": "[\\u202e]"\n}\n'
    """
    text = dumps_indented(data)
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
