"""Commands for the next article: add-source, draft, accept (issue 15).

``register(app)`` adds them to the ``sahel-dataset`` typer app. Exit codes: 0
success, 1 refused input or data that would not build (every problem listed,
nothing written), 2 usage errors (no project, unknown seed, an output that
exists or lies in ``data/``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...core.atomic import atomic_write
from ...core.errors import UsageError
from ...utils.outputs import check_file_output, starts_with
from ..common import ProjectOpt, err, fail, fail_usage, out, project_or_exit, say


def add_source(
    file: Annotated[Path, typer.Argument(help="The article: a UTF-8 text file, copied byte for byte.")],
    project: ProjectOpt = None,
) -> None:
    """Add an article as the next seed: copy, manifest row, and a data/sources.yaml record.

    Example: `sahel-dataset add-source article.txt`
    """
    from ...core.errors import DataError
    from ...curation.add_source import add_source as run

    proj = project_or_exit(project)
    try:
        added = run(proj, file)
    except DataError as e:
        fail(e)
    except UsageError as e:
        fail_usage(e)
    src = added.source
    out.print(f"added seeds/{added.seed} and its manifest row; data/sources.yaml: {src['source_id']}", markup=False)
    for key in ("title", "dateline", "attribution", "published_text"):
        if src.get(key):
            out.print(f"  {key}: {src[key]}", markup=False)
    when = f"{src.get('published_start')}..{src.get('published_end')} ({src.get('published_basis')})"
    out.print(f"  published: {when}" + (f"\n  note: {src['published_note']}" if src.get("published_note") else ""),
              markup=False)
    out.print(f"next: sahel-dataset draft {added.seed[:3]}", markup=False)


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
    from ...core.errors import DataError
    from ...curation.draft import DRAFT_START, header, load_known
    from ...curation.draft import draft as run
    from ...curation.records import dump_draft
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
        records = run(name, seeds[name], known)
        atomic_write(target, header(name, records) + dump_draft(records))
    except (UsageError, OSError) as e:
        fail_usage(e)
    counts = ", ".join(f"{len(v)} {k}" for k, v in records.items() if v)
    out.print(f"drafted {counts} -> {target}", markup=False)


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
    except UsageError as e:
        fail_usage(e)
    for line in report.actions:
        out.print(line, markup=False)
