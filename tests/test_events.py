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
            [("country:CHL", "participant"), ("person:ana-robles", "participant")],
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
    assert who == [
        ("country:DEU", "participant"),
        ("person:angela-merkel", "participant"),
        ("person:imran-khan", "participant"),
    ]


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
