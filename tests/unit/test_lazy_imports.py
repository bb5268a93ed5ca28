"""``import sahel_dataset`` and ``load()`` import nothing they do not use.

Each check runs in a fresh interpreter, since this test session has long since
imported pandera, pydantic and the rest.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

HEAVY = ("pandera", "frictionless", "pydantic", "typer", "click", "rich", "matplotlib", "pooch", "pyspark")


def run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_and_load_import_no_heavy_module() -> None:
    got = run(
        "import json, sys\n"
        "import sahel_dataset\n"
        "after_import = sorted(sys.modules)\n"
        "from sahel_dataset.load import PACKAGE_DIR\n"
        "for name in sahel_dataset.tables():\n"
        "    if (PACKAGE_DIR / 'parquet' / f'{name}.parquet').is_file():\n"
        "        sahel_dataset.load(name)\n"
        "sahel_dataset.load('events', backend='polars'); sahel_dataset.load('events', backend='arrow')\n"
        "print(json.dumps({'import': after_import, 'load': sorted(sys.modules)}))\n"
    )
    for stage in ("import", "load"):
        top = {m.split(".")[0] for m in got[stage]}
        assert not top & set(HEAVY), (stage, sorted(top & set(HEAVY)))
    # Importing the package alone does not even import pandas or pyarrow.
    assert not {m.split(".")[0] for m in got["import"]} & {"pandas", "pyarrow", "polars", "numpy"}


def test_load_reads_the_parquet_file_once_and_parses_no_csv() -> None:
    """Count every reader that load() could use: Parquet once, CSV never."""
    got = run(
        "import json, collections\n"
        "import pandas, polars, pyarrow.csv, pyarrow.parquet as pq, pyarrow.dataset\n"
        "calls = collections.Counter()\n"
        "def counting(mod, name):\n"
        "    real = getattr(mod, name)\n"
        "    def wrapper(*a, **k):\n"
        "        calls[f'{mod.__name__}.{name}'] += 1\n"
        "        return real(*a, **k)\n"
        "    setattr(mod, name, wrapper)\n"
        "for mod, names in ((pq, ('read_table', 'ParquetFile', 'ParquetDataset')),\n"
        "                   (pyarrow.csv, ('read_csv', 'open_csv')), (pyarrow.dataset, ('dataset',)),\n"
        "                   (pandas, ('read_csv', 'read_parquet', 'read_table')),\n"
        "                   (polars, ('read_csv', 'scan_csv', 'read_parquet', 'scan_parquet'))):\n"
        "    for name in names:\n"
        "        counting(mod, name)\n"
        "import sahel_dataset\n"
        "result = {}\n"
        "for backend in ('pandas', 'polars', 'arrow'):\n"
        "    calls.clear()\n"
        "    sahel_dataset.load('events', backend=backend)\n"
        "    result[backend] = dict(calls)\n"
        "print(json.dumps(result))\n"
    )
    # Each backend reads with its own library's plain reader (pq.read_table would import pandas).
    assert got == {"pandas": {"pyarrow.parquet.ParquetFile": 1}, "arrow": {"pyarrow.parquet.ParquetFile": 1},
                   "polars": {"polars.read_parquet": 1}}, got


def test_each_backend_imports_only_its_own_library() -> None:
    """Arrow loads without pandas or polars, polars without pyarrow or pandas."""
    for backend, absent in (("arrow", {"pandas", "polars"}), ("polars", {"pandas", "pyarrow"}),
                            ("pandas", {"polars"})):
        got = run(f"import json, sys, sahel_dataset\nsahel_dataset.load('events', backend={backend!r})\n"
                  "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
        assert not set(got) & absent, (backend, sorted(set(got) & absent))


def test_load_gives_the_declared_dtypes() -> None:
    from sahel_dataset import load
    from sahel_dataset.core.dtypes import pandas_dtype
    from sahel_dataset.core.schema import table

    for name in ("events", "evidence", "sources"):
        frame = load(name)
        for f in table(name).fields:
            assert frame[f.name].dtype == pandas_dtype(f), (name, f.name, frame[f.name].dtype)


FAST_COMMANDS = {
    "validate": ["validate", "{shipped}"],
    "show": ["show", "events"],
    "search": ["search", "junta"],
}


def run_cli(args: list[str]) -> dict:
    """Run ``sahel-dataset ARGS`` whole in a fresh interpreter (``{shipped}`` is the shipped
    package); its exit code and every module it imported."""
    return run(
        "import json, sys\n"
        "from sahel_dataset.cli import main\n"
        "from sahel_dataset.load import PACKAGE_DIR\n"
        f"sys.argv = ['sahel-dataset'] + [a.format(shipped=PACKAGE_DIR) for a in {args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "else:\n"
        "    code = 0\n"
        "print()\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )


def test_fast_commands_import_no_pandas_pandera_polars_frictionless() -> None:
    """``validate`` of the shipped package, ``show`` and ``search`` run whole in a fresh
    interpreter, then report every module they imported: pyarrow's pandas probe (``pa.array``,
    ``pa.scalar``, ``to_numpy``, ``group_by``, ``read_table``) would show up here as pandas."""
    for label, args in FAST_COMMANDS.items():
        got = run_cli(args)
        assert got["code"] in (0, None), (label, got["code"])
        top = {m.split(".")[0] for m in got["modules"]}
        assert "pyarrow" in top, label  # the command really read the tables
        heavy = {"pandas", "pandera", "polars", "frictionless", "pydantic", "yaml"}
        # validate prints a line and a small plain table: rich is for commands that draw with it.
        heavy |= {"rich"} if label == "validate" else set()
        assert not top & heavy, (label, sorted(top & heavy))
        # Lazy registration: no other command's module, and validate imports no writer.
        commands = {m for m in got["modules"] if m.startswith("sahel_dataset.cli.commands.")}
        assert commands <= {"sahel_dataset.cli.commands.formats", f"sahel_dataset.cli.commands.{MODULE[label]}"}, (
            label, sorted(commands))
        assert "sahel_dataset.pipeline.write" not in got["modules"], label


MODULE = {"validate": "package", "show": "explore", "search": "explore"}
"""The command module each fast command lives in (``COMMANDS`` in :mod:`sahel_dataset.cli.app`)."""


def test_build_imports_no_validator_and_help_no_pyarrow(tmp_path: Path) -> None:
    """``build`` writes Parquet and CSV with pyarrow and imports no validator and no pandas (the
    flat ``event_view.csv`` comes from the same plain-Python rows as ``event_view()``);
    ``--help`` reads no table at all."""
    build = ["build", "--out", str(tmp_path / "out"), "--project", str(ROOT)]
    for args, absent in ((build, {"pandera", "frictionless", "pandas", "polars"}),
                         (["--help"], {"pyarrow", "pydantic", "pandas"})):
        got = run_cli(args)
        assert got["code"] in (0, None), (args, got["code"])
        top = {m.split(".")[0] for m in got["modules"]}
        assert not top & absent, (args, sorted(top & absent))
