"""The packaging linters a PyPI and GitHub project is held to, run for real:
validate-pyproject, build + twine check, pyroma, cffconvert, zizmor."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import CHECKOUT as ROOT

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=600)


def test_validate_pyproject() -> None:
    result = run(str(BIN / "validate-pyproject"), "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_sdist_and_wheel_pass_twine_and_leave_out_the_release_archives(dist: Path) -> None:
    [sdist], [wheel] = dist.glob("*.tar.gz"), dist.glob("*.whl")
    check = run(str(BIN / "twine"), "check", "--strict", str(sdist), str(wheel))
    assert check.returncode == 0 and check.stdout.count("PASSED") == 2, check.stdout + check.stderr
    with tarfile.open(sdist) as t:
        names = t.getnames()
    names += zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.endswith(".zip") or "/releases/sahel-dataset-" in n]


def test_pyroma_finds_nothing_but_the_missing_contact_email() -> None:
    """10/10 once the authors have an email (pyproject.toml `authors`): the project has
    no contact address yet, and none is invented here."""
    result = run(str(BIN / "pyroma"), ".")
    assert result.returncode == 0, result.stderr[-2000:]
    report = result.stdout.split("-" * 30)
    complaints = [ln for ln in report[-3].strip().splitlines() if ln] if len(report) >= 3 else []
    rating = int(re.search(r"Final rating: (\d+)/10", result.stdout).group(1))
    assert set(complaints) <= {"Your package does not have author-email data."}, complaints
    assert rating == (10 if not complaints else 8), result.stdout


def test_citation_cff_is_valid(tmp_path: Path) -> None:
    """Against the CFF 1.2.0 schema (offline copy), and with the real `cffconvert --validate`
    in its own venv."""
    schema = json.loads((ROOT / "tests" / "reference" / "citation-file-format-1.2.0" / "schema.json").read_text())
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(citation)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "cffconvert==2.0.0"],
                   check=True, env=env, capture_output=True, timeout=600)
    result = subprocess.run([str(env_dir / "bin" / "cffconvert"), "--validate", "-i", "CITATION.cff"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_workflows_pass_zizmor() -> None:
    result = run(str(BIN / "zizmor"), "--offline", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_release_workflow_builds_with_the_projects_own_command() -> None:
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    triggers = wf.get("on", wf.get(True))
    assert triggers == {"push": {"tags": ["v*"]}}
    assert wf["permissions"] == {}
    [job] = wf["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "sahel-dataset release --out dist/" in runs and "publish_asset" in runs
    assert "gh release upload" in runs
    for step in job["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
