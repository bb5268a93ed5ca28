"""Is a built package's every file the one its descriptor declares? (paths inside the folder,
sha256 and size.) ``validate``, ``fetch`` and ``diff`` all ask, so the check lives below them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import Problem, shown
from .hashing import sha256_bytes

PARQUET_MAGIC = b"PAR1"
"""The four bytes a whole Parquet file starts and ends with."""


def inside(folder: Path, rel: str) -> Path | None:
    path = (folder / rel).resolve()
    return path if path.is_relative_to(folder.resolve()) else None


def integrity_problems(folder: Path, desc: dict[str, Any]) -> list[Problem]:
    """Resources whose file is missing, outside the folder, or differs from its hash or bytes."""
    problems = []
    for res in desc.get("resources", []):
        if not isinstance(res, dict):
            problems.append(Problem(f"a resource must be a mapping (got {shown(res, 60)})",
                                    file=f"{folder / 'datapackage.json'}", field="resources", check="package"))
            continue
        where = dict(file=f"{folder / 'datapackage.json'}", record_id=str(res.get("name"))[:80], check="integrity")
        raw_path = res.get("path", "")
        if not isinstance(raw_path, str):
            problems.append(Problem(f"path must be one relative file path (got {shown(raw_path, 80)}; a Data "
                                    "Package v2 multipart path array is not used by this dataset)", field="path",
                                    **where))
            continue
        if "://" in raw_path or raw_path.startswith(("/", "\\")) or ":" in raw_path.split("/")[0]:
            problems.append(Problem(f"path {shown(raw_path, 80)} is a URL or an absolute path: every resource "
                                    "must be a file inside the package folder (nothing is downloaded)",
                                    field="path", **where))
            continue
        path = inside(folder, raw_path)
        if path is None:
            problems.append(Problem(f"path {shown(res.get('path'))} leaves the package folder", field="path", **where))
            continue
        if not path.is_file():
            problems.append(Problem(f"file {res.get('path')} is missing", field="path", **where))
            continue
        data = path.read_bytes()
        algo, _, declared = str(res.get("hash", "")).partition(":")
        if algo != "sha256" or sha256_bytes(data) != declared:
            problems.append(Problem(f"sha256 of {res['path']} differs from the declared hash", field="hash", **where))
        size = size_problem(res, data)
        if size:
            problems.append(Problem(size, field="bytes", **where))
    return problems


def size_problem(res: dict[str, Any], data: bytes) -> str | None:
    """What is wrong with the size of a resource's file ``data``, measured from the file itself.

    Against the declared ``bytes`` when there is one (every resource but Parquet must
    declare it); a Parquet resource declares none (see
    :func:`~sahel_dataset.pipeline.write.descriptor`), so its size is checked against
    its own layout: ``PAR1`` at both ends and a footer length that fits in the file.
    The ``hash`` pins the exact bytes in either case.

    >>> size_problem({"path": "a.csv", "bytes": 3}, b"abc") is None
    True
    >>> size_problem({"path": "a.csv", "bytes": 4}, b"abc")
    'a.csv has 3 bytes, 4 declared'
    >>> size_problem({"path": "t.parquet", "format": "parquet"}, b"PAR1" + b"x" * 9)
    't.parquet is not a whole Parquet file (13 bytes: no PAR1 footer)'
    """
    if "bytes" in res:
        return None if res["bytes"] == len(data) else f"{res['path']} has {len(data)} bytes, {res['bytes']} declared"
    if res.get("format") != "parquet":
        return f"{res['path']}: no bytes declared"
    if len(data) < 12 or not data.startswith(PARQUET_MAGIC) or not data.endswith(PARQUET_MAGIC):
        return f"{res['path']} is not a whole Parquet file ({len(data)} bytes: no PAR1 footer)"
    footer = int.from_bytes(data[-8:-4], "little")
    if footer > len(data) - 12:
        return f"{res['path']} is not a whole Parquet file ({len(data)} bytes, footer of {footer} declared)"
    return None
