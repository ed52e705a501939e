"""The one definition of "these two spellings may be one name", shared by resolution and validation."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

import gender_guesser.detector
from anyascii import anyascii
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

_FOLD_CACHE = 200_000
# Lower-case particles inside personal names ("Osama bin Laden", "Ludwig van Beethoven"): part of the
# surname, which a lone mention keeps ("De Smet" for "Pieter De Smet").
PARTICLES = frozenset(
    {"bin", "ibn", "al", "el", "van", "von", "de", "da", "der", "del", "la", "le", "du", "dos", "di"}
)
# Generational suffixes end a name ("Ana Robles Jr.") and are never its surname; two different ones
# name two people, a father and his son.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_DOUBLED = re.compile(r"(.)\1+")
# An English word at least this frequent (Zipf scale: 3 is once in a million words; "bitter" is 4.2, a
# misspelled surname is below 2) is an everyday word, not pulled into a name on its spelling alone.
EVERYDAY_ZIPF = 3.0
# A word or name at least this frequent (about once in 50 million words) is a spelling in use.
ATTESTED_ZIPF = 1.75
# A word this frequent (about once in 10,000 words: "eyes", "king") is not read as a slip even where the
# text shows a name; rarer ones ("Moller", "Ramus", "Levi") may be.
COMMON_ZIPF = 4.0
# The differences a single slip of the pen makes: what `named_slip` accepts.
SLIGHT = frozenset({"1 edit", "doubled letter", "transliteration", "accents", "same"})


class Verdict(StrEnum):
    """How sure the spelling alone makes it that two names are one person's."""

    SAME = "same"  # one name written two ways: merged by resolution, an error if two entities remain
    MAYBE = "maybe"  # both given names are real and differ ("Jon"/"John"): a reviewer decides


@dataclass(frozen=True, slots=True)
class Likeness:
    """Why two names read as one: the verdict and the differences, in words ("surname 1 edit")."""

    verdict: Verdict
    reason: str


@lru_cache(maxsize=1)
def _transliterations() -> tuple[tuple[str, str, str], ...]:
    text = resources.files("pipeline").joinpath("reference", "transliterations.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((row["from"], row["to"], row["where"]) for row in csv.DictReader(lines))


@lru_cache(maxsize=1)
def given_names() -> gender_guesser.detector.Detector:
    """The given-name dictionary (a second to load), once per process."""
    # gender-guesser ships a dictionary of ~45,000 given names from many countries; only membership is
    # used. names-dataset knows surnames too, but holds its 1.7 million names in several GB of memory
    # per process, which a worker pool cannot afford.
    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=_FOLD_CACHE)
def is_given_name(word: str) -> bool:
    """Whether `word` is in the given-name dictionary ("William" is, "Willam" is not)."""
    return len(word) > 1 and given_names().get_gender(word) != "unknown"


def pronoun_of(given: str, sure: bool = False) -> str | None:
    """'he' or 'she' for a given name the name dictionary knows as one or the other, else None; with
    `sure`, only for a name it knows as one alone ("Terry" is mostly, not only, a man's name)."""
    gender = given_names().get_gender(given) if len(given) > 1 else "unknown"
    if gender == "male" or (gender == "mostly_male" and not sure):
        return "he"
    if gender == "female" or (gender == "mostly_female" and not sure):
        return "she"
    return None


@lru_cache(maxsize=_FOLD_CACHE)
def _zipf(word: str) -> float:
    # An initial ("M.") is no word, although wordfreq reads it as the frequent letter "m".
    return 0.0 if is_initial(word) else zipf_frequency(word.lower(), "en")


def attested(word: str) -> bool:
    """Whether `word` is a spelling in use, a word or a name ("Johnston", "Kante"), not a slip ("Macrom").

    wordfreq's English lists hold the names that news and the web write often enough; a misspelling
    is almost never among them. A stand-in for a surname dictionary (see `_given_names`).
    """
    return _zipf(word) >= ATTESTED_ZIPF


def everyday(word: str) -> bool:
    """Whether `word`, in lower case, is a common English word (wordfreq's frequency lists)."""
    return _zipf(word) >= EVERYDAY_ZIPF


@lru_cache(maxsize=_FOLD_CACHE)
def plain(word: str) -> str:
    """Lower case, ASCII letters only: 'Erdoğan' -> 'erdogan', "O'Neill" -> 'oneill'."""
    return "".join(ch for ch in anyascii(word).lower() if ch.isalpha())


@lru_cache(maxsize=_FOLD_CACHE)
def fold(word: str) -> str:
    """A key that spellings of one name share: accents, transliterations and doubled letters removed.

    'Erdoğan' -> 'erdogan', 'Lavroff' -> 'lavrov', 'Sergei'/'Sergey' -> 'sergei', 'Odingaa' -> 'odinga'.
    """
    key = plain(word)
    for old, new, where in _transliterations():
        if where == "end":
            key = key[: -len(old)] + new if key.endswith(old) else key
        elif where == "start":
            key = new + key[len(old) :] if key.startswith(old) else key
        elif where == "inner":
            key = key[:1] + key[1:].replace(old, new)
        else:
            key = key.replace(old, new)
    return _DOUBLED.sub(r"\1", key)


def max_edits(a: str, b: str) -> int:
    """Edits a misspelling may make in a word, by the longer spelling: one from 4 letters, two from 7.

    The longer one counts, since a deletion shortens the word ("Kig" for "King"); a word of under 3
    letters is never judged.
    """
    if min(len(a), len(b)) < 3:
        return 0
    longer = max(len(a), len(b))
    return 0 if longer < 4 else 1 if longer < 7 else 2


def _plural(word: str, other: str) -> bool:
    return other == word + "s" and not word.endswith("s")


def word_likeness(a: str, b: str, min_edits: int = 0) -> str | None:
    """How two spellings of one word differ ("1 edit", "accents"), or None when they are two words.

    A misspelling keeps the first letter: "Biar" ~ "Bitar", but "Bitar" !~ "Qitar". `min_edits` lets
    short words differ too.
    """
    if a.casefold() == b.casefold():
        return "same"  # a slip of case is no second spelling
    pa, pb = plain(a), plain(b)
    if not pa or not pb or _plural(pa, pb) or _plural(pb, pa):
        return None  # no letters ("4-43"), or a family's plural ("the Clintons")
    if pa == pb:
        return "accents"
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return "doubled letter" if _DOUBLED.sub(r"\1", pa) == _DOUBLED.sub(r"\1", pb) else "transliteration"
    if pa[0] != pb[0]:
        return None
    limit = max(min_edits, max_edits(pa, pb))
    edits = min(OSA.distance(pa, pb, score_cutoff=limit + 1), OSA.distance(fa, fb, score_cutoff=limit + 1))
    return f"{edits} edit{'s' if edits > 1 else ''}" if edits <= limit else None


def may_be_slip(word: str, how: str | None) -> bool:
    """Whether `word`, differing from another spelling as `how` says (`word_likeness`), may be a slip.

    A spelling in use is another name ("Kante" beside "Kane"), unless it differs only in case or accents.
    """
    return how is not None and (how in ("same", "accents") or not attested(word))


def named_slip(word: str, how: str) -> bool:
    """Whether `word`, a rare spelling in use, may still be a slip where the text shows it is one.

    The caller brings that evidence: the word is written once, alone, never with a given name, in a
    place where only a name goes (capitalized inside a sentence, or before "said" or "'s"). News names
    a new person in full first, so a lone "Moller" one letter from the "Miller" of the article is far
    likelier a slip than a second, never introduced person. A frequent word ("Eyes") or a surname two
    edits away is no slip on that evidence.
    """
    return how in SLIGHT and not common(word)


def slip(word: str, how: str | None, named: bool = False) -> bool:
    """Whether `word` may be a slip of a spelling it differs from as `how` says: on spelling alone
    (`may_be_slip`), or, where the text shows a name (`named`), also a rare spelling in use."""
    return may_be_slip(word, how) or (named and how is not None and named_slip(word, how))


def common(word: str) -> bool:
    """Whether `word` is too frequent a word or name for a lone use of it to be read as a slip."""
    return _zipf(word) >= COMMON_ZIPF


def is_initial(word: str) -> bool:
    """'R.' or 'R' in a name."""
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def _given_part(a: str, b: str) -> bool:
    """Two given names or initials that may name one person ("R." ~ "Recep", "Sergei" ~ "Sergey")."""
    if is_initial(a) or is_initial(b):
        return fold(a)[:1] == fold(b)[:1]
    return fold(a) == fold(b)


def _given_likeness(a: tuple[str, ...], b: tuple[str, ...]) -> Likeness | None:
    if not a or not b:
        return Likeness(Verdict.SAME, "surname alone")
    if len(a) == len(b) and all(_given_part(x, y) for x, y in zip(a, b, strict=True)):
        if any(is_initial(x) != is_initial(y) for x, y in zip(a, b, strict=True)):
            return Likeness(Verdict.SAME, "initials")
        hows = [word_likeness(x, y) for x, y in zip(a, b, strict=True)]
        how = next((h for h in hows if h != "same"), None)
        return Likeness(Verdict.SAME, "same given name" if how is None else f"given name {how}")
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    if len(shorter) == 1 < len(longer) and _given_part(shorter[0], longer[0]):
        # "Recep Erdogan" ~ "Recep Tayyip Erdogan". A shorter form with middle names of its own must
        # match them all: "George W. Bush" and "George H. W. Bush" are two people.
        return Likeness(Verdict.SAME, "middle name omitted")
    if len(a) != len(b):
        return None
    # One given name misspelled: 'Pitor' ~ 'Piotr' is one name; 'Jon' ~ 'John' may be two people.
    differing = [(x, y) for x, y in zip(a, b, strict=True) if not _given_part(x, y)]
    if len(differing) != 1:
        return None
    x, y = differing[0]
    how = word_likeness(x, y, min_edits=1)  # given names are short: "Jon" ~ "John" is worth a look
    if how is None:
        return None
    if is_given_name(x) and is_given_name(y):
        return Likeness(Verdict.MAYBE, f"given names {x!r} and {y!r} are both real")
    return Likeness(Verdict.SAME, f"given name {how}")


@lru_cache(maxsize=_FOLD_CACHE)
def split(name: str) -> tuple[tuple[str, ...], str]:
    """Given names (or initials) and surname of a name: 'R. T. Erdogan' -> (('R.', 'T.'), 'Erdogan').

    Particles belong to the surname: 'Pieter De Smet' -> (('Pieter',), 'De Smet').
    """
    words = tuple(w for w in name.split() if w != "-")
    if len(words) > 1 and is_suffix(words[-1]):
        words = words[:-1]  # 'Ana Robles Jr.': the surname is 'Robles'
    if not words:
        return (), ""
    first = len(words) - 1
    while first > 0 and words[first - 1].lower() in PARTICLES:
        first -= 1
    return words[:first], " ".join(words[first:])


def is_suffix(word: str) -> bool:
    """Whether `word` is a generational suffix: "Jr.", "Sr", "II", "III", "IV"."""
    return word.rstrip(".,").casefold() in SUFFIXES


def suffix_of(name: str) -> str:
    """The generational suffix ending a name, without its point ("jr" for "Ana Robles Jr."), else ""."""
    words = name.split()
    return words[-1].rstrip(".,").casefold() if len(words) > 1 and is_suffix(words[-1]) else ""


def surname_word(name: str) -> str:
    """The last word of a name's surname: "Smet" for "Pieter De Smet", "Robles" for "Ana Robles Jr."."""
    surname = split(name)[1]
    return surname.split()[-1] if surname else ""


@lru_cache(maxsize=_FOLD_CACHE)
def likeness(a: str, b: str) -> Likeness | None:
    """Whether two person names read as one name, and why; None when they name two people.

    Surnames must be one word spelled two ways (`word_likeness`); given names equal, transliterated,
    initials of each other, one missing a middle name, or one misspelled. Two different given names
    that are both real ("Jon"/"John") give MAYBE; two unrelated ones ("Bill"/"Hillary") give None.
    """
    given_a, surname_a = split(a)
    given_b, surname_b = split(b)
    if not surname_a or not surname_b or a == b:
        return None
    if suffix_of(a) and suffix_of(b) and suffix_of(a) != suffix_of(b):
        return None  # "Ana Robles Jr." and "Ana Robles Sr.": two people
    surname = word_likeness(surname_a, surname_b)
    if surname is None or (surname == "same" and not (given_a and given_b)):
        return None  # two names, or a surname alone beside the full name: a short reference
    if any(not g and not may_be_slip(s, surname) for g, s in ((given_a, surname_a), (given_b, surname_b))):
        return None  # "Miles" beside "Ana Miller": a word in use, written alone, is not read as a slip

    given = _given_likeness(given_a, given_b)
    if given is None:
        return None
    reasons = [r for r in (f"surname {surname}" if surname != "same" else "", given.reason) if r]
    if given.verdict is Verdict.SAME and given.reason.startswith("same") and surname == "same":
        return None  # the same name written the same way (with hyphens apart)
    return Likeness(given.verdict, "; ".join(reasons))


def mergeable(a: str, b: str) -> bool:
    """Whether resolution may join two spellings as one person: alike, and one of them a slip.

    Stricter than `likeness`, which the contract's rules use: two surnames that are both spellings in
    use ("Kahn"/"Kuhn", "Johnston"/"Johnson") are alike but may be two people, so they are not merged;
    if both stay in one article with the same given name, validation fails and a reviewer decides.
    """
    found = likeness(a, b)
    if found is None or found.verdict is not Verdict.SAME:
        return False
    surname_a, surname_b = split(a)[1], split(b)[1]
    how = word_likeness(surname_a, surname_b)
    return may_be_slip(surname_a, how) or may_be_slip(surname_b, how)
