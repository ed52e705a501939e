"""Normalize temporal expressions to TIMEX3 values and the calendar intervals they cover (no spaCy)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from dateutil import parser as dateparser
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from text_to_num import text2num

Tense = Literal["past", "present", "future", "before"]
# "before" is no tense a sentence has but what "since" says: before the anchor, however near.

# What dateutil and text2num already do (reading explicit dates, month and weekday names, spelled
# numbers, calendar arithmetic) is delegated to them. What no library does is written here: the
# TIMEX3 value strings, anchoring weekdays/months/quarters by tense, and the tense heuristic itself.


@dataclass(frozen=True, slots=True)
class Timex:
    """The normalized part of a `DateFact`: everything but the span."""

    kind: str  # date, range, duration, set, vague
    value: str
    start_date: dt.date | None
    end_date: dt.date | None
    granularity: str | None
    # Business reports date "the quarter", "the latest period" and "a year earlier" by the quarter they
    # report on, not by the article's date: "period" (that quarter), "year-before" (the same quarter a
    # year earlier) or a year ("1988": that quarter of 1988). The value is the reading without one.
    follows: str | None = None


Handler = Callable[[re.Match[str], dt.date | None, Tense], Timex | None]

# What a handler returns for an expression shaped like a date that names no real day ("February 30",
# "April 31 to May 2"), where None means "not this shape, perhaps a shorter one". A finder keeps it as
# found, so that no shorter shape reads a part of it as a date ("February"), and writes no row for it.
NOT_A_DATE = Timex("none", "", None, None, None)


@dataclass(frozen=True, slots=True)
class Shape:
    """One form of temporal expression: its pattern (the expression only) and how to normalize it.

    For finding in long texts: every match contains a hit of `key` (a fast, case-sensitive pattern),
    so a finder need only search around key hits. `folded`, for case-insensitive forms, is the same
    pattern compiled case-sensitively, to run (like its key) on the lowercased text: several times
    faster than re.IGNORECASE.
    """

    name: str
    pattern: re.Pattern[str]
    normalize: Handler
    key: re.Pattern[str] | None = None
    folded: re.Pattern[str] | None = None


# ---------------------------------------------------------------------------------------------------
# Vocabulary. Month and weekday names come from dateutil's own tables, so parsing and finding agree.

_INFO = dateparser.parserinfo()
_SP = r"[^\S\n]+"  # blanks inside one expression, never a line break

_FULL_MONTHS = [names[-1] for names in dateparser.parserinfo.MONTHS]
_ABBR_MONTHS = [name for names in dateparser.parserinfo.MONTHS for name in names[:-1]]
_WEEKDAYS = [names[-1] for names in dateparser.parserinfo.WEEKDAYS]


def _alternation(words: Sequence[str], tail: str = r"\b") -> str:
    # Case-sensitive on purpose: "may", "march", "august" are words; "May", "MAY" are months.
    forms = sorted({f for w in words for f in (w, w.upper())}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) + tail for f in forms) + ")"


_MONTH_FULL = _alternation(_FULL_MONTHS)
_ABBR_TAIL = r"\b\.?"
_MONTH = f"(?:{_MONTH_FULL}|{_alternation(_ABBR_MONTHS, tail=_ABBR_TAIL)})"
_WEEKDAY = _alternation(_WEEKDAYS)
_WEEKDAY_STEM = _alternation(_WEEKDAYS, tail="")


def _day(name: str) -> str:
    return rf"(?<![\d.,])(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w)"


_YEAR4 = r"(?P<y>[12]\d{3})(?!\d)"
_DASHES = r"[-\u2013\u2014]"  # hyphen, en dash, em dash
_APOSTROPHES = r"['\u2019]"
_JOIN = r"(?:[^\S\n]+|-)"  # "two days", "two-day"
_RANGE_SEP = rf"(?:[^\S\n]*{_DASHES}[^\S\n]*|{_SP}(?:to|through|till|until){_SP})"

# Only to find spelled numbers; text2num reads them.
_NUMBER_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
]  # fmt: skip
_NUMWORD = "(?:" + "|".join(_NUMBER_WORDS) + ")"
_NUM = (
    rf"(?P<n>(?<![\d.,])\d+(?:\.\d+)?(?![\d,])|\b(?:a{_SP}few|few|several|many|an?)\b"
    rf"|\b{_NUMWORD}(?:{_JOIN}{_NUMWORD})*\b)"
)
_UNIT_WORDS = r"minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|century|centuries"
_UNIT = rf"(?P<unit>{_UNIT_WORDS})\b"
_VAGUE_COUNTS = frozenset({"few", "a few", "several", "many"})

# unit -> (TIMEX3 designator, is a time-of-day unit, multiplier)
_DESIGNATORS: dict[str, tuple[str, bool, int]] = {
    "minute": ("M", True, 1),
    "hour": ("H", True, 1),
    "day": ("D", False, 1),
    "week": ("W", False, 1),
    "fortnight": ("W", False, 2),
    "month": ("M", False, 1),
    "quarter": ("M", False, 3),
    "year": ("Y", False, 1),
    "annum": ("Y", False, 1),
    "decade": ("Y", False, 10),
    "century": ("Y", False, 100),
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
# Seasons as TIMEX3 writes them, with the months they cover (winter runs into the next year).
_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}
# Years said in words: "nineteen ninety-six", "two thousand", "twenty twelve" (text2num reads the rest).
_CENTURY_WORDS = {"eighteen": 18, "nineteen": 19, "twenty": 20}
_UNITS_WORD = "(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_WORD = "(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORD = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_YEAR_WORDS = (
    rf"(?:(?:eighteen|nineteen|twenty){_JOIN}(?:hundred|oh{_JOIN}{_UNITS_WORD}|{_TEENS_WORD}"
    rf"|{_TENS_WORD}(?:{_JOIN}{_UNITS_WORD})?)\b"
    rf"|two{_SP}thousand(?:{_SP}(?:and{_SP})?(?:{_TEENS_WORD}|{_UNITS_WORD}))?\b)"
)


# ---------------------------------------------------------------------------------------------------
# Tense: a small heuristic over the words of a sentence, good enough to orient weekdays and months.

# "planned", "expected" and "scheduled" look like past tenses but point forward ("talks planned for May").
_FUTURE_WORDS = frozenset(
    {"will", "shall", "'ll", "wo", "scheduled", "slated", "planned", "expected", "upcoming"}
)
_FUTURE_PAIRS = frozenset(
    {
        ("to", "be"),
        ("going", "to"),
        ("is", "to"),
        ("are", "to"),
        ("plan", "to"),
        ("plans", "to"),
        ("set", "to"),
    }
)
_PAST_WORDS = frozenset(
    [
        "was", "were", "had", "did", "said", "met", "told", "went", "came", "took", "made", "gave",
        "began", "left", "spoke", "wrote", "became", "got", "sent", "brought", "saw", "won", "lost",
        "flew", "ago", "rose", "fell", "grew", "sold", "bought", "held", "led", "found", "kept", "struck",
        "fought", "spent", "paid", "built", "sought", "heard", "stood", "ran", "drew", "knew", "shot", "fled",
        "sank", "swore", "chose", "broke", "thought", "felt", "meant", "fed", "bore", "wore",
    ]
)  # fmt: skip
_PASSIVE = frozenset({"be", "being", "is", "are", "am"})
# -ed words that are not past tenses; other -eed words (need, proceed) are handled by rule.
_NOT_PAST = frozenset({"hundred", "red", "bed", "shed", "wed", "sacred", "naked", "wicked", "embed"})
_PAST_EED = frozenset({"agreed", "freed", "decreed", "guaranteed"})
# Where one clause ends: a weekday belongs with the verbs of its own clause first.
_CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", '"', "\u201c", "\u201d", "\u2014", "\u2013"})


def _cue(words: Sequence[str], i: int) -> Tense | None:
    word = words[i]
    low = word.lower()
    if low in _FUTURE_WORDS or (i + 1 < len(words) and (low, words[i + 1].lower()) in _FUTURE_PAIRS):
        return "future"
    if i > 0 and words[i - 1].lower() in _PASSIVE:
        return None  # "is to be held", "are sold": a participle; the auxiliary has the tense
    if low in _PAST_WORDS:
        return "past"
    # Capitalized -ed words are mostly names (Ahmed, Saeed, United), not verbs.
    if word.islower() and len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST:
        return "past" if not word.endswith("eed") or word in _PAST_EED else None
    return None


# The only words `_cue` can find a tense at (besides -ed words): most words of a sentence are none.
_CUE_WORDS = _FUTURE_WORDS | _PAST_WORDS | {first for first, _ in _FUTURE_PAIRS}


def tense_cues(words: Sequence[str]) -> list[tuple[int, Tense]]:
    """The words of a sentence that mark a tense ("will", "to be", "was", "arrived"), by token index."""
    return [
        (i, tense)
        for i, word in enumerate(words)
        if ((low := word.lower()) in _CUE_WORDS or low.endswith("ed"))
        and (tense := _cue(words, i)) is not None
    ]


def tense_of(
    words: Sequence[str], near: int | None = None, cues: Sequence[tuple[int, Tense]] | None = None
) -> Tense:
    """The tense of a sentence given its tokens; with `near` (a token index), that of its clause.

    Without `near`: future auxiliaries win, then past forms, else present. With `near`, the cue
    closest to that token wins, looking first in its clause, so "X, who arrived Monday, will meet
    Y on Tuesday" reads Monday as past and Tuesday as future. `cues` may pass `tense_cues(words)`
    when asking about several tokens of one sentence.
    """
    if cues is None:
        cues = tense_cues(words)
    if not cues:
        return "present"
    if near is None:
        return "future" if any(t == "future" for _, t in cues) else "past"
    lo, hi = near, near
    while lo > 0 and words[lo - 1] not in _CLAUSE_BREAKS:
        lo -= 1
    while hi + 1 < len(words) and words[hi + 1] not in _CLAUSE_BREAKS:
        hi += 1
    in_clause = [c for c in cues if lo <= c[0] <= hi] or cues
    # Ties go to the future: "will arrive Tuesday, it said" is about a coming Tuesday.
    return min(in_clause, key=lambda c: (abs(c[0] - near), c[1] != "future"))[1]


# ---------------------------------------------------------------------------------------------------
# Building blocks: intervals and their TIMEX3 values.


def _day_timex(day: dt.date) -> Timex:
    return Timex("date", day.isoformat(), day, day, "day")


def _month_timex(year: int, month: int) -> Timex:
    last = calendar.monthrange(year, month)[1]
    return Timex(
        "date", f"{year:04d}-{month:02d}", dt.date(year, month, 1), dt.date(year, month, last), "month"
    )


def _year_timex(year: int) -> Timex:
    return Timex("date", f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _week_timex(day: dt.date) -> Timex:
    year, week, _ = day.isocalendar()
    monday = dt.date.fromisocalendar(year, week, 1)
    return Timex("date", f"{year:04d}-W{week:02d}", monday, monday + dt.timedelta(days=6), "week")


def _part_timex(year: int, part: int, parts: int) -> Timex:
    # Quarters (Q1..Q4) and halves (H1, H2) of a calendar year.
    months = 12 // parts
    first = dt.date(year, (part - 1) * months + 1, 1)
    last_month = part * months
    last = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    letter, granularity = ("Q", "quarter") if parts == 4 else ("H", "half")
    return Timex("date", f"{year:04d}-{letter}{part}", first, last, granularity)


def _season_timex(year: int, season: str) -> Timex:
    code, first_month = _SEASONS[season]
    first = dt.date(year, first_month, 1)
    last = first + relativedelta(months=3) - dt.timedelta(days=1)
    return Timex("date", f"{year:04d}-{code}", first, last, "season")


def _last_quarter(anchor: dt.date) -> tuple[int, int]:
    """The last whole quarter before `anchor`, as (year, quarter): what a quarterly report is about."""
    day = anchor - relativedelta(months=3)
    return day.year, (day.month - 1) // 3 + 1


def follow(timex: Timex, reference: Timex) -> Timex:
    """`timex`, one that `follows` a period, read against `reference`: the quarter the text reports on
    ("period", "year-before", a year), the last date before it ("date+0": "that year", "date+1": "the
    following year"), or the last day ("day": a time of day)."""
    how = timex.follows or ""
    if how == "day" and reference.start_date is not None:
        day = reference.start_date
        return replace(
            timex, value=day.isoformat() + timex.value[10:], start_date=day, end_date=day, follows=None
        )
    if how.startswith("date") and reference.start_date is not None:
        return _year_timex(reference.start_date.year + int(how[4:]))
    year, part = int(reference.value[:4]), int(reference.value[-1])
    if how == "year-before":
        year -= 1
    elif how.isdigit():
        year = int(how)
    return _part_timex(year, part, 4)


def _unanchored(value: str, granularity: str | None, kind: str = "date") -> Timex:
    return Timex(kind, value, None, None, granularity)


def _vague(value: str) -> Timex:
    return Timex("vague", value, None, None, None)


_SOON = 60  # days
_PAST_WEIGHT = 2


def _days(md: tuple[int, int]) -> int:
    return md[0] * 31 + md[1]  # months as 31 days: close enough to compare distances


def year_near(anchor: dt.date, tense: Tense, first: tuple[int, int], last: tuple[int, int]) -> int:
    """The year of a period given without one, as (month, day) bounds: past and future tenses look
    back or ahead from the anchor ("met in September" written in April means last September); the
    present takes the nearest one ("payable Jan. 2" written in November means the coming January)."""
    today = (anchor.month, anchor.day)
    if tense == "before":
        return anchor.year - 1 if first > today else anchor.year
    if tense == "past":
        # A date a few weeks ahead is this year's even in the past tense ("said it would vote on
        # May 2"): a year-old date would have been written with its year.
        return anchor.year - 1 if first > today and _days(first) - _days(today) > _SOON else anchor.year
    if tense == "future":
        return anchor.year + 1 if last < today else anchor.year

    def distance(shift: int) -> int:
        # Days apart, roughly (months as 31 days): 0 when the period holds the anchor. Days behind
        # weigh more: what the present tense dates is mostly still to come ("closes in November").
        position = _days(today) - shift * 372
        return max(_days(first) - position, _PAST_WEIGHT * (position - _days(last)), 0)

    return anchor.year + min((0, 1, -1), key=distance)


def weekday_date(weekday: int, anchor: dt.date, tense: Tense, relation: str = "") -> dt.date:
    """The date of a weekday (Monday = 0) named in a text written on `anchor`.

    "last"/"next" exclude the anchor day itself; otherwise the past means the most recent such day on
    or before the anchor, the future the next one on or after it, and the present the nearest one.
    """
    back = (anchor.weekday() - weekday) % 7
    forward = (weekday - anchor.weekday()) % 7
    if relation in ("last", "past"):
        return anchor - dt.timedelta(days=back or 7)
    if relation in ("next", "coming"):
        return anchor + dt.timedelta(days=forward or 7)
    if tense in ("past", "before") or (tense == "present" and back <= forward):
        return anchor - dt.timedelta(days=back)
    return anchor + dt.timedelta(days=forward)


def parse_number(text: str) -> float | None:
    """A count written in digits or words ("48", "two", "forty-eight", "a"); None when vague ("several").

    Raises ValueError when the words are no number ("two two").
    """
    words = " ".join(text.lower().split())
    if words in _VAGUE_COUNTS:
        return None
    if words in ("a", "an"):
        return 1.0
    try:
        return float(words)
    except ValueError:
        return float(text2num(words.replace("-", " "), "en"))


def duration_value(amount: float | None, unit: str) -> str:
    """The TIMEX3 duration for `amount` units: P2D, P6M, PT48H, P2DE; an unknown amount gives PXY."""
    unit = _unit(unit)
    designator, time_of_day, multiplier = _DESIGNATORS[unit]
    if amount is None:
        number = "X"
    else:
        amount *= multiplier
        number = str(int(amount)) if amount == int(amount) else f"{amount:g}"
    return ("PT" if time_of_day else "P") + number + designator


def _unit(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word.removesuffix("s")


def _month_number(name: str) -> int:
    number = _INFO.month(name.rstrip("."))
    if number is None:  # pragma: no cover - the patterns only admit dateutil's own month names
        raise ValueError(f"not a month: {name!r}")
    return int(number)


def _lower(match: re.Match[str], group: str) -> str:
    # Shapes share handlers but not every group, so a missing group reads as empty.
    return " ".join((match.groupdict().get(group) or "").lower().split())


def year_of(text: str) -> int:
    """A year written in digits or in words: "1996", "nineteen ninety-six", "two thousand and one"."""
    if text.isdigit():
        return int(text)
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    if words[:2] == ["two", "thousand"]:
        return 2000 + (int(text2num(" ".join(words[2:]), "en")) if words[2:] else 0)
    century, rest = _CENTURY_WORDS[words[0]] * 100, words[1:]
    if rest == ["hundred"]:
        return century
    return century + int(text2num(" ".join(w for w in rest if w != "oh"), "en"))


# ---------------------------------------------------------------------------------------------------
# Handlers: one per shape, from a match to a Timex (None when the match is not a real date).


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> dt.date | None:
    # dateutil reads the date; a leap default year lets "29 February" through when no year is given.
    # Cached: dateutil takes ~50 us a date, and wire copy repeats the same few ("Oct. 26").
    try:
        return dateparser.parse(text, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def _explicit_date(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    parsed = _parse_date(m["date"])
    if parsed is None:
        return NOT_A_DATE
    if m["y"] is not None:
        return _day_timex(parsed)
    if anchor is None:
        return _unanchored(f"XXXX-{parsed.month:02d}-{parsed.day:02d}", "day")
    md = (parsed.month, parsed.day)
    year = year_near(anchor, tense, md, md)
    if m.groupdict().get("wd"):  # "Monday, Oct. 26": the year in which Oct. 26 is a Monday, if near
        weekday = _INFO.weekday(m["wd"])
        year = next((y for y in (year, year + 1, year - 1) if _weekday_of(y, md) == weekday), year)
    try:
        return _day_timex(parsed.replace(year=year))
    except ValueError:
        return NOT_A_DATE  # "February 29" in a year that has none


def _weekday_of(year: int, md: tuple[int, int]) -> int | None:
    try:
        return dt.date(year, *md).weekday()
    except ValueError:
        return None


def _range(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    month1 = _month_number(m["m1"] or m["m2"])
    month2 = _month_number(m["m2"] or m["m1"])
    day1, day2 = int(m["d1"]), int(m["d2"])
    first, last = (month1, day1), (month2, day2)
    if not (_is_day_of_some_year(first) and _is_day_of_some_year(last)):
        return NOT_A_DATE  # "April 31 to May 2"
    if month1 == month2 and day1 >= day2:
        return None  # "June 10 to June 3" is no range: an end before the start is not moved a year on
    # A range runs forward in time, so one that ends in an earlier month ends in the next year: "December
    # 28 to January 3".
    crosses_new_year = month2 < month1
    if m["y"] is not None:
        year2 = int(m["y"])
    elif anchor is not None:
        year2 = year_near(anchor, tense, last if crosses_new_year else first, last)
    else:
        value = f"XXXX-{month1:02d}-{day1:02d}/XXXX-{month2:02d}-{day2:02d}"
        return _unanchored(value, "day", "range")
    try:
        start = dt.date(year2 - 1 if crosses_new_year else year2, month1, day1)
        end = dt.date(year2, month2, day2)
    except ValueError:
        return NOT_A_DATE  # "February 29" in a year that has none
    return Timex("range", f"{start.isoformat()}/{end.isoformat()}", start, end, "day")


def _is_day_of_some_year(md: tuple[int, int]) -> bool:
    month, day = md
    return day <= calendar.monthrange(2000, month)[1]


def _month_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    return _month_timex(int(m["y"]), _month_number(m["m"]))


def _month(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    month = _month_number(m["m"])
    if anchor is None:
        return _unanchored(f"XXXX-{month:02d}", "month")
    relation = _lower(m, "rel")
    if relation == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif relation == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif relation == "this":
        year = anchor.year
    else:
        year = year_near(anchor, tense, (month, 1), (month, 31))
    return _month_timex(year, month)


def _year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    return _year_timex(int(m["y"]))


def _year_range(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    first = int(m["y"])
    last = int(m["y2"]) if len(m["y2"]) == 4 else first // 100 * 100 + int(m["y2"])
    if not first < last <= first + 100:
        return None
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    return Timex("range", f"{first:04d}/{last:04d}", start, end, "year")


def _decade(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    year = int(m["y"])
    return Timex("date", f"{year // 10:03d}X", dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "decade")


def _century(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # Written like a decade (199X), as the output contract wants: the 20th century is 19XX, 1900-1999.
    base = (int(m["n"]) - 1) * 100
    return Timex(
        "date", f"{base // 100:02d}XX", dt.date(max(base, 1), 1, 1), dt.date(base + 99, 12, 31), "century"
    )


def _year_part(m: re.Match[str], anchor: dt.date | None, tense: Tense, parts: int) -> Timex | None:
    part = int(_lower(m, "q") or _ORDINALS.get(_lower(m, "ord"), parts))
    months = 12 // parts
    given = m["y"] or m.groupdict().get("py")  # "the fourth quarter of 2019", "the 1988 second quarter"
    if given is not None:
        return _part_timex(int(given), part, parts)
    relation = _lower(m, "rel") or _lower(m, "prel")  # "last year's fourth quarter"
    letter = "Q" if parts == 4 else "H"
    if anchor is None:
        return _unanchored(f"XXXX-{letter}{part}", "quarter" if parts == 4 else "half")
    if relation == "last":
        year = anchor.year - 1
    elif relation == "next":
        year = anchor.year + 1
    elif relation in ("this", "the current"):
        year = anchor.year
    else:
        year = year_near(anchor, tense, ((part - 1) * months + 1, 1), (part * months, 31))
    if _lower(m, "ago"):  # "the year-ago third quarter"
        year -= 1
    return _part_timex(year, part, parts)


def _quarter(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    return _year_part(m, anchor, tense, 4)


def _half(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    return _year_part(m, anchor, tense, 2)


def _period(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "the quarter", "the latest period", "the year-ago quarter", "the 1988 period": the quarter a
    # report is about (by default the last whole one before the article), or that quarter in a year.
    modifier, unit = _lower(m, "mod"), _lower(m, "unit")
    if unit == "period" and not modifier:
        return None  # "the period" alone is too vague
    if anchor is None:
        return _unanchored("XXXX-QX", "quarter")
    year, part = _last_quarter(anchor)
    if m["y"] is not None:
        return replace(_part_timex(int(m["y"]), part, 4), follows=m["y"])
    if modifier.endswith(("ago", "earlier")):
        return replace(_part_timex(year - 1, part, 4), follows="year-before")
    return replace(_part_timex(year, part, 4), follows="period")


def _year_ago(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "year-ago results", "a year earlier": the year before, or the quarter before that a report is about.
    if anchor is None:
        return _unanchored("XXXX", "year")
    return replace(_year_timex(anchor.year - 1), follows="year-before")


def _the_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "for the year", "the full year", "the current fiscal year"; "the year ended June 30" is a span of time.
    if m["ended"]:
        return Timex("duration", "P1Y", None, None, None)
    if anchor is None:
        return _unanchored("XXXX", "year")
    return _year_timex(anchor.year - 1 if _lower(m, "mod").startswith("latest") else anchor.year)


def _that_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "that year", "the following year": the year of the date before it (see `follow`).
    shift = {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get(_lower(m, "rel"), 0)
    if anchor is None:
        return _unanchored("XXXX", "year")
    return replace(_year_timex(anchor.year + shift), follows=f"date{shift:+d}")


def _fiscal_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    return _year_timex(int(m["y"]))


def _year_end(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "by year-end", "since the end of the year": the year, the one before when the end is behind us.
    if anchor is None:
        return _unanchored("XXXX", "year")
    return _year_timex(year_near(anchor, tense, (12, 31), (12, 31)))


def _season(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    season, relation = _lower(m, "season"), _lower(m, "rel")
    year_text = m["y"] or m["y2"]
    if year_text is not None:
        return _season_timex(year_of(year_text), season)
    if not relation or (relation == "the" and (m["bare"] is None or season == "fall")):
        return None  # "fall", "the fall of the city", "the fall in prices": not seasons
    code, first_month = _SEASONS[season]
    if anchor is None:
        return _unanchored(f"XXXX-{code}", "season")
    started = first_month <= anchor.month
    if relation == "last":
        year = anchor.year - 1 if first_month >= anchor.month - 2 else anchor.year
    elif relation == "next":
        year = anchor.year + 1 if started else anchor.year
    elif relation in ("this", "this past"):
        year = anchor.year
    else:
        year = year_near(anchor, tense, (first_month, 1), (min(first_month + 2, 12), 28))
    return _season_timex(year, season)


def _month_relative_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "in January this year", "June last year"
    month = _month_number(m["m"])
    if anchor is None:
        return _unanchored(f"XXXX-{month:02d}", "month")
    shift = {"last": -1, "next": 1}.get(_lower(m, "rel"), 0)
    return _month_timex(anchor.year + shift, month)


def _year_words(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    words = _lower(m, "w")
    if words.startswith("two") and not (m["m"] or m["the"]):
        return None  # "two thousand" is a count unless it follows "the year" or a month
    try:
        year = year_of(words)
    except ValueError:
        return None
    if m["m"]:
        return _month_timex(year, _month_number(m["m"]))
    return _year_timex(year)


def _day_of(m: re.Match[str], anchor: dt.date, tense: Tense) -> dt.date | None:
    # The day a time of day falls on: a weekday, today/yesterday/tomorrow, a month and day, or the anchor.
    if m["wd"]:
        return weekday_date(int(_INFO.weekday(m["wd"]) or 0), anchor, tense)
    if m["md"]:
        try:
            parsed = dateparser.parse(m["md"], default=dt.datetime(2000, 1, 1)).date()
            return parsed.replace(
                year=year_near(anchor, tense, (parsed.month, parsed.day), (parsed.month, parsed.day))
            )
        except (ValueError, OverflowError):
            return None
    offset = {"yesterday": -1, "tomorrow": 1}.get(_lower(m, "rel"), 0)
    return anchor + dt.timedelta(days=offset)


def _clock(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "10 p.m. Wednesday", "noon Thursday", "7:15 p.m.", "18:00 UTC", "4 in the morning": day and time.
    if m["noon"]:
        time = "12:00" if m["noon"].lower() == "noon" else "24:00"
    else:
        try:
            hour = int(m["h"] or m["h24"] or parse_number(m["h3"]) or 0)
        except ValueError:
            return None
        minute = m["min"] or m["min24"] or "00"
        half = _lower(m, "ampm") or ("a" if _lower(m, "part") == "morning" else "p" if m["part"] else "")
        if half and not 1 <= hour <= 12:
            return None
        if half == "p" and hour < 12:
            hour += 12
        elif half == "a" and hour == 12:
            hour = 0
        time = f"{hour:02d}:{minute}"
    zone = "Z" if _lower(m, "zone") in ("gmt", "utc") else ""
    if anchor is None:
        return _unanchored(f"XXXX-XX-XXT{time}{zone}", "time")
    day = _day_of(m, anchor, tense)
    if day is None:
        return None
    # A time without a day is on the day the text last named ("was shot at 10 p.m.").
    follows = None if m["wd"] or m["md"] or m["rel"] else "day"
    return Timex("date", f"{day.isoformat()}T{time}{zone}", day, day, "time", follows)


_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
}


def _holiday_date(name: str, year: int) -> dt.date:
    if name.startswith("thanksgiving"):  # the fourth Thursday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "election day":  # the Tuesday after the first Monday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 1)
    if name.startswith("easter"):
        return easter(year)
    month, day = _HOLIDAYS[name.replace("\u2019", "'")]
    return dt.date(year, month, day)


def _holiday(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    name = _lower(m, "name")
    if m["y"] is not None:
        return _day_timex(_holiday_date(name, int(m["y"])))
    if anchor is None:
        return None
    relation = _lower(m, "rel")
    this_year = _holiday_date(name, anchor.year)
    if relation == "last" or (relation != "next" and tense in ("past", "before")):
        year = anchor.year if this_year < anchor else anchor.year - 1
    elif relation == "next" or tense == "future":
        year = anchor.year if this_year > anchor else anchor.year + 1
    else:
        year = anchor.year
    return _day_timex(_holiday_date(name, year))


def _relative(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    relation, unit = _lower(m, "rel").removeprefix("the "), _lower(m, "unit")
    shift = {"last": -1, "next": 1, "coming": 1}.get(relation, 0)
    if anchor is None:
        placeholder = {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "quarter": "XXXX-QX"}
        return _unanchored(placeholder.get(unit, "XXXX"), unit)
    if unit == "week":
        return _week_timex(anchor + dt.timedelta(weeks=shift))
    if unit == "month":
        day = anchor + relativedelta(months=shift)
        return _month_timex(day.year, day.month)
    if unit == "quarter":
        day = anchor + relativedelta(months=3 * shift)
        return _part_timex(day.year, (day.month - 1) // 3 + 1, 4)
    if unit == "decade":
        start = anchor.year // 10 * 10 + 10 * shift
        return Timex(
            "date", f"{start // 10:03d}X", dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade"
        )
    return _year_timex(anchor.year + shift)


def _amount(m: re.Match[str]) -> float | None:
    # An empty count is one ("the past year", "every year").
    return parse_number(m["n"]) if m["n"] else 1.0


def _ago(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    try:
        amount = parse_number(m["n"])
    except ValueError:
        return None
    unit = _unit(m["unit"])
    if amount is None or amount != int(amount):
        return _vague("PAST_REF")
    count = int(amount)
    if anchor is None:
        placeholder = {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "decade": "XXXX"}
        return _unanchored(placeholder.get(unit, "XXXX-XX-XX"), unit if unit in placeholder else "day")
    if unit in ("minute", "hour"):
        return _day_timex(anchor)
    if unit in ("day", "week", "fortnight"):
        day = anchor - dt.timedelta(days=count * {"day": 1, "week": 7, "fortnight": 14}[unit])
        return _day_timex(day) if unit == "day" else _week_timex(day)
    if unit == "month":
        day = anchor - relativedelta(months=count)
        return _month_timex(day.year, day.month)
    if unit == "decade":
        start = (anchor.year - 10 * count) // 10 * 10
        return Timex(
            "date", f"{start // 10:03d}X", dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade"
        )
    if unit == "century":
        return _vague("PAST_REF")
    if count == 1:  # "a year ago": in a quarterly report, the same quarter a year before
        return replace(_year_timex(anchor.year - 1), follows="year-before")
    return _year_timex(anchor.year - count)


def _counted(kind: str) -> Handler:
    """The handler of "three weeks" (a duration) or "every three weeks" (a set): a number of units."""

    def handler(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
        try:
            return Timex(kind, duration_value(_amount(m), m["unit"]), None, None, None)
        except ValueError:
            return None

    return handler


_duration = _counted("duration")
_set_every = _counted("set")


def _bare_duration(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "for years", "within weeks", "over the years": an unknown number of them
    return Timex("duration", duration_value(None, m["unit"]), None, None, None)


def _set_frequency(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # "three times a week" recurs every week; the count is a frequency the value does not carry.
    return Timex("set", duration_value(1, m["unit"]), None, None, None)


def _set_weekday(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    weekday = int(_INFO.weekday(m["wd"] or m["wd2"]) or 0) + 1
    return Timex("set", f"XXXX-WXX-{weekday}", None, None, None)


_ADVERB_PERIODS = {
    "hourly": "PT1H",
    "daily": "P1D",
    "weekly": "P1W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "biannually": "P6M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "biennially": "P2Y",
}


def _set_adverb(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    return Timex("set", _ADVERB_PERIODS[m["adv"]], None, None, None)


def _deictic(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    word = _lower(m, "day") or _lower(m, "rel")
    part = _PARTS_OF_DAY.get(_lower(m, "part") or _lower(m, "part2") or word, "")
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word, 0)
    suffix = f"T{part}" if part else ""
    if anchor is None:
        return _unanchored("XXXX-XX-XX" + suffix, "day")
    day = anchor + dt.timedelta(days=offset)
    return Timex("date", day.isoformat() + suffix, day, day, "day")


def _weekday(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    weekday = int(_INFO.weekday(m["wd"]) or 0)
    part = _PARTS_OF_DAY.get(_lower(m, "part"), "")  # "Friday morning", "Tuesday night"
    suffix = f"T{part}" if part else ""
    if anchor is None:
        return _unanchored(f"XXXX-WXX-{weekday + 1}{suffix}", "day")
    day = weekday_date(weekday, anchor, tense, _lower(m, "rel"))
    return Timex("date", day.isoformat() + suffix, day, day, "day")


def _constant(value: str) -> Handler:
    def handler(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
        return _vague(value)

    return handler


# ---------------------------------------------------------------------------------------------------
# The shapes, most specific first: on equal length, the earlier one wins.

_I = re.IGNORECASE
_THE = rf"(?:\b[Tt]he{_SP})?"
_REL_YEAR = (
    rf"(?:(?P<y>[12]\d{{3}})(?!\d)"
    rf"|(?P<rel>this|last|next|the{_SP}current|the){_SP}(?:fiscal{_SP}|calendar{_SP})?year\b)"
)


def _shape(name: str, pattern: str, handler: Handler, flags: int = 0, key: str | None = None) -> Shape:
    # Case-insensitive patterns are written in lower case, so they also match lowercased text as is.
    folded = re.compile(pattern) if flags & re.IGNORECASE else None
    return Shape(name, re.compile(pattern, flags), handler, re.compile(key) if key else None, folded)


# Keys: month and weekday names are found capitalized in the text as is; the rest in lowercased text.
_MONTH_KEY = "|".join(f"{n[0]}|{n[0].upper()}" for n in dateparser.parserinfo.MONTHS)
_WEEKDAY_KEY = "|".join(f"{n[0]}|{n[0].upper()}" for n in dateparser.parserinfo.WEEKDAYS)
_ADVERB_KEY = "|".join(_ADVERB_PERIODS)
# Words after a number that make it a count, not a year ("in 2000 rupees", "for 2015 workers").
_COUNTED = (
    r"per[^\S\n]*cent|percent|million|billion|trillion|thousand|crore|lakh|rupees|dollars|euros|people"
    r"|persons|troops|soldiers|workers|men|women|children|tonnes|tons|votes|seats|cases|deaths|units"
    r"|employees|jobs|shares|acres|miles|homes|students|members|cars|vehicles|barrels|feet|points"
    r"|years|days|hours"
)
_YEAR_KEY = r"(?:19|20)\d\d|2100"
# For shapes whose every match starts at the start of a word or at a digit: said first, it rejects the
# letters inside words faster than the pattern's own alternatives (those shapes cost most to scan).
_AT_WORD_OR_DIGIT = r"(?=\b\w|\d)"
_UNIT_KEY = "minute|hour|day|week|fortnight|month|year|decade|centur"


SHAPES: tuple[Shape, ...] = (
    _shape(
        "iso_date",
        r"(?<![\d-])(?P<date>(?P<y>[12]\d{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\d-])",
        _explicit_date,
        key=r"\d{4}-\d",
    ),
    _shape(
        "range_month_first",
        rf"\b(?P<m1>{_MONTH}){_SP}{_day('d1')}{_RANGE_SEP}(?:(?P<m2>{_MONTH}){_SP})?{_day('d2')}"
        rf"(?:,?{_SP}{_YEAR4})?",
        _range,
        key=_MONTH_KEY,
    ),
    _shape(
        "range_day_first",
        rf"{_AT_WORD_OR_DIGIT}{_day('d1')}(?:{_SP}(?:of{_SP})?(?P<m1>{_MONTH}))?{_RANGE_SEP}{_day('d2')}{_SP}(?:of{_SP})?"
        rf"(?P<m2>{_MONTH})(?:,?{_SP}{_YEAR4})?",
        _range,
        key=_MONTH_KEY,
    ),
    _shape(
        "date_month_first",
        rf"{_AT_WORD_OR_DIGIT}(?:\b(?P<wd>{_WEEKDAY}),?{_SP})?(?P<date>\b{_MONTH}{_SP}{_day('d')}(?:,?{_SP}{_YEAR4})?)",
        _explicit_date,
        key=_MONTH_KEY,
    ),
    _shape(
        "date_day_first",
        rf"{_AT_WORD_OR_DIGIT}(?:\b(?P<wd>{_WEEKDAY}),?{_SP})?"
        rf"(?P<date>{_day('d')}{_SP}(?:of{_SP})?{_MONTH}(?:,?{_SP}{_YEAR4})?)",
        _explicit_date,
        key=_MONTH_KEY,
    ),
    _shape("month_year", rf"\b(?P<m>{_MONTH})(?:{_SP}of)?,?{_SP}{_YEAR4}", _month_year, key=_MONTH_KEY),
    _shape(
        "year_range",
        rf"(?<![\d$€£¥.,/-])(?P<y>(?:19|20)\d\d){_RANGE_SEP}(?P<y2>(?:19|20)\d\d|\d\d)(?![\d%]|[.,]\d)",
        _year_range,
        key=_YEAR_KEY,
    ),
    _shape(
        "decade",
        rf"{_THE}(?<![\d-])(?P<y>1\d\d0|20\d0){_APOSTROPHES}?s\b",
        _decade,
        key=rf"0{_APOSTROPHES}?s",
    ),
    _shape(
        "century",
        rf"{_THE}\b(?P<n>[1-9]|1\d|2[01])(?:st|nd|rd|th){_SP}century\b",
        _century,
        _I,
        key="century",
    ),
    _shape(
        "quarter",
        rf"{_THE}(?:(?P<prel>this|last|next){_SP}year{_APOSTROPHES}s{_SP}"
        rf"|(?:comparable{_SP})?(?P<ago>year-ago|year-earlier){_SP}|(?P<py>[12]\d{{3}}){_SP})?"
        rf"(?:fiscal{_SP})?\b(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th){_JOIN}quarter\b(?!-)"
        rf"(?:{_SP}of{_SP}{_REL_YEAR})?",
        _quarter,
        _I,
        key="quarter",
    ),
    _shape("quarter_q", rf"\bQ(?P<q>[1-4])(?:{_SP}(?:of{_SP})?{_YEAR4})?\b", _quarter, key="Q[1-4]"),
    _shape(
        "half",
        rf"{_THE}\b(?P<ord>first|second|1st|2nd){_SP}half{_SP}of{_SP}{_REL_YEAR}",
        _half,
        _I,
        key="half",
    ),
    _shape(
        "relative",
        rf"\b(?P<rel>last|next|this|coming|current|the{_SP}coming|the{_SP}current){_SP}"
        r"(?P<unit>week|month|year|quarter|decade)\b",
        _relative,
        _I,
        key="week|month|year|quarter|decade",
    ),
    _shape(
        "period",
        rf"\b(?:the|that){_SP}(?:(?P<mod>latest|most{_SP}recent|(?:comparable{_SP})?year-(?:ago|earlier)"
        rf"|(?P<y>[12]\d{{3}})){_SP})?(?:fiscal{_SP})?(?P<unit>quarter|period)\b(?!-|{_SP}of\b)",
        _period,
        _I,
        key="quarter|period",
    ),
    _shape("year_ago", rf"\byear-(?:ago|earlier)\b(?!{_SP}(?:quarter|period)\b)", _year_ago, _I, key="year-"),
    _shape("year_earlier", rf"\b(?:a|one){_SP}year{_SP}earlier\b", _year_ago, _I, key="earlier"),
    _shape(
        "the_year",
        rf"\bthe{_SP}(?:(?P<mod>full|fiscal|full{_SP}fiscal|current{_SP}fiscal|latest{_SP}fiscal|entire|whole"
        rf"|calendar){_SP})?year\b(?![-'\u2019]|{_SP}(?:of|before|after|earlier|ago|later|since|\d|two|one"
        rf"|nineteen|twenty)\b)(?:(?={_SP}(?P<ended>ended|ending)\b))?",
        _the_year,
        _I,
        key="year",
    ),
    _shape(
        "that_year",
        rf"\b(?:(?:later|earlier){_SP})?(?:that|the{_SP}(?P<rel>following|previous|preceding|same)){_SP}year\b"
        rf"(?![-'\u2019])",
        _that_year,
        _I,
        key="year",
    ),
    _shape(
        "fiscal_year",
        rf"\bfiscal{_SP}(?:year{_SP})?(?P<y>[12]\d{{3}})(?!\d|{_SP}?[-\u2013/]\d)",
        _fiscal_year,
        _I,
        key="fiscal",
    ),
    _shape(
        "year_end",
        rf"\b(?:(?:the{_SP})?end{_SP}of{_SP}(?:the{_SP})?year|year{_SP}end|year-end|year{_APOSTROPHES}s{_SP}end)\b",
        _year_end,
        _I,
        key="end",
    ),
    _shape(
        "season",
        rf"(?:\b(?P<rel>this{_SP}past|this|last|next|the)(?:{_SP}(?:early|late))?{_SP})?"
        rf"\b(?P<season>spring|summer|fall|autumn|winter)\b"
        rf"(?:{_SP}of{_SP}(?P<y>[12]\d{{3}}(?!\d)|{_YEAR_WORDS})|,?{_SP}(?P<y2>[12]\d{{3}})(?!\d)"
        rf"|(?P<bare>)(?!{_SP}of\b))?",
        _season,
        _I,
        key="spring|summer|fall|autumn|winter",
    ),
    _shape("ago", rf"{_NUM}{_JOIN}{_UNIT}[^\S\n]+ago\b", _ago, _I, key="ago"),
    _shape(
        "set_frequency",
        rf"\b(?:once|twice|thrice|{_NUM}{_SP}times){_SP}(?:a|an|per|every|each){_SP}"
        r"(?P<unit>minute|hour|day|week|fortnight|month|year|decade)\b",
        _set_frequency,
        _I,
        key="once|twice|thrice|times",
    ),
    _shape(
        "set_every",
        rf"\b(?:every|each|per){_SP}(?:{_NUM}{_SP})?(?P<unit>{_UNIT_WORDS}|annum)\b",
        _set_every,
        _I,
        key="every|each|per",
    ),
    _shape(
        "set_weekday",
        rf"(?:\b(?i:every|each){_SP}(?P<wd>{_WEEKDAY})|\b(?P<wd2>{_WEEKDAY_STEM})s\b)",
        _set_weekday,
        key=_WEEKDAY_KEY,
    ),
    _shape("set_adverb", rf"\b(?P<adv>{'|'.join(_ADVERB_PERIODS)})\b", _set_adverb, key=_ADVERB_KEY),
    _shape(
        "duration",
        rf"{_AT_WORD_OR_DIGIT}(?:(?:\bthe{_SP})?\b(?:past|last|previous|next|coming){_SP})?{_NUM}{_JOIN}{_UNIT}"
        rf"(?:-long\b)?(?!{_JOIN}olds?\b|-(?:ago|earlier|old)\b)",
        _duration,
        _I,
        key=_UNIT_KEY,
    ),
    _shape(
        "duration_the",
        rf"\bthe{_SP}(?:past|last|previous){_SP}(?P<n>)"
        rf"(?P<unit>hour|day|week|fortnight|month|year|decade|century)\b(?!{_SP}of\b)",
        _duration,
        _I,
        key="past|last|previous",
    ),
    _shape(
        "duration_vague",
        rf"(?:{_THE}\b(?:recent|coming){_SP}|\bthe{_SP}(?=\w+{_SP}ahead\b))(?P<n>)"
        rf"(?P<unit>days|weeks|months|quarters|years|decades)\b(?:{_SP}ahead\b)?",
        _bare_duration,
        _I,
        key="recent|coming|ahead",
    ),
    _shape(
        "vague_past",
        rf"(?:{_THE}\brecent{_SP}past|\bthe{_SP}past\b(?!{_SP}of\b)|\brecently\b|\blately\b"
        rf"|\brecent{_SP}times\b)",
        _constant("PAST_REF"),
        _I,
        key="past|recent|lately",
    ),
    _shape(
        "vague_present",
        rf"\b(?:now|currently|nowadays|these{_SP}days|at{_SP}present|at{_SP}the{_SP}moment)\b(?!-)"
        rf"|(?<!then )\bcurrent\b(?!-|{_SP}(?:year|quarter|month|week|fiscal|financial|calendar|period"
        rf"|account|accounts|affairs|events)\b)",
        _constant("PRESENT_REF"),
        _I,
        key="now|current|these|present|moment",
    ),
    _shape(
        "vague_future",
        rf"(?:{_THE}\b(?:near|distant|foreseeable){_SP}future\b|\bthe{_SP}future\b(?!{_SP}of\b)"
        rf"|(?<!\bas )\bsoon\b(?!-|{_SP}(?:as|after|afterwards?)\b))",
        _constant("FUTURE_REF"),
        _I,
        key="future|soon",
    ),
    _shape(
        "deictic",
        rf"\b(?:(?P<day>today|yesterday|tomorrow|tonight)(?:{_SP}(?P<part>morning|afternoon|evening|night))?"
        rf"|(?P<rel>this|last){_SP}(?P<part2>morning|afternoon|evening|night))\b",
        _deictic,
        _I,
        key="today|yesterday|tomorrow|tonight|morning|afternoon|evening|night",
    ),
    _shape(
        "weekday",
        rf"(?:\b(?P<rel>(?i:last|next|this|coming|past)){_SP})?(?P<wd>{_WEEKDAY})"
        rf"(?:{_SP}(?P<part>(?i:morning|afternoon|evening|night))\b)?",
        _weekday,
        key=_WEEKDAY_KEY,
    ),
    _shape(
        "month_relative_year",
        rf"\b(?P<m>{_MONTH})(?:{_SP}of)?{_SP}(?P<rel>(?i:this|last|next)){_SP}(?i:year)\b",
        _month_relative_year,
        key=_MONTH_KEY,
    ),
    _shape(
        "year_words",
        rf"(?:\b(?P<m>{_MONTH_FULL}){_SP}|\b(?P<the>(?i:the){_SP}(?i:year)){_SP})?\b(?P<w>(?i:{_YEAR_WORDS}))",
        _year_words,
        key="ineteen|ighteen|wenty|housand",  # without the first letter, whatever its case
    ),
    _shape(
        "clock",
        rf"\b(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<min>[0-5]\d))?{_SP}?(?P<ampm>[ap])\.?m\b\.?"
        rf"|(?P<h24>[01]?\d|2[0-3]):(?P<min24>[0-5]\d)(?={_SP}(?:GMT|UTC)\b)"
        rf"|(?<![Hh]igh )(?P<noon>(?i:noon|midnight))"
        rf"|(?P<h3>1[0-2]|0?[1-9]|{_NUMWORD}){_SP}in{_SP}the{_SP}(?P<part>morning|afternoon|evening))"
        rf"(?:{_SP}(?P<zone>[ECMP][SD]T|GMT|UTC)\b)?"
        rf"(?:,?{_SP}(?:on{_SP})?(?:(?P<wd>{_WEEKDAY})|(?P<md>{_MONTH}{_SP}{_day('d')})"
        rf"|(?P<rel>(?i:today|yesterday|tomorrow))\b))?",
        _clock,
        key=r"[ap]\.?m\b|oon\b|idnight|:\d\d|in the (?:mo|af|ev)",
    ),
    _shape(
        "holiday",
        rf"(?:\b(?P<rel>(?i:last|next|this)){_SP})?\b(?P<name>Thanksgiving(?:{_SP}Day)?|Christmas{_SP}(?:Day|Eve)"
        rf"|New{_SP}Year{_APOSTROPHES}s{_SP}(?:Day|Eve)|Election{_SP}Day|Easter(?:{_SP}Sunday)?)\b(?!{_SP}[A-Z])"
        rf"(?:,?{_SP}{_YEAR4})?",
        _holiday,
        key="Thanksgiving|Christmas|New Year|Election Day|Easter",
    ),
    _shape(
        "duration_bare",
        rf"(?:(?<=\bfor )|(?<=\bwithin )|(?<=\bin )|(?<=\bover ))(?:the{_SP})?(?P<n>)"
        rf"(?P<unit>days|weeks|months|years|decades|centuries)\b"
        rf"(?!-|{_SP}(?:ago|of|before|after|earlier|later|ahead|old|to|\d)\b)",
        _bare_duration,
        _I,
        key="days|weeks|months|years|decades|centuries",
    ),
    _shape(
        "year_modified",
        rf"\b(?:mid|early|late|post|pre)-(?P<y>(?:19|20)\d\d)(?![\d%]|[.,]\d|s\b|{_APOSTROPHES}s\b)",
        _year,
        _I,
        key=_YEAR_KEY,
    ),
    _shape(
        "month",
        rf"(?:\b(?P<rel>(?i:last|next|this)){_SP})?(?P<m>{_MONTH_FULL})(?!{_APOSTROPHES}s\b)",
        _month,
        key=_MONTH_KEY,
    ),
    _shape(
        "year",
        rf"(?<![\d$€£¥.,/-])(?P<y>19\d\d|20\d\d|2100)(?![\d%]|[.,/-]\d|[^\S\n]*(?:%|(?:{_COUNTED})\b))",
        _year,
        key=_YEAR_KEY,
    ),
)


def normalize(text: str, anchor: dt.date | None, tense: Tense = "present") -> Timex | None:
    """The TIMEX3 value and interval of one whole expression ("April 6-7", "last year"), or None.

    Relative expressions are resolved against `anchor`; without one they get X placeholders and no
    dates. Context that only finding needs (the "in" before a bare year) is not checked here.
    """
    for shape in SHAPES:
        match = shape.pattern.fullmatch(text)
        if match is not None:
            timex = shape.normalize(match, anchor, tense)
            if timex is NOT_A_DATE:
                return None
            if timex is not None:
                return timex
    return None
