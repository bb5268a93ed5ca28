"""The ``sahel-dataset`` typer app: every command, registered in the order ``--help`` lists them."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from .commands import curation, drafting, explore, fetch, formats, package, publish, schema


def _no_type(ctx: Any) -> None:
    return None


def _untype_flags(command: TyperCommand | TyperGroup, ctx: Any) -> None:
    # typer's help labels every flag `<bool>` although a flag takes no value; blank it.
    for param in command.get_params(ctx):
        if isinstance(param, TyperOption) and param.is_flag:
            param.display_type_rich = _no_type  # type: ignore[method-assign]


class Command(TyperCommand):
    """A command whose help shows no value type for flags (``--json``, not ``--json <bool>``)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _untype_flags(self, ctx)
        super().format_help(ctx, formatter)


class Group(TyperGroup):
    """The root command, with the same help as :class:`Command` (``--version``, ``--help``)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _untype_flags(self, ctx)
        super().format_help(ctx, formatter)


app = typer.Typer(
    cls=Group,
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
    "regenerate": package.regenerate,
    "tables": explore.tables,
    "show": explore.show,
    "search": explore.search,
    "timeline": explore.timeline,
    "plot": explore.plot,
    "site": publish.site,
    "sqlite": publish.sqlite,
    "serve": publish.serve,
    "locate": curation.locate,
    "provenance": curation.provenance,
    "coverage": curation.coverage,
    "suggest": curation.suggest,
    "add-source": drafting.add_source,
    "set-source": drafting.set_source,
    "draft": drafting.draft,
    "accept": drafting.accept,
    "diff": formats.diff,
}
"""Every command by name, in ``--help`` order."""

for _name, _command in COMMANDS.items():
    app.command(_name, cls=Command)(_command)
app.callback()(formats.options)  # --version
