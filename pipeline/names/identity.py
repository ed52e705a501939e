"""One person across articles: person entities whose names are one name written two ways share one id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from pipeline.names.similarity import Verdict, fold, is_initial, likeness, split

# The differences that join two articles' persons (`similarity.likeness` reasons): a name written
# without its middle name, with initials, accents or another transliteration. A misspelling does not:
# across articles, "Kahn" and "Kuhn" are two people far more often than one person misspelled, and a
# surname alone ("Clinton") names no one outside its article.
JOINING = frozenset(
    {
        "surname accents",
        "surname transliteration",
        "same given name",
        "given name accents",
        "given name transliteration",
        "initials",
        "middle name omitted",
    }
)


@dataclass(frozen=True, slots=True)
class _Person:
    entity_id: str
    name: str
    country_code: str | None
    in_reference: bool

    def rank(self) -> tuple[bool, int, int, int, str]:
        """The canonical one sorts first: known to the reference data, then the fullest name."""
        given = split(self.name)[0]
        initials = sum(is_initial(word) for word in given)
        return (not self.in_reference, -(len(given) - initials), initials, -len(self.name), self.entity_id)


def _one_person(a: _Person, b: _Person) -> bool:
    """Whether nothing tells two persons apart and their names read as one name, written two ways."""
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False  # another country: two people
    if a.in_reference and b.in_reference:
        return False  # the reference data lists them as two
    found = likeness(a.name, b.name)
    return (
        found is not None
        and found.verdict is Verdict.SAME
        and all(reason in JOINING for reason in found.reason.split("; "))
    )


def canonical_ids(entities: pd.DataFrame) -> pd.Series:
    """The canonical entity id of each row of an entities table, in its order (its own id unless joined).

    Persons are joined only where every pair of a group reads as one person (`_one_person`): "Recep
    Erdogan", "R. T. Erdogan" and "Recep Tayyip Erdogan" join; "George Bush" beside both "George W.
    Bush" and "George H. W. Bush" joins neither, since those two are not one person. The result depends
    on the set of entities alone, never on their order, so any --jobs, engine or chunking gives it.
    """
    ids = entities["entity_id"].astype(str).tolist()
    canonical = dict(zip(ids, ids, strict=True))
    persons = entities.loc[entities["kind"] == "person"]
    groups: defaultdict[tuple[str, str], list[_Person]] = defaultdict(list)
    for entity_id, name, country, known in zip(
        persons["entity_id"], persons["name"], persons["country_code"], persons["in_reference"], strict=True
    ):
        given, surname = split(str(name))
        if given and surname:
            person = _Person(
                str(entity_id), str(name), None if pd.isna(country) else str(country), bool(known)
            )
            # Names that may join have surnames with one folded key and given names starting alike.
            groups[(fold(surname), fold(given[0])[:1])].append(person)
    for group in groups.values():
        if len(group) > 1:
            for members in _cliques(sorted(group, key=lambda p: p.entity_id)):
                chosen = min(members, key=_Person.rank)
                for member in members:
                    canonical[member.entity_id] = chosen.entity_id
    return pd.Series([canonical[i] for i in ids], index=entities.index, dtype=entities["entity_id"].dtype)


def _cliques(people: list[_Person]) -> list[list[_Person]]:
    """The connected groups of alike persons in which every pair is alike; the others are left apart."""
    linked = {(a.entity_id, b.entity_id) for a, b in combinations(people, 2) if _one_person(a, b)}
    parent = {p.entity_id: p.entity_id for p in people}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in linked:
        parent[root(a)] = root(b)
    by_root: defaultdict[str, list[_Person]] = defaultdict(list)
    for person in people:
        by_root[root(person.entity_id)].append(person)
    return [
        members
        for members in by_root.values()
        if len(members) > 1 and all((a.entity_id, b.entity_id) in linked for a, b in combinations(members, 2))
    ]
