"""Every install line of the README and the docs installs from the place it names, in real
fresh venvs (pip's cache is reused): a local path (this checkout), a built wheel, or the
package index, played by a PEP 503 index of the built wheel served on 127.0.0.1. Lines that
install the same thing share a venv; the first of each kind is installed for real and run,
the others are resolved against their place (``pip install --dry-run --ignore-installed``).

The fresh venv of the README's two commands is also where the extras are missing: each
command that needs one says so in one line, before it starts (issue 22 items 1 and 3)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
INSTALL = re.compile(r"pip install ((?:-e )?(?:\"[^\"]+\"|'[^']+'|[^\s`\"'&;#]+))")


def install_lines() -> list[tuple[str, str]]:
    """(page, target as typed) of every ``pip install`` in the README and the docs."""
    found = []
    for page in PAGES:
        for m in INSTALL.finditer(page.read_text(encoding="utf-8")):
            found.append((page.relative_to(ROOT).as_posix(), m.group(1)))
    return found


def kind(target: str) -> str:
    """``local`` (a path in the checkout), ``wheel`` (a .whl file) or ``index`` (a name)."""
    bare = target.removeprefix("-e ").strip("\"'")
    if bare.endswith(".whl"):
        return "wheel"
    return "local" if bare.startswith((".", "/")) else "index"


def test_every_install_line_is_a_path_a_wheel_or_the_index_name() -> None:
    lines = install_lines()
    assert len(lines) > 5
    for page, target in lines:
        bare = target.removeprefix("-e ").strip("\"'")
        assert kind(target) != "index" or re.fullmatch(r"sahel-dataset(\[[a-z,]+\])?", bare), (page, target)


def test_the_readme_installs_from_the_clone_first_and_says_when_the_index_applies() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = [t for p, t in install_lines() if p == "README.md"]
    assert kind(readme[0]) == "local", readme[0]
    index_at = text.index('pip install "sahel-dataset')
    assert "published" in text[max(0, index_at - 300):index_at], "the index install is said to be for later"


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return path / "bin"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SAHEL_DATASET_URL")}


def _pip(bin_dir: Path, target: str, *extra: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    args = target.split(" ", 1) if target.startswith("-e ") else [target]
    args = [a.strip("\"'") for a in args]
    return subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", *extra, *args], cwd=cwd,
                          env=_env(), capture_output=True, text=True, timeout=900)


def _dry_run(bin_dir: Path, target: str, *extra: str) -> dict:
    """pip's report of what ``target`` resolves to, without installing it."""
    run = _pip(bin_dir, target, "--dry-run", "--ignore-installed", "--report", "-", *extra)
    assert run.returncode == 0, (target, run.stderr[-2000:])
    return json.loads(run.stdout)


def _ours(report: dict) -> str:
    """Where the report takes sahel-dataset from."""
    [item] = [i for i in report["install"] if i["metadata"]["name"] == "sahel-dataset"]
    return item["download_info"]["url"]


def _run(bin_dir: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=cwd, env={**_env(), "COLUMNS": "80", **env},
                          capture_output=True, text=True, timeout=600)


def test_local_lines_install_from_the_checkout_and_the_readme_commands_work(tmp_path: Path) -> None:
    lines = sorted({t for _, t in install_lines() if kind(t) == "local"})
    readme_first = next(t for p, t in install_lines() if p == "README.md")
    bin_dir = _venv(tmp_path / "venv")
    run = _pip(bin_dir, readme_first)
    assert run.returncode == 0, run.stderr[-2000:]
    # The README's second command, at 80 columns.
    shown = _run(bin_dir, "sahel-dataset", "show", "events", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "evt-" in shown.stdout and max(len(line) for line in shown.stdout.splitlines()) <= 80
    # The pinned release, offline, from the checkout's releases/ (no URL, an empty cache).
    released = sorted(p.name[len("sahel-dataset-"):-4] for p in (ROOT / "releases").glob("sahel-dataset-*.zip"))
    if released:
        code = f"import sahel_dataset; print(len(sahel_dataset.load('events', version={released[-1]!r})))"
        pinned = _run(bin_dir, "python", "-c", code, cwd=ROOT, SAHEL_DATASET_CACHE=str(tmp_path / "cache"))
        assert pinned.returncode == 0 and int(pinned.stdout) > 0, pinned.stderr
    _extras_explain_themselves(bin_dir, tmp_path)
    # Where each line takes sahel-dataset from; the first line above was resolved and installed whole
    # (resolving every extra's dependencies again for each line took minutes of the CI budget).
    for target in lines:
        assert _ours(_dry_run(bin_dir, target, "--no-deps")).startswith("file://" + str(ROOT)), target


def _extras_explain_themselves(bin_dir: Path, tmp_path: Path) -> None:
    """In the [cli] venv: serve, provenance, coverage, plots and the DuckDB example each
    name their missing extra in one line, before any work."""
    for args, extra in ((["sahel-dataset", "serve", "--port", "1"], "serve"),
                        (["sahel-dataset", "provenance", "evt-niger-coup"], "validate"),
                        (["sahel-dataset", "coverage"], "validate"),
                        (["python", str(ROOT / "examples" / "duckdb_query.py")], "duckdb")):
        run = _run(bin_dir, *args, cwd=ROOT)
        assert run.returncode in (1, 2), (args, run.stdout, run.stderr)
        assert run.stdout == "" and len(run.stderr.strip().splitlines()) == 1, (args, run.stdout, run.stderr)
        assert f'"sahel-dataset[{extra}]"' in run.stderr, (args, run.stderr)
    plots = _run(bin_dir, "python", "-c", "import sahel_dataset.plots", cwd=tmp_path)
    assert plots.stderr.strip().splitlines()[-1].endswith('matplotlib is not installed: pip install '
                                                          '"sahel-dataset[plot]"'), plots.stderr


class _Index(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def index(dist: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(simple index URL, the wheel it serves): a PEP 503 index holding the built wheel."""
    [wheel] = dist.glob("sahel_dataset-*.whl")
    root = tmp_path / "www"
    (root / "simple" / "sahel-dataset").mkdir(parents=True)
    (root / "simple" / "sahel-dataset" / wheel.name).write_bytes(wheel.read_bytes())
    (root / "simple" / "sahel-dataset" / "index.html").write_text(
        f'<!DOCTYPE html><html><body><a href="{wheel.name}">{wheel.name}</a></body></html>')
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Index, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/simple/", wheel
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_index_and_wheel_lines_install_from_the_index_and_the_wheel(index: tuple[str, Path], tmp_path: Path) -> None:
    url, wheel = index
    names = sorted({t for _, t in install_lines() if kind(t) == "index"})
    wheels = sorted({t for _, t in install_lines() if kind(t) == "wheel"})
    bin_dir = _venv(tmp_path / "venv")
    first = next(t for p, t in install_lines() if p == "README.md" and kind(t) == "index")
    run = _pip(bin_dir, first, "--extra-index-url", url, "--pre")
    assert run.returncode == 0, run.stderr[-2000:]
    shown = _run(bin_dir, "sahel-dataset", "show", "events", "-n", "3", cwd=tmp_path)
    assert shown.returncode == 0 and "evt-" in shown.stdout, shown.stderr
    for target in names:
        assert _ours(_dry_run(bin_dir, target, "--no-deps", "--extra-index-url", url, "--pre")).startswith(url), target
    version = wheel.name.split("-")[1]
    for target in wheels:
        typed = Path(target.strip("\"'").replace("X.Y.Z", version))
        assert typed.name == wheel.name, (target, wheel.name)  # the docs name the file the build makes
        assert _ours(_dry_run(bin_dir, str(wheel), "--no-deps")) == wheel.as_uri(), target
