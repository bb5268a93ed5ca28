"""Move reviewed draft records into ``data/*.yaml``, keeping every byte already there.

Text appends, not a YAML round trip: PyYAML drops comments, and ruamel.yaml (not a
dependency) would still re-flow quoting and wrapping of the hand-written files. A
new record is appended at the end of its table's file, rendered in the curated
form (:func:`sahel_dataset.curation.records.dump_records`); merging an event
``--into`` a known one inserts its citations (and any new actors) as lines at the
end of that record's ``evidence`` (``actors``) list. Nothing is written unless
the result assembles (``sahel_dataset.pipeline.assemble.assemble`` on a scratch copy) and the
exclusions resolve; then each file is replaced atomically, and the accepted
records leave the draft file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import schema
from ..errors import DataError, Problem
from ..errors import shown as cut  # `shown` names a file here
from ..pipeline.seeds import load_seeds
from ..project import Project
from ..utils.atomic import atomic_write
from .coverage import EXCLUSIONS, load_exclusions
from .draft import header
from .records import DRAFT_KEY, _Dumper, appended, dump_draft


@dataclass
class Accepted:
    """What :func:`accept` did, one line per act, and the draft records left."""

    actions: list[str] = field(default_factory=list)
    left: int = 0


def _id_field(table: str) -> str | None:
    return None if table == "exclusions" else schema.table(table).id_field


def read_draft(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A draft file: a mapping of table name to a list of records (located errors otherwise)."""
    shown = str(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise DataError([Problem(f"cannot read the draft: {e}", file=shown, check="draft")]) from e
    if not isinstance(doc, dict):
        raise DataError([Problem("a draft is a mapping of table name to records", file=shown, check="draft")])
    known = set(schema.table_names()) | {"exclusions"}
    bad = [Problem(f"unknown table {cut(k, 60)}", file=shown, check="draft") for k in doc if k not in known]
    bad += [Problem("must be a list of records", file=shown, field=str(k), check="draft")
            for k, v in doc.items() if k in known and not isinstance(v or [], list)]
    if bad:
        raise DataError(bad)
    return {k: list(v or []) for k, v in doc.items()}


def _block(lines: list[str], table: str, rid: str) -> tuple[int, int]:
    """First and past-last line index of record ``rid`` in a curated file's lines."""
    key = _id_field(table)
    start = next((i for i, line in enumerate(lines)
                  if re.match(rf"^- +{key}: *['\"]?{re.escape(rid)}['\"]? *(?:#.*)?$", line)), None)
    if start is None:
        raise DataError([Problem(f"no record {rid!r} in data/{schema.table(table).curated_file}", record_id=rid,
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
    text = yaml.dump(items, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096,
                     default_flow_style=None if flow else False)
    if flow:
        text = "".join(f"- {{{', '.join(f'{k}: {v}' for k, v in x.items())}}}\n" for x in items)
    return ["    " + line for line in text.splitlines()]


def merge_into(text: str, target: str, event: dict[str, Any]) -> tuple[str, list[str]]:
    """``events.yaml`` text with ``event``'s citations and new actors added to record ``target``."""
    lines = text.split("\n")
    start, end = _block(lines, "events", target)
    old = yaml.safe_load("\n".join(lines[start:end]))[0]
    done = []
    cites = [c for c in event.get("evidence", []) if c not in old.get("evidence", [])]
    known = {a["actor_id"] for a in old.get("actors", [])}
    actors = [a for a in event.get("actors", []) if a["actor_id"] not in known]
    if actors:
        at = _list_end(lines, start, end, "actors")
        if at is None:  # a new actors list goes just before the evidence list, as in the curated files
            at = next((i for i in range(start, end) if lines[i].startswith("  evidence:")), end)
            lines[at:at] = ["  actors:"]
            at += 1
            end += 1
        lines[at:at] = _items(actors, flow=True)
        end += len(actors)
        done.append(f"{len(actors)} actor(s)")
    if cites:
        at = _list_end(lines, start, end, "evidence")
        if at is None:
            lines[end:end] = ["  evidence:"]
            end += 1
            at = end
        lines[at:at] = _items(cites, flow=False)
        done.append(f"{len(cites)} citation(s)")
    return "\n".join(lines), done


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
        raise DataError([Problem(f"no draft record {i!r}", record_id=i, check="draft") for i in missing])
    return chosen


def accept(project: Project, draft_file: Path, ids: list[str] | None = None, into: str | None = None) -> Accepted:
    """Move the records ``ids`` (default: all) of ``draft_file`` into the project's ``data/``.

    With ``into``, the one selected event is merged into the known event ``into``:
    its citations and new actors are added there, and the selected records that
    pointed at it point at ``into``. Raises ``DataError`` (nothing written) when
    the result does not assemble.
    """
    drafts = read_draft(draft_file)
    chosen = _select(drafts, ids or [])
    report = Accepted()
    texts: dict[str, str] = {}

    def text_of(name: str) -> str:
        if name not in texts:
            path = project.data / name
            texts[name] = path.read_text(encoding="utf-8") if path.is_file() else ""
        return texts[name]

    if into:
        events = chosen.get("events", [])
        if len(events) != 1:
            raise DataError([Problem(f"--into merges one event; {len(events)} selected", file=str(draft_file),
                                     check="draft")])
        merged = events[0]
        texts["events.yaml"], done = merge_into(text_of("events.yaml"), into, merged)
        report.actions.append(f"merged {merged['event_id']} into {into}: " + (", ".join(done) or "nothing new"))
        chosen["events"] = []
        for t, rs in chosen.items():
            for r in rs:
                if r.get("event_id") == merged["event_id"] and t != "events":
                    r["event_id"] = into
                    report.actions.append(f"{r[_id_field(t) or 'seed']}: event_id {merged['event_id']} -> {into}")
    for t, rs in chosen.items():
        clean = [{k: v for k, v in r.items() if k != DRAFT_KEY} for r in rs]
        if not clean:
            continue
        name = EXCLUSIONS if t == "exclusions" else str(schema.table(t).curated_file)
        texts[name] = appended(text_of(name), t, clean)
        key = _id_field(t)
        names = ", ".join(str(r[key]) for r in clean) if key else f"{len(clean)} exclusion(s)"
        report.actions.append(f"added to data/{name}: {names}")
    _check(project, texts)
    for name, text in texts.items():
        atomic_write(project.data / name, text)
    taken = {id(r) for rs in chosen.values() for r in rs} | ({id(merged)} if into else set())
    rest = {t: [r for r in rs if id(r) not in taken] for t, rs in drafts.items()}
    report.left = sum(len(v) for v in rest.values())
    atomic_write(draft_file, header(draft_file.name, rest) + dump_draft(rest))
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
