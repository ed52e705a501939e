"""Find sports teams by how results are written: result lines, league tables, and "X beat Y 2-1"."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Up to four capitalized words: "Stoke", "Queens Park Rangers", "St. Johnstone".
_NAME = r"[A-Z][A-Za-z.'&-]*(?:[ \t]+[A-Z][A-Za-z.'&-]*){0,3}"
# "Barcelona 3 Real Madrid 2": a line of two sides and their scores, perhaps with a note ("(in 12)").
_RESULT_LINE = re.compile(
    rf"^[ \t]*(?P<a>{_NAME})[ \t]+\d{{1,3}}[ \t]+(?P<b>{_NAME})[ \t]+\d{{1,3}}[ \t]*(?:\([^()\n]*\)[ \t]*)?$",
    re.M,
)
# "Stoke 4 3 1 0 7 4 10": a league table's row, a side and at least four whole numbers. (Weather and
# market tables have fewer columns, or decimals.)
_TABLE_ROW = re.compile(rf"^[ \t]*(?P<a>{_NAME})(?:[ \t]+\d{{1,3}}){{4,}}[ \t]*$", re.M)
# "Hull 70 63 .526 4": a standings row, wins, losses and the share of games won.
_STANDINGS_ROW = re.compile(rf"^[ \t]*(?P<a>{_NAME})(?:[ \t]+\d{{1,3}}){{2,3}}[ \t]+\.\d{{3}}\b", re.M)
# "Stoke v Derby", "Leeds vs. Hull": a fixture.
_FIXTURE = re.compile(rf"(?P<a>{_NAME})[ \t]+(?:v|vs\.?)[ \t]+(?P<b>{_NAME})")


_SCORE = re.compile(r"\d-\d")
_CRICKET = re.compile(r"\bby (?:an innings|\w+ (?:runs|wickets))\b")
_FIXTURE_WORD = re.compile(r" vs?\.? ")
# Quick scans that rule most articles out before the patterns above run.
_CRICKET_WORD = re.compile(r"innings|runs|wickets")
_NUMBER_ENDS_LINE = re.compile(r"\d[ \t]*(?:\([^()\n]*\)[ \t]*)?$|\.\d{3}\b", re.M)


class Teams:
    """Where an article names the sides of a match, by the shape of the text around them."""

    def __init__(self, match_verbs: Iterable[str]) -> None:
        verbs = "|".join(
            re.escape(v).replace(r"\ ", r"[ \t]+") for v in sorted(match_verbs, key=len, reverse=True)
        )
        # The score after the second side is what makes it a match, not a takeover ("Vodafone beat Orange").
        self._match = (
            # A score, or a cricket result: "beat Sussex by an innings", "by 40 runs", "by six wickets".
            re.compile(
                rf"(?P<a>{_NAME})[ \t]+(?:{verbs})[ \t]+(?P<b>{_NAME})[ \t]+"
                r"(?:\(?\d+-\d+|by[ \t]+(?:an[ \t]+innings|\w+[ \t]+(?:runs|wickets)))"
            )
            if verbs
            else None
        )

    def spans(self, text: str, start: int = 0) -> list[tuple[int, int]]:
        """The character spans of the sides named in `text` from `start` on, in text order."""
        found: set[tuple[int, int]] = set()
        # The match pattern tries every capitalized word: first make sure there is a score to end on.
        scored = self._match is not None and (
            _SCORE.search(text, start) is not None
            or (_CRICKET_WORD.search(text, start) is not None and _CRICKET.search(text, start) is not None)
        )
        # Result lines and table rows end in a number (or a note after one), or hold a share of games won.
        tabled = _NUMBER_ENDS_LINE.search(text, start) is not None
        patterns = [
            *([_RESULT_LINE, _TABLE_ROW, _STANDINGS_ROW] if tabled else []),
            *([self._match] if scored and self._match else []),
        ]
        for pattern in patterns:
            found.update(_sides(pattern, text, start))
        # "Roe v Wade" is a court case: fixtures are read only where the article also reports results
        # (a result line, a table, or "X beat Y 2-1"), not wherever a number looks like a score.
        if found and _FIXTURE_WORD.search(text, start) is not None:
            found.update(_sides(_FIXTURE, text, start))
        return sorted(found)


def _sides(pattern: re.Pattern[str], text: str, start: int) -> Iterable[tuple[int, int]]:
    """The spans of the sides `a` and `b` of each match of `pattern`."""
    for match in pattern.finditer(text, start):
        yield from (match.span(side) for side in ("a", "b") if side in match.groupdict() and match[side])
