"""Find amounts of money, percentages, ordinals, cardinals and measured quantities, with normalized values."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy
import pycountry
import text_to_num
from spacy.attrs import IS_DIGIT, LIKE_NUM
from spacy.tokens import Doc, Span, Token

from pipeline.errors import ReferenceDataError
from pipeline.model import Article, FigureFact

_CURRENCY_FILE = "currencies.csv"

# One blank (never a line break: a figure does not run across paragraphs), optionally, or a hyphen
# before a unit ("a 10-km road", "a 5-million-dollar deal").
_SP = r"[^\S\n]?"
_SEP = r"(?:[^\S\n]|-)?"

# Written scale words, everywhere. text2num knows thousand, million, ... as words after a spelled number,
# but not after digits ("5 million") nor the newsroom abbreviations or South Asian lakh and crore.
_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
# One-letter scales only after a currency: without one, "5m" is five metres and "5k", "5b" are labels.
_CURRENCY_SCALES: dict[str, float] = {"k": 1e3, "m": 1e6, "b": 1e9}

# Spellings of real units of measure -> one short canonical symbol. Counted nouns (people, troops, days)
# are deliberately absent: "200 people" is a cardinal. "ton" (short ton) is folded into the tonne, and
# "pound" is a currency here (see currencies.csv), so weights in pounds are not read.
_UNITS: dict[str, str] = {
    **dict.fromkeys(["km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"], "km"),
    **dict.fromkeys(["m", "metre", "metres", "meter", "meters"], "m"),
    **dict.fromkeys(["cm", "centimetre", "centimetres", "centimeter", "centimeters"], "cm"),
    **dict.fromkeys(["mm", "millimetre", "millimetres", "millimeter", "millimeters"], "mm"),
    **dict.fromkeys(["mile", "miles"], "mi"),
    **dict.fromkeys(["nautical mile", "nautical miles"], "nmi"),
    **dict.fromkeys(["ft", "foot", "feet"], "ft"),
    **dict.fromkeys(["km2", "km²", "sq km", "square kilometre", "square kilometres"], "km2"),
    **dict.fromkeys(["square kilometer", "square kilometers"], "km2"),
    **dict.fromkeys(["sq mi", "square mile", "square miles"], "mi2"),
    **dict.fromkeys(["ha", "hectare", "hectares"], "ha"),
    **dict.fromkeys(["acre", "acres"], "acre"),
    **dict.fromkeys(
        ["kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"], "kg"
    ),
    **dict.fromkeys(["gram", "grams", "gramme", "grammes"], "g"),
    **dict.fromkeys(["tonne", "tonnes", "ton", "tons", "metric ton", "metric tons"], "t"),
    **dict.fromkeys(["barrel", "barrels", "bbl"], "bbl"),
    **dict.fromkeys(["barrels per day", "barrels a day", "bpd", "b/d"], "bbl/d"),
    **dict.fromkeys(["litre", "litres", "liter", "liters"], "L"),
    **dict.fromkeys(["gallon", "gallons"], "gal"),
    **dict.fromkeys(["m3", "m³", "cubic metre", "cubic metres", "cubic meter", "cubic meters"], "m3"),
    **dict.fromkeys(["kW", "kilowatt", "kilowatts"], "kW"),
    **dict.fromkeys(["MW", "megawatt", "megawatts"], "MW"),
    **dict.fromkeys(["GW", "gigawatt", "gigawatts"], "GW"),
    **dict.fromkeys(["kWh", "kilowatt-hour", "kilowatt-hours", "kilowatt hours"], "kWh"),
    **dict.fromkeys(["MWh", "megawatt-hour", "megawatt-hours", "megawatt hours"], "MWh"),
    **dict.fromkeys(["GWh", "gigawatt-hour", "gigawatt-hours", "gigawatt hours"], "GWh"),
    **dict.fromkeys(["TWh", "terawatt-hour", "terawatt-hours", "terawatt hours"], "TWh"),
    **dict.fromkeys(["km/h", "kph", "kmph"], "km/h"),
    **dict.fromkeys(["mph"], "mph"),
}

_PERCENT = r"%|(?i:per[^\S\n]?cent|percent|pct)"
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DASH = r"[-\u2013\u2014]"  # hyphen, en dash, em dash
_THROUGH = rf"[^\S\n]*(?:{_DASH}|to\b|and\b)[^\S\n]*"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
# "6 April", "6th of April", "6th Apr", and the first day of "6-7 April".
_DAY_BEFORE_MONTH = re.compile(rf"(?:{_THROUGH}{_DAY})?[^\S\n]+(?:of[^\S\n]+)?{_MONTH}")
# "April 6", "Apr. 6th", and the second day of "April 6-7".
_DAY_AFTER_MONTH = re.compile(rf"(?<![A-Za-z]){_MONTH}[^\S\n]*(?:{_DAY}{_THROUGH})?\Z")
# "June 2017", "1 May 1948", "6th Apr, 2021", "April 6, 2021"; a preposition ("in 2015", "since 1948");
# the second year of "2015-2020", "2019-20", "2015 to 2020".
_YEAR_LEAD = re.compile(
    rf"""(?:
        (?<![A-Za-z]){_MONTH}(?:[^\S\n]+{_DAY})?,?[^\S\n]*
      | (?<![A-Za-z])(?i:in|since|by|until|till|of|during|from|between)[^\S\n]+
      | (?<!\d){_YEAR}(?:[^\S\n]*(?:{_DASH}|/)[^\S\n]*|[^\S\n]+(?:to|and)[^\S\n]+)
    )\Z""",
    re.VERBOSE,
)
# "2021 April", the first year of "2019-20", "2015-2020" and "2015 to 2020".
_YEAR_TAIL = re.compile(rf"[^\S\n]*,?[^\S\n]*{_MONTH}|(?:{_DASH}|/)\d\d\b|{_THROUGH}{_YEAR}\b")
# Clock times: "10:30", "5 pm", "3.30 p.m.".
_CLOCK_TAIL = re.compile(r":\d\d\b|[^\S\n]?(?:[ap]\.m\.|(?i:[ap]m\b)|GMT\b)")
_CLOCK_LEAD = re.compile(r"\d:\Z")
_SHORT_YEAR_LEAD = re.compile(rf"{_YEAR}(?:{_DASH}|/)\Z")
_LOOK_BACK = 30  # characters: enough for "September 30th to " before a day or year

# "no one" and "one another" are pronouns, not the number one.
_PRONOUN_BEFORE_ONE = frozenset({"no", "every", "any"})


@dataclass(frozen=True, slots=True)
class _Currencies:
    prefixes: dict[str, str]  # token as written -> ISO 4217 code
    suffixes: dict[str, str]


@lru_cache(maxsize=1)
def _currencies() -> _Currencies:
    """The bundled currency table, every code checked against ISO 4217."""
    label = f"pipeline/reference/{_CURRENCY_FILE}"
    prefixes: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    with resources.files("pipeline").joinpath("reference", _CURRENCY_FILE).open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for number, row in enumerate(csv.DictReader(lines), start=2):
        token, code, position = (row.get(key) for key in ("token", "code", "position"))
        if not token or not code or position not in ("prefix", "suffix", "both"):
            raise ReferenceDataError(f"{label}: row {number} needs a token, a code and a position")
        if pycountry.currencies.get(alpha_3=code) is None:
            raise ReferenceDataError(f"{label}: row {number}: {code!r} is not an ISO 4217 currency code")
        if position in ("prefix", "both"):
            prefixes[token] = code
        if position in ("suffix", "both"):
            suffixes[token] = code
    return _Currencies(prefixes, suffixes)


def _alternation(spellings: Iterable[str]) -> str:
    """A regex matching any of `spellings`, longest first so that "US$" wins over "$".

    Symbols and codes match as written ("MW" is not "mw", "m" is not "M"); lowercase words of three or
    more letters match in any case. A spelling that starts with a letter must not continue a word.
    """
    parts = []
    for spelling in sorted(set(spellings), key=lambda s: (-len(s), s)):
        pattern = r"[^\S\n]+".join(re.escape(word) for word in spelling.split(" "))
        if spelling.islower() and sum(char.isalpha() for char in spelling) >= 3:
            pattern = f"(?i:{pattern})"
        if spelling[0].isalpha():
            pattern = rf"(?<![^\W\d_]){pattern}"
        parts.append(pattern)
    return "|".join(parts)


def _suffix_pattern(suffixes: Iterable[str]) -> str:
    """What may follow an amount: a percent sign or word, a currency word or code, or a unit."""
    return rf"(?P<pct>{_PERCENT})|(?P<csuf>{_alternation(suffixes)})|(?P<unit>{_alternation(_UNITS)})"


@dataclass(frozen=True, slots=True)
class _Patterns:
    digits: re.Pattern[str]  # a figure written with digits, with its currency, scale and unit
    tail: re.Pattern[str]  # what follows a spelled-out number ("twenty per cent", "five million dollars")


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The figure regexes, compiled once: they spell out every currency token and unit."""
    currencies = _currencies()
    scales = _alternation(_SCALES)
    letter_scales = "|".join(_CURRENCY_SCALES)
    near = max(map(len, currencies.prefixes)) + 1  # the longest currency prefix and a blank
    digits = re.compile(
        rf"""
        (?=[^\d\n]{{0,{near}}}\d)  # cheap test first, as most positions are far from any digit
        (?:(?P<cur>{_alternation(currencies.prefixes)}){_SP}   # "$ 250", "USD12.5", "Rs 5bn"
          | (?<![\w.,])(?<![^\W\d_]-))                        # not inside "G20", "COVID-19", "1.2.3"
        (?P<num>{_NUMBER})
        (?: (?P<ord>st|nd|rd|th)
          | (?:{_SP}(?:(?P<scale>{scales})|(?(cur)(?P<cscale>(?i:{letter_scales}))|(?!))))?
            (?(cur)|(?:{_SEP}(?:{_suffix_pattern(currencies.suffixes)}))?)
        )
        (?!\w)
        """,
        re.VERBOSE,
    )
    tail = re.compile(rf"{_SEP}(?:{_suffix_pattern(currencies.suffixes)})(?!\w)")
    return _Patterns(digits, tail)


def _is_date_part(text: str, start: int, end: int, value: float) -> bool:
    """Whether the number at text[start:end] is the day or year of a date rather than a figure."""
    span = text[start:end]
    look_back = max(0, start - _LOOK_BACK)
    could_be_day = value.is_integer() and 1 <= value <= 31 and "," not in span and "." not in span
    if could_be_day and (
        _DAY_BEFORE_MONTH.match(text, end) or _DAY_AFTER_MONTH.search(text, look_back, start)
    ):
        return True
    if span.isdigit() and len(span) == 4 and 1800 <= value <= 2100:
        return bool(_YEAR_LEAD.search(text, look_back, start) or _YEAR_TAIL.match(text, end))
    # The short second year of "2019-20".
    return span.isdigit() and len(span) == 2 and bool(_SHORT_YEAR_LEAD.search(text, look_back, start))


def _is_clock_time(text: str, start: int, end: int) -> bool:
    """Whether the number is part of a time of day ("10:30", "5 pm")."""
    return bool(_CLOCK_TAIL.match(text, end) or _CLOCK_LEAD.search(text, max(0, start - 2), start))


def _figure(text: str, start: int, end: int, kind: str, value: float, unit: str | None) -> FigureFact:
    return FigureFact(text=text[start:end], start=start, end=end, kind=kind, value=value, unit=unit)


def _digit_figures(text: str, begin: int) -> list[FigureFact]:
    """Figures written with digits, found with one regex over the text (spaCy splits "USD34.6" badly)."""
    patterns = _patterns()
    currencies = _currencies()
    figures = []
    for match in patterns.digits.finditer(text, begin):
        start, end = match.span()
        number = match["num"]
        value = float(number.replace(",", ""))
        if match["ord"]:
            if "." in number:
                continue
            kind, unit = "ordinal", None
        else:
            if match["scale"]:
                value *= _SCALES[match["scale"].lower()]
            elif match["cscale"]:
                value *= _CURRENCY_SCALES[match["cscale"].lower()]
            kind, unit = _kind_and_unit(match, currencies)
        if kind in ("cardinal", "ordinal") and (
            _is_date_part(text, start, end, value) or _is_clock_time(text, start, end)
        ):
            continue
        figures.append(_figure(text, start, end, kind, value, unit))
    return figures


def _kind_and_unit(match: re.Match[str], currencies: _Currencies) -> tuple[str, str | None]:
    """Kind and unit from the currency, percent sign or unit matched around a number."""
    groups = match.groupdict()  # the tail after a spelled-out number has no "cur" group
    if groups.get("cur"):
        return "money", currencies.prefixes[groups["cur"]]
    if groups["pct"]:
        return "percent", "percent"
    if groups["csuf"]:
        return "money", _lookup(currencies.suffixes, groups["csuf"])
    if groups["unit"]:
        return "quantity", _lookup(_UNITS, groups["unit"])
    return "cardinal", None


def _lookup(table: dict[str, str], written: str) -> str:
    """The table entry for a spelling as matched: case and inner blanks may differ from the table's."""
    key = " ".join(written.split())
    return table.get(key) or table[key.lower()]


class _NumToken(text_to_num.Token):
    """A spaCy token as text2num's `find_numbers` wants it."""

    __slots__ = ("_text", "token")

    def __init__(self, token: Token) -> None:
        self.token = token
        self._text = token.text  # find_numbers asks for it repeatedly; spaCy builds a new str each time

    def text(self) -> str:
        return self._text

    def nt_separated(self, previous: _NumToken) -> bool:
        # find_numbers skips white-space tokens itself, so "twenty\n\nfive" would read as 25.
        doc = self.token.doc
        return any("\n" in doc[i].text for i in range(previous.token.i + 1, self.token.i))

    def not_a_number_part(self) -> bool:
        if self._text.lower() != "one":
            return False
        token = self.token
        before = token.nbor(-1).lower_ if token.i > 0 else ""
        after = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
        return before in _PRONOUN_BEFORE_ONE or after == "another"


def _word_figures(doc: Doc, text: str, begin: int) -> list[FigureFact]:
    """Figures spelled out in words ("two", "twenty five", "sixth", "twenty per cent")."""
    tail = _patterns().tail
    currencies = _currencies()
    figures = []
    for window in _number_word_windows(doc):
        # Threshold 0: "two" and "first" count too; text2num's default drops isolated numbers below 3.
        found = text_to_num.find_numbers([_NumToken(token) for token in window], "en", 0)
        figures += _word_figures_in(window, found, text, begin, tail, currencies)
    return figures


# Tokens read on either side of a number word: enough for "a third of", "one hundred and five".
_WINDOW = 4


def _number_word_windows(doc: Doc) -> list[Span]:
    """Stretches of the text around spelled-out numbers; text2num reads only those, not every token."""
    windows: list[list[int]] = []
    if not len(doc):
        return []
    numeric = doc.to_array([LIKE_NUM, IS_DIGIT]).astype(bool)
    for i in numpy.flatnonzero(numeric[:, 0] & ~numeric[:, 1]).tolist():
        if doc[i].text[:1].isdigit():
            continue  # "1,200", "6th": the digit patterns read those
        start, end = max(i - _WINDOW, 0), min(i + _WINDOW + 1, len(doc))
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [doc[start:end] for start, end in windows]


def _word_figures_in(
    window: Span,
    found: list[text_to_num.Occurence],
    text: str,
    begin: int,
    tail: re.Pattern[str],
    currencies: _Currencies,
) -> list[FigureFact]:
    # Occurrences index tokens of the window; a Span is indexed like the Doc it comes from.
    doc = window
    spans = [(doc[o.start].idx, doc[o.end - 1].idx + len(doc[o.end - 1])) for o in found]
    figures = []
    for index, occurrence in enumerate(found):
        start, end = spans[index]
        if start < begin or _is_vague_or_fraction(doc, found, index):
            continue
        value = float(occurrence.value)
        if occurrence.is_ordinal:
            kind, unit = "ordinal", None
        else:
            kind, unit = "cardinal", None
            match = tail.match(text, end)
            if match:
                kind, unit = _kind_and_unit(match, currencies)
                end = match.end()
        if kind in ("cardinal", "ordinal") and (
            _is_date_part(text, start, end, value) or _is_clock_time(text, start, end)
        ):
            continue
        figures.append(_figure(text, start, end, kind, value, unit))
    return figures


def _is_vague_or_fraction(doc: Doc | Span, found: list[text_to_num.Occurence], index: int) -> bool:
    """Plurals ("millions of", "two thirds") and "a third of" are no exact figure; text2num keeps them."""
    occurrence = found[index]
    if _is_plural(doc, occurrence):
        return True
    following = found[index + 1] if index + 1 < len(found) else None
    # The "two" of "two-thirds" or "two thirds".
    if following is not None and following.start in (occurrence.end, occurrence.end + 1):
        between = doc[occurrence.end : following.start].text
        if between in ("", "-") and following.is_ordinal and _is_plural(doc, following):
            return True
    if occurrence.is_ordinal and occurrence.value > 2 and occurrence.start > 0 and occurrence.end < len(doc):
        return doc[occurrence.start - 1].lower_ in ("a", "one") and doc[occurrence.end].lower_ == "of"
    return False


def _is_plural(doc: Doc | Span, occurrence: text_to_num.Occurence) -> bool:
    return doc[occurrence.end - 1].lower_.endswith("s")


def find_figures(doc: Doc, article: Article) -> list[FigureFact]:
    """Every figure in the article outside its dateline, without overlaps, in text order."""
    text = article.text
    begin = article.dateline_end
    figures = _digit_figures(text, begin)
    taken = [(figure.start, figure.end) for figure in figures]
    # Digits win over words where both read the same stretch: text2num sees "million" in "5 million".
    for figure in _word_figures(doc, text, begin):
        if not any(start < figure.end and figure.start < end for start, end in taken):
            figures.append(figure)
    figures.sort(key=lambda figure: figure.start)
    return figures
