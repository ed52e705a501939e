"""Find names of people, organizations, countries, places and facilities, before they are resolved."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable
from itertools import compress

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.clauses import PREPOSITIONS
from pipeline.lexicon import Lexicon
from pipeline.names.candidates import Candidate, select
from pipeline.names.organizations import METHOD as CONTEXT
from pipeline.names.organizations import OrganizationFinder, currency_code
from pipeline.names.similarity import (
    PARTICLES,
    common,
    everyday,
    is_given_name,
    is_initial,
    is_suffix,
    surname_word,
)
from pipeline.names.teams import Teams
from pipeline.names.variants import variant_of
from pipeline.nlp import Phrases, Tokens, lowered, text_of, tokens

# Prepositions after which a small town's name is read as a place ("talks in Zarnow").
_LOCATIVE = frozenset({"in", "at", "from", "to", "near", "into", "via", "outside"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
# Words after which an unknown capitalized word is read as a place, not as a misspelled surname ("at"
# is left out: people are shouted at, aimed at and looked at as often as places are).
_PLACE_CONTEXT = frozenset({"in", "near", "outside", "via"})
# Times the article must write a surname before a town written once is read as its slip ("Jos"/"Jobs").
_TOWN_SLIP_MENTIONS = 3
# Tokens after which a capitalized word may open a sentence the sentencizer did not mark.
_OPENINGS = frozenset({'"', "\u201c", "\u2018", "'", "(", "[", ":", ";", "-", "—", "–"})
_CLOSING_QUOTES = frozenset({'"', "\u201d", "''", "\u2019"})
_QUOTE_OPENINGS = frozenset({'"', "\u201c", "\u2018", "'", "(", "["})
_CALENDAR = frozenset([*calendar.month_name[1:], *calendar.day_name, "Today"])
_NAME_WORDS_CACHE = 200_000
_MASK = "pipeline.names.mask"
_EVERYDAY_SIDES = False
_SPAN_BREAKS = frozenset({"(", ")", "-", "--", ",", ";", ":", "/", "and", "'s", "’s"})
_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")
# A capital inside a word, after a prefix or an apostrophe, shapes a surname however common the word:
# "O'Neill", "McKay", "DeLuca" ("Neill" or "mckay" may be frequent in word lists; the shape is not).
_NAME_SHAPED = re.compile(r"(?:[A-Z]['’]|Mc|Mac|De|Di|La|Le)[A-Z][a-z]+")
# A transcript's speaker label opening a paragraph or a quotation: "HALVORSEN: ...", "MARY ROE: ...".
_TRANSCRIPT_LABEL = re.compile(r"^[\"\u201c]?([A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+){0,2}):\s+", re.M)
_SENTENCE_ENDS = frozenset({".", "?", "!", ";"})
_APPOSITION_TOKENS = 30
_DIALOGUE_LABELS = 4  # two speakers, each labelled twice
_MODEL_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "facility"}


def _surname(texts: list[str], c: Candidate) -> str:
    """The surname word of a person candidate ("Robles" for "Ana Robles Jr.")."""
    return surname_word(" ".join(texts[c.start : c.end]))


class NameFinder:
    """Matchers built once per process from the reference data; `find` runs them on one Doc."""

    def __init__(self, nlp: Language, lex: Lexicon) -> None:
        self.lex = lex
        self.teams = Teams(lex.match_verbs)
        self.gazetteer = Phrases(nlp)
        self.gazetteer.add("NAME", lex.names)
        self.gazetteer.add("DEMONYM", lex.demonyms)
        self.gazetteer.add("CITY", lex.cities)
        self.titles = Phrases(nlp, attr="LOWER")
        self.titles.add("TITLE", lex.titles)
        self.titles.add("HONORIFIC", lex.honorifics)
        self.surname_forms = {surname_word(name) for name in lex.people}
        self._name_words: dict[str, bool] = {}
        self._institution_words = frozenset(lex.heads) | frozenset(lex.prefixes)
        self.organizations = OrganizationFinder(nlp, lex)

    def is_given_name(self, word: str) -> bool:
        """Whether `word` is a known given name (a transliteration variant counts)."""
        word = self.lex.given_names.get(word, word)
        return is_given_name(word)

    def _trim_sentence_start(self, toks: Tokens, mask: list[bool], start: int, end: int) -> int:
        """'Later Piotr Wenzelski': a capitalized first word of a sentence is no part of the name after it."""
        if end - start < 2 or not toks.sent_start[start] or self.is_given_name(toks.text[start]):
            return start
        if not mask[start + 1]:
            return end  # "Banque de Paribas": no person's name once the first word goes
        return start + 1 if self.is_given_name(toks.text[start + 1]) or end - start >= 3 else start

    def _name_mask(self, doc: Doc) -> list[bool]:
        """Whether each token can be part of a personal name, looked up once per distinct word.

        Kept in the Doc's user data: the name passes read it several times.
        """
        found: list[bool] | None = doc.user_data.get(_MASK)
        if found is not None:
            return found
        cache = self._name_words
        if len(cache) > _NAME_WORDS_CACHE:
            cache.clear()  # a long feed brings new words without end; keep memory flat
        texts = tokens(doc).text
        mask = [cache.get(text) for text in texts]
        for i, known in enumerate(mask):
            if known is None:
                token = doc[i]
                text = texts[i]
                mask[i] = cache[text] = (
                    text[:1].isupper()
                    and text.replace("'", "").replace(".", "").isalpha()
                    and not (len(text.rstrip(".")) > 1 and text.isupper())  # "J." is an initial
                    and text not in _CALENDAR
                    and text not in self.lex.heads
                    and not token.is_stop  # "So", "With", "The" opening a sentence
                )
        doc.user_data[_MASK] = mask
        return mask  # type: ignore[return-value]

    @staticmethod
    def _name_run(
        doc: Doc,
        mask: list[bool],
        i: int,
        blocked: set[int],
        limit: int = 5,
        inner: frozenset[int] = frozenset(),
    ) -> int:
        """End of the personal name starting at token i (i itself when there is none).

        Tokens in `inner` may continue a name but not start one: "Tomas Lima", not "Japan Peter Kamau".
        """
        texts = tokens(doc).text
        if i in inner or is_suffix(texts[i]):
            return i  # a suffix ("Jr.") only ends a name
        j, n = i, len(mask)
        while j < n and j - i < limit and j not in blocked:
            if mask[j]:
                j += 1
            elif (
                j > i
                and j + 1 < n
                and mask[j + 1]
                and (doc[j].lower_ in PARTICLES or (doc[j].text == "-" and not doc[j - 1].whitespace_))
            ):
                j += 2
            else:
                break
        if j - i >= 2 and j < n and j not in blocked and is_suffix(texts[j]):
            j += 1  # "Ana Robles Jr.", "Tomas Lima III": a suffix ends the name
        return j

    def _gazetteer(self, doc: Doc, first: int) -> list[Candidate]:
        found = []
        for label, start, end, key in self.gazetteer(doc):
            if start < first:
                continue
            if label == "NAME":
                known, method = self.lex.names[key]
                found.append(Candidate(start, end, known.kind, method, known))
            elif label == "DEMONYM":
                known = self.lex.demonyms[key]
                found.append(Candidate(start, end, "country", "demonym", known, priority=1))
            else:
                place, population = self.lex.cities[key]
                after_locative = start > 0 and doc[start - 1].lower_ in _LOCATIVE
                if population >= 100_000 or after_locative:
                    found.append(Candidate(start, end, "place", "exact", place, priority=2))
        return found

    def _institutions(self, doc: Doc, first: int, taken: set[int]) -> list[Candidate]:
        """Capitalized names built around a head word: 'Ministry of Foreign Affairs', 'Zarnow Airbase'."""
        found = []
        texts = tokens(doc).text  # every token is read: plain strings, not spaCy Tokens
        words = self._institution_words
        for i in range(first, len(texts)):
            if texts[i] not in words:
                continue  # most words: one set lookup rather than two dict lookups
            kind = self.lex.heads.get(texts[i])
            prefix = self.lex.prefixes.get(texts[i])
            if prefix is not None and i + 1 < len(texts) and texts[i + 1][:1].isupper():
                # "Air Canada": a first word that makes the capitalized words after it a name.
                end = i + 1
                # "Air Force Gen. Norman Ham": a title after the name opens a person's.
                while (
                    end < len(texts)
                    and texts[end][:1].isupper()
                    and texts[end] not in _CALENDAR
                    and not self.is_title(texts[end])
                ):
                    end += 1
                found.append(Candidate(i, end, prefix, "rule", priority=3))
                continue
            if kind is None or i in taken:
                continue
            start = self._extend_left(doc, i, first)
            end = self._extend_right(doc, i + 1)
            while start < i and doc[start].lower_ == "the":
                start += 1
            # A trailing acronym of the words before it ("Council of Foreign Ministers CFM") is an alias.
            last = doc[end - 1]
            if end - start > 2 and last.is_upper and len(last.text) > 1:
                initials = "".join(t.text[0] for t in doc[start : end - 1] if t.text[:1].isupper())
                if initials.endswith(last.text):
                    end -= 1
            if end - start > 1:
                found.append(Candidate(start, end, kind, "rule", priority=3))
        return found

    @staticmethod
    def _extend_left(doc: Doc, head: int, first: int) -> int:
        """Capitalized words before a head word: 'Securities and Exchange Commission', 'Smith & Sons Co.'."""
        start = head
        while start > first and not doc[start].is_sent_start:
            before = doc[start - 1]
            if before.text[:1].isupper() or (before.text == "-" and not before.whitespace_):
                start -= 1
            elif before.lower_ in {"and", "&"} and start - 2 >= first and doc[start - 2].text[:1].isupper():
                start -= 2
            else:
                break
        return start

    @staticmethod
    def _extend_right(doc: Doc, end: int) -> int:
        """Complements after a head word: 'Ministry of Foreign Affairs', 'Commission on Trade and Labour'.

        A comma or 'and' joins only inside a complement ('of', 'on', 'for' ...), and a comma only where the
        words after it go on to an 'and' ('Trade, Economic and Technical'): 'Police Department, Glenn Ross
        said' stops at the comma, 'Justice Department and U.S. officials' at the 'and'.
        """

        def name_word(i: int) -> bool:
            token = doc[i]
            return token.text[:1].isupper() and not token.is_sent_start and token.text not in _CALENDAR

        def capitalized_run(i: int) -> int:
            while i < len(doc) and name_word(i):
                i += 1
            return i

        in_complement = False
        while end + 1 < len(doc) and name_word(end + 1):
            joiner = doc[end].lower_
            if joiner in {"of", "on", "for", "the"}:
                in_complement = True
            elif joiner == "," and in_complement:
                after = capitalized_run(end + 1)
                if after >= len(doc) or doc[after].lower_ not in {",", "and"}:
                    break
            elif joiner not in {"and", "&"} or not in_complement:
                break
            end = capitalized_run(end + 1)
        return end

    def _people(
        self, doc: Doc, first: int, blocked: set[int], titles: list[tuple[int, int]], inner: frozenset[int]
    ) -> list[Candidate]:
        found: list[Candidate] = []
        mask = self._name_mask(doc)
        toks = tokens(doc)
        texts = toks.text
        for start, end in titles:
            if start < first:
                continue
            j = end
            # "Foreign Minister of the Republic of Chile, Ana Robles"; "Ambassador to Japan Peter ..."
            if j < len(doc) and doc[j].lower_ in {"of", "to", "for"}:
                k = j + 1
                after_title = blocked | inner
                while (
                    k < len(doc) and k - j <= 5 and not (doc[k].text[:1].isupper() and k not in after_title)
                ):
                    k += 1
                while k < len(doc) and k in after_title:
                    k += 1
                if not after_title.intersection(range(j + 1, k)):
                    # "chief executive of the Western Rowing League": the body is no one we know,
                    # and its name no person's.
                    continue
                j = k
            if j < len(doc) and doc[j].text == ",":
                j += 1
            titled_one = False
            while j < len(doc):
                run_end = self._name_run(doc, mask, j, blocked)
                if run_end == j and _INITIALS.fullmatch(texts[j]) and j + 1 < len(doc):
                    # "Rep. G.K. Robles": initials run together, which alone read as an acronym.
                    run_end = self._name_run(doc, mask, j + 1, blocked)
                    run_end = j if run_end == j + 1 else run_end
                if run_end == j and self._courtesy_surname(toks, start, end, j):
                    run_end = j + 1  # "Mr. King said": a title word after a courtesy title is a surname
                if run_end == j or (titled_one and not self.is_given_name(texts[j])):
                    break  # "Speaker Ana Robles, D-Ore.,": the next of several opens with a given name
                run_end = self._title_as_surname(toks, run_end)  # "Dr. Ana Rose King Jr."
                found.append(Candidate(j, run_end, "person", "rule", priority=4))
                titled_one = True
                # "Foreign Ministers ... Ana Robles and Marta Quispe": one title, several people.
                if run_end + 1 < len(doc) and doc[run_end].lower_ in {"and", ","}:
                    j = run_end + 1
                else:
                    break
        titled = list(found)
        taken = blocked | {i for c in found for i in range(c.start, c.end)}
        # Only tokens that can be part of a name can start one; the others are skipped in C.
        capitalized = list(compress(range(first, len(mask)), mask[first:]))
        resume = first
        for i in capitalized:
            if i < resume:
                continue
            # A place that is also a given name starts a name before more name words: "Mary Ann Okafor".
            starts = inner - {i} if self.is_given_name(texts[i]) else inner
            end = self._name_run(doc, mask, i, taken, inner=starts)
            start = self._trim_sentence_start(toks, mask, i, end)
            if end - start > 2 and not self.is_given_name(texts[start]):
                # "Research Director Ana Robles", "Rev. Ana Robles": capitalized words that are no title
                # we list run into the name; it begins at its given name.
                given = next((k for k in range(start + 1, end - 1) if self.is_given_name(texts[k])), start)
                # Only past everyday words and abbreviations: "Mry Joe Ruiz" is a slip for "Mary".
                if all(everyday(w) or w.endswith(".") for w in texts[start:given]):
                    start = given
            if end > start and self.is_given_name(texts[start]):
                end = self._title_as_surname(toks, end)  # "Charlie King said", "Mary Ann King said"
            # A suffix needs a given name and a surname before it: "Lima Sr." names no one new.
            if end - start >= 2 + is_suffix(texts[end - 1]) and self.is_given_name(texts[start]):
                found.append(Candidate(start, end, "person", "rule", priority=4))
            resume = max(end, i + 1)
        # A name ending in the surname of someone already found ("Pitor Wenzel" beside "Piotr Wenzel").
        # A title names a person however short the name after it: "Mr. Ionescu" ... "Ionescu said".
        surnames = {_surname(texts, c) for c in found if c.end - c.start >= 2} | self.surname_forms
        surnames |= {_surname(texts, c) for c in titled}
        taken |= {i for c in found for i in range(c.start, c.end)}
        resume = first
        for i in capitalized:
            if i < resume:
                continue
            end = self._name_run(doc, mask, i, taken, limit=3, inner=inner)
            opening = toks.sent_start[i] or (i > 0 and texts[i - 1] in _QUOTE_OPENINGS)
            # "Later Okafor said": an everyday word opening a sentence is no given name ("Hen Okafor" is).
            start = (self._trim_opening if opening else self._trim_sentence_start)(toks, mask, i, end)
            if (
                start == i + 1 == end - 1
                and texts[start] in surnames
                and not everyday(texts[i])
                and end < len(texts)
                and (doc[end].is_stop or lowered(doc)[end] in self.lex.speech_verbs)
            ):
                # "Zorvika Scott can be heard" beside "Tomas Scott": a kinsman's given name, though
                # "Scott" is one too; a person does what follows ("Zelvorn Scott programs" names none).
                start = i
            if end > start and texts[end - 1] in surnames:
                # A lone surname of someone named in the article is that person, not a homonymous place.
                found.append(
                    Candidate(start, end, "person", "surname", priority=-1 if end - start == 1 else 5)
                )
            resume = max(end, i + 1)
        return found

    def is_title(self, word: str) -> bool:
        """Whether `word` is a title or a courtesy title ("President", "Mr", "Mr.")."""
        lower = word.lower()
        return (
            lower in self.lex.titles
            or lower in self.lex.honorifics
            or lower.rstrip(".") in self.lex.honorifics
        )

    def _courtesy_surname(self, toks: Tokens, start: int, end: int, j: int) -> bool:
        """Whether the title word at j, after the courtesy title start:end, is a surname: 'Mr. King said'."""
        texts = toks.text
        return (
            " ".join(texts[start:end]) in self.lex.honorifics
            and j + 1 < len(texts)
            and texts[j][:1].isupper()
            and self.is_title(texts[j])
            and not texts[j + 1][:1].isupper()
        )

    def _title_as_surname(self, toks: Tokens, end: int) -> int:
        """'Mary Ann King said': a title word after given names, ending the name, is the surname."""
        texts = toks.text
        if (
            end + 1 < len(texts)
            and texts[end][:1].isupper()
            and self.is_title(texts[end])
            and (not texts[end + 1][:1].isupper() or is_suffix(texts[end + 1]))
            and self.is_given_name(texts[end - 1])
        ):
            return end + 2 if is_suffix(texts[end + 1]) else end + 1  # "Ana Rose King Jr."
        return end

    def _trim_opening(self, toks: Tokens, mask: list[bool], start: int, end: int) -> int:
        """Where a name begins once a sentence's opening word and everyday words before it are left out.

        "Later Okafr said", "Winger Ana Quispe": capitalized because they open a sentence, not names.
        """
        texts = toks.text
        if not is_initial(texts[start]):
            start = self._trim_sentence_start(toks, mask, start, end)
        while start < end - 1 and everyday(texts[start]) and not self.is_given_name(texts[start]):
            start += 1
        return start

    def _person_span_start(self, toks: Tokens, mask: list[bool], first: int, start: int, end: int) -> int:
        """Where a trained NER's person span really begins: after a title and an opening word, or one word
        earlier when the span began at a particle after a given name ("Jan van der Berk")."""
        texts = toks.text
        while start < end - 1 and self.is_title(texts[start]):
            start += 1  # "King Aldric": the title is the roles finder's, the name is "Aldric"
        start = self._trim_opening(toks, mask, start, end)
        if (
            start > first
            and texts[start].lower() in PARTICLES
            and texts[start - 1][:1].isupper()
            and self.is_given_name(texts[start - 1])
        ):
            start -= 1
        return start

    def _model(self, doc: Doc, first: int) -> list[Candidate]:
        if not doc.ents:
            return []
        toks = tokens(doc)
        texts = toks.text
        mask = self._name_mask(doc)
        found = []
        for ent in doc.ents:
            if ent.label_ not in _MODEL_KINDS or ent.start < first:
                continue
            # A trained NER's span may run into a score ("R. Okafor 4-43") or a possessive ("Okafor's").
            end = ent.end
            while end > ent.start and (
                texts[end - 1] in _POSSESSIVES or not any(map(str.isalpha, texts[end - 1]))
            ):
                end -= 1
            start = ent.start
            while start < end and texts[start].lower() == "the":
                start += 1  # a name's span leaves its article out: "the Portland Comets"
            if ent.label_ == "PERSON":
                start = self._person_span_start(toks, mask, first, start, end)
            words = texts[start:end]
            # A span across a bracket, a score, a dash, an "and" or a possessive joins two names ("Ana
            # Ruiz (Spain", "Leeds 2 Hull", "Chile - Ana Ruiz"); a number is a product's
            # ("Q7x4"); one everyday word or a currency's code is no name ("Women", "USD"); a title
            # opens a person's name, not a body's ("Spokeswoman Ann Lee").
            # A name in lower case is a product's ("iWidget", "eZine Store"), not an organization.
            if (
                end > start
                and not any(w in _SPAN_BREAKS or any(map(str.isdigit, w)) for w in words)
                and not (len(words) == 1 and (common(words[0]) or currency_code(words[0])))
                and not words[0][:1].islower()
                and (ent.label_ == "PERSON" or not self.is_title(words[0]))
            ):
                found.append(Candidate(start, end, _MODEL_KINDS[ent.label_], "model", priority=6))
        return found

    def find(self, doc: Doc, first_char: int = 0) -> list[Candidate]:
        """Non-overlapping name candidates in `doc`, after character `first_char` (the dateline's end)."""
        first = tokens(doc).first_at(first_char)
        candidates = self._gazetteer(doc, first)
        known_tokens = {i for c in candidates if c.method != "demonym" for i in range(c.start, c.end)}
        candidates += self._institutions(doc, first, known_tokens)
        titles = [(s, e) for _, s, e, _ in self.titles(doc) if s >= first]
        title_tokens = {i for s, e in titles for i in range(s, e)}
        # A town's name right after a person's title is a surname: "Mr. Lima", "Senator Bristol".
        after_title = {e for _, e in titles}
        candidates = [c for c in candidates if not (c.kind == "place" and c.start in after_title)]
        # A one-word place or country may end a person's name ("Tomas Lima", "Ana Nancy").
        inner = frozenset(
            c.start for c in candidates if c.end - c.start == 1 and c.kind in {"place", "country"}
        )
        blocked = title_tokens | {
            i for c in candidates if c.kind != "place" for i in range(c.start, c.end) if i not in inner
        }
        candidates += self._people(doc, first, blocked, titles, inner)
        teams = self._teams(doc, first, candidates)
        candidates += teams
        sports = self.organizations.sports(doc, teams)
        candidates += self.organizations.find(doc, first, candidates, sports)
        candidates += self._speakers(doc, first, candidates, title_tokens)
        candidates += self._labels(doc, first, candidates)
        # A trained NER's "Queen" or "the President" is a title, which the roles finder resolves.
        candidates += [c for c in self._model(doc, first) if not set(range(c.start, c.end)) <= title_tokens]
        chosen = self.organizations.spread(tokens(doc), first, select(candidates), sports)
        chosen += self._coordinated(doc, first, chosen)
        return self._variants(doc, first, chosen)

    def _coordinated(self, doc: Doc, first: int, chosen: list[Candidate]) -> list[Candidate]:
        """Names before a person's and "and" or a comma, or after it and "and", that the dictionary does
        not know as given names: "voters Zorvika Quillan and Pedro Alves" are two people. Only two or
        three words, none an everyday word ("the Alves Foundation and Ana Robles"), not inside a phrase
        ("fans from Vila Nova and Ana Robles"), and after "and" not before a noun it would modify ("Ana
        Robles and Vila Nova fans")."""
        toks = tokens(doc)
        texts, lower, n = toks.text, lowered(doc), len(doc)
        mask = self._name_mask(doc)
        taken = {i for c in chosen for i in range(c.start, c.end)}

        def ends(end: int) -> bool:
            # What follows a name after "and" is no noun it modifies ("Vila Nova fans"): punctuation,
            # a stop word, a speech verb or a past tense.
            word = lower[end] if end < n else ""
            return (
                not word.isalpha() or doc[end].is_stop or word in self.lex.speech_verbs or word.endswith("ed")
            )

        def fits(start: int, end: int) -> bool:
            before = start - 2 if start > 1 and lower[start - 1] in ("the", "a") else start - 1
            return (
                first <= start
                and end - start in (2, 3)
                and all(mask[k] and k not in taken for k in range(start, end))
                and not any(everyday(w) and not self.is_given_name(w) for w in texts[start:end])
                and not (start > 0 and mask[start - 1] and start - 1 not in taken)
                and not (before >= 0 and lower[before] in PREPOSITIONS)
            )

        found: list[Candidate] = []
        for c in chosen:
            if c.kind != "person" or c.end - c.start < 2:
                continue
            if c.start > 0 and texts[c.start - 1] in ("and", ","):
                for size in (2, 3):
                    if fits(c.start - 1 - size, c.start - 1):
                        found.append(Candidate(c.start - 1 - size, c.start - 1, "person", "rule", priority=5))
                        break
            if c.end + 2 < n and texts[c.end] == "and":
                for size in (2, 3):
                    if fits(c.end + 1, c.end + 1 + size) and ends(c.end + 1 + size):
                        found.append(Candidate(c.end + 1, c.end + 1 + size, "person", "rule", priority=5))
                        break
        return select(found)

    def _speakers(
        self, doc: Doc, first: int, candidates: list[Candidate], title_tokens: set[int]
    ) -> list[Candidate]:
        """People the text shows by quoting them, whom no other rule found: '"...," Marisol said',
        '"...," said Blair.', and their other mentions.

        Right after a quotation and beside its speech verb, a capitalized name is who spoke; one word is
        taken only if it is no everyday word, or a given name ("Marisol"), and no plural ("Critics").
        """
        toks = tokens(doc)
        texts, lower = toks.text, lowered(doc)
        n = len(texts)
        mask = self._name_mask(doc)
        used = {i for c in candidates for i in range(c.start, c.end)} | title_tokens
        verbs = self.lex.speech_verbs

        def name_at(start: int, end: int) -> bool:
            if start >= end or end > n or used.intersection(range(start, end)):
                return False
            if not all(mask[start:end]):
                return False
            if end - start == 1:
                word = texts[start]
                return (
                    self.is_given_name(word)
                    or _NAME_SHAPED.fullmatch(word) is not None
                    or not (everyday(word) or word.endswith("s"))
                )
            return True

        def apposed(comma: int) -> bool:
            # The apposition a comma opens ends with a comma and a speech verb, in the same sentence.
            for k in range(comma + 1, min(n - 1, comma + _APPOSITION_TOKENS)):
                if texts[k] in _SENTENCE_ENDS or sent_start[k]:
                    return False
                if texts[k] == "," and lower[k + 1] in verbs:
                    return True
            return False

        found: dict[int, Candidate] = {}
        sent_start = toks.sent_start
        for i in range(first + 1, n):
            # 'Ana Robles said ...' opening a sentence: two or three words before the verb, or with an
            # age between commas ('Ana Robles, 25, said'); the first no everyday word ('Later Zelvorn
            # said'), unless a given name. (One word opening a sentence may be anything.)
            if lower[i] in verbs and i >= first + 2:
                for size in (2, 3):
                    start = i - size
                    if texts[i - 1] == "," and i >= 4 and texts[i - 2].isdigit() and texts[i - 3] == ",":
                        start -= 3
                    if (
                        start >= first
                        and sent_start[start]
                        and (self.is_given_name(texts[start]) or not everyday(texts[start]))
                        and name_at(start, start + size)
                    ):
                        found[start] = Candidate(start, start + size, "person", "rule", priority=5)
                        break
            # 'Ana Robles, who runs the campaign, said': two or three words opening a sentence, an
            # apposition after them, and the verb.
            if sent_start[i] and texts[i][:1].isupper():
                for size in (2, 3):
                    if (
                        i + size < n
                        and texts[i + size] == ","
                        and (self.is_given_name(texts[i]) or not everyday(texts[i]))
                        and name_at(i, i + size)
                        and apposed(i + size)
                    ):
                        found[i] = Candidate(i, i + size, "person", "rule", priority=5)
                        break
            if texts[i] not in _CLOSING_QUOTES or (texts[i] == '"' and toks.space_after[i - 1]):
                continue  # a straight mark after a space opens a quotation (He wrote: "Zelvorn said ...)
            # '"...," Marisol said': the name, then the verb.
            for size in (1, 2, 3):
                end = i + 1 + size
                aged = end + 3 < n and texts[end] == texts[end + 2] == "," and texts[end + 1].isdigit()
                verb = lower[end + 3 if aged else end] if end < n else ""
                if verb in verbs and name_at(i + 1, end):
                    found[i + 1] = Candidate(i + 1, end, "person", "rule", priority=5)
                    break
                # '"...," Ana Robles, director of the institute, said'.
                if size > 1 and end < n and texts[end] == "," and name_at(i + 1, end) and apposed(end):
                    found[i + 1] = Candidate(i + 1, end, "person", "rule", priority=5)
                    break
            # '"...," said Blair.': the verb, then the name and the sentence's end.
            if i + 2 < n and lower[i + 1] in verbs:
                for size in (3, 2, 1):
                    end = i + 2 + size
                    if end < n and texts[end] in {".", ",", ";", ":"} and name_at(i + 2, end):
                        found[i + 2] = Candidate(i + 2, end, "person", "rule", priority=5)
                        break
        # The same one-word name elsewhere is the same person: "Marisol thought ...".
        lone = {texts[c.start] for c in found.values() if c.end - c.start == 1}
        for i in range(first, n):
            if texts[i] in lone and i not in found and name_at(i, i + 1):
                found[i] = Candidate(i, i + 1, "person", "rule", priority=5)
        return list(found.values())

    def _labels(self, doc: Doc, first: int, candidates: list[Candidate]) -> list[Candidate]:
        """Speakers a transcript shows by their labels alone ("HALVORSEN: ..."), whom the article names
        nowhere else.

        A label is a person's only in a dialogue (two labels or more, each opening two lines or more),
        never when the article writes its word in lower case ("UPDATE:", "HOST:" are words, not names),
        and never when it is the surname of a person found (the quotes finder reads that label
        as that person).
        """
        toks = tokens(doc)
        texts = toks.text
        # A dialogue needs four labels at least, each a word in capitals before a colon: most articles
        # have none, and are left before `doc.text` builds the whole text from its tokens.
        if (
            texts.count(":") < _DIALOGUE_LABELS
            or sum(1 for i in range(first + 1, len(texts)) if texts[i] == ":" and texts[i - 1].isupper())
            < _DIALOGUE_LABELS
        ):
            return []
        text = doc.text
        first_char = toks.start[first] if first < len(toks.start) else len(text)
        found = [m for m in _TRANSCRIPT_LABEL.finditer(text, first_char) if len(m.group(1).strip(".")) > 1]
        counts = Counter(m.group(1) for m in found)
        dialogue = [label for label, n in counts.items() if n >= 2]
        if len(dialogue) < 2:
            return []
        surnames = {_surname(texts, c).casefold() for c in candidates if c.kind == "person"}
        taken = {i for c in candidates for i in range(c.start, c.end)}
        names = {
            label
            for label in dialogue
            if label.split()[-1].casefold() not in surnames
            and not any(re.search(rf"\b{re.escape(w.lower())}\b", text) for w in label.split())
        }
        out = []
        for m in found:
            span = doc.char_span(m.start(1), m.end(1))
            if (
                m.group(1) in names
                and span is not None
                and not taken.intersection(range(span.start, span.end))
            ):
                out.append(Candidate(span.start, span.end, "person", "rule", priority=5))
        return out

    def _teams(self, doc: Doc, first: int, candidates: list[Candidate]) -> list[Candidate]:
        """Sides of a match (organizations), where results are written out. (Their other mentions are
        `OrganizationFinder.spread`'s.)

        A country stays a country (a national team is its country), a person a person; a lone everyday
        word that is no town's name ("Total" heading a table's row) is no side.
        """
        toks = tokens(doc)
        if first >= len(toks.start):
            return []
        persons = [c for c in candidates if c.kind == "person"]
        person_tokens = {i for c in persons for i in range(c.start, c.end)}
        surnames = {_surname(toks.text, c) for c in persons}
        found: list[Candidate] = []
        for s, e in self.teams.spans(text_of(doc), toks.start[first]):
            start, end = toks.first_at(s), toks.first_at(e)
            # A sentence's opening words are capitalized too: "On Sunday Real Madrid beat ...".
            while start < end and (doc[start].is_stop or toks.text[start] in _CALENDAR):
                start += 1
            if start >= end or toks.end[end - 1] != e or any(toks.sent_start[start + 1 : end]):
                continue  # the span ends inside a token, or runs over a sentence's end ("Saturday. Romania")
            words = tuple(toks.text[start:end])
            known = self.lex.names.get(" ".join(words))
            if (
                (known is not None and known[0].kind in {"country", "person"})
                or " ".join(words) in self.lex.nations
                or person_tokens.intersection(range(start, end))
                or words[-1] in surnames
                or (len(words) == 1 and common(words[0]) and not self._town(words[0]))
            ):
                continue
            found.append(Candidate(start, end, "organization", CONTEXT, priority=1))
        return found

    def _town(self, word: str) -> bool:
        """A town's or a state's name, even one too often an everyday word to be read as a place ("Reading",
        "Bristol", "Texas")."""
        # Tables write names in capitals: "HULL 70 63 .526 4".
        word = word.title() if word.isupper() else word
        known = self.lex.names.get(word)
        return (
            word in self.lex.cities
            or word in self.lex.place_stoplist
            or (known is not None and known[0].kind == "place")
        )

    def _in_name_place(self, toks: Tokens, mask: list[bool], counts: Counter[str], i: int) -> bool:
        """Whether the one word at token i is written as only a name is: the text's evidence of a slip.

        Written once in the article, alone (no capitalized word beside it but a nationality:
        "Cuauhtemoc Blanco" is another person), and either capitalized inside a sentence, or followed
        by "'s" or a speech verb ("Moller said"), or a rare word opening a sentence that goes on in
        lower case ("Moller raised").
        A writer who brings in a new person names them in full; a lone surname written once, one letter
        from the article's "Miller", is a slip.
        """
        texts = toks.text
        n = len(texts)
        # A nationality before it is no part of a name: "the Kenyan Moller".
        before = i > 0 and mask[i - 1] and texts[i - 1] not in self.lex.demonyms
        if counts[texts[i]] != 1 or before or (i + 1 < n and mask[i + 1]):
            return False
        after = texts[i + 1] if i + 1 < n else ""
        if after.lower() in _POSSESSIVES or after.lower() in self.lex.speech_verbs:
            return True
        if toks.sent_start[i] or i == 0 or texts[i - 1] in _OPENINGS:
            return not everyday(texts[i]) and (after == "," or after[:1].islower())
        return True

    def _person_inside(
        self,
        toks: Tokens,
        mask: list[bool],
        cand: Candidate,
        surnames: set[str],
        named: Callable[[int, int], bool],
    ) -> Candidate | None:
        """The person in a trained NER's organization or place, where the name is one of the article's.

        The model has no notion of the article's people: it types "Recberr" or "Hen Vipheak" as an
        organization, and runs a name into the words around it ("Sherer's Euro", "9 - Marc Degryse").
        The name must end the span or come before its "'s"; a full name may end in the exact surname,
        a single word must misspell one ("Washington" beside "Denzel Washington" stays a place).
        """
        texts = toks.text
        end = cand.end
        possessive = next((j for j in range(cand.start + 1, end) if texts[j] in _POSSESSIVES), None)
        end = possessive if possessive is not None else end
        start = end - 1
        while start > cand.start and mask[start - 1]:
            start -= 1
        if not mask[end - 1]:
            return None
        start = self._trim_opening(toks, mask, start, end)
        word = texts[end - 1]
        if end - start >= 2 and word in surnames:
            return Candidate(start, end, "person", "variant", priority=5)
        if variant_of(word, surnames) is not None:
            return Candidate(start, end, "person", "variant", priority=5)
        if named(start, end):
            return Candidate(start, end, "person", "variant", priority=5, named=True)
        return None

    def _town_as_slip(self, toks: Tokens, counts: Counter[str], i: int, surnames: set[str]) -> bool:
        """Whether the town at token i is a slip for the surname the article is about: "On August 24,
        Jos resigned" in an article that writes "Jobs" again and again.

        A known place is a person only on more evidence than a name in use: written once, one slip from
        a surname the article writes three times or more, after no preposition ("in Jos", "of Jos"),
        and the subject of what follows ("Jos resigned", "Jos said", "Jos's").
        """
        texts = toks.text
        word = texts[i]
        if (
            word not in self.lex.cities
            or counts[word] != 1
            or (i > 0 and texts[i - 1].lower() in PREPOSITIONS)
        ):
            return False
        after = texts[i + 1] if i + 1 < len(texts) else ""
        if not (after[:1].islower() and after.isalpha()) and after not in _POSSESSIVES:
            return False
        frequent = {s for s in surnames if counts[s] >= _TOWN_SLIP_MENTIONS}
        return variant_of(word, frequent, named=True) is not None

    def _variants(self, doc: Doc, first: int, chosen: list[Candidate]) -> list[Candidate]:
        """`chosen`, with the names that misspell a surname found as people: 'Biar', 'Olaf Sholz'.

        Words left unfound are sought, and so are the names a trained NER typed as a place or an
        organization ("Okaforr said", after "Ngozi Okafor"): the model has no notion of the article's people.
        """
        toks = tokens(doc)
        texts = toks.text
        surnames = {_surname(texts, c) for c in chosen if c.kind == "person" and c.end - c.start >= 2}
        # A surname the article only ever writes alone counts once it is a person twice ("Okafor").
        alone = Counter(texts[c.start] for c in chosen if c.kind == "person" and c.end - c.start == 1)
        surnames |= {word for word, n in alone.items() if n >= 2}
        if not surnames:
            return chosen
        counts = Counter(texts)
        mask = self._name_mask(doc)

        # The text's evidence only counts against a surname the article writes more than once: a lone
        # "Kante" after a single "Harry Kane" may well be another player.
        written = {word for word in surnames if counts[word] >= 2}

        def named(start: int, end: int) -> bool:
            """Whether tokens start:end are one word the text shows to be a slip of a surname."""
            return (
                end - start == 1
                and texts[start] not in surnames
                and self._in_name_place(toks, mask, counts, start)
                and variant_of(texts[start], written, named=True) is not None
            )

        marked = []
        for c in chosen:
            if c.kind != "person" and c.method == "model":
                c = self._person_inside(toks, mask, c, surnames, named) or c
            elif c.kind == "person" and named(c.start, c.end):
                c.named = True
            elif (
                c.kind == "place"
                and c.end - c.start == 1
                and self._town_as_slip(toks, counts, c.start, surnames)
            ):
                c = Candidate(c.start, c.end, "person", "variant", priority=5, named=True)
            marked.append(c)
        chosen = marked
        covered = {i for c in chosen for i in range(c.start, c.end)}
        found = []
        resume = first
        for i in compress(range(first, len(mask)), mask[first:]):
            if i < resume or i in covered:
                continue
            end = self._name_run(doc, mask, i, covered, limit=3)
            resume = max(end, i + 1)
            # "Fans in Bilar": a word a locative introduces is a place, whatever it looks like.
            place_context = i > 0 and texts[i - 1] in _PLACE_CONTEXT and texts[end : end + 1] != ["'s"]
            start = self._trim_opening(toks, mask, i, end)
            if end <= start or place_context:
                continue
            if variant_of(texts[end - 1], surnames) is not None:
                found.append(Candidate(start, end, "person", "variant", priority=5))
            elif named(start, end):
                found.append(Candidate(start, end, "person", "variant", priority=5, named=True))
        return sorted(chosen + found, key=lambda c: c.start)
