"""A wheel, installed in a fresh virtual environment, loads every table with the source tree out of reach."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT
from sahel_dataset import schema

pytestmark = pytest.mark.slow

def test_wheel_installs_and_loads_every_table_offline(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    [wheel] = dist.glob("sahel_dataset-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    script = (
        "import sahel_dataset, sys, pathlib\n"
        "here = pathlib.Path(sahel_dataset.__file__).resolve()\n"
        "assert 'site-packages' in here.parts, here\n"
        f"assert sahel_dataset.tables() == {schema.table_names()!r}\n"
        "for name in sahel_dataset.tables():\n"
        "    frame = sahel_dataset.load(name)\n"
        "    assert len(frame) > 0, name\n"
        "    print(name, len(frame), sahel_dataset.load(name, backend='polars').height)\n"
        "print('schema', sahel_dataset.SCHEMA_VERSION, 'version', sahel_dataset.__version__)\n"
    )
    # Run from an empty folder with a clean environment: the source tree is out of reach.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run = subprocess.run([str(python), "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for name in schema.table_names():
        assert f"\n{name} " in "\n" + run.stdout
    assert f"schema {schema.schema_version()}" in run.stdout
    cli = subprocess.run([str(env_dir / "bin" / "sahel-dataset"), "--help"], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert cli.returncode == 0 and "build" in cli.stdout
