"""Find an article's dateline (place, source, date) at the start of its text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as dateparser

# Wire datelines vary too much for a date library alone; this pattern only finds where the dateline is,
# and dateutil reads the date inside it. The forms, each ending where the body starts:
#   PLACE[, REGION][, Month Day] (SOURCE[ - DATE]) -    NEW YORK (Reuters) -, LONDON, April 6 (Reuters) -
#   PLACE[, REGION] YYYY-MM-DD, then a line break      LONDON 1996-08-30, MILWAUKEE, Wisconsin 1996-08-29
#   PLACE[, REGION], Month Day[, Year] -               BONN, Aug 30 -
#   PLACE[, REGION] — (an em or en dash, or "--")       PARIS — The minister said
# A plain hyphen after a bare place is not one: "SOCCER - JAPAN WIN" is a headline.
_MONTH_DAY = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
_DATELINE = re.compile(
    rf"""^\s*
    (?P<place>[A-Z][A-Z.'\- ]*[A-Z.])              # NAIROBI, NEW YORK, ST. LOUIS
    (?:,\s*(?P<region>[A-Z][A-Za-z.'\- ]{{1,40}}?))? # , Kenya
    (?:
        (?:,\s*(?P<date1>{_MONTH_DAY}(?:,\s*\d{{4}})?))?  # , April 6
        ,?\s*\(\s*(?P<paren>[^()\n]{{1,120}}?)\s*\)   # (Reuters) or (Source - 6th Apr, 2021 )
        \s*[-–—_:]+\s*
      | ,?[ \t]+(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})[ \t]*(?:\r?\n\s*|[-–—]+\s*)
      | ,[ \t]*(?P<date2>{_MONTH_DAY}(?:,\s*\d{{4}})?)[ \t]*[-–—]+\s*
      | [ \t]*(?:—|–|--)[ \t]*
    )
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
    source, published = (match["paren"] or "").strip(), None
    inner = _PAREN_DATE.match(source)
    if inner is not None:
        published = parse_date(inner["date"])
        if published is not None:
            source = inner["source"].strip()
    written = match["date1"] or match["iso"] or match["date2"]
    if published is None and written:
        published = parse_date(written)
    # A month and day without a year cannot be anchored safely.
    if published is not None and published.year == 1900:
        published = None
    return Dateline(place=place, source=source or None, published=published, end=match.end())
