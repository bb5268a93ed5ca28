"""Standard metadata files written beside the tables of every build and release.

Each opens in the tools made for its standard, without our code:

- ``croissant.json``: Croissant 1.1 (MLCommons) JSON-LD, a schema.org ``Dataset``
  whose ``distribution`` lists every file with its sha256 and whose ``recordSet``
  describes each table (fields, data types, key, foreign-key ``references``),
  read from the Parquet files. ``mlcroissant`` validates and loads it.
- ``annotations.jsonld``: a W3C Web Annotation ``AnnotationCollection`` with one
  annotation per evidence span: its target is the seed, named by the absolute IRI
  ``urn:sha256:<hex>`` of its bytes (the file ``seeds/<file>`` whose ``sources.sha256``
  that is), with a ``TextPositionSelector`` (code points, as the ``evidence`` table)
  and a ``TextQuoteSelector``; its body is the record the span supports. It expands
  offline with :func:`sahel_dataset.annotations.document_loader`.
- ``places.geojson``: an RFC 7946 ``FeatureCollection`` of every place that has a
  point, ``[longitude, latitude]``, with its id, name, type, precision and
  GeoNames id.

:func:`write_metadata_files` writes the three files and returns their Data
Package resources (path, format, mediatype, sha256 and bytes; no ``type``, which
Data Package 2.0 reserves for ``"table"``), so ``validate`` checks their hashes
like every other file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._version import __version__
from ..annotations import ANNO_CONTEXT, seed_iri
from ..core import schema
from ..core.hashing import resource_digest
from ..utils.jsontext import json_text
from .assemble import AssembledDataset

CROISSANT = "croissant.json"
ANNOTATIONS = "annotations.jsonld"
PLACES = "places.geojson"

CONTEXT_SPAN = 32
"""Code points of seed text kept before and after a span in its ``TextQuoteSelector``."""

CROISSANT_CONTEXT: dict[str, Any] = {
    "@language": "en", "@vocab": "https://schema.org/", "arrayShape": "cr:arrayShape", "citeAs": "cr:citeAs",
    "column": "cr:column", "conformsTo": "dct:conformsTo", "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty", "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract", "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes", "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5",
    "name": {"@container": "@language"}, "parentField": "cr:parentField", "path": "cr:path",
    "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated",
    "replace": "cr:replace", "samplingRate": "cr:samplingRate", "sc": "https://schema.org/",
    "separator": "cr:separator", "source": "cr:source", "subField": "cr:subField", "transform": "cr:transform",
}
"""The Croissant 1.1 ``@context``, as the reference implementation (mlcroissant 1.1) writes it."""

DATA_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean",
              "date": "sc:Date"}
"""Table Schema field type -> Croissant ``dataType``."""

MEDIA = {".parquet": "application/x-parquet", ".csv": "text/csv", ".txt": "text/plain",
         ".jsonld": "application/ld+json", ".geojson": "application/geo+json"}
"""``encodingFormat`` of each kind of file in the package (Croissant's names where it has one)."""


def dataset_iri(meta: dict[str, Any]) -> str:
    """The dataset's IRI: its ``id`` in ``data/datapackage.yaml``, else a URN of its name.

    >>> dataset_iri({"name": "sahel-dataset"}), dataset_iri({"name": "x", "id": "https://example.org/x"})
    ('urn:sahel-dataset', 'https://example.org/x')
    """
    return str(meta.get("id") or f"urn:{meta['name']}")


def record_iri(base: str, table: str, record_id: str) -> str:
    """The IRI of a record: the dataset's id, then ``#table/record-id`` (ids are stable across versions).

    >>> record_iri("https://pypi.org/project/sahel-dataset", "events", "evt-niger-coup")
    'https://pypi.org/project/sahel-dataset#events/evt-niger-coup'
    """
    return f"{base}#{table}/{record_id}"


def quote_selector(text: str, start: int, end: int, span: int = CONTEXT_SPAN) -> dict[str, str]:
    """A W3C ``TextQuoteSelector`` of ``text[start:end]`` with up to ``span`` code points around it.

    >>> quote_selector("the quick brown fox", 4, 9, span=4)
    {'type': 'TextQuoteSelector', 'exact': 'quick', 'prefix': 'the ', 'suffix': ' bro'}
    """
    return {"type": "TextQuoteSelector", "exact": text[start:end],
            "prefix": text[max(0, start - span):start], "suffix": text[end:end + span]}


def annotations(ds: AssembledDataset, base: str) -> dict[str, Any]:
    """Every evidence span as a W3C Web Annotation, in one ``AnnotationCollection``.

    >>> import pyarrow as pa
    >>> ds = AssembledDataset({"sources": pa.table({"source_id": ["src-000"], "file": ["a.txt"], "sha256": ["ab"]}),
    ...               "evidence": pa.table({"evidence_id": ["ev-evt-x-1"], "record_table": ["events"],
    ...                                     "record_id": ["evt-x"], "source_id": ["src-000"],
    ...                                     "start": [4], "end": [8]})},
    ...              {"a.txt": "The coup of July"}, {"title": "T"})
    >>> item = annotations(ds, "https://example.org/d")["first"]["items"][0]
    >>> item["body"]["id"], item["target"]["source"], item["target"]["selector"][1]["exact"]
    ('https://example.org/d#events/evt-x', 'urn:sha256:ab', 'coup')
    """
    sources = {r["source_id"]: r for r in ds.tables["sources"].select(["source_id", "file", "sha256"]).to_pylist()}
    items = []
    for ev in ds.tables["evidence"].to_pylist():
        seed = sources[ev["source_id"]]["file"]
        items.append({
            "id": record_iri(base, "evidence", ev["evidence_id"]),
            "type": "Annotation",
            "motivation": "linking",
            "body": {"id": record_iri(base, ev["record_table"], ev["record_id"]), "type": "Dataset"},
            "target": {
                "source": seed_iri(sources[ev["source_id"]]["sha256"]),
                "type": "Text",
                "format": "text/plain",
                "selector": [
                    {"type": "TextPositionSelector", "start": ev["start"], "end": ev["end"]},
                    quote_selector(ds.seeds[seed], ev["start"], ev["end"]),
                ],
            },
        })
    return {
        "@context": ANNO_CONTEXT,
        "id": f"{base}#annotations",
        "type": "AnnotationCollection",
        "label": f"{ds.metadata['title']}: evidence spans, version {__version__}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def places(ds: AssembledDataset) -> dict[str, Any]:
    """Every location with a point as an RFC 7946 ``FeatureCollection`` (``[lon, lat]``).

    >>> import pyarrow.parquet as pq
    >>> from sahel_dataset.load import PACKAGE_DIR
    >>> ds = AssembledDataset({"locations": pq.read_table(PACKAGE_DIR / "parquet" / "locations.parquet")}, {}, {})
    >>> niamey = [f for f in places(ds)["features"] if f["id"] == "loc-niamey"][0]
    >>> niamey["geometry"]["coordinates"], niamey["properties"]["location_type"]
    ([2.1098, 13.51366], 'capital')
    """
    features = []
    for loc in ds.tables["locations"].to_pylist():
        if loc["latitude"] is None or loc["longitude"] is None:
            continue
        features.append({
            "type": "Feature",
            "id": loc["location_id"],
            "geometry": {"type": "Point", "coordinates": [loc["longitude"], loc["latitude"]]},
            "properties": {k: loc[k] for k in ("location_id", "name", "location_type", "where_prec",
                                               "geonames_id", "country_iso3")},
        })
    return {"type": "FeatureCollection", "features": features}


def cite_as(meta: dict[str, Any]) -> str:
    """A BibTeX entry for the dataset (Croissant's ``citeAs``), from the package metadata.

    >>> print(cite_as({"name": "d", "title": "T", "created": "2026-01-02", "contributors": [{"title": "Us"}]}))
    ... # doctest: +ELLIPSIS
    @misc{d,
      title = {T},
      author = {{Us}},
      year = {2026},
      version = {...},
      url = {urn:d}
    }
    """
    authors = " and ".join("{" + c["title"] + "}" for c in meta.get("contributors", []))
    return (f"@misc{{{meta['name']},\n  title = {{{meta['title']}}},\n  author = {{{authors}}},\n"
            f"  year = {{{str(meta['created'])[:4]}}},\n  version = {{{__version__}}},\n"
            f"  url = {{{dataset_iri(meta)}}}\n}}")


def _file_object(folder: Path, rel: str) -> dict[str, Any]:
    digest, _ = resource_digest(folder / rel)
    return {"@type": "cr:FileObject", "@id": rel, "name": rel, "contentUrl": rel,
            "encodingFormat": MEDIA[Path(rel).suffix], "sha256": digest.removeprefix("sha256:")}


def _record_set(t: schema.Table) -> dict[str, Any]:
    """A table as a Croissant RecordSet read from its Parquet file."""
    refs = {fk.field: fk for fk in t.foreign_keys}
    fields = []
    for f in t.fields:
        field: dict[str, Any] = {
            "@type": "cr:Field", "@id": f"{t.name}/{f.name}", "name": f.name, "description": f.description,
            "dataType": DATA_TYPES[f.type],
            "source": {"fileObject": {"@id": f"parquet/{t.name}.parquet"}, "extract": {"column": f.name}},
        }
        fk = refs.get(f.name)
        if fk is not None and fk.table == t.name:
            # mlcroissant orders record sets by their references and cannot load
            # a record set that references itself: say it in words instead.
            field["description"] += f" Refers to {fk.reference} of this record set."
        elif fk is not None:
            field["references"] = {"field": {"@id": f"{fk.table}/{fk.reference}"}}
        fields.append(field)
    return {"@type": "cr:RecordSet", "@id": t.name, "name": t.name, "description": f"{t.title}: {t.description}",
            "key": [{"@id": f"{t.name}/{k}"} for k in t.primary_key], "field": fields}


def semver(version: str) -> str:
    """A PEP 440 version as the Semantic Versioning 2.0 string Croissant asks for
    (a development version becomes a pre-release).

    >>> semver("0.1.0"), semver("0.1.1.dev0"), semver("1.0.0rc1")
    ('0.1.0', '0.1.1-dev0', '1.0.0-rc1')
    """
    import re

    m = re.fullmatch(r"(\d+\.\d+\.\d+)\.?((?:dev|rc|a|b)\d*)?", version)
    if m is None:
        return version
    core, pre = m.groups()
    return f"{core}-{pre}" if pre else core


def croissant(ds: AssembledDataset, folder: Path) -> dict[str, Any]:
    """The Croissant 1.1 description of the package built in ``folder`` (its files must exist)."""
    meta = ds.metadata
    files = sorted(p.relative_to(folder).as_posix() for sub in ("parquet", "csv", "seeds")
                   for p in (folder / sub).glob("*") if p.suffix in MEDIA)
    files += [rel for rel in (ANNOTATIONS, PLACES) if (folder / rel).is_file()]
    return {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.1",
        "name": meta["name"],
        "description": meta["description"],
        "version": semver(__version__),
        "url": dataset_iri(meta),
        "datePublished": str(meta["created"])[:10],
        "license": [lic["path"] for lic in meta["licenses"]],
        "keywords": meta.get("keywords", []),
        "citeAs": cite_as(meta),
        "creator": [{"@type": "sc:Organization", "name": c["title"]} for c in meta.get("contributors", [])],
        "distribution": [_file_object(folder, rel) for rel in files],
        "recordSet": [_record_set(t) for t in schema.tables()],
    }


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json_text(data), encoding="utf-8")


RESOURCES = {
    PLACES: ("places", "geojson", "Located places (GeoJSON, RFC 7946)",
             "Every location with a point, as GeoJSON Point features in [longitude, latitude] order (WGS 84)."),
    ANNOTATIONS: ("evidence-annotations", "jsonld", "Evidence spans (W3C Web Annotation)",
                  "Every evidence span as a W3C Web Annotation: target the seed file with a TextPositionSelector "
                  "(code points) and a TextQuoteSelector; body the record the span supports."),
    CROISSANT: ("croissant", "json", "Croissant 1.1 metadata",
                "MLCommons Croissant 1.1 JSON-LD: the dataset, its files with sha256, and one RecordSet per table."),
}
"""Each metadata file's Data Package resource: name, format, title, description."""


def write_metadata_files(ds: AssembledDataset, folder: Path) -> list[dict[str, Any]]:
    """Write the GeoJSON, Web Annotation and Croissant files into ``folder`` (after the
    tables and seeds, which Croissant hashes); return their Data Package resources.

    >>> import tempfile, pathlib
    >>> from sahel_dataset.pipeline.build import build
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "pkg"
    >>> ds = build(out)  # the build calls this function
    >>> sorted(r["path"] for r in write_metadata_files(ds, out))
    ['annotations.jsonld', 'croissant.json', 'places.geojson']
    """
    base = dataset_iri(ds.metadata)
    _write_json(folder / PLACES, places(ds))
    _write_json(folder / ANNOTATIONS, annotations(ds, base))
    _write_json(folder / CROISSANT, croissant(ds, folder))
    resources = []
    for rel, (name, fmt, title, description) in RESOURCES.items():
        digest, size = resource_digest(folder / rel)
        media = "application/ld+json" if rel == CROISSANT else MEDIA[Path(rel).suffix]
        resources.append({"name": name, "path": rel, "format": fmt, "mediatype": media, "title": title,
                          "description": description, "hash": digest, "bytes": size})
    return resources
