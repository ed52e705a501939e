"""Find events (visits, meetings, talks, agreements ...) with who took part, where and when."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.lexicon import Lexicon
from pipeline.model import Article, DateFact, Event, Mention
from pipeline.nlp import Phrases, tokens
from pipeline.spans import Within
from pipeline.temporal import tense_of

_PLACE_KINDS = frozenset({"place", "facility", "country"})
_PARTICIPANT_KINDS = frozenset({"person", "organization", "country", "group"})
_DATED_KINDS = frozenset({"date", "range"})
# Reported events (statements) happen where the reporting is; their sentence's dates and places
# usually belong to what is reported.
_REPORTED = frozenset({"statement"})
# A statement is dated by a date right beside it ("a statement on Monday", "Monday's statement"),
# otherwise by the article.
_BESIDE = re.compile(r"[\s,]*(?:(?:on|of|dated|issued on|from)\s+)?|'s\s+", re.IGNORECASE)
_AT_OR_IN = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_TO = re.compile(r"\bto\s+(?:the\s+)?$", re.IGNORECASE)
_VISIT_TO_CHARS = 24
# Days around an article's date that still count as its own ("arrived Tuesday", "talks on Wednesday").
_NEAR = dt.timedelta(days=3)


class EventFinder:
    """Trigger words from the reference data, matched once per Doc."""

    def __init__(self, nlp: Language, lex: Lexicon) -> None:
        self.lex = lex
        self.triggers = Phrases(nlp, attr="LOWER")
        self.triggers.add("EVENT", lex.events)

    def find(
        self,
        doc: Doc,
        article: Article,
        mentions: list[Mention],
        entities: dict[str, tuple[str, str | None]],
        dates: list[DateFact],
        first: int,
    ) -> list[Event]:
        """Events in text order; mentions of one event (its visit, arrival, ...) are merged into one.

        `entities` maps each entity id of the article to its kind and country code.
        """
        kinds = {entity_id: kind for entity_id, (kind, _) in entities.items()}
        text = article.text
        names = [m for m in mentions if m.method != "dateline"]
        here = next((m.entity_id for m in mentions if m.method == "dateline"), None)
        events: list[Event] = []
        matches = {(s, e): phrase for _, s, e, phrase in self.triggers(doc) if s >= first}
        in_names = {i for m in names if kinds[m.entity_id] != "person" for i in range(m.start, m.end)}
        by_start = Within(names)
        dated = Within(d for d in dates if d.kind in _DATED_KINDS and d.start_date)
        for trigger in sorted(filter_spans([doc[s:e] for s, e in matches])):
            if trigger.start_char in in_names:
                continue  # part of a name: "Intergovernmental Agreement", "CFM meeting" stays an event
            kind, cameo = self.lex.events[matches[(trigger.start, trigger.end)]]
            lo, hi = _clause(doc, trigger)
            around = by_start.inside(lo, hi)
            place = None if kind in _REPORTED else _place(text, trigger, around, kinds, here)
            sent = trigger.sent
            words = tokens(doc).text[sent.start : sent.end]
            present = tense_of(words, near=trigger.start - sent.start) == "present"
            start_date, end_date = _when(article, kind, trigger, dated.inside(lo, hi), present)
            participants = {
                (m.entity_id, _role(text, kind, m, trigger)): None
                for m in around
                if kinds[m.entity_id] in _PARTICIPANT_KINDS
                and m.entity_id != place
                and not _modifier(text, m)
            }
            events.append(
                Event(
                    event_id=f"{article.article_id}-e{len(events) + 1:03d}",
                    kind=kind,
                    cameo=cameo,
                    start_date=start_date,
                    end_date=end_date,
                    place_id=place,
                    text=trigger.text,
                    start=trigger.start_char,
                    end=trigger.end_char,
                    participants=tuple(participants),
                )
            )
        return [_at_dateline(e, article, here) for e in _merge_mentions(events, entities)]


def _at_dateline(event: Event, article: Article, here: str | None) -> Event:
    """An event of the article's own days with no place written happens where the dateline is.

    Wire stories are filed from where the news is: talks "on Wednesday" in a story datelined LIMA
    on Tuesday are in Lima. Statements are left alone (they are issued elsewhere as often as not),
    and so is anything dated away from the article's date.
    """
    if event.place_id or not here or event.kind in _REPORTED or not article.published or not event.start_date:
        return event
    near = event.start_date - _NEAR <= article.published <= (event.end_date or event.start_date) + _NEAR
    return replace(event, place_id=here) if near else event


def _merge_mentions(events: list[Event], entities: dict[str, tuple[str, str | None]]) -> list[Event]:
    """One event per real event: the same kind, a person in common, and no date or place apart.

    The merged event keeps its first trigger as its span, and takes the union of the dates, the most
    specific place and every participant of its mentions.
    """

    def people(event: Event) -> set[str]:
        return {entity for entity, _ in event.participants if entities[entity][0] == "person"}

    def same(a: Event, b: Event, shared: bool) -> bool:
        if a.kind != b.kind or not shared:
            return False
        dated = a.start_date and b.start_date and a.end_date and b.end_date
        if dated and (a.start_date > b.end_date or b.start_date > a.end_date):  # type: ignore[operator]
            return False
        if a.place_id and b.place_id and a.place_id != b.place_id:
            return entities[a.place_id][1] is not None and entities[a.place_id][1] == entities[b.place_id][1]
        return True

    merged: list[Event] = []
    crowds: list[set[str]] = []  # the people of each merged event, kept beside it: asked of every pair
    for event in events:
        crowd = people(event)
        index = next(
            (i for i, seen in enumerate(merged) if same(seen, event, not crowds[i].isdisjoint(crowd))), None
        )
        if index is None:
            merged.append(event)
            crowds.append(crowd)
            continue
        crowds[index] |= crowd
        seen = merged[index]
        starts = [d for d in (seen.start_date, event.start_date) if d]
        ends = [d for d in (seen.end_date, event.end_date) if d]
        places = [p for p in (seen.place_id, event.place_id) if p]
        places.sort(key=lambda p: entities[p][0] == "country")  # a city or facility over its country
        merged[index] = replace(
            seen,
            start_date=min(starts, default=None),
            end_date=max(ends, default=None),
            place_id=places[0] if places else None,
            participants=tuple(dict.fromkeys(seen.participants + event.participants)),
        )
    # Numbers as wide as the article's largest (at least 3 digits), so its ids sort as text in
    # text order: e0999 before e1000, where e999 would sort after it.
    width = max(3, len(str(len(merged))))
    return [
        replace(event, event_id=f"{event.event_id.rsplit('-e', 1)[0]}-e{i:0{width}d}")
        for i, event in enumerate(merged, start=1)
    ]


def _clause(doc: Doc, trigger: Span) -> tuple[int, int]:
    """Character bounds of the clause around a trigger: its sentence cut at semicolons, or its brackets.

    A bracketed aside inside the clause ("the SCO (Shanghai ...) as a full member in June 2017") does
    not end it; a trigger inside brackets has the bracketed text for its clause.
    """
    sent = trigger.sent
    toks = tokens(doc)
    texts = toks.text
    start, end, depth = sent.start, sent.end, 0
    for i in range(sent.start, trigger.start):
        if texts[i] == "(":
            depth += 1
            if depth == 1:
                opened = i
        elif texts[i] == ")" and depth:
            depth -= 1
        elif texts[i] == ";" and not depth:
            start = i + 1
    if depth:
        start = opened + 1
    depth = 0
    for i in range(trigger.end, sent.end):
        if texts[i] == "(":
            depth += 1
        elif texts[i] == ")":
            if not depth:
                end = i
                break
            depth -= 1
        elif texts[i] == ";" and not depth:
            end = i
            break
    return toks.start[start], toks.end[end - 1]


def _modifier(text: str, mention: Mention) -> bool:
    """'Russian' in 'Russian Foreign Ministry' qualifies another name; it takes no part itself."""
    return mention.method == "demonym" and text[mention.end : mention.end + 2][-1:].isupper()


def _role(text: str, kind: str, mention: Mention, trigger: Span) -> str:
    before = text[max(0, mention.start - 8) : mention.start]
    if kind == "visit" and 0 < mention.start - trigger.end_char <= _VISIT_TO_CHARS and _TO.search(before):
        return "destination"
    return "participant"


def _place(
    text: str, trigger: Span, around: list[Mention], kinds: dict[str, str], here: str | None
) -> str | None:
    if text[trigger.end_char : trigger.end_char + 5].strip().lower().startswith("here") and here:
        return here  # "arrived here": the dateline's place
    places = [
        m
        for m in around
        if kinds[m.entity_id] in _PLACE_KINDS and _AT_OR_IN.search(text[max(0, m.start - 8) : m.start])
    ]
    if not places:
        # "a visit to Peru", or the object of the verb: "visited Lima".
        places = [
            m
            for m in around
            if kinds[m.entity_id] in _PLACE_KINDS
            and 0 < m.start - trigger.end_char <= _VISIT_TO_CHARS
            and (_TO.search(text[max(0, m.start - 8) : m.start]) or m.start - trigger.end_char == 1)
        ]
    if not places:
        return None
    # The most specific place nearest the trigger: a city or facility rather than a country.
    places.sort(key=lambda m: (kinds[m.entity_id] == "country", abs(m.start - trigger.start_char)))
    return places[0].entity_id


def _when(
    article: Article, kind: str, trigger: Span, in_clause: list[DateFact], present: bool
) -> tuple[dt.date | None, dt.date | None]:
    """The nearest of the clause's dates; the article's date for a statement or an event in the present."""

    def distance(d: DateFact) -> int:
        return max(d.start - trigger.end_char, trigger.start_char - d.end, 0)

    if kind in _REPORTED:
        text = article.text

        def beside(d: DateFact) -> bool:
            if d.start >= trigger.end_char:
                return _BESIDE.fullmatch(text[trigger.end_char : d.start]) is not None
            return (
                d.end <= trigger.start_char
                and _BESIDE.fullmatch(text[d.end : trigger.start_char]) is not None
            )

        in_clause = [d for d in in_clause if beside(d)]
        if not in_clause:
            return article.published, article.published
    if not in_clause:
        return (article.published, article.published) if present else (None, None)
    best = min(in_clause, key=distance)
    return best.start_date, best.end_date
