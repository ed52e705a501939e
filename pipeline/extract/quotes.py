"""Find direct quotations and who said them, including quotations that run over a paragraph break."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.model import Article, Mention, Quote
from pipeline.spans import Within

# Shorter quoted phrases ("on the sidelines") are scare quotes or titles, not quotations.
MIN_WORDS = 4
# How far from a quotation its attribution ("..., the ministry said") may stand.
_ATTRIBUTION_CHARS = 120
_SPEAKER_KINDS = ("person:", "organization:", "group:", "country:")
_PRONOUNS = re.compile(
    r"\b(it|he|she|they|the statement|the ministry|the spokesman|the spokesperson)\b", re.I
)
_PARAGRAPH = re.compile(r"\n\s*\n")
_INHERIT = "<last speaker>"


def _marks(text: str, first: int) -> Iterator[tuple[int, str]]:
    """Each quotation mark with whether it opens or closes, read from the characters around it."""
    for match in re.finditer(r"[\"“”]", text[first:]):
        i = match.start() + first
        mark = match.group()
        if mark != '"':
            yield i, "open" if mark == "“" else "close"
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not before.isspace() and before not in "([":
            yield i, "close"
        elif not after.isspace():
            yield i, "open"
        else:
            yield i, "either"


def _pairs(text: str, first: int) -> Iterator[tuple[int, int, bool]]:
    """(start, end, closed) of the text inside each quotation; closed is False where no mark ends it."""
    opened: int | None = None
    for i, role in _marks(text, first):
        if opened is not None and role in {"close", "either"}:
            yield opened + 1, i, True
            opened = None
        elif role in {"open", "either"}:
            if opened is not None:
                # An unclosed quotation ends with its paragraph, as a quotation that runs on reopens
                # at the next one: "...meeting).\n\n" followed by a new paragraph.
                yield opened + 1, _paragraph_end(text, opened), False
            opened = i
    if opened is not None:
        yield opened + 1, _paragraph_end(text, opened), False


def _paragraph_end(text: str, at: int) -> int:
    match = _PARAGRAPH.search(text, at)
    return match.start() if match else len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class QuoteFinder:
    """Quotations, attributed through the speech verbs listed in the reference data."""

    def __init__(self, speech_verbs: frozenset[str]) -> None:
        words = "|".join(sorted((re.escape(v) for v in speech_verbs), key=len, reverse=True))
        self.verb = re.compile(rf"\b(?:{words})\b", re.I)
        # No verb runs over a line break, so the last one before a point can be sought line by line.
        self._one_line = not any("\n" in verb for verb in speech_verbs)

    def find(self, article: Article, mentions: list[Mention]) -> list[Quote]:
        text = article.text
        quotes: list[Quote] = []
        last_speaker: str | None = None
        speakers = Within(m for m in mentions if m.entity_id.startswith(_SPEAKER_KINDS))
        for raw_start, raw_end, closed in _pairs(text, article.dateline_end):
            start, end = _trim(text, raw_start, raw_end)
            if len(text[start:end].split()) < MIN_WORDS:
                continue
            speaker = self._speaker(text, raw_start - 1, raw_end + 1 if closed else None, speakers)
            if speaker is _INHERIT:
                # "it added", or a quotation that runs on: the last speaker quoted, or failing that
                # the last one the text reported as saying something.
                speaker = last_speaker or self._reported_speaker(text, raw_start - 1, speakers)
            last_speaker = speaker or last_speaker
            quotes.append(Quote(speaker, text[start:end], start, end))
        return quotes

    def _speaker(
        self, text: str, open_at: int, close_at: int | None, speakers: Within[Mention]
    ) -> str | None:
        """The name in the attribution after the quotation (', X said') or before it ('X said, "').

        `_INHERIT` when there is no attribution or it is a pronoun ('it added'): the last speaker's.
        """
        verb = None
        if close_at is not None:
            after_end = min(_paragraph_end(text, close_at), close_at + _ATTRIBUTION_CHARS)
            verb = self.verb.search(text, close_at, after_end)
        if close_at is not None and verb is not None:
            window = (close_at, verb.start())
        else:
            para_start = max(text.rfind("\n", 0, open_at) + 1, open_at - _ATTRIBUTION_CHARS)
            verbs = list(self.verb.finditer(text, para_start, open_at))
            if not verbs or text[verbs[-1].end() : open_at].strip(" ,:") != "":
                return _INHERIT
            window = (para_start, verbs[-1].start())
        named = _subject(text, speakers, *window)
        if named is not None:
            return named
        # "..., it added": the speaker named before; "..., a source said": someone unnamed.
        return _INHERIT if _PRONOUNS.search(text, window[0], window[1]) else None

    def _reported_speaker(self, text: str, before: int, speakers: Within[Mention]) -> str | None:
        """Who the last speech verb before `before` reports: 'the ministry in a statement ... said'."""
        verb = self._last_verb(text, before)
        if verb is None:
            return None
        return _subject(text, speakers, max(text.rfind("\n", 0, verb.start()) + 1, 0), verb.start())

    def _last_verb(self, text: str, before: int) -> re.Match[str] | None:
        """The last of `self.verb.finditer(text, 0, before)`, read line by line back from `before`.

        Reading the whole text before a quotation was most of the quotes' time. A line is searched just
        as the whole text would be: no verb runs over the line break before it or sees past its end.
        """
        if not self._one_line:
            return next(reversed(list(self.verb.finditer(text, 0, before))), None)
        end = before
        while end >= 0:
            start = text.rfind("\n", 0, end) + 1
            verbs = list(self.verb.finditer(text, start, end))
            if verbs:
                return verbs[-1]
            end = start - 1
        return None


def _subject(text: str, speakers: Within[Mention], start: int, end: int) -> str | None:
    """The last name before a speech verb that is no modifier ('Robles's visit', 'Chilean ministry')."""
    inside = [
        m
        for m in speakers.inside(start, end)
        if m.method != "demonym" and not text.startswith(("'s", "’s"), m.end)
    ]
    named = [m for m in inside if not m.entity_id.startswith("country:")] or inside
    return named[-1].entity_id if named else None
