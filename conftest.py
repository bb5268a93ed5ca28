"""pytest configuration for the whole checkout: the tests in ``tests/`` and the doctests of ``src/``.

Shared fixtures live in ``tests/conftest.py``; this file only decides what is collected
and how it is marked, which a conftest inside ``tests/`` cannot do for ``src/``.

- The Spark backend's doctests need pyspark (the ``spark`` extra): without it the module
  is not collected, and with it its doctests carry the ``spark`` marker, like
  ``tests/unit/backends/test_spark.py``, so that plain ``pytest`` skips them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SPARK_MODULE = Path(__file__).parent / "src" / "sahel_dataset" / "backends" / "spark.py"



def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # ValueError: hidden with sys.modules[name] = None
        return False


collect_ignore = [] if _installed("pyspark") else [str(SPARK_MODULE)]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the Spark backend's doctests ``spark``, before ``-m`` deselects by marker."""
    for item in items:
        if item.path == SPARK_MODULE:
            item.add_marker(pytest.mark.spark)
