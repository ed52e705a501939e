"""Tests of the date finder and its normalizer: a table of short sentences, and the bundled article."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.dates import find_dates
from pipeline.model import Article, DateFact
from pipeline.nlp import build
from pipeline.read import read_file
from pipeline.temporal import Tense, duration_value, normalize, parse_number, tense_of, weekday_date

ARTICLE = Path(__file__).parent.parent / "raw" / "urdupoint-2021-04-06-lavrov-visits-pakistan.txt"
TUESDAY = dt.date(2021, 4, 6)  # the anchor of every case below unless it says otherwise

Found = tuple[str, str, str, str | None, str | None, str | None]  # text, kind, value, start, end, granularity
Case = tuple[str, list[Found]]


def dates(text: str, published: dt.date | None = TUESDAY) -> list[DateFact]:
    article = Article(article_id="t", source_path="t.txt", text=text, sha256="t", published=published)
    return find_dates(build()(text), article)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def found(text: str, published: dt.date | None = TUESDAY) -> list[Found]:
    return [
        (f.text, f.kind, f.value, _iso(f.start_date), _iso(f.end_date), f.granularity)
        for f in dates(text, published)
    ]


def day(text: str, iso: str) -> Found:
    return (text, "date", iso, iso, iso, "day")


def month(text: str, value: str) -> Found:
    year, number = map(int, value.split("-"))
    last = calendar.monthrange(year, number)[1]
    return (text, "date", value, f"{value}-01", f"{value}-{last:02d}", "month")


def year(text: str, value: str) -> Found:
    return (text, "date", value, f"{value}-01-01", f"{value}-12-31", "year")


def quarter(text: str, value: str) -> Found:
    year, number = int(value[:4]), int(value[-1])
    last = dt.date(year, 3 * number, calendar.monthrange(year, 3 * number)[1])
    return (text, "date", value, f"{year}-{3 * number - 2:02d}-01", last.isoformat(), "quarter")


def clock(text: str, value: str) -> Found:
    return (text, "date", value, value[:10], value[:10], "time")


def days(text: str, first: str, last: str) -> Found:
    return (text, "range", f"{first}/{last}", first, last, "day")


def no_dates(text: str, kind: str, value: str) -> Found:
    return (text, kind, value, None, None, None)


WEEKDAYS: list[Case] = [
    ("The envoy arrived here Tuesday for talks.", [day("Tuesday", "2021-04-06")]),
    ("The summit is to be held on Wednesday.", [day("Wednesday", "2021-04-07")]),
    ("Officials met on Friday to review the plan.", [day("Friday", "2021-04-02")]),
    ("The minister will travel to Doha on Monday.", [day("Monday", "2021-04-12")]),
    ("The parties plan to sign the deal on Thursday.", [day("Thursday", "2021-04-08")]),
    ("The council meets on Thursday.", [day("Thursday", "2021-04-08")]),
    ("The council sits on Sunday.", [day("Sunday", "2021-04-04")]),
    ("She resigned last Tuesday.", [day("last Tuesday", "2021-03-30")]),
    ("The board meets next Tuesday.", [day("next Tuesday", "2021-04-13")]),
    ("Rahim, who landed on Monday, will meet the mayor on Friday.",
     [day("Monday", "2021-04-05"), day("Friday", "2021-04-09")]),
    ("The office said on Saturday that a vote will follow.", [day("Saturday", "2021-04-03")]),
    ("The result came on Tuesday, April 6, 2021.", [day("Tuesday, April 6, 2021", "2021-04-06")]),
    ("Rebels attacked on Friday night.",
     [("Friday night", "date", "2021-04-02TNI", "2021-04-02", "2021-04-02", "day")]),
    ("The vote is on Thursday morning.",
     [("Thursday morning", "date", "2021-04-08TMO", "2021-04-08", "2021-04-08", "day")]),
]  # fmt: skip

DEICTIC: list[Case] = [
    ("Markets were calm today.", [day("today", "2021-04-06")]),
    ('"Today the ties are strong," he said.', [day("Today", "2021-04-06")]),
    ("The accord was signed yesterday.", [day("yesterday", "2021-04-05")]),
    ("Voting resumes tomorrow.", [day("tomorrow", "2021-04-07")]),
    ("Shelling resumed last night.",
     [("last night", "date", "2021-04-05TNI", "2021-04-05", "2021-04-05", "day")]),
    ("He will speak tonight.", [("tonight", "date", "2021-04-06TNI", "2021-04-06", "2021-04-06", "day")]),
]  # fmt: skip

EXPLICIT: list[Case] = [
    ("The republic was founded on 14 August 1947.", [day("14 August 1947", "1947-08-14")]),
    ("The truce began on 3rd Mar, 2020 in the north.", [day("3rd Mar, 2020", "2020-03-03")]),
    ("The report came out on March 3, 2020.", [day("March 3, 2020", "2020-03-03")]),
    ("Figures dated 2020-03-03 were revised.", [day("2020-03-03", "2020-03-03")]),
    ("The rally is held on May 1 every spring.", [day("May 1", "2021-05-01")]),
    ("Talks are planned for May 10.", [day("May 10", "2021-05-10")]),
    ("The fair opened on the 2nd of April.", [day("2nd of April", "2021-04-02")]),
    ("The law took effect on Sept. 9, 2019.", [day("Sept. 9, 2019", "2019-09-09")]),
    # A date a few weeks ahead is this year's even in a past tense; one far ahead is last year's.
    ("Officials said a vote would be held on May 2.", [day("May 2", "2021-05-02")]),
    ("Officials said the vote was held on Dec. 2.", [day("Dec. 2", "2020-12-02")]),
    ("A census ran on 29 February 2020.", [day("29 February 2020", "2020-02-29")]),
]  # fmt: skip

RANGES: list[Case] = [
    ("The fair runs April 6-7 in Lahore.",
     [days("April 6-7", "2021-04-06", "2021-04-07")]),
    ("Delegates meet from 6 to 7 April.",
     [days("6 to 7 April", "2021-04-06", "2021-04-07")]),
    ("The forum took place on 6-7 April 2021.",
     [days("6-7 April 2021", "2021-04-06", "2021-04-07")]),
    ("The festival runs from April 30 to May 2.",
     [days("April 30 to May 2", "2021-04-30", "2021-05-02")]),
    ("The games ran from 12\u201314 March 2019.",
     [days("12\u201314 March 2019", "2019-03-12", "2019-03-14")]),
    ("The plan covered 2015-2018.",
     [("2015-2018", "range", "2015/2018", "2015-01-01", "2018-12-31", "year")]),
    ("Prices doubled from 2010 to 2012.",
     [("2010 to 2012", "range", "2010/2012", "2010-01-01", "2012-12-31", "year")]),
    # A range runs forward: one that ends in an earlier month ends in the next year.
    ("Talks run December 28 to January 3.",
     [days("December 28 to January 3", "2020-12-28", "2021-01-03")]),
    ("Talks ran December 28, 2020 to January 3, 2021.",
     [day("December 28, 2020", "2020-12-28"), day("January 3, 2021", "2021-01-03")]),
    # An end before the start in one month is no range, and no year is made up to order it: two dates.
    ("The camp ran from June 10 to June 3, 2021.",
     [day("June 10", "2020-06-10"), day("June 3, 2021", "2021-06-03")]),
    ("The talks ran 10-3 June.", [day("3 June", "2021-06-03")]),
]  # fmt: skip

MONTHS: list[Case] = [
    ("Elections were held in June 2017.", [month("June 2017", "2017-06")]),
    ("The budget of February 2020 was cut.",
     [month("February 2020", "2020-02")]),
    ("The project stalled in September.", [month("September", "2020-09")]),
    ("The project will resume in September.",
     [month("September", "2021-09")]),
    ("Work began in March.", [month("March", "2021-03")]),
    ("Exports peaked last October.", [month("last October", "2020-10")]),
    ("Rains are expected in July.", [month("July", "2021-07")]),
    ("In January this year, exports rose.", [month("January this year", "2021-01")]),
    ("Sales rose earlier this month.", [month("earlier this month", "2021-04")]),
    ("The deal closes at the end of November.", [month("the end of November", "2021-11")]),
    ("Prices have risen since June.", [month("June", "2020-06")]),
]  # fmt: skip

YEARS: list[Case] = [
    ("The plant opened in 2015.", [year("2015", "2015")]),
    ("In 2020, exports rose.", [year("2020", "2020")]),
    ("Prices have risen since 1998.", [year("1998", "1998")]),
    ("The dam should be ready by 2030.", [year("2030", "2030")]),
    ("Growth slowed. 2019, however, was calm.", [year("2019", "2019")]),
    ("The road was built during early 2004.", [year("early 2004", "2004")]),
    ("Fighting began in the late 1970s.",
     [("the late 1970s", "date", "197X", "1970-01-01", "1979-12-31", "decade")]),
    ("Its 1990 invasion of the north failed.", [year("1990", "1990")]),
    ("The 1995 shooting shocked the town.", [year("1995", "1995")]),
    ("His failed 1996 campaign cost millions.", [year("1996", "1996")]),
    ("Growth began in mid-1996.", [year("mid-1996", "1996")]),
    ("The games were held in nineteen ninety-six.", [year("nineteen ninety-six", "1996")]),
    ("The plan was dropped by the year two thousand.", [year("the year two thousand", "2000")]),
    ("He fled in June 1998 and returned later that year.",
     [month("June 1998", "1998-06"), year("later that year", "1998")]),
    ("Sales in fiscal 2019 rose.", [year("fiscal 2019", "2019")]),
    ("Earnings for the year rose.", [year("the year", "2021")]),
    ("Sales for the full year rose.", [year("the full year", "2021")]),
    ("The deal should close by year-end.", [year("year-end", "2021")]),
]  # fmt: skip

DURATIONS: list[Case] = [
    ("A two-day summit opened.", [no_dates("two-day", "duration", "P2D")]),
    ("The war lasted three years.", [no_dates("three years", "duration", "P3Y")]),
    ("He spent six months abroad.", [no_dates("six months", "duration", "P6M")]),
    ("Results are due within 48 hours.", [no_dates("48 hours", "duration", "PT48H")]),
    ("The strike went on for twenty-four hours.", [no_dates("twenty-four hours", "duration", "PT24H")]),
    ("They unveiled a five-year plan.", [no_dates("five-year", "duration", "P5Y")]),
    ("Rents rose over the past three years.", [no_dates("the past three years", "duration", "P3Y")]),
    ("Trade doubled over the past year.", [no_dates("the past year", "duration", "P1Y")]),
    ("He waited several weeks.", [no_dates("several weeks", "duration", "PXW")]),
    ("The truce held for a fortnight.", [no_dates("a fortnight", "duration", "P2W")]),
    ("Prices rose over the past decade.", [no_dates("the past decade", "duration", "P10Y")]),
    ("Net rose in the first nine months.", [no_dates("the first nine months", "duration", "P9M")]),
    ("The war lasted nearly forty years.", [no_dates("nearly forty years", "duration", "P40Y")]),
    ("The eight-year war ended.", [no_dates("eight-year", "duration", "P8Y")]),
    ("The city was ruled from abroad for centuries.", [no_dates("centuries", "duration", "PXY")]),
    ("Troops will arrive within weeks.", [no_dates("weeks", "duration", "PXW")]),
    ("Over the years, trade grew.", [no_dates("the years", "duration", "PXY")]),
    ("Profit for the year ended June 30 rose.",
     [no_dates("the year", "duration", "P1Y"), day("June 30", "2020-06-30")]),
    ("The camp ran for 2.5 days.", [no_dates("2.5 days", "duration", "P2.5D")]),
]  # fmt: skip

VAGUE: list[Case] = [
    ("Over the recent past, trade grew.", [no_dates("the recent past", "vague", "PAST_REF")]),
    ("Ties have improved recently.", [no_dates("recently", "vague", "PAST_REF")]),
    ("Such raids happened in the past.", [no_dates("the past", "vague", "PAST_REF")]),
    ("Costs fell in recent years.", [no_dates("recent years", "duration", "PXY")]),
    ("Relations are now stable.", [no_dates("now", "vague", "PRESENT_REF")]),
    ("The mine is currently closed.", [no_dates("currently", "vague", "PRESENT_REF")]),
    ("At present, no talks are planned.", [no_dates("At present", "vague", "PRESENT_REF")]),
    ("More visits may follow in the future.", [no_dates("the future", "vague", "FUTURE_REF")]),
    ("A deal is expected soon.", [no_dates("soon", "vague", "FUTURE_REF")]),
    ("Rain is likely in the coming days.", [no_dates("the coming days", "duration", "PXD")]),
    ("The current crisis deepened.", [no_dates("current", "vague", "PRESENT_REF")]),
    ("The current account deficit grew.", []),
    ("He was released soon after the raid.", []),
    ("A now-closed mill reopened near the soon-to-open airport.", []),
    ("Reply as soon as you can.", []),
    ("A few years ago the port was empty.", [no_dates("A few years ago", "vague", "PAST_REF")]),
]  # fmt: skip

RELATIVE: list[Case] = [
    ("Exports fell last year.", [year("last year", "2020")]),
    ("Trade talks resume next month.", [month("next month", "2021-05")]),
    ("Prices rose last week.", [("last week", "date", "2021-W13", "2021-03-29", "2021-04-04", "week")]),
    ("Growth will slow this year.", [year("this year", "2021")]),
    ("The firm hires more next week.",
     [("next week", "date", "2021-W15", "2021-04-12", "2021-04-18", "week")]),
    ("Three years ago the bridge fell.", [year("Three years ago", "2018")]),
    ("The mill shut almost two years ago.", [year("almost two years ago", "2019")]),
    ("Output slipped last quarter.",
     [("last quarter", "date", "2021-Q1", "2021-01-01", "2021-03-31", "quarter")]),
    ("Net income doubled from year-earlier results.", [year("year-earlier", "2020")]),
]  # fmt: skip

SETS: list[Case] = [
    ("The forum meets every year.", [no_dates("every year", "set", "P1Y")]),
    ("Reports are filed annually.", [no_dates("annually", "set", "P1Y")]),
    ("The council meets weekly.", [no_dates("weekly", "set", "P1W")]),
    ("Ships dock every two weeks.", [no_dates("every two weeks", "set", "P2W")]),
    ("The panel sits twice a year.", [no_dates("twice a year", "set", "P1Y")]),
    ("Ferries sail three times a week.", [no_dates("three times a week", "set", "P1W")]),
    ("The market opens on Fridays.", [no_dates("Fridays", "set", "XXXX-WXX-5")]),
    ("Buses run every Monday.", [no_dates("every Monday", "set", "XXXX-WXX-1")]),
    ("The plan saves $2 million a year.", [no_dates("a year", "set", "P1Y")]),
    ("Ferries carry 700 cars a week.", [no_dates("a week", "set", "P1W")]),
]  # fmt: skip

PERIODS: list[Case] = [
    ("Output rose in the first quarter.",
     [("the first quarter", "date", "2021-Q1", "2021-01-01", "2021-03-31", "quarter")]),
    ("Sales fell in the fourth quarter of 2019.",
     [("the fourth quarter of 2019", "date", "2019-Q4", "2019-10-01", "2019-12-31", "quarter")]),
    ("Debt grew in Q3 2020.", [("Q3 2020", "date", "2020-Q3", "2020-07-01", "2020-09-30", "quarter")]),
    ("Imports fell in the first half of 2020.",
     [("the first half of 2020", "date", "2020-H1", "2020-01-01", "2020-06-30", "half")]),
    ("Inflation peaked in the 1990s.", [("the 1990s", "date", "199X", "1990-01-01", "1999-12-31", "decade")]),
    ("Acme posted a third-quarter loss.", [quarter("third-quarter", "2020-Q3")]),
    ("Profit rose in the quarter.", [quarter("the quarter", "2021-Q1")]),
    ("Revenue in the year-ago quarter was flat.", [quarter("the year-ago quarter", "2020-Q1")]),
    ("Next year's first quarter looks weak.", [quarter("Next year's first quarter", "2022-Q1")]),
    # A report's "the latest quarter" and "a year earlier" follow the quarter it reports on.
    ("Sales rose in the third quarter from a year earlier, and costs in the latest quarter fell.",
     [quarter("the third quarter", "2020-Q3"), quarter("a year earlier", "2019-Q3"),
      quarter("the latest quarter", "2020-Q3")]),
    ("The plant opened last fall.", [("last fall", "date", "2020-FA", "2020-09-01", "2020-11-30", "season")]),
    ("Talks resume this summer.", [("this summer", "date", "2021-SU", "2021-06-01", "2021-08-31", "season")]),
    ("Prices peaked in the winter of 1994.",
     [("the winter of 1994", "date", "1994-WI", "1994-12-01", "1995-02-28", "season")]),
    ("The fort dates from the 17th century.",
     [("the 17th century", "date", "16XX", "1600-01-01", "1699-12-31", "century")]),
]  # fmt: skip

NOT_DATES: list[Case] = [
    ("Exports reached $ 790 million, up 46%.", []),
    ("He addressed the 74th session of the assembly.", []),
    ("The company employs 2015 workers.", []),
    ("About 1500 people attended.", []),
    ("A fine of 2000 rupees was paid.", []),
    ("The match may go on.", []),
    ("Troops will march to the border.", []),
    ("The daily routine stayed the same.", [no_dates("daily", "set", "P1D")]),
    ("The firm raised its quarterly dividend.", []),
    ("The firm hired 2000 employees.", []),
    ("The fall of the city shocked them.", []),
    ("Prices may fall sharply.", []),
    ("The film High Noon is a classic.", []),
    ("An estimated 2000 demonstrators marched.", []),
    ("The first 2000 buyers get a discount.", []),
    ("They rebuilt the quarter of the city.", []),
    ("He was named Person of the Year.", []),
    ("The fall in prices hurt farmers.", []),
    ("Tourists flew to Easter Island.", []),
    ("The makers kept their secrets for two thousand years.", []),
    ("Ahmed met Saeed in Karachi.", []),
    ("The speech by May drew crowds.", []),
    ("The pipeline runs 1,100 km.", []),
    # Days that do not exist: no date, and no shorter reading inside them ("February", "2021").
    ("The form was dated 2021-13-01.", []),
    ("The form was dated 2021-02-30.", []),
    ("He was born on February 30, 2021.", []),
    ("It was signed on 30 February 2021.", []),
    ("The fair runs April 31 to May 2.", []),
    ("It ran 30-31 June 2019.", []),
    ("The leap day February 29 passed.", []),
]  # fmt: skip

TIMES: list[Case] = [
    ("The blast was heard at 10 p.m. Wednesday.", [clock("10 p.m. Wednesday", "2021-03-31T22:00")]),
    ("Talks broke off at noon Thursday.", [clock("noon Thursday", "2021-04-01T12:00")]),
    ("The plane landed at 08:30 UTC.", [clock("08:30 UTC", "2021-04-06T08:30Z")]),
    ("The leader will leave at 4 in the morning.", [clock("4 in the morning", "2021-04-06T04:00")]),
    # A time without a day is on the day named last.
    ("The guard was attacked on March 3. He died at 10 p.m.",
     [day("March 3", "2021-03-03"), clock("10 p.m.", "2021-03-03T22:00")]),
]  # fmt: skip

CASES = (
    WEEKDAYS
    + DEICTIC
    + EXPLICIT
    + RANGES
    + MONTHS
    + YEARS
    + DURATIONS
    + VAGUE
    + RELATIVE
    + SETS
    + PERIODS
    + TIMES
)
ALL_CASES = CASES + NOT_DATES


@pytest.mark.parametrize(("text", "expected"), ALL_CASES, ids=[c[0][:40] for c in ALL_CASES])
def test_finds_and_normalizes(text: str, expected: list[Found]) -> None:
    assert found(text) == expected


UNANCHORED: list[Case] = [
    ("The envoy arrived here Tuesday.", [("Tuesday", "date", "XXXX-WXX-2", None, None, "day")]),
    ("Markets were calm today.", [("today", "date", "XXXX-XX-XX", None, None, "day")]),
    ("Exports fell last year.", [("last year", "date", "XXXX", None, None, "year")]),
    ("Prices rose last week.", [("last week", "date", "XXXX-WXX", None, None, "week")]),
    ("The project stalled in September.", [("September", "date", "XXXX-09", None, None, "month")]),
    ("The fair runs April 6-7.", [("April 6-7", "range", "XXXX-04-06/XXXX-04-07", None, None, "day")]),
    ("Talks are planned for May 10.", [("May 10", "date", "XXXX-05-10", None, None, "day")]),
    ("Relations are now stable.", [no_dates("now", "vague", "PRESENT_REF")]),
    ("The republic was founded on 14 August 1947.", [day("14 August 1947", "1947-08-14")]),
    ("Elections were held in June 2017.", [month("June 2017", "2017-06")]),
    ("The plant opened in 2015.", [year("2015", "2015")]),
    ("A two-day summit opened.", [no_dates("two-day", "duration", "P2D")]),
    ("The fair runs April 31 to May 2.", []),
    ("The fair runs June 10 to June 3.",
     [("June 10", "date", "XXXX-06-10", None, None, "day"),
      ("June 3", "date", "XXXX-06-03", None, None, "day")]),
    ("The fair runs December 28 to January 3.",
     [("December 28 to January 3", "range", "XXXX-12-28/XXXX-01-03", None, None, "day")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), UNANCHORED, ids=[c[0][:40] for c in UNANCHORED])
def test_without_a_publication_date_relative_expressions_stay_unanchored(
    text: str, expected: list[Found]
) -> None:
    assert found(text, published=None) == expected


# Other publication dates: words before a date that point it forward or back, whatever the tense.
ANCHORED: list[tuple[str, dt.date, list[Found]]] = [
    ("The company said the rights expire Nov. 21.", dt.date(1989, 11, 1), [day("Nov. 21", "1989-11-21")]),
    ("The dividend is payable Jan. 2.", dt.date(1989, 11, 1), [day("Jan. 2", "1990-01-02")]),
    ("Funds gained 5% through Oct. 19, analysts said.", dt.date(1989, 10, 27),
     [day("Oct. 19", "1989-10-19")]),
    ("The judge said the boy could stay until March 6.", dt.date(2000, 1, 15),
     [day("March 6", "2000-03-06")]),
    ("The loans run through January.", dt.date(1989, 10, 30), [month("January", "1990-01")]),
    ("He said he could leave as soon as Tuesday.", dt.date(2000, 4, 3), [day("Tuesday", "2000-04-04")]),
    # The weekday settles the year.
    ("The paper ran an editorial on Monday, Oct. 26.", dt.date(1998, 10, 25),
     [day("Monday, Oct. 26", "1998-10-26")]),
    ("The boy was found on Thanksgiving Day.", dt.date(2000, 1, 7), [day("Thanksgiving Day", "1999-11-25")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "published", "expected"), ANCHORED, ids=[c[0][:40] for c in ANCHORED])
def test_anchored_on_other_dates(text: str, published: dt.date, expected: list[Found]) -> None:
    assert found(text, published) == expected


def test_dateline_date_is_a_date() -> None:
    text = "KARACHI, (Pakistan Point News - 6th Apr, 2021 ) :Shares rose."
    assert found(text) == [day("6th Apr, 2021", "2021-04-06")]


def test_several_expressions_are_sorted_and_the_longest_wins() -> None:
    text = "On 6-7 April 2021 the envoys met; in 2020 and since June 2019 they had met twice a year."
    assert [f.text for f in dates(text)] == ["6-7 April 2021", "2020", "June 2019", "twice a year"]


def _check_invariants(text: str, facts: list[DateFact]) -> None:
    for fact in facts:
        assert text[fact.start : fact.end] == fact.text
        assert (fact.start_date is None) == (fact.end_date is None)
        if fact.start_date is not None and fact.end_date is not None:
            assert fact.start_date <= fact.end_date
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(facts))


@pytest.mark.parametrize(("text", "expected"), ALL_CASES + UNANCHORED, ids=lambda v: str(v)[:40])
def test_spans_and_intervals_are_consistent(text: str, expected: list[Found]) -> None:
    _check_invariants(text, dates(text))


_WORDS = st.sampled_from(
    [
        "in", "on", "last", "next", "this", "the", "of", "to", "-", ",", ".", "2015", "2021", "6", "7", "6th",
        "April", "May", "June", "Tuesday", "today", "now", "two", "day", "days", "year", "years", "ago",
        "every", "weekly", "recent", "past", "future", "quarter", "first", "1990s", "$", "790", "million",
        "%", "will", "was", "\n",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=14), st.sampled_from([TUESDAY, None, dt.date(2020, 2, 29)]))
def test_any_text_gives_consistent_records(words: list[str], published: dt.date | None) -> None:
    text = " ".join(words)
    _check_invariants(text, dates(text, published))


def test_bundled_article() -> None:
    article = next(read_file(ARTICLE))
    assert article.published == TUESDAY
    facts = find_dates(build()(article.text), article)
    _check_invariants(article.text, facts)
    assert [
        (f.text, f.kind, f.value, _iso(f.start_date), _iso(f.end_date), f.granularity) for f in facts
    ] == [
        day("6th Apr, 2021", "2021-04-06"),
        day("Tuesday", "2021-04-06"),
        no_dates("two-day", "duration", "P2D"),
        day("Wednesday", "2021-04-07"),
        no_dates("two-day", "duration", "P2D"),
        days("April 6-7", "2021-04-06", "2021-04-07"),
        no_dates("the recent past", "vague", "PAST_REF"),
        days("April 6-7", "2021-04-06", "2021-04-07"),
        no_dates("current", "vague", "PRESENT_REF"),
        day("1 May 1948", "1948-05-01"),
        day("Today", "2021-04-06"),
        month("June 2017", "2017-06"),
        month("June 2019", "2019-06"),
        month("September 2019", "2019-09"),
        month("September 2020", "2020-09"),
        year("2020", "2020"),
        month("December 2019", "2019-12"),
        year("2015", "2015"),
    ]
    # The quoted "Today" and the spans the brief names explicitly.
    assert article.text[facts[10].start - 1 : facts[10].end] == '"Today'
    assert article.text[facts[5].start - 1 : facts[5].end + 1] == "(April 6-7)"


# The pure normalizer and its helpers, without spaCy.

TENSES: list[tuple[str, int | None, Tense]] = [
    ("Lavrov arrived here Tuesday", None, "past"),
    ("Talks will be held on Wednesday", None, "future"),
    ("Talks are to be held on Wednesday", None, "future"),
    ("The parties plan to meet on Friday", None, "future"),
    ("They 'll meet on Friday", None, "future"),
    ("The vote was on Monday", None, "past"),
    ("The council meets on Thursday", None, "present"),
    ("Ahmed leads the team", None, "present"),
    ("They need more time", None, "present"),
    ("Rahim , who landed on Monday , will meet Ali on Friday", 5, "past"),
    ("Rahim , who landed on Monday , will meet Ali on Friday", 11, "future"),
    ("He will arrive Tuesday , officials said", 3, "future"),
]


@pytest.mark.parametrize(("sentence", "near", "expected"), TENSES)
def test_tense_of(sentence: str, near: int | None, expected: Tense) -> None:
    assert tense_of(sentence.split(), near) == expected


@pytest.mark.parametrize(
    ("weekday", "tense", "relation", "expected"),
    [
        (1, "past", "", "2021-04-06"),
        (1, "future", "", "2021-04-06"),
        (2, "past", "", "2021-03-31"),
        (2, "future", "", "2021-04-07"),
        (0, "present", "", "2021-04-05"),
        (4, "present", "", "2021-04-09"),
        (1, "present", "last", "2021-03-30"),
        (1, "past", "next", "2021-04-13"),
    ],
)
def test_weekday_date(weekday: int, tense: Tense, relation: str, expected: str) -> None:
    assert weekday_date(weekday, TUESDAY, tense, relation).isoformat() == expected


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [(2, "day", "P2D"), (3, "years", "P3Y"), (6, "months", "P6M"), (48, "hours", "PT48H"),
     (30, "minutes", "PT30M"), (1, "fortnight", "P2W"), (2, "decades", "P20Y"), (None, "years", "PXY"),
     (1.5, "years", "P1.5Y"), (1, "century", "P100Y"), (None, "decades", "PXY"), (3, "quarters", "P9M")],
)  # fmt: skip
def test_duration_value(amount: float | None, unit: str, expected: str) -> None:
    assert duration_value(amount, unit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("48", 48.0), ("two", 2.0), ("forty-eight", 48.0), ("a", 1.0), ("An", 1.0), ("several", None),
     ("a few", None), ("one hundred", 100.0)],
)  # fmt: skip
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "value", "start", "end"),
    [
        ("Wednesday", TUESDAY, "future", "2021-04-07", "2021-04-07", "2021-04-07"),
        ("Wednesday", TUESDAY, "past", "2021-03-31", "2021-03-31", "2021-03-31"),
        ("September", TUESDAY, "past", "2020-09", "2020-09-01", "2020-09-30"),
        ("March", TUESDAY, "future", "2022-03", "2022-03-01", "2022-03-31"),
        ("the fourth quarter", TUESDAY, "past", "2020-Q4", "2020-10-01", "2020-12-31"),
        ("Dec 30 - Jan 2", TUESDAY, "past", "2020-12-30/2021-01-02", "2020-12-30", "2021-01-02"),
        ("last month", dt.date(2021, 1, 15), "present", "2020-12", "2020-12-01", "2020-12-31"),
        ("last week", dt.date(2021, 1, 5), "present", "2020-W53", "2020-12-28", "2021-01-03"),
        ("1 May 1948", None, "present", "1948-05-01", "1948-05-01", "1948-05-01"),
        ("6th Apr, 2021", None, "present", "2021-04-06", "2021-04-06", "2021-04-06"),
        ("April 6, 2021", None, "present", "2021-04-06", "2021-04-06", "2021-04-06"),
        ("2021-04-06", None, "present", "2021-04-06", "2021-04-06", "2021-04-06"),
    ],
)
def test_normalize(text: str, anchor: dt.date | None, tense: Tense, value: str, start: str, end: str) -> None:
    timex = normalize(text, anchor, tense)
    assert timex is not None
    assert (timex.value, _iso(timex.start_date), _iso(timex.end_date)) == (value, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "the 74th session",
        "$ 790 million",
        "46%",
        "April 31",
        "Feb 29, 2021",
        "2018-2015",
        "two two days",
        "2021-13-01",
        "June 10 to June 3",
        "April 31 to May 2",
        "February 30, 2021",
    ],
)
def test_normalize_rejects_non_dates(text: str) -> None:
    assert normalize(text, TUESDAY) is None
