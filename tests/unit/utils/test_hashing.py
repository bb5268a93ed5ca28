"""core/hashing.py: the digests the seed manifest and the shipped package declare."""

from __future__ import annotations

import csv
import json

from conftest import CHECKOUT as ROOT
from sahel_dataset.core.descriptor import PACKAGE_DIR
from sahel_dataset.core.hashing import sha256_bytes, sha256_file


def test_seed_digests_match_the_manifest() -> None:
    with (ROOT / "seeds" / "manifest.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        path = ROOT / "seeds" / row["file"]
        assert sha256_file(path) == sha256_bytes(path.read_bytes()) == row["sha256"]


def test_resource_hashes_of_the_shipped_package() -> None:
    desc = json.loads((PACKAGE_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        assert res["hash"] == "sha256:" + sha256_file(PACKAGE_DIR / res["path"])
