"""Find direct quotations and who said them: the speaker from the attribution, or none when it is unclear."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.extract.clauses import CLAUSE, PREPOSITIONS, after_preposition, speech_verb_pattern
from pipeline.model import Article, Mention, Quote
from pipeline.names.similarity import pronoun_of
from pipeline.spans import Within

# Shorter quoted phrases ("so-called "experts"", "on the sidelines") are scare quotes or titles, not
# quotations; two words are one when the text names who said them: 'Trump called it "a disaster"'.
MIN_WORDS = 3
MIN_ATTRIBUTED_WORDS = 2
# A quotation without an attribution of its own is the last speaker's only from this many words.
MIN_RUN_ON_WORDS = 4
# How far from a quotation its attribution ("..., the ministry said") may stand.
_ATTRIBUTION_CHARS = 120
# How far a speaker's name may stand from its verb: "Mr Robles, the bank's chief economist, said".
_SUBJECT_CHARS = 90
_SPEAKER_KINDS = ("person:", "organization:", "group:", "country:")
_PARAGRAPH = re.compile(r"\n\s*\n")
# Where a sentence ends: after . ? ! (and a closing mark) before a capital or an opening mark, or a line.
_SENTENCE_END = re.compile(r"[.?!][\"\u201d\u2019']?\s+(?=[\"\u201c\u2018'A-Z])|\n")
# Words that say a person's sex right before their name: "Ms. Ruiz", "widow Terry Ruiz", "his wife, Ana".
_HE = frozenset({"mr", "husband", "father", "son", "brother", "widower", "congressman", "spokesman"})
_SHE = frozenset(
    {"mrs", "ms", "wife", "mother", "daughter", "sister", "widow", "congresswoman", "spokeswoman"}
)
_SEX = {word: "he" for word in _HE} | {word: "she" for word in _SHE}
_COURTESY = frozenset({"mr", "mrs", "ms"})
_POSSESSIVE = frozenset({"his", "her", "their"})
_GENDERED_CHARS = 20
# The pronoun after a name that tells a person's sex, and how far on it is looked for: only a subject
# ("Ruiz said she ..."), not "Lima praised the nurses, and one for her courage".
_THIRD_PERSON = re.compile(r"\b(he|she)\b", re.I)
_PRONOUN_CHARS = 200
# Words that stand for the speaker named before: "he said", "said she", "the senator added".
_PRONOUN = re.compile(r"\b(he|she|they|it|we|i)\s*$", re.I)
_PRONOUN_AFTER = re.compile(r"^\s*(he|she|they|it)\b", re.I)
_DEFINITE = re.compile(r"\b[Tt]he\s+((?:[a-z][\w'’-]*\s+){0,2}[a-z][\w'’-]*)\s*$")
# Words a body is named with ("the Zelvorn Commission"): "the commission said" means the one named so.
_BODY_WORDS = frozenset(
    {"commission", "union", "court", "board", "panel", "association", "institute", "foundation",
     "administration", "authority", "federation", "center", "centre", "university", "school", "club"}
)  # fmt: skip
_GROUP_WORDS = frozenset(
    {"ministry", "company", "agency", "department", "office", "campaign", "government", "group", "firm",
     "statement", "committee", "party", "bank", "embassy", "newspaper", "network", "council", "team"}
)  # fmt: skip
# Words between a speech verb and the name after it: a title or a description ("said Rep. Joseph
# Crowley", "said MSNBC host Chris Matthews"), never a phrase of its own ("said the same of Trump").
_NOT_A_TITLE = sorted(PREPOSITIONS | {"that", "and", "but", "is", "was", "were", "will", "would"})
_TITLES_ONLY = re.compile(rf"\s*(?:(?!(?:{'|'.join(_NOT_A_TITLE)})\b)[\w.'’/-]+\s+){{0,4}}", re.I)
# Words a name may stand before its verb without a comma: "Mr. Morgan of the Sierra Club said".
_SUBJECT_GAP_WORDS = 4
# After a quotation: a capitalized name of up to four words and a verb ending the sentence.
_NAME_AND_VERB = re.compile(r"[\s,\"”—–-]*((?:[A-Z][\w.'’-]*\s+){1,4})([a-z]+)\s*[.,]")
# How far after its verb a speaker's name may stand ("said the Gazette's chief editor Ana Ruiz").
_AFTER_VERB_CHARS = 60
# How far back (characters) the speaker that "he" or "the senator" refers to may have been named.
_REFER_CHARS = 1000
# The longest sentence whose subject a quotation inside it is read from.
_SENTENCE_CHARS = 600
# How long an apposition between a name and its verb may run ("Ana Ruiz, director of ..., said").
_APPOSITION_CHARS = 300
# The longest opening phrase before a sentence's subject: "In a speech to farmers on Monday,".
_OPENING_WORDS = 6
_AFFILIATION = re.compile(r"^\s*\([^()\n]{1,30}\)")
# Sentences read back for the person a "he" or "she" means when no speaker was named before.
_SUBJECT_SENTENCES = 3
# What someone writes or files speaks for them: "Ana Ruiz's statement said" (not "her lawyer said").
_DOCUMENT = re.compile(
    r"['’]s\s+(?:[a-z]+\s+)?(?:statement|letter|brief|filing|memo|report|website|book|tweet|post|column"
    r"|complaint|lawsuit|ruling|press release)\s+"
)
# A sentence naming more people than this is a list: the one of the pronoun's gender must open it.
_SUBJECT_PEOPLE = 2
_QUOTE_CHARS = ('"', "\u201c", "\u201d", "''")
_QUOTATION_CHARS = 2000
# Verbs whose speaker follows them: "according to the ministry".
_SPEAKER_AFTER = frozenset({"according to"})
# Between a quotation's close and its attribution: nothing but a comma or a dash.
_LEADS_ON = re.compile(r"^\s*(?:[,―—–-]|[a-z])")
# "As Ana Ruiz put it," or "... put it in a letter": a speaker of a few words, and the cue; not "as
# Alves put it to a vote".
_AS_PUT = re.compile(r"\b[Aa]s\s+([^,;:\n]{1,60}?)\s+(puts?\s+it)(?=\s*[,.;:!?\"\u201d]|\s+in\s)")
# Between a quotation and a verb its speaker follows: marks and an adverb at most ('"...," also said
# Ruiz'); '"...," a spokesman told Alves' names whom he told.
_INVERSION = re.compile(r"[\s,\"\u201d\u2019'\u2014\u2013-]*(?:(?:also|then|later|again|[a-z]+ly)\s+)*")
# "did not respond", "declined to comment": the sentence says the person did not speak; "was praised
# by" that others spoke of them.
_NEGATION = frozenset({"not", "never", "declined", "refused", "n't"})
_PASSIVE = frozenset({"was", "were", "is", "are", "be", "been", "being", "got", "gets"})
# Words that open a phrase, not a title: "Unlike President Ruiz, ..." is no sentence about Ruiz.
_PHRASE_OPENERS = PREPOSITIONS | {
    "like", "unlike", "despite", "without", "until", "once", "unless", "besides", "including", "except",
    "beyond", "near", "per", "upon", "within", "across", "around", "behind", "amid", "alongside",
    "following", "regarding", "concerning",
}  # fmt: skip
_POSSESSIVE_MARK = re.compile(r"['\u2019](?:s\b|(?![\w]))")
# Quotation marks, left out where the words before a name are counted.
_MARKS = "\"\u201c\u201d\u2018\u2019'\u00ab\u00bb"
_PUNCTUATION = ",;:.!?()" + _MARKS  # stripped from words read for a verb
# A sentence's subject pronoun, for the person it means ("it" is rarely a speaker opening a sentence).
_PRONOUN_OPENING = re.compile(r"\s*(he|she|they)\b", re.I)
# After a quotation, a dash and the speaker's name: '"..." ― Ana Ruiz'.
_DASH = re.compile(r"\s*[―—–-]+\s*")
# A transcript's speaker label opening a quotation: "ROBLES: ...", "MARY ROE: ...". One that names no
# person of the article is a label only if it opens several ("BREAKING: ..." may open one).
_LABEL = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):\s+")
# Before a quotation's opening, after its verb: "said:", "told reporters on Monday:".
_INTRO = re.compile(r"^[ ,:]*$|^\s+(?:[\w'’.-]+\s+){0,5}?[\w'’.-]+\s*[,:]\s*$")


@dataclass(frozen=True, slots=True)
class _Attribution:
    speaker: str | None
    span: tuple[int, int] | None  # the mention or word that names the speaker
    cue: str | None  # the verb as written


def _marks(text: str, first: int) -> Iterator[tuple[int, int, str]]:
    """Each quotation mark (start, end, role), its role read from the characters around it.

    Marks: straight and curly double quotes, guillemets, and two apostrophes (''so'') as some
    newspapers write a double quote.
    """
    for match in re.finditer(r"''|[\"“”«»]", text[first:]):
        i = match.start() + first
        j = match.end() + first
        mark = match.group()
        if mark in ("“", "«"):
            yield i, j, "open"
            continue
        if mark in ("”", "»"):
            yield i, j, "close"
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[j] if j < len(text) else " "
        if not before.isspace() and before not in "([":
            yield i, j, "close"
        elif not after.isspace():
            yield i, j, "open"
        else:
            yield i, j, "either"


def _pairs(text: str, first: int) -> Iterator[tuple[int, int, int, int]]:
    """(mark, start, end, after) of each quotation: its opening mark, the text inside, and the end of
    its closing mark (-1 where no mark closes it, and it runs to the end of its paragraph)."""
    opened: tuple[int, int] | None = None
    nested = 0
    for i, j, role in _marks(text, first):
        if nested and role == "close":
            nested -= 1
        elif opened is not None and role in {"close", "either"}:
            yield opened[0], opened[1], i, j
            opened = None
        elif role in {"open", "either"}:
            if opened is not None and role == "open" and _balanced(text, opened[0], i):
                # '“He calls it “hell” here.”': a quotation inside one still open, with a mark of the
                # same kind; its paragraph closes every mark it opens.
                nested += 1
                continue
            if opened is not None:
                # An unclosed quotation ends with its paragraph, as a quotation that runs on reopens
                # at the next one: "...meeting).\n\n" followed by a new paragraph.
                yield opened[0], opened[1], min(i, _paragraph_end(text, opened[1])), -1
            opened = (i, j)
    if opened is not None:
        yield opened[0], opened[1], _paragraph_end(text, opened[1]), -1


def _balanced(text: str, opening: int, inner: int) -> bool:
    """Whether the curly mark at `inner`, inside the quotation opened at `opening`, opens a quotation
    nested in it: one paragraph holds both, and from the outer opening on closes as many curly marks
    as it opens."""
    end = _paragraph_end(text, opening)
    if inner >= end or text[inner] != "“":
        return False
    part = text[opening:end]
    return part.count("“") == part.count("”")


def _paragraph_end(text: str, at: int) -> int:
    match = _PARAGRAPH.search(text, at)
    return match.start() if match else len(text)


def _sentence_end(text: str, at: int, limit: int) -> int:
    for match in _SENTENCE_END.finditer(text, at, limit):
        if not _abbreviation(text, match.start()):
            return match.start() + 1
    return limit


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the point at `dot` ends an abbreviation or an initial ("Mr.", "Sen.", "H.", "U.S."), not
    a sentence: a short capitalized word, or letters with points between them."""
    if text[dot] != ".":
        return False
    word = text[max(0, dot - 6) : dot].split()[-1:] or [""]
    last = word[0].lstrip("(\"\u201c\u2018'")
    return (
        bool(last)
        and last[0].isupper()
        and (len(last) <= 3 or "." in last)
        and last.replace(".", "").isalpha()
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class QuoteFinder:
    """Quotations, attributed through the speech verbs listed in the reference data."""

    def __init__(
        self,
        speech_verbs: frozenset[str],
        titles: frozenset[str] = frozenset(),
        honorifics: frozenset[str] = frozenset(),
        stance_verbs: frozenset[str] = frozenset(),
    ) -> None:
        # Titles in lower case ("senator"): "the senator said" refers to a person named before. With
        # the courtesy titles ("mr."), the words a name may follow and still be a sentence's subject.
        self.titles = titles
        self.leads = titles | honorifics
        self.verb = speech_verb_pattern(speech_verbs)
        # One-word speech and stance verbs: "Ruiz blamed the council." then a quotation is hers.
        self.speech = frozenset(v for v in speech_verbs if " " not in v)
        self.stance = stance_verbs

    def find(self, article: Article, mentions: list[Mention]) -> list[Quote]:
        text = article.text
        quotes: list[Quote] = []
        speakers = Within(
            m for m in mentions if m.entity_id.startswith(_SPEAKER_KINDS) and m.method != "demonym"
        )
        context = _Context(
            text,
            mentions,
            self.verb,
            speakers,
            article.dateline_end,
            self.titles,
            self.leads,
            self.speech,
            self.stance,
        )
        last: _Attribution | None = None
        last_end = -1
        pairs = list(_pairs(text, article.dateline_end))
        labels = Counter(
            label.group(1)
            for _, raw_start, raw_end, _ in pairs
            if (label := _LABEL.match(text, _trim(text, raw_start, raw_end)[0])) is not None
        )
        for mark, raw_start, raw_end, after in pairs:
            start, end = _trim(text, raw_start, raw_end)
            words = len(text[start:end].split())
            if words < MIN_ATTRIBUTED_WORDS:
                continue
            label = _LABEL.match(text, start)
            speaker = context.labelled(label.group(1)) if label is not None else None
            if label is not None and (speaker is not None or labels[label.group(1)] > 1):
                # A transcript: the label is who speaks (no one else, even if the article never names
                # them otherwise), and no part of what they said.
                found: _Attribution | None = _Attribution(speaker, label.span(1) if speaker else None, None)
                start = label.end()
            else:
                found = context.attribution(mark, raw_end, after)
            if (
                found is not None
                and found.speaker is None
                and (found.cue or "").endswith("ing")
                and last is not None
                and last.speaker is not None
                and (found.cue or "") in text[last_end:mark]
                and "\n" not in text[last_end:mark]
                and not _ends_sentence(text[last_end : mark + 1], text, last_end)
                and all(m.entity_id == last.speaker for m in speakers.inside(last_end, mark))
            ):
                # '"A," Ruiz said, adding, "B"': the participle goes on with the subject of the same sentence.
                found = _Attribution(last.speaker, last.span, found.cue)
            if found is None or found.speaker is None:
                # 'Ruiz urged voters to "stay home" and said ...': the sentence's subject, whom its verb
                # after the quotation (with no name of its own) also goes on with.
                found = context.embedding(mark) or found
            if words < MIN_WORDS and (found is None or found.speaker is None):
                continue  # a short phrase no one is quoted as saying: scare quotes or a title
            if found is None and words < MIN_RUN_ON_WORDS:
                found = _Attribution(None, None, None)  # a phrase ("on the sidelines") runs on from no one
            if found is None:
                # No attribution: a quotation that runs on from the one before, in the same or the
                # next paragraph, is the same speaker's; so is one after a report of what that speaker
                # said ("The statement mentioned that ..."); otherwise nobody is named.
                # Not past another person named between ('"A," Ruiz said. Alves disagreed. "B."').
                near = (
                    last is not None
                    and text.count("\n\n", last_end, start) <= 1
                    and not context.interrupted(last.speaker, last_end, mark)
                    and context.opens_sentence(mark)
                )
                # Past the sentence of the last quotation, whose own verb reports that one.
                since = _sentence_end(text, last_end - 1, mark) if last_end > 0 else 0
                reported = context.reported(mark, since)
                if reported is not None and reported.speaker is not None:
                    found = reported
                elif near and last is not None:
                    found = last
                else:
                    found = context.introducing(mark) or _Attribution(None, None, None)
            if found.speaker is not None or found.cue is not None:
                last, last_end = found, end
            if found.speaker is not None:
                context.previous = (end, found.speaker)
                context.name(start, found.speaker)
            span = found.span if found.speaker is not None else None
            quotes.append(
                Quote(
                    found.speaker,
                    text[start:end],
                    start,
                    end,
                    found.cue,
                    span[0] if span else None,
                    span[1] if span else None,
                )
            )
        return quotes


class _Context:
    """One article's speakers: named attributions in text order, for "he said" to refer back to."""

    def __init__(
        self,
        text: str,
        mentions: list[Mention],
        verb: re.Pattern[str],
        speakers: Within[Mention],
        first: int,
        titles: frozenset[str],
        leads: frozenset[str],
        speech: frozenset[str] = frozenset(),
        stance: frozenset[str] = frozenset(),
    ) -> None:
        self.text = text
        self.speech = speech  # one-word speech verbs
        self.stance = stance
        self.verb = verb
        self.speakers = speakers
        self.gender = _genders(text, mentions)
        self.titles = titles
        self.leads = leads
        self.previous: tuple[int, str] | None = None  # where the last quotation with a speaker ended, and who
        # Every named attribution, quotation or not ("Trump said that ..."): what "he" refers back to.
        self.named: list[tuple[int, str]] = []
        for match in verb.finditer(text, first):
            found = self._named(match)
            if found is not None and found.speaker is not None:
                self.named.append((match.start(), found.speaker))
        self._positions = [at for at, _ in self.named]

    def labelled(self, label: str) -> str | None:
        """The one person a transcript's label in capitals names ("ROBLES", "MARY ROE"), by the surname
        the article writes them with; None when it names no one, or several."""
        words = label.replace("’", "'").split()
        if not any(len(w.strip(".")) > 1 for w in words):
            return None
        found = {
            m.entity_id
            for m in self.speakers.inside(0, len(self.text))
            if m.entity_id.startswith("person:")
            and [w.casefold() for w in m.text.replace("’", "'").split()[-len(words) :]]
            == [w.casefold() for w in words]
        }
        return found.pop() if len(found) == 1 else None

    def name(self, at: int, speaker: str) -> None:
        """Record that `speaker` is quoted at `at`: whom a later "he said" may refer back to."""
        i = bisect_left(self._positions, at)
        self._positions.insert(i, at)
        self.named.insert(i, (at, speaker))

    def attribution(self, mark: int, end: int, after: int) -> _Attribution | None:
        """The attribution of the quotation whose opening mark is at `mark`, its text ending at `end`
        and its closing mark at `after` (-1: unclosed); None when it has none."""
        text = self.text
        leads_on = (
            after >= 0
            and (
                _LEADS_ON.match(text[after : after + 2]) is not None
                # A nested quotation may close with it: "... the 'bad deal,'" Ruiz said.
                or text[max(0, end - 2) : end].rstrip("’'")[-1:] in (",", "?", "!", "—")
            )
        )
        if leads_on:
            found = self._after(after)
            if found is not None:
                return found
        return self._before(mark) or self._introduced(mark)

    def _introduced(self, mark: int) -> _Attribution | None:
        """A quotation opening its paragraph after one that ends with a colon: "The Daily Lumen reports:"
        or "On Monday, Ana Ruiz made this comment:": that paragraph's attribution, or its subject."""
        text = self.text
        line = text.rfind("\n", 0, mark) + 1
        if line == 0 or text[line:mark].strip():
            return None
        colon = len(text[:line].rstrip())
        if colon == 0 or text[colon - 1] != ":" or text.count("\n", colon, mark) > 2:
            return None
        found = self._before(colon)
        if found is None or found.speaker is None:
            found = self.embedding(colon - 1) or found
        return found

    def interrupted(self, speaker: str | None, since: int, mark: int) -> bool:
        """Whether a sentence after the one that ends at `since` is about another person, whom a
        quotation at `mark` could no longer run on from `speaker` past ('"A," Ruiz said. On Monday,
        Alves disagreed. "B."'); not one that only names them ("She thanked Alves")."""
        first = _sentence_end(self.text, since, mark)
        return any(
            m.entity_id != speaker and m.entity_id.startswith("person:") and self.subject(m)
            for m in self.speakers.inside(first, mark)
        )

    def subject(self, m: Mention) -> bool:
        """Whether the name `m` opens its sentence or a clause of it, as a subject another pronoun may
        mean: after a few words, an opening phrase or a title ("In May, Former Ohio Gov. Ana Ruiz"),
        and after no other person but one named in a possessive or a phrase ("Ruiz's deputy,
        Alves,"); not a possessive itself."""
        text = self.text
        if _possessive(text, m.end):
            return False  # "Matthews said Pence's performance": Pence is no subject
        opening = _last_sentence_start(text, max(0, m.start - _ATTRIBUTION_CHARS), m.start)
        lead = [w for w in _lead(text[opening : m.start]).split() if w.strip(_MARKS)]
        # Looser than `_subject_lead`, as a rival should be: a clause's subject ("When Alves left")
        # may be whom a pronoun means too. But "She thanked Alves" is about her.
        titled = all(w[:1].isupper() for w in lead)
        if not (titled or (len(lead) <= 2 and _PRONOUN_OPENING.fullmatch(lead[0]) is None)):
            return False
        return not any(
            o.start < m.start
            and o.entity_id.startswith("person:")
            and not _possessive(text, o.end)
            # (read from the sentence's opening: "... for Ana Robles. Alves joked" is no phrase)
            and not after_preposition(text[opening : o.start], o.start - opening, titles=True)
            for o in self.speakers.inside(opening, m.start)
        )

    def opens_sentence(self, mark: int) -> bool:
        """Whether the quotation at `mark` opens its sentence: one that runs on from a speaker does;
        one inside a sentence ('the bill, known as the "..."') is that sentence's own."""
        text = self.text
        line = text.rfind("\n", 0, mark) + 1
        return not text[_last_sentence_start(text, line, mark) : mark].strip()

    def introducing(self, mark: int) -> _Attribution | None:
        """The person who takes a stand in the sentence before a quotation that opens a sentence in
        the same paragraph: 'Alves blamed the council. "It never listens."'. None when that sentence
        opens with no one, has no speech or stance verb after them, or says they did not ("Alves did
        not respond", "Alves died on Monday": the quotation is someone else's)."""
        text = self.text
        line = text.rfind("\n", 0, mark) + 1
        if not text[line:mark].strip() or not self.opens_sentence(mark):
            return None
        window = max(line, mark - _SENTENCE_CHARS)
        opening = _last_sentence_start(text, window, max(window, mark - 1))
        if opening == window > line:
            return None
        named = self.speakers.inside(opening, mark)
        if not named or not named[0].entity_id.startswith("person:"):
            return None
        m = named[0]
        words = [w.strip(_PUNCTUATION) for w in text[m.end : mark].lower().split()]
        verb = next((i for i, w in enumerate(words) if w in self.stance or w in self.speech), None)
        if (
            verb is None
            or _NEGATION.intersection(words[:verb])  # "did not respond", "never commented"
            or (verb > 0 and words[verb - 1] in _PASSIVE)  # "was questioned by police": not theirs
        ):
            return None
        return self._subject_of(opening, m)

    def _subject_of(self, opening: int, m: Mention) -> _Attribution | None:
        """`m` as the subject of the sentence opening at `opening`: nothing but a title or an opening
        phrase before it ("In May, Senator Ruiz"), and no possessive ("Ruiz's")."""
        if self._subject_lead(self.text[opening : m.start]) and not _possessive(self.text, m.end):
            return _Attribution(m.entity_id, (m.start, m.end), None)
        return None

    def _subject_lead(self, head: str) -> bool:
        """Whether the words before a name in its sentence (an opening phrase set off by a comma left
        out) leave it the sentence's subject: none, a title, or capitalized words ("Later", "Former
        Ohio Gov."); not words opening a phrase or a clause ("Unlike Senator", "When"), nor a
        sentence of its own ("She thanked", "Police arrested")."""
        words = [w for w in _lead(head).split() if w.strip(_MARKS)]
        lower = [w.strip(_MARKS).lower() for w in words]
        if any(w in _PHRASE_OPENERS or CLAUSE.fullmatch(w) or _PRONOUN_OPENING.fullmatch(w) for w in lower):
            return False
        return all(w.strip(_MARKS)[:1].isupper() for w in words) or self._bare(" ".join(words))

    def reported(self, mark: int, since: int) -> _Attribution | None:
        """Who the last speech verb between the last quotation and this one reports, if any."""
        verb = last_on_lines(self.verb, self.text, mark)
        if verb is None or verb.start() < since or self.text.count("\n\n", verb.end(), mark) > 1:
            return None  # none since the last quotation, or paragraphs away
        line = self.text.rfind("\n", 0, verb.start()) + 1
        return self._subject(verb, line, verb.end(), False)

    def _after(self, after: int) -> _Attribution | None:
        """ ", Trump said." / ", said Trump." / ", he added." / ", according to the ministry."."""
        text = self.text
        reach = _ATTRIBUTION_CHARS
        first = self.speakers.inside(after, after + _SUBJECT_CHARS)
        if first and not text[after : first[0].start].strip(" ,") and text.startswith(",", first[0].end):
            reach = _SENTENCE_CHARS  # '"...," Ana Ruiz, <a long apposition>, said': the verb is further
        limit = min(_paragraph_end(text, after), after + reach)
        end = _sentence_end(text, after, limit)
        put = self._as_put(after, end)
        if put is not None:
            return put
        verb = self.verb.search(text, after, end)
        if verb is not None:
            # '"...," said Ruiz' names the speaker after the verb; '"..." to the test and warned Alves'
            # goes on with the sentence's subject, and the name after the verb is whom it warned.
            inverted = _INVERSION.fullmatch(text, after, verb.start()) is not None
            return self._subject(verb, after, end, inverted)
        # '"..." ― Ana Ruiz': a dash and a person's name sign the quotation.
        dash = _DASH.match(text, after)
        if dash is not None and dash.end() > after:
            named = self.speakers.inside(dash.end(), dash.end() + _SUBJECT_CHARS)
            if named and named[0].start == dash.end() and named[0].entity_id.startswith("person:"):
                m = named[0]
                return _Attribution(m.entity_id, (m.start, m.end), None)
        # '," Robles demanded.': a name and one more word, closing the sentence, whatever the verb.
        shape = _NAME_AND_VERB.match(text, after, end)
        if shape is not None:
            named = self.speakers.inside(after, after + shape.end(1) - after)
            if named and not text[after : named[0].start].strip(' ,"”—–-'):
                m = named[0]
                return _Attribution(m.entity_id, (m.start, m.end), shape.group(2))
        return None

    def _as_put(self, start: int, end: int) -> _Attribution | None:
        """'As Ana Ruiz put it, ...': the person or body named between "as" and "put it" (only in this
        shape: "put it to a vote" attributes nothing)."""
        put = _AS_PUT.search(self.text, start, end)
        if put is None:
            return None
        named = self.speakers.inside(put.start(1), put.end(1))
        if named:
            return _Attribution(named[0].entity_id, (named[0].start, named[0].end), put.group(2))
        pronoun = _PRONOUN_OPENING.fullmatch(put.group(1))
        if pronoun is not None:
            return self._refer(pronoun.group(1), put.span(1), put.start(1), put.group(2))
        return None

    def embedding(self, mark: int) -> _Attribution | None:
        """The subject of the sentence a quotation stands inside, when a name opens it: 'Trump boasted,
        "..."', 'In a speech, Ana Ruiz attacked "..."'. None when the quotation opens its sentence, or
        when no name is the sentence's subject."""
        text = self.text
        line = text.rfind("\n", 0, mark) + 1
        window = max(line, mark - _SENTENCE_CHARS)
        opening = _last_sentence_start(text, window, mark)
        head = text[opening:mark]
        closed = head.count('"') % 2 == 0 and head.count("“") == head.count("”")
        if opening == window > line or not head.strip() or not closed:
            # A sentence longer than the window: where it opens, and so its subject, is unknown. A
            # quotation still open before this one: this one is no quotation of its own.
            return None
        put = self._as_put(opening, mark)
        if put is not None:
            return put
        lead = _lead(head)
        pronoun = _PRONOUN_OPENING.match(lead)
        if pronoun is not None:
            # 'However, he called the plan "a mess"': whom the pronoun opening the sentence means.
            at = opening + len(head) - len(lead) + pronoun.start(1)
            found = self._refer(pronoun.group(1), (at, at + len(pronoun.group(1))), at, "")
            return _Attribution(found.speaker, found.span, None) if found.speaker else None
        named = self.speakers.inside(opening, mark)
        if not named:
            return None
        if head.count("(") > head.count(")"):
            return None  # '... (or, as a paper called them, "...")': an aside, not the subject's words
        # 'Unlike Senator Ruiz, Alves called it "..."': the name after an opening phrase.
        return next(filter(None, (self._subject_of(opening, m) for m in named[:2])), None)

    def _before(self, mark: int) -> _Attribution | None:
        """'Trump said: "' / 'Trump told reporters on Monday, "' / 'Trump: "'."""
        text = self.text
        line = text.rfind("\n", 0, mark) + 1
        window = max(line, mark - _ATTRIBUTION_CHARS)
        verbs = list(self.verb.finditer(text, window, mark))
        if (
            verbs
            and (
                _INTRO.match(text[verbs[-1].end() : mark])
                # "X said the plan was "dead on arrival"": a quotation inside the sentence the verb reports.
                or (
                    # The opening mark is read too: '... said Ana Ruiz. "Later' ends a sentence.
                    not _ends_sentence(text[verbs[-1].end() : mark + 1], text, verbs[-1].end())
                    and not any(c in text[verbs[-1].end() : mark] for c in '"“”')
                )
            )
        ):
            # The verb is near the quotation; its subject may open a long sentence before it.
            verb = verbs[-1]
            sentence = _last_sentence_start(text, max(line, verb.start() - _SENTENCE_CHARS), verb.start())
            return self._subject(verb, sentence, mark, False)
        colon = text[window:mark].rstrip()
        if colon.endswith(":"):
            stop = window + len(colon) - 1
            named = [m for m in self.speakers.inside(window, stop) if stop - m.end <= 1]
            if named:
                m = named[-1]
                return _Attribution(m.entity_id, (m.start, m.end), None)
        return None

    def _subject(self, verb: re.Match[str], start: int, end: int, after_quote: bool) -> _Attribution:
        """Who the verb's attribution names: before it ("Trump said"), or after it ("said Trump", only
        after the quotation: in 'says Kaine "has a passion"' Kaine is what is said, not who says it)."""
        cue = verb.group()
        text = self.text
        if verb.group().lower().endswith("ing"):
            # "Ruiz sings to Alves before asking her": the one who asks is the sentence's subject.
            return self._sentence_subject(start, verb.start(), cue)
        if verb.group().lower() not in _SPEAKER_AFTER:
            pronoun = _PRONOUN.search(text, max(start, verb.start() - 12), verb.start())
            if pronoun is not None:
                return self._refer(pronoun.group(1), pronoun.span(1), verb.start(), cue)
            m = self._before_verb(start, verb.start())
            if m is not None:
                return _Attribution(m.entity_id, (m.start, m.end), cue)
            definite = _DEFINITE.search(text, max(start, verb.start() - 40), verb.start())
            if definite is not None and self._anaphoric(definite.group(1)):
                return self._refer(definite.group(1), definite.span(), verb.start(), cue)
        # "Added Ruiz:": a speech verb opening its sentence is followed by its speaker.
        inverted = verb.group()[:1].isupper()
        if after_quote or inverted or verb.group().lower() in _SPEAKER_AFTER:
            m = self._after_verb(verb, end)
            if m is not None:
                return _Attribution(m.entity_id, (m.start, m.end), cue)
        pronoun = _PRONOUN_AFTER.match(text, verb.end(), end)
        if pronoun is not None:
            return self._refer(pronoun.group(1), pronoun.span(1), verb.start(), cue)
        return _Attribution(None, None, cue)  # "a trader said": someone the text does not name

    def _sentence_subject(self, start: int, at: int, cue: str | None) -> _Attribution:
        """The name or pronoun opening the sentence that holds `at`: its subject, or nobody."""
        text = self.text
        opening = max(start, _last_sentence_start(text, max(0, at - _ATTRIBUTION_CHARS * 2), at))
        head = text[opening:at]
        pronoun = re.match(r"\s*(?:[\"“”]\s*)?(he|she|they|it)\b", head, re.I)
        if pronoun is not None:
            span = (opening + pronoun.start(1), opening + pronoun.end(1))
            return self._refer(pronoun.group(1), span, at, cue or "")
        first = self.speakers.inside(opening, at)
        if first and not text[first[-1].end : at].strip():
            # "footage of Ruiz saying, "..."": a name right before the participle is who does it.
            m = first[-1]
            return _Attribution(m.entity_id, (m.start, m.end), cue)
        if first:
            m = first[0]
            # '"...," Ruiz sings before asking': a quotation opening the sentence is no subject of it.
            lead = _lead(_after_quotation(text[opening : m.start]))
            if len(lead.split()) <= 1 or self._bare(lead) or self._clause_subject(opening, m):
                return _Attribution(m.entity_id, (m.start, m.end), cue)
        return _Attribution(None, None, cue)

    def _before_verb(self, start: int, at: int) -> Mention | None:
        """The subject of the verb at `at`: a name right before it ("Mr. Clarke recalled"), one that a
        phrase of its own follows ("the Russian Foreign Ministry in an official statement about the
        visit said"), or one heading an apposition ("Aparna Mathur, who studies tax policy at the
        American Enterprise Institute, said"). A name inside a phrase ("visit to Pakistan", "Lavrov's")
        is no subject."""
        text = self.text
        for m in self.speakers.inside(max(start, at - _SUBJECT_CHARS), at):
            if _DOCUMENT.fullmatch(text, m.end, at):
                return m  # "Ana Ruiz's brief said": what her brief says, she says
        before = [
            m
            for m in self.speakers.inside(max(start, at - _APPOSITION_CHARS), at)
            if not _possessive(text, m.end) and not after_preposition(text, m.start)
        ]

        def clean(gap: str, m: Mention) -> bool:
            return not _ends_sentence(gap, text, m.end) and not any(c in gap for c in '"“”;')

        for k, m in enumerate(before):
            # A party and state in brackets may come first: "Rep. Ana Ruiz (D-Ore.), a member of ...,".
            gap = _AFFILIATION.sub("", text[m.end : at], count=1)
            # An apposition holds no other person who could be the verb's subject ("On a day when
            # Ruiz, ..., was away, Alves, the mayor, said": Alves).
            alone = not any(o.entity_id.startswith("person:") for o in before[k + 1 :])
            if alone and gap.lstrip().startswith(",") and gap.rstrip().endswith(",") and clean(gap, m):
                return m
        before = [m for m in before if at - m.start <= _SUBJECT_CHARS * 2]
        named = [m for m in before if not m.entity_id.startswith("country:")] or before
        for m in reversed(named):
            gap = text[m.end : at]
            if not clean(gap, m):
                break
            words = gap.split()
            if len(words) <= _SUBJECT_GAP_WORDS and at - m.end <= _SUBJECT_CHARS:
                return m
            if words and words[0].lower() in PREPOSITIONS and "," not in gap and not CLAUSE.search(gap):
                return m
        return None

    def _after_verb(self, verb: re.Match[str], end: int, people: bool = False) -> Mention | None:
        """The speaker named right after a verb, past a title or a description at most ("said MSNBC
        host Ana Ruiz"); with `people`, only a person."""
        after = [
            m
            for m in self.speakers.inside(verb.end(), min(end, verb.end() + _AFTER_VERB_CHARS))
            if not people or m.entity_id.startswith("person:")
        ]
        if after and _TITLES_ONLY.fullmatch(self.text, verb.end(), after[0].start):
            return after[0]
        return None

    def _named(self, verb: re.Match[str]) -> _Attribution | None:
        """The speaker a speech verb names outright (no pronoun), for later pronouns to refer to."""
        text = self.text
        if verb.group().lower() in _SPEAKER_AFTER:
            after = self.speakers.inside(verb.end(), verb.end() + _AFTER_VERB_CHARS)
            return _Attribution(after[0].entity_id, None, None) if after else None
        line = text.rfind("\n", 0, verb.start()) + 1
        if _PRONOUN.search(text, max(line, verb.start() - 12), verb.start()) is not None:
            return None  # "..., it added": the subject is a pronoun, not the name before it
        m = self._before_verb(line, verb.start())
        if m is None and text[line : verb.start()].rstrip().endswith(","):
            # "..., noted the Gazette's Ana Ruiz.": the speaker after the verb, as after a quotation.
            m = self._after_verb(verb, len(text), people=True)
        return _Attribution(m.entity_id, None, None) if m is not None else None

    def _anaphoric(self, words: str) -> bool:
        """Whether a definite description names someone named before: "the senator", "the ministry";
        not "the announcer" or "the crowd", which are nobody the text named."""
        head = words.split()[-1].lower()
        return head in _GROUP_WORDS or head in _BODY_WORDS or head in self.titles

    def _refer(self, word: str, span: tuple[int, int], at: int, cue: str) -> _Attribution:
        """The speaker named before that "he", "she", "they", "it" or "the senator" refers to."""
        word = word.lower()
        if word in ("we", "i"):
            return _Attribution(
                None, None, cue
            )  # a speaker quoting themselves: the text names them elsewhere
        head = word.split()[-1]
        if head in _GROUP_WORDS or head in _BODY_WORDS:
            # "the commission says": the body named last whose name has that word ("the Commission on
            # Presidential Debates"); a word only some bodies are named with means none other.
            for m in reversed(self.speakers.inside(max(0, at - _REFER_CHARS), span[0])):
                if m.entity_id.startswith(("organization:", "group:")) and re.search(
                    rf"\b{head}\b", m.text, re.I
                ):
                    return _Attribution(m.entity_id, span, cue)
            if head not in _GROUP_WORDS:
                return _Attribution(None, None, cue)
        group = word in ("it", "they") or head in _GROUP_WORDS
        previous = self.previous
        if (
            group
            and previous is not None
            and not previous[1].startswith("person:")
            and at - previous[0] <= _REFER_CHARS
        ):
            # "..., it added", "the statement said": the body quoted last, whose statement it is.
            return _Attribution(previous[1], span, cue)
        # Not a name inside the quotation the pronoun closes ('"... Alves had a song," he said').
        i = bisect_left(self._positions, min(at, _quotation_start(self.text, span[0])))
        for where, speaker in reversed(self.named[:i]):
            if at - where > _REFER_CHARS:
                break  # too far back to be sure whom it means
            is_person = speaker.startswith("person:")
            if group == is_person and word != "they":
                continue
            if word in ("he", "she") and self.gender.get(speaker) not in (None, word):
                continue
            if word in ("he", "she") and self._rival(speaker, word, where, span[0]):
                # Another person it could mean opened a sentence since: the one of the nearest sentence,
                # if it names one ("Ana Ruiz is touring Ohio. She says ..."); else the text does not decide.
                # A rival in the speaker's own paragraph leaves it open ("Ana Ruiz said ... Eva Lima was
                # not there. "...," she said").
                subject = self._last_subject(word, span[0])
                if subject is None or _PARAGRAPH.search(self.text, where, subject.start) is None:
                    return _Attribution(None, None, cue)
                return _Attribution(subject.entity_id, span, cue)
            return _Attribution(speaker, span, cue)
        if word in ("he", "she"):
            subject = self._last_subject(word, span[0])
            if subject is not None:
                return _Attribution(subject.entity_id, span, cue)
        return _Attribution(None, None, cue)

    def _last_subject(self, word: str, at: int) -> Mention | None:
        """The person "he" or "she" means when no speaker was named before: the one person of that gender
        (or none known) in the nearest sentence before the quotation that names any ("In a statement,
        Alves condemned the vote. "...," he said"); of several, the one opening that sentence. None when
        the sentence opens with none of them, or no such sentence lies within a few sentences."""
        text = self.text
        end = _quotation_start(text, at)
        floor = max(0, end - _REFER_CHARS)
        people = [
            m
            for m in self.speakers.inside(floor, end)
            if m.entity_id.startswith("person:") and not _possessive(text, m.end)
        ]
        reach = max(0, end - _REFER_CHARS // 2)  # beyond this, only once a sentence chained by the pronoun
        budget, walked = _SUBJECT_SENTENCES, False
        while budget > 0 and end > floor:
            opening = _last_sentence_start(text, floor, max(floor, end - 1))
            inside = [m for m in people if opening <= m.start < end]
            # 'Ana Ruiz was angry. She wrote ... She was sure. "...," she said': sentences opening with
            # the same pronoun go on with one person, and take none of the few sentences looked back.
            chained = re.match(rf"\W*{word}\b", text[opening:end], re.I) is not None and not inside
            if not text[opening:end].strip():
                end = opening  # a paragraph's break: no sentence
                continue
            if not chained:
                budget -= 1
                if end <= reach and not walked:
                    break
            walked = walked or chained
            fits = [m for m in inside if self.gender.get(m.entity_id) in (None, word)]
            if (
                len({m.entity_id for m in fits}) == 1
                and len({m.entity_id for m in inside}) <= _SUBJECT_PEOPLE
            ):
                return fits[0]
            if fits:
                first = fits[0]
                if first is inside[0] and self._bare(_lead(text[opening : first.start])):
                    return first
                # "In an interview with Zorvad Quillan on his show, Alves made it clear ...": the
                # subject of the clause after an opening phrase of any length.
                subjects = [m for m in fits if self._clause_subject(opening, m)]
                return subjects[0] if len({m.entity_id for m in subjects}) == 1 else None
            end = opening
        return None

    def _clause_subject(self, opening: int, m: Mention) -> bool:
        """Whether `m` opens the clause after a comma and a verb follows it ("..., Alves made it")."""
        text = self.text
        head = text[opening : m.start]
        comma = head.rfind(",")
        after = text[m.end : m.end + _SUBJECT_CHARS].split(maxsplit=1)[:1]
        return (
            comma >= 0
            and self._bare(head[comma + 1 :])
            and bool(after)
            and after[0].isalpha()
            and after[0].islower()
            and after[0] not in PREPOSITIONS
            and CLAUSE.fullmatch(after[0]) is None
        )

    def _bare(self, lead: str) -> bool:
        """Whether the words before a name leave it the subject: none, or a title ("President", "Mr.");
        not "While" or "After" ("While Alves slept, Ruiz ...")."""
        words = lead.lower().split()
        return (
            not words
            or " ".join(words) in self.leads
            or (len(words) == 1 and words[0].rstrip(".") in self.leads)
            # "House Speaker", "Former Ohio Gov.": capitalized words ending in a title, none opening a
            # phrase or a clause ("After Senator Alves left, ...").
            or (
                words[-1].rstrip(".") in self.leads
                and all(w[:1].isupper() for w in lead.split())
                and not any(w in _PHRASE_OPENERS or CLAUSE.fullmatch(w) for w in words)
            )
        )

    def _rival(self, speaker: str, word: str, since: int, at: int) -> bool:
        """Whether a person other than `speaker`, whom `word` could also mean, opens a sentence between:
        the subject the pronoun is likelier to follow ("Ham explained why ... "...," he said")."""
        text = self.text
        # Not a name inside the quotation the pronoun closes ('"Mr. President, ...," he asks').
        for m in self.speakers.inside(since, _quotation_start(text, at)):
            if m.entity_id == speaker or not m.entity_id.startswith("person:"):
                continue
            if self.gender.get(m.entity_id) not in (None, word):
                continue
            if self.subject(m):
                return True
        return False


def _possessive(text: str, end: int) -> bool:
    """Whether the name ending at `end` is a possessive: "Ruiz's", "Alves' deputy"."""
    return _POSSESSIVE_MARK.match(text, end) is not None


def last_on_lines(pattern: re.Pattern[str], text: str, before: int) -> re.Match[str] | None:
    """The last match before `before` of a pattern that never spans a line break (speech verbs are one
    per line of their list), read line by line back from it: reading the whole text before each
    quotation was most of the quotes' time."""
    end = before
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        found = list(pattern.finditer(text, start, end))
        if found:
            return found[-1]
        end = start - 1
    return None


def _ends_sentence(gap: str, text: str, at: int) -> bool:
    """Whether a sentence ends in `gap`, the text at `at`: "(R-Fla.)" or "Jr." end none."""
    return any(not _abbreviation(text, at + m.start()) for m in _SENTENCE_END.finditer(gap))


def _lead(head: str) -> str:
    """The words before a name in its sentence, an opening phrase set off by a comma ("In an August
    speech,") left out: it is no subject."""
    for comma in (head.rfind(","), head.find(",")):  # "On July 6, 2015, Ruiz": the last comma first
        if comma >= 0 and len(head[:comma].split()) <= _OPENING_WORDS:
            return head[comma + 1 :]
    return head


def _after_quotation(head: str) -> str:
    """The words of a sentence's head after a quotation that opens it ('"...," Ruiz sings'), else all."""
    if not head.startswith(_QUOTE_CHARS):
        return head
    closing = max(head.rfind(mark) for mark in ('"', "\u201d", "''"))
    return head[closing + 1 :].lstrip(" ,'") if closing > 0 else head


def _quotation_start(text: str, at: int) -> int:
    """Where the quotation just before `at` opens ('"...," he said': its opening mark), else `at`: the
    names it quotes are no one the pronoun after it can mean."""
    closing = max(text.rfind(mark, 0, at) for mark in _QUOTE_CHARS)
    if closing < 0 or text[closing + 1 : at].strip(" ,'—–-"):
        return at
    opening = max(text.rfind(mark, max(0, closing - _QUOTATION_CHARS), closing) for mark in _QUOTE_CHARS)
    return opening if opening >= 0 else at


def _last_sentence_start(text: str, start: int, end: int) -> int:
    """Where the last sentence that opens between `start` and `end` (inclusive) opens, else `start`."""
    found = start
    # One character past `end`, for the lookahead to see the capital that opens a sentence at `end`.
    for match in _SENTENCE_END.finditer(text, start, min(len(text), end + 1)):
        if match.end() <= end and not _abbreviation(text, match.start()):
            found = match.end()
    return found


def _genders(text: str, mentions: list[Mention]) -> dict[str, str]:
    """'he' or 'she' for each person the text calls so ("Ms. Ruiz", "his widow, Terry Ruiz"); else, for a
    given name the dictionary is not sure of, as the first "he" or "she" after the name says ("Terry
    Ruiz said she ..."); else as the dictionary knows the given name (mostly a man's name counts)."""
    found: dict[str, str] = {}
    told: dict[str, set[str]] = {}
    people = [m for m in mentions if m.entity_id.startswith("person:")]
    for m in people:
        sex = _sex_before(text, m.start)
        if sex is not None:
            told.setdefault(m.entity_id, set()).add(sex)
    # The pronouns after the names, read only for people whose given name the dictionary is unsure of.
    unsure = {
        m.entity_id
        for m in people
        if len(m.text.split()) >= 2 and pronoun_of(m.text.split()[0], sure=True) is None
    }
    after: dict[str, set[str]] = {}
    for i, m in enumerate(people):
        if m.entity_id in unsure:
            later = people[i + 1].start if i + 1 < len(people) else len(text)
            sex = _pronoun_after(text, m.end, later)
            if sex is not None:
                after.setdefault(m.entity_id, set()).add(sex)
    for m in people:
        words = m.text.split()
        if len(words) >= 2 and m.entity_id not in found:
            pronoun = pronoun_of(words[0])
            sure = pronoun_of(words[0], sure=True)
            sexes = told.get(m.entity_id, set())
            read = after.get(m.entity_id, set())
            # The text's word wins over a name mostly given to one sex, not over one only given to it;
            # so do the pronouns that follow the name in its sentence ("Terry Ruiz said she ...").
            if len(sexes) == 1 and sure in (None, *sexes):
                found[m.entity_id] = next(iter(sexes))
            elif sure is None and len(read) == 1:
                found[m.entity_id] = next(iter(read))
            elif pronoun is not None:
                found[m.entity_id] = pronoun
    found.update(
        (person, next(iter(sexes)))
        for person, sexes in told.items()
        if len(sexes) == 1 and person not in found
    )
    return found


def _pronoun_after(text: str, at: int, limit: int) -> str | None:
    """'he' or 'she': the first of them after a name, in its sentence, before another person is named
    and outside quotations ("Ruiz said he would", "Ruiz, who says she"), else None."""
    end = min(limit, _sentence_end(text, at, min(len(text), at + _PRONOUN_CHARS)))
    match = _THIRD_PERSON.search(text, at, end)
    if match is None or any(mark in text[at : match.start()] for mark in _QUOTE_CHARS):
        return None
    return match.group(1).lower()


def _sex_before(text: str, at: int) -> str | None:
    """'he' or 'she' as the word right before a name says: "Ms. Ruiz", "widow Terry Ruiz", "his wife,
    Ana Ruiz"; not a word that ends the sentence or the clause before ("He leaves a widow. Lima said")."""
    before = text[max(0, at - _GENDERED_CHARS) : at]
    words = before.split()
    if not words or not before[-1:].isspace():
        return None
    word = words[-1]
    bare = word.rstrip(".,").lower()
    if word.endswith(".") and bare not in _COURTESY:
        return None
    if word.endswith(",") and not (len(words) > 1 and words[-2].lower() in _POSSESSIVE):
        return None
    return _SEX.get(bare)
