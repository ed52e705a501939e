"""Find titles held by people ("Kenya's Ambassador to Japan Peter Kamau") and the countries of the posts."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.util import filter_spans

from pipeline.model import Mention, Role
from pipeline.names.find import NameFinder
from pipeline.names.resolve import Draft, Resolution, Resolved

# Words between a plural title and the names it introduces ("Foreign Ministers of the two countries X and Y").
_MAX_SKIP = 5
SAME_POST = "*"  # titles.csv: "counterpart" holds the post of the person it is set against


@dataclass(slots=True)
class _Title:
    start: int  # first token, with a country before it ("Kenya's", "Chilean")
    end: int  # token after the title and its "of/to X" complements
    title: str
    belongs_to: str
    of_id: str | None
    to_id: str | None


def _sentence_of(doc: Doc, token: int) -> tuple[int, int]:
    sent = doc[token].sent
    return sent.start, sent.end


class RoleFinder:
    """Titles before names, and titles that stand for a person named elsewhere in the article."""

    def __init__(self, finder: NameFinder) -> None:
        self.finder = finder
        self.lex = finder.lex

    def _titles(self, doc: Doc, res: Resolution, first: int) -> list[_Title]:
        matches = {
            (s, e): phrase
            for label, s, e, phrase in self.finder.titles(doc)
            if label == "TITLE" and s >= first
        }
        found = []
        for span in filter_spans([doc[s:e] for s, e in matches]):
            inside = res.at(span.start)
            if inside is not None and inside.cand.kind != "person":
                continue  # "Council of Foreign Ministers" names a body, not a post
            title, belongs = self.lex.titles[matches[(span.start, span.end)].lower()]
            start, end, of_id, to_id = span.start, span.end, None, None
            before = res.at(start - 1) if start > 0 else None
            if start > 1 and doc[start - 1].text in {"'s", "'"}:
                before = res.at(start - 2)
            if before is not None and before.cand.kind in {"country", "organization"}:
                of_id, start = before.entity_id, before.cand.start
            if end < len(doc) and doc[end].lower_ in {"of", "for"}:
                j = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ == "the")
                after = res.at(j) if j < len(doc) else None
                if after is not None and after.cand.kind in {"country", "organization"}:
                    of_id = of_id or after.entity_id
                    end = after.cand.end
            if end + 1 < len(doc) and doc[end].lower_ == "to":
                after = res.at(end + 1)
                if after is not None and after.cand.kind == "country":
                    to_id, end = after.entity_id, after.cand.end
            found.append(_Title(start, end, title, belongs, of_id, to_id))
        return found

    def _holders(self, doc: Doc, res: Resolution, title: _Title) -> list[Resolved]:
        """The people a title introduces: 'Foreign Minister X', 'Foreign Ministers ... X and Y'."""
        j = title.end
        if j < len(doc) and doc[j].text == ",":
            j += 1
        item = res.at(j) if j < len(doc) else None
        if (item is None or item.cand.kind != "person") and j < len(doc) and doc[j].lower_ == "of":
            sent_end = _sentence_of(doc, j)[1]
            k = next((k for k in range(j + 1, min(j + _MAX_SKIP + 2, sent_end)) if res.at(k)), None)
            j = k if k is not None else j
        people: list[Resolved] = []
        while j < len(doc):
            item = res.at(j)
            if item is None or item.cand.kind != "person" or item.cand.start != j:
                break
            people.append(item)
            j = item.cand.end
            if j + 1 < len(doc) and doc[j].lower_ in {"and", ","}:
                j += 1
            else:
                break
        return people

    def find(
        self, doc: Doc, res: Resolution, sentences: list[int], first: int
    ) -> tuple[list[Role], list[Mention]]:
        """Roles written out, then titles used in place of a name ('the Russian Foreign Minister')."""
        roles: dict[tuple[str, int, int], Role] = {}
        held: dict[str, set[tuple[str, str | None]]] = {}  # person -> {(title, of_id)}
        pending: list[_Title] = []
        titles = self._titles(doc, res, first)
        for title in titles:
            people = self._holders(doc, res, title)
            if not people:
                pending.append(title)
            for person in people:
                of_id = (
                    title.of_id
                    or self._of_after(doc, res, person)
                    or self._home(res, person.entity_id, title.belongs_to)
                )
                self._country_from_post(res, person.entity_id, of_id, title.belongs_to)
                role = self._role(
                    doc, person.entity_id, title.title, of_id, title.to_id, title.start, person.cand.end
                )
                roles[(role.person_id, role.start, role.end)] = role
                held.setdefault(person.entity_id, set()).add((title.title, of_id))
        mentions = []
        for title in pending:
            person_id, post = self._referent(doc, res, title, held)
            if person_id is None:
                continue
            role = self._role(doc, person_id, post, title.of_id, title.to_id, title.start, title.end)
            roles[(role.person_id, role.start, role.end)] = role
            mentions.append(
                Mention(person_id, role.text, role.start, role.end, sentences[title.start], "role")
            )
        return sorted(roles.values(), key=lambda r: (r.start, r.end)), mentions

    def _role(
        self, doc: Doc, person_id: str, title: str, of_id: str | None, to_id: str | None, start: int, end: int
    ) -> Role:
        span = doc[start:end]
        return Role(person_id, title, of_id, to_id, span.text, span.start_char, span.end_char)

    @staticmethod
    def _of_after(doc: Doc, res: Resolution, person: Resolved) -> str | None:
        """'Foreign Minister Marta Quispe of Peru': the body named right after the holder."""
        j = person.cand.end
        if j + 1 >= len(doc) or doc[j].lower_ != "of":
            return None
        j += 1 + (doc[j + 1].lower_ == "the")
        after = res.at(j) if j < len(doc) else None
        if after is not None and after.cand.start == j and after.cand.kind in {"country", "organization"}:
            return after.entity_id
        return None

    def _home(self, res: Resolution, person_id: str, belongs_to: str) -> str | None:
        """A national post with no country written belongs to the holder's own country, when known."""
        code = res.drafts[person_id].country_code
        if belongs_to != "country" or code is None or code not in self.lex.countries:
            return None
        country = self.lex.countries[code]
        return res.add(country.entity_id, Draft("country", country.name, code, True))

    @staticmethod
    def _country_from_post(res: Resolution, person_id: str, of_id: str | None, belongs_to: str) -> None:
        person = res.drafts[person_id]
        if person.country_code is None and of_id is not None and belongs_to == "country":
            person.country_code = res.drafts[of_id].country_code

    def _referent(
        self, doc: Doc, res: Resolution, title: _Title, held: dict[str, set[tuple[str, str | None]]]
    ) -> tuple[str | None, str]:
        """Who a bare title stands for: the one person in the article known to hold that post."""
        post = title.title
        if post == SAME_POST:
            # "his Russian counterpart": the post of the last person named before it in the sentence.
            sent_start = _sentence_of(doc, title.start)[0]
            before = [
                r
                for r in res.resolved
                if r.cand.kind == "person" and sent_start <= r.cand.start < title.start
            ]
            posts = {t for t, _ in held.get(before[-1].entity_id, set())} if before else set()
            if len(posts) != 1:
                return None, post
            post = posts.pop()
        holders = [
            person
            for person, posts in held.items()
            if any(t == post and (title.of_id is None or of == title.of_id) for t, of in posts)
        ]
        return (holders[0], post) if len(holders) == 1 else (None, post)
