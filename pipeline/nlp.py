"""Build the spaCy pipeline once per process: tokenizer, sentence boundaries, optional trained NER."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from pipeline.errors import ModelError


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: the sentencizer only knows punctuation.

    The break itself stays with the sentence before it, so no sentence is only white space.
    """
    # Only white-space tokens can hold a line break; numpy finds them without building every Token.
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE))[1:] if len(doc) else ():
        token = doc[int(i)]
        if "\n" in token.text:
            token.is_sent_start = False
            if token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
    return doc


# Chunks of text (between blanks) whose tokenization spaCy remembers. Its default, 10,000, is filled by
# the gazetteers' phrases before the first article, which then tokenizes three times slower; a few
# megabytes buy a cache that holds the phrases and the everyday words of news.
TOKENIZER_CACHE = 200_000


@lru_cache(maxsize=4)
def build(model: str | None = None) -> Language:
    """The English pipeline; with `model`, a trained spaCy package adds its statistical NER."""
    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer", "textcat"])
        except OSError as exc:
            raise ModelError(f"cannot load spaCy pipeline {model!r}: is it installed?") from exc
        if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer", first=True)
    # Before a parser, which takes preset boundaries as given and refuses changes once it has run.
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    else:
        last = "sentencizer" if "sentencizer" in nlp.pipe_names else "senter"
        nlp.add_pipe("paragraph_breaks", after=last)
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    return nlp


def sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token, so extractors need not count sentences again."""
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        index[sent.start : sent.end] = [number] * (sent.end - sent.start)
    return index


class Phrases:
    """spaCy's PhraseMatcher, also telling which listed phrase each match is.

    A match's own text can differ from the phrase listed (line breaks, "People 's" for "People's"),
    so phrases are looked up by their tokens.
    """

    def __init__(self, nlp: Language, attr: str = "ORTH") -> None:
        self.nlp = nlp
        self.lower = attr == "LOWER"
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.phrases: dict[tuple[str, tuple[str, ...]], str] = {}

    def _form(self, tokens: Iterable[Token]) -> tuple[str, ...]:
        return tuple(t.lower_ if self.lower else t.text for t in tokens)

    def add(self, label: str, phrases: Iterable[str]) -> None:
        docs = []
        for phrase in phrases:
            doc = self.nlp.make_doc(phrase)
            self.phrases.setdefault((label, self._form(doc)), phrase)
            docs.append(doc)
        self.matcher.add(label, docs)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int, str]]:
        """(label, start token, end token, listed phrase) of every match, overlapping ones included."""
        found = []
        for label_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[label_id]
            found.append((label, start, end, self.phrases[(label, self._form(doc[start:end]))]))
        return found
