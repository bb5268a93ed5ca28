"""Issue 19: deployments and quotes in wire copy: a count whose noun is left out ("About 200 remained"),
personnel named only as the object of a risk, quoted words beside reported speech.

The texts are wire-style sentences written for these tests (not sources, not held-out articles).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from drafted import wire_draft

from sahel_dataset.curation.draft import load_known
from sahel_dataset.project import Project

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict[str, Any]]]:
    return load_known(Project.find(ROOT).data)


def test_an_elliptical_count_is_the_personnel_named_before_it(data: dict) -> None:
    text = ("Most of the 1,000 American troops in Niger flew out of Niamey in July. About 200 remained at the drone "
            "base in Agadez to finish the handover.\n")
    out = wire_draft("009_counts.txt", text, data, dt.date(2024, 7, 20))
    rec = next(d for d in out["deployments"] if d["evidence"][0]["quote"].startswith("About 200"))
    assert (rec["sending_actor_id"], rec["personnel_kind"], rec["status"]) == ("act-usa", "troops", "remaining")
    assert (rec["count_low"], rec["count_best"], rec["count_high"]) == (180, 200, 220)  # "about": plus or minus 10%


def test_a_count_with_no_personnel_before_it_is_no_deployment(data: dict) -> None:
    text = "Flooding forced thousands of families from their homes in Niamey. About 200 remained in camps.\n"
    out = wire_draft("009_counts.txt", text, data, dt.date(2024, 7, 20))
    assert not [d for d in out["deployments"] if "About 200" in d["evidence"][0]["quote"]]


def test_personnel_named_as_the_object_of_a_risk_are_no_deployment(data: dict) -> None:
    text = ("Officials said the Wagner fighters posed no threat to French soldiers or equipment at the airport. "
            "Burkina Faso's junta expelled French forces in 2023. "
            "About 1,500 French soldiers are stationed in Niger.\n")
    out = wire_draft("009_counts.txt", text, data, dt.date(2023, 8, 20))
    quoted = [d["evidence"][0]["quote"] for d in out["deployments"]]
    assert not [q for q in quoted if "no threat" in q or q.startswith(("Officials", "Burkina"))], quoted
    assert [q for q in quoted if "1,500 French soldiers" in q], quoted


def test_quoted_words_beside_reported_speech_are_a_direct_quote_of_the_same_speaker(data: dict) -> None:
    text = ("The last German transport plane left Niamey on Friday, the defence ministry said in a statement, "
            "calling the departure \"an orderly end to a long partnership.\" Officials named the \"Sahel Alliance\" "
            "as a partner.\n")
    out = wire_draft("009_counts.txt", text, data, dt.date(2024, 9, 1))
    direct = [q for q in out["quotes"] if q["speech_kind"] == "direct"]
    assert [(q["evidence"][0]["quote"], q["speaker_text"]) for q in direct] == [
        ("an orderly end to a long partnership", "the defence ministry")]


@pytest.mark.parametrize(("text", "words", "kind", "low_best_high"), [
    ("Just under 300 U.S. service members are based in Niger.", "300 U.S. service members", "military_personnel",
     (270, None, 299)),  # "just under" N: the policy's N - 10% to N - 1, no best
    ("About 40 Army special forces soldiers are among those who will leave Chad, officials said.",
     "40 Army special forces soldiers", "soldiers", (36, 40, 44)),
])
def test_wire_personnel_phrases_are_counted_by_the_hedge_policy(data: dict, text: str, words: str, kind: str,
                                                                 low_best_high: tuple) -> None:
    out = wire_draft("009_counts.txt", text + "\n", data, dt.date(2024, 4, 26))
    rec = next(d for d in out["deployments"] if words in d["evidence"][0]["quote"])
    assert rec["personnel_kind"] == kind
    assert (rec.get("count_low"), rec.get("count_best"), rec.get("count_high")) == low_best_high
