"""Find sports teams by how results are written: result lines, league tables, and "X beat Y 2-1"."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Up to four capitalized words: "Stoke", "Queens Park Rangers", "St. Johnstone".
_NAME = r"[A-Z][A-Za-z.'&-]*(?:[ \t]+[A-Z][A-Za-z.'&-]*){0,3}"
# "Barcelona 3 Real Madrid 2": a line of two sides and their scores.
_RESULT_LINE = re.compile(
    rf"^[ \t]*(?P<a>{_NAME})[ \t]+\d{{1,3}}[ \t]+(?P<b>{_NAME})[ \t]+\d{{1,3}}[ \t]*$", re.M
)
# "Stoke 4 3 1 0 7 4 10": a league table's row, a side and at least four whole numbers. (Weather and
# market tables have fewer columns, or decimals.)
_TABLE_ROW = re.compile(rf"^[ \t]*(?P<a>{_NAME})(?:[ \t]+\d{{1,3}}){{4,}}[ \t]*$", re.M)


_SCORE = re.compile(r"\d-\d")


class Teams:
    """Where an article names the sides of a match, by the shape of the text around them."""

    def __init__(self, match_verbs: Iterable[str]) -> None:
        verbs = "|".join(
            re.escape(v).replace(r"\ ", r"[ \t]+") for v in sorted(match_verbs, key=len, reverse=True)
        )
        # The score after the second side is what makes it a match, not a takeover ("Vodafone beat Orange").
        self._match = (
            re.compile(rf"(?P<a>{_NAME})[ \t]+(?:{verbs})[ \t]+(?P<b>{_NAME})[ \t]+\(?\d+-\d+")
            if verbs
            else None
        )

    def spans(self, text: str, start: int = 0) -> list[tuple[int, int]]:
        """The character spans of the sides named in `text` from `start` on, in text order."""
        found: set[tuple[int, int]] = set()
        # The match pattern tries every capitalized word: first make sure there is a score to end on.
        scored = self._match is not None and _SCORE.search(text, start) is not None
        patterns = [_RESULT_LINE, _TABLE_ROW, *([self._match] if scored and self._match else [])]
        for pattern in patterns:
            for match in pattern.finditer(text, start):
                found.update(
                    match.span(side) for side in ("a", "b") if side in match.groupdict() and match[side]
                )
        return sorted(found)
