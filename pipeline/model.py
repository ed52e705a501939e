"""Plain records passed between the stages: articles, spans and the facts found in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read; every span of every fact indexes `text`."""

    article_id: str
    source_path: str
    text: str
    sha256: str
    source_line: int | None = None
    source_id: str | None = None
    source_name: str | None = None
    dateline_place: str | None = None
    published: dt.date | None = None
    title: str | None = None
    # Where the dateline sits in `text`, so extractors can skip or use it.
    dateline_end: int = 0


@dataclass(frozen=True, slots=True)
class DateFact:
    """A temporal expression normalized to a TIMEX3 value and the interval it covers."""

    text: str
    start: int
    end: int
    kind: str  # date, range, duration, set, vague
    value: str  # TIMEX3 value: 2021-04-06, 2019-06, 2015, P2D, PAST_REF, XXXX-XX-XX when unanchored
    start_date: dt.date | None
    end_date: dt.date | None
    granularity: str | None  # day, month, year, ... ; None for durations and vague references


@dataclass(frozen=True, slots=True)
class FigureFact:
    """A number in the text with its normalized value and unit."""

    text: str
    start: int
    end: int
    kind: str  # money, percent, ordinal, cardinal, quantity
    value: float
    unit: str | None


@dataclass(frozen=True, slots=True)
class Entity:
    """One real person, place or organization."""

    entity_id: str
    kind: str
    name: str
    country_code: str | None
    in_reference: bool


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text resolved to an entity."""

    entity_id: str
    text: str
    start: int
    end: int
    sentence_id: int
    method: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Correction:
    """A spelling variant normalized to its entity's canonical name."""

    entity_id: str
    text: str
    name: str
    method: str
    count: int
    score: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Role:
    """A title held by a person, with the country or organization it belongs to."""

    person_id: str
    title: str
    of_id: str | None
    to_id: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened or is planned, with its trigger span."""

    event_id: str
    kind: str
    cameo: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    place_id: str | None
    text: str
    start: int
    end: int
    participants: tuple[tuple[str, str], ...] = ()  # (entity_id, role)


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it."""

    speaker_id: str | None
    text: str
    start: int
    end: int
    cue: str | None = None  # the verb that attributes it, as written ("said", "according to")
    speaker_start: int | None = None  # the words that name the speaker ("Donald Trump", "he")
    speaker_end: int | None = None


@dataclass(slots=True)
class ArticleFacts:
    """Everything found in one article."""

    article: Article
    n_sentences: int = 0
    language: str | None = None  # ISO 639 code; None when the detector is not sure
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    figures: list[FigureFact] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
