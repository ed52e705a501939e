"""Resolve name candidates to entities: one per real person, place or organization, variants corrected."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc

from pipeline.extract.names import Candidate, NameFinder
from pipeline.lexicon import Known, Lexicon, slug
from pipeline.model import Article, Correction, Entity, Mention
from pipeline.nlp import tokens

# A misspelled given name is at most this many edits from the canonical one ("Pitor" ~ "Piotr").
MAX_GIVEN_NAME_EDITS = 2
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
    dateline: Mention | None = None

    def at(self, token: int) -> Resolved | None:
        """The resolved name covering token index `token`, if any."""
        for item in self.resolved:
            if item.cand.start <= token < item.cand.end:
                return item
        return None

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
        res.resolved.sort(key=lambda r: r.cand.start)
        if article.dateline_place:
            res.dateline = self._dateline(article, res)
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
        method = "model" if cand.method == "model" else "exact"
        return Resolved(cand, res.add(f"{cand.kind}:{slug(name)}", draft), method)

    def _short_forms(self, doc: Doc, res: Resolution) -> None:
        """'Joint Commission' after 'Joint Commission on Fisheries and Forestry' is the same body."""
        ruled = [r for r in res.resolved if r.cand.method == "rule" and r.cand.kind != "person"]
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
        clusters: dict[str, list[str]] = {}  # entity_id -> spellings, canonical first
        found: list[tuple[Candidate, str | None, str, float]] = []
        for cand in people:
            words = _words(doc, cand)
            known = cand.known or self._transliterated(words)
            if known is not None:
                clusters.setdefault(known.entity_id, [known.name])
                res.add(known.entity_id, Draft("person", known.name, known.country_code, True))
                method = cand.method if cand.known else "alias"
                found.append((cand, known.entity_id, method, 1.0))
            else:
                found.append((cand, None, "", 0.0))
        spellings = Counter(_name(doc, c) for c, eid, _, _ in found if eid is None and c.end - c.start >= 2)
        assigned: dict[str, tuple[str, str, float]] = {}
        for spelling, _ in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0])):
            match = self._closest(spelling, clusters)
            if match is None:
                entity_id = f"person:{slug(spelling)}"
                clusters[entity_id] = [spelling]
                res.add(entity_id, Draft("person", spelling, None, False))
                assigned[spelling] = (entity_id, "exact", 1.0)
            else:
                entity_id, score = match
                clusters[entity_id].append(spelling)
                assigned[spelling] = (entity_id, "fuzzy", score)
        last_seen: dict[str, int] = {}
        for cand, known_id, method, score in found:
            name = _name(doc, cand)
            if known_id is not None:
                entity_id = known_id
            elif name in assigned:
                entity_id, method, score = assigned[name]
            elif surname_of := self._by_surname(name, clusters, last_seen):
                entity_id, method, score = surname_of, "surname", 1.0
            else:
                entity_id, method, score = f"person:{slug(name)}", "exact", 1.0
                clusters[entity_id] = [name]
                res.add(entity_id, Draft("person", name, None, False))
            last_seen[entity_id] = cand.start
            res.resolved.append(Resolved(cand, entity_id, method, round(score, 4)))

    def _transliterated(self, words: list[str]) -> Known | None:
        if len(words) >= 2 and words[0] in self.lex.given_names:
            return self.lex.people.get(" ".join([self.lex.given_names[words[0]], *words[1:]]))
        return None

    def _closest(self, spelling: str, clusters: dict[str, list[str]]) -> tuple[str, float] | None:
        """The person a spelling is a variant of: same surname, given name one or two edits off.

        This is the data contract's own definition of a near-duplicate person (schemas/rules.py), so
        whatever the check would flag is merged here first: "Marty"/"Martin" as well as "Surgey"/"Sergey".
        """
        given, _, surname = spelling.rpartition(" ")
        best: tuple[str, float] | None = None
        for entity_id, names in clusters.items():
            c_given, _, c_surname = names[0].rpartition(" ")
            if c_surname.casefold() != surname.casefold() or not c_given or not given:
                continue
            if Levenshtein.distance(given, c_given) <= MAX_GIVEN_NAME_EDITS:
                score = fuzz.ratio(spelling, names[0]) / 100
                if best is None or score > best[1]:
                    best = (entity_id, score)
        return best

    @staticmethod
    def _by_surname(name: str, clusters: dict[str, list[str]], last_seen: dict[str, int]) -> str | None:
        """The person a lone surname refers to: of those with that surname, the one named most recently."""
        same = [
            eid
            for eid, names in clusters.items()
            if names[0].split()[-1] == name and len(names[0].split()) > 1
        ]
        if not same:
            return None
        return max(same, key=lambda eid: last_seen.get(eid, -1))

    def _dateline(self, article: Article, res: Resolution) -> Mention | None:
        place = str(article.dateline_place)
        start = article.text.upper().find(place.upper(), 0, article.dateline_end)
        known = self.lex.cities.get(place, (None, 0))[0] or self.lex.names.get(place, (None, ""))[0]
        if known is None or start < 0:
            return None
        entity_id = res.add(known.entity_id, Draft(known.kind, known.name, known.country_code, True))
        end = start + len(place)
        return Mention(entity_id, article.text[start:end], start, end, 0, "dateline")


def corrections(
    mentions: list[Mention], drafts: dict[str, Draft], is_given_name: Callable[[str], bool]
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
            given, _, surname = text.rpartition(" ")
            canonical_given = name.rpartition(" ")[0]
            edits = Levenshtein.distance(given, canonical_given)
            kind = "a variant of it" if is_given_name(given.split()[0]) else "no known given name"
            evidence = (
                f"same surname {surname!r}; given name {given!r} is {edits} edit(s) from {canonical_given!r} "
                f"and is {kind}"
            )
        else:
            similarity = fuzz.ratio(text, name)
            if similarity < VARIANT_SIMILARITY:
                continue  # another name for it (an acronym, a short form), not a spelling of it
            score = round(similarity / 100, 4)
            evidence = f"listed as another spelling of {name!r} in the reference data"
        rows.append(Correction(entity_id, text, name, method, count, score, evidence))
    return rows
