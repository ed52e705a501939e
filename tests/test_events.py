"""Events with their participants, place and date, read from the clause around a trigger word."""

from __future__ import annotations

import datetime as dt

from pipeline.facts import Extractor
from tests.helpers import facts_of

D = dt.date


def events(extractor: Extractor, text: str) -> list[tuple[object, ...]]:
    facts = facts_of(extractor, text)
    return [
        (e.kind, e.cameo, e.text, e.place_id, e.start_date, e.end_date, sorted(e.participants))
        for e in facts.events
    ]


def test_visit_with_destination_and_date(extractor: Extractor) -> None:
    text = "Foreign Minister Ana Robles of Chile arrived on a visit to Peru on 3 May 2021."
    assert events(extractor, text) == [
        (
            "visit",
            "042",
            "arrived",
            "country:PER",
            D(2021, 5, 3),
            D(2021, 5, 3),
            # Chile is whose minister she is ("of Chile"), not a side of the visit.
            [("person:ana-robles", "actor")],
        ),
    ]


def test_mentions_of_one_visit_are_one_event_with_all_it_says(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "Angela Merkel arrived in Lima on Monday. During her April 5-7 visit, Angela Merkel will meet "
        "President Pedro Castillo. Angela Merkel visited Lima in 2019 too.",
    )
    visits = [(e.text, e.place_id, e.start_date, e.end_date) for e in facts.events if e.kind == "visit"]
    assert visits == [
        ("arrived", "place:lima-per", D(2021, 4, 5), D(2021, 4, 7)),
        ("visited", "place:lima-per", D(2019, 1, 1), D(2019, 12, 31)),
    ]


def test_event_told_in_the_present_is_dated_by_the_article(extractor: Extractor) -> None:
    ((kind, *_, start, end, _),) = events(extractor, "Angela Merkel is visiting Lima.")
    assert (kind, start, end) == ("visit", D(2021, 4, 6), D(2021, 4, 6))


def test_meeting_place_is_the_most_specific_place(extractor: Extractor) -> None:
    ((kind, _, _, place, start, end, who),) = events(
        extractor,
        "Prime Minister Imran Khan held a meeting with Angela Merkel in Berlin, Germany in June 2019.",
    )
    assert (kind, place, start, end) == ("meeting", "place:berlin-deu", D(2019, 6, 1), D(2019, 6, 30))
    # Germany names where Berlin is; it takes no part.
    assert who == [("person:angela-merkel", "target"), ("person:imran-khan", "actor")]


def test_arrived_here_is_at_the_dateline_place(extractor: Extractor) -> None:
    facts = facts_of(
        extractor, "MOSCOW (Reuters) - Angela Merkel arrived here on Monday.", published=D(2021, 4, 6)
    )
    (event,) = facts.events
    assert (event.kind, event.place_id, event.start_date) == ("visit", "place:moscow-rus", D(2021, 4, 5))


def test_semicolon_separates_two_events(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Angela Merkel spoke with Narendra Modi in Delhi in May 2019; Boris Johnson had a conversation "
        "with Emmanuel Macron in Paris in June 2020.",
    )
    assert [(k, place, start, [p for p, _ in who]) for k, _, _, place, start, _, who in found] == [
        ("conversation", "place:delhi-ind", D(2019, 5, 1), ["person:angela-merkel", "person:narendra-modi"]),
        (
            "conversation",
            "place:paris-fra",
            D(2020, 6, 1),
            ["person:boris-johnson", "person:emmanuel-macron"],
        ),
    ]


def test_statement_is_dated_by_the_article_and_what_it_reports_by_the_text(extractor: Extractor) -> None:
    statement, talks = events(
        extractor, "The White House said in a statement that talks in Geneva in 2019 failed."
    )
    assert statement[:5] == ("statement", "010", "statement", None, D(2021, 4, 6))
    assert talks[:5] == ("talks", "046", "talks", "place:geneva-che", D(2019, 1, 1))


def test_trigger_word_inside_a_name_is_no_event(extractor: Extractor) -> None:
    assert events(extractor, "The Camp David Accords Visit Centre is closed.") == []


def test_event_of_the_articles_days_without_a_place_is_at_the_dateline(extractor: Extractor) -> None:
    facts = facts_of(
        extractor,
        "LIMA, April 6 (Reuters) - Angela Merkel will hold talks with Pedro Castillo on Wednesday. "
        "Angela Merkel held talks with Boris Johnson in 2015.",
    )
    talks = [(e.place_id, e.start_date) for e in facts.events if e.kind == "talks"]
    assert talks == [("place:lima-per", D(2021, 4, 7)), (None, D(2015, 1, 1))]


def sides(extractor: Extractor, text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(kind, trigger, sorted participants) of each event."""
    return [(e.kind, e.text, sorted(e.participants)) for e in facts_of(extractor, text).events]


def test_actor_target_and_place(extractor: Extractor) -> None:
    (event,) = facts_of(extractor, "Angela Merkel met Imran Khan in Berlin on 3 May 2021.").events
    assert (event.place_id, sorted(event.participants)) == (
        "place:berlin-deu",
        [("person:angela-merkel", "actor"), ("person:imran-khan", "target")],
    )


def test_a_reported_clause_is_its_own_event(extractor: Extractor) -> None:
    text = "Angela Merkel announced that Imran Khan had visited Chile."
    assert sides(extractor, text) == [
        ("statement", "announced", [("person:angela-merkel", "actor")]),
        ("visit", "visited", [("person:imran-khan", "actor")]),
    ]


def test_a_name_in_a_relative_clause_takes_no_part(extractor: Extractor) -> None:
    text = "The plan was announced during a forum that Angela Merkel had set up."
    assert sides(extractor, text) == [("statement", "announced", [])]


def test_a_name_inside_a_phrase_takes_no_part(extractor: Extractor) -> None:
    text = "The Foreign Ministry in a statement about Angela Merkel's visit said little."
    found = sides(extractor, text)
    assert ("visit", "visit", [("person:angela-merkel", "actor")]) in found


def test_a_clause_opened_by_while_is_apart(extractor: Extractor) -> None:
    text = "Angela Merkel signed a deal with Imran Khan, while Emmanuel Macron signed one with Olaf Scholz."
    assert sides(extractor, text) == [
        ("agreement", "signed", [("person:angela-merkel", "actor"), ("person:imran-khan", "target")]),
        ("agreement", "signed", [("person:emmanuel-macron", "actor"), ("person:olaf-scholz", "target")]),
    ]


def test_the_agent_of_a_passive_is_the_actor(extractor: Extractor) -> None:
    assert sides(extractor, "The dinner was hosted by Angela Merkel.") == [
        ("host", "hosted", [("person:angela-merkel", "actor")])
    ]


def test_sides_the_text_does_not_tell_are_participants(extractor: Extractor) -> None:
    assert sides(extractor, "The talks between Angela Merkel and Imran Khan ended late.") == [
        ("talks", "talks", [("person:angela-merkel", "participant"), ("person:imran-khan", "participant")])
    ]


def test_a_statement_told_again_is_one_event(extractor: Extractor) -> None:
    text = "Angela Merkel announced the plan on Monday. The statement was welcomed in Lima."
    assert sides(extractor, text) == [("statement", "announced", [("person:angela-merkel", "actor")])]


def test_habitual_events_get_no_date_and_an_aside_is_another_event(extractor: Extractor) -> None:
    text = (
        "Meetings of Angela Merkel and Imran Khan are held regularly "
        "(the last meeting was held in Lima in May 2019)."
    )
    found = [(e.text, e.place_id, e.start_date) for e in facts_of(extractor, text).events]
    assert found == [("Meetings", None, None), ("meeting", "place:lima-per", D(2019, 5, 1))]


def test_a_date_of_the_reporting_clause_does_not_date_what_it_reports(extractor: Extractor) -> None:
    text = "Angela Merkel said on 3 May 2021 that she had met Imran Khan."
    meeting = next(e for e in facts_of(extractor, text).events if e.kind == "meeting")
    assert (meeting.start_date, meeting.end_date) == (None, None)


def test_that_opening_a_clause_does_not_tie_an_event_to_one_told_before(extractor: Extractor) -> None:
    text = (
        "Angela Merkel held talks with Imran Khan in Lima in 2019. Olaf Scholz said that talks would resume."
    )
    assert [e.text for e in facts_of(extractor, text).events if e.kind == "talks"] == ["talks", "talks"]
