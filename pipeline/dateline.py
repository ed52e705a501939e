"""Find an article's dateline (place, source, date) at the start of its text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as dateparser

# Wire datelines vary too much for a date library alone; this pattern only finds where the dateline is
# ("PLACE[, REGION][, DATE] (SOURCE[ - DATE]) -"), and dateutil reads the date inside it.
_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z.'\- ]*[A-Z.])              # NAIROBI, NEW YORK, ST. LOUIS
    (?:,\s*(?P<region>[A-Z][A-Za-z.'\- ]{1,40}?))? # , Kenya
    (?:,\s*(?P<date1>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?  # , April 6
    ,?\s*\(\s*(?P<paren>[^()\n]{1,120}?)\s*\)     # (Reuters) or (Source - 6th Apr, 2021 )
    \s*[-–—_:]+\s*
    """,
    re.VERBOSE,
)
_PAREN_DATE = re.compile(r"^(?P<source>.*?)\s*[-–—,]\s*(?P<date>[^-–—]*\d{4})\s*$")


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline says, and where the article body starts after it."""

    place: str | None
    source: str | None
    published: dt.date | None
    end: int


def parse_date(text: str) -> dt.date | None:
    """A calendar date from a dateline fragment such as '6th Apr, 2021', or None."""
    try:
        return dateparser.parse(text, default=dt.datetime(1900, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of `text`, or None when there is none."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    place = match["place"].strip().title()
    source, published = match["paren"].strip(), None
    inner = _PAREN_DATE.match(source)
    if inner is not None:
        published = parse_date(inner["date"])
        if published is not None:
            source = inner["source"].strip()
    if published is None and match["date1"]:
        published = parse_date(match["date1"])
        # A month and day without a year cannot be anchored safely.
        if published is not None and published.year == 1900:
            published = None
    if published is not None and published.year == 1900:
        published = None
    return Dateline(place=place, source=source or None, published=published, end=match.end())
