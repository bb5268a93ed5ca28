"""`sahel-dataset diff` on real packages: a build against an edited copy, and two release archives."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import CHECKOUT as ROOT
from sahel_dataset.core import schema
from sahel_dataset.diff import DiffError, FieldChange, diff

# release archives built and compared: `.ci/run` runs them, plain pytest does not.
pytestmark = pytest.mark.slow


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, in a fresh process, piped (so 80 columns, no colour)."""
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-c", "from sahel_dataset.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture(scope="module")
def edited(built: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A copy of the build with events edited: one added, one removed, two changed."""
    copy = tmp_path_factory.mktemp("edited") / "package"
    shutil.copytree(built, copy)
    path = copy / "parquet" / "events.parquet"
    data = pq.read_table(path)
    rows = data.to_pylist()
    first, second, gone = rows[0], rows[1], rows[2]
    old = {"summary": first["summary"], "date_start": first["date_start"], "location_id": second["location_id"]}
    assert old["location_id"] is not None  # else the edit below would change nothing
    first["summary"] = "An edited summary."
    first["date_start"] = first["date_start"] + dt.timedelta(days=1)
    second["location_id"] = None
    rows.remove(gone)
    rows.append(dict(rows[3], event_id="evt-zz-added"))
    pq.write_table(pa.Table.from_pylist(rows, schema=data.schema), path)
    return copy, {"first": first, "second": second, "gone": gone["event_id"], "old": old}


def test_python_api_lists_added_removed_and_changed_records(built: Path, edited: tuple[Path, dict]) -> None:
    copy, e = edited
    result = diff(built, copy)
    assert not result.equal
    tables = {t.table: t for t in result.tables}
    assert {n for n, t in tables.items() if t.status != "same"} == {"events"}
    events = tables["events"]
    assert events.key == ("event_id",)
    assert events.added == ["evt-zz-added"] and events.removed == [e["gone"]]
    changed = {c.key: c.fields for c in events.changed}
    names = schema.table("events").names  # changes come in the schema's field order
    first = sorted([FieldChange("summary", e["old"]["summary"], "An edited summary."),
                    FieldChange("date_start", e["old"]["date_start"], e["first"]["date_start"])],
                   key=lambda f: names.index(f.field))
    assert changed == {
        e["first"]["event_id"]: first,
        e["second"]["event_id"]: [FieldChange("location_id", e["old"]["location_id"], None)],
    }


def test_a_package_equals_itself(built: Path) -> None:
    result = diff(built, built)
    assert result.equal and all(t.status == "same" and not t.changed for t in result.tables)
    assert run_cli("diff", str(built), str(built)).returncode == 0


def test_cli_exit_codes_and_text(built: Path, edited: tuple[Path, dict]) -> None:
    copy, e = edited
    proc = run_cli("diff", str(built), str(copy))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    # Record ids stand whole on lines of their own, never cut short.
    assert "  + evt-zz-added" in lines and f"  - {e['gone']}" in lines
    assert f"  ~ {e['first']['event_id']}" in lines and f"  ~ {e['second']['event_id']}" in lines
    assert "∅" in proc.stdout  # the null the edit put in


@pytest.mark.parametrize("make_bad", ["missing", "folder", "file"])
def test_cli_usage_errors_exit_2(built: Path, tmp_path: Path, make_bad: str) -> None:
    bad = tmp_path / "bad"
    if make_bad == "folder":
        bad.mkdir()
    elif make_bad == "file":
        bad.write_text("not a zip")
    proc = run_cli("diff", str(built), str(bad))
    assert proc.returncode == 2
    assert str(bad) in proc.stderr.replace("\n", "")
    with pytest.raises(DiffError):
        diff(built, bad)


def test_unknown_version_exits_2(built: Path) -> None:
    proc = run_cli("diff", "9.9.9", str(built))
    assert proc.returncode == 2 and "unknown version '9.9.9'" in proc.stderr


def test_json_output(built: Path, edited: tuple[Path, dict]) -> None:
    copy, e = edited
    proc = run_cli("diff", str(built), str(copy), "--json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["equal"] is False and report["old"]["version"] == report["new"]["version"]
    events = next(t for t in report["tables"] if t["table"] == "events")
    assert events["added"] == ["evt-zz-added"] and events["removed"] == [e["gone"]]
    first = next(c for c in events["changed"] if c["key"] == e["first"]["event_id"])
    assert {"field": "date_start", "old": e["old"]["date_start"].isoformat(),
            "new": e["first"]["date_start"].isoformat()} in first["fields"]
    second = next(c for c in events["changed"] if c["key"] == e["second"]["event_id"])
    assert second["fields"] == [{"field": "location_id", "old": e["old"]["location_id"], "new": None}]
    equal = json.loads(run_cli("diff", str(built), str(built), "--json").stdout)
    assert equal["equal"] is True


# ------------------------------------------------------------ release archives


def _project_copy(dest: Path) -> Path:
    for sub in ("data", "seeds"):
        shutil.copytree(ROOT / sub, dest / sub)
    for doc in ("CHANGELOG.md", "CODEBOOK.md"):
        shutil.copyfile(ROOT / doc, dest / doc)
    return dest


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Archives made by the real `release` command from the project, and from a copy
    whose first event has a new summary."""
    root = tmp_path_factory.mktemp("releases")
    old_project = _project_copy(root / "old")
    new_project = _project_copy(root / "new")
    events = new_project / "data" / "events.yaml"
    text = events.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("  summary: "))
    events.write_text(text.replace(line, "  summary: A summary edited for the release test.", 1), encoding="utf-8")
    archives = []
    for project in (old_project, new_project):
        proc = run_cli("release", "--out", str(project / "dist"), "--project", str(project))
        assert proc.returncode == 0, proc.stderr
        archives.append(next((project / "dist").glob("sahel-dataset-*.zip")))
    return archives[0], archives[1], line.removeprefix("  summary: ")


def test_diff_of_two_release_archives(two_releases: tuple[Path, Path, str]) -> None:
    old, new, old_summary = two_releases
    proc = run_cli("diff", str(old), str(new), "--json")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    changed = [t for t in report["tables"] if t["status"] != "same"]
    assert [t["table"] for t in changed] == ["events"]
    assert changed[0]["added"] == [] and changed[0]["removed"] == []
    [record] = changed[0]["changed"]
    assert record["fields"] == [{"field": "summary", "old": old_summary,
                                 "new": "A summary edited for the release test."}]
    assert run_cli("diff", str(old), str(old)).returncode == 0


def test_release_archive_equals_a_build_of_the_same_data(two_releases: tuple[Path, Path, str], built: Path) -> None:
    old, _, _ = two_releases
    assert diff(old, built).equal  # an archive and a folder compare alike


def test_release_archives_carry_the_metadata_files(two_releases: tuple[Path, Path, str]) -> None:
    with zipfile.ZipFile(two_releases[0]) as z:
        names = set(z.namelist())
        sums = z.read("SHA256SUMS").decode()
    for name in ("croissant.json", "annotations.jsonld", "places.geojson"):
        assert name in names and f"  {name}\n" in sums


def test_a_truncated_archive_exits_2(two_releases: tuple[Path, Path, str], tmp_path: Path) -> None:
    cut = tmp_path / "cut.zip"
    cut.write_bytes(two_releases[0].read_bytes()[:1000])
    assert run_cli("diff", str(cut), str(two_releases[0])).returncode == 2


def test_version_option_prints_package_and_schema_versions() -> None:
    from importlib.metadata import version

    manifest = json.loads((ROOT / "schema" / "v1" / "schemaver.json").read_text(encoding="utf-8"))
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout == f"sahel-dataset {version('sahel-dataset')} (schema {manifest['schema_version']})\n"


def test_diff_of_a_fetched_version(two_releases: tuple[Path, Path, str], built: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A version is downloaded from a real HTTP server on 127.0.0.1, checked against a
    registry made by the real add_to_registry, cached, then compared."""
    import functools
    import http.server
    import threading

    from sahel_dataset import _fetch as fetch
    from sahel_dataset.core import registry as registry_mod

    old, new, _ = two_releases
    www = tmp_path / "www"
    www.mkdir()
    served = www / registry_mod.archive_name("0.0.1")
    served.write_bytes(old.read_bytes())
    registry = tmp_path / "registry.txt"
    registry_mod.add_to_registry(served, registry)
    entries = registry_mod.read_registry(registry)
    monkeypatch.setattr(fetch, "read_registry", lambda path=None: entries)
    monkeypatch.setenv(fetch.CACHE_ENV, str(tmp_path / "cache"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        assert diff("0.0.1", built, base_url=base).equal
        changed = diff("0.0.1", new, base_url=base)
        assert [t.table for t in changed.tables if t.status != "same"] == ["events"]
    finally:
        httpd.shutdown()
        httpd.server_close()
