"""Titles held by people, with the country or organization the post belongs to."""

from __future__ import annotations

import pytest

from pipeline.facts import Extractor
from tests.helpers import facts_of


def roles(extractor: Extractor, text: str) -> list[tuple[str, str, str | None, str | None, str]]:
    facts = facts_of(extractor, text)
    return [(r.person_id, r.title, r.of_id, r.to_id, r.text) for r in facts.roles]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Minister of Foreign Affairs of Chile, Ana Robles, arrived.",
            (
                "person:ana-robles",
                "Foreign Minister",
                "country:CHL",
                None,
                "Minister of Foreign Affairs of Chile, Ana Robles",
            ),
        ),
        (
            "Kenya's Ambassador to Japan Peter Otieno Kamau spoke.",
            (
                "person:peter-otieno-kamau",
                "Ambassador",
                "country:KEN",
                "country:JPN",
                "Kenya's Ambassador to Japan Peter Otieno Kamau",
            ),
        ),
        (
            "Peruvian Finance Minister Luis Carranza resigned.",
            (
                "person:luis-carranza",
                "Finance Minister",
                "country:PER",
                None,
                "Peruvian Finance Minister Luis Carranza",
            ),
        ),
        (
            "President Vladimir Putin said so.",
            ("person:vladimir-putin", "President", "country:RUS", None, "President Vladimir Putin"),
        ),
    ],
)
def test_title_before_a_name(extractor: Extractor, text: str, expected: tuple[str, ...]) -> None:
    assert roles(extractor, text) == [expected]


def test_person_takes_the_country_of_a_national_post(extractor: Extractor) -> None:
    facts = facts_of(extractor, "Kenya's Ambassador to Japan Peter Otieno Kamau spoke.")
    person = next(e for e in facts.entities if e.entity_id == "person:peter-otieno-kamau")
    assert person.country_code == "KEN"


def test_plural_title_before_several_names(extractor: Extractor) -> None:
    found = roles(extractor, "The Foreign Ministers of the two countries Ana Robles and Marta Quispe met.")
    assert [(p, t) for p, t, *_ in found] == [
        ("person:ana-robles", "Foreign Minister"),
        ("person:marta-quispe", "Foreign Minister"),
    ]


def test_bare_title_refers_to_the_one_holder_named_elsewhere(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "Chilean Foreign Minister Ana Robles arrived on Monday. The Chilean Foreign Minister then met "
        "Foreign Minister Marta Quispe of Peru and her Chilean counterpart.",
    )
    coreferent = [(m.text, m.entity_id) for m in facts.mentions if m.method == "role"]
    assert coreferent == [
        ("Chilean Foreign Minister", "person:ana-robles"),
        ("Chilean counterpart", "person:ana-robles"),
    ]


def test_ambiguous_bare_title_is_left_alone(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "Foreign Minister Ana Robles of Chile met Foreign Minister Marta Quispe of Peru. "
        "The Foreign Minister spoke.",
    )
    assert [m for m in facts.mentions if m.method == "role"] == []


def test_title_inside_an_organization_name_is_no_role(extractor: Extractor) -> None:
    assert roles(extractor, "The SCO Council of Foreign Ministers met in Moscow.") == []


def test_body_named_after_the_holder(extractor: Extractor) -> None:
    assert roles(extractor, "Foreign Minister Marta Quispe of Peru arrived.") == [
        ("person:marta-quispe", "Foreign Minister", "country:PER", None, "Foreign Minister Marta Quispe")
    ]
