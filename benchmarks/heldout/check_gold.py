"""Check the held-out benchmark's articles and gold records against the project's rules.

Run from the repository root (exit 1 and one line per problem when anything is wrong):

    python benchmarks/heldout/check_gold.py

It checks what must hold before any drafter is scored on the articles: each article
starts with the test-article header line and a blank line, is plain UTF-8 with LF line
endings; each gold file parses with ``yaml.safe_load``; every evidence quote occurs in
the article text after the header (once, or with ``occurrence``); every id has its
table's pattern and is unique across all gold files and ``data/``; every actor,
location, event and agreement a record refers to exists in ``data/`` or in the same
gold file; ``same_as`` names a curated event; counts and amounts follow the hedge
policy (``schema/v1/rules/policies.json``, through :mod:`sahel_dataset.pipeline.hedges`);
precisions are the width of their intervals (:func:`sahel_dataset.pipeline.dates.precision_of`);
a deployment id ends with the year and month of ``as_of_start``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from sahel_dataset.pipeline.dates import precision_of
from sahel_dataset.pipeline.hedges import expected_bounds

ROOT = Path(__file__).resolve().parents[2]
HEADER = "TEST ARTICLE: written for the sahel-dataset drafting benchmark; not a news source."
GOLD_COMMENT = "# Gold records for a TEST ARTICLE written for the sahel-dataset drafting benchmark; not a source."
ID_FIELD = {"events": "event_id", "deployments": "deployment_id", "quotes": "quote_id", "agreements": "agreement_id",
            "figures": "figure_id", "actors": "actor_id", "locations": "location_id"}
DATE_GROUPS = {"events": ["date"], "deployments": ["as_of"], "agreements": ["began", "ended"]}
PREFIX = {"events": "evt", "deployments": "dep", "quotes": "quo", "agreements": "agr", "figures": "fig",
          "actors": "act", "locations": "loc"}
NEW_RECORD_TABLES = {"actors", "locations"}
BOUNDS = {"deployments": ("count_text", "count_hedge", "count"), "figures": ("amount_text", "amount_hedge", "amount")}
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufeff]")


def body(article: Path) -> str:
    """The text the benchmark drafts: everything after the header line and its blank line.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text(HEADER + "\\n\\nNIAMEY, Niger (AP) — Text.\\n", encoding="utf-8")
    >>> body(p)
    'NIAMEY, Niger (AP) — Text.\\n'
    """
    text = article.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n\n")
    if head != HEADER:
        raise ValueError(f"{article}: the first line is not the test-article header followed by a blank line")
    return rest


def curated_ids() -> dict[str, set[str]]:
    """The ids of ``data/<table>.yaml`` per table (events, actors, locations, agreements ...)."""
    ids: dict[str, set[str]] = {}
    for table, field in ID_FIELD.items():
        records = yaml.safe_load((ROOT / "data" / f"{table}.yaml").read_text(encoding="utf-8")) or []
        ids[table] = {r[field] for r in records}
    return ids


def _evidence(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from record.get("evidence") or []


def _check_article(article: Path) -> Iterator[str]:
    raw = article.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw:
        yield f"{article}: BOM or CR line ending"
    text = raw.decode("utf-8")
    if CONTROL.search(text):
        yield f"{article}: control or bidi character"
    words = len(body(article).split())
    if not 150 <= words <= 450:
        yield f"{article}: {words} words, not 150-450"


def _check_quotes(where: str, record: dict[str, Any], text: str) -> Iterator[str]:
    for item in _evidence(record):
        if set(item) - {"quote", "occurrence", "field"}:
            yield f"{where}: evidence keys {sorted(item)}, expected quote (occurrence, field)"
        quote = str(item.get("quote", ""))
        count = text.count(quote)
        if count == 0:
            yield f"{where}: quote not in the article: {quote!r}"
        elif count > 1 and not 1 <= int(item.get("occurrence", 0)) <= count:
            yield f"{where}: quote occurs {count} times and needs occurrence: {quote!r}"


def _check_bounds(where: str, table: str, record: dict[str, Any]) -> Iterator[str]:
    text_field, hedge_field, prefix = BOUNDS[table]
    try:
        expected, rule = expected_bounds(record.get(text_field), record.get(hedge_field))
    except ValueError as err:
        yield f"{where}: {err}"
        return
    for bound, value in expected.items():
        got = record.get(f"{prefix}_{bound}")
        if (None if got is None else float(got)) != (None if value is None else float(value)):
            yield f"{where}: {prefix}_{bound} is {got}, the hedge policy ({rule}) gives {value}"


def _check_dates(where: str, table: str, record: dict[str, Any]) -> Iterator[str]:
    for group in DATE_GROUPS.get(table, []):
        start, end = record.get(f"{group}_start"), record.get(f"{group}_end")
        if any(d is not None and not isinstance(d, dt.date) for d in (start, end)):
            yield f"{where}: {group}_start/{group}_end are not ISO dates"
            continue
        if start and end and end < start:
            yield f"{where}: {group}_end before {group}_start"
        width = precision_of(start, end)
        if record.get(f"{group}_precision") != width:
            yield f"{where}: {group}_precision {record.get(f'{group}_precision')!r}, its width gives {width!r}"
    if table == "events" and record.get("status") in {"occurred", "attempted_failed"} and not (
            record.get("date_end") and record.get("date_basis")):
        yield f"{where}: status {record['status']} requires date_end and date_basis"
    if table == "deployments":
        start = record.get("as_of_start")
        if isinstance(start, dt.date) and not record["deployment_id"].endswith(start.strftime("-%Y-%m")):
            yield f"{where}: a deployment id ends with the year and month of as_of_start"


def _refs(table: str, record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(table, id) pairs a record refers to."""
    for key, target in (("sending_actor_id", "actors"), ("speaker_actor_id", "actors"), ("actor_id", "actors"),
                        ("parent_actor_id", "actors"), ("host_location_id", "locations"),
                        ("location_id", "locations"), ("to_location_id", "locations"),
                        ("within_location_id", "locations"), ("near_location_id", "locations"),
                        ("event_id", "events"), ("agreement_id", "agreements"),
                        ("parent_agreement_id", "agreements")):
        if key != ID_FIELD[table] and record.get(key):
            yield target, record[key]
    for link in (record.get("actors") or []) + (record.get("parties") or []):
        yield "actors", link["actor_id"]


def check(folder: Path) -> list[str]:
    """Every problem with the articles and gold files under ``folder`` (empty when all is well)."""
    problems: list[str] = []
    curated = curated_ids()
    seen: dict[str, str] = {i: "data/" for ids in curated.values() for i in ids}
    new_records: dict[str, tuple[Any, Any]] = {}
    for gold_path in sorted(folder.rglob("*.gold.yaml")):
        raw = gold_path.read_text(encoding="utf-8")
        if not raw.startswith(GOLD_COMMENT + "\n"):
            problems.append(f"{gold_path}: does not start with the gold-file comment")
        try:
            gold = yaml.safe_load(raw)
        except yaml.YAMLError as err:
            problems.append(f"{gold_path}: not valid YAML: {' '.join(str(err).split())}")
            continue
        article = gold_path.with_name(gold["article"])
        if gold["article"] != gold_path.name.removesuffix(".gold.yaml") + ".txt" or not article.is_file():
            problems.append(f"{gold_path}: article {gold['article']!r} is not the .txt beside it")
            continue
        problems += _check_article(article)
        text = body(article)
        if not isinstance(gold.get("published"), dt.date) or not isinstance(gold.get("published_in_text"), bool):
            problems.append(f"{gold_path}: published must be a date and published_in_text a boolean")
        records: dict[str, list[dict[str, Any]]] = gold.get("records") or {}
        own = {table: {r[ID_FIELD[table]] for r in records.get(table) or []} for table in ID_FIELD}
        for table, rows in records.items():
            if table not in ID_FIELD:
                problems.append(f"{gold_path}: unknown table {table!r}")
                continue
            for record in rows or []:
                rid = record[ID_FIELD[table]]
                where = f"{gold_path.relative_to(folder)} {rid}"
                if not re.fullmatch(rf"{PREFIX[table]}-[a-z0-9]+(?:-[a-z0-9]+)*", rid):
                    problems.append(f"{where}: id does not have the {table} pattern")
                # Each article is drafted against data/ alone, so an actor or place that data/ lacks is new in
                # every gold file that names it: the same id may recur there, for the same name and type.
                shared = table in NEW_RECORD_TABLES and rid not in curated[table]
                kind = (record.get("name"), record.get(f"{table[:-1]}_type"))
                if shared and new_records.setdefault(rid, kind) != kind:
                    problems.append(f"{where}: another gold file gives this id another name or type")
                elif not shared and rid in seen:
                    problems.append(f"{where}: id already used in {seen[rid]}")
                seen[rid] = str(gold_path.relative_to(folder))
                if table not in {"actors", "locations"} and not list(_evidence(record)):
                    problems.append(f"{where}: no evidence")
                problems += _check_quotes(where, record, text)
                if table == "quotes" and record.get("text") != next(_evidence(record), {}).get("quote"):
                    problems.append(f"{where}: text is not the first evidence quote (the build stores that as text)")
                problems += _check_dates(where, table, record)
                if table in BOUNDS:
                    problems += _check_bounds(where, table, record)
                if record.get("same_as") and record["same_as"] not in curated["events"]:
                    problems.append(f"{where}: same_as {record['same_as']} is no curated event")
                for target, ref in _refs(table, record):
                    if ref not in curated[target] and ref not in own[target]:
                        problems.append(f"{where}: {ref} is neither in data/{target}.yaml nor in this gold file")
    return problems


def main() -> int:
    """Print each problem and return 1, or print a summary and return 0."""
    folder = Path(__file__).resolve().parent
    problems = check(folder)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{len(list(folder.rglob('*.gold.yaml')))} gold files: all checks pass")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
