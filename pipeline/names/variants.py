"""Words that misspell the surname of a person named in the same article: 'Biar' after 'Salem Bitar'."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.names.similarity import plain, slip, word_likeness

# Shorter words leave too little to tell a misspelling from another name ("Li" ~ "Le").
MIN_LETTERS = 3


def variant_of(word: str, surnames: Iterable[str], named: bool = False) -> str | None:
    """The one surname that `word` is a likely misspelling of; None when none is, or several are.

    Evidence required beyond the spelling: the word is long enough to judge and is no spelling in use
    (an English word such as "Bitter", or another name such as "Kante" beside "Kane"), unless `named`
    says the text itself shows a slip (see `named_slip`). Places, organizations and other known names
    never get here: the gazetteer claims them first.
    """
    if len(plain(word)) < MIN_LETTERS:
        return None
    found = {s for s in surnames if s != word and slip(word, word_likeness(word, s), named)}
    return found.pop() if len(found) == 1 else None
