"""Find the temporal expressions of an article and normalize them against its publication date."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from spacy.tokens import Doc

from pipeline.model import Article, DateFact
from pipeline.temporal import SHAPES, Tense, Timex, tense_of

# A bare year or month is a date only after a word that introduces one: "in 2015", "since June",
# "the year 2015". Without it "2015" may be a count and "May" a name.
_INTRODUCERS = (
    r"in|since|by|until|till|of|during|from|before|after|through|throughout|for|between|around|circa"
    r"|early|mid|late|end|beginning|year|spring|summer|autumn|fall|winter"
)
_YEAR_BEFORE = re.compile(
    rf"(?:\b(?:{_INTRODUCERS})[^\S\n]*[\s-][^\S\n]*|\d{{4}},?[^\S\n]+(?:and|or|to)[^\S\n]+)$", re.I
)
_MONTH_BEFORE = re.compile(
    rf"\b(?:{_INTRODUCERS}|to|and|or|next|last|this)[^\S\n]*[\s-][^\S\n]*(?:of[^\S\n]+)?$", re.I
)
# "May" is also a name and a modal verb: only the plainest introducers make it a month.
_MAY_BEFORE = re.compile(
    r"\b(?:in|since|until|till|during|early|mid|late|end\s+of)[^\S\n]*[\s-][^\S\n]*$", re.I
)
# "2020, ..." opening a sentence or paragraph.
_SENTENCE_OPENING = re.compile(r"(?:[.!?][\"'\u201d\u2019)]*\s+|\n\s*)[\"\u201c]?$")
_LOOK_BACK = 40

Context = Callable[[str, "re.Match[str]"], bool]


def _preceded_by(pattern: re.Pattern[str], text: str, start: int) -> bool:
    # Searching with pos/endpos keeps \b aware of the characters outside the window.
    return pattern.search(text, max(0, start - _LOOK_BACK), start) is not None


def _year_context(text: str, m: re.Match[str]) -> bool:
    start = m.start()
    if _preceded_by(_YEAR_BEFORE, text, start):
        return True
    opens = not text[:start].strip() or _preceded_by(_SENTENCE_OPENING, text, start)
    return opens and text.startswith(",", m.end())


def _year_range_context(text: str, m: re.Match[str]) -> bool:
    # "2015-2018" reads as years on its own; "2015 to 2018" needs the same introducer as a year.
    joined_by_dash = not text[m.end("y") : m.start("y2")].strip().isalpha()
    return joined_by_dash or _year_context(text, m)


def _month_context(text: str, m: re.Match[str]) -> bool:
    if m["rel"]:
        return True
    before = _MAY_BEFORE if m["m"].lower() == "may" else _MONTH_BEFORE
    return _preceded_by(before, text, m.start())


_CONTEXT: dict[str, Context] = {
    "year": _year_context,
    "year_range": _year_range_context,
    "month": _month_context,
}


class _Tenses:
    """The tense around a character offset, from the sentence (and clause) that contains it."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._sentences = list(doc.sents)
        self._starts = [s.start_char for s in self._sentences]
        self._words: dict[int, tuple[list[str], list[int]]] = {}

    def at(self, offset: int) -> Tense:
        if not self._sentences:
            return "present"
        index = max(0, bisect_right(self._starts, offset) - 1)
        if index not in self._words:
            sentence = self._sentences[index]
            self._words[index] = ([t.text for t in sentence], [t.idx for t in sentence])
        words, offsets = self._words[index]
        near = min(max(0, bisect_left(offsets, offset)), len(words) - 1)
        return tense_of(words, near)


def find_dates(doc: Doc, article: Article) -> list[DateFact]:
    """Every temporal expression in `article`, normalized; overlaps go to the longest, sorted by start.

    `doc` is the spaCy parse of `article.text` (for sentence boundaries, which orient weekdays and
    months by tense); relative expressions are anchored to `article.published` when it is known.
    """
    text = article.text
    lowered = text.lower()
    # Lowercasing may change lengths (rare non-ASCII letters); then offsets would not carry over.
    foldable = len(lowered) == len(text)
    tenses = _Tenses(doc)
    candidates: list[tuple[int, int, int, Timex]] = []
    for order, shape in enumerate(SHAPES):
        if shape.gate and not any(word in lowered for word in shape.gate):
            continue
        check = _CONTEXT.get(shape.name)
        matches = (
            shape.folded.finditer(lowered)
            if shape.folded is not None and foldable
            else shape.pattern.finditer(text)
        )
        for match in matches:
            start, end = match.span()
            if start == end or (check is not None and not check(text, match)):
                continue
            timex = shape.normalize(match, article.published, tenses.at(start))
            if timex is not None:
                candidates.append((start, end, order, timex))

    # Longest first, then the more specific shape; a span is kept only if it overlaps no kept one.
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    kept: list[tuple[int, int, int, Timex]] = []
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        if all(end <= s or e <= start for s, e, _, _ in kept):
            kept.append(candidate)
    kept.sort(key=lambda c: c[0])
    return [
        DateFact(
            text=text[start:end],
            start=start,
            end=end,
            kind=timex.kind,
            value=timex.value,
            start_date=timex.start_date,
            end_date=timex.end_date,
            granularity=timex.granularity,
        )
        for start, end, _, timex in kept
    ]
