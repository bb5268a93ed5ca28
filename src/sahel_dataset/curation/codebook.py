"""Generate ``CODEBOOK.md`` from the schemas, and the record counts of ``DATASHEET.md``.

The schemas in ``schema/v1/`` are the single source of truth: every table, field,
constraint and enumeration value (with its meaning, ``x-enum-descriptions``) comes
from them. Two things come from the built data that ship in the package: the event
taxonomy's ACLED/CAMEO crosswalk (the reference table ``event_types``, when it
exists) and an example value for a field whose schema gives none.

Regenerate both documents with one command (``--check`` only reports staleness)::

    sahel-dataset docs

>>> text = render_codebook()
>>> text.startswith("# Codebook")
True
>>> "## Table `events`" in text
True
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from ..core import schema
from ..core.atomic import atomic_write
from ..core.constraints import PLAIN_TEXT, walk
from ..core.descriptor import PACKAGE_DIR
from .datasheet import COUNTS_END, COUNTS_START, data_counts, fill_counts
from .markdown import Raw, code, md_table

GENERATED_NOTE = "<!-- Generated from schema/ by `sahel-dataset docs` (codebook.py). Do not edit by hand. -->"


def _field_descriptor(t: schema.Table, name: str) -> dict[str, Any]:
    return next(f for f in t.descriptor.get("fields", []) if f["name"] == name)


def missing_enum_descriptions() -> list[str]:
    """Every enumeration value whose meaning the schemas do not give, as ``table.field: value``.

    >>> isinstance(missing_enum_descriptions(), list)
    True
    """
    missing = []
    for t in schema.tables():
        for f in t.fields:
            if f.enum is None:
                continue
            meanings = _field_descriptor(t, f.name).get("x-enum-descriptions", {})
            missing += [f"{t.name}.{f.name}: {v}" for v in f.enum if not meanings.get(v)]
    return missing


_CONSTRAINT_WORDS = {
    "pattern": lambda v: "plain text (no control or bidi-override characters)" if v == PLAIN_TEXT else f"pattern `{v}`",
    "minimum": lambda v: f"≥ {v if isinstance(v, dt.date) else format(v, 'g')}",
    "maximum": lambda v: f"≤ {v if isinstance(v, dt.date) else format(v, 'g')}",
    "min_length": lambda v: f"length ≥ {v}",
    "max_length": lambda v: f"length ≤ {v}",
    "enum": lambda v: f"one of {len(v)} values (below)",
}
"""How the codebook's "constraints" column words each value constraint."""


def _constraints(t: schema.Table, f: schema.Field) -> str:
    parts = []
    if f.name in t.primary_key:
        parts.append("primary key")
    if f.unique:
        parts.append("unique")
    # The enumeration's values are listed below the table, so it is named last.
    for c in sorted(walk(f), key=lambda c: c.name == "enum"):
        if c.value or c.name != "pattern":
            parts.append(_CONSTRAINT_WORDS[c.name](c.value))
    for fk in t.foreign_keys:
        if fk.field == f.name:
            parts.append(f"→ `{fk.table}.{fk.reference}`")
    for group in t.ordered:
        if f.name in group and f.name != group[0]:
            earlier = group[group.index(f.name) - 1]
            parts.append(f"≥ `{earlier}`")
    if f.computed:
        parts.append("computed by the build")
    return "; ".join(parts).replace("|", "\\|")


def _data_examples(name: str) -> dict[str, Any]:
    """The first non-null value of each column in the shipped table (empty if not built)."""
    path = PACKAGE_DIR / "csv" / f"{name}.csv"
    if not path.is_file():
        return {}
    examples: dict[str, Any] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for k, v in row.items():
                if v not in (None, "") and k not in examples:
                    examples[k] = v if len(v) <= 60 else v[:57] + "..."
    return examples


def _reference_rows(name: str) -> list[dict[str, str]] | None:
    """Rows of a shipped reference table (CSV), or None when it is not built."""
    if name not in schema.table_names():
        return None
    path = PACKAGE_DIR / "csv" / f"{name}.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _enum_section(t: schema.Table, f: schema.Field) -> list[str]:
    d = _field_descriptor(t, f.name)
    meanings = d.get("x-enum-descriptions", {})
    crosswalk: dict[str, dict[str, str]] = d.get("x-crosswalk", {})
    header = ["value", "meaning", *crosswalk]
    rows = [
        [Raw(code(v)), meanings.get(v, "(no description in the schema)"), *(c.get(v, "") for c in crosswalk.values())]
        for v in f.enum or ()
    ]
    return [f"**`{f.name}`**", "", *md_table(header, rows), ""]


SHARED_CODES = {"date_precision": "date-precision-codes", "date_basis": "date-precision-codes"}
"""Enumerations written once, in their own section: every ``*_precision`` and ``*_basis``
field with the same values as the events' one points there instead of repeating the table."""


def _shared_codes(t: schema.Table, f: schema.Field) -> list[str]:
    """A one-line pointer for a field that uses a code list documented once, else ``[]``."""
    events = schema.table("events")
    for name, anchor in SHARED_CODES.items():
        if f.name.endswith(name.removeprefix("date")) and f.enum == events.field(name).enum:
            return [f"**`{f.name}`**: see [Date precision codes](#{anchor}).", ""]
    return []


def _id_scheme() -> list[str]:
    lines = [
        "## Identifiers",
        "",
        "Record ids are stable, lower-case strings: a prefix naming the table and a slug of what the",
        "record is. An id never changes once released; a removed record leaves its id unused. Link tables",
        "have no id of their own: their primary key combines the ids they link.",
        "",
    ]
    rows = []
    for t in schema.tables():
        key = ", ".join(f"`{k}`" for k in t.primary_key)
        f = t.field(t.id_field)
        if len(t.primary_key) > 1:  # a link table: its key combines other tables' ids
            rows.append([f"`{t.name}`", Raw(key), "(ids of the linked tables)", ""])
            continue
        rows.append([f"`{t.name}`", Raw(key), Raw(f"`{f.pattern}`" if f.pattern else ""), Raw(code(f.example))])
    return [*lines, *md_table(["table", "primary key", "id pattern", "example"], rows), ""]


def _precision_codes() -> list[str]:
    events = schema.table("events")
    lines = [
        "## Date precision codes",
        "",
        "Every date is an interval with the source's own words next to it: `*_text` (verbatim),",
        "`*_start`/`*_end` (ISO 8601), `*_precision` (the width of the interval), `*_basis` (how it",
        "was resolved) and `*_note`. The same codes serve events (`date_*`), source publication",
        "(`published_*`), deployment reference dates (`as_of_*`) and agreements (`began_*`, `ended_*`).",
        "The last columns map each code to ACLED's `time_precision` and UCDP GED's `date_prec`.",
        "",
        *_enum_section(events, events.field("date_precision")),
        *_enum_section(events, events.field("date_basis")),
    ]
    loc = schema.table("locations")
    if "where_prec" in loc.names:
        codes: dict[str, str] = _field_descriptor(loc, "where_prec").get("x-codes", {})
        lines += [
            "## Location precision codes",
            "",
            "`locations.where_prec` is modelled on UCDP GED's `where_prec` (1 most precise, 7 least).",
            "",
            *md_table(["where_prec", "meaning"], [[Raw(f"`{k}`"), v] for k, v in codes.items()]),
            "",
        ]
    return lines


def _taxonomy() -> list[str]:
    events = schema.table("events")
    lines = [
        "## Event taxonomy",
        "",
        "`events.event_type` takes one of these values.",
        "",
    ]
    rows = _reference_rows("event_types")
    if rows:
        t = schema.table("event_types")
        lines += [
            "The crosswalk to ACLED event types, CAMEO codes and PLOVER comes from the reference table",
            "`event_types` (`data/event_types.yaml`, as built into the package).",
            "",
            "PLOVER (the successor of CAMEO, openeventdata/PLOVER) codes an event as event-mode-context",
            "(what, how, why): `plover_event` is one of its 16 categories, `plover_mode` a value of that",
            "category's mode table and `plover_context` the main one of its general contexts. The taxonomy",
            "gives the code of a *realized* event of each type; every event also carries its own code",
            "(`events.plover_event`, `plover_mode`, `plover_context`), which differs where PLOVER codes by",
            "status or content: an announced or planned withdrawal is CONCEDE, the withdrawal itself",
            "RETREAT (mode `withdraw`); an expected meeting is AGREE, a held one CONSULT.",
            "",
            *md_table(t.names, [[r.get(n, "") for n in t.names] for r in rows]),
            "",
        ]
    else:
        lines += [
            "(The ACLED/CAMEO crosswalk appears here once the reference table `event_types` is built.)",
            "",
            *_enum_section(events, events.field("event_type")),
        ]
    return lines


def _table_section(t: schema.Table) -> list[str]:
    lines = [f"## Table `{t.name}`", "", f"**{t.title}.** {t.description}", ""]
    facts = [f"- Primary key: {', '.join(f'`{k}`' for k in t.primary_key)}"]
    facts += [f"- Unique together: {', '.join(f'`{k}`' for k in u)}" for u in t.unique_keys]
    facts += [f"- `{fk.field}` references `{fk.table}.{fk.reference}`" for fk in t.foreign_keys]
    if t.curated_file:
        facts.append(f"- Curated in `data/{t.curated_file}`; evidence: {t.evidence}")
    else:
        facts.append("- Written by the build (not curated directly)")
    facts += [f"- `{c.key}` lists in the curated records become rows of `{c.table}`" for c in t.children]
    lines += [*facts, ""]
    examples = _data_examples(t.name)
    rows = []
    for f in t.fields:
        example = f.example if f.example is not None else examples.get(f.name)
        rows.append(
            [
                Raw(f"`{f.name}`"),
                f.type,
                "yes" if f.required else "",
                Raw(_constraints(t, f)),
                f.description,
                Raw(code(example)),
            ]
        )
    lines += [*md_table(["field", "type", "required", "constraints", "meaning", "example"], rows), ""]
    enums = [f for f in t.fields if f.enum is not None]
    if enums:
        lines += ["Enumerations:", ""]
        for f in enums:
            lines += _shared_codes(t, f) or _enum_section(t, f)
    for f in t.fields:
        codes = _field_descriptor(t, f.name).get("x-codes")
        if codes and t.name != "locations":
            lines += [f"**`{f.name}` codes**", "", *md_table(["code", "meaning"], codes.items()), ""]
    return lines


def render_codebook() -> str:
    """The full text of ``CODEBOOK.md``, generated from the schemas (deterministic).

    >>> "| `coup` |" in render_codebook()
    True
    """
    ts = schema.tables()
    lines = [
        "# Codebook",
        "",
        GENERATED_NOTE,
        "",
        f"Schema version {schema.schema_version()} (SchemaVer MODEL-REVISION-ADDITION). "
        f"{len(ts)} tables. Types are Frictionless Table Schema types; `required` means never null.",
        "",
        "## Contents",
        "",
        "- [Identifiers](#identifiers)",
        "- [Date precision codes](#date-precision-codes)",
        "- [Location precision codes](#location-precision-codes)",
        "- [Event taxonomy](#event-taxonomy)",
        *(f"- [Table `{t.name}`](#table-{t.name})" for t in ts),
        "",
        *_id_scheme(),
        "Evidence ids are `ev-`, the record id and the citation's number within the record (`ev-evt-niger-coup-1`).",
        "",
        *_precision_codes(),
        *_taxonomy(),
    ]
    for t in ts:
        lines += _table_section(t)
    return "\n".join(lines).rstrip() + "\n"


def is_codebook(path: Path) -> bool:
    """Whether ``path`` is a codebook this tool wrote (it carries :data:`GENERATED_NOTE` at the top)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return GENERATED_NOTE in f.read(4096)
    except OSError:
        return False


def has_counts(path: Path) -> bool:
    """Whether ``path`` is a datasheet with a counts block this tool fills in."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return COUNTS_START in text and COUNTS_END in text


def documents(root: Path) -> dict[Path, str]:
    """What the generated documents under ``root`` should contain: path → text. The datasheet's
    record counts are those of the project's ``data/`` as it is now, so a record accepted
    without regenerating the documents makes the datasheet stale."""
    wanted = {root / "CODEBOOK.md": render_codebook()}
    datasheet = root / "DATASHEET.md"
    if datasheet.is_file() and has_counts(datasheet):
        wanted[datasheet] = fill_counts(datasheet.read_text(encoding="utf-8"), data_counts(root))
    return wanted


def write_documents(root: Path, check: bool = False) -> list[Path]:
    """Regenerate CODEBOOK.md and DATASHEET.md's counts under ``root``; return the stale ones.

    With ``check``, nothing is written: the returned paths are those that differ.
    Each document goes through the output guard first
    (:func:`~sahel_dataset.utils.outputs.check_file_output`): a CODEBOOK.md that
    is not the generated one, or a link, is refused, never overwritten.
    """
    from ..utils.outputs import check_file_output

    stale = []
    if not check:
        for path in documents(root):
            check_file_output(path, root, is_codebook if path.name == "CODEBOOK.md" else has_counts, "a document")
    for path, text in documents(root).items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            stale.append(path)
            if not check:
                atomic_write(path, text)
    return stale
