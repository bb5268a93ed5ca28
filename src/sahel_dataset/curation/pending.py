"""Drafts that know each other: the pending draft files, the stamp ``draft`` writes, and what
``accept`` checks before it writes anything.

A curator may draft a second article before accepting the first. ``draft`` then reads
the pending drafts (``drafts/*.yaml``): their proposed actors and places count as known
(the new draft reuses their ids instead of proposing them again), and no id of the new
draft collides with one of theirs or of ``data/``. ``draft`` stamps each file with the
seed's sha256 and a fingerprint of the records as drafted; ``accept`` refuses a draft
nobody has reviewed (the records still match the fingerprint) and one gone stale (its
seed changed, its ids are now taken in ``data/``, or a record it refers to is gone),
saying what to do.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ..core import schema
from ..core.errors import DataError, Problem, UsageError
from ..core.hashing import sha256_file
from ..utils.reading import read_regular
from ..utils.yamlio import MAX_BYTES, parse_yaml

DRAFTS = "drafts"
"""The folder of pending draft files under the project root (``draft``'s default output)."""
STAMP = "# sahel-dataset draft stamp:"
"""The comment line ``draft`` writes into a draft file (seed, its sha256, the records' fingerprint)."""
SHARED = ("actors", "locations")
"""The tables whose proposals a later draft reuses instead of proposing them again."""

Records = dict[str, list[dict[str, Any]]]


def fingerprint(records: Records) -> str:
    """A digest of draft records as parsed (not of their text: re-indenting is no review).

    >>> fingerprint({"events": [{"event_id": "evt-a"}]}) == fingerprint({"events": [{"event_id": "evt-a"}]})
    True
    """
    body = json.dumps({k: v for k, v in records.items() if v}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def stamp(seed: str, seed_sha256: str, records: Records | None) -> str:
    """The stamp line (``records`` None: the records were reviewed, no fingerprint kept).

    >>> stamp("005_x.txt", "ab" * 32, None)[29:]
    'seed=005_x.txt sha256=abababababababababababababababababababababababababababababababab\\n'
    """
    tail = f" records={fingerprint(records)}" if records is not None else ""
    return f"{STAMP} seed={seed} sha256={seed_sha256}{tail}\n"


def read_stamp(text: str) -> dict[str, str]:
    """The stamp's fields in a draft file's text (empty when it has none).

    >>> read_stamp(stamp("005_x.txt", "0" * 64, None))["seed"]
    '005_x.txt'
    """
    line = next((ln for ln in text.splitlines() if ln.startswith(STAMP)), "")
    return dict(re.findall(r"(\w+)=(\S+)", line[len(STAMP):]))


def pending(root: Path, but: Path | None = None) -> dict[Path, Records]:
    """Every readable draft file in ``root/drafts`` (but ``but``), by path."""
    out: dict[Path, Records] = {}
    folder = root / DRAFTS
    skip = but.resolve() if but is not None else None
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.resolve() == skip:
            continue
        try:  # read as accept reads a draft: a bounded regular file, safe YAML
            doc = parse_yaml(read_regular(path, MAX_BYTES, within=folder), str(path)).data
        except (DataError, UsageError):
            continue  # a file being edited: accept reports it when it is accepted
        if isinstance(doc, dict):
            out[path] = {str(k): [r for r in v if isinstance(r, dict)] for k, v in doc.items() if isinstance(v, list)}
    return out


def with_pending(known: Records, drafts: dict[Path, Records]) -> Records:
    """``known`` with the actors and places the pending ``drafts`` propose, so a new draft reuses them."""
    out = dict(known)
    for table in SHARED:
        extra = [r for d in drafts.values() for r in d.get(table, [])]
        if extra:
            out[table] = [*known.get(table, []), *extra]
    return out


def _id_field(table: str) -> str | None:
    return None if table == "exclusions" else schema.table(table).id_field


def ids_of(records: Records) -> set[str]:
    """The primary ids of draft or curated records."""
    return {str(r[key]) for t, rs in records.items() if (key := _id_field(t)) for r in rs if r.get(key)}


def _rename(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {k: _rename(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, old, new) for v in value]
    return new if value == old else value


def avoid(out: Records, taken: set[str]) -> list[tuple[str, str]]:
    """Rename, in place, each drafted id that ``taken`` holds (numbered before the seed's tail), and every
    reference to it; the renames made.

    >>> d = {"events": [{"event_id": "evt-coup-005"}], "quotes": [{"quote_id": "quo-a", "event_id": "evt-coup-005"}]}
    >>> avoid(d, {"evt-coup-005"}), d["quotes"][0]["event_id"]
    ([('evt-coup-005', 'evt-coup-2-005')], 'evt-coup-2-005')
    """
    renames = []
    used = taken | ids_of(out)
    for table in list(out):
        key = _id_field(table)
        for r in out[table] if key else []:
            old = str(r.get(key, ""))
            if old not in taken:
                continue
            t = re.search(r"-\d{4}-\d{2}$|-\d{3}$", old)  # the tail the id rules keep last
            tail = t.group(0) if t else ""
            m = re.fullmatch(r"(.+)-(\d{1,2})", old[:len(old) - len(tail)])
            base, n = (m.group(1), int(m.group(2))) if m else (old[:len(old) - len(tail)], 1)
            new = old
            while new in used:
                n += 1
                new = f"{base}-{n}{tail}"
            used.add(new)
            renames.append((old, new))
    for old, new in renames:
        for table in out:
            out[table] = _rename(out[table], old, new)
    return renames


def references(table: str, record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The (field, table, id) a record's foreign keys point at, its link lists' included."""
    if table == "exclusions":
        return []
    t = schema.table(table)
    refs = [(fk.field, fk.table, record[fk.field]) for fk in t.foreign_keys if isinstance(record.get(fk.field), str)]
    for child in t.children:
        if child.scalar:
            continue
        for item in record.get(child.key) or []:
            for fk in schema.table(child.table).foreign_keys:
                if fk.field != child.parent_field and isinstance(item, dict) and isinstance(item.get(fk.field), str):
                    refs.append((f"{child.key}.{fk.field}", fk.table, item[fk.field]))
    return refs


def check_draft(draft_file: Path, text: str, drafts: Records, chosen: Records, data: Records, seeds: Path,
                others: dict[Path, Records]) -> None:
    """Refuse (``DataError``, one located problem each, saying what to do) a draft that is unreviewed or stale."""
    shown = str(draft_file)
    found = read_stamp(text)
    seed = found.get("seed", "")
    problems: list[Problem] = []
    if found.get("records") and found["records"] == fingerprint(drafts):
        problems.append(Problem(
            "unreviewed: the records are exactly as `sahel-dataset draft` wrote them; review them first "
            "(fix or delete each wrong record; on one you checked and keep as it is, set `reviewed: true` in its "
            "`draft` note), then accept",
            file=shown, check="draft"))
    if seed and found.get("sha256"):
        path = seeds / seed
        now = sha256_file(path) if path.is_file() else None
        if now != found["sha256"]:
            why = "is no longer in seeds/" if now is None else "has changed"
            problems.append(Problem(f"stale: the seed {seed} {why} since this draft was written; draft it again "
                                    f"with `sahel-dataset draft {seed[:3]} --force`", file=shown, check="draft"))
    in_data = ids_of(data)
    here = ids_of(drafts)
    elsewhere = {rid: path for path, d in others.items() for rid in ids_of(d)}
    for table, records in chosen.items():
        key = _id_field(table)
        for r in records:
            rid = str(r.get(key, "")) if key else ""
            if rid and rid in in_data:
                problems.append(Problem(
                    f"stale: {rid} is already in data/{schema.table(table).curated_file} (accepted before, or "
                    f"added since this draft was written): delete it from the draft, or rename it and what "
                    f"refers to it", file=shown, record_id=rid, field=key, check="draft"))
            for fld, target, value in references(table, r):
                if value in in_data or value in here:
                    continue
                if value in elsewhere:
                    why = (f"{value} is proposed by {elsewhere[value]}, not yet accepted: accept that draft (or "
                           f"its record {value}) first")
                else:
                    why = (f"stale: {value} ({target}) is in neither data/ nor this draft (removed since it was "
                           f"drafted?): point {fld} at an existing record or delete the record")
                problems.append(Problem(why, file=shown, record_id=rid or None, field=fld, check="draft"))
    if problems:
        raise DataError(problems)
