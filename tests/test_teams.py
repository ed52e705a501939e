"""Sides of a match: teams found by how results are written, and left alone where they are not."""

from __future__ import annotations

import pytest

from pipeline.facts import Extractor
from pipeline.names.teams import Teams
from tests.helpers import facts_of, mentioned


def kinds(extractor: Extractor, text: str) -> dict[str, str]:
    """mention text -> the kind of its entity (the id's prefix)."""
    return {text: entity_id.split(":", 1)[0] for text, entity_id, _ in mentioned(facts_of(extractor, text))}


def test_result_line_names_two_teams_even_when_they_are_towns(extractor: Extractor) -> None:
    found = kinds(extractor, "Results on Saturday:\nLeeds 2 Sheffield Wednesday 1\nHull 0 Derby 3\n")
    assert found["Leeds"] == found["Sheffield Wednesday"] == found["Hull"] == found["Derby"] == "organization"


def test_league_table_rows_are_teams_and_their_other_mentions_too(extractor: Extractor) -> None:
    text = "Standings (played, won, drawn, lost, points):\nBristol 4 3 1 0 10\nNorwich 4 2 1 1 7\n"
    text += "Bristol's coach was pleased."
    facts = facts_of(extractor, text)
    bristol = [(t, e) for t, e, _ in mentioned(facts) if t == "Bristol"]
    assert bristol == [("Bristol", "organization:bristol"), ("Bristol", "organization:bristol")]


def test_x_beat_y_with_a_score_names_clubs_but_a_country_stays_a_country(extractor: Extractor) -> None:
    found = kinds(
        extractor, "On Sunday Real Madrid beat Sevilla 3-0. Portugal drew with Chile 1-1 in a friendly."
    )
    assert (found["Real Madrid"], found["Sevilla"]) == ("organization", "organization")
    assert (found["Portugal"], found["Chile"]) == ("country", "country")


@pytest.mark.parametrize(
    "text",
    [
        "Vodafone beat Orange to the contract on Monday.",  # no score: a race, not a match
        "Temperatures in Europe: Lisbon 21 28\nOslo 9 14\n",  # too few columns for a league table
        "Maria Lopez 69 70 71 68\n",  # a golfer's rounds: a person, whatever the numbers
        "Overall 4 3 1 0 7\n",  # an everyday word heading a table's row, and no town's name
    ],
)
def test_no_team_where_the_shape_is_not_a_match(extractor: Extractor, text: str) -> None:
    assert "organization" not in kinds(extractor, text).values()


def test_golfer_in_a_table_stays_a_person(extractor: Extractor) -> None:
    assert kinds(extractor, "Leading scores:\nMaria Lopez 69 70 71 68\n")["Maria Lopez"] == "person"


def test_spans_cover_only_the_names() -> None:
    teams = Teams(["beat", "drew with"])
    text = "Leeds 2 Hull 1\nIpswich beat Stoke 2-0\n"
    assert [text[s:e] for s, e in teams.spans(text)] == ["Leeds", "Hull", "Ipswich", "Stoke"]
