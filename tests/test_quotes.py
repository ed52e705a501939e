"""Direct quotations and their speakers."""

from __future__ import annotations

import pytest

from pipeline.facts import Extractor
from tests.helpers import facts_of, mentioned


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
    assert quotes(extractor, 'The so-called "experts" met. The "peace dividend" never came.') == []


def test_a_short_phrase_someone_is_quoted_as_saying_is_a_quotation(extractor: Extractor) -> None:
    text = 'Ana Robles visited the dam on Monday. Ana Robles said the delay was "a disgrace".'
    assert quotes(extractor, text) == [("person:ana-robles", "a disgrace")]


def test_a_three_word_phrase_without_attribution_has_no_speaker(extractor: Extractor) -> None:
    text = '"The works are on time," Ana Robles said.\n\nThe talks were held "on the sidelines" of a fair.'
    assert quotes(extractor, text)[1] == (None, "on the sidelines")


def test_unnamed_source_has_no_speaker(extractor: Extractor) -> None:
    assert quotes(extractor, '"Prices will rise again in the autumn," a trader said.') == [
        (None, "Prices will rise again in the autumn,")
    ]


def details(extractor: Extractor, text: str) -> list[tuple[str | None, str | None, str | None]]:
    """(speaker, cue, the words naming the speaker) of each quotation."""
    found = []
    for q in facts_of(extractor, text).quotes:
        named = text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None
        found.append((q.speaker_id, q.cue, named))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The bridge will open in May," Ana Robles said.', ("person:ana-robles", "said", "Ana Robles")),
        (
            '"The bridge will open in May," said Governor Ana Robles.',
            ("person:ana-robles", "said", "Ana Robles"),
        ),
        (
            'Ana Robles told reporters: "The bridge will open in May."',
            ("person:ana-robles", "told", "Ana Robles"),
        ),
        (
            'In a statement, Ana Robles said: "The bridge will open in May."',
            ("person:ana-robles", "said", "Ana Robles"),
        ),
        (
            '"The bridge will open in May," according to Ana Robles.',
            ("person:ana-robles", "according to", "Ana Robles"),
        ),
        ('Ana Robles: "The bridge will open in May."', ("person:ana-robles", None, "Ana Robles")),
        ("''The bridge will open in May,'' Ana Robles said.", ("person:ana-robles", "said", "Ana Robles")),
        ("«The bridge will open in May», Ana Robles said.", ("person:ana-robles", "said", "Ana Robles")),
        (
            '"The bridge will open in May," Mr. Robles of the Transport Ministry said.',
            ("person:robles", "said", "Robles"),
        ),
        # The one told is not the one who speaks.
        (
            '"You should resign at once," Ana Robles told Pedro Alves.',
            ("person:ana-robles", "told", "Ana Robles"),
        ),
        # A participle's speaker is the sentence's subject, not the name nearest to it.
        (
            'Ana Robles criticized Pedro Alves, saying "the plan is a failure".',
            ("person:ana-robles", "saying", "Ana Robles"),
        ),
        # A subject with a phrase of its own; the place inside the phrase is no speaker.
        (
            'Ana Robles in a speech about the visit to Peru said: "The bridge will open in May."',
            ("person:ana-robles", "said", "Ana Robles"),
        ),
        # Someone the text does not name: no speaker, but the cue is kept.
        ('"Prices will rise again in the autumn," a trader said.', (None, "said", None)),
        # A dash and a name sign the quotation.
        ('"The bridge will open in May." ― Ana Robles', ("person:ana-robles", None, "Ana Robles")),
        # A speech verb opening its sentence comes before its speaker.
        ('Added Ana Robles: "The bridge will open in May."', ("person:ana-robles", "Added", "Ana Robles")),
        # A quotation inside a sentence whose subject a name is, whatever the verb.
        (
            'In a speech on Monday, Ana Robles hailed "a bridge in every valley".',
            ("person:ana-robles", None, "Ana Robles"),
        ),
        ('Ana Robles beamed, "The bridge will open in May."', ("person:ana-robles", None, "Ana Robles")),
        (
            'Ana Robles boasted, "The bridge will open in May."',
            ("person:ana-robles", "boasted", "Ana Robles"),
        ),
    ],
)
def test_speaker_from_the_attribution(
    extractor: Extractor, text: str, expected: tuple[str | None, ...]
) -> None:
    assert details(extractor, text) == [expected]


def test_he_or_she_refers_to_the_speaker_named_before(extractor: Extractor) -> None:
    text = (
        "Ana Robles said on Monday that the works were on time. Pedro Alves, the mayor, was not there.\n\n"
        '"The bridge will open in May," she said.'
    )
    # "Pedro Alves" is a man: he is no one "she" could mean.
    assert details(extractor, text) == [("person:ana-robles", "said", "she")]


def test_he_or_she_after_another_possible_person_has_no_speaker(extractor: Extractor) -> None:
    text = (
        "Ana Robles said on Monday that the works were on time. Marta Quispe, the mayor, was not there.\n\n"
        '"The bridge will open in May," she said.'
    )
    assert details(extractor, text) == [(None, "said", None)]


def test_it_refers_to_the_body_quoted_last(extractor: Extractor) -> None:
    text = (
        '"Trade grew by a third last year," the Turkish Foreign Ministry said.\n\n'
        "Turkey and Chile signed two agreements in Ankara.\n\n"
        '"Both sides want more flights between the capitals," it added.'
    )
    ministry = "organization:ministry-of-foreign-affairs-tur"
    assert details(extractor, text) == [
        (ministry, "said", "Foreign Ministry"),
        (ministry, "added", "it"),
    ]


def test_a_capitalized_noun_is_no_speech_verb(extractor: Extractor) -> None:
    text = 'Leaders of the United States met Ana Robles. "The bridge will open in May and not later."'
    assert details(extractor, text) == [(None, None, None)]


def test_a_quotation_after_its_speakers_sentence_is_no_intro_of_that_verb(extractor: Extractor) -> None:
    # '"A," said Robles. "B"': B runs on from Robles; the "said" before it introduces A, not B.
    text = '"The bridge is late," said Ana Robles. "We will open it in May, as promised."'
    assert [s for s, _ in quotes(extractor, text)] == ["person:ana-robles", "person:ana-robles"]


def test_someone_quoted_but_never_named_in_full_is_a_person(extractor: Extractor) -> None:
    text = '"We waited all night," Marisol said. Marisol left at dawn. "It was cold," said Okafor.'
    facts = facts_of(extractor, text)
    assert [(q.speaker_id, q.text) for q in facts.quotes] == [
        ("person:marisol", "We waited all night,"),
        ("person:okafor", "It was cold,"),
    ]
    assert [m.text for m in facts.mentions if m.entity_id == "person:marisol"] == ["Marisol", "Marisol"]


def test_a_plural_after_a_quotation_is_no_person(extractor: Extractor) -> None:
    assert quotes(extractor, '"We will not pay," Critics said.') == [(None, "We will not pay,")]


def test_a_courtesy_title_tells_namesakes_apart(extractor: Extractor) -> None:
    text = (
        "Pedro Alves and Marta Alves arrived on Monday.\n\n"
        '"The bridge will open in May," Mr. Alves said. "It is late," Mrs. Alves said.'
    )
    assert [s for s, _ in quotes(extractor, text)] == ["person:pedro-alves", "person:marta-alves"]


def test_he_refers_to_the_last_subject_when_no_speaker_was_named(extractor: Extractor) -> None:
    text = (
        "Pedro Alves, who ran the works, blamed Marta Quispe for the delay.\n\n"
        '"The bridge will open in May," he said.'
    )
    assert details(extractor, text) == [("person:pedro-alves", "said", "he")]


def test_he_refers_to_the_one_person_of_the_sentence_before(extractor: Extractor) -> None:
    # An opening phrase before the subject; the names inside the quotation are no one "he" means.
    text = (
        'In a statement on Friday, Governor Pedro Alves condemned the vote as "reckless".\n\n'
        '"I told Marta Quispe we would fight it," he said.'
    )
    assert [s for s, _ in quotes(extractor, text)][-1] == "person:pedro-alves"


def test_he_after_a_sentence_of_two_men_not_led_by_either_has_no_speaker(extractor: Extractor) -> None:
    text = (
        "After the vote, the plan that Pedro Alves drew up was sent to Tomas Lima.\n\n"
        '"It will not pass the council this year," he said.'
    )
    assert quotes(extractor, text) == [(None, "It will not pass the council this year,")]


def test_a_transcripts_label_names_the_speaker(extractor: Extractor) -> None:
    text = (
        "Host Ana Robles spoke to Pedro Alves on Sunday. A partial transcript:\n\n"
        '"ROBLES: Will the bridge open in May as the council promised?\n\n'
        '"ALVES: It will open in May, and not a day later than that."'
    )
    assert details(extractor, text) == [
        ("person:ana-robles", None, "ROBLES"),
        ("person:pedro-alves", None, "ALVES"),
    ]
    assert quotes(extractor, text)[0][1].startswith("Will the bridge")


def test_a_label_naming_no_one_gives_no_speaker_but_is_no_part_of_the_quotation(extractor: Extractor) -> None:
    text = (
        'Pedro Alves said on Sunday: "The bridge will open in May, as the council promised."\n\n'
        '"ZELVORN: Will it open on time, whatever the weather does?\n\n'
        '"ZELVORN: And who will pay for the extra work on the bridge?"'
    )
    assert quotes(extractor, text)[1:] == [
        (None, "Will it open on time, whatever the weather does?"),
        (None, "And who will pay for the extra work on the bridge?"),
    ]


def test_a_word_in_capitals_opening_one_quotation_is_no_label(extractor: Extractor) -> None:
    text = 'Pedro Alves wrote: "UPDATE: the bridge will open in May, as the council promised."'
    assert quotes(extractor, text) == [
        ("person:pedro-alves", "UPDATE: the bridge will open in May, as the council promised.")
    ]


def test_a_participle_goes_on_with_the_speaker_of_its_sentence(extractor: Extractor) -> None:
    text = '"The bridge is late," Pedro Alves said, adding later, "It will open in May, not before."'
    assert [s for s, _ in quotes(extractor, text)] == ["person:pedro-alves", "person:pedro-alves"]


def test_a_participle_after_another_name_does_not_go_on_with_the_last_speaker(extractor: Extractor) -> None:
    text = (
        '"The bridge is late," Pedro Alves said. Tomas Lima was defensive about the cost, saying, '
        '"We paid what the contract said we would pay."'
    )
    first, second = (s for s, _ in quotes(extractor, text))
    assert first == "person:pedro-alves"
    assert second != "person:pedro-alves"


@pytest.mark.parametrize(
    "text",
    [
        "Zorvad Quillan said the bridge would open in May.",
        '"The bridge will open in May," Zorvad Quillan, 54, said.',
        "Zorvad Quillan, 54, said the bridge would open in May.",
    ],
)
def test_a_name_opening_a_sentence_before_a_speech_verb_is_a_person(extractor: Extractor, text: str) -> None:
    assert ("Zorvad Quillan", "person:zorvad-quillan", "exact") in mentioned(facts_of(extractor, text))


def test_she_after_a_new_paragraph_led_by_another_woman_is_that_woman(extractor: Extractor) -> None:
    text = (
        'Ana Robles said on Monday: "The works are on time."\n\n'
        'Marta Quispe is touring the valley this week. She says, "The bridge will open in May."'
    )
    assert [s for s, _ in quotes(extractor, text)] == ["person:ana-robles", "person:marta-quispe"]


def test_the_mayor_is_the_person_named_with_that_title(extractor: Extractor) -> None:
    text = (
        "Mayor Pedro Alves opened the bridge on Monday with Ana Robles, who built it.\n\n"
        '"It is the finest bridge in the valley," the mayor said.'
    )
    assert details(extractor, text) == [("person:pedro-alves", "said", "mayor")]
    assert ("Pedro Alves", "person:pedro-alves", "exact") in mentioned(facts_of(extractor, text))


def test_a_quotation_inside_a_sentence_whose_verb_after_it_names_no_one(extractor: Extractor) -> None:
    text = 'Ana Robles urged the council to "open the bridge in May" and said the works were on time.'
    assert quotes(extractor, text) == [("person:ana-robles", "open the bridge in May")]


def test_a_quoted_title_earlier_in_the_sentence_leaves_its_subject_the_speaker(extractor: Extractor) -> None:
    text = (
        'Ana Robles, the engineer, praised the "Valley Bridge Forum" held on Monday and said the bridge '
        'showed what the town could do: "We built it in a year, and it will stand for a hundred."'
    )
    assert quotes(extractor, text)[-1] == (
        "person:ana-robles",
        "We built it in a year, and it will stand for a hundred.",
    )


def test_he_never_means_a_name_inside_the_quotation_he_closes(extractor: Extractor) -> None:
    text = (
        "The works worry Tomas Lima, who chairs the council.\n\n"
        '"Nobody writes songs for the bridge. Pedro Alves had a song. We have nothing like that," he said.'
    )
    assert [s for s, _ in quotes(extractor, text)] == ["person:tomas-lima"]


def test_he_never_means_a_person_in_a_clause_that_opens_the_sentence(extractor: Extractor) -> None:
    text = (
        "While Pedro Alves built the bridge, the works worried Tomas Lima, who chairs the council.\n\n"
        '"We have nothing like that in the valley," he said.'
    )
    assert quotes(extractor, text) == [(None, "We have nothing like that in the valley,")]


@pytest.mark.parametrize(
    ("intro", "speaker"),
    [
        ("The White House said in a statement on Monday:", "organization:white-house"),
        ("On Monday, Ana Robles made the following comment:", "person:ana-robles"),
    ],
)
def test_a_paragraph_ending_with_a_colon_introduces_the_quotation_after_it(
    extractor: Extractor, intro: str, speaker: str
) -> None:
    text = f'{intro}\n\n"The bridge will open in May, as the council promised last year."'
    assert [s for s, _ in quotes(extractor, text)] == [speaker]


def test_a_party_and_state_in_brackets_before_an_apposition_keep_the_name_the_subject(
    extractor: Extractor,
) -> None:
    text = (
        '"The bridge is a year late," Rep. Ana Robles (D-Ore.), a member of the transport panel, '
        "said on Monday."
    )
    assert [s for s, _ in quotes(extractor, text)] == ["person:ana-robles"]


def test_a_quotation_nested_in_one_with_the_same_marks_is_part_of_it(extractor: Extractor) -> None:
    text = (
        "Readers wrote to us after the debate.\n\n"
        "\u201cI would rather live in what he calls \u201chell\u201d than in his valley.\u201d "
        "\u2015 Marta Quispe"
    )
    assert quotes(extractor, text) == [
        ("person:marta-quispe", "I would rather live in what he calls \u201chell\u201d than in his valley.")
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Party Research Director Ana Robles said the vote was lost.", "Ana Robles"),
        ('"The vote was lost," said the Rev. Ana Robles.', "Ana Robles"),
        ('"The vote was lost," said Rep. G.K. Robles (D-N.C.), head of the caucus.', "G.K. Robles"),
    ],
)
def test_a_speakers_name_after_capitalized_words_or_initials_is_found(
    extractor: Extractor, text: str, name: str
) -> None:
    people = [m.text for m in facts_of(extractor, text).mentions if m.entity_id.startswith("person:")]
    assert people[:1] == [name]


def test_a_surname_shaped_word_after_a_quotation_is_a_person(extractor: Extractor) -> None:
    text = "\u201cThe cause has not been determined,\u201d said O'Hara, on his first day in the post."
    assert quotes(extractor, text) == [("person:o-hara", "The cause has not been determined,")]


def test_labels_of_a_dialogue_that_name_no_one_else_are_people(extractor: Extractor) -> None:
    text = (
        "Senator Ana Robles spoke to a radio host on Sunday.\n\n"
        '"HALVORSEN: Welcome to the show. What do you make of the vote?\n\n'
        '"ROBLES: It was a disgrace, and we will fight it.\n\n'
        '"HALVORSEN: Will you run again next year?\n\n'
        '"ROBLES: I will decide that in the spring."'
    )
    assert [s for s, _ in quotes(extractor, text)] == ["person:halvorsen", "person:ana-robles"] * 2


def test_a_label_written_as_a_word_elsewhere_is_no_person(extractor: Extractor) -> None:
    text = (
        "Senator Ana Robles spoke to the host of a radio show on Sunday.\n\n"
        '"HOST: Welcome to the show. What do you make of the vote?\n\n'
        '"ROBLES: It was a disgrace, and we will fight it.\n\n'
        '"HOST: Will you run again next year?\n\n'
        '"ROBLES: I will decide that in the spring."'
    )
    assert [s for s, _ in quotes(extractor, text)] == [None, "person:ana-robles"] * 2


def test_a_kinsmans_given_name_before_the_shared_surname_is_kept(extractor: Extractor) -> None:
    text = (
        "Police shot Pedro Grant on Tuesday. Zorvika Grant can be heard yelling that her husband "
        'was unarmed.\n\n"Do not shoot him," she says.'
    )
    assert quotes(extractor, text) == [("person:zorvika-grant", "Do not shoot him,")]


@pytest.mark.parametrize(
    "text",
    [
        'The advert shows Ana Robles saying, "Why are we not fifty points ahead?"',
        '"The bridge is late," Ana Robles sings to Pedro Alves before asking him, "Where do we go now?"',
        "Attorney General Ana Robles (D), the rival of Pedro Alves in the race, called on Friday for the "
        'release of the videos, saying that openness "breaks down walls and brings progress."',
    ],
)
def test_a_participle_is_said_by_the_name_before_it_or_the_subject_of_its_sentence(
    extractor: Extractor, text: str
) -> None:
    assert quotes(extractor, text)[-1][0] == "person:ana-robles"


def test_a_verb_after_a_long_participle_clause_still_has_the_name_opening_the_sentence(
    extractor: Extractor,
) -> None:
    text = (
        "ZELVORN CITY -- President Ana Robles, opening the new Valley Bridge over the Zelvorn river "
        "before a crowd of thousands on Saturday, said it would tell the town's story, one of "
        '"hard work and long winters and a bridge at the end of them."'
    )
    assert quotes(extractor, text)[0][0] == "person:ana-robles"


def test_she_goes_on_with_the_person_of_sentences_that_open_with_she(extractor: Extractor) -> None:
    text = (
        'Pedro Alves said: "The vote is lost."\n\n'
        "Marta Quispe thought the whole thing was a farce. She was not a person who gave up. She was "
        "angry, sure. Tired, definitely. But not beaten, and not ready to leave the valley.\n\n"
        '"It never crossed my mind that we could lose," she said.'
    )
    assert [s for s, _ in quotes(extractor, text)][-1] == "person:marta-quispe"


def test_a_word_for_a_woman_before_a_name_makes_her_she(extractor: Extractor) -> None:
    text = (
        'Pedro Alves spoke first. "They are wrong," said flood widow Terry Quillan.\n\n'
        'She continued, "All we ask is a day in court, and we will have it."'
    )
    assert [s for s, _ in quotes(extractor, text)] == ["person:terry-quillan"] * 2


def test_a_speech_verb_after_a_determiner_is_a_noun(extractor: Extractor) -> None:
    text = (
        '"It is an invasion of our domain," Ana Robles, the attorney general of Zelvorn, one of the '
        "states suing the agency, said on Monday."
    )
    assert quotes(extractor, text) == [("person:ana-robles", "It is an invasion of our domain,")]


def test_a_long_apposition_between_the_quotation_and_the_verb(extractor: Extractor) -> None:
    text = (
        "''It has the virtue of being fiscally responsible,'' Ana Robles, director of the centrist "
        "Valley Tax Policy Center and a professor at the Zelvorn School of Public Affairs, said of the plan."
    )
    assert quotes(extractor, text)[0][0] == "person:ana-robles"


@pytest.mark.parametrize(
    "text",
    [
        'The vote was held. Zorvad Quillan, who runs the campaign for veterans, said, "We were never asked."',
        '"We were never asked about the labels of \u2018criminal, super predator,\u2019" Zorvad Quillan, '
        "the director of the Valley Media Center, told reporters.",
    ],
)
def test_a_name_before_an_apposition_and_a_speech_verb_is_the_speaker(
    extractor: Extractor, text: str
) -> None:
    assert [s for s, _ in quotes(extractor, text)] == ["person:zorvad-quillan"]


def test_he_is_not_kept_from_the_speaker_by_a_title_inside_the_quotation(extractor: Extractor) -> None:
    text = (
        "President Tomas Lima spoke on Monday.\n\n"
        'Speaking at a rally in Zelvorn, Pedro Alves says he is making "a demand" of Lima.\n\n'
        '"Mr. President, will you pledge to open the bridge in May, as you promised?" he asks.'
    )
    assert [s for s, _ in quotes(extractor, text)][-1] == "person:pedro-alves"


def test_he_means_the_subject_after_a_long_opening_phrase(extractor: Extractor) -> None:
    text = (
        'Ana Robles said: "The bridge is late."\n\n'
        "In an interview with Zelvorn Radio host Tomas Lima on Sunday, Norman Quillan made it clear he "
        'had doubts about the plan.\n\n"We were never asked," he told the host.'
    )
    assert [s for s, _ in quotes(extractor, text)][-1] == "person:norman-quillan"


def test_what_a_persons_brief_says_they_say(extractor: Extractor) -> None:
    text = 'Ana Robles\'s brief said that "no such claim was ever made" in the case.'
    assert quotes(extractor, text) == [("person:ana-robles", "no such claim was ever made")]


def test_the_participle_of_the_subject_after_a_long_opening_phrase(extractor: Extractor) -> None:
    text = (
        "During a speech on the valley's roads earlier in the day, Ana Robles attacked Pedro Alves for "
        'his vote on the bridge, saying, "He is careless and very unsteady."'
    )
    assert quotes(extractor, text) == [("person:ana-robles", "He is careless and very unsteady.")]


def test_the_commission_is_the_body_named_last_with_that_word(extractor: Extractor) -> None:
    text = (
        "The Zelvorn Bridge Commission says there was a problem with the survey. Pedro Alves disagreed.\n\n"
        'The commission says on its website that "there were errors in the survey of the river bed."'
    )
    assert quotes(extractor, text)[-1][0] == "organization:zelvorn-bridge-commission"


def test_a_body_word_that_names_no_body_of_the_article_gives_no_speaker(extractor: Extractor) -> None:
    text = (
        'The Zelvorn Ministry of Works said: "The survey is sound."\n\n'
        'The court said in its ruling that "the survey of the river bed was never finished."'
    )
    assert quotes(extractor, text)[-1][0] is None


def test_her_before_a_speech_verb_is_an_object_not_a_determiner(extractor: Extractor) -> None:
    text = 'Ana Robles said: "The bridge is late."\n\nThe people who elected her said, "We want it by May."'
    assert quotes(extractor, text)[-1] == (None, "We want it by May.")


def test_a_word_for_a_woman_ending_the_sentence_before_says_nothing_of_the_next_name(
    extractor: Extractor,
) -> None:
    text = (
        'Pedro Alves said: "The bridge is late."\n\n'
        "He leaves a widow. Tomas Lima said the town would help her. "
        '"We will pay for the works," he said.'
    )
    assert quotes(extractor, text)[-1][0] == "person:tomas-lima"


def test_a_name_before_a_long_apposition_with_another_name_after_it_is_no_subject(
    extractor: Extractor,
) -> None:
    text = (
        "On a day when Ana Robles, who has chaired the bridge council of the valley since its first "
        "meeting in the spring of the year before last, was away on a trip abroad, Pedro Alves, the "
        'mayor, said: "The bridge will open in May."'
    )
    assert quotes(extractor, text) == [("person:pedro-alves", "The bridge will open in May.")]


def test_a_body_word_is_no_country_named_with_it(extractor: Extractor) -> None:
    text = (
        "The Soviet Union collapsed in 1991 and the region changed.\n\n"
        'The union said that "the works on the bridge would go on."'
    )
    assert quotes(extractor, text)[-1][0] is None


def test_a_pronoun_after_a_name_the_dictionary_is_unsure_of_gives_its_sex(extractor: Extractor) -> None:
    # "Leslie" is mostly a woman's name to the dictionary; the text says this Leslie is a man.
    text = (
        'Marta Quispe said: "The bridge is late."\n\n'
        "Leslie Alves said he would ask the council to pay for the works.\n\n"
        '"We will find the money," he said.'
    )
    assert quotes(extractor, text)[-1][0] == "person:leslie-alves"


def test_a_person_opening_a_sentence_after_a_long_title_is_who_he_means(extractor: Extractor) -> None:
    text = (
        '"The vote was fair," said Tomas Lima.\n\n'
        "Former Ohio Gov. Pedro Alves, who ran the party for years, agreed, but he wanted a recount.\n\n"
        '"There is no chance the result will stand," he said.'
    )
    assert quotes(extractor, text)[-1][0] == "person:pedro-alves"


def test_a_quotation_inside_a_sentence_opened_by_a_title_and_a_name_is_theirs(
    extractor: Extractor,
) -> None:
    text = (
        '"We have the votes," Council Chair Tomas Lima said Tuesday.\n\n'
        "Council Speaker Pedro Alves, for all his fears of “landlords who profit from delay,” "
        "signed the lease."
    )
    assert quotes(extractor, text)[-1] == ("person:pedro-alves", "landlords who profit from delay,")


def test_an_unclosed_quotation_ends_before_the_next_line_opens_one(extractor: Extractor) -> None:
    text = (
        "Ana Robles said: “The bridge is late and nobody in the council will say why.\n"
        "“We have asked for the papers for a year,” added Pedro Alves, a member of the council."
    )
    assert quotes(extractor, text) == [
        ("person:ana-robles", "The bridge is late and nobody in the council will say why."),
        ("person:pedro-alves", "We have asked for the papers for a year,"),
    ]


def test_a_name_after_a_verb_the_sentence_goes_on_to_is_no_speaker(extractor: Extractor) -> None:
    text = 'Chile said the port was "closed for good" after the storm and warned Peru to keep away.'
    assert quotes(extractor, text) == [("country:CHL", "closed for good")]


def test_a_quotation_does_not_run_on_past_a_sentence_about_another_person(extractor: Extractor) -> None:
    text = (
        '"The bridge will open in May," Ana Robles said. '
        "On Monday, Pedro Alves doubted the date in a radio interview.\n\n"
        '"Nobody has seen the plans for the second span yet."'
    )
    assert quotes(extractor, text)[-1][0] is None


def test_a_quotation_after_a_sentence_about_a_person_in_its_paragraph_is_theirs(
    extractor: Extractor,
) -> None:
    text = (
        '"The bridge will open in May," Ana Robles said.\n\n'
        "On Monday, Pedro Alves doubted the date in a radio interview. "
        '"Nobody has seen the plans for the second span yet."'
    )
    assert quotes(extractor, text)[-1][0] == "person:pedro-alves"


def test_as_someone_put_it_attributes_the_quotation(extractor: Extractor) -> None:
    text = '"The council is a club that meets to agree," as Ana Robles put it in a letter.'
    assert quotes(extractor, text) == [("person:ana-robles", "The council is a club that meets to agree,")]


def test_a_speaker_named_after_the_verb_is_whom_a_later_pronoun_means(extractor: Extractor) -> None:
    text = (
        '"The plan is sound," said Tomas Lima, the mayor.\n\n'
        "Bridges are rarely built on time, noted the Gazette's Pedro Alves.\n\n"
        '"Costs double before the first stone is laid," he wrote.'
    )
    assert quotes(extractor, text)[-1][0] == "person:pedro-alves"


def test_a_name_after_the_verb_of_a_speaker_opening_a_sentence_is_no_rival(extractor: Extractor) -> None:
    text = (
        '"The school will stay open," said Ana Robles.\n\n'
        "Marta Quispe said Robles does not understand the parents.\n\n"
        '"She has never been to a meeting," she said.'
    )
    assert quotes(extractor, text)[-1][0] == "person:marta-quispe"


def test_a_quotation_naming_a_thing_inside_a_sentence_does_not_run_on(extractor: Extractor) -> None:
    text = (
        '"The council will vote on Friday," Ana Robles said.\n\n'
        "The new lease, called the “Clean River and Safe Bridge Plan” by its authors, passed in May."
    )
    assert quotes(extractor, text)[-1][0] is None


def test_a_second_quotation_in_the_sentence_of_the_first_is_the_same_speakers(
    extractor: Extractor,
) -> None:
    text = (
        "Pedro Alves spoke in Lima on Monday.\n\n"
        "He worries that the delay is “a real danger to the whole valley” "
        "and that “the council will never admit it in public.”"
    )
    assert [s for s, _ in quotes(extractor, text)] == ["person:pedro-alves"] * 2


def test_a_pronoun_and_any_verb_before_a_colon_introduce_the_quotation(extractor: Extractor) -> None:
    text = (
        '"The bridge is late," said Pedro Alves.\n\n'
        "Marta Quispe would not comment.\n\n"
        "He concluded: “The council has run out of excuses and out of time.”"
    )
    assert quotes(extractor, text)[-1][0] == "person:pedro-alves"


def test_a_pronoun_opening_the_sentence_of_a_quotation_is_its_speaker(extractor: Extractor) -> None:
    text = (
        "Pedro Alves spoke to the council on Monday.\n\n"
        "However, he called the budget “a mess that nobody will fix.”"
    )
    assert quotes(extractor, text) == [("person:pedro-alves", "a mess that nobody will fix.")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pedro Alves died on Monday at his home.",
        "Pedro Alves did not respond to a request for comment.",
        "Pedro Alves was sentenced to ten years in prison.",
    ],
)
def test_a_sentence_saying_a_person_did_not_speak_introduces_no_quotation_of_theirs(
    extractor: Extractor, sentence: str
) -> None:
    text = f'{sentence} "He was a kind man who loved this town and its river."'
    assert quotes(extractor, text)[-1][0] is None


def test_a_phrase_opened_by_unlike_is_no_subject(extractor: Extractor) -> None:
    text = "Unlike President Pedro Alves, Ana Robles called the plan “a total waste of public money.”"
    assert quotes(extractor, text) == [("person:ana-robles", "a total waste of public money.")]


def test_a_person_after_a_possessive_opening_the_sentence_is_whom_she_means(extractor: Extractor) -> None:
    text = (
        "Marta Quispe said the budget was fine.\n\n"
        "Quispe's deputy, Ana Robles, disagreed on Tuesday.\n\n"
        '"The numbers do not add up," she said.'
    )
    assert quotes(extractor, text)[-1][0] == "person:ana-robles"


def test_an_adverb_before_the_verb_keeps_the_speaker_after_it(extractor: Extractor) -> None:
    assert quotes(extractor, '"We will win the vote," also said Pedro Alves.') == [
        ("person:pedro-alves", "We will win the vote,")
    ]


def test_a_person_named_as_an_object_does_not_stop_a_quotation_running_on(extractor: Extractor) -> None:
    text = (
        '"The bridge is late," Ana Robles said. She thanked Pedro Alves for his help. '
        '"We will still open in May."'
    )
    assert [s for s, _ in quotes(extractor, text)] == ["person:ana-robles"] * 2


def test_put_it_outside_as_someone_put_it_attributes_nothing(extractor: Extractor) -> None:
    text = 'Pedro Alves put it to a vote on Monday. "The bridge will be built this year and no later."'
    assert [(q.speaker_id, q.cue) for q in facts_of(extractor, text).quotes] == [(None, None)]


def test_as_she_put_it_refers_back(extractor: Extractor) -> None:
    text = (
        "Ana Robles spoke to the council on Monday.\n\n"
        'As she put it, "the council is a club that meets to agree."'
    )
    assert [(q.speaker_id, q.cue) for q in facts_of(extractor, text).quotes] == [
        ("person:ana-robles", "put it")
    ]


def test_whom_an_attribution_told_is_not_its_speaker(extractor: Extractor) -> None:
    assert quotes(extractor, '"We will win the vote," a spokesman told Pedro Alves.') == [
        (None, "We will win the vote,")
    ]


def test_put_it_to_a_vote_after_a_speech_verb_leaves_the_speaker(extractor: Extractor) -> None:
    text = '"We will win the vote," Ana Robles said as Pedro Alves put it to a vote.'
    assert quotes(extractor, text) == [("person:ana-robles", "We will win the vote,")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pedro Alves was questioned by police on Monday.",
        "Pedro Alves was praised by the mayor.",
    ],
)
def test_a_person_acted_on_in_the_sentence_before_is_not_the_speaker(
    extractor: Extractor, sentence: str
) -> None:
    text = f'{sentence} "He is a liar and a thief, and everyone in town knows it."'
    assert quotes(extractor, text)[-1][0] is None


def test_a_possessive_written_with_an_apostrophe_alone_is_no_subject(extractor: Extractor) -> None:
    text = "Pedro Alves' deputy, Ana Robles, called the plan “a total waste of public money.”"
    assert quotes(extractor, text) == [("person:ana-robles", "a total waste of public money.")]


def test_a_name_closing_the_sentence_before_is_no_phrase_of_the_next(extractor: Extractor) -> None:
    text = (
        "At the Friday market, Pedro Alves sold apples beside Ana Robles. Alves joked that, of all the "
        "sellers, Tomas Lima grows the sourest fruit.\n\n"
        '"I have never liked the word organic on a label," he told the buyers.'
    )
    assert quotes(extractor, text)[-1][0] == "person:pedro-alves"


def test_a_quotation_in_an_aside_is_not_the_subjects(extractor: Extractor) -> None:
    text = (
        "But, like it or not, Pedro Alves and Tomas Lima are the town's best hope (or, as the "
        'Gazette called them last week, "the last honest men in the valley").'
    )
    assert quotes(extractor, text)[-1][0] is None


def test_an_opening_phrase_with_commas_of_its_own_leaves_the_subject(extractor: Extractor) -> None:
    text = "On March 3, 2019, Pedro Alves called the plan “a total waste of public money.”"
    assert quotes(extractor, text) == [("person:pedro-alves", "a total waste of public money.")]
