"""What a ``sources`` record says about its article's publication: read from the text where the
text states it, else stated by the curator (``add-source``/``set-source`` options), never guessed.

A date is read from the text only in the two places a news report states its own date:
a dateline that carries one (``NIAMEY, Niger, July 7, 2024 --``, or a line that opens
with the date) and a dated byline (``By Jane Doe | Sept. 16, 2024``, ``Published:
16 September 2024``). Anything else (the latest event the article reports, a date in
its body) dates the events, not the article: the curator states the date instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

from ..core.errors import DataError, Problem
from ..project import Project
from .records import appended, cite, dump_records

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = rf"(?:{_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_STATED = (
    ("a line that opens with a date", re.compile(rf"^({_DATE})(?=[\s\u2014\u2013-]|$)", re.M)),
    ("a dateline with a date", re.compile(
        rf"^[A-Z]{{3,}}[A-Z .'\u2019-]*(?:,[^\n\u2014\u2013]{{0,40}}?)?[,\s]\s*({_DATE})(?=[\s,(\u2014\u2013-])",
        re.M)),
    ("a dated byline", re.compile(
        rf"^(?:(?:Written |Posted )?By [A-Z][^\n]{{0,80}}?|(?:Published|Posted)(?: on)?:?)\s*[|,\u2014\u2013-]?\s*"
        rf"({_DATE})", re.M)),
)
SET_COMMAND = "sahel-dataset set-source {number} --published YYYY-MM-DD --url URL"
"""The command that sets a seed's publication date, as error messages show it."""


def parse_date(text: str) -> dt.date:
    """A calendar date written ``2024-07-07``, ``July 7, 2024``, ``7 July 2024`` or ``Sept. 16, 2024``.

    >>> parse_date("Sept. 16, 2024"), parse_date("7 July, 2024"), parse_date("2024-02-29")
    (datetime.date(2024, 9, 16), datetime.date(2024, 7, 7), datetime.date(2024, 2, 29))
    >>> parse_date("2023-02-29")
    Traceback (most recent call last):
    ValueError: 2023-02-29 is not a calendar date (YYYY-MM-DD)
    """
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    try:
        if iso:
            return dt.date(*map(int, iso.groups()))
        words = re.sub(r"[.,]", " ", text).split()
        day, year = (int(w) for w in words if w.isdigit())
        month = next(w for w in words if not w.isdigit())[:3].lower()
        return dt.date(year, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                              "dec"].index(month) + 1, day)
    except (ValueError, StopIteration) as e:
        raise ValueError(f"{text} is not a calendar date (YYYY-MM-DD)") from e


def check_url(url: str) -> str:
    """``url`` if it is an http or https address with a host, else ``ValueError`` saying why.

    >>> check_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> check_url("ftp://example.org")
    Traceback (most recent call last):
    ValueError: ftp://example.org is not an http:// or https:// address
    """
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s\x00-\x1f\x7f]", url):
        raise ValueError(f"{url} is not an http:// or https:// address")
    return url


def stated_publication(seed: str, text: str) -> dict[str, Any]:
    """The publication fields a seed's text states (a dated dateline or byline), with the reason and
    the citation; ``{}`` when the text states none.

    >>> text = "Title\\nNIAMEY, Niger, July 7, 2024 (Wire) \\u2014 The US left."
    >>> stated_publication("009_x.txt", text)["published_note"]
    "Stated in the text: a dateline with a date ('July 7, 2024')."
    >>> stated_publication("009_x.txt", "Russian instructors arrived in early April 2024.")
    {}
    """
    for why, pattern in _STATED:
        m = pattern.search(text)
        if not m:
            continue
        try:
            day = parse_date(m.group(1))
        except ValueError:
            continue
        return {"published_text": m.group(1), "published_start": day, "published_end": day,
                "published_precision": "day", "published_basis": "stated",
                "published_note": f"Stated in the text: {why} ({m.group(1)!r}).",
                "evidence": [cite(seed, text, m.start(1), m.end(1), "published_text")]}
    return {}


def curator_publication(day: dt.date, stated: dict[str, Any]) -> dict[str, Any]:
    """The publication fields for a date the curator states (``--published``), beside what the text states.

    >>> curator_publication(dt.date(2024, 7, 8), {})["published_basis"]
    'outside_reporting'
    """
    if stated.get("published_start") == day:
        return {**stated, "published_note": stated["published_note"] + " The curator stated the same date."}
    seen = f" The text states {stated['published_text']!r}." if stated else " The text states no date."
    return {"published_start": day, "published_end": day, "published_precision": "day",
            "published_basis": "outside_reporting",
            "published_note": f"Stated by the curator (--published {day.isoformat()}).{seen}"}


def no_publication(number: str) -> str:
    """What a source without a publication date says, and the command that sets it."""
    return ("The text states no publication date (no dateline with a date, no dated byline): set it with "
            f"`{SET_COMMAND.format(number=number)}`.")


def unset_publication(source: dict[str, Any], number: str) -> str | None:
    """The one-line refusal for drafting a seed whose source has no publication date, else None.

    >>> unset_publication({"source_id": "src-009"}, "009")[:60]
    'src-009 has no publication date, so relative dates ("on Frid'
    """
    if source.get("published_start"):
        return None
    return (f"{source.get('source_id', 'the source')} has no publication date, so relative dates "
            f"(\"on Friday\", \"last month\") cannot be resolved: set it with `{SET_COMMAND.format(number=number)}`")


def stated_fields(seed: str, text: str, published: dt.date | None = None, url: str | None = None,
                  publisher: str | None = None, title: str | None = None) -> dict[str, Any]:
    """The fields a curator states with ``--published/--url/--publisher/--title``, checked (``ValueError``)."""
    rec: dict[str, Any] = {}
    if published is not None:
        rec.update(curator_publication(published, stated_publication(seed, text)))
    if url is not None:
        rec["url"] = check_url(url)
    if publisher is not None:
        rec["publisher"] = _one_line(publisher, "--publisher")
    if title is not None:
        rec["title"] = _one_line(title, "--title")
        rec["label"] = f"Article: {rec['title']}"
    return rec


def _one_line(value: str, option: str) -> str:
    value = value.strip()
    if not value or len(value) > 500 or re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", value):
        raise ValueError(f"{option}: one line of 1 to 500 printable characters")
    return value


def merge_stated(record: dict[str, Any], stated: dict[str, Any], text: str) -> dict[str, Any]:
    """``record`` (a ``sources`` record) with the curator's ``stated`` fields: citations of fields they
    replace are dropped, a title the seed does not hold is noted."""
    out = {**record, **{k: v for k, v in stated.items() if k != "evidence"}}
    replaced = set(stated) & {"title", "published_text"}
    if "published_start" in stated and "published_text" not in stated:
        out.pop("published_text", None)
        replaced.add("published_text")
    evidence = [c for c in record.get("evidence", []) if c.get("field") not in replaced]
    evidence += stated.get("evidence", [])
    if "title" in stated and stated["title"] in text:
        at = text.index(stated["title"])
        evidence.append(cite(str(record["file"]), text, at, at + len(stated["title"]), "title"))
    elif "title" in stated:
        out["note"] = "The title is the curator's (--title); the seed does not state it."
    out.pop("evidence", None)
    if evidence:
        out["evidence"] = evidence
    return out


REFERENCES = "external_references.yaml"
"""The curated file of outside references, where a curator-stated publication date names its page."""


def publication_reference(record: dict[str, Any]) -> dict[str, Any] | None:
    """The ``external_references`` record a ``sources`` record needs when its publication date is the
    curator's (``outside_reporting``): the article's own page (``--url``), linked to ``published_basis``;
    ``ValueError`` when no page was given.

    >>> r = publication_reference({"source_id": "src-009", "file": "009_x.txt", "published_basis": "outside_reporting",
    ...     "published_start": dt.date(2024, 7, 8), "url": "https://example.org/a"})
    >>> r["reference_id"], r["publisher"], r["links"][0]["basis_field"]
    ('ref-publication-of-009', 'example.org', 'published_basis')
    """
    if record.get("published_basis") != "outside_reporting":
        return None
    sid = record["source_id"]
    if not record.get("url"):
        raise ValueError("--published: the text does not state this date, so say where it is shown: give the "
                         "article's page with --url (it becomes the date's external reference)")
    from urllib.parse import urlsplit

    ref: dict[str, Any] = {
        "reference_id": f"ref-publication-of-{record['file'][:3]}",
        "publisher": record.get("publisher") or urlsplit(record["url"]).netloc,
        "title": record.get("title"), "url": record["url"], "published": record["published_start"],
        "supports": f"The publication date of {sid} ({record['file']}), as the article's page shows it "
                    f"(stated by the curator with --published).",
        "links": [{"record_table": "sources", "record_id": sid, "basis_field": "published_basis"}]}
    if not record.get("publisher"):
        ref["note"] = "No --publisher given: the publisher is the address's host."
    return {k: v for k, v in ref.items() if v is not None}


def _replaced(text: str, table: str, match: Callable[[dict[str, Any]], bool],
              new: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """``text`` (a curated file) with the first record ``match`` accepts replaced by ``new`` (rendered as the
    curated files are; the lines before and after kept byte for byte), and the record replaced; None if none."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("- ")]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        record = (yaml.safe_load("\n".join(lines[start:end])) or [{}])[0]
        if isinstance(record, dict) and match(record):
            while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
                end -= 1  # a comment above the next record belongs to it
            lines[start:end] = dump_records(table, [new]).rstrip("\n").split("\n")
            return "\n".join(lines), record
    return None


def set_source(project: Project, seed: str, text: str, stated: dict[str, Any]) -> dict[str, Any]:
    """Replace the ``sources`` record of ``seed`` in ``data/sources.yaml`` with ``stated`` merged in (and
    add or replace the publication date's external reference when the date is the curator's); every
    other byte of the files is kept, and both change or neither. Returns the new record."""
    from ..utils.outputs import replace_files

    path, refs = project.data / "sources.yaml", project.data / REFERENCES
    current = path.read_text(encoding="utf-8")
    old = next((r for r in (yaml.safe_load(current) or []) if isinstance(r, dict) and r.get("file") == seed), None)
    if old is None:
        raise DataError([Problem(f"no sources record for {seed}", file="data/sources.yaml", check="sources")])
    new = merge_stated(old, stated, text)
    done = _replaced(current, "sources", lambda r: r.get("file") == seed, new)
    files = {path: done[0] if done else current}
    ref = publication_reference(new)
    if ref:
        before = refs.read_text(encoding="utf-8") if refs.is_file() else ""
        again = _replaced(before, "external_references", lambda r: r.get("reference_id") == ref["reference_id"],
                          ref)
        files[refs] = again[0] if again else appended(before, "external_references", [ref])
    replace_files(files)
    return new
