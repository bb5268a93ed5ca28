"""Read what curators write in ``data/``: YAML files -> records validated by their schema.

Every curated file goes through the same two steps. :func:`read_records` (or, for a
single mapping, :func:`sahel_dataset.utils.yamlio.read_yaml`) parses it safely and
remembers the line of every mapping and key; then a pydantic model derived from the
file's declarative schema in ``schema/`` validates each record
(:func:`read_curated` for the tables, :func:`read_metadata` for
``data/datapackage.yaml``; ``data/exclusions.yaml`` is read by
:func:`load_exclusions`, which the build and the coverage tools share). Every problem names the
file, the line, the record and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core import schema
from ..core.constraints import PLAIN_TEXT, forbidden_character
from ..core.errors import DataError, Problem, shown
from ..project import Project
from ..utils.yamlio import YamlDocument, read_yaml
from .evidence import CitationError, resolve
from .models import file_model, record_model


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
    return records_in(read_yaml(path, display, empty="file is empty: write a YAML list of records"))


def records_in(doc: YamlDocument) -> list[Record]:
    """The records of a parsed YAML file that must hold a list of mappings.

    Raises :class:`DataError` when it is not a list, naming each item that is not a mapping.
    """
    name = doc.file
    if not isinstance(doc.data, list):
        raise DataError([Problem("expected a YAML list of records", file=name, line=1, check="yaml")])
    records, problems = [], []
    for i, item in enumerate(doc.data, 1):
        if not isinstance(item, dict):
            problems.append(Problem(f"record {i} is not a mapping (got {shown(item, 60)})", file=name,
                                    check="yaml"))
            continue
        records.append(Record(item, name, doc.line_of(item), doc.lines))
    if problems:
        raise DataError(problems)
    return records


METADATA_FILE = "datapackage.yaml"


def field_path(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as a field path, list indexes in brackets.

    >>> field_path(("evidence", 0, "quote"))
    'evidence[0].quote'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def record_problems(err: ValidationError, rec: Record, rid: str | None, table: str | None,
                    check: str = "record") -> list[Problem]:
    """One problem per pydantic error of a record, at the line of the field it names."""
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        msg, value = e["msg"], "" if e["type"] == "missing" else f" (got {shown(e.get('input'))})"
        if e["type"] == "string_pattern_mismatch" and e.get("ctx", {}).get("pattern") == PLAIN_TEXT:
            bad = forbidden_character(str(e.get("input")))
            msg = (f"holds a control or bidirectional-override character ({bad}): text may hold newlines and "
                   "tabs but no other control character, ESC sequence or U+202A-U+202E/U+2066-U+2069")
        elif e["type"] == "string_too_long":
            value = f" (got {len(e.get('input') or '')} characters)"
        out.append(Problem(
            f"{msg}{value}", file=rec.file, line=rec.line_at(loc), record_id=rid,
            field=field_path(loc), table=table, check=check,
        ))
    return out


def read_curated(project: Project, problems: list[Problem]) -> dict[str, list[tuple[Record, Any]]]:
    """Every curated record that passes its pydantic model, by table."""
    curated: dict[str, list[tuple[Record, Any]]] = {}
    for t in schema.tables():
        if t.curated_file is None:
            continue
        path = project.data / t.curated_file
        shown = f"data/{t.curated_file}"
        curated[t.name] = []
        if not path.is_file():
            problems.append(Problem("curated file is missing", file=shown, table=t.name, check="yaml"))
            continue
        try:
            records = read_records(path, display=shown)
        except DataError as e:
            problems.extend(e.problems)
            continue
        model = record_model(t.name)
        first_line: dict[str, int] = {}
        for rec in records:
            raw_id = rec.data.get(t.id_field)
            rid = raw_id if isinstance(raw_id, str) else f"(record at line {rec.line})"
            if isinstance(raw_id, str) and raw_id in first_line:
                problems.append(Problem(
                    f"duplicate id (first used on line {first_line[raw_id]})", file=shown,
                    line=rec.line_at((t.id_field,)), record_id=rid, field=t.id_field, table=t.name, check="record",
                ))
                continue
            if isinstance(raw_id, str):
                first_line[raw_id] = rec.line
            if "draft" in rec.data:  # written by `sahel-dataset draft`, not yet reviewed
                problems.append(Problem(
                    "record is still marked as a draft: review it, then remove its `draft` key or use "
                    "`sahel-dataset accept`", file=shown, line=rec.line_at(("draft",)), record_id=rid,
                    field="draft", table=t.name, check="record"))
                continue
            try:
                curated[t.name].append((rec, model.model_validate(rec.data)))
            except ValidationError as err:
                problems.extend(record_problems(err, rec, rid, t.name))
    return curated


def read_metadata(project: Project) -> dict[str, Any]:
    """The package-level metadata curators keep in ``data/datapackage.yaml``, validated
    by its schema (``schema/v1/curated/datapackage.json``).

    >>> read_metadata(Project.find())["name"]
    'sahel-dataset'
    """
    shown = f"data/{METADATA_FILE}"
    doc = read_yaml(project.data / METADATA_FILE, shown, empty="file is empty: write the package metadata")
    if not isinstance(doc.data, dict):
        raise DataError([Problem("expected a mapping", file=shown, line=1, check="yaml")])
    try:
        file_model("datapackage").model_validate(doc.data)
    except ValidationError as err:
        raise DataError(record_problems(err, Record(doc.data, shown, doc.line_of(doc.data), doc.lines), None,
                                        None)) from err
    return doc.data


EXCLUSIONS = "exclusions.yaml"


@dataclass(frozen=True)
class Exclusion:
    """A span of a seed that holds no fact, and why."""

    seed: str
    start: int
    end: int
    reason: str


def load_exclusions(path: Path, seeds: dict[str, str], display: str = f"data/{EXCLUSIONS}") -> list[Exclusion]:
    """Read and resolve the exclusions file; every bad entry is a problem naming its line.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("- {seed: a.txt, quote: Comments are closed., reason: boilerplate}\\n")
    >>> load_exclusions(p, {"a.txt": "Text. Comments are closed."})
    [Exclusion(seed='a.txt', start=6, end=26, reason='boilerplate')]
    >>> _ = p.write_text("- {seed: a.txt, quote: Comments are open, reason: x}\\n")
    >>> try:
    ...     load_exclusions(p, {"a.txt": "Comments are closed."})
    ... except DataError as e:
    ...     print(str(e.problems[0]).split(";")[0])
    data/exclusions.yaml:1: quote: quote not found in the seed: 'Comments are open'
    """
    if not path.is_file() or not path.read_bytes().strip():
        return []
    doc = read_yaml(path, display)
    if doc.data is None:  # only comments
        return []
    records = records_in(doc)
    model = file_model("exclusions")
    problems: list[Problem] = []
    out: list[Exclusion] = []
    for rec in records:
        try:
            item = model.model_validate(rec.data)
        except ValidationError as err:
            problems.extend(record_problems(err, rec, None, None, check="exclusions"))
            continue
        if item.seed not in seeds:
            problems.append(Problem(f"unknown seed {shown(item.seed)}", file=display, line=rec.line, field="seed",
                                    check="exclusions"))
            continue
        try:
            start, end = resolve(seeds[item.seed], item.quote, item.occurrence)
        except CitationError as e:
            problems.append(Problem(str(e), file=display, line=rec.line, field="quote", check="exclusions"))
            continue
        out.append(Exclusion(item.seed, start, end, item.reason))
    if problems:
        raise DataError(problems)
    return out
