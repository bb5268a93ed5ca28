"""Read a YAML file that people write, safely, remembering the line of every mapping and key.

Errors must name the file, the record and the line, so the loader records the line
of every mapping and of each of its keys. Loading is safe only (PyYAML's safe
constructor: tags such as ``!!python/object`` are refused), a key written twice in
one mapping is an error rather than a silent overwrite, and an impossible date is
an error naming its line.

Parsing uses libyaml (``CSafeLoader``) when PyYAML was built with it, and the pure
Python ``SafeLoader`` otherwise. When a file does not parse, it is parsed again
with the pure Python loader, so the error message and line are the same on every
install.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Problem, UsageError, shown
from .reading import ARTICLE_BYTES, TooLarge, read_regular

LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
"""Whether PyYAML has libyaml here (then valid files are parsed by ``CSafeLoader``)."""


class _LineRecorder:
    """Mixin for a safe loader: record where each mapping and key stands; refuse
    duplicate keys and impossible dates."""

    lines: dict[int, dict[str, int]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {shown(key, 80)} (first on line {seen[key]})", key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]

    def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
        # The dict yielded here, not the one construct_mapping returns, is the one
        # that ends up in the document, so its lines are recorded here.
        data: dict[Any, Any] = {}
        self.lines[id(data)] = {"": node.start_mark.line + 1}
        self.lines[id(data)].update((str(k.value), k.start_mark.line + 1) for k, _ in node.value)
        yield data
        data.update(self.construct_mapping(node))

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # PyYAML raises a bare ValueError for an impossible date (2024-02-30); turn
        # it into a YAML error that names the line.
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except ValueError as e:
            raise yaml.constructor.ConstructorError(
                None, None, f"impossible date {shown(node.value, 80)}: {e}", node.start_mark
            ) from e


class _PyLineLoader(_LineRecorder, yaml.SafeLoader):
    """The pure Python safe loader, recording lines."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines = {}


_FAST: type | None = None
if LIBYAML:

    class _CLineLoader(_LineRecorder, yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        """libyaml's safe loader, recording lines."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.lines = {}

    _FAST = _CLineLoader

for _loader in (_PyLineLoader, _FAST):
    if _loader is None:
        continue
    _loader.add_constructor("tag:yaml.org,2002:map", _LineRecorder.construct_yaml_map)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _LineRecorder.construct_yaml_timestamp)


MAX_BYTES = ARTICLE_BYTES
"""The largest curated file read (4 MiB; the largest today is about 50 KB)."""


def _anchor_problem(loader_class: type, text: str, name: str) -> Problem | None:
    """The first anchor (``&a``) or alias (``*a``) of ``text``, as a problem; None if it has none.

    Curated files are records written by hand: they need no aliases, and an alias
    that refers to a list of aliases ("billion laughs") makes a few hundred bytes
    stand for billions of values that a validator or an error message would walk.
    The events are streamed, nothing is built; a file that does not parse is left
    to the parser's own error."""
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1
                rid, field = locate_line(text, line)
                kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                return Problem(
                    f"YAML {kind} {shown(event.anchor, 40)} is not allowed: curated files may not use anchors "
                    "(&name) or aliases (*name); write each value out", file=name, line=line,
                    record_id=rid, field=field, check="yaml")
    except (yaml.YAMLError, RecursionError):
        return None
    return None


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, where each mapping stands, and the file as problems name it."""

    data: Any
    lines: dict[int, dict[str, int]]
    """``id(mapping)`` -> ``{"": line of the mapping, key: line of the key}`` (1-based)."""
    file: str

    def line_of(self, mapping: Any) -> int:
        """The line where ``mapping`` (a dict of this document) starts; 0 if unknown."""
        return self.lines.get(id(mapping), {}).get("", 0)


_RECORD_START = re.compile(r"^- *([a-z_]+_id): *['\"]?([^'\"#\s]+)")
_KEY = re.compile(r"^[ -]*([A-Za-z_][A-Za-z0-9_]*) *:")


def locate_line(text: str, line: int | None) -> tuple[str | None, str | None]:
    r"""The record id and the field of a line of a curated file, read from the text
    itself (for errors raised before the YAML could be parsed).

    >>> locate_line("- event_id: evt-a\n  status: x\n", 2)
    ('evt-a', 'status')
    """
    if line is None:
        return None, None
    lines = text.splitlines()
    field = None
    if 0 < line <= len(lines):
        m = _KEY.match(lines[line - 1])
        field = m.group(1) if m else None
    for i in range(min(line, len(lines)) - 1, -1, -1):
        m = _RECORD_START.match(lines[i])
        if m:
            return m.group(2), field
    return None, field


def _parse(loader_class: type, text: str) -> tuple[Any, dict[int, dict[str, int]]]:
    loader = loader_class(text)
    try:
        return loader.get_single_data(), loader.lines
    finally:
        loader.dispose()


def _problem(e: Exception, text: str, name: str) -> Problem:
    """The problem a YAML error (or too deep a nesting) is, at its line."""
    mark = getattr(e, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    msg = " ".join(str(x) for x in (getattr(e, "context", None), getattr(e, "problem", None)) if x)
    if isinstance(e, yaml.reader.ReaderError):
        line = text[: e.position].count("\n") + 1
        msg = f"unprintable character {chr(e.character)!r} at position {e.position}"
    elif isinstance(e, RecursionError):
        msg = "nested too deeply"
    rid, field = locate_line(text, line)
    return Problem(f"invalid YAML: {msg or e}", file=name, line=line, record_id=rid, field=field, check="yaml")


def read_yaml(path: Path, display: str | None = None, empty: str = "file is empty") -> YamlDocument:
    """Read one YAML file safely, with the line of every mapping and key.

    Raises :class:`DataError` naming the file (``display``, default the path) and the
    line when it cannot be read, is not UTF-8, is empty (the problem says ``empty``),
    is not valid YAML, uses an unsafe tag, repeats a key or holds an impossible date;
    or is not a regular file of at most :data:`MAX_BYTES` (a FIFO, a device, a folder).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("name: sahel\\nlicenses:\\n  - name: MIT\\n")
    >>> doc = read_yaml(p)
    >>> doc.data["licenses"][0]["name"], doc.line_of(doc.data["licenses"][0])
    ('MIT', 3)
    >>> _ = p.write_text("a: 1\\na: 2\\n")
    >>> try:
    ...     read_yaml(p, display="data/x.yaml")
    ... except DataError as e:
    ...     print(e.problems[0])
    data/x.yaml:2: a: invalid YAML: while constructing a mapping found duplicate key 'a' (first on line 1)
    """
    name = display or str(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except TooLarge:
        size = path.stat().st_size
        raise DataError([Problem(f"file is {size} bytes, more than the {MAX_BYTES} a curated file may have",
                                 file=name, check="yaml")]) from None
    except UsageError as e:  # a FIFO, device or folder: never read (a FIFO would block for ever)
        raise DataError([Problem(str(e).removeprefix(f"{path}: "), file=name, check="yaml")]) from None
    return parse_yaml(raw, name, empty)


def parse_yaml(raw: bytes, name: str, empty: str = "file is empty") -> YamlDocument:
    """Parse the bytes of a YAML file (named ``name`` in problems) as :func:`read_yaml` does.

    >>> parse_yaml(b"- a: 1\\n", "drafts/x.yaml").data
    [{'a': 1}]
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        rid, field = locate_line(raw.decode("utf-8", errors="replace"), line)
        raise DataError([Problem(f"not UTF-8 (byte {e.start}: {e.reason}); save the file as UTF-8", file=name,
                                 line=line, record_id=rid, field=field, check="yaml")]) from e
    if not text.strip():
        raise DataError([Problem(empty, file=name, check="yaml")])
    # libyaml parses valid files fast. What it refuses, PyYAML's own parser decides
    # and words, so errors read the same with or without libyaml; and libyaml never
    # sees text with characters the pure Python reader refuses (the two differ there).
    fast = _FAST is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text)
    anchored = _anchor_problem(_FAST if fast else _PyLineLoader, text, name)
    if anchored is not None:
        raise DataError([anchored])
    if fast:
        try:
            return YamlDocument(*_parse(_FAST, text), file=name)  # type: ignore[arg-type]
        except (yaml.YAMLError, RecursionError):
            pass
    try:
        return YamlDocument(*_parse(_PyLineLoader, text), file=name)
    except (yaml.YAMLError, RecursionError) as e:
        raise DataError([_problem(e, text, name)]) from e
