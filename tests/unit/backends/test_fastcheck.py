"""fastcheck (plain pyarrow compute) finds the same bad rows as pandera."""

from __future__ import annotations

import datetime as dt

import pandera.errors
import pyarrow as pa
import pytest

from sahel_dataset import load
from sahel_dataset.backends import fastcheck
from sahel_dataset.core.dtypes import arrow_schema, convert
from sahel_dataset.core.schema import table
from sahel_dataset.pipeline.evidence import mismatches
from sahel_dataset.pipeline.models import pandera_schema


def spoil(name: str, edits: dict[int, dict]) -> pa.Table:
    """The shipped table ``name`` (at least 8 rows, repeated if needed) with some cells changed."""
    rows = load(name, backend="arrow").to_pylist()
    while len(rows) < 8:
        rows += [dict(r) for r in rows]
    rows = [dict(r) for r in rows[:8]]
    key = table(name).id_field
    for i, row in enumerate(rows):  # unique ids, as repeating rows duplicated them
        row[key] = {"events": f"evt-x{i}", "evidence": f"ev-evt-x-{i}"}.get(name, row[key])
    for i, change in edits.items():
        rows[i].update(change)
    return pa.Table.from_pylist(rows, schema=arrow_schema(table(name)))


def pandera_rows(name: str, data: pa.Table) -> set[int]:
    frame = convert(data, table(name), "pandas")
    try:
        pandera_schema(name).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        index = err.failure_cases["index"].dropna()
        return {int(i) for i in index}
    return set()


def test_shipped_tables_pass() -> None:
    from sahel_dataset.core.descriptor import PACKAGE_DIR
    from sahel_dataset.load import tables

    shipped = [n for n in tables() if (PACKAGE_DIR / "parquet" / f"{n}.parquet").is_file()]
    assert {"events", "evidence", "sources"} <= set(shipped)
    for name in shipped:
        assert fastcheck.check(load(name, backend="arrow"), name) == [], name


def test_same_bad_rows_as_pandera_on_evidence() -> None:
    data = spoil("evidence", {
        1: {"evidence_id": "EV bad id"},  # pattern
        2: {"start": -1},  # minimum
        3: {"start": 50, "end": 10},  # ordered start <= end
        5: {"text": ""},  # min length
        6: {"source_id": "src-1"},  # pattern
    })
    ours = fastcheck.bad_rows(fastcheck.check(data, "evidence"))
    assert ours == {1, 2, 3, 5, 6}
    assert ours == pandera_rows("evidence", data)


def test_same_bad_rows_as_pandera_on_events() -> None:
    data = spoil("events", {
        0: {"date_start": dt.date(2024, 5, 1), "date_end": dt.date(2024, 4, 1)},  # ordered
        4: {"location_id": "Agadez"},  # pattern on a nullable column
        7: {"summary": ""},  # min length
    })
    ids = data["event_id"].to_pylist()
    ids[6] = ids[5]  # unique: both occurrences are bad
    data = data.set_column(0, "event_id", pa.array(ids))
    failures = fastcheck.check(data, "events")
    ours = fastcheck.bad_rows(failures)
    assert ours == {0, 4, 5, 6, 7}
    assert ours == pandera_rows("events", data)
    assert {(f.column, f.check) for f in failures} >= {("event_id", "unique"), ("location_id", "pattern")}


def test_enum_null_type_and_columns() -> None:
    data = spoil("events", {})
    at = data.schema.get_field_index
    bad = data.set_column(at("status"), "status", pa.array(["occurred"] * 7 + ["rumoured"]).dictionary_encode())
    assert [(f.column, f.check, f.rows) for f in fastcheck.check(bad, "events")] == [("status", "enum", (7,))]
    with pytest.raises(ValueError, match="rumoured"):
        convert(bad, table("events"))  # the pandas path refuses it too
    nulls = data.set_column(at("summary"), "summary", pa.array(["s"] * 7 + [None], pa.string()))
    assert [(f.column, f.check, f.rows) for f in fastcheck.check(nulls, "events")] == [("summary", "required", (7,))]
    wrong_type = data.set_column(at("date_start"), "date_start", pa.array(["2024-01-01"] * 8))
    assert fastcheck.check(wrong_type, "events")[0].check.startswith("type date")
    assert fastcheck.check(data.drop_columns(["note"]), "events")[0].column is None


def test_provenance_agrees_with_the_row_loop() -> None:
    seeds = {"src-001": "Niger\u2019s junta \u2014 and the U.S.\u00a0troops", "src-002": "abc"}
    spans = [("src-001", 0, 7, "Niger\u2019s"), ("src-001", 8, 13, "junta"), ("src-001", 8, 13, "Junta"),
             ("src-002", 1, 3, "bc"), ("src-002", 2, 9, "c"), ("src-003", 0, 1, "a"), ("src-001", 16, 19, "and"),
             ("src-002", 2, 2, "")]
    ev = pa.table({k: [s[i] for s in spans] for i, k in enumerate(("source_id", "start", "end", "text"))})
    assert fastcheck.provenance_mismatches(ev, seeds).tolist() == mismatches(spans, seeds) == [2, 4, 5, 7]


def test_streamed_parquet_finds_what_the_whole_table_finds(tmp_path) -> None:
    """check_parquet, row group by row group, names the same rows as check on the whole table,
    including duplicates that sit in different row groups."""
    import pyarrow.parquet as pq

    events = spoil("events", {0: {"date_start": dt.date(2024, 5, 1), "date_end": dt.date(2024, 4, 1)},
                              4: {"location_id": "Agadez"}, 7: {"summary": ""}})
    ids = events["event_id"].to_pylist()
    ids[6] = ids[1]  # a duplicate across row groups
    events = events.set_column(0, "event_id", pa.array(ids))
    evidence = spoil("evidence", {1: {"evidence_id": "EV bad id"}, 3: {"start": 50, "end": 10},
                                  5: {"text": ""}})
    evidence = pa.concat_tables([evidence, evidence.slice(2, 1)])  # the five-column key, repeated
    for name, data in (("events", events), ("evidence", evidence)):
        path = tmp_path / f"{name}.parquet"
        pq.write_table(data, path, row_group_size=3)
        assert pq.ParquetFile(path).metadata.num_row_groups > 2
        whole = fastcheck.check(data, name)
        assert whole and [str(f) for f in fastcheck.check_parquet(path, name)] == [str(f) for f in whole]
        assert fastcheck.bad_rows(whole) == pandera_rows(name, data)
    wrong = events.set_column(events.schema.get_field_index("date_start"), "date_start", pa.array(["x"] * 8))
    pq.write_table(wrong, tmp_path / "wrong.parquet", row_group_size=3)
    typed = fastcheck.check_parquet(tmp_path / "wrong.parquet", "events")
    assert [str(f) for f in typed] == [str(f) for f in fastcheck.check(wrong, "events")]
    assert sum(f.check.startswith("type date") for f in typed) == 1  # once, not once per row group


def test_provenance_streams_batches() -> None:
    seeds = {"a": "a\u00e9c"}
    ev = pa.table({"source_id": ["a", "a", "b", "a", "a"], "start": [0, 1, 0, 1, 0], "end": [3, 3, 1, 2, 1],
                   "text": ["abc", "xx", "a", "\u00e9", "a"]})
    whole = fastcheck.provenance_mismatches(ev, seeds).tolist()
    assert whole == [0, 1, 2]
    assert fastcheck.provenance_mismatches(iter(ev.to_batches(max_chunksize=2)), seeds).tolist() == whole
