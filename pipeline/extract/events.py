"""Find events (visits, meetings, talks, agreements ...) with who took part, where and when."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extract.clauses import CLAUSE_OPENING, after_preposition, speech_verb_pattern
from pipeline.lexicon import Lexicon
from pipeline.model import Article, DateFact, Event, Mention
from pipeline.nlp import Phrases, tokens
from pipeline.spans import Within
from pipeline.temporal import tense_of

_PLACE_KINDS = frozenset({"place", "facility", "country"})
_PARTICIPANT_KINDS = frozenset({"person", "organization", "country", "group"})
# Two mentions of one kind of event with one of these in common are one event.
_SAME_EVENT_KINDS = frozenset({"person", "organization", "group"})
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
# Events whose sides are alike: without a subject, no one is the actor ("talks between X and Y").
_SYMMETRIC = frozenset({"meeting", "talks", "conversation", "agreement"})
# Between a trigger and its direct object: at most a preposition and a determiner ("met with the").
_OBJECT = re.compile(r"\s*(?:(?:with|to|between|and)\s+)?(?:(?:the|a|an)\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}")
# A name introduced as a counterpart further on in the clause: "signed a contract with the ministry".
_WITH = re.compile(r"\b(?:with|between)\s+(?:the\s+)?$", re.I)
# Between two counterparts: "Qureshi and Wang", "Qureshi, Wang".
_JOINED = re.compile(r"\s*(?:,|and|,\s*and)\s+(?:the\s+)?", re.I)
# Words that tie an event to one told before: "the statement", "this meeting"; "signed the agreement".
# ("that" is left out: in "said that talks would resume" it opens a clause.)
_DEFINITE = re.compile(r"\b(?:the|this|his|her|their|its)\s+(?:[\w'’()-]+\s+){0,4}$", re.I)
_REFERS_BACK = re.compile(
    r"\s+(?:the|this|that)\s+(?:agreement|deal|contract|accord|treaty|meeting|visit|talks)\b", re.I
)
# Words that make a clause habitual or generic: what happens regularly has no one date.
_HABITUAL = re.compile(
    r"\b(?:regularly|usually|often|routinely|annually|traditionally|every (?:year|month|week)|each year)\b",
    re.I,
)
# Words between a possessor and the event it owns: "Lavrov's April 6-7 visit".
_POSSESSED_WORDS = 3
# A noun phrase opened by a preposition, up to the trigger: "about Surgey Lavrov's April 6-7 (visit)".
_IN_PHRASE = re.compile(
    r"\b(?:about|of|for|during|after|before|on|at|in|to|with|from)\s+"
    r"(?:(?:the|a|an|his|her|their|its|this|that)\s+|(?:[\w.-]+\s+){0,2}[\w.-]+(?:'s|’s)\s+)"
    r"(?:(?!to\b)[\w'’()-]+\s+){0,8}$",  # "on a visit to Pakistan to hold (talks)": "to" opens a clause
    re.I,
)
# An apposition right after a subject: ", the chief executive officer of Apple Inc.,".
_APPOSITION = re.compile(r"^\s*,[^,]*,")
# Past a comma, a noun phrase of its own: "..., the USAF has announced".
_NEW_SUBJECT = re.compile(r",\s+(?:the|a|an|this|its|their)\s+", re.I)
# Between a passive trigger and its agent: "hosted by Apple".
_AGENT = re.compile(r"\s+by\s+(?:the\s+)?", re.I)
# Days around an article's date that still count as its own ("arrived Tuesday", "talks on Wednesday").
_NEAR = dt.timedelta(days=3)


class EventFinder:
    """Trigger words from the reference data, matched once per Doc."""

    def __init__(self, nlp: Language, lex: Lexicon) -> None:
        self.lex = lex
        self.triggers = Phrases(nlp, attr="LOWER")
        self.triggers.add("EVENT", lex.events)
        self.reporting = speech_verb_pattern(lex.speech_verbs)

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
        back: list[bool] = []  # whether each event's words refer back to one told before ("the statement")
        sentence_of: list[int] = []  # the sentence of each event, by its first token
        habitual: list[bool] = []  # a class of events ("meetings are held regularly"), not one event
        matches = {(s, e): phrase for _, s, e, phrase in self.triggers(doc) if s >= first}
        in_names = {i for m in names if kinds[m.entity_id] != "person" for i in range(m.start, m.end)}
        by_start = Within(names)
        dated = Within(d for d in dates if d.kind in _DATED_KINDS and d.start_date)
        for trigger in sorted(filter_spans([doc[s:e] for s, e in matches])):
            if trigger.start_char in in_names:
                continue  # part of a name: "Intergovernmental Agreement", "CFM meeting" stays an event
            kind, cameo = self.lex.events[matches[(trigger.start, trigger.end)]]
            lo, hi = _clause(doc, trigger)
            # A bracketed aside the trigger is outside of tells of something else: "(the previous
            # meeting was held in Moscow)".
            around = [m for m in by_start.inside(lo, hi) if not _aside(text, trigger, m.start)]
            place = None if kind in _REPORTED else _place(text, trigger, around, kinds, here)
            sent = trigger.sent
            words = tokens(doc).text[sent.start : sent.end]
            present = tense_of(words, near=trigger.start - sent.start) == "present"
            own_lo, own_hi = _own_clause(text, trigger, lo, hi, self.reporting)
            # A date ties to the event in its own clause: in "stated on Thursday that it had signed",
            # Thursday is when it was stated.
            habitual.append(_HABITUAL.search(text, own_lo, own_hi) is not None)
            if habitual[-1]:
                start_date = end_date = None  # "Meetings ... are held regularly": no one date
            else:
                own_dates = [d for d in dated.inside(own_lo, own_hi) if not _aside(text, trigger, d.start)]
                start_date, end_date = _when(article, kind, trigger, own_dates, present)
            taking_part = [
                m
                for m in around
                if kinds[m.entity_id] in _PARTICIPANT_KINDS
                and m.entity_id != place
                and not _modifier(text, m)
            ]
            participants = dict.fromkeys(_sides(text, kind, trigger, taking_part, own_lo, own_hi))
            sentence_of.append(sent.start)
            back.append(
                _REFERS_BACK.match(text, trigger.end_char) is not None
                or _DEFINITE.search(text, max(0, trigger.start_char - 50), trigger.start_char) is not None
            )
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
        return [
            _at_dateline(e, article, here)
            for e in _merge_mentions(events, entities, _Told(back, sentence_of, habitual))
        ]


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


@dataclass(frozen=True, slots=True)
class _Told:
    """How each event mention is told, beside the events: what `_merge_mentions` needs to know."""

    back: list[bool]  # its words refer back to an event told before ("the statement")
    sentence: list[int]  # its sentence
    habitual: list[bool]  # a class of events, which no single event joins


def _merge_mentions(
    events: list[Event], entities: dict[str, tuple[str, str | None]], told: _Told
) -> list[Event]:
    """One event per real event: the same kind, a person or body in common, and no date or place apart.

    The merged event keeps its first trigger as its span, and takes the union of the dates, the most
    specific place and every participant of its mentions.
    """

    def people(event: Event) -> set[str]:
        # People and bodies, not countries: two countries take part in many events of one article.
        return {entity for entity, _ in event.participants if entities[entity][0] in _SAME_EVENT_KINDS}

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
    sentences: list[set[int]] = []  # the sentences of each merged event's mentions
    generic: list[bool] = []  # whether each merged event is a class of events
    for n, event in enumerate(events):
        crowd = people(event)
        if told.habitual[n]:
            index = None  # "Meetings ... are held regularly": no one event to join, none joins it
        else:
            index = next(
                (
                    i
                    for i, seen in enumerate(merged)
                    if not generic[i] and same(seen, event, not crowds[i].isdisjoint(crowd))
                ),
                None,
            )
        if index is None and not told.habitual[n] and (told.back[n] or not crowd):
            # "The statement caused ...", "signed the agreement": the last such event told before;
            # a mention that names no one ("arrived ... on a two-day visit"): one of its sentence.
            index = next(
                (
                    i
                    for i in reversed(range(len(merged)))
                    if merged[i].kind == event.kind
                    and not generic[i]
                    and (told.back[n] or told.sentence[n] in sentences[i])
                    and (not crowd or not crowds[i] or crowd <= crowds[i])
                ),
                None,
            )
            if index is not None and not same(merged[index], event, True):
                index = None
        if index is None:
            merged.append(event)
            crowds.append(crowd)
            sentences.append({told.sentence[n]})
            generic.append(told.habitual[n])
            continue
        crowds[index] |= crowd
        sentences[index].add(told.sentence[n])
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
            participants=_one_role_each(seen.participants + event.participants),
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


def _aside(text: str, trigger: Span, at: int) -> bool:
    """Whether `at` stands in brackets that the trigger is outside of: "(the last was in 2020)"."""
    lo, hi = sorted((trigger.start_char, at))
    between = text[lo:hi]
    if at > trigger.start_char:
        return between.count("(") > between.count(")")
    return between.count(")") > between.count("(")


def _in_phrase(text: str, trigger: Span) -> bool:
    """Whether the trigger heads a noun phrase inside a prepositional phrase: "in a statement about
    Lavrov's visit", "on a two-day official visit". The sentence's subject is then not its actor."""
    return _IN_PHRASE.search(text, max(0, trigger.start_char - 80), trigger.start_char) is not None


def _one_role_each(participants: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Participants of an event's mentions together: once each, an actor in one mention an actor."""
    actors = {entity for entity, role in participants if role == "actor"}
    kept = [(entity, role) for entity, role in participants if role == "actor" or entity not in actors]
    return tuple(dict.fromkeys(kept))


def _own_clause(text: str, trigger: Span, lo: int, hi: int, reporting: re.Pattern[str]) -> tuple[int, int]:
    """The bounds of the trigger's own clause within its sentence's clause `lo`..`hi`: after the last
    word that opens a clause before it, up to the first one after it. A speech verb opens what it
    reports: in "the ministry said the minister will hold talks", the talks are the minister's."""
    t0, t1 = trigger.start_char, trigger.end_char
    openings = [m.end() for m in CLAUSE_OPENING.finditer(text, lo, t0)]
    openings += [m.end() for m in reporting.finditer(text, lo, t0)]
    opening = max(openings, default=lo)
    closings = [m.start() for m in CLAUSE_OPENING.finditer(text, t1, hi)][:1]
    closings += [m.start() for m in reporting.finditer(text, t1, hi)][:1]
    return opening, min(closings, default=hi)


def _sides(
    text: str, kind: str, trigger: Span, names: list[Mention], opening: int, closing: int
) -> list[tuple[str, str]]:
    """(entity id, role) of who took part: the trigger's own arguments, not every name of its sentence.

    `opening`..`closing` is the trigger's own clause (`_own_clause`).
    `actor`: the subject before the trigger, in that clause ("Lavrov met", "The USAF and
    Boeing have signed"), a possessor ("Airbus's statement") or an agent ("hosted by Apple").
    `target`: the object right after it, or after "with", "between", "to" ("met Qureshi", "talks with
    Qureshi and Wang", "a visit to Pakistan"). `participant`: a side the text does not tell ("talks
    between Lavrov and Qureshi"). A statement's only participant is who made it: what it reports
    ("announced that two Rolls-Royce engines failed") is another event. A name inside another clause
    ("a forum that Putin had set up", "while Air India has signed"), or inside a phrase of its own
    ("the third largest airline in China") takes no part.
    """
    t0, t1 = trigger.start_char, trigger.end_char
    inside = _in_phrase(text, trigger)
    actors = []
    for m in names:
        if m.end > t0 or m.start < opening:
            continue
        rest = text[m.end : t0]
        if rest.startswith(("'s", "’s")):
            if len(rest[2:].split()) <= _POSSESSED_WORDS:
                actors.append(m)  # "Lavrov's April 6-7 visit"
            continue
        if after_preposition(text, m.start, titles=True) or (inside and kind not in _REPORTED):
            continue
        # "..., the USAF has announced": past a comma (an apposition aside) another subject begins.
        if not _NEW_SUBJECT.search(_APPOSITION.sub("", rest, count=1)):
            actors.append(m)
    after = [m for m in names if m.start >= t1 and m.end <= closing]
    targets: list[Mention] = []
    for m in after:
        between = text[targets[-1].end if targets else t1 : m.start]
        if _AGENT.fullmatch(text[t1 : m.start]):
            actors.append(m)  # "hosted by Apple"
        elif kind in _REPORTED:
            continue
        elif targets and _JOINED.fullmatch(between):
            targets.append(m)  # "with Qureshi and Wang"
        elif _OBJECT.fullmatch(text[t1 : m.start]) or _WITH.search(text[max(t1, m.start - 14) : m.start]):
            targets.append(m)
    if not actors and kind in _SYMMETRIC:
        return [(m.entity_id, "participant") for m in targets]
    return [(m.entity_id, "actor") for m in actors] + [
        (m.entity_id, "target") for m in targets if m.entity_id not in {a.entity_id for a in actors}
    ]


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
