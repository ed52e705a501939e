"""Direct quotations and their speakers."""

from __future__ import annotations

from pipeline.facts import Extractor
from tests.helpers import facts_of


def quotes(extractor: Extractor, text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker_id, q.text) for q in facts_of(extractor, text).quotes]


def test_attribution_after_the_quotation(extractor: Extractor) -> None:
    assert quotes(extractor, '"We will rebuild every school in the valley," Angela Merkel said.') == [
        ("person:angela-merkel", "We will rebuild every school in the valley,")
    ]


def test_attribution_before_the_quotation(extractor: Extractor) -> None:
    assert quotes(extractor, 'The White House said: "Talks will resume next week in Geneva."') == [
        ("organization:white-house", "Talks will resume next week in Geneva.")
    ]


def test_it_added_refers_back_to_the_last_speaker(extractor: Extractor) -> None:
    text = (
        '"Trade grew by a third last year," the Turkish Foreign Ministry said.\n\n'
        '"Both sides want more flights between the capitals," it added.'
    )
    assert [s for s, _ in quotes(extractor, text)] == ["organization:ministry-of-foreign-affairs-tur"] * 2


def test_quotation_over_a_paragraph_break_is_one_quotation(extractor: Extractor) -> None:
    text = (
        'Angela Merkel said, "The first part ends here.\n\n" "The second part follows the break," she added.'
    )
    assert quotes(extractor, text) == [
        ("person:angela-merkel", "The first part ends here."),
        ("person:angela-merkel", "The second part follows the break,"),
    ]


def test_unclosed_quotation_ends_with_its_paragraph(extractor: Extractor) -> None:
    text = (
        '"The talks went well," Angela Merkel said.\n\n'
        '"Both teams will meet again in the spring (the date is open).\n\n'
        "Officials declined to comment."
    )
    assert quotes(extractor, text)[1] == (
        "person:angela-merkel",
        "Both teams will meet again in the spring (the date is open).",
    )


def test_scare_quotes_are_not_quotations(extractor: Extractor) -> None:
    assert quotes(extractor, 'He called it "a common concern" and left.') == []


def test_unnamed_source_has_no_speaker(extractor: Extractor) -> None:
    assert quotes(extractor, '"Prices will rise again in the autumn," a trader said.') == [
        (None, "Prices will rise again in the autumn,")
    ]
