"""Build the spaCy pipeline once per process: tokenizer, sentence boundaries, optional trained NER."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ModelError


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: the sentencizer only knows punctuation.

    The break itself stays with the sentence before it, so no sentence is only white space.
    """
    if not len(doc):
        return doc
    # Only white-space tokens can hold a line break; numpy finds them without building every Token.
    # (Not the first token: nothing before it to end.)
    breaks = [i for i in numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist() if i and "\n" in doc[i].text]
    if breaks:
        # Written back in one array: each Token.is_sent_start assignment scans the whole Doc for a parse.
        starts = doc.to_array(SENT_START).astype(numpy.int64)
        for i in breaks:
            starts[i] = -1
            if i + 1 < len(doc):
                starts[i + 1] = 1
        doc.from_array([SENT_START], starts.astype(numpy.uint64))  # type: ignore[arg-type]  # stub wants Ints2d
    return doc


# Chunks of text (between blanks) whose tokenization spaCy remembers. Its default, 10,000, is soon full
# on a feed of news, which then tokenizes more slowly; a few megabytes buy a cache that holds
# the everyday words of news and the listed phrases that go through the tokenizer.
TOKENIZER_CACHE = 200_000


# spaCy refuses texts over `nlp.max_length` (a million characters): a trained parser or NER needs about
# a gigabyte per 100,000. Longer articles are parsed in pieces of at most this many, cut after a line
# break (or a space) and joined again, so that every offset into the article stays exact.
PIECE_CHARS = 100_000


_TEXT = "pipeline.text"


def parse(nlp: Language, text: str) -> Doc:
    """`text` parsed by `nlp`; a long text in pieces joined into one Doc whose text is `text`."""
    if len(text) <= PIECE_CHARS:
        doc = nlp(text)
    else:
        doc = Doc.from_docs(list(nlp.pipe(_pieces(text, PIECE_CHARS))), ensure_whitespace=False)
    doc.user_data[_TEXT] = text
    return doc


def text_of(doc: Doc) -> str:
    """The text `doc` was parsed from: kept by `parse`, since `Doc.text` joins every token anew."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def _pieces(text: str, size: int) -> Iterator[str]:
    """`text` cut into pieces of at most `size` characters, each ending after a line break if it can."""
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = window.rfind("\n", size // 2) + 1 or window.rfind(" ", size // 2) + 1 or size
        yield text[start : start + cut]
        start += cut
    yield text[start:]


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
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE  # type: ignore[union-attr]
    return nlp


def sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token, so extractors need not count sentences again."""
    index = [0] * len(doc)
    for number, (start, end) in enumerate(sentences(doc)):
        index[start:end] = [number] * (end - start)
    return index


def sentences(doc: Doc) -> list[tuple[int, int]]:
    """The (start, end) token indices of `doc.sents`, read from `tokens` without making a Span each."""
    if not len(doc):
        return []
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return [(sent.start, sent.end) for sent in doc.sents]  # a hook's sentences, or spaCy's error
    starts = [0, *compress(range(1, len(doc)), tokens(doc).sent_start[1:])]
    return list(zip(starts, [*starts[1:], len(doc)], strict=True))


@dataclass(frozen=True, slots=True)
class Tokens:
    """A Doc's token texts, character offsets and sentence starts as plain lists.

    spaCy builds a new Token object (about a microsecond) for every `doc[i]` and every token of a loop;
    extractors that scan all tokens read these lists instead, made once per Doc by `tokens`.
    """

    text: list[str]
    start: list[int]  # character offset of each token
    end: list[int]  # character offset after it
    sent_start: list[bool]
    space_after: list[bool]

    def first_at(self, char: int) -> int:
        """The first token starting at or after character `char`; the token count if none does."""
        return bisect_left(self.start, char)


_TOKENS = "pipeline.tokens"
_PHRASES = "pipeline.phrases"
_LOWERED = "pipeline.lowered"
# Token texts by their ORTH hash (the same in every Vocab): a dict lookup is several times faster than
# spaCy's StringStore. Cleared when full, as a long feed brings new words without end.
_TEXTS: dict[int, str] = {}
_TEXTS_CACHE = 200_000


def tokens(doc: Doc) -> Tokens:
    """The `Tokens` of a parsed Doc, kept in its user data so that every extractor shares them."""
    found = doc.user_data.get(_TOKENS)
    if found is None:
        columns = doc.to_array([ORTH, IDX, LENGTH, SENT_START, SPACY]).reshape(-1, 5)
        strings = doc.vocab.strings
        if len(_TEXTS) > _TEXTS_CACHE:
            _TEXTS.clear()
        found = Tokens(
            [_TEXTS.get(orth) or _TEXTS.setdefault(orth, strings[orth]) for orth in columns[:, 0].tolist()],
            columns[:, 1].tolist(),
            (columns[:, 1] + columns[:, 2]).tolist(),
            (columns[:, 3] == 1).tolist(),
            columns[:, 4].astype(bool).tolist(),
        )
        doc.user_data[_TOKENS] = found
    return found


def lowered(doc: Doc) -> list[str]:
    """The Doc's token texts in lower case, made once for every matcher on LOWER."""
    found: list[str] | None = doc.user_data.get(_LOWERED)
    if found is None:
        found = doc.user_data[_LOWERED] = [text.lower() for text in tokens(doc).text]
    return found


class Phrases:
    """Every listed phrase in a Doc, by its tokens, and which listed phrase each match is.

    A match's own text can differ from the phrase listed (line breaks, "People 's" for "People's"),
    so phrases are looked up by their tokens.

    Not spaCy's PhraseMatcher: it needs a Doc of every phrase, and making 40,000 place names into Docs
    (tokenizing them and creating a lexeme for each word) took three seconds at the start of every run.
    A phrase of letters and spaces is split at its spaces instead (the tokenizer splits such a phrase
    nowhere else, bar its special cases), and a dict of token tuples and their prefixes finds the same
    matches, overlapping ones included.
    """

    def __init__(self, nlp: Language, attr: str = "ORTH") -> None:
        if attr not in {"ORTH", "LOWER"}:
            raise ValueError(f"Phrases matches on ORTH or LOWER, not {attr}")
        self.nlp = nlp
        self.lower = attr == "LOWER"
        # Token forms of each phrase -> (label, listed phrase) pairs, in the order they were added.
        self.phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        self._prefixes: set[tuple[str, ...]] = set()
        self._firsts: set[str] = set()
        self._special = frozenset(nlp.tokenizer.rules or ())  # type: ignore[union-attr]
        # Where a Doc keeps this matcher's matches (the name and role finders both ask for the titles);
        # a new key after each `add`, so no Doc keeps matches of fewer phrases.
        self._adds = 0
        self._key = f"{_PHRASES}.{id(self)}.{self._adds}"

    def _form(self, words: Iterable[str]) -> tuple[str, ...]:
        # A token's LOWER is its text lowercased (spaCy's lexeme attribute is str.lower).
        return tuple(w.lower() for w in words) if self.lower else tuple(words)

    def tokenize(self, phrase: str) -> list[str]:
        """The phrase's tokens as the tokenizer makes them, without the tokenizer where it is plain."""
        words = phrase.split(" ")
        if all(w.isalpha() and w not in self._special for w in words):
            return words
        return [t.text for t in self.nlp.make_doc(phrase)]

    def add(self, label: str, phrases: Iterable[str]) -> None:
        for phrase in phrases:
            forms = [self.tokenize(phrase)]
            if "." in phrase:
                # The tokenizer keeps the point of "Sen." or "Gov." only as written in a text, capitalized
                # and followed by more: a phrase listed in lower case ("sen.") or ending its text splits.
                # Both forms are matched.
                written = " ".join(w[:1].upper() + w[1:] for w in phrase.split(" "))
                inside = [t.text for t in self.nlp.make_doc(written + " x")[:-1]]
                if inside != forms[0]:
                    forms.append(inside)
            for words in forms:
                key = self._form(words)
                if not key:
                    continue
                entries = self.phrases.setdefault(key, [])
                if all(entry[0] != label for entry in entries):
                    entries.append((label, phrase))
                self._prefixes.update(key[:n] for n in range(1, len(key)))
                self._firsts.add(key[0])
        self._adds += 1
        self._key = f"{_PHRASES}.{id(self)}.{self._adds}"

    def __call__(self, doc: Doc) -> list[tuple[str, int, int, str]]:
        """(label, start token, end token, listed phrase) of every match, overlapping ones included."""
        found = doc.user_data.get(self._key)
        if found is None:
            found = []
            forms = lowered(doc) if self.lower else tokens(doc).text
            phrases, prefixes, firsts, n = self.phrases, self._prefixes, self._firsts, len(forms)
            for start in [i for i, form in enumerate(forms) if form in firsts]:
                end = start + 1
                key: tuple[str, ...] = (forms[start],)
                while True:
                    for label, phrase in phrases.get(key, ()):
                        found.append((label, start, end, phrase))
                    if key not in prefixes or end >= n:
                        break
                    key += (forms[end],)
                    end += 1
            doc.user_data[self._key] = found
        return list(found)
