"""Release archive: ``sahel-dataset-<version>.zip``, byte-identical for one commit.

The archive holds, at its top level, the built Data Package (``datapackage.json``,
``parquet/``, ``csv/``, ``seeds/``), ``CHANGELOG.md``, ``CODEBOOK.md`` and a
``SHA256SUMS`` file (``sha256sum -c`` format) covering every other entry.

Reproducibility: the package is built and validated in a temporary folder; the
zip entries are sorted, each with the timestamp of the package's ``created`` date
(or 1980-01-01 when that is earlier than zip allows), permissions 0644, no extra
fields and one compression level. Parquet is written by a pinned pyarrow with
fixed options, so two releases of one commit are byte-identical. The archive is
written to a temporary file and moved into place with :func:`os.replace`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .._version import __version__
from ..errors import DataError, Problem, UsageError
from ..fetch import SUMS, archive_name
from ..project import Project
from ..utils.atomic import MARKER, atomic_write, check_archive_output
from ..utils.hashing import sha256_bytes
from .assemble import assemble
from .write import write

DOCS = ("CHANGELOG.md", "CODEBOOK.md")
"""Files from the repository root that go into a release when present."""


def required_docs() -> tuple[str, ...]:
    """Files a release refuses to go without: the CHANGELOG, and the CODEBOOK as
    soon as the package has its generator (``sahel_dataset/curation/codebook.py``).

    >>> "CHANGELOG.md" in required_docs()
    True
    """
    has_codebook = (Path(__file__).parents[1] / "curation" / "codebook.py").is_file()
    return ("CHANGELOG.md", "CODEBOOK.md") if has_codebook else ("CHANGELOG.md",)

def zip_time(created: str) -> tuple[int, int, int, int, int, int]:
    """The fixed timestamp of every zip entry: the ``created`` date at midnight,
    never before 1980-01-01 (the earliest date a zip can store).

    >>> zip_time("2026-11-23T00:00:00Z")
    (2026, 11, 23, 0, 0, 0)
    >>> zip_time("1970-01-01")
    (1980, 1, 1, 0, 0, 0)
    """
    day = dt.date.fromisoformat(str(created)[:10])
    day = max(day, dt.date(1980, 1, 1))
    return (day.year, day.month, day.day, 0, 0, 0)


def sha256sums(files: dict[str, bytes]) -> bytes:
    """A ``SHA256SUMS`` file for ``files`` (name -> bytes), sorted by name.

    >>> sha256sums({"b.txt": b"", "a.txt": b"abc"}).decode().splitlines()[0][:20]
    'ba7816bf8f01cfea4141'
    """
    lines = [f"{sha256_bytes(data)}  {name}\n" for name, data in sorted(files.items())]
    return "".join(lines).encode("utf-8")


def write_zip(files: dict[str, bytes], path: Path, when: tuple[int, int, int, int, int, int]) -> None:
    """Write ``files`` (archive name -> bytes) to ``path`` reproducibly and atomically."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = (0o100644 << 16)
            z.writestr(info, files[name], compresslevel=9)
    atomic_write(path, buffer.getvalue())


def release_files(project: Project, validate: bool = True) -> tuple[dict[str, bytes], str]:
    """Build, validate and collect every file of the release: (name -> bytes, created).

    Raises :class:`DataError` when the data are invalid or a required document
    (:func:`required_docs`) is missing.
    """
    from .validate import validate_package

    problems = [Problem(f"{doc} is missing: a release must include it", file=doc, check="release")
                for doc in required_docs() if not (project.root / doc).is_file()]
    if problems:
        raise DataError(problems)
    # Every check once: pandera, foreign keys and rules on the tables in memory, then
    # what only the written package can show (integrity, provenance, frictionless).
    ds = assemble(project, full=validate)
    with tempfile.TemporaryDirectory(prefix="sahel-release-") as tmp:
        folder = Path(tmp) / "package"
        write(ds, folder)
        if validate:
            validate_package(folder, full=True, tables=False)
        files = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER
        }
    for doc in DOCS:
        if (project.root / doc).is_file():
            files[doc] = (project.root / doc).read_bytes()
    files[SUMS] = sha256sums(files)
    return files, str(ds.metadata["created"])


def release(out: Path, project: Project | None = None, validate: bool = True) -> Path:
    """Build, validate and write ``out/sahel-dataset-<version>.zip``; return its path.

    >>> import tempfile, pathlib, zipfile  # doctest: +SKIP
    >>> zpath = release(pathlib.Path(tempfile.mkdtemp()), validate=False)  # doctest: +SKIP
    >>> zpath.name == archive_name()  # doctest: +SKIP
    True
    >>> {"datapackage.json", "SHA256SUMS", "CHANGELOG.md"} <= set(zipfile.ZipFile(zpath).namelist())  # doctest: +SKIP
    True
    """
    project = project or Project.find()
    check_archive_output(out, archive_name(), project.root)  # before the work, not after
    files, created = release_files(project, validate=validate)
    path = check_archive_output(out, archive_name(), project.root)
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_zip(files, path, zip_time(created))
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror or e}; nothing was replaced") from e
    return path


def snapshot_schema(project: Project, version: str = __version__) -> Path:
    """Copy the current schema folder to ``schema/releases/<version>/``: the schema
    of that release, which the schema change guard compares against.

    Refuses to overwrite an existing snapshot of another content.
    """
    from .. import schema

    source = schema.schema_dir()
    target = project.root / "schema" / "releases" / version
    if target.exists():
        same = sorted(p.name for p in target.glob("*.json")) == sorted(p.name for p in source.glob("*.json")) and all(
            (target / p.name).read_bytes() == p.read_bytes() for p in source.glob("*.json"))
        if same:
            return target
        raise DataError([Problem(f"a different schema snapshot of {version} already exists", file=str(target),
                                 check="release")])
    tmp = target.with_name(f".{version}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for p in sorted(source.glob("*.json")):
        shutil.copyfile(p, tmp / p.name)
    os.replace(tmp, target)
    return target
