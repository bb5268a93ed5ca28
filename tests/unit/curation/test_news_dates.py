"""Issue 19: dates in wire copy, drafted against the real curated data.

Each test drafts a short wire-style report written for these tests (not a source, not a
held-out article) as ``sahel-dataset draft`` would after ``add-source --published``, and
checks how one class of time expression dates the drafts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from sahel_dataset.curation.draft import draft, load_known
from sahel_dataset.project import Project

ROOT = Path(__file__).resolve().parents[3]
NAME = "009_test_dates.txt"


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict[str, Any]]]:
    return load_known(Project.find(ROOT).data)


def _draft(data: dict, text: str, published: dt.date) -> dict[str, list[dict[str, Any]]]:
    row = {"source_id": "src-009", "file": NAME, "published_start": published, "published_end": published,
           "evidence": []}
    return draft(NAME, text + "\n", {**data, "sources": [*data["sources"], row]})


def _dated(drafts: dict, table: str, words: str, kind: str | None = None) -> tuple[str, str]:
    p = "date" if table == "events" else "as_of"
    rec = next(r for r in drafts[table] if any(words in c["quote"] for c in r["evidence"])
               and kind in (None, r.get("event_type")))
    return str(rec[f"{p}_start"]), str(rec[f"{p}_end"])


def test_a_time_counted_from_an_earlier_sentence_follows_it(data: dict) -> None:
    drafts = _draft(data, "The junta revoked the military agreement with Washington in March. "
                          "Russian military trainers arrived in Niamey the following month.", dt.date(2024, 9, 16))
    assert _dated(drafts, "events", "trainers arrived") == ("2024-04-01", "2024-04-30")


def test_later_that_month_is_after_the_day_named_before_it(data: dict) -> None:
    drafts = _draft(data, "On Aug. 3, the junta denounced the military agreements with France, and later that "
                          "month it expelled France’s ambassador.", dt.date(2023, 12, 22))
    assert _dated(drafts, "events", "expelled", "expulsion_order") == ("2023-08-04", "2023-08-31")


def test_a_time_in_a_relative_clause_does_not_date_the_main_verb(data: dict) -> None:
    drafts = _draft(data, "The junta that seized power in July 2023 revoked the two countries’ military "
                          "agreement in March.", dt.date(2024, 9, 16))
    assert _dated(drafts, "events", "revoked", "agreement_terminated") == ("2024-03-01", "2024-03-31")


def test_a_date_that_names_a_deadline_does_not_date_the_agreement(data: dict) -> None:
    drafts = _draft(data, "The withdrawal was finished ahead of the Sept. 15 deadline agreed with Niger’s "
                          "military government in May, a Defense Department official said.", dt.date(2024, 9, 16))
    assert _dated(drafts, "events", "agreed") == ("2024-05-01", "2024-05-31")


def test_an_abbreviated_month_with_a_year_is_that_day(data: dict) -> None:
    drafts = _draft(data, "The Alliance of Sahel States was founded on Sept. 16, 2023, as a mutual defence pact.",
                    dt.date(2024, 7, 7))
    assert _dated(drafts, "events", "founded") == ("2023-09-16", "2023-09-16")


def test_since_dates_a_state_to_publication_but_a_deployment_from_its_start(data: dict) -> None:
    drafts = _draft(data, "Since seizing power last July, the junta has expelled French forces. Western officials "
                          "say Wagner fighters have been deployed in Mali since late 2021.", dt.date(2024, 3, 17))
    assert _dated(drafts, "events", "expelled")[1] == "2024-03-17"
    assert _dated(drafts, "events", "deployed in Mali") == ("2021-10-01", "2021-12-31")


def test_a_statement_date_is_kept_beside_a_known_event(data: dict) -> None:
    drafts = _draft(data, "Niger, Mali and Burkina Faso said on Sunday they were leaving the Economic Community "
                          "of West African States with immediate effect.", dt.date(2024, 1, 29))
    assert _dated(drafts, "events", "leaving the Economic Community") == ("2024-01-28", "2024-01-28")


def test_the_statement_said_is_dated_by_the_statement_an_earlier_sentence_reports(data: dict) -> None:
    drafts = _draft(data, "The United States and Niger have agreed that American troops will leave by Sept. 15, "
                          "the two governments said in a joint statement on Sunday. The statement said the "
                          "withdrawal of U.S. forces was already underway.", dt.date(2024, 5, 20))
    assert _dated(drafts, "deployments", "already underway") == ("2024-05-19", "2024-05-19")


def test_a_time_in_a_relative_clause_set_off_by_commas_does_not_date_the_main_verb(data: dict) -> None:
    drafts = _draft(data, "Mali's junta, which came to power in coups in 2020 and 2021, also forced out French "
                          "troops in 2022.", dt.date(2024, 1, 1))
    assert _dated(drafts, "events", "forced out", "expulsion_order") == ("2022-01-01", "2022-12-31")


def test_what_has_happened_does_not_take_a_known_date_after_publication(data: dict) -> None:
    drafts = _draft(data, "The statement said the withdrawal of U.S. forces was already underway.",
                    dt.date(2024, 5, 20))
    for ev in drafts["events"]:
        if ev["status"] == "occurred":
            assert str(ev["date_start"]) <= "2024-05-20", ev


def test_a_deployment_cites_its_clause_from_the_subject(data: dict) -> None:
    drafts = _draft(data, "The United States left Niger, ending a military presence that numbered about 1,100 "
                          "troops in 2023.", dt.date(2024, 9, 16))
    dep = next(d for d in drafts["deployments"] if d.get("count_text") == "about 1,100")
    assert "a military presence that numbered about 1,100 troops" in dep["evidence"][0]["quote"]


def test_days_after_dates_the_happening_named_after_it_in_the_week_before(data: dict) -> None:
    drafts = _draft(data, "Niger revoked its security pact with the United States on March 16, days after a visit "
                          "by a senior U.S. delegation.", dt.date(2024, 8, 5))
    assert _dated(drafts, "events", "revoked", "agreement_terminated") == ("2024-03-16", "2024-03-16")
    assert _dated(drafts, "events", "visit", "delegation_visit") == ("2024-03-09", "2024-03-15")
