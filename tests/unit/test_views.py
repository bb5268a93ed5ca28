"""The one-line answers (issue 14): describe, load_all, the views, evidence, seeds, DuckDB.

Every expectation is computed here from the shipped tables and seeds, independently
of the code under test, so that a wrong join, a lost row or a mixed-up host fails.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sahel_dataset
from sahel_dataset import __version__
from sahel_dataset import _fetch as fetch
from sahel_dataset.catalog import DUCKDB_EXTRA
from sahel_dataset.core import descriptor, schema
from sahel_dataset.core.registry import add_to_registry, archive_name, read_registry
from sahel_dataset.pipeline.release import release
from sahel_dataset.project import Project
from sahel_dataset.views import EVENT_VIEW_COLUMNS, LEVEL_STATUSES, SEP, TROOP_LEVEL_COLUMNS

VERSION = __version__  # the version of the archive a test builds from this tree


def split(cell: object) -> list[str]:
    return [] if pd.isna(cell) else str(cell).split(SEP)


def same(a: object, b: object) -> bool:
    """Equal, or both null."""
    return bool(pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and a == b)


# --- describe, attrs, load_all -------------------------------------------------------------------


@pytest.mark.parametrize("name", sahel_dataset.tables())
def test_describe_lists_every_schema_column_with_its_enum(name: str) -> None:
    t = schema.table(name)
    d = sahel_dataset.describe(name).set_index("column")
    assert list(d.index) == t.names == list(sahel_dataset.load(name).columns)
    fks = {fk.field: f"{fk.table}.{fk.reference}" for fk in t.foreign_keys}
    for f in t.fields:
        row = d.loc[f.name]
        assert row["description"] == f.description and row["type"] == f.type
        assert row["required"] == f.required and row["primary_key"] == (f.name in t.primary_key)
        assert row["allowed_values"] == (list(f.enum) if f.enum is not None else None)
        if row["value_descriptions"] is not None:  # a meaning for each allowed value, no more
            assert list(row["value_descriptions"]) == list(f.enum or ())
        assert (None if pd.isna(row["foreign_key"]) else row["foreign_key"]) == fks.get(f.name)
        if f.pattern:
            assert f"pattern={f.pattern}" in row["constraints"]


def test_describe_unknown_table_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown table 'event'; valid tables: sources, actors"):
        sahel_dataset.describe("event")


@pytest.mark.parametrize("name", sahel_dataset.tables())
def test_load_attaches_the_descriptions(name: str) -> None:
    t = schema.table(name)
    expected = {f.name: f.description for f in t.fields}
    frame = sahel_dataset.load(name)
    assert frame.attrs["columns"] == expected
    assert frame.attrs["table"] == name and frame.attrs["schema_version"] == sahel_dataset.SCHEMA_VERSION
    arrow = sahel_dataset.load(name, backend="arrow")
    assert {f.name: f.metadata[b"description"].decode() for f in arrow.schema} == expected
    assert arrow.schema.metadata[b"table"] == name.encode()
    # the metadata costs no change of the data
    assert arrow.to_pandas().shape == frame.shape


def test_load_all_returns_every_table_as_load_does() -> None:
    for backend in ("pandas", "polars"):
        frames = sahel_dataset.load_all(backend=backend)
        assert list(frames) == sahel_dataset.tables()
        for name, frame in frames.items():
            assert frame.equals(sahel_dataset.load(name, backend=backend)), name


# --- event_view ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return sahel_dataset.load_all()


@pytest.fixture(scope="module")
def events_flat() -> pd.DataFrame:
    return sahel_dataset.event_view()


def test_event_view_has_one_row_per_event(events_flat: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    assert list(events_flat.columns) == list(EVENT_VIEW_COLUMNS)
    assert events_flat["event_id"].is_unique
    assert sorted(events_flat["event_id"]) == sorted(tables["events"]["event_id"])
    assert events_flat.attrs["columns"] == EVENT_VIEW_COLUMNS
    merged = events_flat.merge(tables["events"], on="event_id", suffixes=("", "_table"))
    for col in ("event_type", "status", "date_start", "date_end", "date_precision", "location_id"):
        assert merged[col].astype(object).equals(merged[f"{col}_table"].astype(object)), col


def test_event_view_evidence_counts_equal_the_evidence_table(events_flat, tables) -> None:
    ev = tables["evidence"]
    cited = ev[ev["record_table"] == "events"]
    for row in events_flat.itertuples():
        mine = cited[cited["record_id"] == row.event_id]
        assert row.n_evidence == len(mine) > 0, row.event_id  # every event cites evidence
        assert row.n_sources == mine["source_id"].nunique()
        assert sorted(split(row.source_ids)) == sorted(set(mine["source_id"]))


def test_event_view_initiators_and_targets_follow_event_actors(events_flat, tables) -> None:
    names = tables["actors"].set_index("actor_id")["name"]
    assert not names.str.contains(SEP, regex=False).any()  # so a cell splits back into names
    ea = tables["event_actors"]
    for row in events_flat.itertuples():
        for role, ids_col, names_col in (("initiator", "initiator_ids", "initiators"),
                                         ("target", "target_ids", "targets")):
            expected = ea[(ea["event_id"] == row.event_id) & (ea["role"] == role)]["actor_id"].tolist()
            assert sorted(split(getattr(row, ids_col))) == sorted(expected)
            assert split(getattr(row, names_col)) == [names[i] for i in split(getattr(row, ids_col))]
        others = ea[(ea["event_id"] == row.event_id) & ~ea["role"].isin(["initiator", "target"])]
        assert len(split(row.other_actors)) == len(others)


def test_event_view_places_and_coordinates_come_from_locations(events_flat, tables) -> None:
    loc = tables["locations"].set_index("location_id")
    for row in events_flat.itertuples():
        if pd.isna(row.location_id):  # no seed places it: no place, no point
            assert pd.isna(row.place) and pd.isna(row.latitude) and pd.isna(row.coordinates_from)
            continue
        place = loc.loc[row.location_id]
        assert row.place == place["name"] and row.where_prec == place["where_prec"]
        assert same(row.country_iso3, place["country_iso3"])
        if pd.isna(row.coordinates_from):
            assert pd.isna(row.latitude) and pd.isna(place["latitude"])
            continue
        # the place's own point, or the point of the place a seed says it is near
        assert row.coordinates_from in (row.location_id, place["near_location_id"])
        assert (row.latitude, row.longitude) == tuple(loc.loc[row.coordinates_from, ["latitude", "longitude"]])
    # every event at a place that has (or borrows) a point is mapped
    pointed = set(loc.index[loc["latitude"].notna() | loc["near_location_id"].notna()])
    mapped = events_flat[events_flat["location_id"].isin(pointed)]
    assert len(mapped) and mapped["latitude"].notna().all()


def test_event_view_precision_codes_follow_the_schema_crosswalk(events_flat) -> None:
    field = next(f for f in schema.table("events").descriptor["fields"] if f["name"] == "date_precision")
    acled = field["x-crosswalk"]["ACLED time_precision"]
    for row in events_flat.dropna(subset=["date_precision"]).itertuples():
        assert str(row.acled_time_precision) == acled[row.date_precision]


def test_event_view_other_backends_hold_the_same_rows(events_flat) -> None:
    polars = sahel_dataset.event_view(backend="polars")
    arrow = sahel_dataset.event_view(backend="arrow")
    assert polars["event_id"].to_list() == arrow.column("event_id").to_pylist() == events_flat["event_id"].tolist()
    assert polars["n_evidence"].to_list() == events_flat["n_evidence"].tolist()


# --- troop_view -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def levels() -> pd.DataFrame:
    return sahel_dataset.troop_view()


def test_troop_levels_are_ordered_low_best_high(levels: pd.DataFrame) -> None:
    assert list(levels.columns) == list(TROOP_LEVEL_COLUMNS)
    for low, best, high in levels[["count_low", "count_best", "count_high"]].itertuples(index=False):
        if not pd.isna(low) and not pd.isna(best):
            assert low <= best
        if not pd.isna(best) and not pd.isna(high):
            assert best <= high
        if not pd.isna(low) and not pd.isna(high):
            assert low <= high
    assert levels[["sender_actor_id", "host_location_id", "period"]].duplicated().sum() == 0


def test_troop_levels_rest_on_statements_of_their_own_sender_host_and_period(levels, tables) -> None:
    dep = tables["deployments"].set_index("deployment_id")
    listed: list[str] = []
    for row in levels.itertuples():
        ids = split(row.deployment_ids)
        assert len(ids) == row.statements
        listed += ids
        rows = dep.loc[ids]  # KeyError if an id does not exist
        assert (rows["sending_actor_id"] == row.sender_actor_id).all()
        assert (rows["host_location_id"] == row.host_location_id).all()  # Chad never mixed with Niger
        assert (rows["as_of_start"].dt.strftime("%Y-%m") == row.period).all()
        assert set(rows["status"].astype(str)) == set(split(row.statuses)) <= set(LEVEL_STATUSES)
        assert "equipment" not in set(rows["personnel_kind"].astype(str))
        lows = rows["count_low"].fillna(rows["count_best"]).dropna()
        assert row.numbered_statements == len(lows)
        if len(lows):  # the lowest any statement allows; the highest, unless one is open-ended
            assert row.count_low == lows.min()
            highs = rows.loc[lows.index, "count_high"]
            assert (pd.isna(row.count_high) if highs.isna().any() else row.count_high == highs.max())
            if not pd.isna(row.count_best):
                assert row.count_best in set(rows["count_best"].dropna())
        else:
            assert pd.isna(row.count_low) and pd.isna(row.count_best) and pd.isna(row.count_high)
    # every personnel statement with a level status is in exactly one row
    eligible = dep[dep["status"].isin(LEVEL_STATUSES) & (dep["personnel_kind"] != "equipment")]
    assert sorted(listed) == sorted(eligible.index)


def test_troop_levels_leave_out_departures_and_equipment(tables) -> None:
    dep = tables["deployments"]
    for status in ("present", "withdrawn"):
        chosen = sahel_dataset.troop_view(statuses=[status])
        ids = [i for cell in chosen["deployment_ids"] for i in split(cell)]
        assert sorted(ids) == sorted(dep[(dep["status"] == status) & (dep["personnel_kind"] != "equipment")]
                                     ["deployment_id"])
    assert "withdrawn" not in LEVEL_STATUSES  # those who left are no level
    with pytest.raises(ValueError, match="unknown deployment status"):
        sahel_dataset.troop_view(statuses=["gone"])


def test_troop_levels_by_year_regroup_the_same_statements(levels) -> None:
    yearly = sahel_dataset.troop_view(freq="year")
    assert len(yearly) <= len(levels)
    assert sorted(i for c in yearly["deployment_ids"] for i in split(c)) == sorted(
        i for c in levels["deployment_ids"] for i in split(c))
    with pytest.raises(ValueError, match="unknown freq"):
        sahel_dataset.troop_view(freq="week")


# --- evidence_view, source_text --------------------------------------------------------------------


def test_every_evidence_span_is_its_seed_text(tables) -> None:
    texts = {s: sahel_dataset.source_text(s) for s in tables["sources"]["source_id"]}
    for s in tables["sources"].itertuples():
        assert hashlib.sha256(texts[s.source_id].encode("utf-8")).hexdigest() == s.sha256
        assert len(texts[s.source_id]) == s.characters
    for record_id, group in tables["evidence"].groupby("record_id"):
        spans = sahel_dataset.evidence_view(record_id)
        assert sorted(spans["evidence_id"]) == sorted(group["evidence_id"])
        for span in spans.itertuples():
            assert texts[span.source_id][span.start:span.end] == span.text


def test_evidence_for_an_evidence_id_and_unknown_ids(tables) -> None:
    first = tables["evidence"].iloc[0]
    assert sahel_dataset.evidence_view(first["evidence_id"])["text"].tolist() == [first["text"]]
    with pytest.raises(ValueError, match="no record 'evt-nowhere' in table 'events'"):
        sahel_dataset.evidence_view("evt-nowhere")
    with pytest.raises(ValueError, match="is no record id"):
        sahel_dataset.evidence_view("nothing")


# --- connect ------------------------------------------------------------------------------------


def test_connect_has_every_table_as_a_view(tables) -> None:
    pytest.importorskip("duckdb")
    con = sahel_dataset.connect()
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert views == set(sahel_dataset.tables())
    for name, frame in tables.items():
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(frame)


def test_connect_without_duckdb_names_the_extra() -> None:
    # A fresh interpreter in which `import duckdb` fails, as where it is not installed.
    code = ("import sys; sys.modules['duckdb'] = None\n"
            "import sahel_dataset\n"
            "try:\n    sahel_dataset.connect()\nexcept ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == DUCKDB_EXTRA
    assert 'pip install "sahel-dataset[duckdb]"' in DUCKDB_EXTRA


# --- a pinned release ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release(tmp_path_factory.mktemp("dist"), Project.find(), validate=False)


@pytest.fixture
def pinned(archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache holding release VERSION, as a finished download leaves it (no network needed)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / archive_name(VERSION)).write_bytes(archive.read_bytes())
    registry = tmp_path / "registry.txt"
    add_to_registry(archive, registry)
    monkeypatch.setattr(fetch, "read_registry", lambda path=None: read_registry(registry))
    monkeypatch.setenv(fetch.CACHE_ENV, str(cache))
    monkeypatch.delenv(fetch.BASE_URL_ENV, raising=False)
    monkeypatch.setattr(descriptor, "SHIPPED_VERSION", None)  # the archive carries the installed version
    return cache / VERSION


def test_views_work_on_a_pinned_release(pinned: Path, events_flat, levels) -> None:
    pd.testing.assert_frame_equal(sahel_dataset.event_view(version=VERSION), events_flat)
    pd.testing.assert_frame_equal(sahel_dataset.troop_view(version=VERSION), levels)
    pd.testing.assert_frame_equal(sahel_dataset.describe("events", version=VERSION), sahel_dataset.describe("events"))
    assert list(sahel_dataset.load_all(version=VERSION)) == sahel_dataset.tables()
    assert sahel_dataset.load("events", version=VERSION).attrs["schema_version"] == sahel_dataset.SCHEMA_VERSION
    spans = sahel_dataset.evidence_view("evt-niger-coup", version=VERSION)
    assert spans.equals(sahel_dataset.evidence_view("evt-niger-coup"))
    assert sahel_dataset.source_text("src-002", version=VERSION) == sahel_dataset.source_text("src-002")
    pytest.importorskip("duckdb")
    con = sahel_dataset.connect(version=VERSION)
    assert con.execute("SELECT count(*) FROM evidence").fetchone()[0] == len(sahel_dataset.load("evidence"))


def test_seed_text_of_a_changed_cached_seed_reads_the_true_release(pinned: Path) -> None:
    # The cache is checked against the release's SHA256SUMS on every use (issue 10
    # item 8): a seed changed on disk is unpacked again from the verified archive.
    sahel_dataset.load("sources", version=VERSION)  # unpacks the release into the cache
    seed = next((pinned / "seeds").glob("002_*.txt"))
    true = seed.read_bytes()
    seed.write_bytes(true.replace(b"Niger", b"Nigeria", 1))
    assert sahel_dataset.source_text("src-002", version=VERSION) == true.decode("utf-8")
    assert seed.read_bytes() == true
