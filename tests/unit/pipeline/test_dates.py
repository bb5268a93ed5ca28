"""Every time expression that occurs in the five seeds, resolved by dates.propose."""

from __future__ import annotations

import datetime as dt

import pytest

from sahel_dataset.pipeline.dates import crosswalk, precision_of, propose
from sahel_dataset.pipeline.evidence import find_all
from sahel_dataset.pipeline.seeds import load_seeds
from sahel_dataset.project import Project

D = dt.date
# Publication dates as data/sources.yaml has them (a day, or the interval known).
PUB = {
    "000": (D(2024, 9, 16), D(2024, 9, 22)),
    "001": (D(2024, 9, 17), None),
    "002": (D(2024, 4, 19), D(2024, 4, 30)),
    "003": (D(2024, 5, 19), D(2024, 5, 31)),
    "004": (D(2024, 4, 19), D(2024, 4, 30)),
}
S, R, INF = "stated", "relative_to_publication", "inferred"

# (seed, expression as the seed writes it, start, end, precision, basis); None = open end.
CASES = [
    ("000", "In recent months", D(2024, 3, 17), D(2024, 9, 22), "year", INF),
    ("000", "on Monday", D(2024, 9, 16), D(2024, 9, 16), "day", R),
    ("000", "earlier this year", D(2024, 1, 1), D(2024, 9, 21), "year", INF),
    ("000", "later", None, D(2024, 9, 22), None, INF),
    ("000", "by mid-September", D(2024, 9, 11), D(2024, 9, 20), "month", R),
    ("000", "Last month", D(2024, 8, 1), D(2024, 8, 31), "month", R),
    ("000", "last year", D(2023, 1, 1), D(2023, 12, 31), "year", R),
    ("000", "In April", D(2024, 4, 1), D(2024, 4, 30), "month", R),
    ("001", "17 September, 2024", D(2024, 9, 17), D(2024, 9, 17), "day", S),
    ("001", "Last month", D(2024, 8, 1), D(2024, 8, 31), "month", R),
    ("001", "Earlier this year", D(2024, 1, 1), D(2024, 9, 16), "year", R),
    ("001", "A few months later", None, D(2024, 9, 17), None, INF),
    ("001", "by mid-September", D(2024, 9, 11), D(2024, 9, 20), "month", R),
    ("001", "last year", D(2023, 1, 1), D(2023, 12, 31), "year", R),
    ("001", "last July", D(2024, 7, 1), D(2024, 7, 31), "month", INF),  # or July 2023: the note says so
    ("001", "Since then", None, D(2024, 9, 17), None, INF),
    ("001", "In early April 2024", D(2024, 4, 1), D(2024, 4, 10), "month", S),
    ("001", "until recently", None, D(2024, 9, 17), None, INF),
    ("001", "in 2013", D(2013, 1, 1), D(2013, 12, 31), "year", S),
    ("002", "last year", D(2023, 1, 1), D(2023, 12, 31), "year", R),
    ("002", "six years ago", D(2018, 1, 1), D(2018, 12, 31), "year", R),
    ("002", "within days", D(2024, 4, 19), D(2024, 5, 7), "month", INF),
    ("002", "recent", D(2024, 1, 18), D(2024, 4, 30), "year", INF),
    ("002", "previously", None, D(2024, 4, 30), None, INF),
    ("002", "currently", D(2024, 4, 19), D(2024, 4, 30), "month", INF),
    ("003", "by the middle of September", D(2024, 9, 11), D(2024, 9, 20), "month", R),
    ("003", "in July", D(2023, 7, 1), D(2023, 7, 31), "month", R),
    ("003", "in October", D(2023, 10, 1), D(2023, 10, 31), "month", R),
    ("003", "in recent years", D(2019, 5, 21), D(2024, 5, 31), "multi_year", INF),
    ("003", "now", D(2024, 5, 19), D(2024, 5, 31), "month", INF),
    ("003", "next month", D(2024, 6, 1), D(2024, 6, 30), "month", R),
    ("003", "for now", D(2024, 5, 19), D(2024, 5, 31), "month", INF),
    ("003", "by mid-September", D(2024, 9, 11), D(2024, 9, 20), "month", R),
    ("004", "recent", D(2024, 1, 18), D(2024, 4, 30), "year", INF),
    ("004", "soon", D(2024, 4, 19), D(2024, 7, 31), "year", INF),
    ("004", "months", D(2024, 4, 19), D(2025, 4, 30), "multi_year", INF),
    ("004", "since last July", D(2023, 7, 1), D(2023, 7, 31), "month", R),
    ("004", "last July", D(2023, 7, 1), D(2023, 7, 31), "month", R),
    ("004", "for months", D(2023, 4, 20), D(2024, 4, 30), "multi_year", INF),
]


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {name[:3]: text for name, text in load_seeds(Project.find().seeds).items()}


@pytest.mark.parametrize(("seed", "expr", "start", "end", "precision", "basis"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_every_seed_time_expression(seeds: dict[str, str], seed: str, expr: str, start: D | None, end: D | None,
                                    precision: str | None, basis: str) -> None:
    assert find_all(seeds[seed], expr), f"{expr!r} does not occur in seed {seed}"
    got = propose(expr, *PUB[seed])
    assert (got.start, got.end, got.precision, got.basis) == (start, end, precision, basis), got
    if basis == INF:
        assert got.note, "an inferred date must say how"


def test_relative_expressions_with_a_publication_interval_are_inferred_and_say_so() -> None:
    got = propose("last month", D(2024, 4, 25), D(2024, 5, 3))
    assert got.basis == INF and (got.start, got.end) == (D(2024, 3, 1), D(2024, 4, 30))
    assert "known only as 2024-04-25..2024-05-03" in got.note


def test_last_month_name_in_a_later_month_is_flagged_ambiguous() -> None:
    got = propose("last July", D(2024, 9, 17))
    assert got.basis == INF and "2023" in got.note and "ambiguous" in got.note


def test_deadlines_and_periods_are_noted() -> None:
    assert propose("by mid-September", D(2024, 4, 1)).note.startswith("by: a deadline")
    assert propose("since 2013", D(2024, 9, 17)).note.startswith("since: the start of a period")


def test_unknown_expression_is_never_guessed() -> None:
    got = propose("when the rains came", D(2024, 9, 17))
    assert (got.start, got.end, got.basis) == (None, None, INF) and "by hand" in got.note


def test_precision_crosswalk_matches_the_schema() -> None:
    assert precision_of(D(2024, 1, 1), D(2024, 1, 7)) == "week"
    assert precision_of(D(2024, 1, 1), D(2024, 3, 31)) == "season"
    cw = crosswalk()
    assert precision_of(D(2024, 1, 1), D(2024, 12, 31)) == "year"
    assert precision_of(D(2023, 7, 1), D(2024, 9, 16)) == "multi_year"
    assert cw["ACLED time_precision"] == {"day": "1", "week": "2", "month": "3", "season": "3", "year": "3",
                                          "multi_year": "3"}
    assert cw["UCDP GED date_prec"]["day"] == "1" and cw["UCDP GED date_prec"]["year"] == "5"


def test_a_date_embedded_in_a_phrase_is_found() -> None:
    got = propose("since the operation began in 2013", D(2024, 9, 17))
    assert (got.start, got.end, got.precision, got.basis) == (D(2013, 1, 1), D(2013, 12, 31), "year", "stated")
    assert "2013" in got.note


def test_every_curated_date_text_gets_a_proposal_that_explains_itself() -> None:
    """Each verbatim date of the shipped records: never an exception, never an unexplained guess."""
    from sahel_dataset.curation.workspace import shipped_workspace

    ws = shipped_workspace()
    src = {r["source_id"]: r for r in ws.tables["sources"]}
    first_source = {}
    for r in ws.tables["evidence"]:
        first_source.setdefault((r["record_table"], r["record_id"]), src[r["source_id"]])
    seen = 0
    for table, id_field in (("events", "event_id"), ("deployments", "deployment_id"), ("agreements", "agreement_id")):
        for row in ws.tables.get(table, []):
            for group in ("date", "as_of", "began", "ended"):
                text = row.get(f"{group}_text")
                if not text:
                    continue
                s = first_source[(table, row[id_field])]
                got = propose(text, s["published_start"], s["published_end"])
                assert got.basis in ("stated", "relative_to_publication", "inferred")
                assert got.basis != INF or got.note, text
                seen += 1
    assert seen
