"""sahel-dataset: the 2023-2024 US withdrawal from Niger and the Sahel's realignment.

>>> import sahel_dataset
>>> events = sahel_dataset.load("events")
>>> "event_id" in events.columns
True

Importing the package is cheap: pandas and pyarrow are imported on the first
``load()``, and pandera, pydantic and the CLI only by the build and validation
(``build``, ``validate_path``, ``release`` and ``fetch_release`` are imported on first use).
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .catalog import connect, describe, load_all
from .errors import DataError, Problem, UsageError
from .load import load, tables
from .project import Project
from .schema import schema_version
from .views import event_view, evidence_for, seed_text, troop_levels

if TYPE_CHECKING:
    from .fetch import fetch_release
    from .pipeline.assemble import assemble
    from .pipeline.build import build
    from .pipeline.release import release
    from .pipeline.validate import validate_path

# Where pyspark is installed (the spark and test extras), pandera probes
# pyspark.pandas on import and on validation, and pyspark warns each time that it
# does not support pandas 3. pandas-on-Spark is not used here: say nothing.
warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)

SCHEMA_VERSION: str
"""The SchemaVer (MODEL-REVISION-ADDITION) of the tables, from ``schema/v1/schemaver.json``
(read on first use, so that a broken schema file breaks no import: the command line
reports it in one line)."""

_LAZY = {
    "assemble": "pipeline.assemble",
    "build": "pipeline.build",
    "release": "pipeline.release",
    "validate_path": "pipeline.validate",
    "fetch_release": "fetch",
}
"""Public names imported on first use, so that ``import sahel_dataset`` stays cheap."""


def __getattr__(name: str) -> Any:
    if name == "SCHEMA_VERSION":
        globals()[name] = schema_version()
        return globals()[name]
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "SCHEMA_VERSION",
    "DataError",
    "Problem",
    "Project",
    "UsageError",
    "__version__",
    "assemble",
    "build",
    "connect",
    "describe",
    "event_view",
    "evidence_for",
    "fetch_release",
    "load",
    "load_all",
    "release",
    "seed_text",
    "tables",
    "troop_levels",
    "validate_path",
]
