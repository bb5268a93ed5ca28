"""A wheel, installed in a fresh virtual environment, loads every table with the source tree out of reach."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sahel_dataset.core import schema

pytestmark = pytest.mark.slow

def test_wheel_installs_light_and_loads_every_table_offline(dist: Path, tmp_path: Path) -> None:
    """The light install: the wheel with no extras loads every table with pandas and Arrow; polars
    and the CLI, whose extras are missing, say in one line which extra to install."""
    [wheel] = dist.glob("sahel_dataset-*.whl")
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    installed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], check=True,
                               capture_output=True, text=True).stdout.lower()
    for heavy in ("polars", "pandera", "pydantic", "frictionless", "typer", "rich", "matplotlib", "rapidfuzz"):
        assert f"\n{heavy}==" not in "\n" + installed, heavy
    script = (
        "import sahel_dataset, sys, pathlib\n"
        "here = pathlib.Path(sahel_dataset.__file__).resolve()\n"
        "assert 'site-packages' in here.parts, here\n"
        f"assert sahel_dataset.tables() == {schema.table_names()!r}\n"
        "for name in sahel_dataset.tables():\n"
        "    frame = sahel_dataset.load(name)\n"
        "    assert len(frame) > 0, name\n"
        "    print(name, len(frame), sahel_dataset.load(name, backend='arrow').num_rows)\n"
        "print('schema', sahel_dataset.SCHEMA_VERSION, 'version', sahel_dataset.__version__)\n"
        "try:\n"
        "    sahel_dataset.load('events', backend='polars')\n"
        "except ImportError as e:\n"
        "    print('polars:', e)\n"
    )
    # Run from an empty folder with a clean environment: the source tree is out of reach.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run = subprocess.run([str(python), "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for name in schema.table_names():
        assert f"\n{name} " in "\n" + run.stdout
    assert f"schema {schema.schema_version()}" in run.stdout
    assert 'polars: polars is not installed: pip install "sahel-dataset[polars]"' in run.stdout
    cli = subprocess.run([str(env_dir / "bin" / "sahel-dataset"), "--help"], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert cli.returncode == 2, cli.stderr
    assert cli.stderr.strip().splitlines() == ['error: typer is not installed: pip install "sahel-dataset[cli]"']
    # With the cli extra, the command runs; a command that needs another extra says which, in one line.
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"{wheel}[cli]"], check=True)
    cli = subprocess.run([str(env_dir / "bin" / "sahel-dataset"), "--help"], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert cli.returncode == 0 and "build" in cli.stdout
    shipped = subprocess.run([str(env_dir / "bin" / "sahel-dataset"), "validate", "--full",
                              str(Path(here_of(python)) / "datapackage")],
                             cwd=tmp_path, env=env, capture_output=True, text=True)
    assert shipped.returncode == 2, shipped.stdout + shipped.stderr
    assert len(shipped.stderr.strip().splitlines()) == 1 and "sahel-dataset[validate]" in shipped.stderr


def here_of(python: Path) -> str:
    """The installed package's folder in the venv of ``python``."""
    code = "import sahel_dataset, os; print(os.path.dirname(sahel_dataset.__file__))"
    return subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True).stdout.strip()
