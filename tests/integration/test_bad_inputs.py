"""Bad input, tried for real: every case of ``tests/bad_inputs/`` is refused clearly.

Each case is a folder with a ``case.yaml``:

- ``file``: the file of the project to break (``data/...`` or ``seeds/...``);
- ``old``/``new``: replace the first ``old`` with ``new``, or ``write``: the file's
  whole new text; ``encoding``: write the result in this encoding (default UTF-8);
- ``expect``: the first problem reported: a fragment of its ``message``, its
  ``file`` (a suffix of it), ``record_id`` and ``field``.

The case is applied to a copy of the real ``data/`` and ``seeds/``; the build must
raise :class:`DataError` with that problem and write nothing, and the CLI must
exit with code 1.

Plus property tests (hypothesis): a valid generated record survives YAML ->
build -> Parquet and CSV -> ``load()`` unchanged, and malformed input always
gives a :class:`DataError`, never another exception.
"""

from __future__ import annotations

import importlib
import json
import shutil
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sahel_dataset.errors import DataError
from sahel_dataset.pipeline.build import build
from sahel_dataset.pipeline.read import read_records
from sahel_dataset.project import Project

CASES = ROOT / "tests" / "bad_inputs"


def apply_case(case: dict[str, Any], root: Path) -> None:
    """Break the project at ``root`` as ``case`` says."""
    path = root / case["file"]
    if "write" in case:
        text = case["write"]
    else:
        text = path.read_text(encoding="utf-8")
        assert case["old"] in text, f"{case['old']!r} is no longer in {case['file']}: update the case"
        text = text.replace(case["old"], case["new"], 1)
    path.write_bytes(text.encode(case.get("encoding", "utf-8"), errors="replace"))


def _cases() -> list[Any]:
    return [pytest.param(p.name, id=p.name) for p in sorted(CASES.iterdir()) if (p / "case.yaml").is_file()]


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for sub in ("data", "seeds"):
        shutil.copytree(ROOT / sub, root / sub)
    return root


def test_corpus_has_at_least_30_distinct_cases() -> None:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CASES.glob("*/case.yaml"))]
    assert len(cases) >= 30
    edits = {json.dumps({k: v for k, v in c.items() if k not in ("expect", "description")}, sort_keys=True)
             for c in cases}
    assert len(edits) == len(cases)


@pytest.mark.parametrize("name", _cases())
def test_bad_input_is_refused_clearly_and_nothing_is_written(name: str, tmp_path: Path) -> None:
    case = yaml.safe_load((CASES / name / "case.yaml").read_text(encoding="utf-8"))
    root = _copy(tmp_path)
    apply_case(case, root)
    out = tmp_path / "out"
    with pytest.raises(DataError) as info:
        build(out, Project(root))
    assert not out.exists(), "a refused build must write nothing"
    assert not list(tmp_path.glob(".out.*")), "no temporary folder may be left"
    first = info.value.problems[0]
    expect = case["expect"]
    assert expect["message"] in first.message, str(first)
    assert (first.file or "").endswith(expect["file"]), str(first)
    assert first.record_id == expect["record_id"], str(first)
    assert first.field == expect["field"], str(first)
    assert expect["message"] in str(info.value)


def test_cli_exits_1_on_a_bad_input(tmp_path: Path) -> None:
    case = yaml.safe_load((CASES / "unknown-enum" / "case.yaml").read_text(encoding="utf-8"))
    root = _copy(tmp_path)
    apply_case(case, root)
    cli = Path(sys.executable).parent / "sahel-dataset"
    result = subprocess.run([str(cli), "build", "--out", str(tmp_path / "out"), "--project", str(root)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "data/events.yaml:6: evt-niger-coup: status:" in result.stderr  # line 6 since short_title
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------- properties

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"),
    min_size=1, max_size=40,
).filter(lambda s: s.strip() == s and s != "")
_SLUG = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12)


@st.composite
def _actor(draw: st.DrawFn) -> dict[str, Any]:
    record = {
        "actor_id": f"act-zz-{draw(_SLUG)}",
        "name": draw(_TEXT),
        "actor_type": draw(st.sampled_from(["state", "group", "person"])),
        "description": draw(_TEXT | st.sampled_from(["=1+1", "+x", "-y", "@z", "'q"])),
    }
    if draw(st.booleans()):
        record["note"] = draw(_TEXT)
    return record


@pytest.fixture(scope="module")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(tmp_path_factory.mktemp("prop"))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=_actor())
def test_any_valid_record_survives_yaml_build_parquet_csv_and_load(
        record: dict[str, Any], base_project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from test_release import read_csv_typed

    from sahel_dataset import schema

    work = tmp_path_factory.mktemp("case")
    root = work / "project"
    shutil.copytree(base_project, root)
    path = root / "data" / "actors.yaml"
    path.write_text(path.read_text(encoding="utf-8") + yaml.safe_dump([record], allow_unicode=True),
                    encoding="utf-8")
    out = work / "out"
    build(out, Project(root))
    t = schema.table("actors")
    load_module = importlib.import_module("sahel_dataset.load")
    old = load_module.PACKAGE_DIR
    load_module.PACKAGE_DIR = out
    try:
        loaded = load_module.load("actors")
    finally:
        load_module.PACKAGE_DIR = old
    row = loaded[loaded["actor_id"] == record["actor_id"]].iloc[0]
    for key, value in record.items():
        assert row[key] == value
    parquet = next(r for r in pq.read_table(out / "parquet" / "actors.parquet").to_pylist()
                   if r["actor_id"] == record["actor_id"])
    assert all(parquet[k] == v for k, v in record.items())
    from_csv = read_csv_typed(out / "csv" / "actors.csv", t)
    csv_row = from_csv[from_csv["actor_id"] == record["actor_id"]].iloc[0]
    assert all(csv_row[k] == v for k, v in record.items())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(lambda s: s.encode("utf-8")))
def test_any_malformed_file_gives_a_data_error(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("bad") / "events.yaml"
    path.write_bytes(data)
    try:
        records = read_records(path, display="data/events.yaml")
    except DataError as e:
        assert all(p.file == "data/events.yaml" for p in e.problems)
        return
    assert isinstance(records, list)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10),
                       st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(),
                                                                            max_size=2)),
       key=st.sampled_from(["status", "date_start", "location_id", "actors", "evidence", "summary", "extra"]))
def test_any_wrong_value_in_a_record_gives_a_data_error(value: Any, key: str, base_project: Path,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    work = tmp_path_factory.mktemp("val")
    root = work / "project"
    shutil.copytree(base_project, root)
    path = root / "data" / "events.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    records[0][key] = value
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    try:
        build(work / "out", Project(root))
    except DataError as e:
        assert e.problems and all(str(p) for p in e.problems)
        assert not (work / "out").exists()
