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
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from .._version import __version__
from ..core.atomic import MARKER, atomic_write, check_archive_output, replace_tree
from ..core.errors import DataError, Problem, UsageError
from ..core.hashing import sha256_bytes, sha256_file
from ..core.registry import SUMS, add_to_registry, archive_name, read_registry
from ..project import Project
from .assemble import assemble
from .write import write

RELEASES = "releases"
"""The repository folder where each published archive is committed (``releases/sahel-dataset-X.Y.Z.zip``),
beside its registry line; neither the wheel nor the sdist includes it."""

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
    # Every check once: the build's own (the pyarrow table checks, foreign keys and rules
    # on the tables in memory, as `build` runs them), then what only the written package
    # can show (integrity, provenance, CSV copies, frictionless). pandera, which checks the
    # same rules as the pyarrow checks (tests/unit/backends/test_fastcheck.py compares them
    # failure for failure), runs in `validate --full` and CI, not again here.
    ds = assemble(project)
    with tempfile.TemporaryDirectory(prefix="sahel-release-") as tmp:
        folder = Path(tmp) / "package"
        write(ds, folder, project_root=project.root)
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

    Refuses to overwrite an existing snapshot of another content, and to snapshot a
    development version (:class:`UsageError`).
    """
    from ..core import schema

    if not is_final(version):
        raise UsageError(f"{version} is a development version: only a final X.Y.Z gets a schema snapshot")
    # The project's own schema (a checkout), not the installed package's copy of it.
    own = project.root / "schema" / schema.MODEL
    source = own if (own / "schemaver.json").is_file() else schema.schema_dir()
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
    replace_tree(tmp, target)
    return target


def is_final(version: str) -> bool:
    """Whether ``version`` is a final release (``X.Y.Z``), not a development one.

    >>> is_final("0.1.0"), is_final("0.1.1.dev0"), is_final("1.0.0rc1")
    (True, False, False)
    """
    return re.fullmatch(r"\d+\.\d+\.\d+", version) is not None


def checkout_version(root: Path) -> str | None:
    """The version a source checkout declares in ``src/sahel_dataset/_version.py``, or None
    when ``root`` is not a source checkout of sahel-dataset (also needs ``pyproject.toml``).

    >>> from sahel_dataset.project import Project
    >>> checkout_version(Project.find().root) == __version__
    True
    """
    version_file = root / "src" / "sahel_dataset" / "_version.py"
    if not ((root / "pyproject.toml").is_file() and version_file.is_file()):
        return None
    found = re.search(r'^__version__ = "([^"]+)"', version_file.read_text(encoding="utf-8"), re.M)
    return found.group(1) if found else None


def source_registry(project: Project, version: str = __version__) -> Path:
    """The registry that ``release --register`` writes: the one of the source checkout
    ``project`` is (``src/sahel_dataset/registry.txt``), never an installed copy's.

    Raises :class:`UsageError` (before anything is built) when ``project`` is not a
    source checkout, when the checkout's version is not the running code's (the
    archive would carry the installed version's name and schema), when ``version``
    is a development version, or when the archive is already registered: a published
    release never changes.
    """
    declared = checkout_version(project.root)
    if declared is None:
        raise UsageError(f"{project.root} is not a source checkout of sahel-dataset (no pyproject.toml and "
                         "src/sahel_dataset/_version.py): --register writes the checkout's "
                         "src/sahel_dataset/registry.txt, so run it in a git clone")
    if declared != version:
        raise UsageError(f"the checkout at {project.root} is version {declared} but the running sahel-dataset is "
                         f"{version}: install the checkout (`pip install -e .`) and run again")
    if not is_final(version):
        raise UsageError(f"{version} is a development version: only a final X.Y.Z is published and registered")
    path = project.root / "src" / "sahel_dataset" / "registry.txt"
    if archive_name(version) in read_registry(path):
        raise UsageError(f"{archive_name(version)} is already registered in {path}: a published release never "
                         "changes; release a new version")
    return path


def register(archive: Path, project: Project) -> str:
    """Add ``archive``'s sha256 to the source checkout's registry (:func:`source_registry`);
    return the registry line."""
    return add_to_registry(archive, source_registry(project))


def changelog_section(changelog: str, version: str) -> str:
    """The dated section ``## [X.Y.Z] - YYYY-MM-DD`` of ``version`` in a CHANGELOG, without its heading.

    Raises :class:`DataError` when there is none: a release needs its dated section.

    >>> log = "## [Unreleased]\\n\\n## [0.1.0] - 2026-11-30\\n- Data: x\\n## [0.0.1] - 2026-01-01\\n"
    >>> changelog_section(log, "0.1.0")
    '- Data: x'
    """
    found = re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}\s*$(.*?)(?=^## |\Z)",
                      changelog, re.M | re.S)
    if found is None:
        raise DataError([Problem(f"no dated section '## [{version}] - YYYY-MM-DD'", file="CHANGELOG.md",
                                 check="release")])
    return found.group(1).strip()


def _entry_digests(archive: Path) -> dict[str, str]:
    with zipfile.ZipFile(archive) as z:
        lines = z.read(SUMS).decode("utf-8").splitlines()
    return {name: digest for digest, _, name in (line.partition("  ") for line in lines)}


def publish_asset(tag: str, built: Path, project: Project | None = None) -> Path:
    """The archive that ``.github/workflows/release.yml`` attaches to the GitHub release of
    ``tag`` (``vX.Y.Z``): the one whose sha256 the checkout's registry holds, so that
    ``sahel-dataset fetch X.Y.Z`` accepts it.

    That is the fresh archive in ``built`` (made by ``sahel-dataset release --out built``)
    when it is byte-identical to the registered one, else the archive committed in
    ``releases/`` (a rebuild with another pyarrow differs in its Parquet bytes; the
    differing entries are reported on stderr as a workflow warning). Also writes
    ``built/RELEASE_NOTES.md``, the CHANGELOG section of the version.

    Raises :class:`UsageError` when the tag is not ``v`` + the package's final version
    or the archive is not registered, :class:`DataError` when neither archive matches
    the registry or the CHANGELOG has no dated section for the version.
    """
    import sys

    project = project or Project.find()
    version = tag.removeprefix("v")
    declared = checkout_version(project.root) or __version__
    if tag != f"v{declared}" or not is_final(version):
        raise UsageError(f"tag {tag} is not v + the checkout's final version ({declared})")
    name = archive_name(version)
    registry = project.root / "src" / "sahel_dataset" / "registry.txt"
    registered = read_registry(registry).get(name)
    if registered is None:
        raise UsageError(f"{name} is not in {registry}: cut the release with `sahel-dataset release --register`")
    notes = changelog_section((project.root / "CHANGELOG.md").read_text(encoding="utf-8"), version)
    fresh, committed = built / name, project.root / RELEASES / name
    chosen = next((p for p in (fresh, committed) if p.is_file() and f"sha256:{sha256_file(p)}" == registered), None)
    if chosen is None:
        raise DataError([Problem(f"neither {fresh} nor {committed} has the registered sha256 {registered}",
                                 file=str(registry), check="release")])
    if chosen == committed and fresh.is_file():
        old, new = _entry_digests(committed), _entry_digests(fresh)
        differ = sorted(n for n in old.keys() | new.keys() if old.get(n) != new.get(n))
        print(f"::warning::the rebuild differs from the registered {name} in {', '.join(differ)}; "
              f"publishing the committed {RELEASES}/{name}", file=sys.stderr)
    atomic_write(built / "RELEASE_NOTES.md", notes + "\n")
    return chosen
