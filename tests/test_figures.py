"""Tests of the figures extractor: money, percentages, ordinals, cardinals, quantities, and dates left out."""

from __future__ import annotations

import csv
import itertools
import re
from importlib import resources
from pathlib import Path

import pycountry
import pytest

from pipeline.extract.figures import find_figures
from pipeline.model import Article, FigureFact
from pipeline.nlp import build
from pipeline.read import read_file

ARTICLE = Path(__file__).parent.parent / "raw" / "urdupoint-2021-04-06-lavrov-visits-pakistan.txt"

Found = tuple[str, str, float, str | None]  # text, kind, value, unit
Case = tuple[str, list[Found]]


def figures(text: str) -> list[FigureFact]:
    article = Article(article_id="t", source_path="t.txt", text=text, sha256="t")
    return find_figures(build()(text), article)


def found(text: str) -> list[Found]:
    return [(f.text, f.kind, f.value, f.unit) for f in figures(text)]


MONEY: list[Case] = [
    ("Exports reached $ 790 million last year.", [("$ 790 million", "money", 790e6, "USD")]),
    ("The bank lent US$4.7 billion to the port.", [("US$4.7 billion", "money", 4.7e9, "USD")]),
    ("A loan of USD34.6 million was signed.", [("USD34.6 million", "money", 34.6e6, "USD")]),
    ("The scheme costs Rs 5bn a year.", [("Rs 5bn", "money", 5e9, "PKR")]),
    ("Fees rose to Rs.250 per visit.", [("Rs.250", "money", 250.0, "PKR")]),
    ("The club paid €2.5m for him.", [("€2.5m", "money", 2.5e6, "EUR")]),
    ("Tickets cost £300 each.", [("£300", "money", 300.0, "GBP")]),
    ("They raised $1,200 at the fair.", [("$1,200", "money", 1200.0, "USD")]),
    ("The start-up sold for $5M.", [("$5M", "money", 5e6, "USD")]),
    ("He earns $10k a month.", [("$10k", "money", 1e4, "USD")]),
    ("The fund holds 5 million dollars.", [("5 million dollars", "money", 5e6, "USD")]),
    ("Brussels offered 20 billion euros.", [("20 billion euros", "money", 20e9, "EUR")]),
    ("The fine was 300 rupees.", [("300 rupees", "money", 300.0, "PKR")]),
    ("Tokyo pledged 90 billion yen.", [("90 billion yen", "money", 90e9, "JPY")]),
    ("Beijing spent 3 trillion yuan.", [("3 trillion yuan", "money", 3e12, "CNY")]),
    ("The deal is worth 40 billion roubles.", [("40 billion roubles", "money", 40e9, "RUB")]),
    ("Gazprom paid 12 mln rubles.", [("12 mln rubles", "money", 12e6, "RUB")]),
    ("He sent 3 US dollars home.", [("3 US dollars", "money", 3.0, "USD")]),
    ("Ottawa paid C$7 billion.", [("C$7 billion", "money", 7e9, "CAD")]),
    ("The budget grew by 7 bn USD.", [("7 bn USD", "money", 7e9, "USD")]),
    ("The project needs Rs 5 crore.", [("Rs 5 crore", "money", 5e7, "PKR")]),
    ("The farm cost five million dollars.", [("five million dollars", "money", 5e6, "USD")]),
    # A currency on both sides is one figure, in the more specific currency; one that disagrees is left out.
    ("He sold the car for $450 USD.", [("$450 USD", "money", 450.0, "USD")]),
    ("They signed a USD$ 8 billion dollar contract.", [("USD$ 8 billion dollar", "money", 8e9, "USD")]),
    ("They paid $40 Canadian dollars.", [("$40 Canadian dollars", "money", 40.0, "CAD")]),
    ("The $5 won him a prize.", [("$5", "money", 5.0, "USD")]),
]

PERCENT: list[Case] = [
    ("Trade grew by 46% in a year.", [("46%", "percent", 46.0, "percent")]),
    ("Trade grew by 46 per cent.", [("46 per cent", "percent", 46.0, "percent")]),
    ("Trade grew by 46 percent.", [("46 percent", "percent", 46.0, "percent")]),
    ("Inflation is 3.5 % now.", [("3.5 %", "percent", 3.5, "percent")]),
    ("Turnout fell to twenty per cent.", [("twenty per cent", "percent", 20.0, "percent")]),
    # "percentage points" are not a percentage.
    ("Rates rose 2 percentage points.", [("2", "cardinal", 2.0, None)]),
]

ORDINAL: list[Case] = [
    ("It was the 74th round of talks.", [("74th", "ordinal", 74.0, None)]),
    ("This is their sixth meeting.", [("sixth", "ordinal", 6.0, None)]),
    ("She came first in the race.", [("first", "ordinal", 1.0, None)]),
    ("The 21st summit opened.", [("21st", "ordinal", 21.0, None)]),
    ("A twenty-first round is planned.", [("twenty-first", "ordinal", 21.0, None)]),
]

CARDINAL: list[Case] = [
    (
        "The camp holds 1,200 families and 25 doctors.",
        [("1,200", "cardinal", 1200.0, None), ("25", "cardinal", 25.0, None)],
    ),
    ("Some 2.5 million people voted.", [("Some 2.5 million", "cardinal", 2.5e6, None)]),
    ("The firm hired 5bn workers.", [("5bn", "cardinal", 5e9, None)]),
    (
        "Two ships and twenty five boats sailed.",
        [("Two", "cardinal", 2.0, None), ("twenty five", "cardinal", 25.0, None)],
    ),
    ("They built three hundred homes.", [("three hundred", "cardinal", 300.0, None)]),
    ("He began a two-day trip.", [("two", "cardinal", 2.0, None)]),
    ("The two sides met.", [("two", "cardinal", 2.0, None)]),
    (
        "He sold twenty\n\nfive were left.",
        [("twenty", "cardinal", 20.0, None), ("five", "cardinal", 5.0, None)],
    ),
    ("One of them stayed.", [("One", "cardinal", 1.0, None)]),
]

# Words that make a figure approximate or a bound belong to its span; the value is the number.
APPROXIMATE: list[Case] = [
    ("The ministry spent about $3.2 billion on roads.", [("about $3.2 billion", "money", 3.2e9, "USD")]),
    ("Sales reached nearly 8 million euros.", [("nearly 8 million euros", "money", 8e6, "EUR")]),
    ("It sells for around $2.99 US dollars.", [("around $2.99 US dollars", "money", 2.99, "USD")]),
    ("Prices may rise by as much as 4 %.", [("as much as 4 %", "percent", 4.0, "percent")]),
    ("Over 1,800 workers signed.", [("Over 1,800", "cardinal", 1800.0, None)]),
    ("The airline ordered up to 60 jets.", [("up to 60", "cardinal", 60.0, None)]),
    ("No fewer than 12 ships sailed.", [("No fewer than 12", "cardinal", 12.0, None)]),
    ("KABUL (Wire)_ Some 1,500 people marched.", [("Some 1,500", "cardinal", 1500.0, None)]),
    ("They walked about 12 km.", [("about 12 km", "quantity", 12.0, "km")]),
    ("Only 40 people came.", [("40", "cardinal", 40.0, None)]),
]

# A range is one figure valued by its lower bound; a unit or scale written once applies to both ends.
RANGES: list[Case] = [
    (
        "The repair will cost between $4 million and $6 million.",
        [("between $4 million and $6 million", "money", 4e6, "USD")],
    ),
    (
        "Analysts expect $7 million to $9 million in profit.",
        [("$7 million to $9 million", "money", 7e6, "USD")],
    ),
    ("Rents run $12-15 million a year.", [("$12-15 million", "money", 12e6, "USD")]),
    ("They raised 10 to 12 million dollars.", [("10 to 12 million dollars", "money", 10e6, "USD")]),
    ("Margins of 8-10 % are expected.", [("8-10 %", "percent", 8.0, "percent")]),
    ("The hall seats 300-350 guests.", [("300-350", "cardinal", 300.0, None)]),
    ("Some 5 to 10 million people fled.", [("Some 5 to 10 million", "cardinal", 5e6, None)]),
    ("The trail is between 5 and 8 km long.", [("between 5 and 8 km", "quantity", 5.0, "km")]),
    ("The screen shows 640x480 pixels.", [("640x480", "cardinal", 640.0, None)]),
    # A change is two figures, and so is a score.
    (
        "Turnout rose from 48% to 52%.",
        [("48%", "percent", 48.0, "percent"), ("52%", "percent", 52.0, "percent")],
    ),
    ("The stock fell $2 to $31.", [("$2", "money", 2.0, "USD"), ("$31", "money", 31.0, "USD")]),
    (
        "The index rose 12 to 3,450 on Friday.",
        [("12", "cardinal", 12.0, None), ("3,450", "cardinal", 3450.0, None)],
    ),
    ("The home side won 3-2.", [("3", "cardinal", 3.0, None), ("2", "cardinal", 2.0, None)]),
]

QUANTITY: list[Case] = [
    ("The road is 120 km long.", [("120 km", "quantity", 120.0, "km")]),
    ("They paved a 10-km stretch.", [("10-km", "quantity", 10.0, "km")]),
    ("The wall is 5m high.", [("5m", "quantity", 5.0, "m")]),
    ("The ship carried 300 tonnes of rice.", [("300 tonnes", "quantity", 300.0, "t")]),
    ("Output hit 2 million barrels per day.", [("2 million barrels per day", "quantity", 2e6, "bbl/d")]),
    ("Iraq sold 40 million barrels.", [("40 million barrels", "quantity", 40e6, "bbl")]),
    ("The plant makes 50 MW of power.", [("50 MW", "quantity", 50.0, "MW")]),
    ("The dam adds 1,400 megawatts.", [("1,400 megawatts", "quantity", 1400.0, "MW")]),
    ("Fire burned 600 hectares.", [("600 hectares", "quantity", 600.0, "ha")]),
    ("The pipe runs 70 miles.", [("70 miles", "quantity", 70.0, "mi")]),
    ("Each jug holds 4 litres.", [("4 litres", "quantity", 4.0, "L")]),
    ("The bag weighs 20 kg.", [("20 kg", "quantity", 20.0, "kg")]),
    ("They walked three hundred kilometres.", [("three hundred kilometres", "quantity", 300.0, "km")]),
    ("The player stores 8GB of music.", [("8GB", "quantity", 8.0, "GB")]),
    (
        "The laptop has a 2.4 GHz chip and a 13-inch screen.",
        [("2.4 GHz", "quantity", 2.4, "GHz"), ("13-inch", "quantity", 13.0, "in")],
    ),
]

# Zero is a figure, and a minus sign before a figure (or after its currency) is its sign.
SIGNED: list[Case] = [
    ("The dealer offers a $0 down payment plan.", [("$0", "money", 0.0, "USD")]),
    ("Entry costs 0 dollars.", [("0 dollars", "money", 0.0, "USD")]),
    ("It booked a loss of -$3 million.", [("-$3 million", "money", -3e6, "USD")]),
    ("Cash flow was $-5 million.", [("$-5 million", "money", -5e6, "USD")]),
    ("Cash flow was USD -5 million.", [("USD -5 million", "money", -5e6, "USD")]),
    ("Sales changed -12% in March.", [("-12%", "percent", -12.0, "percent")]),
    ("Growth was \u22124.5 percent.", [("\u22124.5 percent", "percent", -4.5, "percent")]),
    ("The balance stood at \u2212$2 billion.", [("\u2212$2 billion", "money", -2e9, "USD")]),
    ("Growth was minus 5% in March.", [("minus 5%", "percent", -5.0, "percent")]),
    ("It shrank by minus five percent.", [("minus five percent", "percent", -5.0, "percent")]),
    ("Margins were thin (-7%) after costs.", [("-7%", "percent", -7.0, "percent")]),
    ("The lake froze at -5 overnight.", [("-5", "cardinal", -5.0, None)]),
    ("Losses of about -$3 million were booked.", [("about -$3 million", "money", -3e6, "USD")]),
    ("Yields ranged between -0.5% and 1%.", [("between -0.5% and 1%", "percent", -0.5, "percent")]),
    # A sign on zero leaves zero, not -0.0.
    ("Fees were -$0 this year.", [("-$0", "money", 0.0, "USD")]),
]

# A hyphen between two numbers joins a range or a list, and "minus" after a number subtracts: no signs.
NOT_SIGNS: list[Case] = [
    ("Margins of 10-12% are expected.", [("10-12%", "percent", 10.0, "percent")]),
    ("Tickets cost $3-$5 million.", [("$3-$5 million", "money", 3e6, "USD")]),
    ("See pages 3-5 of the report.", [("3-5", "cardinal", 3.0, None)]),
    ("The plan runs 2020-2021 in full.", []),
    ("The score was 10 - 5 at halftime.", [("10", "cardinal", 10.0, None), ("5", "cardinal", 5.0, None)]),
    (
        "He said 10 minus 3 is 7.",
        [("10", "cardinal", 10.0, None), ("3", "cardinal", 3.0, None), ("7", "cardinal", 7.0, None)],
    ),
    ("Rates of 15 -20% were seen.", [("15 -20%", "percent", 15.0, "percent")]),
    ("The F-16 and the A330-200 flew.", []),
    ("Clocks read UTC-5 and GMT -5 there.", []),
    ("The margin of error is plus or minus 4 points.", [("4", "cardinal", 4.0, None)]),
    ("The margin of error is +/-3 points.", [("3", "cardinal", 3.0, None)]),
    ("The margin of error is plus/minus 2 points.", [("2", "cardinal", 2.0, None)]),
]

NOT_FIGURES = [
    "He arrived on 6th Apr, 2021 by air.",
    "Ties began on 1 May 1948 in the capital.",
    "The visit runs April 6-7 this year.",
    "The talks run 6-7 April in the capital.",
    "Talks were held on the sixth of April.",
    "It joined the bloc in June 2017.",
    "The deal was signed in 2015.",
    "Ties have grown since 1948.",
    "They met on April 6, 2021 again.",
    "The plan covers 2015 to 2020.",
    "The budget for 2019-20 passed.",
    "They met at 10:30 and left at 5 pm.",
    "COVID-19 hit the G20 states and 5G masts.",
    "Two-thirds of them and a third of us left.",
    "Millions of people watched.",
    "No one saw one another.",
    "The jet landed at 6:15 p.m. (GMT +5).",
    "It was dated 4/5/09 in the file.",
    # Numbers shaped like a date are none, whether the date exists or not.
    "The file is dated 2021-04-06 in the log.",
    "The file is dated 2021-13-01 in the log.",
    "The file is dated 2021-02-30 in the log.",
    "The file is dated 13-01-2021 in the log.",
    "He was born on February 30, 2021 in town.",
]

# Numbers that name a model, flight, version or rank rather than count.
IDENTIFIERS = [
    "The airline flies the Tupolev 154 and the Ilyushin 96.",
    "She bought an iPad 3 and a Galaxy 5.",
    "Flight 8812 landed at Gate 14 of Terminal 2.",
    "The update to version 7.2 fixed it.",
    "The 3.1.4 release is out.",
    "It is the No. 3 brand in the country.",
    "He is the number one seller.",
    "The A321-200 and the 767-300ER took off.",
    # Once an article uses a number as an identifier, it is one where it stands alone too.
    "The Tupolev 154 is old; the airline retired its last 154 jet.",
]


ALL = MONEY + PERCENT + ORDINAL + CARDINAL + APPROXIMATE + RANGES + QUANTITY + SIGNED + NOT_SIGNS


@pytest.mark.parametrize(("text", "expected"), ALL)
def test_figures(text: str, expected: list[Found]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_dates_times_and_vague_numbers_are_not_figures(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("text", IDENTIFIERS)
def test_identifiers_are_not_figures(text: str) -> None:
    assert found(text) == []


def test_a_round_identifier_is_not_carried_over_to_counts() -> None:
    assert found("Flight 300 carried 300 passengers.") == [("300", "cardinal", 300.0, None)]


def test_a_year_without_a_date_context_stays_a_number() -> None:
    assert found("The 2021 plan has 2021 lines.") == [
        ("2021", "cardinal", 2021.0, None),
        ("2021", "cardinal", 2021.0, None),
    ]


def test_spans_index_the_text_and_do_not_overlap() -> None:
    text = " ".join(case for case, _ in ALL)
    result = figures(text)
    assert result == sorted(result, key=lambda f: f.start)
    for figure in result:
        assert text[figure.start : figure.end] == figure.text
    for before, after in itertools.pairwise(result):
        assert before.end <= after.start


def test_dateline_is_skipped() -> None:
    text = "KARACHI, (Wire - 7th May, 2020 ) : 3 ships docked."
    article = Article(article_id="t", source_path="t.txt", text=text, sha256="t", dateline_end=35)
    assert [f.text for f in find_figures(build()(text), article)] == ["3"]


def test_currency_table_codes_are_iso_4217() -> None:
    with resources.files("pipeline").joinpath("reference", "currencies.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert {"$", "US$", "USD", "€", "£", "Rs", "dollars", "euros", "yen", "yuan", "roubles"} <= {
        row["token"] for row in rows
    }
    for row in rows:
        assert pycountry.currencies.get(alpha_3=row["code"]) is not None, row
        assert row["position"] in ("prefix", "suffix", "both"), row
    ambiguous = {row["token"]: row["note"] for row in rows if row["note"].startswith("ambiguous")}
    assert {"$", "Rs", "¥"} <= set(ambiguous)
    for note in ambiguous.values():  # the other currencies an ambiguous token can stand for
        for code in re.findall(r"\b[A-Z]{3}\b", note):
            assert pycountry.currencies.get(alpha_3=code) is not None, note


def test_bundled_article() -> None:
    article = next(read_file(ARTICLE))
    result = find_figures(build()(article.text), article)
    for figure in result:
        assert article.text[figure.start : figure.end] == figure.text
    following = [article.text[f.end : f.end + 12] for f in result]
    assert [(f.text, f.kind, f.value, f.unit) for f in result] == [
        ("two", "cardinal", 2.0, None),
        ("two", "cardinal", 2.0, None),
        ("two", "cardinal", 2.0, None),
        ("two", "cardinal", 2.0, None),
        ("74th", "ordinal", 74.0, None),
        ("two", "cardinal", 2.0, None),
        ("$ 790 million", "money", 790e6, "USD"),
        ("46%", "percent", 46.0, "percent"),
        ("sixth", "ordinal", 6.0, None),
    ]
    assert following[:6] == [
        "-day officia",
        "-day (April ",
        " governments",
        " leaderships",
        " session of ",
        " countries S",
    ]
