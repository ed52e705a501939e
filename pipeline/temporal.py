"""Normalize temporal expressions to TIMEX3 values and the calendar intervals they cover (no spaCy)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta
from text_to_num import text2num

Tense = Literal["past", "present", "future"]

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


Handler = Callable[[re.Match[str], dt.date | None, Tense], Timex | None]


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
    "year": ("Y", False, 1),
    "annum": ("Y", False, 1),
    "decade": ("DE", False, 1),
    "century": ("CE", False, 1),
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}


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
        "flew", "ago",
    ]
)  # fmt: skip
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
    if low in _PAST_WORDS:
        return "past"
    # Capitalized -ed words are mostly names (Ahmed, Saeed, United), not verbs.
    if word.islower() and len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST:
        return "past" if not word.endswith("eed") or word in _PAST_EED else None
    return None


def tense_cues(words: Sequence[str]) -> list[tuple[int, Tense]]:
    """The words of a sentence that mark a tense ("will", "to be", "was", "arrived"), by token index."""
    return [(i, tense) for i in range(len(words)) if (tense := _cue(words, i)) is not None]


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


def _unanchored(value: str, granularity: str | None, kind: str = "date") -> Timex:
    return Timex(kind, value, None, None, granularity)


def _vague(value: str) -> Timex:
    return Timex("vague", value, None, None, None)


def year_near(anchor: dt.date, tense: Tense, first: tuple[int, int], last: tuple[int, int]) -> int:
    """The year of a period given without one, as (month, day) bounds: the anchor's, unless the
    tense points across New Year ("met in September" written in April means last September)."""
    today = (anchor.month, anchor.day)
    if tense == "past" and first > today:
        return anchor.year - 1
    if tense == "future" and last < today:
        return anchor.year + 1
    return anchor.year


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
    if tense == "past" or (tense == "present" and back <= forward):
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


# ---------------------------------------------------------------------------------------------------
# Handlers: one per shape, from a match to a Timex (None when the match is not a real date).


def _explicit_date(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    # dateutil reads the date; a leap default year lets "29 February" through when no year is given.
    try:
        parsed = dateparser.parse(m["date"], default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
    if m["y"] is not None:
        return _day_timex(parsed)
    if anchor is None:
        return _unanchored(f"XXXX-{parsed.month:02d}-{parsed.day:02d}", "day")
    md = (parsed.month, parsed.day)
    try:
        return _day_timex(parsed.replace(year=year_near(anchor, tense, md, md)))
    except ValueError:
        return None


def _range(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    month1 = _month_number(m["m1"] or m["m2"])
    month2 = _month_number(m["m2"] or m["m1"])
    day1, day2 = int(m["d1"]), int(m["d2"])
    first, last = (month1, day1), (month2, day2)
    crosses_new_year = first > last
    if m["y"] is not None:
        year2 = int(m["y"])
    elif anchor is not None:
        year2 = year_near(anchor, tense, last if crosses_new_year else first, last)
    else:
        value = f"XXXX-{month1:02d}-{day1:02d}/XXXX-{month2:02d}-{day2:02d}"
        return None if first == last else _unanchored(value, "day", "range")
    try:
        start = dt.date(year2 - 1 if crosses_new_year else year2, month1, day1)
        end = dt.date(year2, month2, day2)
    except ValueError:
        return None
    if not start < end:
        return None
    return Timex("range", f"{start.isoformat()}/{end.isoformat()}", start, end, "day")


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
    if m["y"] is not None:
        return _part_timex(int(m["y"]), part, parts)
    relation = _lower(m, "rel")
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
    return _part_timex(year, part, parts)


def _quarter(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    return _year_part(m, anchor, tense, 4)


def _half(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    return _year_part(m, anchor, tense, 2)


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
    return _year_timex(anchor.year - count)


def _duration(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    try:
        return Timex("duration", duration_value(_amount(m), m["unit"]), None, None, None)
    except ValueError:
        return None


def _set_every(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> Timex | None:
    try:
        return Timex("set", duration_value(_amount(m), m["unit"]), None, None, None)
    except ValueError:
        return None


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
    "quarterly": "P3M",
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
    if anchor is None:
        return _unanchored(f"XXXX-WXX-{weekday + 1}", "day")
    return _day_timex(weekday_date(weekday, anchor, tense, _lower(m, "rel")))


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
)
_YEAR_KEY = r"(?:19|20)\d\d|2100"
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
        rf"{_day('d1')}(?:{_SP}(?:of{_SP})?(?P<m1>{_MONTH}))?{_RANGE_SEP}{_day('d2')}{_SP}(?:of{_SP})?"
        rf"(?P<m2>{_MONTH})(?:,?{_SP}{_YEAR4})?",
        _range,
        key=_MONTH_KEY,
    ),
    _shape(
        "date_month_first",
        rf"(?:\b{_WEEKDAY},?{_SP})?(?P<date>\b{_MONTH}{_SP}{_day('d')}(?:,?{_SP}{_YEAR4})?)",
        _explicit_date,
        key=_MONTH_KEY,
    ),
    _shape(
        "date_day_first",
        rf"(?:\b{_WEEKDAY},?{_SP})?(?P<date>{_day('d')}{_SP}(?:of{_SP})?{_MONTH}(?:,?{_SP}{_YEAR4})?)",
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
        rf"{_THE}\b(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th){_SP}quarter\b"
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
        rf"(?:(?:\bthe{_SP})?\b(?:past|last|previous|next|coming){_SP})?{_NUM}{_JOIN}{_UNIT}"
        rf"(?:-long\b)?(?!{_JOIN}olds?\b)",
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
        "vague_past",
        rf"(?:{_THE}\brecent{_SP}past|\bthe{_SP}past\b(?!{_SP}of\b)|\brecently\b|\blately\b"
        rf"|\brecent{_SP}(?:years|months|weeks|days|decades|times)\b)",
        _constant("PAST_REF"),
        _I,
        key="past|recent|lately",
    ),
    _shape(
        "vague_present",
        rf"\b(?:now|currently|nowadays|these{_SP}days|at{_SP}present|at{_SP}the{_SP}moment)\b",
        _constant("PRESENT_REF"),
        _I,
        key="now|current|these|present|moment",
    ),
    _shape(
        "vague_future",
        rf"(?:{_THE}\b(?:near|distant|foreseeable){_SP}future\b|\bthe{_SP}future\b(?!{_SP}of\b)"
        rf"|(?<!\bas )\bsoon\b(?!{_SP}as\b)|{_THE}\bcoming{_SP}(?:days|weeks|months|years|decades)\b"
        rf"|\bthe{_SP}(?:days|weeks|months|years){_SP}ahead\b)",
        _constant("FUTURE_REF"),
        _I,
        key="future|soon|coming|ahead",
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
        rf"(?:\b(?P<rel>(?i:last|next|this|coming|past)){_SP})?(?P<wd>{_WEEKDAY})",
        _weekday,
        key=_WEEKDAY_KEY,
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
            if timex is not None:
                return timex
    return None
