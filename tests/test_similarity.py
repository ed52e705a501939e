"""The one definition of "two spellings may be one name", and the canonical choice by evidence."""

from __future__ import annotations

import pytest

from pipeline.names.canonical import choose
from pipeline.names.similarity import Verdict, fold, likeness, word_likeness
from pipeline.names.variants import variant_of


@pytest.mark.parametrize(
    ("a", "b", "how"),
    [
        ("Okonjo", "Okonjo", "same"),
        ("Okonjo", "OKONJO", "same"),
        ("Okonjo", "Okojo", "1 edit"),  # deletion
        ("Okonjo", "Okonnjo", "doubled letter"),  # insertion of a doubled letter
        ("Okonjo", "Okonjio", "1 edit"),  # insertion
        ("Okonjo", "Okojno", "1 edit"),  # transposition
        ("Okonjo", "Okinjo", "1 edit"),  # substitution
        ("Castellano", "Castelano", "doubled letter"),
        ("Castellano", "Cstellanp", "2 edits"),  # two edits from 7 letters on
        ("Gonzalez", "González", "accents"),
        ("Karimov", "Karimoff", "transliteration"),
        ("Khodorkov", "Hodorkov", "transliteration"),  # "kh" and "h" are one letter transliterated
        ("Mikhailov", "Mihailov", "transliteration"),
        ("Okonjo", "Okafor", None),  # another name
        ("Bitar", "Qitar", None),  # another first letter
        ("Lee", "Leo", None),  # too short to judge
        ("Castellano", "Cstellnp", None),  # three edits
    ],
)
def test_word_likeness_classes(a: str, b: str, how: str | None) -> None:
    assert word_likeness(a, b) == how


def test_fold_removes_accents_transliteration_and_doubled_letters() -> None:
    assert fold("Erdoğan") == fold("Erdogan") == "erdogan"
    assert fold("Sergei") == fold("Sergey")
    assert fold("Schmidt") == fold("Shmidt")
    assert fold("Odingaa") == "odinga"


@pytest.mark.parametrize(
    ("a", "b", "verdict", "reason"),
    [
        ("Olaf Scholz", "Olaf Sholz", Verdict.SAME, "surname transliteration; same given name"),
        ("Piotr Nowak", "Pitor Nowak", Verdict.SAME, "given name 1 edit"),
        ("Recep Tayyip Erdogan", "R. T. Erdogan", Verdict.SAME, "initials"),
        ("Recep Tayyip Erdogan", "Recep Erdogan", Verdict.SAME, "middle name omitted"),
        ("Salem Bitar", "Biar", Verdict.SAME, "surname 1 edit; surname alone"),
        ("Jon Tester", "John Tester", Verdict.MAYBE, "given names 'Jon' and 'John' are both real"),
    ],
)
def test_likeness_of_two_names(a: str, b: str, verdict: Verdict, reason: str) -> None:
    found = likeness(a, b)
    assert found is not None
    assert (found.verdict, found.reason) == (verdict, reason)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bill Clinton", "Hillary Clinton"),
        ("Imran Khan", "Shafqat Ali Khan"),
        ("Salem Bitar", "Bitar"),  # a lone surname is a short reference, not a misspelling
        ("George W. Bush", "George H. W. Bush"),  # other initials: other people
    ],
)
def test_names_of_two_people_are_not_alike(a: str, b: str) -> None:
    assert likeness(a, b) is None


def test_variant_needs_evidence_beyond_spelling() -> None:
    assert variant_of("Biar", ["Bitar", "Okafor"]) == "Bitar"
    assert variant_of("Bitter", ["Bitar"]) is None  # an everyday English word
    assert variant_of("Bita", ["Bitar", "Bitan"]) is None  # two surnames fit: the spelling does not decide


def test_choose_follows_the_evidence_in_order() -> None:
    def known(name: str) -> bool:
        return name == "William"

    # The name dictionary before the majority; the majority before the title; else undecided.
    assert choose(["Willam", "William"], {"Willam": 3, "William": 1}, set(), known).value == "William"
    assert choose(["Scholz", "Sholz"], {"Scholz": 3, "Sholz": 1}, {"Sholz"}).evidence == (
        "majority: 'Scholz' in 3 of 4 mentions"
    )
    assert choose(["Quispe", "Quispo"], {"Quispe": 1, "Quispo": 1}, {"Quispe"}).value == "Quispe"
    undecided = choose(["Quispe", "Quispo"], {"Quispe": 1, "Quispo": 1}, set())
    assert undecided.value is None
    assert undecided.evidence == "undecided: 'Quispe' (1), 'Quispo' (1)"
