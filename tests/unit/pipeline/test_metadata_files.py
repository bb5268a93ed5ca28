"""The Croissant, Web Annotation and GeoJSON files of a build, read by the tools made for them."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import geojson
import jsonschema
import pyarrow.parquet as pq
import pytest
import shapely.geometry

from conftest import PROFILES
from sahel_dataset.core import schema
from sahel_dataset.pipeline.metadata_files import ANNOTATIONS, CONTEXT_SPAN, CROISSANT, PLACES

pytestmark = pytest.mark.invariant  # every test reads a build of the project's data, whatever it holds

MLCROISSANT = Path(sys.executable).with_name("mlcroissant")
METADATA_FILES = (CROISSANT, ANNOTATIONS, PLACES)


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _rows(built: Path, table: str) -> list[dict]:
    return pq.read_table(built / "parquet" / f"{table}.parquet").to_pylist()


def _mlcroissant_validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MLCROISSANT), "validate", "--jsonld", str(path)], capture_output=True, text=True,
                          timeout=120)


# ------------------------------------------------------------------ Croissant


def test_croissant_passes_mlcroissant_validate(built: Path) -> None:
    run = _mlcroissant_validate(built / CROISSANT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "error" not in (run.stdout + run.stderr).lower()
    assert "warning" not in (run.stdout + run.stderr).lower()  # not even a recommended property missing


def test_mlcroissant_validate_rejects_a_broken_copy(built: Path, tmp_path: Path) -> None:
    """The validation above can fail: a record set whose field reads a file that is not listed."""
    data = _json(built / CROISSANT)
    data["recordSet"][0]["field"][0]["source"]["fileObject"]["@id"] = "parquet/nowhere.parquet"
    (tmp_path / CROISSANT).write_text(json.dumps(data), encoding="utf-8")
    assert _mlcroissant_validate(tmp_path / CROISSANT).returncode != 0


def test_croissant_lists_every_file_with_its_sha256(built: Path) -> None:
    import hashlib

    data = _json(built / CROISSANT)
    assert data["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    listed = {f["contentUrl"]: f["sha256"] for f in data["distribution"]}
    expected = {p.relative_to(built).as_posix() for sub in ("parquet", "csv", "seeds")
                for p in (built / sub).iterdir() if p.suffix in (".parquet", ".csv", ".txt")}
    assert expected | {ANNOTATIONS, PLACES} == set(listed)
    for rel, digest in listed.items():
        assert hashlib.sha256((built / rel).read_bytes()).hexdigest() == digest, rel


def test_croissant_record_sets_follow_the_schema(built: Path) -> None:
    sets = {rs["name"]: rs for rs in _json(built / CROISSANT)["recordSet"]}
    assert list(sets) == schema.table_names()
    for t in schema.tables():
        rs = sets[t.name]
        assert [f["name"] for f in rs["field"]] == t.names
        assert [k["@id"] for k in rs["key"]] == [f"{t.name}/{k}" for k in t.primary_key]
        refs = {f["name"]: f["references"]["field"]["@id"] for f in rs["field"] if "references" in f}
        for fk in t.foreign_keys:
            if fk.table != t.name:  # self-references are said in words (mlcroissant cannot load them)
                assert refs[fk.field] == f"{fk.table}/{fk.reference}"


@pytest.mark.parametrize("table", schema.table_names())
def test_mlcroissant_loads_every_record_set(built: Path, table: str) -> None:
    """mlcroissant reads each table through the Croissant file: same rows as the Parquet file."""
    import mlcroissant as mlc

    records = list(mlc.Dataset(str(built / CROISSANT)).records(table))
    rows = _rows(built, table)
    assert len(records) == len(rows)
    key = schema.table(table).primary_key
    got = sorted(tuple(r[f"{table}/{k}"].decode() for k in key) for r in records)
    assert got == sorted(tuple(str(r[k]) for k in key) for r in rows)


# ------------------------------------------------------------ Web Annotation


def test_every_annotation_selector_matches_the_seed(built: Path) -> None:
    coll = _json(built / ANNOTATIONS)
    assert coll["type"] == "AnnotationCollection" and coll["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = coll["first"]["items"]
    evidence = {r["evidence_id"]: r for r in _rows(built, "evidence")}
    source = {r["source_id"]: r for r in _rows(built, "sources")}
    assert coll["total"] == len(items) == len(evidence)
    for a in items:
        ev = evidence[a["id"].rpartition("#evidence/")[2]]
        assert a["type"] == "Annotation" and a["motivation"] == "linking"
        seed = built / "seeds" / source[ev["source_id"]]["file"]
        # An absolute IRI, so it needs no base: the seed's bytes' sha256.
        assert a["target"]["source"] == "urn:sha256:" + hashlib.sha256(seed.read_bytes()).hexdigest()
        # Decoded from the file's bytes, never normalised: offsets are code points.
        text = seed.read_bytes().decode("utf-8")
        pos, quote = a["target"]["selector"]
        assert pos == {"type": "TextPositionSelector", "start": ev["start"], "end": ev["end"]}
        assert quote["type"] == "TextQuoteSelector"
        assert text[pos["start"]:pos["end"]] == quote["exact"] == ev["text"]
        assert quote["prefix"] == text[max(0, pos["start"] - CONTEXT_SPAN):pos["start"]]
        assert quote["suffix"] == text[pos["end"]:pos["end"] + CONTEXT_SPAN]
        # The quote with its context occurs once: it finds the span without the offsets.
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1


def test_annotations_expand_offline_with_pyld_and_every_selector_matches_its_seed(built: Path) -> None:
    """The standard context IRI, served from the shipped copy (no network): every
    annotation expands to absolute IRIs, and its expanded selectors find its words."""
    jsonld = pytest.importorskip("pyld.jsonld")
    from sahel_dataset.annotations import document_loader

    expanded = jsonld.expand(_json(built / ANNOTATIONS), {"documentLoader": document_loader()})
    oa, as_ = "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/activitystreams#"
    page = expanded[0][as_ + "first"][0]
    items = page[as_ + "items"][0]["@list"]
    seeds = {"urn:sha256:" + hashlib.sha256(p.read_bytes()).hexdigest(): p.read_bytes().decode("utf-8")
             for p in (built / "seeds").glob("*.txt")}
    assert len(items) == int(expanded[0][as_ + "totalItems"][0]["@value"]) > 0
    for a in items:
        assert a["@type"] == [oa + "Annotation"] and a["@id"].startswith(("https://", "urn:"))
        target = a[oa + "hasTarget"][0]
        text = seeds[target[oa + "hasSource"][0]["@id"]]
        by_type = {s["@type"][0]: s for s in target[oa + "hasSelector"]}
        pos, quote = by_type[oa + "TextPositionSelector"], by_type[oa + "TextQuoteSelector"]
        start, end = int(pos[oa + "start"][0]["@value"]), int(pos[oa + "end"][0]["@value"])
        assert text[start:end] == quote[oa + "exact"][0]["@value"]
        prefix = quote[oa + "prefix"][0]["@value"] if quote.get(oa + "prefix") else ""
        assert text[:start].endswith(prefix)


def test_rdflib_reads_the_annotations_with_the_shipped_context(built: Path) -> None:
    rdflib = pytest.importorskip("rdflib")
    from sahel_dataset.annotations import context_document

    data = _json(built / ANNOTATIONS)
    data["@context"] = context_document()["@context"]
    graph = rdflib.Graph().parse(data=json.dumps(data), format="json-ld")
    sources = set(graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/oa#hasSource")))
    seeds = {"urn:sha256:" + hashlib.sha256(p.read_bytes()).hexdigest() for p in (built / "seeds").glob("*.txt")}
    assert {str(s) for s in sources} <= seeds and sources


def test_every_annotation_body_is_the_record_it_supports(built: Path) -> None:
    items = _json(built / ANNOTATIONS)["first"]["items"]
    evidence = {r["evidence_id"]: r for r in _rows(built, "evidence")}
    for a in items:
        ev = evidence[a["id"].rpartition("#evidence/")[2]]
        table, _, record_id = a["body"]["id"].rpartition("#")[2].partition("/")
        assert (table, record_id) == (ev["record_table"], ev["record_id"])
        t = schema.table(table)
        assert record_id in {r[t.id_field] for r in _rows(built, table)}


# -------------------------------------------------------------------- GeoJSON


def test_places_geojson_is_valid_and_longitude_first(built: Path) -> None:
    collection = geojson.loads((built / PLACES).read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    located = {r["location_id"]: r for r in _rows(built, "locations") if r["latitude"] is not None}
    assert [f["id"] for f in collection["features"]] == list(located)
    for f in collection["features"]:
        loc = located[f["id"]]
        point = shapely.geometry.shape(f["geometry"])
        assert (point.x, point.y) == (loc["longitude"], loc["latitude"])
        props = f["properties"]
        assert (props["name"], props["location_type"], props["where_prec"], props["geonames_id"]) == (
            loc["name"], loc["location_type"], loc["where_prec"], loc["geonames_id"])
        if loc["country_iso3"] == "NER":  # Niger's bounding box: a swapped pair would fall outside
            assert 0 < point.x < 16 and 11 < point.y < 24, f["id"]


# ------------------------------------------------------- Data Package descriptor


def test_metadata_files_are_valid_data_package_resources(built: Path) -> None:
    desc = _json(built / "datapackage.json")
    jsonschema.Draft7Validator(_json(PROFILES / "datapackage.json")).validate(desc)
    resource_profile = jsonschema.Draft7Validator(_json(PROFILES / "dataresource.json"))
    extra = {r["path"]: r for r in desc["resources"] if r["path"] in METADATA_FILES}
    assert set(extra) == set(METADATA_FILES)
    for r in extra.values():
        resource_profile.validate(r)
        assert "type" not in r and r["hash"].startswith("sha256:") and r["bytes"] == (built / r["path"]).stat().st_size


def _frictionless_tasks(folder: Path, resource: str | None = None) -> dict[str, dict]:
    """``frictionless validate datapackage.json`` in ``folder`` (only ``resource``, if one is named)."""
    only = ["--resource-name", resource] if resource else []
    run = subprocess.run([str(Path(sys.executable).with_name("frictionless")), "validate", "datapackage.json",
                          "--json", *only], cwd=folder, capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    assert not report["errors"], report["errors"]  # the descriptor itself
    return {t["name"]: t for t in report["tasks"]}


def test_frictionless_validates_the_metadata_resources(built: Path, tmp_path: Path) -> None:
    """The real `frictionless validate` finds the three files valid, and checks their hashes."""
    names = {"croissant", "evidence-annotations", "places"}
    tasks = _frictionless_tasks(built)
    assert names <= set(tasks)
    assert all(tasks[n]["valid"] for n in names), {n: tasks[n]["errors"] for n in names}
    copy = tmp_path / "pkg"
    shutil.copytree(built, copy)
    with (copy / PLACES).open("a", encoding="utf-8") as f:
        f.write(" ")
    broken = _frictionless_tasks(copy, "places")["places"]  # the rest of the copy was validated above
    assert {e["type"] for e in broken["errors"]} == {"hash-count", "byte-count"}


# ------------------------------------------------------------ the flat event file


def test_event_view_csv_is_the_event_view_flat(built: Path) -> None:
    import csv

    import sahel_dataset
    from sahel_dataset.pipeline.write import EVENT_VIEW

    with (built / EVENT_VIEW).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    view = sahel_dataset.event_view(version=str(built))  # the view of that build, whatever project it is
    assert list(rows[0]) == list(view.columns)
    assert [r["event_id"] for r in rows] == view["event_id"].tolist()
    dates = ["" if d is None or d != d else str(d.date()) for d in view["date_start"].astype(object)]
    assert [r["date_start"] for r in rows] == dates
    listed = {r["path"]: r for r in _json(built / "datapackage.json")["resources"]}
    assert listed[EVENT_VIEW]["hash"] == "sha256:" + hashlib.sha256((built / EVENT_VIEW).read_bytes()).hexdigest()


def test_card_front_matter_is_the_same_from_libyaml_and_python_emitters() -> None:
    """The card's YAML front matter is written by libyaml when PyYAML has it: the release
    stays reproducible on a machine whose PyYAML has no libyaml only if both write the same."""
    import yaml

    from sahel_dataset.load import PACKAGE_DIR
    from sahel_dataset.pipeline.card import _CardDumper

    front = (PACKAGE_DIR / "README.md").read_text(encoding="utf-8").split("---\n")[1]
    data = yaml.safe_load(front)

    class PythonDumper(yaml.SafeDumper):
        pass

    PythonDumper.add_representer(str, _CardDumper.yaml_representers[str])
    options = {"sort_keys": False, "allow_unicode": True, "width": 100}
    assert yaml.dump(data, Dumper=_CardDumper, **options) == front
    assert yaml.dump(data, Dumper=PythonDumper, **options) == front
