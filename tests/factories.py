"""Builders of small, valid, self-consistent output tables for tests to corrupt one way at a time."""

from __future__ import annotations

import hashlib

import pandas as pd

TEXT = (
    "ISLAMABAD, April 6 (Reuters) - Foreign Minister Anton Varga of Hungary arrived in Islamabad "
    "on Tuesday for a two-day visit. Hungary pledged $25 million in flood aid, 12 percent more than "
    'last year. "We came to listen," Antonn Varga told reporters.'
)
SHA256 = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
ARTICLE_ID = SHA256[:16]

PERSON = "person:anton-varga"
HUNGARY = "country:HUN"
ISLAMABAD = "place:islamabad-pak"
VISIT = f"{ARTICLE_ID}:e1"
PLEDGE = f"{ARTICLE_ID}:e2"


def span(text: str, occurrence: int = 0) -> tuple[str, int, int]:
    """`text`, with its start and end offsets in TEXT at its `occurrence`-th appearance."""
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return text, start, start + len(text)


def _day(iso: str | None) -> pd.Timestamp:
    return pd.Timestamp(iso) if iso else pd.NaT


def _frame(rows: list[tuple[object, ...]], dtypes: dict[str, str]) -> pd.DataFrame:
    columns = list(dtypes)
    df = pd.DataFrame.from_records(rows, columns=columns)
    return df.astype({c: t for c, t in dtypes.items()})


def valid_tables() -> dict[str, pd.DataFrame]:
    """All ten tables for one made-up article, passing every schema check and rule."""
    a = ARTICLE_ID
    articles = _frame(
        [
            (
                a,
                "raw/varga.jsonl",
                3,
                "r-0001",
                "Reuters",
                "ISLAMABAD",
                _day("2021-04-06"),
                "Hungarian minister visits Islamabad",
                TEXT,
                3,
                "en",
                SHA256,
            )
        ],
        {
            "article_id": "str",
            "source_path": "str",
            "source_line": "Int64",
            "source_id": "str",
            "source_name": "str",
            "dateline_place": "str",
            "published": "datetime64[ns]",
            "title": "str",
            "text": "str",
            "n_sentences": "int64",
            "language": "str",
            "sha256": "str",
        },
    )
    entities = _frame(
        [
            # In the reference data, so that the valid tables raise no warning either.
            (PERSON, "person", "Anton Varga", "HUN", True, PERSON),
            (HUNGARY, "country", "Hungary", "HUN", True, HUNGARY),
            (ISLAMABAD, "place", "Islamabad", "PAK", True, ISLAMABAD),
        ],
        {
            "entity_id": "str",
            "kind": "str",
            "name": "str",
            "country_code": "str",
            "in_reference": "bool",
            "canonical_id": "str",
        },
    )
    mentions = _frame(
        [
            (a, ISLAMABAD, *span("ISLAMABAD"), 0, "dateline", 1.0),
            (a, PERSON, *span("Anton Varga"), 0, "exact", 1.0),
            (a, HUNGARY, *span("Hungary"), 0, "exact", 1.0),
            (a, ISLAMABAD, *span("Islamabad"), 0, "exact", 1.0),
            (a, HUNGARY, *span("Hungary", 1), 1, "exact", 1.0),
            (a, PERSON, *span("Antonn Varga"), 2, "fuzzy", 0.91),
        ],
        {
            "article_id": "str",
            "entity_id": "str",
            "text": "str",
            "start": "int64",
            "end": "int64",
            "sentence_id": "int64",
            "method": "str",
            "score": "float64",
        },
    )
    corrections = _frame(
        [(a, PERSON, "Antonn Varga", "Anton Varga", "fuzzy", 1, 0.91, "1 edit from 'Anton Varga'")],
        {
            "article_id": "str",
            "entity_id": "str",
            "text": "str",
            "name": "str",
            "method": "str",
            "count": "int64",
            "score": "float64",
            "evidence": "str",
        },
    )
    roles = _frame(
        [(a, PERSON, "foreign minister", HUNGARY, None, *span("Foreign Minister"))],
        {
            "article_id": "str",
            "person_id": "str",
            "title": "str",
            "of_id": "str",
            "to_id": "str",
            "text": "str",
            "start": "int64",
            "end": "int64",
        },
    )
    dates = _frame(
        [
            (a, *span("April 6"), "date", "2021-04-06", _day("2021-04-06"), _day("2021-04-06"), "day"),
            (a, *span("Tuesday"), "date", "2021-04-06", _day("2021-04-06"), _day("2021-04-06"), "day"),
            (a, *span("two-day"), "duration", "P2D", _day(None), _day(None), None),
            (a, *span("last year"), "date", "2020", _day("2020-01-01"), _day("2020-12-31"), "year"),
        ],
        {
            "article_id": "str",
            "text": "str",
            "start": "int64",
            "end": "int64",
            "kind": "str",
            "value": "str",
            "start_date": "datetime64[ns]",
            "end_date": "datetime64[ns]",
            "granularity": "str",
        },
    )
    figures = _frame(
        [
            (a, *span("$25 million"), "money", 25_000_000.0, "USD"),
            (a, *span("12 percent"), "percent", 12.0, "percent"),
        ],
        {
            "article_id": "str",
            "text": "str",
            "start": "int64",
            "end": "int64",
            "kind": "str",
            "value": "float64",
            "unit": "str",
        },
    )
    events = _frame(
        [
            (VISIT, a, "visit", "042", _day("2021-04-06"), _day("2021-04-07"), ISLAMABAD, *span("arrived")),
            (PLEDGE, a, "aid_pledge", "0331", _day(None), _day(None), ISLAMABAD, *span("pledged")),
        ],
        {
            "event_id": "str",
            "article_id": "str",
            "kind": "str",
            "cameo": "str",
            "start_date": "datetime64[ns]",
            "end_date": "datetime64[ns]",
            "place_id": "str",
            "text": "str",
            "start": "int64",
            "end": "int64",
        },
    )
    event_participants = _frame(
        [(VISIT, PERSON, "actor"), (VISIT, ISLAMABAD, "target"), (PLEDGE, HUNGARY, "actor")],
        {"event_id": "str", "entity_id": "str", "role": "str"},
    )
    quotes = _frame(
        [(a, PERSON, *span("We came to listen,"), "told", *span("Antonn Varga")[1:])],
        {
            "article_id": "str",
            "speaker_id": "str",
            "text": "str",
            "start": "int64",
            "end": "int64",
            "cue": "str",
            "speaker_start": "Int64",
            "speaker_end": "Int64",
        },
    )
    return {
        "articles": articles,
        "entities": entities,
        "mentions": mentions,
        "corrections": corrections,
        "roles": roles,
        "dates": dates,
        "figures": figures,
        "events": events,
        "event_participants": event_participants,
        "quotes": quotes,
    }
