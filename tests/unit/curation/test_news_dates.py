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


# (what the rule is, the wire text, its publication date, the table, words of the record, its type, start, end)
CASES = [
    ("a time counted from an earlier sentence follows it",
     "The junta revoked the military agreement with Washington in March. Russian military trainers arrived in "
     "Niamey the following month.", dt.date(2024, 9, 16), "events", "trainers arrived", None,
     "2024-04-01", "2024-04-30"),
    ("later that month is after the day named before it",
     "On Aug. 3, the junta denounced the military agreements with France, and later that month it expelled "
     "France’s ambassador.", dt.date(2023, 12, 22), "events", "expelled", "expulsion_order",
     "2023-08-04", "2023-08-31"),
    ("a time in a relative clause does not date the main verb",
     "The junta that seized power in July 2023 revoked the two countries’ military agreement in March.",
     dt.date(2024, 9, 16), "events", "revoked", "agreement_terminated", "2024-03-01", "2024-03-31"),
    ("nor in a relative clause set off by commas",
     "Mali's junta, which came to power in coups in 2020 and 2021, also forced out French troops in 2022.",
     dt.date(2024, 1, 1), "events", "forced out", "expulsion_order", "2022-01-01", "2022-12-31"),
    ("a date that names a deadline does not date the agreement",
     "The withdrawal was finished ahead of the Sept. 15 deadline agreed with Niger’s military government in May, "
     "a Defense Department official said.", dt.date(2024, 9, 16), "events", "agreed", None,
     "2024-05-01", "2024-05-31"),
    ("an abbreviated month with a year is that day",
     "The Alliance of Sahel States was founded on Sept. 16, 2023, as a mutual defence pact.", dt.date(2024, 7, 7),
     "events", "founded", None, "2023-09-16", "2023-09-16"),
    ("a statement date is kept beside a known event",
     "Niger, Mali and Burkina Faso said on Sunday they were leaving the Economic Community of West African States "
     "with immediate effect.", dt.date(2024, 1, 29), "events", "leaving the Economic Community", None,
     "2024-01-28", "2024-01-28"),
    ("'the statement said' is dated by the statement an earlier sentence reports",
     "The United States and Niger have agreed that American troops will leave by Sept. 15, the two governments "
     "said in a joint statement on Sunday. The statement said the withdrawal of U.S. forces was already underway.",
     dt.date(2024, 5, 20), "deployments", "already underway", None, "2024-05-19", "2024-05-19"),
    ("'days after a visit' dates the visit in the week before",
     "Niger revoked its security pact with the United States on March 16, days after a visit by a senior U.S. "
     "delegation.", dt.date(2024, 8, 5), "events", "visit", "delegation_visit", "2024-03-09", "2024-03-15"),
    ("and the happening before it by its own date",
     "Niger revoked its security pact with the United States on March 16, days after a visit by a senior U.S. "
     "delegation.", dt.date(2024, 8, 5), "events", "revoked", "agreement_terminated", "2024-03-16", "2024-03-16"),
    ("a part of a month in words of the past is the last one, not the next",
     "The last French soldiers flew home on Friday. The junta that ordered them out had seized power in late July.",
     dt.date(2023, 12, 23), "events", "seized power", "coup", "2023-07-21", "2023-07-31"),
    ("a month of last year is read whole",
     "Roughly 1,100 American soldiers were stationed in Niger when the army seized power in July of last year.",
     dt.date(2024, 8, 6), "events", "seized power", "coup", "2023-07-01", "2023-07-31"),
    ("a month and day without a year naming a past happening is the one before publication",
     "Regional leaders on Saturday eased the border closures they had ordered against Niger after the "
     "July 26 coup.", dt.date(2024, 2, 24), "events", "coup", "coup", "2023-07-26", "2023-07-26"),
    ("a duration before the trigger runs back from the sentence's time",
     "The last Italian trainers left Niamey on Friday, ending two decades of military operations in the Sahel.",
     dt.date(2023, 12, 23), "events", "two decades", "military_operations", "2003-01-01", "2023-12-22"),
    ("what followed a time is dated from it to publication",
     "Brussels suspended its budget support to Niamey after the coup last July, officials in the capital said.",
     dt.date(2024, 3, 17), "events", "budget support", "aid_suspension", "2023-07-01", "2024-03-17"),
    ("an undated joint statement is issued after the happening it reports, by publication",
     "The Ministries of Defence of both countries said in a joint statement that the last aircraft had flown "
     "out of Ouallam on Sunday.", dt.date(2024, 7, 9), "events", "joint statement", "joint_statement",
     "2024-07-07", "2024-07-09"),
    ("an undated joint statement is the saying an earlier sentence dates",
     "The three juntas said on Sunday that they would form a confederation. In a joint statement broadcast on "
     "national radio, they blamed the regional bloc.", dt.date(2024, 1, 29), "events", "joint statement",
     "joint_statement", "2024-01-28", "2024-01-28"),
    ("a state placed before a happening is dated to the month another sentence gives it",
     "Soldiers took power in Niamey in July. Italy had about 300 soldiers in Niger before the coup.",
     dt.date(2023, 12, 20), "deployments", "300 soldiers", None, "2023-07-01", "2023-07-31"),
    ("a time in a clause set off by ', whose' after the record dates that clause, not the record",
     "The talks come as Paris prepares to withdraw 1,500 soldiers from neighbouring Niger, whose military rulers "
     "expelled the French ambassador in August.", dt.date(2023, 9, 25), "deployments", "1,500 soldiers", None,
     "2023-09-25", "2023-09-25"),
    ("and the clause's own happening keeps it",
     "The talks come as Paris prepares to withdraw 1,500 soldiers from neighbouring Niger, whose military rulers "
     "expelled the French ambassador in August.", dt.date(2023, 9, 25), "events", "expelled", "expulsion_order",
     "2023-08-01", "2023-08-31"),
    ("a time after a second verb phrase dates that verb, not the count before it",
     "The European mission has about 600 soldiers in Niger and has trained local units since it began in 2012.",
     dt.date(2023, 6, 17), "deployments", "600 soldiers", None, "2023-06-17", "2023-06-17"),
    ("a day the sentence gives inside the month it dates the record by is the date",
     "Turkish drones were delivered to Bamako last month, according to state television, which showed them "
     "unloaded at the airport on March 12.", dt.date(2024, 4, 2), "events", "delivered", "equipment_delivery",
     "2024-03-12", "2024-03-12"),
    ("a deadline in a relative clause on the trigger dates it",
     "Officials said the ceremony was the final stage of a withdrawal that must be completed by Oct. 31.",
     dt.date(2024, 8, 6), "events", "withdrawal", "troop_withdrawal", "2024-10-31", "2024-10-31"),
]


@pytest.mark.parametrize(("rule", "text", "published", "table", "words", "kind", "start", "end"), CASES,
                         ids=[c[0] for c in CASES])
def test_wire_times_date_their_records(data: dict, rule: str, text: str, published: dt.date, table: str,
                                       words: str, kind: str | None, start: str, end: str) -> None:
    assert _dated(_draft(data, text, published), table, words, kind) == (start, end), rule


def test_since_dates_a_state_to_publication_but_a_deployment_from_its_start(data: dict) -> None:
    drafts = _draft(data, "Since seizing power last July, the junta has expelled French forces. Western officials "
                          "say Wagner fighters have been deployed in Mali since late 2021.", dt.date(2024, 3, 17))
    assert _dated(drafts, "events", "expelled")[1] == "2024-03-17"
    assert _dated(drafts, "events", "deployed in Mali") == ("2021-10-01", "2021-12-31")


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


MAY_11, MAY_9 = dt.date(2024, 5, 11), dt.date(2024, 5, 9)


@pytest.mark.parametrize(("text", "words", "published", "want", "note"), [
    # a count of days after a later anchor: the happening is that many days before it
    ("The minister flew to Moscow on Friday. The trip came three days after the junta expelled the French "
     "ambassador.", "expelled the French ambassador", MAY_11, ("2024-05-07", "2024-05-07"), "counted from"),
    # "a day after" inside the anchor's own sentence
    ("Rebels attacked a convoy near Gao on Thursday, a day after the army withdrew from the area.",
     "withdrew", MAY_11, ("2024-05-08", "2024-05-08"), "counted from"),
    # "two days later": that many days after the article's last time
    ("The junta seized the base on May 6. Two days later it expelled the French ambassador.",
     "expelled", MAY_11, ("2024-05-08", "2024-05-08"), "counted from"),
    # the reported content of a dated statement: the announcement dates it, not a relative clause's time
    ("Chad said on Thursday that it was withdrawing its troops from the regional force, two years after "
     "Mali left it in 2022.", "withdrawing its troops", MAY_9, ("2024-05-09", "2024-05-09"), None),
    # a statement in a relative clause on the trigger dates what it announced, not the deadline it set
    ("The convoy opens a pullout that Chad's president announced on May 2, when he said the troops would "
     "leave by Aug. 30.", "pullout", MAY_9, ("2024-05-02", "2024-05-02"), None),
    # a "whose" clause set off by commas dates its own verb, not the main clause's
    ("Senegal's envoys, whose mandate expired on Monday, are due to return to Bamako on Friday for talks.",
     "return to Bamako", MAY_9, ("2024-05-10", "2024-05-10"), None),
])
def test_the_time_that_belongs_to_the_trigger_dates_it(data: dict, text: str, words: str, published: dt.date,
                                                         want: tuple[str, str], note: str | None) -> None:
    drafts = _draft(data, text, published)
    assert _dated(drafts, "events", words) == want
    if note:  # counted from another time: inferred, and the note names the anchor
        rec = next(r for r in drafts["events"] if any(words in c["quote"] for c in r["evidence"]))
        assert rec["date_basis"] == "inferred" and note in rec["date_note"]


def test_since_a_dated_happening_dates_that_happening(data: dict) -> None:
    # the trigger sits between "since" and the time: the coup is dated, not a state lasting since it
    drafts = _draft(data, "Guinea has been run by Col. Doumbouya since a coup in September 2021.", dt.date(2024, 5, 9))
    assert _dated(drafts, "events", "coup", "coup") == ("2021-09-01", "2021-09-30")


def test_a_whose_clause_before_the_trigger_dates_its_own_verb(data: dict) -> None:
    text = ("Envoys of the bloc, whose ultimatum to the junta lapsed on Monday, are due to meet in Lome on Friday "
            "to weigh sanctions.")
    assert _dated(_draft(data, text, dt.date(2024, 5, 8)), "events", "due to meet") == ("2024-05-10", "2024-05-10")


def test_an_aside_after_a_dated_statement_is_dated_by_publication(data: dict) -> None:
    text = ("Mali said on Tuesday that it would review its pact with Russia, which keeps about 2,000 "
            "soldiers in the country.")
    assert _dated(_draft(data, text, dt.date(2024, 5, 9)), "deployments", "2,000") == ("2024-05-09", "2024-05-09")



def test_a_sentence_without_a_time_takes_the_one_day_of_the_sentence_before() -> None:
    from sahel_dataset.curation.context import Context
    from sahel_dataset.curation.sentences import split

    text = ("Envoys of Chad and Cameroon met in Garoua on Tuesday. At the talks, the two sides set up a border "
            "commission. Trade across the border has grown since 2019. It is now worth millions.")
    ctx = Context("009_x.txt", text, {"published_start": "2024-05-09"}, {})
    sents = split(text)
    t, p = ctx.lead_time(sents[1])
    assert (t.text, str(p.start), str(p.end)) == ("on Tuesday", "2024-05-07", "2024-05-07")
    assert ctx.lead_time(sents[3]) is None  # "since 2019" is no one day
    assert ctx.lead_time(sents[0]) is None  # nothing before the first sentence
    text = "Envoys agreed on Tuesday that the border will reopen on June 3. At the talks, they set up a commission."
    ctx = Context("009_x.txt", text, {"published_start": "2024-05-09"}, {})
    assert ctx.lead_time(split(text)[1])[0].text == "on Tuesday"  # the main verb's day, not the reported one's


def test_a_deadline_does_not_date_the_statement_that_sets_it(data: dict) -> None:
    text = ("Chadian troops are due to leave the border zone by Dec. 1 under a joint statement released with "
            "Khartoum last month.")
    drafts = _draft(data, text, dt.date(2024, 5, 9))
    assert _dated(drafts, "events", "joint statement", "joint_statement") == ("2024-04-01", "2024-04-30")
