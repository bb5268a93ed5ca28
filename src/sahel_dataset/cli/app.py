"""The ``sahel-dataset`` typer app: every command, registered in the order ``--help`` lists them."""

from __future__ import annotations

import typer

from .commands import curation, drafting, explore, fetch, formats, package, publish, schema

app = typer.Typer(
    help="Build, validate and explore the sahel-dataset.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

COMMANDS = {
    "build": package.build,
    "validate": package.validate,
    "release": package.release,
    "fetch": fetch.fetch,
    "schema-check": schema.schema_check,
    "codebook": schema.codebook,
    "docs": schema.docs,
    "tables": explore.tables,
    "show": explore.show,
    "search": explore.search,
    "timeline": explore.timeline,
    "site": publish.site,
    "sqlite": publish.sqlite,
    "serve": publish.serve,
    "locate": curation.locate,
    "provenance": curation.provenance,
    "coverage": curation.coverage,
    "suggest": curation.suggest,
    "add-source": drafting.add_source,
    "draft": drafting.draft,
    "accept": drafting.accept,
    "diff": formats.diff,
}
"""Every command by name, in ``--help`` order."""

for _name, _command in COMMANDS.items():
    app.command(_name)(_command)
app.callback()(formats.options)  # --version
