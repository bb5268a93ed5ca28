"""Draft records in exactly the form of ``data/*.yaml``: verified citations and the YAML text.

One helper per basic act shared by ``draft``, ``add-source`` and ``accept``:
:func:`cite` turns a span of a seed into a citation that the build's own resolver
(:func:`sahel_dataset.pipeline.evidence.resolve`) maps back to that very span, and
:func:`dump_records` writes records as the curated files write them (keys in
schema order, block lists indented under their key, link-table rows such as
``actors`` and ``parties`` as one-line mappings, ``aliases`` as a one-line list).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..core import schema
from ..pipeline.evidence import find_all, resolve

DRAFT_KEY = "draft"
"""The key that marks a record as a draft; ``build`` and ``validate`` refuse it."""


def cite(seed: str, text: str, start: int, end: int, field: str | None = None) -> dict[str, Any]:
    """A citation of ``text[start:end]`` that resolves to exactly that span.

    ``occurrence`` is added when the words occur more than once.

    >>> cite("001_x.txt", "US left. US stayed.", 9, 11)
    {'seed': '001_x.txt', 'quote': 'US', 'occurrence': 2}
    """
    words = text[start:end]
    out: dict[str, Any] = {"seed": seed, "quote": words}
    spans = find_all(text, words)
    if len(spans) > 1:
        out["occurrence"] = spans.index((start, end)) + 1
    if field:
        out["field"] = field
    if resolve(text, words, out.get("occurrence")) != (start, end):
        raise ValueError(f"citation of {start}:{end} does not resolve to itself")
    return out


def draft_note(reasons: dict[str, str], confidence: float,
               same_as: tuple[str, float, str] | None = None) -> dict[str, Any]:
    """A record's ``draft`` note: its confidence and reasons, and (``same_as``: id, likeness, what
    was taken from it) the known record it seems to report, to merge with ``accept --into``.

    >>> draft_note({"status": "the words 'will'"}, 0.5, ("evt-a", 82.4, "its date"))["reasons"]["same_as"]
    'evt-a: same type, evidence 82% alike (rapidfuzz); its date proposed; merge with `accept --into`'
    """
    if same_as is None:
        return {"confidence": confidence, "reasons": reasons}
    rid, score, taken = same_as
    reasons["same_as"] = (f"{rid}: same type, evidence {score:.0f}% alike (rapidfuzz); {taken} proposed; "
                          "merge with `accept --into`")
    return {"confidence": max(confidence, 0.7), "same_as": rid, "reasons": reasons}


class _Flow(dict):  # type: ignore[type-arg]
    """A mapping written on one line ({actor_id: x, role: y})."""


class _FlowList(list):  # type: ignore[type-arg]
    """A list written on one line ([a, b])."""


class _Dumper(yaml.SafeDumper):
    """Indent block lists under their key, as the curated files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the curated files never use anchors


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))


def _ordered(table: str, record: dict[str, Any]) -> dict[str, Any]:
    """Keys in schema order, then link-table lists, evidence and the draft note."""
    try:
        t = schema.table(table)
        names, children = list(t.names), {c.key: c for c in t.children}
    except (KeyError, LookupError):
        names, children = [], {}
    order = [*names, *children, "evidence", DRAFT_KEY]
    keys = sorted(record, key=lambda k: order.index(k) if k in order else len(order))
    out: dict[str, Any] = {}
    for k in keys:
        v = record[k]
        if k in children and isinstance(v, list):
            v = _FlowList(v) if children[k].scalar else [_Flow(x) for x in v]
        out[k] = v
    return out


def dump_records(table: str, records: list[dict[str, Any]]) -> str:
    """The YAML text of ``records`` of ``table`` in the curated files' form.

    >>> print(dump_records("events", [{"event_id": "evt-x", "summary": "S", "event_type": "coup",
    ...       "actors": [{"actor_id": "act-niger", "role": "target"}],
    ...       "evidence": [{"seed": "000_116382d6909dcc45.txt", "quote": "a coup"}]}]), end="")
    - event_id: evt-x
      event_type: coup
      summary: S
      actors:
        - {actor_id: act-niger, role: target}
      evidence:
        - seed: 000_116382d6909dcc45.txt
          quote: a coup
    """
    if not records:
        return ""
    return dump_yaml([_ordered(table, r) for r in records])


def dump_yaml(data: Any) -> str:
    """YAML text as the curated files write it: block style, lists indented under their key,
    keys in the given order, no anchors, no line wrapping.

    >>> print(dump_yaml([{"seed": "a.txt", "quote": "x"}]), end="")
    - seed: a.txt
      quote: x
    """
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False)


def dump_draft(tables: dict[str, list[dict[str, Any]]], header: str = "") -> str:
    """A draft file: one top-level key per table, each holding its records.

    >>> print(dump_draft({"exclusions": [{"seed": "a.txt", "quote": "x", "reason": "y"}]}), end="")
    exclusions:
      - seed: a.txt
        quote: x
        reason: y
    """
    parts = [header] if header else []
    for name, records in tables.items():
        if not records:
            continue
        text = dump_records(name, records)
        parts.append(f"{name}:\n" + re.sub(r"(?m)^(?=.)", "  ", text))
    return "\n".join(parts)


def appended(existing: str, table: str, records: list[dict[str, Any]]) -> str:
    r"""``existing`` file text with ``records`` appended: every byte before them is kept.

    >>> appended("# events\n- event_id: evt-a\n  event_type: coup", "events",
    ...          [{"event_id": "evt-b", "event_type": "coup"}]).splitlines()
    ['# events', '- event_id: evt-a', '  event_type: coup', '- event_id: evt-b', '  event_type: coup']
    """
    if not records:
        return existing
    if existing and not existing.endswith("\n"):
        existing += "\n"
    return existing + dump_records(table, records)
