"""Issue 19: reported speech in wire copy keeps its speaker (sentences written for these tests)."""

from __future__ import annotations

import pytest

from sahel_dataset.curation.patterns import speech


@pytest.mark.parametrize(("sentence", "who", "words"), [
    # attribution followed by a participle clause or a time clause
    ("The United States has completed the withdrawal of its forces from Niger, the Pentagon said on Monday, "
     "ending a military presence that numbered about 1,100 troops.", "the Pentagon", "has completed the withdrawal"),
    ("The two countries agreed that troops will leave by Sept. 15, the two governments said in a joint statement "
     "on Sunday after four days of talks in Niamey.", "the two governments", "troops will leave by Sept. 15"),
    # "late on Saturday", "on national television", "on Sept. 24"
    ("The junta has revoked the agreement with immediate effect, a spokesman said late on Saturday.",
     "a spokesman", "revoked the agreement"),
    ("Col. Maj. Amadou Abdramane, the junta’s spokesman, said on national television that the U.S. presence was "
     "illegal.", "Col. Maj. Amadou Abdramane, the junta’s spokesman", "the U.S. presence was illegal"),
    ("President Emmanuel Macron announced on Sept. 24 that French troops would leave by the end of the year.",
     "President Emmanuel Macron", "French troops would leave"),
    # a speaker with an appositive, "but said", "when X told the council that"
    ("Mali and Burkina Faso, both run by military governments, have warned that any intervention would be a "
     "declaration of war.", "Mali and Burkina Faso, both run by military governments", "any intervention"),
    ("ECOWAS took the decision at an emergency summit, but said it still wanted a peaceful way out of the crisis.",
     "ECOWAS", "it still wanted a peaceful way out"),
    ("The mission still counted 12,000 troops in June, when Mali's foreign minister told the Security Council that "
     "it had failed and should leave.", "Mali's foreign minister", "it had failed"),
    ("A U.S. government spokesperson said Washington was seeking clarification.", "A U.S. government spokesperson",
     "Washington was seeking clarification"),
    ("Last month, Washington also said it would move some of its troops out of Chad.", "Washington",
     "it would move some"),
    # a speaker that is a list of names
    ("The foreign ministers of Senegal, Ghana and Togo said on Monday that the bloc would keep talking.",
     "The foreign ministers of Senegal, Ghana and Togo", "the bloc would keep talking"),
])
def test_reported_speech_keeps_its_speaker_and_words(sentence: str, who: str, words: str) -> None:
    sp = speech(sentence)
    assert sp is not None and sp.who.endswith(who) and sp.kind == "indirect"
    assert sentence[sp.content[0]:sp.content[1]].startswith(words) or words in sentence[sp.content[0]:sp.content[1]]
    assert "said" not in sentence[sp.content[0]:sp.content[1]].split()[:1]


@pytest.mark.parametrize(("sentence", "who", "kind", "words"), [
    # a quoted fragment before "saying"; an attribution "at the end of" a meeting; "described ... as"
    ("Burkina Faso's junta ordered the French ambassador to leave \"within 48 hours,\" saying he had ignored "
     "its warnings.", "Burkina Faso's junta", "indirect", "he had ignored its warnings"),
    ("The sanctions were eased \"for the sake of ordinary people,\" the bloc's chairman told reporters at the end "
     "of a summit in Accra.", "the bloc's chairman", "direct", "for the sake of ordinary people"),
    ("A French army spokesman described the departure as having been carried out \"with discipline and calm.\"",
     "A French army spokesman", "direct", "with discipline and calm"),
])
def test_wire_attributions_around_quoted_words(sentence: str, who: str, kind: str, words: str) -> None:
    sp = speech(sentence)
    assert sp is not None and (sp.who, sp.kind) == (who, kind)
    assert sentence[sp.content[0]:sp.content[1]].rstrip(".,") == words


def test_a_statement_whose_issuer_is_named_in_an_appositive_is_not_inverted() -> None:
    s = "The statement, issued by the U.S. Defense Department, said the withdrawal of U.S. forces was underway."
    sp = speech(s)
    assert sp is not None and sp.who.startswith("The statement")
    assert s[sp.content[0]:sp.content[1]].startswith("the withdrawal of U.S. forces was underway")


def test_a_speaker_who_did_not_say_is_no_speaker() -> None:
    assert speech("Officials did not say how large the force would be or when it could deploy.") is None


@pytest.mark.parametrize(("sentence", "event_type"), [
    ("The three leaders signed the treaty at their first joint summit, held in Niamey.", "diplomatic_meeting"),
    ("ECOWAS leaders were due to meet in Abuja on Sunday.", "diplomatic_meeting"),
    ("U.N. officials said the last of its bases had been handed to Malian authorities.", "base_handover"),
    ("Mali's junta, which came to power in coups in 2020 and 2021, also forced out French troops.", "coup"),
    ("Mali's junta also forced out French troops in 2022.", "expulsion_order"),
    ("Macron announced that French troops would leave by the end of the year.", "troop_withdrawal"),
    ("The junta denounced a visit by a U.S. delegation led by Molly Phee.", "delegation_visit"),
    ("Niger’s military rulers have since built closer ties with Mali and Burkina Faso.", "realignment"),
])
def test_wire_phrasings_of_events_have_their_trigger(sentence: str, event_type: str) -> None:
    from sahel_dataset.curation.patterns import triggers

    assert event_type in {t.event_type for t in triggers(sentence)}


def test_closer_ties_built_are_no_construction() -> None:
    from sahel_dataset.curation.patterns import triggers

    assert "base_construction" not in {t.event_type for t in triggers("Niger has since built closer ties with Mali.")}
    assert "base_construction" in {t.event_type for t in triggers("The U.S. built the drone base in 2016.")}


@pytest.mark.parametrize(("sentence", "kind", "status"), [
    ("On Aug. 3, the junta denounced the military agreements between the two countries.", None, "revoked"),
    ("Chad's government questioned the agreement allowing them there.", "basing", "in_force"),
    ("The U.S. is in talks with Benin about hosting some of its drone operations.", "basing", "under_negotiation"),
    ("Germany will close the base after talks on a new agreement with the junta broke down.", None, "failed"),
    ("The United States and Niger have agreed that American troops will leave by Sept. 15.", "joint_statement",
     "in_force"),
    ("The alliance began as a mutual defence pact under which an attack on one is an attack on all.", "defense_pact",
     "in_force"),
])
def test_wire_phrasings_of_agreements_have_their_trigger(sentence: str, kind: str | None, status: str) -> None:
    from sahel_dataset.curation.patterns import agreement_triggers

    assert (kind, status) in {(t.agreement_type, t.status) for t in agreement_triggers(sentence)}
