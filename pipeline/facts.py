"""Run every finder over one article and resolve its names: `Article` in, `ArticleFacts` out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline import language, lexicon, nlp
from pipeline.extract.dates import find_dates
from pipeline.extract.events import EventFinder
from pipeline.extract.figures import find_figures
from pipeline.extract.quotes import QuoteFinder
from pipeline.extract.roles import RoleFinder
from pipeline.model import Article, ArticleFacts, DateFact, FigureFact, Mention
from pipeline.names import similarity
from pipeline.names.find import NameFinder
from pipeline.names.resolve import Resolver, corrections
from pipeline.spans import Disjoint


def outside(figures: list[FigureFact], dates: list[DateFact]) -> list[FigureFact]:
    """Figures that are no part of a temporal expression: "six" in "six months" belongs to the date."""
    taken = Disjoint((d.start, d.end) for d in dates)
    return [f for f in figures if not taken.overlaps(f.start, f.end)]


class Extractor:
    """The NLP pipeline, reference data and matchers, built once and applied to many articles."""

    def __init__(self, model: str | None = None, reference: Path | None = None) -> None:
        self.model = model
        self.reference = reference
        self.nlp = nlp.build(model)
        self.lex = lexicon.load(reference)
        self.names = NameFinder(self.nlp, self.lex)
        self.resolver = Resolver(self.lex, self.names)
        self.roles = RoleFinder(self.names)
        self.events = EventFinder(self.nlp, self.lex)
        self.quotes = QuoteFinder(
            self.lex.speech_verbs,
            frozenset(t.lower() for t in self.lex.titles),
            frozenset(h.lower() for h in self.lex.honorifics),
            self.lex.stance_verbs,
        )
        # Loaded here, before a worker pool forks, so that workers share them instead of each loading
        # its own copy (about a second) with its first article.
        language.identifier()
        similarity.given_names()

    def settings(self) -> dict[str, Any]:
        """What produced the output, recorded beside it so that a run can be reproduced."""
        return {
            "model": self.model,
            "reference": str(self.reference) if self.reference else None,
            "spacy_pipeline": self.nlp.pipe_names,
        }

    def extract(self, article: Article) -> ArticleFacts:
        """Every fact in one article, each with its character span."""
        doc = nlp.parse(self.nlp, article.text)
        sentences = nlp.sentence_index(doc)
        tokens = nlp.tokens(doc)
        first = tokens.first_at(article.dateline_end)
        res = self.resolver.resolve(doc, article, self.names.find(doc, article.dateline_end))
        roles, role_mentions = self.roles.find(doc, res, sentences, first)
        mentions = []
        for r in res.resolved:
            start, end = tokens.start[r.cand.start], tokens.end[r.cand.end - 1]
            # The text a span of tokens covers is the article's text between its ends.
            mention = Mention(
                r.entity_id, article.text[start:end], start, end, sentences[r.cand.start], r.method, r.score
            )
            mentions.append(mention)
        # A title standing for a person ("the Peruvian President") that is also a name found another way
        # (a trained NER's entity) is one mention: the name's.
        named = {(m.start, m.end) for m in mentions}
        mentions += [m for m in role_mentions if (m.start, m.end) not in named]
        mentions += res.datelines
        mentions.sort(key=lambda m: (m.start, m.end))
        dates = find_dates(doc, article)
        entities = {entity_id: (d.kind, d.country_code) for entity_id, d in res.drafts.items()}
        return ArticleFacts(
            article=article,
            n_sentences=len(set(sentences)),
            language=language.detect(article.text[article.dateline_end :]),
            entities=[draft.freeze(entity_id) for entity_id, draft in res.drafts.items()],
            mentions=mentions,
            corrections=corrections(mentions, res.drafts, res.evidence),
            roles=roles,
            dates=dates,
            figures=outside(find_figures(doc, article), dates),
            events=self.events.find(doc, article, mentions, entities, dates, first),
            quotes=self.quotes.find(article, mentions),
        )
