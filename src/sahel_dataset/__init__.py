"""sahel-dataset: the 2023-2024 US withdrawal from Niger and the Sahel's realignment.

>>> import sahel_dataset
>>> events = sahel_dataset.load("events")
>>> "event_id" in events.columns
True

Importing the package is cheap: pandas and pyarrow are imported on the first
``load()``, and pandera, pydantic and the CLI only by the build and validation.
"""

import warnings

from ._version import __version__
from .catalog import connect, describe, load_all
from .load import load, tables
from .schema import schema_version
from .views import event_view, evidence_for, seed_text, troop_levels

# Where pyspark is installed (the spark and test extras), pandera probes
# pyspark.pandas on import and on validation, and pyspark warns each time that it
# does not support pandas 3. pandas-on-Spark is not used here: say nothing.
warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)

SCHEMA_VERSION: str = schema_version()
"""The SchemaVer (MODEL-REVISION-ADDITION) of the tables, from ``schema/v1/schemaver.json``."""

__all__ = [
    "SCHEMA_VERSION",
    "__version__",
    "connect",
    "describe",
    "event_view",
    "evidence_for",
    "load",
    "load_all",
    "seed_text",
    "tables",
    "troop_levels",
]
