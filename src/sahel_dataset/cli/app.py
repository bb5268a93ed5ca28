"""The ``sahel-dataset`` typer app: every command, registered lazily in the order ``--help`` lists them.

A command's module is imported only when that command runs (or ``--help`` lists
it): ``sahel-dataset validate`` does not pay for building the other twenty-two
commands, their options and their imports.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from .commands.formats import options
from .params import plain_params


def _no_type(ctx: Any) -> None:
    return None


def _untype_flags(command: TyperCommand | TyperGroup, ctx: Any) -> None:
    # typer's help labels every flag `<bool>` although a flag takes no value; blank it.
    for param in command.get_params(ctx):
        if isinstance(param, TyperOption) and param.is_flag:
            param.display_type_rich = _no_type  # type: ignore[method-assign]


class Command(TyperCommand):
    """A command whose help shows no value type for flags (``--json``, not ``--json <bool>``),
    and whose plain parameters are coerced without pydantic (:mod:`.params`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_params(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _untype_flags(self, ctx)
        super().format_help(ctx, formatter)


COMMANDS = {
    "build": "package:build",
    "validate": "package:validate",
    "release": "package:release",
    "fetch": "fetch:fetch",
    "schema-check": "schema:schema_check",
    "codebook": "schema:codebook",
    "docs": "schema:docs",
    "regenerate": "package:regenerate",
    "tables": "explore:tables",
    "show": "explore:show",
    "search": "explore:search",
    "timeline": "explore:timeline",
    "plot": "explore:plot",
    "site": "publish:site",
    "sqlite": "publish:sqlite",
    "serve": "publish:serve",
    "locate": "curation:locate",
    "provenance": "curation:provenance",
    "coverage": "curation:coverage",
    "suggest": "curation:suggest",
    "add-source": "drafting:add_source",
    "set-source": "drafting:set_source",
    "draft": "drafting:draft",
    "accept": "drafting:accept",
    "diff": "formats:diff",
}
"""Every command by name, in ``--help`` order: ``module:function`` under :mod:`.commands`."""


class Group(TyperGroup):
    """The root command: builds a command from :data:`COMMANDS` when it is first asked for,
    with the same help and coercion as :class:`Command` (``--version``, ``--help``)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_params(self.get_params(ctx))  # here: typer adds --help and the completion options late
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, function = COMMANDS[cmd_name].split(":")
            callback = getattr(import_module(f"{__package__}.commands.{module}"), function)
            self.commands[cmd_name] = typer.main.get_command_from_info(
                typer.models.CommandInfo(name=cmd_name, cls=Command, callback=callback),
                pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)
        return self.commands.get(cmd_name)

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
app.callback()(options)  # --version
