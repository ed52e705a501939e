"""A person's spellings in one article, and the canonical one chosen by evidence, never by order."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.lexicon import Known, slug
from pipeline.names.similarity import fold, is_given_name, is_initial, split, surname_word, word_likeness


@dataclass(frozen=True, slots=True)
class Choice:
    """The spelling chosen (None when the evidence does not decide) and the evidence, in words."""

    value: str | None
    evidence: str


def choose(
    options: Sequence[str],
    counts: Mapping[str, int],
    titled: Collection[str],
    known: Callable[[str], bool] | None = None,
    full: Collection[str] = (),
) -> Choice:
    """One of `options` by the first evidence that singles one out.

    In order: the name dictionary (`known`: "William" is a given name, "Willam" is not); the majority of
    mentions (`counts`); the form introduced with a title (`titled`: "President William Ruto"); the
    form written with the given name (`full`), where a writer spells a name with care, against one only
    ever written alone. When none decides, `value` is None: the caller keeps the spellings apart rather
    than guess.
    """
    options = sorted(set(options))
    if len(options) == 1:
        return Choice(options[0], "")
    if known is not None:
        real = [o for o in options if known(o)]
        if len(real) == 1:
            others = ", ".join(repr(o) for o in options if o != real[0])
            return Choice(real[0], f"name dictionary: {real[0]!r} is a known name, {others} not")
    top = max(counts.get(o, 0) for o in options)
    best = [o for o in options if counts.get(o, 0) == top]
    if len(best) == 1:
        total = sum(counts.get(o, 0) for o in options)
        return Choice(best[0], f"majority: {best[0]!r} in {top} of {total} mentions")
    with_title = [o for o in best if o in titled]
    if len(with_title) == 1:
        return Choice(with_title[0], f"introduced with a title: {with_title[0]!r}")
    in_full = [o for o in best if o in full]
    if len(in_full) == 1:
        return Choice(in_full[0], f"written with the given name: {in_full[0]!r}")
    return Choice(None, "undecided: " + ", ".join(f"{o!r} ({counts.get(o, 0)})" for o in options))


@lru_cache(maxsize=100_000)
def _surname_forms(name: str) -> tuple[str, str]:
    return split(name)[1], surname_word(name)


@dataclass(slots=True, eq=False)
class PersonSpellings:
    """One person's spellings in an article, gathered before the canonical name is chosen."""

    known: Known | None = None
    spellings: list[str] = field(default_factory=list)  # full names that joined, before they are counted
    full: Counter[str] = field(default_factory=Counter)  # full-name spelling -> mentions
    lone: Counter[str] = field(default_factory=Counter)  # lone-surname spelling -> mentions
    titled: set[str] = field(default_factory=set)  # spellings a title introduces
    how: dict[str, str] = field(default_factory=dict)  # spelling -> how it matched the reference data
    first: int = sys.maxsize  # token of the first full-name mention
    lone_first: int = sys.maxsize  # token of the first lone-surname mention
    kin: bool = False  # brought in as someone's relative ("his wife, Ana Ruiz")
    name: str | None = None  # the canonical name, once decided
    evidence: dict[str, str] = field(default_factory=dict)  # "given" | "surname" | "*" -> why
    parts: dict[str, PersonSpellings] | None = None  # undecided: each spelling is its own person
    id_suffix: str = ""  # set when two spellings kept apart would share an id

    def names(self) -> list[str]:
        return ([self.known.name] if self.known else []) + self.spellings

    def surnames(self) -> set[str]:
        """Its surnames as a lone mention writes them: with particles and without ("De Smet", "Smet")."""
        names = self.names()
        if not names:
            return set(self.lone)
        return {form for n in names for form in _surname_forms(n)}

    def add(self, name: str, start: int, titled: bool) -> None:
        if split(name)[0]:
            self.full[name] += 1
            self.first = min(self.first, start)
            if name not in self.spellings:
                self.spellings.append(name)
        else:
            self.lone[name] += 1
            self.lone_first = min(self.lone_first, start)
        if titled:
            self.titled.add(name)

    def decide(self) -> None:
        """Choose the canonical name by evidence; when none decides, keep each spelling apart."""
        if self.known is not None:
            self.name = self.known.name
            self.evidence["*"] = f"reference data: {self.known.name!r}"
            return
        if not self.full:
            choice = choose(list(self.lone), self.lone, self.titled)
            self.name = choice.value
            self.evidence["surname"] = choice.evidence
            if choice.value is None:
                self.parts = {w: PersonSpellings(name=w) for w in self.lone}
            return
        if len(self.full) == 1 and self.surnames().issuperset(self.lone):
            self.name = next(iter(self.full))  # one spelling, written alike everywhere: nothing to decide
            return
        parts = {s: split(s) for s in self.full}
        surnames: Counter[str] = Counter()
        for spelling, n in self.full.items():
            surnames[parts[spelling][1]] += n
        # A lone "Berk" is the surname "Van Berk" written without its particle, not another spelling.
        with_particle = {surname.split()[-1]: surname for _, surname in parts.values()}
        for word, n in self.lone.items():
            surnames[with_particle.get(word, word)] += n
        surname = choose(
            list(surnames), surnames, {split(s)[1] for s in self.titled}, full=[p[1] for p in parts.values()]
        )
        forms = [parts[s][0] for s in self.full]
        # The fullest form is canonical: spelled-out names over initials, a middle name over none.
        spelled = [f for f in forms if not any(is_initial(w) for w in f)] or forms
        longest = max(len(f) for f in spelled)
        given_counts: Counter[str] = Counter()
        for spelling, n in self.full.items():
            given_counts[" ".join(parts[spelling][0])] += n
        given = choose(
            [" ".join(f) for f in spelled if len(f) == longest],
            given_counts,
            {" ".join(split(s)[0]) for s in self.titled},
            known=lambda g: all(is_given_name(w) for w in g.split()),
        )
        if surname.value is None or given.value is None:
            self.parts = {s: PersonSpellings(name=s) for s in self.full}
            # Spellings kept apart that share an id ("Peter Männ", "Peter Mann") each get their own,
            # from the spelling itself, so that neither order of mention nor chance picks one.
            ids = Counter(slug(s) for s in self.full)
            for spelling, part in self.parts.items():
                if ids[slug(spelling)] > 1:
                    part.id_suffix = "-" + hashlib.sha256(spelling.encode()).hexdigest()[:6]
            return
        self.name = f"{given.value} {surname.value}"
        self.evidence = {"surname": surname.evidence, "given": given.evidence}

    def part_of(self, name: str) -> PersonSpellings | None:
        """The person a spelling names once the spellings were kept apart (None: the text does not say)."""
        if self.parts is None:
            return self
        if name in self.parts:
            return self.parts[name]
        owners = [p for s, p in self.parts.items() if split(s)[1] == name]
        if len(owners) > 1:
            return None  # a surname two of the spellings share: the text does not say whose
        if not owners:
            # A misspelled lone surname the evidence cannot place stays a person of its own, which the
            # contract's near-duplicate rule then fails: a reviewer decides.
            self.parts[name] = PersonSpellings(name=name)
            owners = [self.parts[name]]
        return owners[0]

    def spelled_differently(self, name: str) -> str | None:
        """Why a mention's spelling differs from the canonical one, or None when it only leaves words out."""
        assert self.name is not None
        given, surname = split(name)
        canonical_given, canonical_surname = split(self.name)
        found = []
        how = word_likeness(surname, canonical_surname)
        if how != "same":
            how = how or "more than a misspelling"
            found.append((f"surname {surname!r} differs from {canonical_surname!r} by {how}", "surname"))
        for word in given:
            if word in canonical_given or any(
                is_initial(word) and fold(word)[:1] == fold(c)[:1] for c in canonical_given
            ):
                continue
            near = [(c, word_likeness(word, c)) for c in canonical_given]
            c, how = next(((c, h) for c, h in near if h is not None), (canonical_given[0], None))
            found.append(
                (f"given name {word!r} differs from {c!r} by {how or 'more than a misspelling'}", "given")
            )
        if not found:
            return None
        why = [text for text, _ in found]
        decided = [self.evidence.get("*", "")] + [self.evidence.get(part, "") for _, part in found]
        return "; ".join([*why, *dict.fromkeys(d for d in decided if d)])
