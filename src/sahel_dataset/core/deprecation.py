"""Old public names that keep working for one release, with a ``DeprecationWarning``.

A module lists what it renamed or moved and installs :func:`renamed` as its module
``__getattr__``: Python calls it only for a name the module no longer defines.

>>> import warnings
>>> getattr_ = renamed("demo", {"old_sqrt": ("math", "sqrt")})
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     getattr_("old_sqrt")(9.0)
3.0
>>> str(caught[0].message)
'demo.old_sqrt is deprecated and will be removed in 0.3.0: use math.sqrt'
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any

REMOVED_IN = "0.3.0"
"""The release that drops the names deprecated in 0.2.0 (one release of warning)."""


def renamed(module: str, names: dict[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving each old name (key) from its new home: (module, name)."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        where, new = names[name]
        warnings.warn(f"{module}.{name} is deprecated and will be removed in {REMOVED_IN}: use {where}.{new}",
                      DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(where), new)

    return __getattr__
