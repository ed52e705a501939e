"""Shortcuts taken for speed give what the plain way gives: spaCy's Tokens, a regex's finditer."""

from __future__ import annotations

import re

import pytest
from spacy.matcher import PhraseMatcher

from pipeline.extract.dates import _hits
from pipeline.extract.figures import _digit_matches, _patterns
from pipeline.extract.quotes import QuoteFinder, last_on_lines
from pipeline.facts import Extractor
from pipeline.nlp import Phrases, build, sentences, tokens
from pipeline.temporal import SHAPES, _cue, tense_cues

TEXT = (
    "KABUL, April 6 (AP)_ Mr. Lavrov didn't say.  The U.S. paid $5bn,\n\n"
    "and USD34.6 million (Rs 5 crore) went to G20's 1.2.3 plan on 7/8/07; 15-20% rose.\n"
)


def test_tokens_match_spacy_tokens() -> None:
    doc = build()(TEXT)
    toks = tokens(doc)
    assert toks.text == [t.text for t in doc]
    assert toks.start == [t.idx for t in doc]
    assert toks.end == [t.idx + len(t) for t in doc]
    assert toks.sent_start == [bool(t.is_sent_start) for t in doc]
    assert toks.space_after == [bool(t.whitespace_) for t in doc]
    assert tokens(doc) is toks  # made once per Doc


@pytest.mark.parametrize("text", [TEXT, "", "One.", "No end", "A. B.\n\nC"])
def test_sentences_are_spacy_sentences(text: str) -> None:
    doc = build()(text)
    assert sentences(doc) == [(sent.start, sent.end) for sent in doc.sents]


@pytest.mark.parametrize("char", [0, 5, 6, 7, len(TEXT), len(TEXT) + 5])
def test_first_at_is_the_first_token_from_a_character(char: int) -> None:
    doc = build()(TEXT)
    expected = next((t.i for t in doc if t.idx >= char), len(doc))
    assert tokens(doc).first_at(char) == expected


@pytest.mark.parametrize("begin", [0, 20, 60])
def test_digit_matches_are_finditer_matches(begin: int) -> None:
    text = TEXT + " A330-200, 777-200LR, £ 12, € 3, US$ 4, about 1,200 USD, 5 km, x9 9x $$5 COVID-19 \u20ac7"
    expected = [m.span() for m in _patterns().digits.finditer(text, begin)]
    assert [m.span() for m in _digit_matches(text, begin)] == expected


def test_tense_cues_are_every_cue() -> None:
    sentence = "He said it is to be held , they will meet and are planned ; Ahmed agreed , prices freed"
    words = [*sentence.split(" "), "proceed", "needed", "Seed", "going", "to", "wo", "n't", "are", "sold"]
    expected = [(i, tense) for i in range(len(words)) if (tense := _cue(words, i)) is not None]
    assert tense_cues(words) == expected


@pytest.mark.parametrize("key", sorted({s.key for s in SHAPES if s.key is not None}, key=lambda k: k.pattern))
def test_key_hits_are_finditer_hits(key: re.Pattern[str]) -> None:
    text = (
        "Last weekend, tonight and the days ahead: a dayear-end, yesterdays' twice-weekly talks, every "
        "nineteen eighties spring,per annum, the past, recently, now and presently, momentous futures soon "
        "Thanksgiving, New Year 1999-2000, 10 a.m. at noon, 10:30 in the morning, Q3, the 1990s, JUNOV."
    )
    for target in (text, text.lower()):
        assert _hits(key, target) == [hit.span() for hit in key.finditer(target)]


def test_last_verb_is_the_last_finditer_match() -> None:
    finder = QuoteFinder(frozenset({"said", "according to", "told", "added"}))
    text = 'He said, "Yes."\n\nAccording\nto her, it told\n"No," she added "so" and\nsaid'
    for before in range(-1, len(text) + 1):
        every = list(finder.verb.finditer(text, 0, before))
        last = last_on_lines(finder.verb, text, before)
        assert (last.span() if last else None) == (every[-1].span() if every else None)


@pytest.mark.parametrize("attr", ["ORTH", "LOWER"])
def test_phrases_finds_what_spacys_phrase_matcher_finds(attr: str) -> None:
    nlp = build()
    listed = {
        "PLACE": ["New York", "New York City", "York", "Kabul", "U.S.", "G20"],
        "TITLE": ["mr.", "Mr.", "new", "rs 5"],
    }
    phrases, matcher = Phrases(nlp, attr=attr), PhraseMatcher(nlp.vocab, attr=attr)
    for label, words in listed.items():
        phrases.add(label, words)
        matcher.add(label, [nlp.make_doc(w) for w in words])
    doc = nlp(TEXT + " In New York City, new yorkers and NEW YORK; Mr. Ng.")
    expected = [(nlp.vocab.strings[key], start, end) for key, start, end in matcher(doc)]
    assert [(label, start, end) for label, start, end, _ in phrases(doc)] == expected
    assert ("PLACE", 47, 50, "New York City") in phrases(doc)  # overlapping matches, each by its phrase


def test_phrases_splits_a_plain_phrase_as_the_tokenizer_does(extractor: Extractor) -> None:
    listed = [
        (matcher, phrase)
        for matcher in (extractor.names.gazetteer, extractor.names.titles, extractor.events.triggers)
        for entries in matcher.phrases.values()
        for _, phrase in entries
    ]
    assert len(listed) > 30_000  # every town of the reference data
    split_apart = [
        phrase
        for matcher, phrase in listed
        if matcher.tokenize(phrase) != [t.text for t in matcher.nlp.make_doc(phrase)]
    ]
    assert split_apart == []
