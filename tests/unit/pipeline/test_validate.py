"""`sahel-dataset validate`: every layer, exit codes, JSON; CI files; a killed build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import CHECKOUT as ROOT
from sahel_dataset.core.atomic import PAUSE_ENV
from sahel_dataset.core.errors import DataError
from sahel_dataset.pipeline.build import build
from sahel_dataset.pipeline.validate import ValidationFailed, validate_package, validate_project
from sahel_dataset.project import Project

CLI = str(Path(sys.executable).parent / "sahel-dataset")


def _run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=180, cwd=cwd,
                          env={**os.environ, **(env or {})})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pydantic_errors_carry_the_yaml_line(project_copy: Project) -> None:
    _edit(project_copy.data / "deployments.yaml", "count_low: 20", "count_low: twenty")
    with pytest.raises(ValidationFailed) as info:
        validate_project(project_copy)
    [p] = info.value.problems
    lines = (project_copy.data / "deployments.yaml").read_text().splitlines()
    assert (p.file, p.record_id, p.field, p.check) == (
        "data/deployments.yaml", "dep-us-niger-two-dozen-2024-08", "count_low", "record")
    assert lines[p.line - 1].strip() == "count_low: twenty"


def test_every_record_error_and_the_seed_error_are_reported_together(project_copy: Project) -> None:
    _edit(project_copy.data / "events.yaml", "status: occurred", "status: happened")
    _edit(project_copy.data / "locations.yaml", "latitude: 13.51366", "latitude: .nan")
    seed = project_copy.seeds / "003_96708bf42db7307b.txt"
    seed.write_bytes(seed.read_bytes().replace(b"About 1,000", b"About 2,000"))
    with pytest.raises(ValidationFailed) as info:
        validate_project(project_copy)
    checks = {p.check for p in info.value.problems}
    assert {"seeds", "record"} <= checks
    status = {row["check"]: row["status"] for row in info.value.layers}
    assert status["seeds"] == "failed" and status["record"] == "failed"
    assert status["table"] == "not run"


@pytest.mark.slow  # a dozen CLI runs in fresh interpreters
def test_cli_json_report_and_exit_codes(project_copy: Project, tmp_path: Path) -> None:
    ok = _run("validate", str(project_copy.root), "--json")
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    assert report["valid"] is True and all(r["status"] == "ok" for r in report["layers"])

    events = project_copy.data / "events.yaml"
    line = events.read_text(encoding="utf-8").splitlines().index("  status: occurred") + 1  # the first one
    _edit(events, "status: occurred", "status: happened")
    bad = _run("validate", str(project_copy.root), "--json")
    assert bad.returncode == 1
    report = json.loads(bad.stdout)
    assert report["valid"] is False
    [p] = report["problems"]
    assert (p["file"], p["line"], p["record_id"], p["field"]) == ("data/events.yaml", line, "evt-niger-coup", "status")

    human = _run("validate", str(project_copy.root))
    assert human.returncode == 1 and "validation layers" in human.stderr and "pydantic records" in human.stderr

    assert _run("validate", str(tmp_path / "missing")).returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    not_project = _run("validate", str(empty))
    assert not_project.returncode == 2 and "neither a built package" in not_project.stderr
    assert "Traceback" not in not_project.stderr


def test_package_layers_report_every_problem(built: Path, tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    shutil.copytree(built, pkg)
    report = validate_package(pkg, run_frictionless=False)
    assert {r["status"] for r in report["layers"] if r["check"] != "frictionless"} == {"ok"}
    csv = pkg / "csv" / "events.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seed = next((pkg / "seeds").iterdir())
    seed.write_bytes(seed.read_bytes() + b" ")
    with pytest.raises(ValidationFailed) as info:
        validate_package(pkg, full=True)
    status = {r["check"]: r["status"] for r in info.value.layers}
    assert status["integrity"] == "failed" and status["provenance"] == "failed"
    assert status["frictionless"] in ("ok", "failed")
    assert {r["check"]: r["layer"] for r in info.value.layers}["table"] == "tables (pandera)"
    # The default (fast) validation finds the same failures and says that frictionless did not run.
    with pytest.raises(ValidationFailed) as info:
        validate_package(pkg)
    status = {r["check"]: r["status"] for r in info.value.layers}
    assert status["integrity"] == "failed" and status["provenance"] == "failed"
    assert status["frictionless"] == "not run"
    assert {r["check"]: r["layer"] for r in info.value.layers}["table"] == "tables (pyarrow)"
    result = _run("validate", str(pkg), "--json")
    assert result.returncode == 1 and json.loads(result.stdout)["valid"] is False


def _set_resource(pkg: Path, name: str, **changes: object) -> None:
    desc_path = pkg / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == name)
    for key, value in changes.items():
        if value is None:
            res.pop(key, None)
        else:
            res[key] = value
    desc_path.write_text(json.dumps(desc, indent=2), encoding="utf-8")


def test_integrity_measures_the_size_of_every_file(built: Path, tmp_path: Path) -> None:
    """Parquet declares no `bytes` (frictionless cannot count them): a Parquet file cut
    short, its hash updated to match, still fails on its own size; a CSV must declare bytes."""
    from sahel_dataset.core.hashing import sha256_bytes

    pkg = tmp_path / "pkg"
    shutil.copytree(built, pkg)
    path = pkg / "parquet" / "quotes.parquet"
    path.write_bytes(path.read_bytes()[:-10])
    _set_resource(pkg, "quotes", hash="sha256:" + sha256_bytes(path.read_bytes()))
    _set_resource(pkg, "events-csv", bytes=None)
    with pytest.raises(ValidationFailed) as info:
        validate_package(pkg, run_frictionless=False)
    sizes = {(p.record_id, p.message) for p in info.value.problems if p.check == "integrity"}
    assert any(rid == "quotes" and "not a whole Parquet file" in msg for rid, msg in sizes), sizes
    assert ("events-csv", "csv/events.csv: no bytes declared") in sizes


def test_frictionless_layer_covers_parquet_resources(built: Path, tmp_path: Path) -> None:
    """A constraint broken in a Parquet file (hash updated) reaches the frictionless layer."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sahel_dataset.core import schema
    from sahel_dataset.core.hashing import sha256_bytes
    from sahel_dataset.pipeline.package_checks import frictionless_problems
    from sahel_dataset.pipeline.write import write_parquet

    pkg = tmp_path / "pkg"
    shutil.copytree(built, pkg)
    assert frictionless_problems(pkg / "datapackage.json") == []
    path = pkg / "parquet" / "sources.parquet"
    data = pq.read_table(path)
    data = data.set_column(data.schema.get_field_index("bytes"), "bytes", pa.array([-1] * data.num_rows, pa.int64()))
    write_parquet(data, path, schema.table("sources"))
    _set_resource(pkg, "sources", hash="sha256:" + sha256_bytes(path.read_bytes()))
    problems = frictionless_problems(pkg / "datapackage.json")
    assert problems and {p.record_id for p in problems} == {"sources"}
    assert all("constraint-error" in p.message for p in problems)



def test_frictionless_still_validates_each_field_descriptor(built: Path, tmp_path: Path) -> None:
    """The frictionless pass copies fields without validating the copies again: an invalid
    field descriptor is still reported (by the package's own validation), and frictionless's
    ``Field.to_copy`` is its own again afterwards."""
    import frictionless

    from sahel_dataset.pipeline.package_checks import frictionless_problems

    original = frictionless.Field.to_copy
    pkg = tmp_path / "pkg"
    shutil.copytree(built, pkg)
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "sources-csv")
    res["schema"]["fields"][0]["constraints"] = {"maxLength": "ten"}
    _set_resource(pkg, "sources-csv", schema=res["schema"])
    problems = frictionless_problems(pkg / "datapackage.json")
    assert problems and any("maxLength" in p.message for p in problems), [p.message for p in problems]
    assert frictionless.Field.to_copy is original


def test_frictionless_passes_in_threads_agree_with_one_alone(built: Path) -> None:
    """The field-copy patch is process-wide: passes run in threads of one process report
    what one pass alone reports, and leave ``Field.to_copy`` as it was."""
    from concurrent.futures import ThreadPoolExecutor

    import frictionless

    from sahel_dataset.pipeline.package_checks import frictionless_problems

    original = frictionless.Field.to_copy
    def messages(_: int = 0) -> list[str]:
        return [p.message for p in frictionless_problems(built / "datapackage.json")]

    alone = messages()
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = list(pool.map(messages, range(3)))
    assert runs == [alone] * 3
    assert frictionless.Field.to_copy is original


# ----------------------------------------------------------- CI and hooks


def test_workflow_runs_validate_coverage_and_tests_on_push_and_pull_request() -> None:
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    runs = " && ".join(step.get("run", "") for job in wf["jobs"].values() for step in job["steps"])
    for command in ('pip install -e ".[test]"', "sahel-dataset validate", "sahel-dataset coverage",
                    "sahel-dataset schema-check", "python -m pytest"):
        assert command in runs, command


def test_pre_commit_hook_validates_changed_data() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "sahel-dataset-validate"]
    assert hook["entry"] == "sahel-dataset validate"
    assert hook["pass_filenames"] is False
    import re

    assert re.search(hook["files"], "data/events.yaml") and re.search(hook["files"], "seeds/manifest.csv")
    assert not re.search(hook["files"], "src/sahel_dataset/cli.py")
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [local] = [r for r in config["repos"] if r["repo"] == "local"]
    ids = {h["id"]: h for h in local["hooks"]}
    assert ids["sahel-dataset-validate"]["entry"] == "sahel-dataset validate"
    assert ids["sahel-dataset-validate"]["files"] == hook["files"]


# ---------------------------------------------------------- killed build


def test_killed_build_leaves_the_previous_output_intact(project_copy: Project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, project_copy)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _edit(project_copy.data / "events.yaml", "summary: Mutinous soldiers", "summary: Rebellious soldiers")
    proc = subprocess.Popen([CLI, "build", "--out", str(out), "--project", str(project_copy.root)],
                            env={**os.environ, PAUSE_ENV: "60"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    tmp = tmp_path / f".out.tmp-{proc.pid}"
    try:
        deadline = time.monotonic() + 120
        while not (tmp / "datapackage.json").is_file():
            assert proc.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, "the build never wrote its temporary folder"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert tmp.is_dir(), "the half-written build is in its temporary folder"
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    validate_package(out, run_frictionless=False)
    # The next build cleans up what the killed one left, and succeeds.
    build(out, project_copy)
    assert not tmp.exists()
    assert b"Rebellious soldiers" in (out / "csv" / "events.csv").read_bytes()


def test_failed_build_raises_data_error_not_traceback(project_copy: Project, tmp_path: Path) -> None:
    (project_copy.data / "events.yaml").write_bytes(b"\xff\xfe")
    with pytest.raises(DataError):
        build(tmp_path / "out", project_copy)
