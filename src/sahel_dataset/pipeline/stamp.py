"""Stamp a release's version and date where the checkout records them.

The version is written by hand in one place only, ``src/sahel_dataset/_version.py``.
``sahel-dataset release --stamp`` copies it, with the release date, into the places that
record it for others: ``CITATION.cff`` (``version``, ``date-released``), the descriptor's
``created`` in ``data/datapackage.yaml`` (which also fixes the archive's timestamps) and
the ``CHANGELOG.md`` heading (``[Unreleased]`` becomes ``[X.Y.Z] - YYYY-MM-DD`` under a
new, empty ``[Unreleased]``). Stamping twice with one version and date changes nothing.

>>> stamped_changelog("# Changelog\\n\\n## [Unreleased]\\n- Data: x\\n", "0.2.0", "2027-01-05")
'# Changelog\\n\\n## [Unreleased]\\n\\n## [0.2.0] - 2027-01-05\\n- Data: x\\n'
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .._version import __version__
from ..core.atomic import atomic_write
from ..core.errors import DataError, Problem, UsageError
from ..project import Project
from .release import is_final

STAMPED = ("CITATION.cff", "data/datapackage.yaml", "CHANGELOG.md")
"""The files :func:`stamp` may change, relative to the project root."""


def stamped_changelog(text: str, version: str, date: str) -> str:
    """``text`` with its ``[Unreleased]`` section turned into ``[version] - date`` (unchanged
    when that heading is there already)."""
    if re.search(rf"^## \[{re.escape(version)}\] - ", text, re.M):
        return text
    if not re.search(r"^## \[Unreleased\]\s*$", text, re.M):
        raise DataError([Problem("no '## [Unreleased]' heading to stamp", file="CHANGELOG.md", check="release")])
    return re.sub(r"^## \[Unreleased\]\s*$", f"## [Unreleased]\n\n## [{version}] - {date}", text, count=1,
                  flags=re.M)


def stamped_citation(text: str, version: str, date: str) -> str:
    """``CITATION.cff`` with ``version`` and ``date-released`` set.

    >>> print(stamped_citation('title: "x"\\nversion: "0.1.0"\\nlicense: MIT\\n', "0.2.0", "2027-01-05"))
    title: "x"
    version: "0.2.0"
    date-released: "2027-01-05"
    license: MIT
    <BLANKLINE>
    """
    if not re.search(r"^version: .*$", text, re.M):
        raise DataError([Problem("no 'version:' line to stamp", file="CITATION.cff", check="release")])
    text = re.sub(r"^date-released: .*\n", "", text, flags=re.M)
    return re.sub(r"^version: .*$", f'version: "{version}"\ndate-released: "{date}"', text, count=1, flags=re.M)


def stamped_descriptor(text: str, date: str) -> str:
    """``data/datapackage.yaml`` with ``created`` set to midnight UTC of ``date``.

    >>> stamped_descriptor('name: x\\ncreated: "2026-11-24T00:00:00Z"\\n', "2027-01-05")
    'name: x\\ncreated: "2027-01-05T00:00:00Z"\\n'
    """
    if not re.search(r"^created: .*$", text, re.M):
        raise DataError([Problem("no 'created:' line to stamp", file="data/datapackage.yaml", check="release")])
    return re.sub(r"^created: .*$", f'created: "{date}T00:00:00Z"', text, count=1, flags=re.M)


def stamp(project: Project, version: str = __version__, date: dt.date | None = None) -> list[Path]:
    """Stamp ``version`` and ``date`` (default: today, UTC) into :data:`STAMPED`; return the
    files that changed. Every new text is made before the first is written, so a file that
    cannot be stamped leaves all of them as they were.

    Raises :class:`UsageError` for a development version (only a final X.Y.Z is released)
    and :class:`DataError` naming the file that lacks the line to stamp.
    """
    if not is_final(version):
        raise UsageError(f"{version} is a development version: set a final X.Y.Z in "
                         "src/sahel_dataset/_version.py before stamping a release")
    day = (date or dt.datetime.now(dt.UTC).date()).isoformat()
    makers = {
        "CITATION.cff": lambda t: stamped_citation(t, version, day),
        "data/datapackage.yaml": lambda t: stamped_descriptor(t, day),
        "CHANGELOG.md": lambda t: stamped_changelog(t, version, day),
    }
    new = {}
    for name, make in makers.items():
        path = project.root / name
        try:
            old = path.read_text(encoding="utf-8")
        except OSError as e:
            raise UsageError(f"cannot read {path}: {e.strerror}") from None
        if (text := make(old)) != old:
            new[path] = text
    for path, text in new.items():
        atomic_write(path, text)
    return list(new)


def tag_command(version: str = __version__) -> str:
    """The commands that commit and tag a stamped release.

    >>> print(tag_command("0.2.0"))
    git add -- CHANGELOG.md CITATION.cff data/ releases/ schema/releases/ src/sahel_dataset/ CODEBOOK.md DATASHEET.md
    git commit -m "Release 0.2.0" && git tag -a v0.2.0 -m "sahel-dataset 0.2.0" && git push origin main v0.2.0
    """
    return ("git add -- CHANGELOG.md CITATION.cff data/ releases/ schema/releases/ src/sahel_dataset/ CODEBOOK.md "
            f'DATASHEET.md\ngit commit -m "Release {version}" && git tag -a v{version} -m "sahel-dataset {version}" '
            f"&& git push origin main v{version}")
