"""Resolve name candidates to entities: one per real person, place or organization, variants corrected."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Doc

from pipeline.lexicon import Known, Lexicon, slug
from pipeline.model import Article, Correction, Entity, Mention
from pipeline.names.candidates import Candidate
from pipeline.names.canonical import PersonSpellings
from pipeline.names.find import NameFinder
from pipeline.names.organizations import METHOD as CONTEXT
from pipeline.names.organizations import defines
from pipeline.names.similarity import (
    fold,
    mergeable,
    pronoun_of,
    slip,
    split,
    surname_word,
    word_likeness,
)
from pipeline.nlp import tokens

# An alias this similar to the canonical name is a spelling variant ("Organization" ~ "Organisation"),
# worth a row in `corrections`; a less similar one is another name (an acronym, a former name).
VARIANT_SIMILARITY = 85.0


@dataclass(slots=True)
class Draft:
    """An entity being built up from an article's mentions."""

    kind: str
    name: str
    country_code: str | None
    in_reference: bool

    def freeze(self, entity_id: str) -> Entity:
        return Entity(entity_id, self.kind, self.name, self.country_code, self.in_reference)


@dataclass(slots=True)
class Resolved:
    """A candidate with the entity it names and how it was joined to it."""

    cand: Candidate
    entity_id: str
    method: str
    score: float = 1.0


@dataclass(slots=True)
class Resolution:
    """An article's entities and resolved mentions, for the extractors that build on them."""

    drafts: dict[str, Draft] = field(default_factory=dict)
    resolved: list[Resolved] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    datelines: list[Mention] = field(default_factory=list)  # the dateline's place, then its region
    # (entity id, spelling) -> why a misspelled mention was joined to the entity and its spelling chosen
    evidence: dict[tuple[str, str], str] = field(default_factory=dict)

    # Token index -> the first resolved name covering it, rebuilt when `resolved` grows: a scan per
    # question made an article's role finding quadratic in its names.
    _index: dict[int, Resolved] = field(default_factory=dict, repr=False)
    _indexed: int = -1

    def at(self, token: int) -> Resolved | None:
        """The resolved name covering token index `token`, if any."""
        if self._indexed != len(self.resolved):
            self._index = {}
            for item in self.resolved:
                for i in range(item.cand.start, item.cand.end):
                    self._index.setdefault(i, item)
            self._indexed = len(self.resolved)
        return self._index.get(token)

    def add(self, entity_id: str, draft: Draft) -> str:
        existing = self.drafts.setdefault(entity_id, draft)
        if existing.country_code is None:
            existing.country_code = draft.country_code
        return entity_id


def _words(doc: Doc, cand: Candidate) -> list[str]:
    return [word for word in tokens(doc).text[cand.start : cand.end] if word != "-"]


def _name(doc: Doc, cand: Candidate) -> str:
    # Hyphens inside names keep no spaces around them: "Jean - Yves" would not be a spelling anyone uses.
    toks = tokens(doc)
    span = range(cand.start, cand.end)
    return "".join(toks.text[i] + " " if toks.space_after[i] else toks.text[i] for i in span).strip()


class Resolver:
    """Joins the name candidates of one article into entities."""

    def __init__(self, lex: Lexicon, finder: NameFinder) -> None:
        self.lex = lex
        self.finder = finder
        # Reference people by the folded first given name and by the folded surname, to find the one
        # a misspelled full name means without comparing it with every known person.
        self._people_by_key: dict[str, list[Known]] = {}
        for known in lex.people.values():
            given, surname = split(known.name)
            for key in {fold(given[0]) if given else "", fold(surname)} - {""}:
                self._people_by_key.setdefault(key, []).append(known)

    def country_of(self, word: str) -> Known | None:
        """The country a word names as a country, demonym or city; None otherwise."""
        if word in self.lex.demonyms:
            return self.lex.demonyms[word]
        known = self.lex.names.get(word, (None, ""))[0]
        if known is not None and known.kind == "country":
            return known
        if word in self.lex.cities:
            code = self.lex.cities[word][0].country_code
            return self.lex.countries.get(code) if code else None
        return None

    def resolve(self, doc: Doc, article: Article, cands: list[Candidate]) -> Resolution:
        res = Resolution()
        home = self.country_of(article.dateline_place) if article.dateline_place else None
        if home is not None and home.kind == "place":
            home = None
        by_end = {c.end: c for c in cands}
        for cand in cands:
            if cand.kind != "person":
                res.resolved.append(self._thing(doc, cand, by_end, home, res))
        self._people(doc, [c for c in cands if c.kind == "person"], res)
        self._short_forms(doc, res)
        _defined_acronyms(doc, res)
        res.resolved.sort(key=lambda r: r.cand.start)
        if article.dateline_place:
            res.datelines = self._dateline(article, res)
        return res

    def _context_country(self, doc: Doc, cand: Candidate, by_end: dict[int, Candidate]) -> Known | None:
        """The country a text gives a national body: 'Chilean Foreign Ministry', "Peru's", '... of Chile'."""
        before = by_end.get(cand.start) or (
            by_end.get(cand.start - 1) if cand.start > 0 and doc[cand.start - 1].text in {"'s", "'"} else None
        )
        if before is not None and before.known is not None and before.known.kind == "country":
            return before.known
        j = cand.end + 1 if cand.end < len(doc) and doc[cand.end].lower_ == "of" else None
        if j is not None and j < len(doc) and doc[j].lower_ == "the":
            j += 1
        if j is not None and j < len(doc):
            return self.country_of(doc[j].text)
        return None

    def _thing(
        self, doc: Doc, cand: Candidate, by_end: dict[int, Candidate], home: Known | None, res: Resolution
    ) -> Resolved:
        known = cand.known
        if known is not None and not known.national:
            draft = Draft(known.kind, known.name, known.country_code, True)
            return Resolved(cand, res.add(known.entity_id, draft), cand.method)
        if known is not None:
            # An unqualified national body in a datelined article is the dateline country's own.
            country = self._context_country(doc, cand, by_end) or home
            if country is None:
                return Resolved(
                    cand, res.add(known.entity_id, Draft(known.kind, known.name, None, True)), cand.method
                )
            entity_id = f"{known.entity_id}-{str(country.country_code).lower()}"
            draft = Draft(known.kind, f"{known.name} of {country.name}", country.country_code, True)
            return Resolved(cand, res.add(entity_id, draft), cand.method)
        name = _name(doc, cand)
        country = self.country_of(doc[cand.start].text) or self._context_country(doc, cand, by_end)
        if country is None and cand.kind == "facility":
            country = home
        code = country.country_code if country else None
        draft = Draft(cand.kind, name, code, False)
        method = cand.method if cand.method in {"model", CONTEXT} else "exact"
        return Resolved(cand, res.add(f"{cand.kind}:{slug(name)}", draft), method)

    def _short_forms(self, doc: Doc, res: Resolution) -> None:
        """'Joint Commission' after 'Joint Commission on Fisheries and Forestry' is the same body."""
        ruled = [r for r in res.resolved if r.cand.method in {"rule", CONTEXT} and r.cand.kind != "person"]
        merged: dict[str, str] = {}
        words_of = [_words(doc, r.cand) for r in ruled]
        for short, words in zip(ruled, words_of, strict=True):
            for full, longer in zip(ruled, words_of, strict=True):
                if len(longer) > len(words) and longer[: len(words)] == words:
                    merged[short.entity_id] = full.entity_id
                    break
        for item in res.resolved:
            if item.entity_id in merged:
                item.entity_id, item.method = merged[item.entity_id], "coreference"
        for entity_id in merged:
            res.drafts.pop(entity_id, None)

    def _people(self, doc: Doc, people: list[Candidate], res: Resolution) -> None:
        """An article's person candidates -> one entity per person, its canonical spelling by evidence."""
        names = [_name(doc, c) for c in people]
        owner: list[PersonSpellings | None] = [None] * len(people)
        persons: list[PersonSpellings] = []
        by_known: dict[str, PersonSpellings] = {}
        full: Counter[str] = Counter()
        for i, (cand, name) in enumerate(zip(people, names, strict=True)):
            known, how = self._reference(cand, name)
            if known is not None:
                if known.entity_id not in by_known:
                    by_known[known.entity_id] = PersonSpellings(known=known)
                    persons.append(by_known[known.entity_id])
                owner[i] = by_known[known.entity_id]
                owner[i].how[name] = how  # type: ignore[union-attr]
            elif split(name)[0]:
                full[name] += 1
        # Full names, the most frequent spelling first: a spelling joins the one person it reads as.
        home: dict[str, PersonSpellings] = {}
        for spelling in sorted(full, key=lambda s: (-full[s], s)):
            same = [p for p in persons if any(mergeable(spelling, n) for n in p.names())]
            if len(same) == 1:
                home[spelling] = same[0]
            else:
                home[spelling] = PersonSpellings()
                persons.append(home[spelling])
            home[spelling].spellings.append(spelling)
        for i, name in enumerate(names):
            if owner[i] is None and name in home:
                owner[i] = home[name]
        for person, cand, name in zip(owner, people, names, strict=True):
            if person is not None:
                person.add(name, cand.start, self._after_title(doc, cand))
                if split(name)[0] and _kin(doc, cand.start):
                    person.kin = True
        # Lone surnames, in text order: the one person whose surname it is, or misspells.
        for i, (cand, name) in enumerate(zip(people, names, strict=True)):
            if owner[i] is None and not split(name)[0]:
                courtesy = _COURTESY.get(doc[cand.start - 1].text.rstrip(".")) if cand.start else None
                owner[i] = self._surname_owner(name, cand.start, persons, cand.named, courtesy)
                if owner[i] is not None:
                    owner[i].add(name, cand.start, self._after_title(doc, cand))  # type: ignore[union-attr]
        for person in persons:
            person.decide()
        for cand, name, person in zip(people, names, owner, strict=True):
            if person is not None:
                self._mention(cand, name, person.part_of(name), res)

    def _reference(self, cand: Candidate, name: str) -> tuple[Known | None, str]:
        """The reference person a candidate names, and how: exactly, by an alias, or misspelled."""
        if cand.known is not None:
            return cand.known, cand.method
        words = name.split()
        if len(words) >= 2 and words[0] in self.lex.given_names:
            known = self.lex.people.get(" ".join([self.lex.given_names[words[0]], *words[1:]]))
            if known is not None:
                return known, "alias"
        given, surname = split(name)
        if not given:
            return None, ""
        nearby = {*self._people_by_key.get(fold(given[0]), ()), *self._people_by_key.get(fold(surname), ())}
        same = [k for k in nearby if mergeable(name, k.name)]
        return (same[0], "fuzzy") if len(same) == 1 else (None, "")

    def _after_title(self, doc: Doc, cand: Candidate) -> bool:
        """Whether a title or courtesy title introduces the name: 'President William Ruto', 'Mr Howard'."""
        return cand.start > 0 and self.finder.is_title(doc[cand.start - 1].text)

    @staticmethod
    def _surname_owner(
        word: str,
        at: int,
        persons: list[PersonSpellings],
        named: bool = False,
        courtesy: str | None = None,
    ) -> PersonSpellings | None:
        """The person a lone surname names: the one with that surname, else the one it misspells.

        `named`: the finder saw in the text that the word may be a slip although it is a spelling in use.

        Two people with the surname ("Bill Clinton", "Hillary Clinton"): the one named before it, if only
        one was, or the one a courtesy title fits ("Mr. Clinton": `courtesy` "he"), or the one the surname
        alone stood for before the other was named, or the one not brought in as the other's relative;
        otherwise the text does not decide and the word goes to neither.
        """
        exact = [p for p in persons if word in p.surnames()]
        if not exact:
            # "Kante" is a name of its own, not a slip for "Kane"; "Lévy" is "Levy" with an accent.
            exact = [
                p for p in persons if any(slip(word, word_likeness(word, s), named) for s in p.surnames())
            ]
        if len(exact) > 1:
            before = [p for p in exact if p.first < at]
            # A courtesy title picks among those named before, or, before any is, among all of them.
            pool = before if before or courtesy is None else exact
            fits = [p for p in pool if courtesy is None or _pronoun(p) == courtesy]
            exact = fits or pool  # a courtesy title no namesake's given name tells: it decides nothing
            # The surname alone already stood for one of them before the others were named: it still
            # does ("Sen. Lia Moreno ... Moreno said ... her father, Tomas Moreno ... Moreno said").
            established = [p for p in exact if all(p.lone_first < q.first for q in exact if q is not p)]
            if len(exact) > 1 and len(established) == 1:
                exact = established
            # Of namesakes, one brought in as another's relative ("his wife, Ana Ruiz") is not the one
            # the surname alone stands for.
            principal = [p for p in exact if not p.kin]
            if len(exact) > 1 and len(principal) == 1:
                exact = principal
        if len(exact) == 1:
            return exact[0]
        if exact or any(word in p.surnames() for p in persons):
            return None
        lone = PersonSpellings()
        persons.append(lone)
        return lone

    def _mention(self, cand: Candidate, name: str, person: PersonSpellings | None, res: Resolution) -> None:
        if person is None or person.name is None:
            return  # a lone surname the text does not tie to one person: no mention rather than a guess
        known = person.known
        if known is not None:
            entity_id = res.add(known.entity_id, Draft("person", known.name, known.country_code, True))
        else:
            entity_id = f"person:{slug(person.name)}{person.id_suffix}"
            entity_id = res.add(entity_id, Draft("person", person.name, None, False))
        how = person.how.get(name, "")
        if name == person.name:
            method, score = (how if how in {"exact", "alias"} else "exact"), 1.0
        elif not split(name)[0] and name.casefold() in (
            split(person.name)[1].casefold(),
            surname_word(person.name).casefold(),
        ):
            method, score = "surname", 1.0  # "De Smet" or "Smet" for "Pieter De Smet"
        elif how == "alias":
            method, score = "alias", 1.0
        else:
            spelled = person.spelled_differently(name)
            if spelled is None:
                method, score = "coreference", 1.0  # a middle name left out, initials: no misspelling
            else:
                method, score = "fuzzy", fuzz.ratio(name, person.name) / 100
                res.evidence[(entity_id, name)] = spelled
        res.resolved.append(Resolved(cand, entity_id, method, round(score, 4)))

    def _dateline(self, article: Article, res: Resolution) -> list[Mention]:
        """The dateline's place, and the country or region written after it ("NAIROBI, Kenya (AP)")."""
        place = str(article.dateline_place)
        start = article.text.upper().find(place.upper(), 0, article.dateline_end)
        known = self.lex.cities.get(place, (None, 0))[0] or self.lex.names.get(place, (None, ""))[0]
        if known is None or start < 0:
            return []
        entity_id = res.add(known.entity_id, Draft(known.kind, known.name, known.country_code, True))
        end = start + len(place)
        found = [Mention(entity_id, article.text[start:end], start, end, 0, "dateline")]
        after = _DATELINE_REGION.match(article.text, end, article.dateline_end)
        region = self.lex.names.get(after["region"], (None, ""))[0] if after else None
        if after is not None and region is not None and region.kind in {"country", "place"}:
            region_id = res.add(region.entity_id, Draft(region.kind, region.name, region.country_code, True))
            found.append(
                Mention(region_id, after["region"], after.start("region"), after.end("region"), 0, "dateline")
            )
        return found


# ", Kenya" after a dateline's place: a region or country, up to the date, the source or the dash.
_DATELINE_REGION = re.compile(r",[ \t]*(?P<region>[A-Z][\w'-]*(?: [A-Z][\w'-]*)*)(?=[ \t]*[,(\d\n–—-])")


def _without_article(name: str) -> str:
    folded = name.casefold()
    return folded.removeprefix("the ")


def corrections(
    mentions: list[Mention], drafts: dict[str, Draft], evidence: Mapping[tuple[str, str], str]
) -> list[Correction]:
    """One row per spelling variant normalized to its entity's canonical name, with the evidence."""
    counts = Counter(
        (m.entity_id, m.text, m.method, m.score) for m in mentions if m.method in {"fuzzy", "alias"}
    )
    rows = []
    for (entity_id, text, method, score), count in sorted(counts.items()):
        name = drafts[entity_id].name
        if text == name:
            continue
        if method == "fuzzy":
            why = evidence[(entity_id, text)]
        else:
            similarity = fuzz.ratio(text, name)
            if similarity < VARIANT_SIMILARITY or _without_article(text) == _without_article(name):
                continue  # another name (an acronym), or the same with "The": not a spelling of it
            score = round(similarity / 100, 4)
            why = f"reference data: listed as another spelling of {name!r}"
        rows.append(Correction(entity_id, text, name, method, count, score, why))
    return rows


def _defined_acronyms(doc: Doc, res: Resolution) -> None:
    """'Council of Heads of States (CHS)': the acronym the text defines after a body's name is that
    body, wherever it is written, rather than a body of its own."""
    texts = tokens(doc).text
    owner: dict[str, str] = {}
    for item in res.resolved:
        end = item.cand.end
        if item.cand.kind not in {"organization", "group"} or end + 2 >= len(texts):
            continue
        if texts[end] == "(" and texts[end + 2] == ")" and texts[end + 1].isupper():
            words = [w for w in texts[item.cand.start : end] if w[:1].isupper()]
            if defines(texts[end + 1], [w[0] for w in words]):
                owner.setdefault(texts[end + 1], item.entity_id)
    if not owner:
        return
    merged = set()
    for item in res.resolved:
        target = owner.get(texts[item.cand.start]) if item.cand.end - item.cand.start == 1 else None
        if target is not None and item.cand.method == CONTEXT and item.entity_id != target:
            merged.add(item.entity_id)
            item.entity_id, item.method = target, "coreference"
    for entity_id in merged:
        res.drafts.pop(entity_id, None)


# Courtesy titles that tell a person's gender: "Mr. Alves" is not "Marta Alves".
# Words that bring in a person as someone's relative: "his wife Ana Ruiz", "Ruiz's son, Pedro Ruiz".
_KIN = frozenset(
    {"wife", "husband", "son", "daughter", "father", "mother", "brother", "sister", "widow", "widower",
     "cousin", "uncle", "aunt", "nephew", "niece", "grandson", "granddaughter", "grandfather",
     "grandmother", "stepson", "stepdaughter", "spouse", "sons", "daughters", "brothers", "sisters"}
)  # fmt: skip


def _kin(doc: Doc, start: int) -> bool:
    """Whether a kinship word introduces the name starting at token `start`, a comma allowed between."""
    texts = tokens(doc).text
    i = start - 1
    if i >= 0 and texts[i] == ",":
        i -= 1
    return i >= 0 and texts[i].lower() in _KIN


_COURTESY = {"Mr": "he", "Mrs": "she", "Ms": "she", "Miss": "she", "Sir": "he", "Dame": "she", "Lady": "she"}


def _pronoun(person: PersonSpellings) -> str | None:
    """'he' or 'she' as a person's given name tells, if any of their names has one."""
    for name in person.names():
        words = name.split()
        if len(words) >= 2 and (pronoun := pronoun_of(words[0])) is not None:
            return pronoun
    return None
