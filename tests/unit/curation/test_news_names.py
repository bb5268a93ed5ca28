"""Issue 19: a draft proposes a new actor once, and never one the data or a pending draft holds.

The texts are wire-style sentences written for these tests (not sources, not held-out articles),
drafted against the real curated data as ``sahel-dataset draft`` would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from drafted import wire_draft

from sahel_dataset.curation.draft import load_known
from sahel_dataset.curation.heldout import duplicates
from sahel_dataset.curation.match import Gazetteer
from sahel_dataset.curation.pending import with_pending
from sahel_dataset.project import Project

ROOT = Path(__file__).resolve().parents[3]
FIRST = ("UNITED NATIONS (Example Wire) — Burkina Faso asked the Human Rights Council to send observers, the "
         "Human Rights Council said on Friday.\nA spokesman for the HUMAN RIGHTS COUNCIL said the request was "
         "under review.\n")
SECOND = "GENEVA (Example Wire) — The Human Rights Councils said on Monday that the HRC would send observers.\n"


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict[str, Any]]]:
    return load_known(Project.find(ROOT).data)


def test_one_actor_for_every_form_of_its_name_in_an_article(data: dict) -> None:
    out = wire_draft("009_names.txt", FIRST, data)
    assert [a["name"] for a in out["actors"]] == ["Human Rights Council"]
    assert duplicates(data, out) == []


def test_a_wire_dateline_and_its_agency_are_no_actors(data: dict) -> None:
    names = {a["name"].casefold() for a in wire_draft("009_names.txt", FIRST, data)["actors"]}
    assert not names & {"united nations", "example wire"}


def test_a_pending_draft_holds_its_actor_in_a_plural_or_an_acronym(data: dict) -> None:
    first = wire_draft("009_names.txt", FIRST, data)
    assert wire_draft("010_names.txt", SECOND, with_pending(data, {Path("drafts/009.yaml"): first}))["actors"] == []
    alone = wire_draft("010_names.txt", SECOND, data)["actors"]
    assert len(alone) == 1  # without the pending draft it is new, once ("HRC" is its acronym)


def test_a_known_actor_in_capitals_or_with_the_is_not_proposed(data: dict) -> None:
    actor = next(a for a in data["actors"] if len(a["name"].split()) >= 2 and a.get("actor_type") != "person")
    text = f"NIAMEY, Niger (Example Wire) — THE {actor['name'].upper()} said on Friday that talks would go on.\n"
    out = wire_draft("009_names.txt", text, data)
    assert duplicates(data, out) == [], actor["name"]



def test_the_ousted_president_named_is_the_known_record_not_a_new_actor(data: dict) -> None:
    text = "NIAMEY, Niger (Example Wire) — The junta said on Friday that Mohamed Bazoum would stay in detention.\n"
    assert not [a for a in wire_draft("009_names.txt", text, data)["actors"] if "Bazoum" in a["name"]]
    found = Gazetteer.from_records(data).find(text, "actors")
    assert "act-niger-ousted-president" in {m.record_id for m in found}
