"""Commands for the next article: add-source, draft, accept (issue 15).

``register(app)`` adds them to the ``sahel-dataset`` typer app. Exit codes: 0
success, 1 refused input or data that would not build (every problem listed,
nothing written), 2 usage errors (no project, unknown seed, an output that
exists or lies in ``data/``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from ...core.atomic import atomic_write
from ...core.errors import UsageError
from ...project import Project
from ...utils.outputs import check_file_output, starts_with
from ..common import ProjectOpt, err, fail, fail_usage, out, project_or_exit, say


def _date_option(value: str | None) -> dt.date | None:
    from ...curation.sources import parse_date

    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value}: write the date as YYYY-MM-DD")
    try:
        return parse_date(value)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e


def _url_option(value: str | None) -> str | None:
    from ...curation.sources import check_url

    try:
        return None if value is None else check_url(value)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e


PublishedOpt = Annotated[str | None, typer.Option(
    "--published", help="The publication date, YYYY-MM-DD, as the curator knows it (outside the text).",
    callback=_date_option)]
UrlOpt = Annotated[str | None, typer.Option("--url", help="Where the article was published (http or https).",
                                            callback=_url_option)]
PublisherOpt = Annotated[str | None, typer.Option("--publisher", help="The outlet or agency that published it.")]
TitleOpt = Annotated[str | None, typer.Option("--title", help="The headline, when the text's first line is not it.")]


def _show_source(src: dict[str, Any]) -> None:
    for key in ("title", "dateline", "attribution", "publisher", "url", "published_text"):
        if src.get(key):
            out.print(f"  {key}: {src[key]}", markup=False)
    when = (f"{src['published_start']}..{src['published_end']} ({src.get('published_basis')})"
            if src.get("published_start") else "not set")
    out.print(f"  published: {when}" + (f"\n  note: {src['published_note']}" if src.get("published_note") else ""),
              markup=False)


def add_source(
    file: Annotated[Path, typer.Argument(help="The article: a UTF-8 text file, copied byte for byte.")],
    published: PublishedOpt = None,
    url: UrlOpt = None,
    publisher: PublisherOpt = None,
    title: TitleOpt = None,
    project: ProjectOpt = None,
) -> None:
    """Add an article as the next seed: copy, manifest row, and a data/sources.yaml record.

    The publication date is read from the text only where it states it (a dateline with a
    date, a dated byline); otherwise give it with --published, or set it later with set-source.

    Example: `sahel-dataset add-source article.txt --published 2024-07-08 --publisher "Wire"`
    """
    from ...core.errors import DataError
    from ...curation.add_source import add_source as run

    proj = project_or_exit(project)
    stated = {k: v for k, v in {"published": published, "url": url, "publisher": publisher,
                                "title": title}.items() if v is not None}
    try:
        added = run(proj, file, stated)
    except ValueError as e:
        say("error", str(e))
        raise typer.Exit(2) from e
    except DataError as e:
        fail(e)
    except UsageError as e:
        fail_usage(e)
    src = added.source
    out.print(f"added seeds/{added.seed} and its manifest row; data/sources.yaml: {src['source_id']}", markup=False)
    _show_source(src)
    out.print(f"next: sahel-dataset draft {added.seed[:3]}", markup=False)


def set_source(
    seed: Annotated[str, typer.Argument(help="The seed: file name, path, number (005) or source id (src-005).")],
    published: PublishedOpt = None,
    url: UrlOpt = None,
    publisher: PublisherOpt = None,
    title: TitleOpt = None,
    project: ProjectOpt = None,
) -> None:
    """State what the text of a seed does not: its publication date, address, publisher or title.

    Rewrites only that seed's record in data/sources.yaml (every other byte is kept).

    Example: `sahel-dataset set-source 005 --published 2024-07-08 --url https://example.org/a`
    """
    from ...core.errors import DataError
    from ...curation.sources import set_source as run
    from ...curation.sources import stated_fields

    if published is None and url is None and publisher is None and title is None:
        say("error", "nothing to set: give --published, --url, --publisher or --title")
        raise typer.Exit(2)
    proj, name, seeds, _ = _seed_or_exit(project, seed)
    try:
        src = run(proj, name, seeds[name], stated_fields(name, seeds[name], published, url, publisher, title))
    except ValueError as e:
        say("error", str(e))
        raise typer.Exit(2) from e
    except DataError as e:
        fail(e)
    out.print(f"data/sources.yaml: {src['source_id']} ({name})", markup=False)
    _show_source(src)


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when it lies inside it (as the curator typed it)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _seed_or_exit(project: Path | None, seed: str) -> tuple[Project, str, dict[str, str], dict[str, Any]]:
    """The project, the seed meant by ``seed``, every seed's text and the curated records (exit 1 or 2)."""
    from ...core.errors import DataError
    from ...curation.draft import load_known
    from ...curation.workspace import Workspace
    from ...pipeline.seeds import load_seeds

    proj = project_or_exit(project)
    try:
        seeds = load_seeds(proj.seeds)
        known = load_known(proj.data)
    except DataError as e:
        fail(e)
    try:
        name = Workspace(known, seeds, proj.root).seed(seed)
    except LookupError as e:
        say("error", str(e))
        raise typer.Exit(2) from e
    return proj, name, seeds, known


def draft(
    seed: Annotated[str, typer.Argument(help="The seed: file name, path, number (004) or source id (src-004).")],
    out_file: Annotated[Path | None, typer.Option(
        "--out", help="The draft file to write (default: drafts/NNN.yaml; never inside data/).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing draft file.")] = False,
    project: ProjectOpt = None,
) -> None:
    """Draft verified records for a seed, each value with its reason, for review.

    Example: `sahel-dataset draft 004 --out drafts/004.yaml`
    """
    from ...core.hashing import sha256_file
    from ...curation.draft import DRAFT_START, header
    from ...curation.draft import draft as run
    from ...curation.pending import avoid, ids_of, pending, stamp, with_pending
    from ...curation.records import dump_draft
    from ...curation.sources import unset_publication

    proj, name, seeds, known = _seed_or_exit(project, seed)
    source = next((r for r in known.get("sources", []) if r.get("file") == name), {})
    refusal = unset_publication(source, name[:3])
    if refusal:
        say("error", refusal)
        raise typer.Exit(1)
    target = out_file or proj.root / "drafts" / f"{name[:3]}.yaml"
    if target.resolve().is_relative_to(proj.data.resolve()):
        say("error", "a draft is never written into data/; use `accept` to move records there")
        raise typer.Exit(2)
    if (target.exists() or target.is_symlink()) and not force:
        say("error", f"{target} exists (it may hold your review); use --force to replace it")
        raise typer.Exit(2)
    try:
        if out_file is None and not target.parent.exists():
            target.parent.mkdir()  # the default drafts/ folder, said below
            out.print(f"created {target.parent}", markup=False)
        check_file_output(target, proj.root, starts_with(DRAFT_START), "a draft")
        others = pending(proj.root, but=target)
        records = run(name, seeds[name], with_pending(known, others))
        renamed = avoid(records, set().union(*(ids_of(d) for d in others.values())))
        sha = sha256_file(proj.seeds / name)
        atomic_write(target, header(name, records) + stamp(name, sha, records) + dump_draft(records))
    except (UsageError, OSError) as e:
        fail_usage(e)
    counts = ", ".join(f"{len(v)} {k}" for k, v in records.items() if v)
    out.print(f"drafted {counts} -> {_shown(target)}", markup=False)
    if others:
        out.print(f"read {len(others)} pending draft(s): their actors and places are reused, their ids avoided"
                  + "".join(f"\n  renamed {a} -> {b}" for a, b in renamed), markup=False)


def accept(
    file: Annotated[Path, typer.Argument(help="A reviewed draft file.")],
    ids: Annotated[list[str] | None, typer.Argument(
        help="Record ids to accept (default: all; `exclusions` for the proposed exclusions).")] = None,
    into: Annotated[str | None, typer.Option(
        "--into", help="Merge the one selected event (or agreement) into this known one (its citations and new "
                "actors or parties).")] = None,
    project: ProjectOpt = None,
) -> None:
    """Move reviewed draft records into data/*.yaml (comments and order kept), then report.

    Example: `sahel-dataset accept drafts/004.yaml evt-coup-004 --into evt-niger-coup`
    """
    from ...core.errors import DataError
    from ...curation.accept import accept as run

    proj = project_or_exit(project)
    try:
        report = run(proj, file, list(ids or []), into)
    except DataError as e:
        err.print("nothing was written")
        fail(e)
    for line in report.actions:
        out.print(line, markup=False)
