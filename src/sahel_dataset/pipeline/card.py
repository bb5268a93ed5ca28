"""The dataset card and the licences, written into every build and release.

``README.md`` is a Hugging Face dataset card: YAML front matter (``pretty_name``,
``license``, ``language``, ``tags``, ``size_categories``, ``citation`` and one
``configs`` entry per table over its Parquet file, with its features) generated from
the descriptor, then the same facts in words. ``datasets.load_dataset(folder, name)``
loads any table by its name, offline, with its types (dates stay dates, counts
integers). Beside it go the project's ``LICENSE``, ``LICENSE-DATA`` and
``DATASHEET.md``, so a release zip says on its own what it is and how it may be used.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from ..core.hashing import resource_digest
from .assemble import AssembledDataset
from .metadata_files import cite_as

CARD = "README.md"
COPIED = ("LICENSE", "LICENSE-DATA", "DATASHEET.md")
"""Files of the project's root copied into every build when the project has them."""

LANGUAGE = "en"
"""The language of the seeds and of every curated text (ISO 639-1)."""

HF_DTYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool", "date": "date32"}
"""Table Schema field type -> Hugging Face ``datasets`` feature dtype (as the Parquet files store them)."""


def size_category(rows: int) -> str:
    """The Hugging Face ``size_categories`` value of a dataset of ``rows`` rows.

    >>> size_category(999), size_category(1000), size_category(20000)
    ('n<1K', '1K<n<10K', '10K<n<100K')
    """
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if rows < limit:
            return label
    return "n>1M"


def front_matter(desc: dict[str, Any], meta: dict[str, Any], rows: dict[str, int]) -> dict[str, Any]:
    """The card's YAML metadata: one config (and one ``dataset_info`` with its features)
    per Parquet resource of the descriptor ``desc``.

    >>> desc = {"title": "T", "licenses": [{"name": "CC-BY-4.0"}], "keywords": ["Niger"],
    ...         "resources": [{"name": "events", "format": "parquet", "path": "parquet/events.parquet",
    ...                        "schema": {"fields": [{"name": "event_id", "type": "string"}]}}]}
    >>> fm = front_matter(desc, {"name": "d", "title": "T", "created": "2026", "contributors": []}, {"events": 3})
    >>> fm["license"], fm["configs"][0]["data_files"], fm["dataset_info"][0]["features"]
    ('cc-by-4.0', [{'split': 'train', 'path': 'parquet/events.parquet'}], [{'name': 'event_id', 'dtype': 'string'}])
    """
    tables = [r for r in desc["resources"] if r.get("format") == "parquet"]
    return {
        "pretty_name": desc["title"],
        "license": desc["licenses"][0]["name"].lower(),
        "language": [LANGUAGE],
        "tags": list(desc.get("keywords", [])),
        "size_categories": [size_category(sum(rows.values()))],
        "citation": cite_as(meta),
        "configs": [{"config_name": r["name"], "data_files": [{"split": "train", "path": r["path"]}]}
                    for r in tables],
        "dataset_info": [{"config_name": r["name"],
                          "features": [{"name": f["name"], "dtype": HF_DTYPES[f["type"]]}
                                       for f in r["schema"]["fields"]],
                          "splits": [{"name": "train", "num_examples": rows.get(r["name"], 0)}]}
                         for r in tables],
    }


class _CardDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes a text of several lines (the BibTeX citation) as a ``|`` block, as people write it.
    libyaml's emitter when PyYAML has it: the same text as the Python one (a test compares
    them on the shipped card), about 7x faster."""


_CardDumper.add_representer(str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v,
                                                                 style="|" if "\n" in v else None))


def card(desc: dict[str, Any], meta: dict[str, Any], rows: dict[str, int]) -> str:
    """The whole ``README.md``: front matter, then what the package is and how to open it."""
    fm = yaml.dump(front_matter(desc, meta, rows), Dumper=_CardDumper, sort_keys=False, allow_unicode=True,
                   width=100)
    tables = "\n".join(f"| `{r['name']}` | {rows.get(r['name'], 0)} | {r.get('title', '')} |"
                       for r in desc["resources"] if r.get("format") == "parquet")
    licences = "; ".join(f"{lic.get('title', lic['name'])}: {lic.get('path', '')}" for lic in desc["licenses"])
    return f"""---
{fm}---

# {desc['title']}

{desc['description']}

Version {desc['version']}, schema {desc.get('x-schema-version', '?')}. A Frictionless Data Package
(`datapackage.json`): every table as Parquet (`parquet/`) and CSV (`csv/`), the source texts
(`seeds/`), Croissant metadata (`croissant.json`), W3C Web Annotations of every evidence span
(`annotations.jsonld`) and the located places (`places.geojson`).

| table | rows | what one row is |
| --- | --- | --- |
{tables}

## Open it

```python
import datasets
events = datasets.load_dataset(".", "events", split="train")   # any table name above

import sahel_dataset                                            # pip install sahel-dataset
events = sahel_dataset.load("events", version="{desc['version']}")
```

`frictionless validate datapackage.json` in this folder checks every resource against its
schema; [DATASHEET.md](DATASHEET.md) says how the data were made and what they cannot tell.

## Licence

{licences}. See [LICENSE-DATA](LICENSE-DATA) and [LICENSE](LICENSE). The seed texts keep their
publishers' copyright and are included only as provenance.

## Citation

```bibtex
{cite_as(meta)}
```
"""


def write_card_files(ds: AssembledDataset, desc: dict[str, Any], folder: Path,
                     project_root: Path | None = None) -> list[dict[str, Any]]:
    """Write ``README.md`` (from ``desc``) and copy the licences and datasheet of
    ``project_root`` into ``folder``; return their Data Package resources (path,
    mediatype, sha256 and bytes, as the other metadata files)."""
    rows = {name: data.num_rows for name, data in ds.tables.items()}
    (folder / CARD).write_text(card(desc, ds.metadata, rows), encoding="utf-8")
    written = [CARD]
    for name in COPIED:
        source = (project_root / name) if project_root is not None else None
        if source is not None and source.is_file() and not source.is_symlink():
            shutil.copyfile(source, folder / name)
            written.append(name)
    resources = []
    for rel in written:
        digest, size = resource_digest(folder / rel)
        markdown = rel.endswith(".md")
        resources.append({"name": rel.lower().replace(".md", "").replace("_", "-"), "path": rel,
                          "format": "md" if markdown else "txt",
                          "mediatype": "text/markdown" if markdown else "text/plain",
                          "title": {"README.md": "Dataset card", "LICENSE": "Code licence (MIT)",
                                    "LICENSE-DATA": "Data licence (CC-BY-4.0)",
                                    "DATASHEET.md": "Datasheet for the dataset"}[rel],
                          "hash": digest, "bytes": size})
    return resources
