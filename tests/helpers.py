"""Small builders for extractor tests: an article from a sentence, and its facts by kind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.facts import Extractor
from pipeline.model import ArticleFacts
from pipeline.read import make_article


def facts_of(
    extractor: Extractor, text: str, published: dt.date | None = dt.date(2021, 4, 6)
) -> ArticleFacts:
    """The facts the pipeline finds in `text`, as if it were an article published on `published`."""
    return extractor.extract(make_article(Path("test.txt"), text, published=published))


def names(facts: ArticleFacts) -> dict[str, str]:
    """entity id -> canonical name, for the entities of one article."""
    return {e.entity_id: e.name for e in facts.entities}


def mentioned(facts: ArticleFacts) -> list[tuple[str, str, str]]:
    """(text, entity id, method) of every mention, in text order."""
    return [(m.text, m.entity_id, m.method) for m in facts.mentions]
