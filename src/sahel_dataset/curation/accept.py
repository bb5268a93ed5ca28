"""Move reviewed draft records into ``data/*.yaml``, keeping every byte already there.

Text appends, not a YAML round trip: PyYAML drops comments, and ruamel.yaml (not a
dependency) would still re-flow quoting and wrapping of the hand-written files. A
new record is appended at the end of its table's file, rendered in the curated
form (:func:`sahel_dataset.curation.records.dump_records`); merging an event
``--into`` a known one (an agreement likewise) inserts its citations (and any new
actors or parties) as lines at the end of that record's ``evidence`` (``actors``,
``parties``) list. Nothing is written unless
the result assembles (``sahel_dataset.pipeline.assemble.assemble`` on a scratch copy) and the
exclusions resolve; then every changed data file and the draft (which the
accepted records leave) are replaced together, all or nothing
(:func:`~sahel_dataset.utils.outputs.replace_files`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core import schema
from ..core.errors import DataError, Problem
from ..core.errors import shown as cut  # `shown` names a file here
from ..pipeline.read import EXCLUSIONS, load_exclusions
from ..pipeline.seeds import load_seeds
from ..project import Project
from ..utils.outputs import replace_files
from ..utils.reading import TooLarge, read_regular
from ..utils.yamlio import MAX_BYTES, parse_yaml
from .draft import header, load_known
from .pending import check_draft, pending, read_stamp, stamp
from .records import DRAFT_KEY, appended, dump_draft, dump_yaml


@dataclass
class Accepted:
    """What :func:`accept` did, one line per act, and the draft records left."""

    actions: list[str] = field(default_factory=list)
    left: int = 0


def _id_field(table: str) -> str | None:
    return None if table == "exclusions" else schema.table(table).id_field


def read_draft(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A draft file: a mapping of table name to a list of records (located errors otherwise).

    Read as a curated file is (:func:`~sahel_dataset.utils.yamlio.read_yaml`): a
    regular file of at most 4 MiB, not a link out of its folder, safe YAML without
    aliases, nesting bounded."""
    shown = str(path)
    try:
        raw = read_regular(path, MAX_BYTES, within=path.parent)
    except TooLarge as e:
        raise DataError([Problem(f"more than the {MAX_BYTES} bytes a draft may have", file=shown,
                                 check="draft")]) from e
    doc = parse_yaml(raw, shown, empty="the draft is empty").data
    if doc is None:  # every record deleted, the comments left: say so, not "not a mapping"
        raise DataError([Problem("nothing left to accept: the draft holds only comments (delete the file)",
                                 file=shown, check="draft")])
    if not isinstance(doc, dict):
        raise DataError([Problem("a draft is a mapping of table name to records", file=shown, check="draft")])
    known = set(schema.table_names()) | {"exclusions"}
    bad = [Problem(f"unknown table {cut(k, 60)}", file=shown, check="draft") for k in doc if k not in known]
    bad += [Problem("must be a list of records", file=shown, field=cut(k, 60), check="draft")
            for k, v in doc.items() if k in known and not isinstance(v or [], list)]
    bad += [Problem("each record must be a mapping", file=shown, field=cut(k, 60), check="draft")
            for k, v in doc.items() if k in known and isinstance(v, list) and not all(isinstance(r, dict) for r in v)]
    if bad:
        raise DataError(bad)
    return {k: list(v or []) for k, v in doc.items()}


def _block(lines: list[str], table: str, rid: str) -> tuple[int, int]:
    """First and past-last line index of record ``rid`` in a curated file's lines."""
    key = _id_field(table)
    start = next((i for i, line in enumerate(lines)
                  if re.match(rf"^- +{key}: *['\"]?{re.escape(rid)}['\"]? *(?:#.*)?$", line)), None)
    if start is None:
        raise DataError([Problem(f"no record {cut(rid)} in data/{schema.table(table).curated_file}", record_id=rid,
                                 check="draft")])
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def _list_end(lines: list[str], start: int, end: int, key: str) -> int | None:
    """The line index after the last item of the block list ``key`` inside lines[start:end]."""
    at = next((i for i in range(start, end) if re.match(rf"^  {key}:\s*$", lines[i])), None)
    if at is None:
        return None
    i = at + 1
    while i < end and (lines[i].startswith("    ") or not lines[i].strip()):
        i += 1
    return i


def _items(items: list[dict[str, Any]], flow: bool) -> list[str]:
    if flow:
        text = "".join(f"- {{{', '.join(f'{k}: {v}' for k, v in x.items())}}}\n" for x in items)
    else:
        text = dump_yaml(items)
    return ["    " + line for line in text.splitlines()]


MERGED = {"events": "actors", "agreements": "parties"}
"""The tables whose drafts ``--into`` merges into a known record, and the link list merged with the citations."""


def merge_into(text: str, table: str, target: str, record: dict[str, Any]) -> tuple[str, list[str]]:
    """The curated file text of ``table`` with ``record``'s citations and new links (actors, parties)
    added to record ``target``."""
    key = MERGED[table]
    lines = text.split("\n")
    start, end = _block(lines, table, target)
    old = yaml.safe_load("\n".join(lines[start:end]))[0]
    done = []
    cites = [c for c in record.get("evidence", []) if c not in old.get("evidence", [])]
    known = {a["actor_id"] for a in old.get(key, [])}
    links = [a for a in record.get(key, []) if a["actor_id"] not in known]
    if links:
        at = _list_end(lines, start, end, key)
        if at is None:  # a new list goes just before the evidence list, as in the curated files
            at = next((i for i in range(start, end) if lines[i].startswith("  evidence:")), end)
            lines[at:at] = [f"  {key}:"]
            at += 1
            end += 1
        lines[at:at] = _items(links, flow=True)
        end += len(links)
        done.append(f"{len(links)} {'actor(s)' if key == 'actors' else 'party(ies)'}")
    if cites:
        at = _list_end(lines, start, end, "evidence")
        if at is None:
            lines[end:end] = ["  evidence:"]
            end += 1
            at = end
        lines[at:at] = _items(cites, flow=False)
        done.append(f"{len(cites)} citation(s)")
    return "\n".join(lines), done


REFERENCES = str(schema.table("external_references").curated_file)


def carry_references(text: str, table: str, record: dict[str, Any], same_as: str) -> tuple[str, int]:
    """The text of ``external_references.yaml`` with ``record`` linked to every reference that supports
    the known record ``same_as``'s value of each ``*_basis`` that ``record`` has as ``outside_reporting``
    (a draft that copies a known record's outside-reported date copies its references too), and how
    many links were added.

    >>> link = "{record_table: events, record_id: evt-a, basis_field: date_basis}"
    >>> text = f"- reference_id: ref-a\\n  links:\\n    - {link}\\n"
    >>> out, n = carry_references(text, "events", {"event_id": "evt-b", "date_basis": "outside_reporting"}, "evt-a")
    >>> n, yaml.safe_load(out)[0]["links"][1]["record_id"]
    (1, 'evt-b')
    """
    rid = record[_id_field(table) or ""]
    lines, added = text.split("\n"), 0
    for col in [c for c, v in record.items() if c.endswith("_basis") and v == "outside_reporting"]:
        for ref in yaml.safe_load("\n".join(lines)) or []:
            if {"record_table": table, "record_id": same_as, "basis_field": col} in ref.get("links", []):
                start, end = _block(lines, "external_references", ref["reference_id"])
                at = _list_end(lines, start, end, "links") or end
                lines[at:at] = _items([{"record_table": table, "record_id": rid, "basis_field": col}], flow=True)
                added += 1
    return "\n".join(lines), added


def _select(drafts: dict[str, list[dict[str, Any]]], ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not ids:
        return {t: list(rs) for t, rs in drafts.items()}
    chosen: dict[str, list[dict[str, Any]]] = {}
    found = set()
    for t, rs in drafts.items():
        key = _id_field(t)
        chosen[t] = [r for r in rs if (t == "exclusions" and "exclusions" in ids) or (key and r.get(key) in ids)]
        found |= {r.get(key) for r in chosen[t]} if key else set()
    missing = [i for i in ids if i not in found and i != "exclusions"]
    if missing:
        raise DataError([Problem(f"no draft record {cut(i)}", record_id=i, check="draft") for i in missing])
    return chosen


def accept(project: Project, draft_file: Path, ids: list[str] | None = None, into: str | None = None) -> Accepted:
    """Move the records ``ids`` (default: all) of ``draft_file`` into the project's ``data/``.

    With ``into``, the one selected event (or agreement) is merged into the known
    record ``into``: its citations and new actors (parties) are added there, and the
    selected records that pointed at it point at ``into``. Raises ``DataError`` (nothing written) when
    the draft is unreviewed or stale (:func:`sahel_dataset.curation.pending.check_draft`) or the result
    does not assemble.
    """
    drafts = read_draft(draft_file)
    chosen = _select(drafts, ids or [])
    draft_text = draft_file.read_text(encoding="utf-8")
    check_draft(draft_file, draft_text, drafts, chosen, load_known(project.data), project.seeds,
                pending(project.root, but=draft_file))
    report = Accepted()
    texts: dict[str, str] = {}

    def text_of(name: str) -> str:
        if name not in texts:
            path = project.data / name
            texts[name] = path.read_text(encoding="utf-8") if path.is_file() else ""
        return texts[name]

    merged: dict[str, Any] | None = None
    if into:
        picked = [(t, r) for t in MERGED for r in chosen.get(t, [])]
        if len(picked) != 1:
            raise DataError([Problem(f"--into merges one event or agreement; {len(picked)} selected",
                                     file=str(draft_file), check="draft")])
        table, merged = picked[0]
        key = _id_field(table) or ""
        name = str(schema.table(table).curated_file)
        texts[name], done = merge_into(text_of(name), table, into, merged)
        report.actions.append(f"merged {merged[key]} into {into}: " + (", ".join(done) or "nothing new"))
        chosen[table] = []
        for t, rs in chosen.items():
            for r in rs:
                if r.get(key) == merged[key]:
                    r[key] = into
                    report.actions.append(f"{r[_id_field(t) or 'seed']}: {key} {merged[key]} -> {into}")
    for t, rs in chosen.items():
        clean = [{k: v for k, v in r.items() if k != DRAFT_KEY} for r in rs]
        for r, c in zip(rs, clean, strict=True):
            same = (r.get(DRAFT_KEY) or {}).get("same_as")
            if same and t != "exclusions":
                texts[REFERENCES], n = carry_references(text_of(REFERENCES), t, c, same)
                if n:
                    report.actions.append(f"{c[_id_field(t) or '']}: {n} external reference link(s) as {same}")
        if not clean:
            continue
        name = EXCLUSIONS if t == "exclusions" else str(schema.table(t).curated_file)
        texts[name] = appended(text_of(name), t, clean)
        key = _id_field(t)
        names = ", ".join(str(r[key]) for r in clean) if key else f"{len(clean)} exclusion(s)"
        report.actions.append(f"added to data/{name}: {names}")
    _check(project, texts)
    taken = {id(r) for rs in chosen.values() for r in rs} | ({id(merged)} if merged else set())
    rest = {t: [r for r in rs if id(r) not in taken] for t, rs in drafts.items()}
    report.left = sum(len(v) for v in rest.values())
    found = read_stamp(draft_text)  # the seed's stamp stays; the records are reviewed now
    kept = stamp(found["seed"], found["sha256"], None) if found.get("seed") and found.get("sha256") else ""
    # every data file and the draft change together or not at all
    replace_files({**{project.data / name: text for name, text in texts.items()},
                   draft_file: header(draft_file.name, rest) + kept + dump_draft(rest)})
    report.actions.append(f"{report.left} draft record(s) left in {draft_file}")
    return report


def _check(project: Project, texts: dict[str, str]) -> None:
    """Assemble a scratch copy of the project with the new texts; raise DataError if it fails."""
    from ..pipeline.assemble import assemble

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Project(Path(tmp))
        shutil.copytree(project.data, scratch.data)
        shutil.copytree(project.seeds, scratch.seeds)
        for name, text in texts.items():
            (scratch.data / name).write_text(text, encoding="utf-8")
        assemble(scratch)
        load_exclusions(scratch.data / EXCLUSIONS, load_seeds(scratch.seeds))
