"""sahel-dataset: the 2023-2024 US withdrawal from Niger and the Sahel's realignment.

>>> import sahel_dataset
>>> events = sahel_dataset.load("events")
>>> "event_id" in events.columns
True

This namespace is the data user's API (``__all__``): the tables (``load``, ``load_all``,
``tables``, ``describe``, ``connect``), pinned releases (``fetch``) and the views, named
``<noun>_view`` (``event_view``, ``troop_view``, ``evidence_view``; the picture of a view
is ``plots.<noun>_plot``, e.g. ``plots.troop_plot``). A *source* is one article the dataset
cites (table ``sources``, ids ``src-NNN``); its text file in ``seeds/`` is that source's seed,
and ``source_text`` returns it. Building, validating and releasing are the maintainer's
API, in :mod:`sahel_dataset.maintain`.

Importing the package is cheap: pandas and pyarrow are imported on the first
``load()``; pooch and platformdirs by ``fetch`` or a pinned ``load``.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .catalog import connect, describe, load_all
from .core.deprecation import renamed
from .core.errors import DataError, Problem, UsageError
from .core.schema import schema_version
from .load import load, tables
from .views import event_view, evidence_view, source_text, troop_view

if TYPE_CHECKING:
    from pathlib import Path

# Where pyspark is installed (the spark and test extras), pandera probes
# pyspark.pandas on import and on validation, and pyspark warns each time that it
# does not support pandas 3. pandas-on-Spark is not used here: say nothing.
warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)

SCHEMA_VERSION: str
"""The SchemaVer (MODEL-REVISION-ADDITION) of the tables, from ``schema/v1/schemaver.json``
(read on first use, so that a broken schema file breaks no import: the command line
reports it in one line)."""


def fetch(version: str, base_url: str | None = None) -> Path:
    """Download release ``version`` once, check it against the registered sha256, and
    return the folder it is unpacked in (``datapackage.json``, ``parquet/``, ``csv/``,
    ``seeds/``); ``load(name, version=...)`` calls it for you.

    ``base_url`` (else ``$SAHEL_DATASET_URL``, else the project's GitHub release) is
    where the archive is downloaded from; the cache is ``$SAHEL_DATASET_CACHE`` or the
    platform's user cache.

    >>> fetch("0.0.0-nope")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sahel_dataset.unpack.FetchError: unknown version '0.0.0-nope'; known versions: ...
    """
    from ._fetch import fetch_release  # pooch and platformdirs only when pinning

    return fetch_release(version, base_url=base_url)


_renamed = renamed(__name__, {
    "assemble": ("sahel_dataset.maintain", "assemble"),
    "build": ("sahel_dataset.maintain", "build"),
    "release": ("sahel_dataset.maintain", "release"),
    "validate_path": ("sahel_dataset.maintain", "validate"),
    "Project": ("sahel_dataset.maintain", "Project"),
    "fetch_release": ("sahel_dataset", "fetch"),
    "troop_levels": ("sahel_dataset", "troop_view"),
    "evidence_for": ("sahel_dataset", "evidence_view"),
    "seed_text": ("sahel_dataset", "source_text"),
})
"""The names this namespace held in 0.1.x: they still work, with a ``DeprecationWarning``."""


def __getattr__(name: str) -> Any:
    # SCHEMA_VERSION is read on first use, so that a broken schema file breaks no import.
    if name == "SCHEMA_VERSION":
        globals()[name] = schema_version()
        return globals()[name]
    return _renamed(name)


__all__ = [
    "SCHEMA_VERSION",
    "DataError",
    "Problem",
    "UsageError",
    "__version__",
    "connect",
    "describe",
    "event_view",
    "evidence_view",
    "fetch",
    "load",
    "load_all",
    "source_text",
    "tables",
    "troop_view",
]
