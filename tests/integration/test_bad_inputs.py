"""Bad input, tried for real: every case of ``tests/bad_inputs/`` is refused clearly.

Each case is a folder with a ``case.yaml``:

- ``kind``: ``project`` (default: break a copy of the real ``data/`` and ``seeds/``)
  or ``package`` (break a copy of a built package); ``command`` cases (a hostile
  command line in a checkout) are run by ``test_bad_commands.py``, ``cache`` cases
  (a fetched release's cached folder altered on disk) by ``test_fetch_local.py``;
- ``file``: the file to break (``data/...``, ``seeds/...``; in a package or a
  cached release ``csv/...``, ``parquet/...``, ``datapackage.json``, ``seeds/...``);
- one edit: ``old``/``new`` (replace the first ``old`` with ``new``), ``write``
  (the file's whole new text, repeated ``times`` times, default once),
  ``truncate`` (keep the first N bytes), ``symlink`` (replace the file by a
  symbolic link to this path, relative to the copy's root unless absolute),
  ``copy`` (replace it by a copy of this file of the copy), ``fifo`` (replace it
  by a FIFO) or ``delete``;
  ``encoding``: write the result in this encoding (default UTF-8);
- ``also``: more edits of the same form, each with its own ``file`` (a seed
  rewritten together with its manifest row);
- ``rehash``: (package) recompute the edited file's ``hash`` and ``bytes`` in
  ``datapackage.json``, as a careful forger would; ``resum``: (cache) rewrite the
  edited file's line of the folder's own ``SHA256SUMS`` the same way;
- ``expect``: the first problem reported: a fragment of its ``message``, its
  ``file`` (a suffix of it), ``record_id`` and ``field``. In a package case the
  message may say ``{rows}``: the row count of the edited file's table in the
  unbroken package (so the case holds however many records the data has).
  A cache case has no ``expect``: whatever the alteration, the release is served
  as its verified archive holds it, never as altered.

A project case must make the build raise :class:`DataError` with that problem and
write nothing; a package case must make ``validate_package`` raise it. The CLI
exits with code 1 on both (tested below on one case of each).

Plus property tests (hypothesis): a valid generated record survives YAML ->
build -> Parquet and CSV -> ``load()`` unchanged, and malformed input always
gives a :class:`DataError`, never another exception.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
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

from conftest import CHECKOUT as ROOT
from sahel_dataset.core.errors import DataError
from sahel_dataset.pipeline.build import build
from sahel_dataset.pipeline.read import read_records
from sahel_dataset.project import Project

CASES = ROOT / "tests" / "bad_inputs"


def _edit(edit: dict[str, Any], root: Path) -> None:
    path = root / edit["file"]
    if edit.get("delete"):
        path.unlink()
        return
    if edit.get("fifo"):
        path.unlink()
        os.mkfifo(path)
        return
    if "copy" in edit:
        path.write_bytes((root / edit["copy"]).read_bytes())
        return
    if "symlink" in edit:
        target = Path(edit["symlink"])
        path.unlink()
        path.symlink_to(target if target.is_absolute() else root / target)
        return
    if "truncate" in edit:
        path.write_bytes(path.read_bytes()[: edit["truncate"]])
        return
    if "write" in edit:
        text = edit["write"] * edit.get("times", 1)
    else:
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{edit['old']!r} is no longer in {edit['file']}: update the case"
        text = text.replace(edit["old"], edit["new"], 1)
    path.write_bytes(text.encode(edit.get("encoding", "utf-8"), errors="replace"))


def apply_case(case: dict[str, Any], root: Path) -> None:
    """Break the project (or package) at ``root`` as ``case`` says."""
    for edit in [case, *case.get("also", [])]:
        _edit(edit, root)
    if case.get("rehash"):
        from sahel_dataset.core.hashing import resource_digest

        desc_path = root / "datapackage.json"
        desc = json.loads(desc_path.read_text(encoding="utf-8"))
        for res in desc["resources"]:
            if res["path"] == case["file"]:
                res["hash"], res["bytes"] = resource_digest(root / case["file"])
        desc_path.write_text(json.dumps(desc, indent=2), encoding="utf-8")
    if case.get("resum"):
        sums = root / "SHA256SUMS"
        line = f"{hashlib.sha256((root / case['file']).read_bytes()).hexdigest()}  {case['file']}"
        sums.write_text("".join(line + "\n" if old.endswith(f"  {case['file']}") else old + "\n"
                                for old in sums.read_text(encoding="utf-8").splitlines()), encoding="utf-8")


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load((CASES / name / "case.yaml").read_text(encoding="utf-8"))


def _cases(kind: str) -> list[Any]:
    return [pytest.param(p.name, id=p.name) for p in sorted(CASES.iterdir())
            if (p / "case.yaml").is_file() and _load(p.name).get("kind", "project") == kind]


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for sub in ("data", "seeds"):
        shutil.copytree(ROOT / sub, root / sub)
    return root


def test_corpus_has_at_least_140_distinct_cases() -> None:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CASES.glob("*/case.yaml"))]
    assert len(cases) >= 140
    edits = {json.dumps({k: v for k, v in c.items() if k not in ("expect", "description")}, sort_keys=True)
             for c in cases}
    assert len(edits) == len(cases)


def _assert_first(info: pytest.ExceptionInfo[DataError], case: dict[str, Any]) -> None:
    first = info.value.problems[0]
    expect = case["expect"]
    assert expect["message"] in first.message, str(first)
    assert (first.file or "").endswith(expect["file"]), str(first)
    assert first.record_id == expect["record_id"], str(first)
    assert first.field == expect["field"], str(first)
    assert expect["message"] in str(info.value)
    assert all(len(str(p)) < 1500 for p in info.value.problems), "a message must not print a whole value"


@pytest.mark.parametrize("name", _cases("project"))
def test_bad_input_is_refused_clearly_and_nothing_is_written(name: str, tmp_path: Path) -> None:
    case = _load(name)
    root = _copy(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}
    apply_case(case, root)
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}
    out = tmp_path / "out"
    with pytest.raises(DataError) as info:
        build(out, Project(root))
    assert not out.exists(), "a refused build must write nothing"
    assert not list(tmp_path.glob(".out.*")), "no temporary folder may be left"
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()} == after
    assert before.keys() >= after.keys(), "the case itself must not add files"
    _assert_first(info, case)


@pytest.fixture(scope="module")
def built_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pkg") / "package"
    build(out, Project(ROOT))
    return out


@pytest.mark.parametrize("name", _cases("package"))
def test_broken_package_is_refused_clearly_and_left_as_it_is(name: str, tmp_path: Path,
                                                              built_package: Path) -> None:
    from sahel_dataset.pipeline.validate import validate_package

    case = _load(name)
    root = tmp_path / "package"
    shutil.copytree(built_package, root, symlinks=True)
    apply_case(case, root)
    snapshot = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}
    with pytest.raises(DataError) as info:
        validate_package(root)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()} == snapshot
    parquet = built_package / "parquet" / f"{Path(case['file']).stem}.parquet"
    if "{rows" in case["expect"]["message"] and parquet.is_file():
        import pyarrow.parquet as pq

        n = pq.read_metadata(parquet).num_rows
        case["expect"]["message"] = case["expect"]["message"].format(rows=n, rows_plus_1=n + 1)
    _assert_first(info, case)


def test_cli_exits_1_on_a_broken_package_without_a_traceback(tmp_path: Path, built_package: Path) -> None:
    root = tmp_path / "package"
    shutil.copytree(built_package, root)
    apply_case(_load("package-descriptor-is-a-list"), root)
    cli = Path(sys.executable).parent / "sahel-dataset"
    result = subprocess.run([str(cli), "validate", str(root)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "datapackage.json" in result.stderr + result.stdout and "a descriptor must be a JSON object" in \
        result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_cli_exits_1_on_a_bad_input(tmp_path: Path) -> None:
    case = _load("unknown-enum")
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

    from sahel_dataset.core import schema

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
