"""Issue 19: the drafter reads wire copy, not only the five seeds.

Each test drafts a short wire-style report (written for these tests, about events the
curated data holds) against the real curated data, as ``sahel-dataset draft`` would after
``add-source --published 2024-07-08``, and checks one behaviour of the drafts.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from typing import Any

import pytest

from sahel_dataset.curation.draft import draft, load_known
from sahel_dataset.curation.heldout import duplicates
from sahel_dataset.project import Project

ROOT = Path(__file__).resolve().parents[3]
NAME = "009_test_wire.txt"
WIRE = "\n\n".join([
    "U.S. completes handover of Niamey base",
    "By Jane Roe and John Doe | July 8, 2024",
    "NIAMEY, Niger (AP) — The U.S. military handed over Air Base 101 in Niamey to Niger's army on Sunday, "
    "the Pentagon said on Friday.",
    "“The withdrawal of our forces from Air Base 101 is complete,” AFRICOM said in a statement on Monday.",
    "Maj. Gen. Kenneth Ekman told reporters that the last troops would leave Niger by Sept. 15. "
    "He said the pullout was on track.",
    "Nearly 1,000 U.S. troops were in Niger in March, and about 200 personnel remained at Agadez, "
    "the Department of Defense said.",
    "FILE - A U.S. military transport plane at an air base in Niamey, Niger. (AP Photo/Jane Roe, File)",
]) + "\n"


@pytest.fixture(scope="module")
def known() -> dict[str, list[dict[str, Any]]]:
    data = load_known(Project.find(ROOT).data)
    row = {"source_id": "src-009", "file": NAME, "published_start": dt.date(2024, 7, 8),
           "published_end": dt.date(2024, 7, 8), "evidence": []}
    return {**data, "sources": [*data["sources"], row]}


@pytest.fixture(scope="module")
def drafts(known: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return draft(NAME, WIRE, known)


def _cited(rec: dict[str, Any]) -> str:
    return " ".join(c["quote"] for c in rec.get("evidence", []))


def test_datelines_bylines_credits_and_captions_are_never_actors_or_places(drafts: dict) -> None:
    names = [r["name"] for t in ("actors", "locations") for r in drafts[t]]
    for furniture in ("NIAMEY", "AP", "Jane Roe", "John Doe", "FILE"):
        assert not any(furniture in n for n in names), (furniture, names)
    reasons = {e["quote"]: e["reason"] for e in drafts["exclusions"]}
    assert reasons["NIAMEY, Niger (AP) —"].startswith("wire dateline")
    assert reasons["By Jane Roe and John Doe | July 8, 2024"].startswith("byline")
    assert any(q.startswith("FILE - ") and r.startswith("photo caption") for q, r in reasons.items())
    for t in ("events", "deployments", "quotes", "figures", "agreements"):  # nothing reads the furniture
        assert not any("(AP Photo" in _cited(r) or "By Jane Roe" in _cited(r) for r in drafts[t])


def test_said_on_friday_dates_the_statement_on_sunday_the_happening(drafts: dict) -> None:
    handover = next(e for e in drafts["events"] if e["event_type"] == "base_handover")
    assert (handover["date_text"], handover["date_start"]) == ("on Sunday", dt.date(2024, 7, 7))
    quote = next(q for q in drafts["quotes"] if "handed over" in _cited(q))
    assert quote["speaker_text"] == "the Pentagon" and "2024-07-05" in quote["note"]  # said on Friday


def test_a_suggested_match_never_overwrites_the_sentences_own_date_and_status(known: dict) -> None:
    text = "Niger's junta revoked a military cooperation accord with Washington in April."
    out = draft(NAME, text, known)
    ev = next(e for e in out["events"] if e["event_type"] == "agreement_terminated")
    assert ev["draft"]["same_as"]  # the data already holds the revocation (of March 2024)
    assert (ev["date_text"], ev["date_start"], ev["date_end"]) == ("in April", dt.date(2024, 4, 1),
                                                                   dt.date(2024, 4, 30))
    assert ev["status"] == "occurred"
    assert ev["draft"]["known"]["date_start"] != ev["date_start"]  # the known date is shown beside, not taken


def test_direct_quotes_with_their_speaker_are_quotes_not_events(drafts: dict) -> None:
    quote = next(q for q in drafts["quotes"] if q["speech_kind"] == "direct")
    assert quote["evidence"][0]["quote"] == "The withdrawal of our forces from Air Base 101 is complete"
    assert quote["speaker_text"] == "AFRICOM" and quote["speaker_actor_id"] == "act-us-africa-command"
    assert not any("withdrawal of our forces" in _cited(e) for e in drafts["events"])


def test_reported_speech_keeps_its_speaker(drafts: dict) -> None:
    told = next(q for q in drafts["quotes"] if "would leave Niger" in _cited(q))
    assert told["speaker_text"] == "Maj. Gen. Kenneth Ekman" and told["speech_kind"] == "indirect"
    he = next(q for q in drafts["quotes"] if "on track" in _cited(q))
    assert he["speaker_text"] == "Maj. Gen. Kenneth Ekman"  # "He said": the speaker named before
    dod = next(q for q in drafts["quotes"] if "Nearly 1,000" in _cited(q))
    assert dod["speaker_actor_id"] == "act-pentagon"
    assert all(q["speaker_text"] != "the article" for q in (told, he, dod))


def test_hedges_follow_the_one_hedge_policy(drafts: dict) -> None:
    from sahel_dataset.pipeline.hedges import expected_bounds

    deps = {d["count_text"]: d for d in drafts["deployments"] if d.get("count_text")}
    nearly, about = deps["Nearly 1,000"], deps["about 200"]
    for d in (nearly, about):  # the bounds are the policy's, whatever the hedge
        want, _ = expected_bounds(d["count_text"], d.get("count_hedge"))
        assert tuple(d.get(f"count_{k}") for k in ("low", "best", "high")) == tuple(
            None if want[k] is None else int(want[k]) for k in ("low", "best", "high"))
    assert (nearly["count_hedge"], nearly["count_low"], nearly.get("count_best"), nearly["count_high"]) == (
        "Nearly", 900, None, 999)
    assert (about["count_hedge"], about["count_low"], about["count_high"]) == ("about", 180, 220)


def test_a_known_actor_named_another_way_is_that_record(known: dict, drafts: dict) -> None:
    assert duplicates(known, drafts) == []
    names = {r["name"] for r in drafts["actors"]}
    assert not names & {"AFRICOM", "Department of Defense", "Pentagon", "the Pentagon"}
    text = "The U.S. Department of Defense and AFRICOM said the Defense Department would leave."
    out = draft(NAME, text, known)
    assert out["actors"] == [] and duplicates(known, out) == []


def test_the_benchmark_harness_reads_the_dev_set() -> None:
    """Invariants of the harness on the real held-out dev files, never today's scores."""
    spec = importlib.util.spec_from_file_location("drafting_benchmark", ROOT / "benchmarks" / "drafting.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from sahel_dataset.curation.heldout import articles

    dev = articles(bench.HELDOUT / "dev")  # read_article resolves every gold quote or raises
    assert dev and all(a.gold and a.text.strip() and not a.text.startswith("TEST ARTICLE") for a in dev)
    result = {"sections": {"dev": bench.heldout_section(Project.find(ROOT), "dev", "held-out dev", True)}}
    s = result["sections"]["dev"]
    assert s["texts"] == len(dev) and s["tuned"] is True
    for key in ("recall", "precision", "dates", "speakers", "duplicate_actors", "targets", "tables"):
        assert key in s
    assert {"recall >= 70%", "precision >= 70%", "dates >= 80%", "duplicate actors = 0"} == set(s["targets"])
    from sahel_dataset.curation.scores import readme_block

    assert "held-out dev" in readme_block(result)
    assert bench.heldout_section(Project.find(ROOT), "no-such-set", "x", False) is None  # an absent set: skipped
    assert next(iter(bench.HELD_OUT)) == "blind4" and not bench.HELD_OUT["blind4"][1]  # the blind set, not tuned to
