"""Read a file someone handed the tool (an article, a draft, a package descriptor):
a regular file only, and never more than a set size.

A FIFO would block the command for ever, a device (``/dev/zero``) would never
end, a folder cannot be read, and a symbolic link can lead out of the place it
seems to be in; a huge file would be read whole before any check. So the file is
opened without blocking, checked with ``fstat`` on the open descriptor (no race
between the check and the read), and its size compared with the cap before a
byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import UsageError

ARTICLE_BYTES = 4 << 20
"""The largest article or draft read (4 MiB, as a curated file)."""


class TooLarge(UsageError):
    """The file is larger than the cap (the caller may report it as bad data)."""


def read_regular(path: Path, limit: int = ARTICLE_BYTES, within: Path | None = None) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit`` bytes
    (and, with ``within``, must not be a symbolic link leading out of that folder).

    Raises :class:`UsageError` for anything else (missing, a folder, FIFO, device,
    a link out, unreadable) and :class:`TooLarge` for a file over ``limit``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("text")
    >>> read_regular(p)
    b'text'
    >>> read_regular(p.parent)
    Traceback (most recent call last):
    ...
    sahel_dataset.errors.UsageError: ...: not a regular file (a folder)
    >>> read_regular(p, limit=2)
    Traceback (most recent call last):
    ...
    sahel_dataset.utils.reading.TooLarge: ...a.txt: 4 bytes, more than the 2 allowed
    """
    if within is not None and path.is_symlink() and not path.resolve().is_relative_to(within.resolve()):
        raise UsageError(f"{path}: a symbolic link leading out of {within}")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise UsageError(f"{path}: not a regular file (a folder)") from None
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO" if stat.S_ISFIFO(info.st_mode) \
                else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a file"
            raise UsageError(f"{path}: not a regular file ({kind})")
        if info.st_size > limit:
            raise TooLarge(f"{path}: {info.st_size} bytes, more than the {limit} allowed")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while being read
        raise TooLarge(f"{path}: more than the {limit} bytes allowed")
    return data
