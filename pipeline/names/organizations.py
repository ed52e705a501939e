"""Organizations the text itself shows: acronyms it defines or uses as one, cue words, sports clubs."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import pycountry
from cleanco import basename, prepare_default_terms
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.clauses import PREPOSITIONS
from pipeline.lexicon import Lexicon
from pipeline.names import similarity
from pipeline.names.candidates import Candidate, select
from pipeline.names.similarity import common
from pipeline.nlp import Phrases, Tokens, text_of, tokens

# Lower-case words that may stand inside a name between capitalized ones: "Nation of Islam",
# "Banca della Riva", "Banco de la Nacion".
_CONNECTORS = frozenset(
    {"of", "de", "del", "della", "dello", "di", "du", "des", "la", "le", "el", "van", "von"}
)
_LONGEST_RUN = 6
_ROMAN = re.compile(r"[IVXLC]+")
# "the Comets" in a sports report is a club; "in the Alps" is a place.
_PLACE_BEFORE_THE = frozenset({"in", "at", "across", "through", "into", "near", "from", "to", "around"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
_LIST_JOINS = frozenset({",", "and", "or"})
_WHERE = frozenset({"in", "at", "near"})
# "Federal", "Western", "Republican", "Democratic", "Communist", "Executive": adjectives, not brands.
_ADJECTIVE_ENDINGS = ("al", "ern", "an", "ic", "ist", "ive", "ary", "ous", "ed", "ing")
_CREED_ENDINGS = ("ish", "ist", "ese", "ian", "ic")
_AUXILIARIES = frozenset(
    {"is", "was", "are", "were", "has", "had", "have", "will", "would", "can", "could", "may", "might",
     "should", "must", "did", "does"}
)  # fmt: skip
_DETERMINERS = frozenset({"a", "an", "the", "its"})
_APPOSITION_WORDS = 5
_APPOSITION_ENDS = frozenset({"that", "which", "based", "in", "of", "with", "headquartered", "whose", "and"})
# A model's number after its maker's name: "550", "K400", "220-300", "550s"; not a year.
_MODEL = re.compile(r"[A-Z]{0,2}\d{3,4}(?:-\d{1,4})?s?")
# The same, as text: one scan of an article tells whether `_makers` has anything to read.
_MAKER_MODEL = re.compile(r"[a-z] [A-Z]{0,2}(?!(?:1[89]|20)\d\d\b)\d{3,4}\b")
_NUMBERED = re.compile(r"(?<![\w.,-])[A-Z]{0,2}\d")
_CAPITALS = re.compile(r"\b[A-Z]{2,6}\b")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# A score: "2-1", "6-3"; not a date's "08-30" nor a range's "1995-96".
_SCORE = re.compile(r"(?<![\d-])\d{1,3}-\d{1,3}(?![\d-])")
METHOD = "context"
_CALENDAR = frozenset([*calendar.month_name[1:], *calendar.day_name])


@lru_cache(maxsize=4096)
def currency_code(word: str) -> bool:
    """Whether `word` is an ISO 4217 code ("USD"): capitals that name no organization."""
    return len(word) == 3 and word.isupper() and pycountry.currencies.get(alpha_3=word) is not None


class OrganizationFinder:
    """Reads the evidence of one article for organizations no list names; built once per process."""

    def __init__(self, nlp: Language, lex: Lexicon) -> None:
        self.lex = lex
        self.cues = Phrases(nlp, attr="LOWER")
        for cue, side, clubs, part, brand in lex.organization_cues:
            label = (
                f"{side}:{'club' if clubs else 'body'}:{'part' if part else ''}:{'brand' if brand else ''}"
            )
            self.cues.add(label, [cue])
        verbs = "|".join(re.escape(v) for v in sorted(lex.match_verbs, key=len, reverse=True))
        self._match_report = re.compile(
            rf"\b(?:{verbs})\b[^.\n]{{0,80}}?(?<![\d-])\d{{1,3}}-\d{{1,3}}(?![\d-])" if verbs else r"(?!)"
        )

    def sports(self, doc: Doc, teams: Iterable[Candidate]) -> bool:
        """Whether the article reports a match: sides found by their results, or a score and a match verb."""
        if any(True for _ in teams):
            return True
        # "Leeds beat Hull 2-1": a match verb and a score in one sentence, not a vote's "52-48" beside
        # "voters beat expectations".
        text = text_of(doc)
        # A score is rare outside sport: looked for first, it rules most articles out in one quick scan.
        return _SCORE.search(text) is not None and self._match_report.search(text) is not None

    def find(self, doc: Doc, first: int, candidates: list[Candidate], sports: bool) -> list[Candidate]:
        """Organizations shown by the text in `doc` from token `first` on, beside the `candidates` found."""
        toks = tokens(doc)
        claimed = {i: cand for cand in select(candidates) for i in range(cand.start, cand.end)}
        found = self._cued(doc, toks, first, claimed, sports)
        text = text_of(doc)
        if _MAKER_MODEL.search(text) is not None:  # one scan of the text rules most articles out
            found += self._makers(toks, first, claimed, text)
        if _CAPITALS.search(text) is not None:
            found += self._acronyms(toks, first, claimed, found, text)
        if any(word in text for word in self.lex.club_words):
            found += self.clubs_by_name(toks, first, claimed)
        if sports:
            found += self._clubs(toks, first, claimed)
        return found

    # -- acronyms ----------------------------------------------------------------------------------

    def _is_acronym(self, toks: Tokens, i: int) -> bool:
        """Capitals standing in a line of ordinary text: 'the NGF said', not 'NEW YORK' or 'GDP'."""
        word = toks.text[i]
        if not (2 <= len(word) <= 6 and word.isalpha() and word.isupper()):
            return False
        if (
            word in self.lex.abbreviations
            or _ROMAN.fullmatch(word)
            or word in self.lex.names
            or currency_code(word)
        ):
            return False
        texts = toks.text
        # A heading or a table written in capitals is not an acronym's context.
        return not any(
            0 <= j < len(texts) and len(texts[j]) > 1 and texts[j].isalpha() and texts[j].isupper()
            for j in (i - 1, i + 1)
        )

    def _acronyms(
        self, toks: Tokens, first: int, claimed: dict[int, Candidate], cued: list[Candidate], text: str
    ) -> list[Candidate]:
        """Acronyms the article defines ('Northern Growers Federation (NGF)') or uses as a body's name
        ('the NGF', "NGF's", 'NGF said', 'NGF spokesman'): each of their mentions, and the long form."""
        texts = toks.text
        n = len(texts)
        shown = {texts[c.start] for c in cued if c.end - c.start == 1 and self._is_acronym(toks, c.start)}
        found: list[Candidate] = []
        # The tokens in capitals, from one scan of the text rather than a look at every token.
        at = [i for i in (toks.first_at(m.start()) for m in _CAPITALS.finditer(text)) if first <= i < n]
        capitals = [i for i in dict.fromkeys(at) if self._is_acronym(toks, i)]
        for i in capitals:
            word = texts[i]
            claim = claimed.get(i)
            if claim is not None and claim.kind in {"person", "country", "place"}:
                continue
            long = self._long_form(toks, first, i, claimed)
            if long is not None:
                found.append(Candidate(long[0], long[1], "organization", METHOD, priority=1))
                shown.add(word)
                continue
            before = texts[i - 1].lower() if i > first else ""
            after = texts[i + 1].lower() if i + 1 < n else ""
            # "the NGF said", not "the EV market": after "the", the acronym must head its phrase.
            heads = not after[:1].islower() or after in self.lex.speech_verbs or after in _AUXILIARIES
            if (before == "the" and heads) or after in _POSSESSIVES or after in self.lex.speech_verbs:
                shown.add(word)
        if not shown:
            return found
        for i in capitals:
            if texts[i] in shown and i not in claimed:
                found.append(Candidate(i, i + 1, "organization", METHOD, priority=1))
        return found

    def _long_form(
        self, toks: Tokens, first: int, i: int, claimed: dict[int, Candidate]
    ) -> tuple[int, int] | None:
        """The capitalized words an acronym in brackets abbreviates: 'Party of Free Farmers (PFF)'."""
        texts = toks.text
        if not (i - 1 > first and texts[i - 1] == "(" and i + 1 < len(texts) and texts[i + 1] == ")"):
            return None
        acronym = texts[i]
        end = i - 1
        start = end
        best = None
        capitals: list[str] = []
        while start > first and len(capitals) <= len(acronym) + 2:
            word = texts[start - 1]
            if word[:1].isupper() and word[:1].isalpha():
                capitals.insert(0, word[0])
            elif not (word in _CONNECTORS or word in {"and", "for", "the", "on", "in", "&", "-"}):
                break
            start -= 1
            if word[:1].isupper() and _fits(acronym, capitals):
                best = start
            if toks.sent_start[start]:
                break
        if best is None or end - best < 2:
            return None
        claim = [claimed.get(j) for j in range(best, end)]
        if any(c is not None and (c.start, c.end) == (best, end) and c.kind != "organization" for c in claim):
            return None  # "United Arab Emirates (UAE)": a known place or country
        return best, end

    # -- cue words ---------------------------------------------------------------------------------

    def _word_ok(self, word: str, club: bool) -> bool:
        """Whether a capitalized word may be (part of) an unlisted organization's name."""
        return (
            word[:1].isupper()
            and word[:1].isalpha()
            and word.lower() not in STOP_WORDS  # "The", "This", "Our"
            and word not in _CALENDAR
            and word.lower() not in self.lex.titles
            and word.lower().rstrip(".") not in self.lex.honorifics
            and (club or word not in self.lex.competitions)
        )

    def _run_before(self, toks: Tokens, first: int, end: int, club: bool) -> int:
        """Start of the capitalized words ending at token `end` (exclusive): 'Nordische Rundschau'."""
        texts = toks.text
        start = end
        while start > first and end - start < _LONGEST_RUN:
            word = texts[start - 1]
            if self._word_ok(word, club):
                start -= 1
                if toks.sent_start[start]:
                    break
            elif (
                word in _CONNECTORS
                and start - 2 >= first
                and self._word_ok(texts[start - 2], club)
                and start < end
            ):
                start -= 1
            else:
                break
        return start

    def _run_after(self, toks: Tokens, start: int, club: bool) -> int:
        """End of the capitalized words starting at token `start`: 'Banca della Riva'."""
        texts = toks.text
        end = start
        while end < len(texts) and end - start < _LONGEST_RUN and not (end > start and toks.sent_start[end]):
            word = texts[end]
            if self._word_ok(word, club) or (
                word in _CONNECTORS
                and end > start
                and end + 1 < len(texts)
                and self._word_ok(texts[end + 1], club)
            ):
                end += 1
            else:
                break
        return end

    def _unlisted(
        self,
        toks: Tokens,
        start: int,
        end: int,
        claimed: dict[int, Candidate],
        club: bool,
        brand: bool = False,
    ) -> tuple[int, int] | None:
        """The name start:end, trimmed of a sentence's opening word, if it may be an unlisted organization.

        A person, a country or a listed name is what it is; a town is a club only beside a club's cue
        ("Leeds striker"); a lone word must be rare enough not to be an everyday one ("Western officials"),
        unless the cue shows a company (`brand`: "Apple CEO") and the word is capitalized inside a
        sentence and no adjective.
        """
        texts = toks.text
        while start < end and toks.sent_start[start] and texts[start] == "The" and end - start > 1:
            start += 1  # "Silicon Valley executives" keeps its first word
        if start >= end:
            return None
        claims = {id(c): c for i in range(start, end) if (c := claimed.get(i)) is not None}
        for claim in claims.values():
            if (
                claim.kind == "place"
                and club
                and (claim.start, claim.end) == (start, end)
                and not self._nation(toks, claim)
            ):
                continue
            if claim.kind in {"person", "country", "place"} or claim.known is not None:
                return None
            if claim.kind in {"organization", "facility"}:
                return None  # found already
        if end - start == 1:
            word = texts[start]
            # A club's nickname may be an everyday word ("Comets owner", "the Harriers"), not at a
            # sentence's start ("Veteran striker").
            if club:
                everyday = toks.sent_start[start] and similarity.everyday(word)
            elif brand:
                everyday = common(word) and (
                    toks.sent_start[start] or word.lower().endswith(_ADJECTIVE_ENDINGS)
                )
            else:
                everyday = common(word)
            if word in self.lex.heads or (everyday and not any(c.kind == "place" for c in claims.values())):
                return None
            # "Kurdish fighters", "Maoist rebels": a people or a creed, not a body.
            if word in self.lex.demonyms or (not club and word.lower().endswith(_CREED_ENDINGS)):
                return None
            if word.isupper() and not self._is_acronym(toks, start):
                return None
        return start, end

    def _cued(
        self, doc: Doc, toks: Tokens, first: int, claimed: dict[int, Candidate], sports: bool
    ) -> list[Candidate]:
        """Names beside a cue word: 'Zelvorn news agency', 'the daily Lumiere', 'Hull defender'."""
        texts = toks.text
        found = []
        for label, s, e, _ in self.cues(doc):
            if s < first:
                continue
            side, kind, part, brand = label.split(":")
            club = kind == "club"
            if club and not sports:
                continue
            if side == "after":
                end = s
                if club and end - 1 > first and texts[end - 1] in _POSSESSIVES:
                    end -= 1  # "Rovers' keeper"
                start = self._run_before(toks, first, end, club)
                capital_cue = part and texts[s][:1].isupper() and not toks.sent_start[s] and end == s
                if capital_cue and start < end:
                    # "Kestrel Radio", "Valdor Newsroom": a capitalized cue is part of the name.
                    if not any(
                        claimed.get(i) is not None and claimed[i].kind in {"person", "country"}
                        for i in range(start, e)
                    ):
                        found.append(Candidate(start, e, "organization", METHOD, priority=1))
                    continue
            else:
                named = self._apposition(toks, first, s, club, claimed)
                if named is not None:
                    found.append(Candidate(named[0], named[1], "organization", METHOD, priority=1))
                start = e
                end = self._run_after(toks, start, club)
            if start >= end:
                continue
            span = self._unlisted(toks, start, end, claimed, club, brand=bool(brand))
            if span is not None:
                found.append(Candidate(span[0], span[1], "organization", METHOD, priority=1))
        return found

    def _apposition(
        self, toks: Tokens, first: int, cue: int, club: bool, claimed: dict[int, Candidate]
    ) -> tuple[int, int] | None:
        """The name a description after it calls a company: 'Quorvex, a software company', 'Acme, the
        world's largest maker of ...'."""
        texts = toks.text
        j = cue
        while j > first and cue - j <= _APPOSITION_WORDS and texts[j - 1].lower() not in _DETERMINERS:
            if texts[j - 1] in {",", ".", ";", ":"} or toks.sent_start[j - 1]:
                return None
            j -= 1
        if not (j - 2 > first and texts[j - 1].lower() in _DETERMINERS and texts[j - 2] == ","):
            return None
        # "Ahmadu, a bank clerk,": the cue must end the description ("a software company based in").
        after = texts[cue + 1].lower() if cue + 1 < len(texts) else "."
        if after[:1].isalpha() and after not in _APPOSITION_ENDS:
            return None
        end = j - 2
        start = self._run_before(toks, first, end, club)
        if start >= end or (start > first and texts[start - 1].lower() in PREPOSITIONS):
            return None  # "In Zamfara, the group said": a place the sentence opens with
        return self._unlisted(toks, start, end, claimed, club)

    def _makers(self, toks: Tokens, first: int, claimed: dict[int, Candidate], text: str) -> list[Candidate]:
        """A maker named before a model's number ('Falcor 550', 'Vantor K400') that the article also
        writes alone as a speaker or an owner ('Falcor said', "Falcor's"): an organization."""
        texts = toks.text
        n = len(texts)
        numbered = [i for i in (toks.first_at(m.start()) for m in _NUMBERED.finditer(text)) if first < i < n]
        if not numbered:
            return []
        before_model = {
            texts[i]
            for i in (j - 1 for j in numbered)
            if _MODEL.fullmatch(texts[i + 1])
            and not _YEAR.fullmatch(texts[i + 1])
            and texts[i].isalpha()
            and self._word_ok(texts[i], False)
            and not toks.sent_start[i]
            # a name's last word before a score is a player's: "Amir Qadri 113"
            and not (i > first and texts[i - 1][:1].isupper())
        }
        if not before_model:
            return []
        # Before two model numbers ("Falcor 550 ... Falcor 720"), or one with letters ("Vantor K400"): a
        # player's score ("Kohli 183") is one plain number.
        models = Counter(texts[i - 1] for i in numbered if _MODEL.fullmatch(texts[i]))
        lettered = {texts[i - 1] for i in numbered if _MODEL.fullmatch(texts[i]) and texts[i][:1].isalpha()}
        before_model = {w for w in before_model if models[w] >= 2 or w in lettered}
        # Alone, as an actor: "Falcor said", "Falcor's".
        alone = {
            texts[i]
            for i in range(first, n - 1)
            if texts[i] in before_model
            and (texts[i + 1].lower() in self.lex.speech_verbs or texts[i + 1] in _POSSESSIVES)
        }
        found = []
        for i in range(first, n):
            word = texts[i]
            if word in alone and i not in claimed and self._unlisted(toks, i, i + 1, claimed, False):
                found.append(Candidate(i, i + 1, "organization", METHOD, priority=1))
        return found

    # -- sports clubs ------------------------------------------------------------------------------

    def _nation(self, toks: Tokens, cand: Candidate) -> bool:
        """Whether a place is a nation ("Scotland"): its team is the nation, as a country's is."""
        return " ".join(toks.text[cand.start : cand.end]) in self.lex.nations

    def _town_end(self, toks: Tokens, start: int, claimed: dict[int, Candidate]) -> int:
        """End of the town's name found at token `start` (`start` when there is none)."""
        claim = claimed.get(start)
        if (
            claim is not None
            and claim.kind == "place"
            and claim.start == start
            and not self._nation(toks, claim)
        ):
            return claim.end
        return start

    def _town_start(self, toks: Tokens, end: int, claimed: dict[int, Candidate]) -> int:
        """Start of the town's name found ending at token `end` (exclusive; `end` when there is none)."""
        claim = claimed.get(end - 1)
        if claim is not None and claim.kind == "place" and claim.end == end and not self._nation(toks, claim):
            return claim.start
        return end

    def clubs_by_name(self, toks: Tokens, first: int, claimed: dict[int, Candidate]) -> list[Candidate]:
        """A town's name beside a club's word, in any article: 'Manchester United', 'Real Madrid'.

        A town whose own name holds the word stays a town: the gazetteer finds 'Kansas City' whole.
        """
        texts = toks.text
        found = []
        for i in range(first, len(texts)):
            if texts[i] not in self.lex.club_words:
                continue
            town = self._town_start(toks, i, claimed) if i > first else i
            # "Nevada City", "Iowa City": a state's name before "City" is another town's.
            if town < i and " ".join(toks.text[town:i]) not in self.lex.cities:
                town = i
            if town < i:
                found.append(Candidate(town, i + 1, "organization", METHOD, priority=1))
                continue
            end = self._town_end(toks, i + 1, claimed)
            if end > i + 1 and " ".join(toks.text[i + 1 : end]) in self.lex.cities:
                found.append(Candidate(i, end, "organization", METHOD, priority=1))
        return found

    def _clubs(self, toks: Tokens, first: int, claimed: dict[int, Candidate]) -> list[Candidate]:
        """Clubs in a match report: 'Portland Comets', 'the Harriers', 'joined Leeds', 'Bremen won'."""
        texts = toks.text
        n = len(texts)
        found = []
        for i in range(first, n):
            # "Portland Comets", "Tacoma Blue Herons": a town and a capitalized plural.
            end = self._town_end(toks, i, claimed)
            if end > i:
                nick = end
                while (
                    nick < n and nick - end < 2 and self._word_ok(texts[nick], False) and nick not in claimed
                ):
                    nick += 1
                if nick > end and _plural(texts[nick - 1]) and texts[nick - 1] not in self.lex.competitions:
                    found.append(Candidate(i, nick, "organization", METHOD, priority=1))
                    continue
                before = texts[i - 1].lower() if i > first else ""
                before2 = " ".join(texts[i - 2 : i]).lower() if i - 1 > first else ""
                after = texts[end].lower() if end < n else ""
                claim = claimed.get(i)
                if (claim is None or claim.kind == "place") and (
                    before in self.lex.club_before
                    or before2 in self.lex.club_before
                    or after in self.lex.club_after
                ):
                    found.append(Candidate(i, end, "organization", METHOD, priority=1))
                continue
            # "the Harriers", "the Grey Owls": a capitalized plural after "the".
            if texts[i].lower() != "the" or (i > first and texts[i - 1].lower() in _PLACE_BEFORE_THE):
                continue
            end = self._run_after(toks, i + 1, False)
            if (
                end - i - 1 > 3
                or end == i + 1
                or not _plural(texts[end - 1])
                or texts[end - 1] in self.lex.competitions
            ):
                continue
            span = self._unlisted(toks, i + 1, end, claimed, True)
            if span is not None and texts[span[0]] not in self.lex.demonyms:
                found.append(Candidate(span[0], span[1], "organization", METHOD, priority=1))
        return found

    # -- one name, one kind ------------------------------------------------------------------------

    def _item_after(self, toks: Tokens, j: int, at_start: dict[int, Candidate], club: bool) -> int:
        """End of the name that starts a list's next item at token j (j when there is none)."""
        here = at_start.get(j)
        if here is not None:
            return here.end
        return self._run_after(toks, j, club)

    def _item_before(self, toks: Tokens, first: int, j: int, at_end: dict[int, Candidate], club: bool) -> int:
        """Start of the name that ends a list's item before token j (j when there is none)."""
        here = at_end.get(j)
        if here is not None:
            return here.start
        start = self._run_before(toks, first, j, club)
        return j if start < j and toks.sent_start[start] and j - start == 1 else start

    def _list_of(
        self,
        toks: Tokens,
        first: int,
        cand: Candidate,
        ends: tuple[dict[int, Candidate], dict[int, Candidate]],
        club: bool,
    ) -> list[tuple[int, int]]:
        """The other items of a list the name `cand` is in, 'Stoke, Derby and Walsall'; none unless
        an 'and' or 'or' joins two of its items (a comma alone may end a clause: "for Zarnovia, Kvelstad")."""
        texts = toks.text
        n = len(texts)
        at_start, at_end = ends
        items: list[tuple[int, int]] = []
        joined = False
        j = cand.end
        while j < n and texts[j] in _LIST_JOINS:
            k = j + 1
            if texts[j] == "," and k < n and texts[k] in {"and", "or"}:
                k += 1
            joined |= texts[k - 1] != ","
            end = self._item_after(toks, k, at_start, club)
            if end == k:
                break
            items.append((k, end))
            j = end
        j = cand.start
        while j - 1 > first and texts[j - 1] in _LIST_JOINS:
            k = j - 1
            joined |= texts[k] != ","
            if texts[k] in {"and", "or"} and k - 1 > first and texts[k - 1] == ",":
                k -= 1
            start = self._item_before(toks, first, k, at_end, club)
            if start == k:
                break
            items.append((start, k))
            j = start
        return items if joined else []

    def _conjuncts(self, toks: Tokens, first: int, chosen: list[Candidate], sports: bool) -> list[Candidate]:
        """Names listed with an organization the text showed, which no finder found: 'Stoke, Derby
        and Walsall' after 'Walsall captain'; in a match report a town's name too ('Leeds and Hull')."""
        at_start = {c.start: c for c in chosen}
        at_end = {c.end: c for c in chosen}
        used = {i for c in chosen for i in range(c.start, c.end)}
        todo = [c for c in chosen if c.kind == "organization" and c.method == METHOD]
        found: list[Candidate] = []
        while todo:
            cand = todo.pop()
            for start, end in self._list_of(toks, first, cand, (at_start, at_end), sports):
                here = at_start.get(start)
                town = (
                    here is not None
                    and here.end == end
                    and ((here.kind == "place" and sports) or here.method == "model")
                )
                if town and here is not None and self._nation(toks, here):
                    continue
                if not town and used.intersection(range(start, end)):
                    continue
                if self._unlisted(toks, start, end, {}, sports) != (start, end):
                    continue
                new = Candidate(start, end, "organization", METHOD, priority=1)
                found.append(new)
                todo.append(new)
                used.update(range(start, end))
                at_start[start], at_end[end] = new, new
        return found

    @staticmethod
    def _short_names(toks: Tokens, chosen: list[Candidate]) -> set[tuple[str, ...]]:
        """The names, without their legal form, of the companies found with one: 'Brindlecombe' of
        'Brindlecombe Ltd'."""
        short = set()
        for cand in chosen:
            if cand.kind != "organization" or cand.end - cand.start < 2 or cand.known is not None:
                continue
            words = toks.text[cand.start : cand.end]
            if _plain(words[-1]) not in _LEGAL_FORMS:
                continue  # no legal form to leave out: most names, ruled out before cleanco's regexes
            base = _base_name(" ".join(words)).split()
            if base and len(base) < len(words) and base == words[: len(base)]:
                short.add(tuple(base))
        return short

    def spread(
        self, toks: Tokens, first: int, chosen: list[Candidate], sports: bool = False
    ) -> list[Candidate]:
        """`chosen`, where a name the text showed is an organization is one in all its other mentions:
        'Zelvorn' after 'Zelvorn news agency', 'Walsall' after 'Walsall captain' (not 'in Walsall'); and
        the names listed with it (`_conjuncts`)."""
        conjuncts = self._conjuncts(toks, first, chosen, sports)
        if conjuncts:
            spans = {(c.start, c.end) for c in conjuncts}
            chosen = sorted(
                [c for c in chosen if (c.start, c.end) not in spans] + conjuncts, key=lambda c: c.start
            )
        shown = {
            tuple(toks.text[c.start : c.end])
            for c in chosen
            if c.kind == "organization" and c.method == METHOD
        }
        shown |= self._short_names(toks, chosen)
        if not shown:
            return chosen
        texts = toks.text
        firsts = {name[0] for name in shown}
        # Longest first, so that 'Ogre Works' is not cut to 'Ogre' where both were shown; a set's own
        # order changes from one process to the next.
        names = sorted(shown, key=lambda name: (-len(name), name))
        at = {c.start: c for c in chosen}
        used = {i for c in chosen for i in range(c.start, c.end)}
        out = {(c.start, c.end): c for c in chosen}
        for i in range(first, len(texts)):
            if texts[i] not in firsts:
                continue
            for name in names:
                end = i + len(name)
                if tuple(texts[i:end]) != name:
                    continue
                if i > first and texts[i - 1].lower() in _WHERE:
                    continue  # "in Leeds", "HULL AT DERBY": where a match is played
                here = at.get(i)
                if here is not None and here.end == end:
                    # A town's name, or what a trained NER guessed, is the organization the text showed.
                    if here.kind == "place" or here.method == "model":
                        out[(i, end)] = Candidate(i, end, "organization", METHOD, priority=1)
                elif not used.intersection(range(i, end)):
                    out[(i, end)] = Candidate(i, end, "organization", METHOD, priority=1)
                    used.update(range(i, end))
        return sorted(out.values(), key=lambda c: c.start)


# The last words of cleanco's legal forms ("Inc", "AG", "SA" of "S.A."), in lower case without points.
_LEGAL_FORMS = frozenset(terms[-1].replace(".", "") for _, terms in prepare_default_terms())


def _plain(word: str) -> str:
    return word.lower().replace(".", "").strip(",")


@lru_cache(maxsize=4096)
def _base_name(name: str) -> str:
    """A company's name without its legal form: 'Brindlecombe Ltd' -> 'Brindlecombe' (cleanco knows the
    forms of many countries: 'AB', 'S.A.', 'GmbH', 'Oyj')."""
    return str(basename(name)).strip()


def _plural(word: str) -> bool:
    """'Comets', 'Harriers': a club's nickname is a plural."""
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def defines(acronym: str, initials: list[str]) -> bool:
    """Whether `acronym` abbreviates the words of a name whose initials are these, or its last words:
    'CHS' of 'SCO Council of Heads of States'."""
    return any(_fits(acronym, initials[i:]) for i in range(len(initials)))


def _fits(acronym: str, initials: list[str]) -> bool:
    """Whether `acronym` abbreviates words with these initials: it starts with the first and takes the
    others in order ('NGF' of N-G-F, 'RRP' of R-F-R-A-P)."""
    if not initials or initials[0] != acronym[0]:
        return False
    letters = iter(initials[1:])
    return all(any(c == letter for c in letters) for letter in acronym[1:])
