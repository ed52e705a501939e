"""Find the temporal expressions of an article and normalize them against its publication date."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc

from pipeline.model import Article, DateFact
from pipeline.nlp import sentences, tokens
from pipeline.spans import Disjoint
from pipeline.temporal import NOT_A_DATE, SHAPES, Tense, Timex, follow, tense_cues, tense_of

# A bare year or month is a date only after a word that introduces one: "in 2015", "since June",
# "the year 2015". Without it "2015" may be a count and "May" a name.
_INTRODUCERS = (
    r"in|into|since|by|until|till|of|during|from|before|after|through|throughout|for|between|around|circa"
    r"|early|mid|late|end|beginning|year|spring|summer|autumn|fall|winter"
)
# Before a noun, a year after a determiner is a date too: "its 1990 invasion", "the 1995 shooting".
_DETERMINERS = r"the|its|a|an|his|her|their|our|whose|this|that|due|both"
# Words between the determiner and a number that make it a count: "an estimated 2000", "the first 2000".
_NOT_ADJECTIVES = (
    r"(?:estimated|additional|extra|further|mere|total|about|around|nearly|almost|some|another|only|just"
    r"|over|approximately|roughly|least|first|last|next|remaining|top|other|more|fewer|less)\b"
)
_YEAR_BEFORE = re.compile(
    rf"(?:\b(?:{_INTRODUCERS})[^\S\n]*[\s-][^\S\n]*|\d{{4}},?[^\S\n]+(?:and|or|to)[^\S\n]+"
    rf"|(?:\b(?:{_DETERMINERS})|\w['\u2019]s)[^\S\n]+(?:(?!{_NOT_ADJECTIVES})[a-z]+[^\S\n]+)?)$",
    re.I,
)
_MONTH_BEFORE = re.compile(
    rf"\b(?:{_INTRODUCERS}|to|and|or|next|last|this)[^\S\n]*[\s-][^\S\n]*(?:of[^\S\n]+)?$", re.I
)
# "May" is also a name and a modal verb: only the plainest introducers make it a month.
_MAY_BEFORE = re.compile(
    r"\b(?:in|since|until|till|during|early|mid|late|end\s+of)[^\S\n]*[\s-][^\S\n]*$", re.I
)
# An amount, perhaps of something ("$500 million", "four flights"), before a rate ("... a year").
_AMOUNT_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|trillion|thousand|hundred|dozen|percent|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred))(?:[^\S\n]+[a-z]+s)?[^\S\n]*%?[^\S\n]+$",
    re.I,
)
# "2020, ..." opening a sentence or paragraph.
_SENTENCE_OPENING = re.compile(r"(?:[.!?][\"'\u201d\u2019)]*\s+|\n\s*)[\"\u201c]?$")
# Words that point a date without a year forward ("payable Dec. 7", "until March 6", "as soon as
# Tuesday") or back ("since June"), whatever the tense of the sentence.
_FORWARD = re.compile(
    r"\b(?:until|till|through|by|to|payable|expires?|expiring|due|effective|record|starting|deadline"
    r"|as[^\S\n]+(?:soon|early)[^\S\n]+as|scheduled[^\S\n]+for|set[^\S\n]+for|planned[^\S\n]+for)"
    r"[^\S\n]+(?:(?:on|about|around|early|late)[^\S\n]+|mid-)?$",
    re.I,
)
_BACKWARD = re.compile(r"\bsince[^\S\n]+(?:(?:early|late)[^\S\n]+|mid-)?$", re.I)
# Words TimeML counts as part of an expression, as its modifier: "early 1990", "the end of November",
# "earlier this month", "the first nine months", "nearly forty years", "almost two years ago".
_POINT_MODIFIERS = re.compile(
    r"(?:(?:\bthe[^\S\n]+)?\b(?:early|late|earlier|later)[^\S\n]+|\bmid-"
    r"|\bthe[^\S\n]+(?:end|beginning|start|middle)[^\S\n]+of[^\S\n]+(?:the[^\S\n]+)?)$",
    re.I,
)
_APPROXIMATELY = (
    r"\b(?:nearly|almost|about|around|roughly|approximately|some|more[^\S\n]+than|less[^\S\n]+than"
    r"|at[^\S\n]+least)[^\S\n]+"
)
_SPAN_MODIFIERS = re.compile(
    rf"(?:\bthe[^\S\n]+(?:(?:first|latest|same|entire|whole|full)[^\S\n]+)?|{_APPROXIMATELY})$", re.I
)
_AGO_MODIFIERS = re.compile(rf"{_APPROXIMATELY}$", re.I)
_LOOK_BACK = 40
# How far an expression may reach from its key word (see `Shape.key`); the longest are ~40 characters.
_REACH = 64

Context = Callable[[str, re.Match[str]], bool]


def _preceded_by(pattern: re.Pattern[str], text: str, start: int) -> bool:
    # Searching with pos/endpos keeps \b aware of the characters outside the window.
    return pattern.search(text, max(0, start - _LOOK_BACK), start) is not None


def _tense(text: str, start: int, tenses: _Tenses) -> Tense:
    """The tense that orients an expression at `start`: that of its clause, unless the words just before
    it point one way. "Since June" looks back; "until March 6" looks ahead, or to the nearest March 6
    in a clause in the past ("prices rose through August" written in October)."""
    if _preceded_by(_BACKWARD, text, start):
        return "before"
    tense = tenses.at(start)
    if _preceded_by(_FORWARD, text, start):
        return "present" if tense == "past" else "future"
    return tense


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


def _is_rate(text: str, m: re.Match[str]) -> bool:
    # "$2 million a year", "700 seats a week", "24 hours a day": rates, which recur every year, week, day.
    return (m["n"] or "").lower() in ("a", "an") and _preceded_by(_AMOUNT_BEFORE, text, m.start())


def _the_year_context(text: str, m: re.Match[str]) -> bool:
    # "Person of the Year" is a title. (The match may be on lowercased text: read the text itself.)
    return "the Year" not in text[m.start() : m.end()]


def _month_context(text: str, m: re.Match[str]) -> bool:
    if m["rel"]:
        return True
    before = _MAY_BEFORE if m["m"].lower() == "may" else _MONTH_BEFORE
    return _preceded_by(before, text, m.start())


_CONTEXT: dict[str, Context] = {
    "year": _year_context,
    "year_range": _year_range_context,
    "month": _month_context,
    "the_year": _the_year_context,
}


# A key that is only a few words ("past|last|previous") is found faster word by word with str.find than
# by a regex scan of the whole text; with many words (month names) the regex is faster.
_MAX_FIND_WORDS = 9
_REGEX_SYNTAX = frozenset(r".^$*+?{}[]\()")


@cache
def _words_of(key: re.Pattern[str]) -> tuple[str, ...] | None:
    """The words a key is an alternation of, if it is nothing more and they are few; None otherwise."""
    words = tuple(key.pattern.split("|"))
    if key.flags != re.UNICODE or _REGEX_SYNTAX.intersection(key.pattern) or "" in words:
        return None
    return words if len(words) <= _MAX_FIND_WORDS else None


# Keys made only of digits and a few literal marks match the same in the text and the lowercased text.
_DIGITS_ONLY = re.compile(r"(?:\\d|[0-9|(){},?:-])+")


@cache
def _case_blind(key: re.Pattern[str]) -> bool:
    return _DIGITS_ONLY.fullmatch(key.pattern) is not None


def _hits(key: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The spans of `key.finditer(text)`."""
    words = _words_of(key)
    if words is None:
        return [hit.span() for hit in key.finditer(text)]
    # Every occurrence of every word, then the leftmost, non-overlapping ones, the first word listed
    # winning at one place: the hits a regex alternation of the words finds.
    found = []
    for order, word in enumerate(words):
        at = text.find(word)
        while at >= 0:
            found.append((at, order, at + len(word)))
            at = text.find(word, at + 1)
    found.sort()
    hits, end = [], 0
    for start, _, stop in found:
        if start >= end:
            hits.append((start, stop))
            end = stop
    return hits


def _windows(key: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around the hits of `key`, merged; every expression lies inside one."""
    spans: list[tuple[int, int]] = []
    for hit_start, hit_end in _hits(key, text):
        start, end = max(0, hit_start - _REACH), min(len(text), hit_end + _REACH)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


class _Tenses:
    """The tense around a character offset, from the sentence (and clause) that contains it."""

    def __init__(self, doc: Doc) -> None:
        self._tokens = tokens(doc)
        self._sentences = sentences(doc)
        self._starts = [self._tokens.start[start] for start, _ in self._sentences]
        self._cache: dict[int, tuple[list[str], list[int], list[tuple[int, Tense]]]] = {}

    def at(self, offset: int) -> Tense:
        if not self._sentences:
            return "present"
        index = max(0, bisect_right(self._starts, offset) - 1)
        if index not in self._cache:
            start, end = self._sentences[index]
            words = self._tokens.text[start:end]
            offsets = self._tokens.start[start:end]
            self._cache[index] = (words, offsets, tense_cues(words))
        words, offsets, cues = self._cache[index]
        near = min(bisect_left(offsets, offset), len(words) - 1)
        return tense_of(words, near, cues)


def _reported(quarter: Timex, anchor: dt.date | None) -> bool:
    # A quarter a report can be about has ended ("a fourth-quarter charge" in October looks ahead).
    return anchor is None or (quarter.end_date is not None and quarter.end_date < anchor)


def _widened(text: str, start: int, end: int, timex: Timex) -> int:
    """Where an expression starts with its modifier ("early 1990", "the first nine months")."""
    window = max(0, start - _LOOK_BACK), start
    if timex.kind in ("date", "range", "vague") and text.startswith("ago", end - 3):
        modifier = _AGO_MODIFIERS.search(text, *window)
    elif timex.kind in ("date", "range") and timex.granularity != "time":
        modifier = _POINT_MODIFIERS.search(text, *window)
    elif (
        timex.kind == "duration"
        and "-" not in text[start:end]
        and not text.startswith(("the ", "The "), start)
    ):
        modifier = _SPAN_MODIFIERS.search(text, *window)
    else:
        modifier = None
    return modifier.start() if modifier else start


def _follow_references(
    kept: list[tuple[int, int, int, Timex]], anchor: dt.date | None
) -> list[tuple[int, int, int, Timex]]:
    """Read "the quarter", "a year earlier" and "that year" against what the text said before them.

    A business report's "the latest quarter" or "a year ago" means the quarter it reports on (the last
    quarter named before), or that quarter a year earlier; "that year" is the year of the last date.
    Without such a date they keep the reading they have (the last whole quarter, the year before).
    """
    quarter: Timex | None = None
    last_date: Timex | None = None
    last_day: Timex | None = None
    followed = []
    for start, end, order, timex in kept:
        how = timex.follows
        if how is not None:
            reference = last_day if how == "day" else last_date if how.startswith("date") else quarter
            if reference is not None:
                timex = follow(timex, reference)
        if timex.granularity == "quarter" and how in (None, "period") and _reported(timex, anchor):
            quarter = timex
        if timex.kind == "date" and timex.start_date is not None:
            last_date = timex
            if timex.granularity in ("day", "time"):
                last_day = timex
        followed.append((start, end, order, timex))
    return followed


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
            # Digit keys ("(?:19|20)\d\d") are sought once, whichever text the shape is matched on.
            cache_key = (shape.key, target is lowered and not _case_blind(shape.key))
            if cache_key not in windows:
                windows[cache_key] = _windows(shape.key, target)
            spans = windows[cache_key]
        check = _CONTEXT.get(shape.name)
        matches = (match for pos, endpos in spans for match in pattern.finditer(target, pos, endpos))
        for match in matches:
            start, end = match.span()
            if start == end or (check is not None and not check(text, match)):
                continue
            timex = shape.normalize(match, article.published, _tense(text, start, tenses))
            if timex is not None and shape.name == "duration" and _is_rate(text, match):
                timex = replace(timex, kind="set")
            if timex is not None:
                candidates.append((start, end, order, timex))

    # Longest first, then the more specific shape; a span is kept only if it overlaps no kept one.
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    kept: list[tuple[int, int, int, Timex]] = []
    taken = Disjoint()
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        if not taken.overlaps(start, end):
            kept.append(candidate)
            taken.add(start, end)
    # An impossible date ("February 30") has kept the shorter readings inside it out; it is no date itself.
    kept = [candidate for candidate in kept if candidate[3] is not NOT_A_DATE]
    kept.sort(key=lambda c: c[0])
    kept = _follow_references(kept, article.published)
    widened, previous_end = [], 0
    for start, end, order, timex in kept:
        wider = _widened(text, start, end, timex)
        widened.append((wider if wider >= previous_end else start, end, order, timex))
        previous_end = end
    kept = widened
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
