"""Find the temporal expressions of an article and normalize them against its publication date."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from spacy.tokens import Doc

from pipeline.model import Article, DateFact
from pipeline.temporal import SHAPES, Tense, Timex, tense_cues, tense_of

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
# How far an expression may reach from its key word (see `Shape.key`); the longest are ~40 characters.
_REACH = 64

Context = Callable[[str, re.Match[str]], bool]


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


def _windows(key: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around the hits of `key`, merged; every expression lies inside one."""
    spans: list[tuple[int, int]] = []
    for hit in key.finditer(text):
        start, end = max(0, hit.start() - _REACH), min(len(text), hit.end() + _REACH)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


class _Tenses:
    """The tense around a character offset, from the sentence (and clause) that contains it."""

    def __init__(self, doc: Doc) -> None:
        self._sentences = list(doc.sents)
        self._starts = [s.start_char for s in self._sentences]
        self._cache: dict[int, tuple[list[str], list[int], list[tuple[int, Tense]]]] = {}

    def at(self, offset: int) -> Tense:
        if not self._sentences:
            return "present"
        index = max(0, bisect_right(self._starts, offset) - 1)
        if index not in self._cache:
            words = [t.text for t in self._sentences[index]]
            offsets = [t.idx for t in self._sentences[index]]
            self._cache[index] = (words, offsets, tense_cues(words))
        words, offsets, cues = self._cache[index]
        near = min(bisect_left(offsets, offset), len(words) - 1)
        return tense_of(words, near, cues)


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
    windows: dict[tuple[re.Pattern[str], bool], list[tuple[int, int]]] = {}
    candidates: list[tuple[int, int, int, Timex]] = []
    for order, shape in enumerate(SHAPES):
        pattern, target = shape.pattern, text
        if shape.folded is not None and foldable:
            pattern, target = shape.folded, lowered
        spans = [(0, len(text))]
        if shape.key is not None:
            cache_key = (shape.key, target is lowered)
            if cache_key not in windows:
                windows[cache_key] = _windows(shape.key, target)
            spans = windows[cache_key]
        check = _CONTEXT.get(shape.name)
        matches = (match for pos, endpos in spans for match in pattern.finditer(target, pos, endpos))
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
