"""Read a built Data Package's ``datapackage.json`` (the shipped one or a release's).

Both the readers (``load``, ``fetch``) and the pipeline's checks read descriptors;
this one reader, below both, keeps them from importing each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._version import __version__
from .errors import DataError, Problem, UsageError, shown

PACKAGE_DIR = Path(__file__).parent.parent / "datapackage"
"""The built Data Package that ships inside the installed package."""

SHIPPED_VERSION: str | None = __version__
"""The version whose data ship in the package: ``version=`` of it reads the shipped copy, offline."""


def is_shipped(version: str | None) -> bool:
    """Whether ``version=`` means the copy shipped in the package (none given, or the installed version).

    >>> is_shipped(None), is_shipped("0.0.0-nope")
    (True, False)
    """
    return version is None or version == SHIPPED_VERSION

MAX_DESCRIPTOR = 16 << 20
"""The largest ``datapackage.json`` read (16 MiB; ours is about 200 KB)."""


def read_descriptor(path: Path) -> dict[str, Any]:
    """A package's ``datapackage.json`` as a mapping; :class:`~sahel_dataset.core.errors.DataError`
    naming the file when it is too large, not UTF-8, not JSON, nested too deeply, or
    not a mapping with a ``resources`` list.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "datapackage.json"
    >>> _ = p.write_text("[1, 2]")
    >>> try:
    ...     read_descriptor(p)
    ... except DataError as e:
    ...     print(e.problems[0].message)
    a descriptor must be a JSON object (got a list)
    """
    import json

    from ..utils.reading import TooLarge, read_regular

    where: dict[str, Any] = dict(file=str(path), check="package")
    try:
        desc = json.loads(read_regular(path, MAX_DESCRIPTOR).decode("utf-8"))
    except TooLarge:
        raise DataError([Problem(f"descriptor is larger than {MAX_DESCRIPTOR} bytes", **where)]) from None
    except UnicodeDecodeError as e:
        raise DataError([Problem(f"not UTF-8 (byte {e.start})", **where)]) from None
    except json.JSONDecodeError as e:
        raise DataError([Problem(f"not valid JSON: {e}", line=e.lineno, **where)]) from None
    except RecursionError:
        raise DataError([Problem("not valid JSON: nested too deeply", **where)]) from None
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    if not isinstance(desc, dict):
        raise DataError([Problem(f"a descriptor must be a JSON object (got a {type(desc).__name__})", **where)])
    if not isinstance(desc.get("resources"), list):
        raise DataError([Problem(f"resources must be a list (got {shown(desc.get('resources'), 80)})",
                                 field="resources", **where)])
    return desc


