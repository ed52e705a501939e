"""Rules that join the finders' results: a number inside a date is the date's, not a figure."""

from __future__ import annotations

from pipeline.facts import Extractor
from tests.helpers import facts_of


def test_numbers_inside_dates_are_not_figures(extractor: Extractor) -> None:
    facts = facts_of(extractor, "After six months of talks and a two-day summit, 12 envoys signed.")
    assert [d.text for d in facts.dates] == ["six months", "two-day"]
    assert [(f.text, f.kind, f.value) for f in facts.figures] == [("12", "cardinal", 12.0)]
