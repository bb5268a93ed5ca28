"""The rules layer (``sahel_dataset.pipeline.rules``): the real data pass every rule,
and breaking a copy of the real data makes the build and ``validate`` report a
located problem (file, line, record id, field) in the ``rules`` layer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from sahel_dataset.core.errors import DataError, Problem
from sahel_dataset.load import load, tables
from sahel_dataset.pipeline.assemble import assemble
from sahel_dataset.pipeline.coding_rules import plover_of_cameo
from sahel_dataset.pipeline.hedges import expected_bounds, policies
from sahel_dataset.pipeline.rules import RULES, rule_problems
from sahel_dataset.pipeline.validate import ValidationFailed, validate_package, validate_project
from sahel_dataset.project import Project


def edit(project: Project, file: str, record_id: str, old: str, new: str) -> None:
    """Replace the first ``old`` inside the record ``record_id`` of ``data/<file>``."""
    path = project.data / file
    text = path.read_text(encoding="utf-8")
    key = f"_id: {record_id}\n" if f"_id: {record_id}\n" in text else f"- event_type: {record_id}\n"
    at = text.index(key)
    end = text.find("\n- ", at)
    end = len(text) if end < 0 else end
    assert old in text[at:end], f"{old!r} is no longer in {record_id} of {file}: update the test"
    path.write_text(text[:at] + text[at:end].replace(old, new, 1) + text[end:], encoding="utf-8")


def rule_failures(project: Project) -> list[Problem]:
    """The build's problems; every one must come from the rules layer."""
    with pytest.raises(DataError) as err:
        assemble(project)
    assert {p.check for p in err.value.problems} == {"rules"}, err.value.problems
    return err.value.problems


def find(problems: list[Problem], record_id: str, field: str, fragment: str) -> Problem:
    got = [p for p in problems if p.record_id == record_id and p.field == field and fragment in p.message]
    assert got, f"no {record_id}/{field} problem with {fragment!r} in {[str(p) for p in problems]}"
    return got[0]


def line_of(project: Project, file: str, text: str, record_id: str = "") -> int:
    """The line of the first ``text`` at or after the record ``record_id``."""
    lines = (project.data / file).read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines)
                 if line.endswith((f"_id: {record_id}", f"- event_type: {record_id}"))) if record_id else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if text in line)


@pytest.mark.invariant
def test_the_real_data_pass_every_rule(project: Project) -> None:
    assert rule_problems(assemble(project).tables) == []


def test_the_shipped_package_passes_every_rule() -> None:
    assert rule_problems({n: load(n, backend="arrow") for n in tables()}) == []


def test_every_rule_has_its_policy_section_and_a_documented_entry() -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "validation.md").read_text(encoding="utf-8")
    for name in RULES:
        assert name in policies(), name
        assert f"`{name}`" in docs, f"docs/validation.md does not list the rule {name}"
    for entry in policies()["hedges"]["policy"]:
        for phrase in entry["phrases"]:
            assert phrase in docs, f"the hedge phrase {phrase!r} is not in docs/validation.md's hedge table"


def test_precision_must_fit_the_interval(project_copy: Project) -> None:
    edit(project_copy, "events.yaml", "evt-agadez-base-closure", "date_precision: year", "date_precision: season")
    p = find(rule_failures(project_copy), "evt-agadez-base-closure", "date_precision", "does not fit")
    assert "2024-05-19..2024-08-31 (105 days)" in p.message and "'year'" in p.message
    assert p.file == "data/events.yaml" and p.table == "events"
    assert p.line == line_of(project_copy, "events.yaml", "date_precision: season", "evt-agadez-base-closure")


def test_a_source_window_cannot_open_before_an_event_it_reports_as_done(project_copy: Project) -> None:
    edit(project_copy, "sources.yaml", "src-003", "published_start: 2024-05-19", "published_start: 2024-05-01")
    p = find(rule_failures(project_copy), "src-003", "published_start",
             "opens 2024-05-01, before evt-us-niger-joint-statement (occurred, date_start 2024-05-19)")
    assert p.file == "data/sources.yaml" and p.line == line_of(project_copy, "sources.yaml", "2024-05-01")


def test_a_source_window_cannot_close_before_an_event_it_reports_as_done(project_copy: Project) -> None:
    edit(project_copy, "events.yaml", "evt-us-niger-joint-statement", "date_start: 2024-05-19",
         "date_start: 2024-06-02")
    edit(project_copy, "events.yaml", "evt-us-niger-joint-statement", "date_end: 2024-05-19", "date_end: 2024-06-02")
    problems = [p for p in rule_failures(project_copy) if p.table == "sources"]
    p = find(problems, "src-003", "published_end", "closes 2024-05-31, before evt-us-niger-joint-statement")
    assert p.file == "data/sources.yaml"


@pytest.mark.parametrize(("file", "record_id", "old", "new", "field", "fragment"), [
    ("deployments.yaml", "dep-us-chad-approximately-100-2024-05", "count_low: 90", "count_low: 95", "count_low",
     "is 95, but the hedge policy ('approximately') gives 90"),
    ("figures.yaml", "fig-agadez-niamey-distance", "amount_low: 828", "amount_low: 900", "amount_low",
     "is 900, but the hedge policy ('about') gives 828"),
    # "millions" once ended at 99,999,999 and manufactured a conflict with src-002's $100 million
    ("figures.yaml", "fig-us-agadez-base-investment", "amount_high: 999999999", "amount_high: 99999999",
     "amount_high", "is 99999999, but the hedge policy ('millions') gives 999999999"),
    ("figures.yaml", "fig-us-agadez-base-investment", "amount_hedge: millions", "amount_hedge: lots", "amount_hedge",
     "'lots' is not a phrase of"),
    ("deployments.yaml", "dep-us-chad-planned-relocation-2024-05", "count_high: 109", "count_high: 110",
     "count_high", "('most of') gives 109"),
])
def test_hedges_follow_one_policy_for_deployments_and_figures(project_copy: Project, file: str, record_id: str,
                                                              old: str, new: str, field: str, fragment: str) -> None:
    edit(project_copy, file, record_id, old, new)
    p = find(rule_failures(project_copy), record_id, field, fragment)
    assert p.file == f"data/{file}" and p.line is not None


def test_hedge_policy_table_gives_the_documented_bounds() -> None:
    assert expected_bounds("two dozen", "around")[0] == {"low": 20, "best": 24, "high": 28}
    assert expected_bounds("more than 1,000", "more than")[0] == {"low": 1001, "best": None, "high": None}
    assert expected_bounds("hundreds of millions of dollars", "hundreds of millions")[0]["low"] == 200_000_000
    assert expected_bounds("dozens")[0] == {"low": 24, "best": None, "high": 99}
    assert expected_bounds(None, "a small number")[0] == {"low": None, "best": None, "high": None}
    assert expected_bounds("$100 million")[0] == {"low": None, "best": 100_000_000, "high": None}


@pytest.mark.parametrize(("text", "hedge", "want"), [
    ("roughly 1,000 troops", "roughly", {"low": 900, "best": 1000, "high": 1100}),
    ("Some 1,500 French soldiers", "Some", {"low": 1350, "best": 1500, "high": 1650}),
    ("an estimated $110 million", "an estimated", {"low": 99_000_000, "best": 110_000_000, "high": 121_000_000}),
    ("at least 1,000 fighters", "at least", {"low": 1000, "best": None, "high": None}),
    ("Nearly 1,000 American troops", "Nearly", {"low": 900, "best": None, "high": 999}),
    ("almost 95 soldiers", "almost", {"low": 86, "best": None, "high": 94}),
    ("close to 300 instructors", "close to", {"low": 270, "best": None, "high": 299}),
    # "just under" is tried before "just" (exact): the specific entry before the general one.
    ("just under 1,100 personnel", "just under", {"low": 990, "best": None, "high": 1099}),
    ("just six years ago", "just", {"low": None, "best": 6, "high": None}),
])
def test_the_hedges_of_news_copy_have_their_policy_bounds(text: str, hedge: str, want: dict[str, int | None]) -> None:
    assert expected_bounds(text, hedge)[0] == want


def test_not_applicable_has_no_end(project_copy: Project) -> None:
    edit(project_copy, "agreements.yaml", "agr-us-niger-withdrawal-joint-statement", "  began_start: 2024-05-19\n",
         "  began_start: 2024-05-19\n  ended_end: 2024-09-16\n")
    p = find(rule_failures(project_copy), "agr-us-niger-withdrawal-joint-statement", "ended_end",
             "end_censoring not_applicable forbids ended_end")
    assert p.file == "data/agreements.yaml" and p.line == line_of(project_copy, "agreements.yaml", "ended_end: 2024-09")


def test_occurred_needs_a_date(project_copy: Project) -> None:
    edit(project_copy, "events.yaml", "evt-aes-formed", "  date_end: 2023-09-16\n", "")
    p = find(rule_failures(project_copy), "evt-aes-formed", "date_end", "status occurred requires date_end")
    assert p.file == "data/events.yaml" and p.line is not None


def test_a_point_needs_coordinates_and_a_geonames_id_or_a_note(project_copy: Project) -> None:
    edit(project_copy, "locations.yaml", "loc-niamey", "  geonames_id: 2440485\n", "")
    edit(project_copy, "locations.yaml", "loc-us-embassy-niger", "  latitude: 13.51366\n", "")
    problems = rule_failures(project_copy)
    p = find(problems, "loc-niamey", "geonames_id", "location_type capital is a point")
    assert p.file == "data/locations.yaml"
    find(problems, "loc-us-embassy-niger", "latitude", "location_type embassy is a point: it needs latitude")


def test_ids_follow_their_naming_convention(project_copy: Project) -> None:
    old = "quo-src-002-base-closure-significant-shift"
    for path in project_copy.data.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, "quo-src002-base-closure-significant-shift"), encoding="utf-8")
    edit(project_copy, "deployments.yaml", "dep-us-niger-withdrawn-2024-09", "dep-us-niger-withdrawn-2024-09",
         "dep-us-niger-withdrawn-2024-08")
    problems = rule_failures(project_copy)
    p = find(problems, "quo-src002-base-closure-significant-shift", "quote_id", "names source 'src002', not src-002")
    assert p.file == "data/quotes.yaml" and p.line == line_of(project_copy, "quotes.yaml", "quo-src002-base")
    find(problems, "quo-src002-base-closure-significant-shift", "quote_id", "starts with quo-src-002-")
    p = find(problems, "dep-us-niger-withdrawn-2024-08", "deployment_id", "month of as_of_start (2024-09)")
    assert p.file == "data/deployments.yaml"


def test_a_relative_date_agrees_with_its_source_or_has_a_note(project_copy: Project) -> None:
    rid = "evt-us-base-handover"
    edit(project_copy, "events.yaml", rid, "date_start: 2024-08-01", "date_start: 2024-07-01")
    edit(project_copy, "events.yaml", rid, "date_end: 2024-08-31", "date_end: 2024-07-31")
    edit(project_copy, "events.yaml", rid, "  date_note: '\"Last month\" in src-000 and src-001, both published in "
         "September 2024: August 2024.'\n", "")
    p = find(rule_failures(project_copy), rid, "date_start", "'Last month' re-resolved from src-")
    assert "gives 2024-08-01..2024-08-31, not 2024-07-01..2024-07-31" in p.message and "date_note" in p.message
    assert p.file == "data/events.yaml"
    assert p.line == line_of(project_copy, "events.yaml", "date_start: 2024-07-01", rid)


def test_validate_reports_the_rules_layer(project_copy: Project, built: Path) -> None:
    assert any(r["check"] == "rules" and r["status"] == "ok" for r in validate_package(built)["layers"])
    edit(project_copy, "events.yaml", "evt-agadez-base-closure", "date_precision: year", "date_precision: season")
    with pytest.raises(ValidationFailed) as err:
        validate_project(project_copy)
    rows = {r["check"]: r["status"] for r in err.value.layers}
    assert rows["rules"] == "failed" and rows["table"] == "ok" and rows["foreign_key"] == "ok"


def test_rule_messages_cut_long_values() -> None:
    # Every value a rule names goes through errors.shown(): a megabyte of text prints a
    # few hundred characters, and the message still says what is wrong.
    import pyarrow as pa

    text = "about 920 " + "x" * 1_000_000
    fig = pa.table({"figure_id": ["fig-d"], "amount_text": [text], "amount_hedge": ["around"],
                    "amount_low": [900.0], "amount_best": [920.0], "amount_high": [1012.0]})
    messages = [p.message for p in RULES["hedges"]({"figures": fig})]
    assert any("is not a phrase of 'about 920 xxx" in m for m in messages)
    assert messages and max(map(len, messages)) < 1_000


# ------------------------------------------------------------------ coding rules (issue 21)

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "plover" / "cameo2plover.csv"


def reference() -> dict[str, dict[str, str]]:
    """The published table's rows for the CAMEO codes in use, by code (comment lines skipped)."""
    lines = [line for line in REFERENCE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["cameo_code"]: row for row in csv.DictReader(lines)}


def test_the_reference_table_cites_where_it_was_read() -> None:
    head = REFERENCE.read_text(encoding="utf-8")
    assert "https://github.com/openeventdata/PLOVER" in head and "CAMEO2PLOVER-2021.txt" in head
    assert "commit     e834df5b3a302f99af1f23cda08fa34b383ca598" in head


def test_every_crosswalk_row_agrees_with_the_published_table(project: Project) -> None:
    ref = reference()
    rows = yaml.safe_load((project.data / "event_types.yaml").read_text(encoding="utf-8"))
    coded = [r for r in rows if r.get("cameo_code")]
    assert coded
    for row in coded:
        code = row["cameo_code"]
        assert code in ref, f"{row['event_type']}: add CAMEO {code}'s row of the published table to {REFERENCE.name}"
        want = ref[code]["plover_event"]
        if want == "dropped":
            assert "dropped" in row.get("crosswalk_note", ""), row["event_type"]
        else:
            assert row.get("plover_event") == want, f"{row['event_type']}: CAMEO {code} is {want} in the table"


def test_the_policy_table_agrees_with_the_published_rows() -> None:
    for code, row in reference().items():
        want = None if row["plover_event"] == "dropped" else row["plover_event"]
        assert plover_of_cameo(code) == want, code


def test_a_crosswalk_row_against_the_table_is_refused(project_copy: Project) -> None:
    # The first review coded troop withdrawals CAMEO 166 (Expel or withdraw), which PLOVER maps to SANCTION.
    edit(project_copy, "event_types.yaml", "troop_withdrawal", 'cameo_code: "087"', 'cameo_code: "166"')
    p = find(rule_failures(project_copy), "troop_withdrawal", "plover_event", "maps CAMEO 166 to 'SANCTION'")
    assert p.file == "data/event_types.yaml"
    assert p.line == line_of(project_copy, "event_types.yaml", "plover_event: RETREAT", "troop_withdrawal")


def test_a_request_names_the_party_asked_as_its_target(project_copy: Project) -> None:
    # The first reviews coded Iran, the party Niger turned to, as a beneficiary of the request.
    rid = "evt-niger-iran-uranium-pivot"
    edit(project_copy, "events.yaml", rid, "act-iran, role: target", "act-iran, role: beneficiary")
    problems = rule_failures(project_copy)
    p = find(problems, rid, "actors", "act-iran is a beneficiary of a request (REQUEST)")
    assert p.file == "data/events.yaml" and p.line is not None
    find(problems, rid, "actors", "needs the party asked as a target")


def test_an_outside_reporting_value_needs_an_external_reference(project_copy: Project) -> None:
    edit(project_copy, "external_references.yaml", "ref-vanguard-sahel-alliance",
         "    - {record_table: events, record_id: evt-aes-formed, basis_field: date_basis}\n", "")
    p = find(rule_failures(project_copy), "evt-aes-formed", "date_basis", "cites no external reference")
    assert p.file == "data/events.yaml"
    assert p.line == line_of(project_copy, "events.yaml", "date_basis: outside_reporting", "evt-aes-formed")


def test_a_reference_link_names_an_outside_reporting_value(project_copy: Project) -> None:
    edit(project_copy, "external_references.yaml", "ref-vanguard-sahel-alliance", "record_id: evt-aes-formed",
         "record_id: evt-niger-coup")
    problems = rule_failures(project_copy)
    p = find(problems, "ref-vanguard-sahel-alliance", "links", "evt-niger-coup date_basis, which is not outside")
    assert p.file == "data/external_references.yaml"
    find(problems, "evt-aes-formed", "date_basis", "cites no external reference")


@pytest.mark.parametrize(("old", "new", "fragment"), [
    # the stale resolution the third review found: the suspension had been widened to April 2024
    ("(after the coup, July 2023 to April 2024)", "(after the coup, rest of 2023)",
     "'rest of 2023' ends evt-us-aid-suspension in 2023, but its interval is 2023-07-01..2024-04-30"),
    ("evt-us-coup-designation (October 2023)", "evt-us-coup-designation (October 2022)",
     "names 2022 for evt-us-coup-designation, outside its interval 2023-10-01..2023-10-31"),
])
def test_a_resolution_agrees_with_the_records_it_names(project_copy: Project, old: str, new: str,
                                                      fragment: str) -> None:
    edit(project_copy, "discrepancies.yaml", "dis-aid-suspension-timing", old, new)
    p = find(rule_failures(project_copy), "dis-aid-suspension-timing", "resolution", fragment)
    assert p.file == "data/discrepancies.yaml" and p.line is not None
