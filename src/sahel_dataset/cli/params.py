"""Plain command-line values (text, paths, defaults) coerced without pydantic.

typer 0.29 coerces every parameter it parses through a pydantic ``TypeAdapter``,
and importing pydantic costs about half of what importing pyarrow does: more than
the whole of ``sahel-dataset validate``'s own work. A text (or a list of texts) is already a ``str`` and a
path needs only ``Path(value)`` and typer's own path checks (``coerce_cli_path``);
a default already has its type. Everything else (an enumeration given on the
command line, a bounded number, a list) still goes through typer's coercion. If
typer's internals change, :func:`plain_params` does nothing and typer coerces
everything itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # pragma: no cover - another typer: keep its own coercion
    RuntimeParam = None  # type: ignore[assignment,misc]


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):  # type: ignore[misc,valid-type]
        """Coerce a text, a path or a default without pydantic; anything else as typer does."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            kind = self.annotation
            if kind is str and isinstance(value, str):
                return value
            if kind == list[str] and isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                return list(value)
            if kind is Path and isinstance(value, str | Path) and self.parameter_info.path_type is None:
                return coerce_cli_path(Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx)
            if isinstance(kind, type) and type(value) is kind:  # a default (exact type: a bool is no int)
                return value
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param, ctx)


def plain_params(params: list[Any]) -> None:
    """Give each typer parameter of a command the pydantic-free coercion of :class:`PlainParam`.

    >>> import typer.main
    >>> from sahel_dataset.cli.app import app
    >>> command = typer.main.get_command(app).get_command(None, "validate")
    >>> plain_params(command.params)
    >>> sorted({type(p._runtime_param).__name__ for p in command.params if hasattr(p, "type_descriptor")})
    ['PlainParam']
    """
    if RuntimeParam is None:
        return
    for p in params:
        descriptor = getattr(p, "type_descriptor", None)
        if descriptor is not None and hasattr(p, "_runtime_param"):
            p._runtime_param = PlainParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
