"""The extractor keeps the data contract: what it finds in any sentence passes validation.

Sentences are generated from templates of amounts, currencies, scales, percentages, signs, ranges and
dates (real and impossible), run through the real extraction, and the tables validated as a run would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from pipeline.tables import build_tables
from pipeline.validate import validate
from tests.helpers import facts_of
from tests.runs import invoke, reuse

SIGNS = st.sampled_from(["", "", "-", "\u2212", "minus ", "+"])
CURRENCIES = st.sampled_from(["", "", "$", "US$", "€", "£", "Rs ", "USD ", "C$"])
SCALES = st.sampled_from(["", "", " million", " billion", "bn", "m", "k", " thousand", " crore"])
UNITS = st.sampled_from(["", "%", " percent", " per cent", " dollars", " euros", " rupees", " km", " people"])
NUMBERS = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(0, 10**7).map("{:,}".format),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda n: f"{n[0]}.{n[1]:02d}"),
    st.sampled_from(["zero", "five", "twenty", "a hundred", "0", "00", "01"]),
)
SEPARATORS = st.sampled_from(["-", " - ", "\u2013", " to ", " and ", "x", "-$", " minus "])
MONTHS = st.sampled_from(["January", "Feb", "February", "April", "June", "Sept.", "December"])
DAYS = st.integers(0, 40)
YEARS = st.integers(1790, 2110)
CONNECTORS = st.sampled_from(["", "", "on", "in", "between", "to", "and", "from", "about", "by", "of", "at"])
OPENINGS = st.sampled_from(
    [
        "The company reported",
        "Prices changed by",
        "It offers a",
        "Sales fell",
        "Exports rose",
        "The budget was",
    ]
)
PUBLISHED = st.sampled_from([dt.date(2021, 4, 6), dt.date(2020, 2, 29), None])


@st.composite
def amounts(draw: st.DrawFn) -> str:
    """ "$5 million", "-12%", "$-5 million", "minus 5 percent", "0 dollars", "\u2212£3.50"."""
    sign, currency, number, scale = draw(SIGNS), draw(CURRENCIES), draw(NUMBERS), draw(SCALES)
    if currency and draw(st.booleans()):
        return f"{currency}{sign}{number}{scale}"
    return f"{sign}{currency}{number}{scale}{'' if currency else draw(UNITS)}"


@st.composite
def dates(draw: st.DrawFn) -> str:
    """Dates as news writes them, with days, months and years that may not exist."""
    month, month2, day, day2, year = draw(MONTHS), draw(MONTHS), draw(DAYS), draw(DAYS), draw(YEARS)
    shapes = [
        f"{month} {day}, {year}",
        f"{day} {month} {year}",
        f"{month} {day}",
        f"{year}-{draw(st.integers(0, 19)):02d}-{day:02d}",
        f"{day:02d}-{draw(st.integers(0, 19)):02d}-{year}",
        f"{month} {day} to {month2} {day2}",
        f"{month} {day} to {month2} {day2}, {year}",
        f"{month} {day}-{day2}",
        f"{day}-{day2} {month} {year}",
        f"{year}-{draw(YEARS)}",
    ]
    return draw(st.sampled_from(shapes))


@st.composite
def sentences(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(
            st.tuples(
                CONNECTORS,
                st.one_of(amounts(), dates(), st.tuples(amounts(), SEPARATORS, amounts()).map("".join)),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return " ".join([draw(OPENINGS), *(f"{word} {piece}".strip() for word, piece in pieces)]) + "."


# Each example is several articles validated together: a validation costs ~0.2 s whatever the rows, an
# extraction a millisecond a sentence, so ~150 sentences take a few seconds.
@settings(max_examples=20, deadline=None)
@given(st.lists(sentences(), min_size=3, max_size=12, unique=True), PUBLISHED)
def test_generated_sentences_give_tables_that_meet_the_contract(
    extractor: Extractor, texts: list[str], published: dt.date | None
) -> None:
    report = validate(build_tables(facts_of(extractor, text, published) for text in texts))
    assert not report.errors, [(f.table, f.check, f.failure_case, f.row_key) for f in report.errors]


@pytest.mark.parametrize(
    "text",
    [
        "The form was dated 2021-13-01 by mistake.",
        "The form was dated 13-01-2021 by mistake.",
        "He was born on February 30, 2021 in Lahore.",
        "The fair runs April 31 to May 2 in town.",
    ],
)
def test_an_impossible_date_is_neither_a_date_nor_a_figure(extractor: Extractor, text: str) -> None:
    facts = facts_of(extractor, text)
    assert (facts.dates, facts.figures) == ([], [])


def test_an_end_before_the_start_makes_two_dates_not_a_range(extractor: Extractor) -> None:
    facts = facts_of(extractor, "The camp ran from June 10 to June 3, 2021.")
    assert [(d.text, d.kind, d.value) for d in facts.dates] == [
        ("June 10", "date", "2020-06-10"),
        ("June 3, 2021", "date", "2021-06-03"),
    ]


ARTICLE = (
    "The dealer offers a $0 down payment plan and charges 0 dollars in fees. It booked a loss of "
    "-$3 million, sales changed -12% and cash flow was $-5 million. Margins of 10-12% held, growth was "
    "minus 5% and costs moved \u22124%. Tickets cost $3-$5 million. A form dated 2021-13-01 was void.\n"
)


def test_run_keeps_zero_and_signed_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: Extractor
) -> None:
    reuse(monkeypatch, extractor)
    raw = tmp_path / "deals.txt"
    raw.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", "--raw", str(raw), "--out", str(out), "--jobs", "1")
    assert code == ExitStatus.OK, stderr
    assert "Validation passed." in stdout
    figures = pd.read_parquet(out / "figures.parquet")
    assert list(figures[["text", "kind", "value", "unit"]].itertuples(index=False, name=None)) == [
        ("$0", "money", 0.0, "USD"),
        ("0 dollars", "money", 0.0, "USD"),
        ("-$3 million", "money", -3_000_000.0, "USD"),
        ("-12%", "percent", -12.0, "percent"),
        ("$-5 million", "money", -5_000_000.0, "USD"),
        ("10-12%", "percent", 10.0, "percent"),
        ("minus 5%", "percent", -5.0, "percent"),
        ("\u22124%", "percent", -4.0, "percent"),
        ("$3-$5 million", "money", 3_000_000.0, "USD"),
    ]
    assert "2021-13-01" not in set(pd.read_parquet(out / "dates.parquet")["text"])
