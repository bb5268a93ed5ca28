"""Commands for curators: locate, provenance, coverage, suggest.

They read the project's current ``data/`` and ``seeds/`` (``--shipped``: the Data Package
shipped in the package). Exit codes: 0 success, 1 no match / below ``--fail-under`` /
invalid data, 2 usage errors (unknown seed or record, no project).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..common import JsonOpt, ProjectOpt, SeedArg, ShippedOpt, err, fail, out, project_or_exit, say

if TYPE_CHECKING:
    from ...curation.workspace import Workspace

def _workspace(project: Path | None, shipped: bool, as_json: bool = False) -> Workspace:
    from ...core.errors import DataError
    from ...curation.workspace import open_workspace

    proj = project_or_exit(project) if project is not None else None
    try:
        return open_workspace(proj, shipped=shipped)
    except DataError as e:
        say("error", "the curated data does not build (use --shipped to read the shipped package)")
        fail(e, as_json)
        raise  # unreachable: fail() exits


def _seed(ws: Workspace, name: str) -> str:
    try:
        return ws.seed(name)
    except LookupError as e:
        say("error", str(e))
        raise typer.Exit(2) from e


def locate(
    seed: SeedArg,
    words: Annotated[str, typer.Argument(help="The words to find (quotes, dashes and spaces are forgiven).")],
    project: ProjectOpt = None,
    shipped: ShippedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Find words in a seed: every match with its offsets and its sentence, ready to cite.

    Example: `sahel-dataset locate 003 "mutinous soldiers"`
    """
    from rich.text import Text

    from ...curation.locate import locate as run_locate
    from ...curation.locate import nearest

    ws = _workspace(project, shipped, as_json)
    name = _seed(ws, seed)
    text = ws.seeds[name]
    matches = run_locate(text, words)
    if as_json:
        print(json.dumps({"seed": name, "words": words, "matches": [m.to_dict() for m in matches]},
                         indent=2, ensure_ascii=False))
    elif matches:
        out.print(f"{len(matches)} match(es) in {name}" + (" (cite one with `occurrence: N`)" if len(matches) > 1
                                                            else ""), markup=False)
        for m in matches:
            line = Text(f"#{m.occurrence} [{m.start}:{m.end}] ", style="bold")
            sentence = Text(m.sentence)
            sentence.stylize("bold black on yellow", m.start - m.sentence_start, m.end - m.sentence_start)
            out.print(line + sentence)
        cite = f"- seed: {name}\n  quote: {json.dumps(words, ensure_ascii=False)}"
        out.print("cite as:\n" + cite + ("\n  occurrence: N" if len(matches) > 1 else ""), markup=False)
    if not matches:
        hint = nearest(text, words)
        err.print(f"no match in {name}" + (f"; closest passage: {hint}" if hint else ""), markup=False)
        raise typer.Exit(1)


def provenance(
    record_id: Annotated[str, typer.Argument(
        help="A record id (e.g. evt-niger-coup) or an evidence id (e.g. ev-evt-niger-coup-1).")],
    project: ProjectOpt = None,
    shipped: ShippedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Show a record's fields and each evidence span highlighted in its sentence, with its source.

    Given an evidence id, show that span and the record it supports.

    Example: `sahel-dataset provenance evt-niger-coup`
    """
    from ...curation.provenance import RecordNotFound, render
    from ...curation.provenance import provenance as run_provenance

    ws = _workspace(project, shipped, as_json)
    try:
        report = run_provenance(ws.tables, ws.seeds, record_id)
    except RecordNotFound as e:
        say("error", str(e))
        raise typer.Exit(2) from e
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    else:
        render(report, out)


def coverage(
    fail_under: Annotated[float | None, typer.Option(
        "--fail-under", help="Exit 1 when the total share of covered sentences is below PCT.", metavar="PCT")] = None,
    project: ProjectOpt = None,
    shipped: ShippedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Share of each seed's sentences cited by evidence or excluded in data/exclusions.yaml.

    A sentence is covered when an evidence span or an exclusion overlaps it; the
    stricter character share counts the non-space characters inside spans. Lists
    the sentences that are neither cited nor excluded.

    Example: `sahel-dataset coverage --fail-under 100`
    """
    from rich.table import Column, Table

    from ...core.errors import DataError
    from ...curation.coverage import coverage as run_coverage
    from ...pipeline.read import EXCLUSIONS, load_exclusions
    from ...project import Project, ProjectNotFound

    ws = _workspace(project, shipped, as_json)
    try:
        data_dir = Project.find(project).data
    except ProjectNotFound:
        data_dir = None
    try:
        exclusions = load_exclusions(data_dir / EXCLUSIONS, ws.seeds) if data_dir else []
    except DataError as e:
        fail(e, as_json)
    per_seed, total = run_coverage(ws.tables, ws.seeds, exclusions)
    below = fail_under is not None and total.sentence_share < fail_under
    if as_json:
        print(json.dumps({"seeds": [c.to_dict() for c in per_seed], "total": total.to_dict() | {"uncovered": None},
                          "fail_under": fail_under, "ok": not below}, indent=2, ensure_ascii=False))
    else:
        grid = Table(*(Column(h, no_wrap=True) for h in ("seed", "sentences", "cited", "excluded", "covered%",
                                                         "chars%")), title="coverage")
        for c in [*per_seed, total]:
            grid.add_row(c.seed, str(c.sentences), str(c.cited), str(c.excluded), f"{c.sentence_share:.1f}",
                         f"{c.character_share:.1f}", end_section=c is per_seed[-1])
        out.print(grid)
        for c in per_seed:
            if c.uncovered:
                say(f"\n{c.seed}", f"{len(c.uncovered)} sentence(s) neither cited nor excluded", style="", console=out)
                for s in c.uncovered:
                    out.print(f"  [{s.start}:{s.end}] {s.text}", markup=False)
    if below:
        say("error", f"coverage {total.sentence_share:.1f}% is below --fail-under {fail_under:g}%")
        raise typer.Exit(1)


def suggest(
    seed: SeedArg,
    every: Annotated[bool, typer.Option("--all", help="Also the sentences already cited.")] = False,
    project: ProjectOpt = None,
    shipped: ShippedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Candidate facts in a seed's uncited sentences: numbers, time expressions, speech, known names.

    Each time expression comes with the dates `dates.propose` resolves it to, from the
    source's publication date.

    Example: `sahel-dataset suggest 004`
    """
    from rich.text import Text

    from ...curation.suggest import date_of, known_names
    from ...curation.suggest import suggest as run_suggest

    ws = _workspace(project, shipped, as_json)
    name = _seed(ws, seed)
    text = ws.seeds[name]
    cited = [] if every else [(s, e) for s, e, _ in ws.spans(name)]
    found = run_suggest(text, cited, known_names(ws.tables))
    source = next((r for r in ws.tables["sources"] if r["file"] == name), {})
    label = "" if every else "uncited "
    if as_json:
        print(json.dumps({"seed": name, "all": every, "sentences": [
            {"start": s.start, "end": s.end, "text": s.text, "candidates": [
                c.to_dict() | ({"date": d.to_dict()} if (d := date_of(c, source)) else {}) for c in cs]}
            for s, cs in found]}, indent=2, ensure_ascii=False))
        return
    colour = {"number": "cyan", "time": "green", "speech": "magenta", "name": "yellow"}
    out.print(f"{name}: {len(found)} {label}sentence(s)", markup=False)
    for s, cs in found:
        body = Text(f"\n[{s.start}:{s.end}] ", style="bold") + Text(s.text)
        out.print(body)
        for c in cs:
            line = Text(f"    {c.kind:<7} [{c.start}:{c.end}] ", style=colour[c.kind]) + Text(c.text)
            d = date_of(c, source)
            if d is not None:
                span = f"{d.start or '…'}..{d.end or '…'}"
                line += Text(f"  -> {span} {d.precision or ''} {d.basis}" + (f" ({d.note})" if d.note else ""),
                             style="dim")
            out.print(line)
