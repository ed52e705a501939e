"""Find amounts of money, percentages, ordinals, cardinals and measured quantities, with normalized values.

What a figure's span and value are, for an analyst reading the `figures` table:

- The span is the whole expression that states the figure, its value the number it states. Words that
  make it approximate or a bound belong to the span ("about $5 million", "more than 40%", "up to 60",
  "an estimated 2,000"): the row then shows it is no exact count, and its value is still 5e6, 40, 60.
- A range is one figure spanning the whole range, its value the first number, which is the lower bound
  ("between $12 million and $20 million", "$12-20 million", "15-20%", "200 to 250": 12e6, 12e6, 15, 200).
  A unit or scale written once applies to both ends ("5 to 10 million dollars" is 5e6 USD). Two numbers
  are read as a range only when the first is the smaller; "from 5% to 7%" is a change, two figures.
- A dimension "320x240" is one figure, valued like a range by its first number.
- A minus sign written before a figure, or after its currency, is its sign and belongs to its span
  ("-$3 million", "$-5 million", "-12%", "minus 5%", and the minus sign U+2212: -3e6, -5e6, -12, -5). A
  hyphen between two numbers is no sign: it joins a range ("10-12%", "$3-$5 million", "pages 3-5").
- A currency written on both sides of an amount ("$249 USD", "$5 Canadian dollars") is one figure, in
  the more specific of the two currencies; see currencies.csv.
- Numbers that name rather than count are no figures: model, flight, version and other identifiers
  ("Boeing 737", "iPhone 4", "Flight 447", "version 10.4", "No. 1", "A330-200", "777-200LR", "1.2.3"),
  days, years and times of day; so are numbers shaped like a date, real or not ("2021-13-01").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy
import pycountry
import text_to_num
from spacy.attrs import IS_DIGIT, LIKE_NUM
from spacy.tokens import Doc, Span

from pipeline.errors import ReferenceDataError
from pipeline.model import Article, FigureFact
from pipeline.nlp import Tokens, tokens

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
    **dict.fromkeys(["inch", "inches"], "in"),
    **dict.fromkeys(["sq ft", "square foot", "square feet"], "ft2"),
    **dict.fromkeys(["kB", "KB", "kilobyte", "kilobytes"], "kB"),
    **dict.fromkeys(["MB", "megabyte", "megabytes"], "MB"),
    **dict.fromkeys(["GB", "gigabyte", "gigabytes"], "GB"),
    **dict.fromkeys(["TB", "terabyte", "terabytes"], "TB"),
    **dict.fromkeys(["kbps", "Kbps", "kbit/s"], "kbit/s"),
    **dict.fromkeys(["Mbps", "Mbit/s"], "Mbit/s"),
    **dict.fromkeys(["Gbps", "Gbit/s"], "Gbit/s"),
    **dict.fromkeys(["Hz", "hertz"], "Hz"),
    **dict.fromkeys(["kHz", "kilohertz"], "kHz"),
    **dict.fromkeys(["MHz", "megahertz"], "MHz"),
    **dict.fromkeys(["GHz", "gigahertz"], "GHz"),
    **dict.fromkeys(["mAh"], "mAh"),
    **dict.fromkeys(["megapixel", "megapixels"], "MP"),
}

_PERCENT = r"%|(?i:per[^\S\n]?cent|percent|pct)"
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DASH = r"[-\u2013\u2014]"  # hyphen, en dash, em dash
_MINUS = r"[-\u2212]"  # the hyphen-minus most text uses for a minus sign, and the minus sign itself
_THROUGH = rf"[^\S\n]*(?:{_DASH}|to\b|and\b)[^\S\n]*"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
# "6 April", "6th of April", "6th Apr", and the first day of "6-7 April".
_DAY_BEFORE_MONTH = re.compile(rf"(?:{_THROUGH}{_DAY})?[^\S\n]+(?:of[^\S\n]+)?{_MONTH}")
# "April 6", "Apr. 6th", and the second day of "April 6-7".
_DAY_AFTER_MONTH = re.compile(rf"(?<![A-Za-z]){_MONTH}[^\S\n]*(?:{_DAY}{_THROUGH})?\Z")
# "June 2017", "1 May 1990", "6th Apr, 2020", "April 6, 2020"; a preposition ("in 2015", "since 1990");
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
# Clock times: "10:30", "5 pm", "3.30 p.m."; and the offset of a time zone, "GMT +8", "UTC-5".
_CLOCK_TAIL = re.compile(r":\d\d\b|[^\S\n]?(?:[ap]\.m\.|(?i:[ap]m\b)|GMT\b)")
_CLOCK_LEAD = re.compile(r"\d:\Z|(?<![^\W\d_])(?:GMT|UTC)[^\S\n]?[+\u2212-][^\S\n]?\Z")
_SHORT_YEAR_LEAD = re.compile(rf"{_YEAR}(?:{_DASH}|/)\Z")
_LOOK_BACK = 30  # characters: enough for "September 30th to " before a day or year
# Numbers joined by hyphens as a date's are ("2021-04-06", "2021-13-01", "13-01-2021"): a date, or an
# impossible one, and no figure either way ("01" is no count in "2021-13-01").
_DATE_SHAPED = re.compile(r"(?<![\w.-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4})(?![\w-]|\.\d)")
_DATE_SHAPED_LENGTH = 10
# A sign before a figure: "-12%", "minus 5%", and the minus sign U+2212. A hyphen glued to what precedes
# it is no sign but joins the two ("10-12%", "$3-$5 million", "pages 3-5", "A330-200"), and "plus or
# minus 4", "+/-4" and "plus/minus 4" are a margin either way.
_SIGN_BEFORE = re.compile(
    rf"(?:(?<![\w%)\].,/+\u2212-]){_MINUS}|(?<![\w/-])(?<!(?i:plus or ))(?i:minus)[^\S\n]+)\Z"
)

# "no one" and "one another" are pronouns, not the number one.
_PRONOUN_BEFORE_ONE = frozenset({"no", "every", "any"})

_BLANK = r"[^\S\n]+"


def _words(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases` in any case, a blank between words standing for any blanks."""
    return "|".join(_BLANK.join(map(re.escape, phrase.split())) for phrase in phrases)


# Words that make a figure approximate or a bound, and join its span ("about $5 million", "up to 60").
_APPROXIMATORS = (
    "about", "around", "approximately", "approx.", "roughly", "nearly", "almost", "some", "circa",
    "an estimated", "estimated", "over", "under", "above", "below", "more than", "less than", "fewer than",
    "up to", "at least", "at most", "as much as", "as many as", "as little as", "as few as", "close to",
    "upwards of", "in excess of", "no more than", "no less than", "no fewer than", "not more than",
)  # fmt: skip
_APPROXIMATION = re.compile(
    rf"""(?<![\w.-])(?i:(?:just|well|slightly|far){_BLANK})?(?i:{_words(_APPROXIMATORS)}){_BLANK}\Z
       | ~[^\S\n]?\Z""",
    re.VERBOSE,
)

# What joins the two ends of a range: a hyphen or en dash ("15-20%"), "to", or "and" after "between".
# An em dash is a break in the sentence, and "from 5% to 7%" a change, not a range.
_RANGE_DASH = re.compile(r"[^\S\n]*[-\u2013][^\S\n]*")
_RANGE_WORD = re.compile(rf"{_BLANK}(?P<word>to|and){_BLANK}", re.IGNORECASE)
_BETWEEN = re.compile(rf"(?<![\w.-])(?i:between){_BLANK}\Z")
# "from 5% to 7%", "fell $1.625 to $108.625", "rose by 3 to 20": a change from one figure to another. Only
# verbs without an object: "raised 175 million to 180 million dollars" is a range raised.
_CHANGE_VERBS = (
    "from", "rose", "risen", "rise", "rises", "rising", "fell", "fallen", "fall", "falls", "falling",
    "dropped", "climbed", "climb", "climbs", "jumped", "jump", "jumps", "gained", "slipped", "slip", "slips",
    "slid", "declined", "decline", "declines", "plunged", "plunge", "plunges", "soared", "soar", "soars",
    "surged", "surge", "surges", "tumbled", "tumble", "tumbles", "sank", "sink", "sinks", "eased", "edged",
    "skidded", "rocketed", "advanced", "retreated", "up", "down",
)  # fmt: skip
_CHANGE = re.compile(rf"(?<![\w.-])(?i:{_words(_CHANGE_VERBS)})(?:{_BLANK}(?i:by))?{_BLANK}\Z")

# Numbers that name rather than count. A noun announcing a number ("version 10.4", "Flight 447", "No. 1")...
_IDENTIFIER_NOUNS = (
    "version", "flight", "model", "terminal", "gate", "platform", "route", "highway", "room", "page",
    "chapter", "article", "section", "clause", "paragraph", "episode", "season", "channel", "phase",
    "stage", "level", "grade", "type", "class", "category", "series", "number",
)  # fmt: skip
_NOUN_LEAD = re.compile(rf"(?<![\w.-])(?:(?i:{_words(_IDENTIFIER_NOUNS)}){_BLANK}|(?i:nos?)\.[^\S\n]?)\Z")
# ... a name right before it, "Boeing 737", "iPhone 4", "Trent 900" (not "Boeing's 787": a possessive
# can own a count) ...
_NAME_LEAD = re.compile(r"(?<![\w'\u2019.&-])(?P<name>[^\W\d_][\w&]*)[^\S\n]+\Z")
_SENTENCE_START = re.compile(r"(?:\A|\n|[.!?:][\"'\u2019\u201d)\]]*[^\S\n]|[\"'\u201c\u2018`(\[])[^\S\n]*\Z")
# Capitalized words that are no names: days and months (dates are read elsewhere), and function words that
# start a sentence or a headline ("(AP)_ Some 1,500 people").
_NOT_NAMES = re.compile(
    rf"""{_MONTH}|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day
      | (?i:the|an?|all|only|just|each|every|at|in|on|by|for|from|with|of|to|and|or|but|than|after|before
            |since|until|its|their|his|her|our|these|those|this|that|there|here|when|while|if|as|top)""",
    re.VERBOSE,
)
# ... a code with letters glued on by a hyphen, "A330-200", "777-200LR"; what is glued on is skipped too.
_CODE_BEFORE = re.compile(r"(?<![\w-])\d*[^\W\d_]\w*-\Z")
_CODE_AFTER = re.compile(r"-\d+(?:\.\d+)?(?P<letters>[^\W\d_]+)(?!\w)")
_GLUED = re.compile(r"(?:-\w+)*")
# A number of three digits or more that an article uses as an identifier ("Boeing 737") is one wherever it
# stands bare in that article ("their 737 fleet"): a count seldom repeats a model or flight number exactly.
# Round hundreds are left out: "Flight 200" and "200 people" are both common.
_NAMED_DIGITS = 3


@dataclass(frozen=True, slots=True)
class _Currencies:
    prefixes: dict[str, str]  # token as written -> ISO 4217 code
    suffixes: dict[str, str]
    also: dict[str, frozenset[str]]  # ambiguous token -> the other codes it can stand for


@lru_cache(maxsize=1)
def _currencies() -> _Currencies:
    """The bundled currency table, every code checked against ISO 4217."""
    label = f"pipeline/reference/{_CURRENCY_FILE}"
    prefixes: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    also: dict[str, frozenset[str]] = {}
    with resources.files("pipeline").joinpath("reference", _CURRENCY_FILE).open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for number, row in enumerate(csv.DictReader(lines), start=2):
        token, code, position = (row.get(key) for key in ("token", "code", "position"))
        if not token or not code or position not in ("prefix", "suffix", "both"):
            raise ReferenceDataError(f"{label}: row {number} needs a token, a code and a position")
        note = row.get("note") or ""
        others = set(re.findall(r"\b[A-Z]{3}\b", note)) - {code} if note.startswith("ambiguous") else set()
        for checked in (code, *sorted(others)):
            if pycountry.currencies.get(alpha_3=checked) is None:
                raise ReferenceDataError(
                    f"{label}: row {number}: {checked!r} is not an ISO 4217 currency code"
                )
        if others:
            also[token] = frozenset(others)
        if position in ("prefix", "both"):
            prefixes[token] = code
        if position in ("suffix", "both"):
            suffixes[token] = code
    return _Currencies(prefixes, suffixes, also)


def _any_case(spelling: str) -> bool:
    return spelling.islower() and sum(char.isalpha() for char in spelling) >= 3


def _first_characters(spellings: Iterable[str]) -> str:
    """A regex matching the first character of any of `spellings`, in the case `_alternation` allows."""
    as_written = "".join(sorted({s[0] for s in spellings if not _any_case(s)}))
    any_case = "".join(sorted({s[0] for s in spellings if _any_case(s)}))
    classes = [f"[{re.escape(as_written)}]"] if as_written else []
    classes += [f"(?i:[{re.escape(any_case)}])"] if any_case else []
    return "|".join(classes) or "(?!)"


def _alternation(spellings: Iterable[str], *, after_number: bool = False) -> str:
    """A regex matching any of `spellings`, longest first so that "US$" wins over "$".

    Symbols and codes match as written ("MW" is not "mw", "m" is not "M"); lowercase words of three or
    more letters match in any case. A spelling that starts with a letter must not continue a word, which
    goes without saying `after_number` (or a blank after it) and is then not tested: that is faster.
    """
    parts = []
    for spelling in sorted(set(spellings), key=lambda s: (-len(s), s)):
        pattern = r"[^\S\n]+".join(re.escape(word) for word in spelling.split(" "))
        if _any_case(spelling):
            pattern = f"(?i:{pattern})"
        if spelling[0].isalpha() and not after_number:
            pattern = rf"(?<![^\W\d_]){pattern}"
        parts.append(pattern)
    return "|".join(parts)


def _suffix_pattern(suffixes: Iterable[str]) -> str:
    """What may follow an amount: a percent sign or word, a currency word or code, or a unit."""
    currencies, units = _alternation(suffixes, after_number=True), _alternation(_UNITS, after_number=True)
    return rf"(?P<pct>{_PERCENT})|(?P<csuf>{currencies})|(?P<unit>{units})"


@dataclass(frozen=True, slots=True)
class _Patterns:
    digits: re.Pattern[str]  # a figure written with digits, with its currency, scale and unit
    tail: re.Pattern[str]  # what follows a spelled-out number ("twenty per cent", "five million dollars")
    near: int  # a figure starts at most this many characters before its first digit
    currency: re.Pattern[str]  # the first character of a currency prefix: where else a figure can start


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The figure regexes, compiled once: they spell out every currency token and unit."""
    currencies = _currencies()
    scales = _alternation(_SCALES, after_number=True)
    letter_scales = "|".join(_CURRENCY_SCALES)
    near = max(map(len, currencies.prefixes)) + 2  # the longest currency prefix, a blank and a sign
    digits = re.compile(
        rf"""
        (?=[^\d\n]{{0,{near}}}\d)  # cheap test first, as most positions are far from any digit
        (?:(?P<cur>{_alternation(currencies.prefixes)}){_SP}   # "$ 250", "USD12.5", "Rs 5bn"
            (?:(?<![^\W\d_])(?P<sign>{_MINUS}))?             # "$-5 million", but not "Rs-5" (a code)
          | (?<![\w.,])(?<![^\W\d_]-)(?<!\w/))              # not inside "G20", "COVID-19", "1.2.3", "5/8"
        (?P<num>{_NUMBER})(?![.,/]\d)                        # nor "1.2" of "1.2.3", "7" of "7/8/07"
        (?: (?P<ord>st|nd|rd|th)
          | (?:[x\u00d7](?P<by>{_NUMBER})(?!\.\d))?           # "320x240"
            (?:{_SP}(?:(?P<scale>{scales})|(?(cur)(?P<cscale>(?i:{letter_scales}))|(?!))))?
            (?P<amount>)                                      # where the amount ends
            (?(cur)(?:{_SEP}(?P<ctail>{_alternation(currencies.suffixes, after_number=True)}))?   # "$249 USD"
                  |(?:{_SEP}(?:{_suffix_pattern(currencies.suffixes)}))?)
        )
        (?!\w)
        """,
        re.VERBOSE,
    )
    tail = re.compile(rf"{_SEP}(?:{_suffix_pattern(currencies.suffixes)})(?!\w)")
    return _Patterns(digits, tail, near, re.compile(_first_characters(currencies.prefixes)))


_DIGIT = re.compile(r"\d")


def _digit_matches(text: str, begin: int) -> Iterator[re.Match[str]]:
    """The matches of the `digits` pattern from `begin`, the same as its finditer, only faster.

    finditer tries the long pattern at every character, most of them far from any digit: that was most
    of the time spent on figures. A match starts at a digit, or up to `near` characters before one
    where a currency prefix starts ("$", "USD"), so only those places are tried, in text order.
    """
    patterns = _patterns()
    pos = begin
    while (found := _DIGIT.search(text, pos)) is not None:
        digit = found.start()
        match = None
        start = max(pos, digit - patterns.near)
        # Where a currency prefix starts before the digit, in text order; then the digit itself.
        while match is None and (currency := patterns.currency.search(text, start, digit)) is not None:
            match = patterns.digits.match(text, currency.start())
            start = currency.start() + 1
        match = match or patterns.digits.match(text, digit)
        if match is not None:
            yield match
            pos = match.end()
        else:
            pos = digit + 1


@dataclass(slots=True)
class _Found:
    """A figure as read, with its number and scale as written ("$12 million": 12 and 1e6) for ranges."""

    start: int
    end: int
    kind: str
    value: float
    unit: str | None
    number: float
    scale: float = 1.0


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
    """Whether the number is part of a time of day ("10:30", "5 pm") or a time zone ("GMT +8")."""
    return bool(_CLOCK_TAIL.match(text, end) or _CLOCK_LEAD.search(text, max(0, start - 6), start))


def _identifier_end(text: str, start: int, end: int) -> int | None:
    """Where the identifier holding the bare number at text[start:end] ends, or None if it counts.

    "Boeing 737-800" ends after "800", so that the "800" is skipped too.
    """
    look_back = max(0, start - _LOOK_BACK)
    glued = _GLUED.match(text, end)
    assert glued is not None  # it matches the empty string
    if _CODE_BEFORE.search(text, look_back, start) or _NOUN_LEAD.search(text, look_back, start):
        return glued.end()
    lead = _NAME_LEAD.search(text, look_back, start)
    if (
        lead
        and _is_name(text, lead.start(), lead["name"])
        and not _APPROXIMATION.search(text, look_back, start)
    ):
        return glued.end()
    code = _CODE_AFTER.match(text, end)
    if code and code["letters"] not in _UNITS and code["letters"].lower() not in _SCALES:
        return glued.end()
    return None


def _is_name(text: str, start: int, word: str) -> bool:
    """Whether `word` at text[start] is a name: capitalized, and not just as the first word of a sentence."""
    if any(char.isupper() for char in word[1:]):
        return True  # "iPhone", "iOS", "EADS"
    if not word[0].isupper() or _NOT_NAMES.fullmatch(word):
        return False
    return not _SENTENCE_START.search(text, max(0, start - 4), start)


def _digit_figures(text: str, begin: int) -> list[_Found]:
    """Figures written with digits, found with one regex over the text (spaCy splits "USD34.6" badly)."""
    currencies = _currencies()
    figures = []
    skip_to = begin  # the end of the last identifier
    named: set[str] = set()  # numbers used as identifiers
    for match in _digit_matches(text, begin):
        start, end = match.span()
        if start < skip_to:
            continue
        date_end = _date_shaped_end(text, start, end)
        if date_end is not None:
            skip_to = date_end
            continue
        number = float(match["num"].replace(",", ""))
        scale = 1.0
        if match["ord"]:
            if "." in match["num"]:
                continue
            kind, unit = "ordinal", None
        else:
            if match["sign"]:
                number = _negative(number)
            if match["scale"]:
                scale = _SCALES[match["scale"].lower()]
            elif match["cscale"]:
                scale = _CURRENCY_SCALES[match["cscale"].lower()]
            kind, unit = _kind_and_unit(match, currencies)
            if match["ctail"]:
                unit = _both_currencies(match["cur"], match["ctail"], currencies)
                if unit is None:  # "$5 won the prize": the word after is no currency of the amount
                    unit, end = currencies.prefixes[match["cur"]], match.start("amount")
        if kind == "cardinal" and scale == 1 and not match["by"]:
            identifier_end = _identifier_end(text, start, end)
            if identifier_end is not None:
                skip_to = identifier_end
                if len(match["num"]) >= _NAMED_DIGITS and match["num"].isdigit() and number % 100:
                    named.add(match["num"])
                continue
        if kind in ("cardinal", "ordinal") and (
            _is_date_part(text, start, end, number * scale) or _is_clock_time(text, start, end)
        ):
            continue
        figures.append(_Found(start, end, kind, number * scale, unit, number, scale))
    return _without_named(text, figures, named) if named else figures


def _date_shaped_end(text: str, start: int, end: int) -> int | None:
    """Where the date-shaped numbers holding the number at text[start:end] end ("2021-13-01"), or None."""
    if text[start - 1 : start] != "-" and text[end : end + 1] != "-":
        return None  # the common case, without a regex search
    window = max(0, start - _DATE_SHAPED_LENGTH - 1), min(len(text), end + _DATE_SHAPED_LENGTH + 1)
    for shaped in _DATE_SHAPED.finditer(text, *window):
        if shaped.start() <= start < shaped.end():
            return shaped.end()
    return None


def _negative(number: float) -> float:
    # Subtracted rather than negated: "-$0" is 0.0, not -0.0, which CSV would write as "-0.0".
    return 0.0 - number


def _with_signs(text: str, figures: list[_Found], begin: int) -> None:
    """Give each figure the minus sign written before it ("-12%", "-$3 million", "minus 5%").

    A hyphen or "minus" that follows another figure across blanks only is an operator or a separator,
    no sign: "10 - 5", "15 -20%", "5 minus 3". An ordinal has no sign.
    """
    previous: _Found | None = None
    for figure in figures:
        lower = begin if previous is None else previous.end
        sign = _SIGN_BEFORE.search(text, max(lower, figure.start - _LOOK_BACK), figure.start)
        operator = sign is not None and previous is not None and not text[previous.end : sign.start()].strip()
        if sign and not operator and figure.kind != "ordinal" and figure.value >= 0:
            figure.start = sign.start()
            figure.value, figure.number = _negative(figure.value), _negative(figure.number)
        previous = figure


def _without_named(text: str, figures: list[_Found], named: set[str]) -> list[_Found]:
    """The figures less bare numbers that the article uses as identifiers elsewhere ("their 737 fleet")."""
    kept = []
    skip_to = 0
    for figure in figures:
        if figure.start < skip_to:
            continue
        if figure.kind == "cardinal" and text[figure.start : figure.end] in named:
            glued = _GLUED.match(text, figure.end)
            assert glued is not None  # it matches the empty string
            skip_to = glued.end()  # and the "800" of "the 737-800 range"
            continue
        kept.append(figure)
    return kept


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


def _both_currencies(prefix: str, suffix: str, currencies: _Currencies) -> str | None:
    """The currency of an amount between two ("$249 USD"), the more specific if one is ambiguous
    ("$5 Canadian dollars" is CAD, "C$5 dollars" too), or None if they disagree."""
    before, after = currencies.prefixes[prefix], _lookup(currencies.suffixes, suffix)
    if before == after or after in currencies.also.get(prefix, ()):
        return after
    if before in currencies.also.get(_key(currencies.suffixes, suffix), ()):
        return before
    return None


def _key(table: dict[str, str], written: str) -> str:
    """The table's spelling of a token as matched: case and inner blanks may differ from the table's."""
    key = " ".join(written.split())
    return key if key in table else key.lower()


def _lookup(table: dict[str, str], written: str) -> str:
    return table[_key(table, written)]


class _NumToken(text_to_num.Token):
    """Token `i` of a Doc as text2num's `find_numbers` wants it, read from the Doc's `Tokens`."""

    __slots__ = ("_text", "i", "tokens")

    def __init__(self, toks: Tokens, i: int) -> None:
        self.tokens = toks
        self.i = i
        self._text = toks.text[i]

    def text(self) -> str:
        return self._text

    def nt_separated(self, previous: _NumToken) -> bool:
        # find_numbers skips white-space tokens itself, so "twenty\n\nfive" would read as 25.
        return any("\n" in self.tokens.text[i] for i in range(previous.i + 1, self.i))

    def not_a_number_part(self) -> bool:
        if self._text.lower() != "one":
            return False
        texts = self.tokens.text
        before = texts[self.i - 1].lower() if self.i > 0 else ""
        after = texts[self.i + 1].lower() if self.i + 1 < len(texts) else ""
        return before in _PRONOUN_BEFORE_ONE or after == "another"


def _word_figures(doc: Doc, text: str, begin: int) -> list[_Found]:
    """Figures spelled out in words ("two", "twenty five", "sixth", "twenty per cent")."""
    tail = _patterns().tail
    currencies = _currencies()
    figures = []
    toks = tokens(doc)
    for window in _number_word_windows(doc):
        words = [_NumToken(toks, i) for i in range(window.start, window.end)]
        # Threshold 0: "two" and "first" count too; text2num's default drops isolated numbers below 3.
        found = text_to_num.find_numbers(words, "en", 0)
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
    texts = tokens(doc).text
    for i in numpy.flatnonzero(numeric[:, 0] & ~numeric[:, 1]).tolist():
        if texts[i][:1].isdigit():
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
) -> list[_Found]:
    # Occurrences index tokens of the window; a Span is indexed like the Doc it comes from.
    doc = window
    toks, offset = tokens(window.doc), window.start
    spans = [(toks.start[offset + o.start], toks.end[offset + o.end - 1]) for o in found]
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
        if kind == "cardinal" and _NOUN_LEAD.search(text, max(0, start - _LOOK_BACK), start):
            continue  # "the number one seller"
        if kind in ("cardinal", "ordinal") and (
            _is_date_part(text, start, end, value) or _is_clock_time(text, start, end)
        ):
            continue
        figures.append(_Found(start, end, kind, value, unit, value))
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


def _join_ranges(text: str, figures: list[_Found]) -> list[_Found]:
    """Each range as one figure: "15-20%", "$12 million to $20 million", "between 5 and 10"."""
    joined: list[_Found] = []
    index = 0
    while index < len(figures):
        low = figures[index]
        both = _range(text, low, figures[index + 1]) if index + 1 < len(figures) else None
        joined.append(both or low)
        index += 2 if both else 1
    return joined


def _range(text: str, low: _Found, high: _Found) -> _Found | None:
    """`low` and `high` as one range valued by its lower bound, or None if they are no range."""
    if "ordinal" in (low.kind, high.kind):
        return None
    look_back = max(0, low.start - _LOOK_BACK)
    between = _BETWEEN.search(text, look_back, low.start)
    if _RANGE_DASH.fullmatch(text, low.end, high.start):
        tight = low.end == high.start - 1
    else:
        word = _RANGE_WORD.fullmatch(text, low.end, high.start)
        if word is None:
            return None
        if word["word"].lower() == "and" and not between:
            return None  # "5 and 10" are two figures
        if word["word"].lower() == "to" and _CHANGE.search(text, look_back, low.start):
            return None  # "from 5% to 7%", "fell $2 to $10" are changes
        tight = False
    if low.kind == "cardinal":  # "15-20%", "5 to 10 million dollars": the unit is written once
        kind, unit = high.kind, high.unit
    elif (low.kind, low.unit) == (high.kind, high.unit) or (high.kind == "cardinal" and tight):
        kind, unit = low.kind, low.unit  # the second: "$12-20 million"
    else:
        return None
    value = low.value
    if low.scale == 1 and high.scale > 1 and low.number < high.number:
        value = low.number * high.scale  # the "12" of "$12-20 million" is 12 million
    if not value < high.value:
        return None  # a score ("won 3-2"), or a number and an unrelated one
    start = between.start() if between else low.start
    return _Found(start, high.end, kind, value, unit, low.number, high.scale)


def find_figures(doc: Doc, article: Article) -> list[FigureFact]:
    """Every figure in the article outside its dateline, without overlaps, in text order."""
    text = article.text
    begin = article.dateline_end
    found = _digit_figures(text, begin)
    taken = [(figure.start, figure.end) for figure in found]
    # Digits win over words where both read the same stretch: text2num sees "million" in "5 million".
    for figure in _word_figures(doc, text, begin):
        if not any(start < figure.end and figure.start < end for start, end in taken):
            found.append(figure)
    found.sort(key=lambda figure: figure.start)
    _with_signs(text, found, begin)
    figures = []
    previous_end = begin
    for figure in _join_ranges(text, found):
        if figure.kind != "ordinal":  # "about $5 million", "more than 40%", "up to 60"
            approximation = _APPROXIMATION.search(
                text, max(previous_end, figure.start - _LOOK_BACK), figure.start
            )
            if approximation:
                figure.start = approximation.start()
        figures.append(
            FigureFact(
                text[figure.start : figure.end],
                figure.start,
                figure.end,
                figure.kind,
                figure.value,
                figure.unit,
            )
        )
        previous_end = figure.end
    return figures
