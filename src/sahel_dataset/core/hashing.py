"""SHA-256, the one hash of the project: of seeds, Parquet and CSV files, release archives.

Every digest is lower-case hex; a Data Package ``hash`` is ``"sha256:" + hex``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK = 1 << 20
"""Bytes read at a time by :func:`sha256_file`, so a large file is never held whole."""


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    >>> sha256_bytes(b"abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in blocks.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"; _ = p.write_bytes(b"abc")
    >>> sha256_file(p) == sha256_bytes(b"abc")
    True
    """
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def resource_digest(path: Path) -> tuple[str, int]:
    """A Data Package resource's ``hash`` (``sha256:<hex>``) and ``bytes`` for a file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"; _ = p.write_bytes(b"abc")
    >>> resource_digest(p)[1], resource_digest(p)[0][:15]
    (3, 'sha256:ba7816bf')
    """
    data = path.read_bytes()
    return "sha256:" + sha256_bytes(data), len(data)
