"""Commands about the schema and the documents generated from it: schema-check, codebook, docs.

Exit codes: 0 success, 1 a schema change without its version bump or CHANGELOG line,
or stale documents (``--check``), 2 usage errors (no project).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..common import JsonOpt, ProjectOpt, out, project_or_exit, say


def schema_check(
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare schema/ with the last released schema: version bumps and CHANGELOG.

    Example: `sahel-dataset schema-check`
    """
    from ...curation.schemaguard import check_project

    proj = project_or_exit(project)
    report = check_project(proj.root)
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        out.print(report["summary"], markup=False)
        for c in report["changes"]:
            out.print(f"  {c['level']:>8}  {c['table']}{'.' + c['column'] if c['column'] else ''}: {c['message']}",
                      markup=False)
        for p in report["problems"]:
            say("problem", str(p))
    raise typer.Exit(0 if report["ok"] else 1)


def codebook(
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Where to write (default: CODEBOOK.md of the project).")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if the file is stale.")] = False,
) -> None:
    """Generate CODEBOOK.md from the schemas.

    Example: `sahel-dataset codebook --check`
    """
    from ...curation.codebook import is_codebook, render_codebook
    from ...errors import UsageError
    from ...utils.atomic import atomic_write
    from ...utils.outputs import check_file_output
    from ..common import fail_usage, project_root_or_none

    path = out_file or project_or_exit().root / "CODEBOOK.md"
    text = render_codebook()
    try:
        if check:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current != text:
                say("stale", f"{path} (run `sahel-dataset docs`)")
                raise typer.Exit(1)
            out.print(f"up to date: {path}", markup=False)
            return
        check_file_output(path, project_root_or_none(), is_codebook, "a codebook")
        atomic_write(path, text)
    except (UsageError, OSError, UnicodeDecodeError) as e:
        fail_usage(e if not isinstance(e, UnicodeDecodeError) else UsageError(f"{path}: not UTF-8 text"))
    out.print(f"wrote {path}", markup=False)


def docs(
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if a document is stale.")] = False,
) -> None:
    """Regenerate CODEBOOK.md and the record counts in DATASHEET.md.

    Example: `sahel-dataset docs` (then `sahel-dataset docs --check` in CI)
    """
    from ...curation.codebook import write_documents
    from ...errors import UsageError
    from ..common import fail_usage

    try:
        stale = write_documents(project_or_exit().root, check=check)
    except (UsageError, OSError) as e:
        fail_usage(e)
    for path in stale:
        out.print(f"{'stale' if check else 'wrote'}: {path}")
    if check and stale:
        say("stale", "documents are stale; run `sahel-dataset docs`")
        raise typer.Exit(1)
    if not stale:
        out.print("documents up to date")
