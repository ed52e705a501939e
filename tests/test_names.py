"""Names found and resolved: one entity per real person, place or organization, variants corrected."""

from __future__ import annotations

import pytest

from pipeline.facts import Extractor
from tests.helpers import facts_of, mentioned, names


def test_misspelled_given_name_joins_the_person_and_is_recorded(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "Trade Minister Piotr Wenzelski opened the fair. Wenzelski praised the exhibitors. "
        "Later Piotr Wenzelski met buyers, and Pitor Wenzelski signed a deal.",
    )
    people = {k: v for k, v in names(facts).items() if k.startswith("person:")}
    assert people == {"person:piotr-wenzelski": "Piotr Wenzelski"}
    (correction,) = facts.corrections
    assert (correction.text, correction.name, correction.method, correction.count) == (
        "Pitor Wenzelski",
        "Piotr Wenzelski",
        "fuzzy",
        1,
    )
    assert correction.evidence == (
        "given name 'Pitor' differs from 'Piotr' by 1 edit; "
        "name dictionary: 'Piotr' is a known name, 'Pitor' not"
    )


def test_two_people_who_share_a_surname_stay_two(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Prime Minister Imran Khan met Ambassador Shafqat Ali Khan in Lahore.")
    people = sorted(k for k in names(facts) if k.startswith("person:"))
    assert people == ["person:imran-khan", "person:shafqat-ali-khan"]
    assert facts.corrections == []


def test_two_real_given_names_are_not_corrected_into_each_other(extractor: Extractor) -> None:
    # "Marty" may be Martin's nickname or another person: the spelling alone does not say.
    facts = facts_of(
        extractor, "Martin Okafor opened the meeting. Martin Okafor spoke first and Marty Okafor closed."
    )
    assert sorted(k for k in names(facts) if k.startswith("person:")) == [
        "person:martin-okafor",
        "person:marty-okafor",
    ]
    assert facts.corrections == []


def test_capitalized_words_before_a_name_at_sentence_start_are_no_person(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Banque de Rivaux said so. The Rivaux board agreed. Anna Rivaux left.")
    assert [k for k in names(facts) if k.startswith("person:")] == ["person:anna-rivaux"]


def test_transliteration_joins_the_reference_spelling(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Russian Foreign Minister Sergei Lavrov spoke.")
    assert ("Sergei Lavrov", "person:sergey-lavrov", "alias") in mentioned(facts)
    (correction,) = facts.corrections
    assert (correction.text, correction.name) == ("Sergei Lavrov", "Sergey Lavrov")


def test_surname_after_title_joins_the_full_name(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Minister Alena Dvorakova arrived. Minister Dvorakova then left.")
    assert ("Dvorakova", "person:alena-dvorakova", "surname") in mentioned(facts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials met in Karachi.", ("Karachi", "place:karachi-pak", "PAK")),
        (
            "The Islamic Republic of Afghanistan objected.",
            ("Islamic Republic of Afghanistan", "country:AFG", "AFG"),
        ),
        ("A Pakistani delegation arrived.", ("Pakistani", "country:PAK", "PAK")),
        ("Relations date from the USSR era.", ("USSR", "country:SUN", "SUN")),
        ("Talks were held at the Zarnow Airbase.", ("Zarnow Airbase", "facility:zarnow-airbase", None)),
    ],
)
def test_places_and_countries_carry_their_country_code(
    extractor: Extractor, text: str, expected: tuple[str, str, str | None]
) -> None:
    facts = facts_of(extractor, text)
    by_id = {e.entity_id: e for e in facts.entities}
    mention_text, entity_id, code = expected
    assert (mention_text, entity_id) in [(m.text, m.entity_id) for m in facts.mentions]
    assert by_id[entity_id].country_code == code


def test_national_body_takes_its_country_from_the_text(extractor: Extractor) -> None:
    facts = facts_of(
        extractor, "The Turkish Foreign Ministry and the Ministry of Finance of Chile disagreed."
    )
    assert (
        names(facts)["organization:ministry-of-foreign-affairs-tur"]
        == "Ministry of Foreign Affairs of Turkey"
    )
    assert "organization:ministry-of-finance-chl" in names(facts)


def test_dateline_place_is_a_mention(extractor: Extractor) -> None:
    facts = facts_of(extractor, "MOSCOW (Reuters) - Talks began.", published=None)
    assert mentioned(facts)[0] == ("MOSCOW", "place:moscow-rus", "dateline")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("ACCRA, Ghana (AP) _\n\nTalks began.", ("Ghana", "country:GHA", "dateline")),
        ("BOISE, Idaho 2004-02-11\nTalks began.", ("Idaho", "place:idaho-usa", "dateline")),
    ],
)
def test_dateline_region_after_the_place_is_a_mention(
    extractor: Extractor, text: str, region: tuple[str, str, str]
) -> None:
    assert mentioned(facts_of(extractor, text, published=None))[1] == region


def test_dateline_region_unknown_is_no_mention(extractor: Extractor) -> None:
    facts = facts_of(extractor, "BOISE, Ida. (AP) _\n\nTalks began.", published=None)
    assert [m for m in mentioned(facts) if m[2] == "dateline"] == [("BOISE", "place:boise-usa", "dateline")]


def test_city_written_without_its_accents_is_the_city(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Delegates met in Zurich and in Zürich again.")
    assert [m[:2] for m in mentioned(facts)] == [
        ("Zurich", "place:zurich-che"),
        ("Zürich", "place:zurich-che"),
    ]
    assert names(facts)["place:zurich-che"] == "Zürich"


def test_short_form_of_a_named_body_is_the_same_body(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "The Joint Commission on Fisheries and Forestry met. The Joint Commission issued a report.",
    )
    orgs = [k for k in names(facts) if k.startswith("organization:")]
    assert orgs == ["organization:joint-commission-on-fisheries-and-forestry"]


def test_sentence_initial_words_are_not_names(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Meanwhile, talks continued. Describing the mood, officials smiled.")
    assert facts.entities == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # A city that is also a given name starts a name before more name words.
        ("The team was Lima, Okonjo and Mary Ann Okafor.", "Mary Ann Okafor"),
        # A title word ending a run of given names is the surname.
        ("Mary Ann King named the team on Monday.", "Mary Ann King"),
    ],
)
def test_words_known_otherwise_inside_a_personal_name(extractor: Extractor, text: str, person: str) -> None:
    assert person in names(facts_of(extractor, text)).values()


def test_a_title_before_a_name_stays_a_title(extractor: Extractor) -> None:
    facts = facts_of(extractor, "King Abdullah met President Joe Biden.")
    assert "King Abdullah" not in names(facts).values()
    assert "Joe Biden" in names(facts).values()


def test_a_title_makes_the_one_word_after_it_a_surname_for_later_mentions(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Mr. Ionescu arrived on Monday. Later Ionescu said talks went well.")
    assert [(t, e) for t, e, _ in mentioned(facts)] == [
        ("Ionescu", "person:ionescu"),
        ("Ionescu", "person:ionescu"),
    ]


def test_a_middle_initial_is_part_of_a_persons_name(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Later Anna J. Okafor said the works were on time.")
    assert [(t, e) for t, e, _ in mentioned(facts)] == [("Anna J. Okafor", "person:anna-j-okafor")]


def test_a_title_ends_a_name_that_a_first_word_makes_an_organization(extractor: Extractor) -> None:
    facts = facts_of(extractor, "The retired Air Force Gen. Pedro Alves spoke on Monday.")
    assert [(t, e.split(":")[0]) for t, e, _ in mentioned(facts)] == [
        ("Air Force", "organization"),
        ("Pedro Alves", "person"),
    ]


def test_a_qualifier_of_a_former_countrys_iso_name_is_no_country(extractor: Extractor) -> None:
    # ISO 3166-3 writes "Yemen, Democratic, People's Democratic Republic of".
    facts = facts_of(extractor, "Democratic leaders met in Lisbon on Monday.")
    assert [(t, e) for t, e, _ in mentioned(facts)] == [("Lisbon", "place:lisbon-prt")]


def test_a_surname_that_stood_for_one_person_still_does_when_a_namesake_appears(extractor: Extractor) -> None:
    text = (
        "Senator Lia Halvorsen opened the hearing on Monday. Halvorsen said the bridge was late.\n\n"
        "Her father, Tomas Halvorsen, built the first bridge in 1970. Halvorsen said it would open in May."
    )
    lone = [e for t, e, _ in mentioned(facts_of(extractor, text)) if t == "Halvorsen"]
    assert lone == ["person:lia-halvorsen", "person:lia-halvorsen"]


def test_a_surname_of_two_people_named_before_it_ever_stood_alone_names_neither(extractor: Extractor) -> None:
    text = (
        "Lia Halvorsen and Tomas Halvorsen opened the hearing on Monday.\n\n"
        "Halvorsen said the bridge would open in May."
    )
    assert "Halvorsen" not in [t for t, _, _ in mentioned(facts_of(extractor, text))]


@pytest.mark.parametrize("title", ["Mr.", "Senator"])
def test_a_towns_name_right_after_a_persons_title_is_a_surname(extractor: Extractor, title: str) -> None:
    text = f"Tomas Lima opened the bridge on Monday. {title} Lima said it would carry 4,000 cars a day."
    assert [e for t, e, _ in mentioned(facts_of(extractor, text)) if t == "Lima"] == ["person:tomas-lima"]


def test_a_surname_stands_for_the_namesake_not_brought_in_as_a_relative(extractor: Extractor) -> None:
    text = (
        "Former Governor Tomas Halvorsen spoke in Tacoma on Monday for his wife Lia Halvorsen.\n\n"
        '"The bridge will open in May," Halvorsen said.'
    )
    lone = [e for t, e, _ in mentioned(facts_of(extractor, text)) if t == "Halvorsen"]
    assert lone == ["person:tomas-halvorsen"]


def test_a_slip_in_a_given_name_is_no_word_to_skip_to_the_next_given_name(extractor: Extractor) -> None:
    text = (
        "Mary Joe Quillan won on Monday. A wrist injury to Fed Cup veteran Mry Joe Quillan forced a change."
    )
    assert mentioned(facts_of(extractor, text))[-1] == ("Mry Joe Quillan", "person:mary-joe-quillan", "fuzzy")


def test_a_word_before_a_known_surname_is_a_kinsman_only_if_a_person_does_what_follows(
    extractor: Extractor,
) -> None:
    text = "Police shot Pedro Grant on Tuesday. Zelvorn Grant programs were cut the year before."
    assert "person:zelvorn-grant" not in {m.entity_id for m in facts_of(extractor, text).mentions}


def test_a_party_and_state_after_a_titled_name_is_no_second_person(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Council Speaker Pedro Alves, D-Ore., for all his doubts, signed the lease.")
    assert [k for k in names(facts) if k.startswith("person:")] == ["person:pedro-alves"]


def test_a_name_joined_to_a_persons_is_a_person_whatever_its_given_name(extractor: Extractor) -> None:
    text = "Two fishermen, Zorvika Quillan and Pedro Alves, sold their boats. Quilan said the price was fair."
    facts = facts_of(extractor, text)
    assert sorted(k for k in names(facts) if k.startswith("person:")) == [
        "person:pedro-alves",
        "person:zorvika-quillan",
    ]
    assert ("Quilan", "person:zorvika-quillan") in [(m.text, m.entity_id) for m in facts.mentions]


def test_a_body_joined_to_a_person_stays_no_person(extractor: Extractor) -> None:
    facts = facts_of(extractor, "The Alves Foundation and Ana Robles paid for the bridge.")
    assert [k for k in names(facts) if k.startswith("person:")] == ["person:ana-robles"]


def test_a_generational_suffix_ends_the_name_and_a_lone_surname_joins_it(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Pedro Alves Jr. said the bridge was late. Later Alves left the room.")
    assert [(m.text, m.entity_id) for m in facts.mentions] == [
        ("Pedro Alves Jr.", "person:pedro-alves-jr"),
        ("Alves", "person:pedro-alves-jr"),
    ]


def test_a_suffix_alone_is_no_person(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Ana Rose King Jr. spoke to the council.")
    assert [k for k in names(facts) if k.startswith("person:")] == ["person:ana-rose-king-jr"]


def test_father_and_son_told_apart_by_their_suffixes_stay_two(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Tomas Lima Jr. met Tomas Lima Sr. in May. Both men spoke.")
    assert sorted(k for k in names(facts) if k.startswith("person:")) == [
        "person:tomas-lima-jr",
        "person:tomas-lima-sr",
    ]


def test_a_body_after_a_title_and_of_that_no_list_knows_is_no_person(extractor: Extractor) -> None:
    text = "Pedro Alves, the chief executive of the Western Rowing League, spoke."
    facts = facts_of(extractor, text)
    assert [k for k in names(facts) if k.startswith("person:")] == ["person:pedro-alves"]


@pytest.mark.parametrize(
    "text",
    [
        "Fans from Vila Quarenta and Pedro Alves watched the game.",
        "Pedro Alves and Vila Quarenta fans watched the game.",
    ],
)
def test_a_place_beside_a_person_in_a_phrase_or_as_a_modifier_is_no_person(
    extractor: Extractor, text: str
) -> None:
    facts = facts_of(extractor, text)
    assert [k for k in names(facts) if k.startswith("person:")] == ["person:pedro-alves"]
