"""Read what curators write: YAML files in ``data/``, safely, remembering line numbers.

Errors must name the file, the record and the line, so the loader records the line
of every mapping and of each of its keys. It is PyYAML's ``SafeLoader``: tags such
as ``!!python/object`` are refused, and a key written twice in one mapping is an
error rather than a silent overwrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Problem


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records where each mapping and key stands."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, dict[str, int]] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

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
            return super().construct_yaml_timestamp(node)
        except ValueError as e:
            raise yaml.constructor.ConstructorError(
                None, None, f"impossible date {node.value!r}: {e}", node.start_mark
            ) from e


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_yaml_map)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)


@dataclass
class Record:
    """One curated record and where it was written."""

    data: dict[str, Any]
    file: str
    line: int
    lines: dict[int, dict[str, int]] = field(default_factory=dict, repr=False)

    def line_at(self, loc: tuple[Any, ...] = ()) -> int:
        r"""The line of the value at ``loc`` (keys and list indexes, as pydantic
        reports an error's location), or of the nearest mapping that holds it.

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "events.yaml"
        >>> _ = p.write_text("- event_id: evt-a\n  evidence:\n    - seed: x\n      quote: y\n")
        >>> read_records(p)[0].line_at(("evidence", 0, "quote"))
        4
        """
        line, node = self.line, self.data
        for key in loc:
            if isinstance(node, dict):
                line = self.lines.get(id(node), {}).get(str(key), line)
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]
                line = self.lines.get(id(node), {}).get("", line)
            else:
                break
        return line


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


def read_records(path: Path, display: str | None = None) -> list[Record]:
    """Read a YAML file holding a list of mappings, one per record.

    Raises :class:`DataError` naming the file (and line) when it is not UTF-8, is
    empty, is not valid YAML, uses an unsafe tag, repeats a key, or is not a list
    of mappings.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "actors.yaml"
    >>> _ = p.write_text("- actor_id: act-usa\\n  name: United States\\n")
    >>> [r.line for r in read_records(p)]
    [1]
    """
    name = display or str(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        rid, field = locate_line(raw.decode("utf-8", errors="replace"), line)
        raise DataError([Problem(f"not UTF-8 (byte {e.start}: {e.reason}); save the file as UTF-8", file=name,
                                 line=line, record_id=rid, field=field, check="yaml")]) from e
    except OSError as e:
        raise DataError([Problem(f"cannot read: {e.strerror}", file=name, check="yaml")]) from e
    if not text.strip():
        raise DataError([Problem("file is empty: write a YAML list of records", file=name, check="yaml")])
    loader = None
    try:
        loader = _LineLoader(text)  # the reader already refuses unprintable characters
        doc = loader.get_single_data()
    except (yaml.YAMLError, RecursionError) as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        msg = " ".join(str(x) for x in (getattr(e, "context", None), getattr(e, "problem", None)) if x)
        if isinstance(e, yaml.reader.ReaderError):
            line = text[: e.position].count("\n") + 1
            msg = f"unprintable character {chr(e.character)!r} at position {e.position}"
        elif isinstance(e, RecursionError):
            msg = "nested too deeply"
        rid, field = locate_line(text, line)
        raise DataError([Problem(f"invalid YAML: {msg or e}", file=name, line=line, record_id=rid, field=field,
                                 check="yaml")]) from e
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(doc, list):
        raise DataError([Problem("expected a YAML list of records", file=name, line=1, check="yaml")])
    records, problems = [], []
    for i, item in enumerate(doc, 1):
        if not isinstance(item, dict):
            problems.append(Problem(f"record {i} is not a mapping (got {item!r:.60})", file=name, check="yaml"))
            continue
        records.append(Record(item, name, loader.lines.get(id(item), {}).get("", 0), loader.lines))
    if problems:
        raise DataError(problems)
    return records
