"""The registry of published release archives and the names in them.

``registry.txt`` (pooch's format: one ``file-name sha256:hash`` per line) ships inside
the package; ``fetch`` checks downloads against it and ``release --register`` adds to
it. Both sit on this module, so neither imports the other.
"""

from __future__ import annotations

from pathlib import Path

from .._version import __version__
from .atomic import atomic_write
from .hashing import sha256_file

REGISTRY = Path(__file__).parent.parent / "registry.txt"
"""The sha256 of every published release archive, keyed by file name."""


SUMS = "SHA256SUMS"
"""The checksum file inside every release archive (``sha256sum -c`` format)."""


def archive_name(version: str = __version__) -> str:
    """The file name of the release archive of ``version``.

    >>> archive_name("1.2.3")
    'sahel-dataset-1.2.3.zip'
    """
    return f"sahel-dataset-{version}.zip"


def read_registry(path: Path = REGISTRY) -> dict[str, str]:
    """File name -> ``sha256:<hex>`` from a pooch-format registry file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> _ = p.write_text("# comment\\nsahel-dataset-1.0.0.zip sha256:ab12\\n")
    >>> read_registry(p)
    {'sahel-dataset-1.0.0.zip': 'sha256:ab12'}
    """
    entries = {}
    if not path.is_file():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, digest = line.split()[:2]
        entries[name] = digest if ":" in digest else f"sha256:{digest}"
    return entries


def known_versions(registry: dict[str, str]) -> list[str]:
    """The versions a registry knows, oldest first.

    >>> known_versions({"sahel-dataset-0.10.0.zip": "", "sahel-dataset-0.9.1.zip": ""})
    ['0.9.1', '0.10.0']
    """
    prefix, suffix = "sahel-dataset-", ".zip"
    found = [n[len(prefix):-len(suffix)] for n in registry if n.startswith(prefix) and n.endswith(suffix)]
    return sorted(found, key=lambda v: tuple(int(x) if x.isdigit() else 0 for x in v.split(".")))


def add_to_registry(archive: Path, path: Path = REGISTRY) -> str:
    """Add (or update) ``archive``'s sha256 in the registry file; return the entry.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> z = d / "sahel-dataset-9.9.9.zip"; _ = z.write_bytes(b"abc")
    >>> add_to_registry(z, d / "registry.txt")[:40]
    'sahel-dataset-9.9.9.zip sha256:ba7816bf8'
    >>> list(read_registry(d / "registry.txt"))
    ['sahel-dataset-9.9.9.zip']
    """
    digest = "sha256:" + sha256_file(archive)
    header = [ln for ln in (path.read_text(encoding="utf-8").splitlines() if path.is_file() else [])
              if ln.startswith("#")]
    entries = read_registry(path)
    entries[archive.name] = digest
    lines = [*header, *(f"{n} {d}" for n, d in sorted(entries.items()))]
    atomic_write(path, "\n".join(lines) + "\n")
    return f"{archive.name} {digest}"
