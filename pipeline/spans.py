"""Find the facts that lie inside a stretch of text, by bisection over their sorted starts."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


class Within(Generic[S]):
    """Spans sorted by start, asked for those inside [lo, hi) without a scan of them all.

    Extractors ask once per trigger or quotation: a scan each time made a long article's extraction
    quadratic in its length.
    """

    def __init__(self, spans: Iterable[S]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in self.spans]

    def inside(self, lo: int, hi: int) -> list[S]:
        """The spans that start at or after `lo` and end at or before `hi`, in text order."""
        i, j = bisect_left(self._starts, lo), bisect_right(self._starts, hi)
        return [s for s in self.spans[i:j] if s.end <= hi]


class Disjoint:
    """Spans that do not overlap one another, kept sorted, asked whether a new span overlaps one."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans = sorted(spans)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with a span kept."""
        # Only the last span starting before `end` can reach past `start`: those before it end earlier.
        i = bisect_left(self._spans, (end,))
        return bool(i) and self._spans[i - 1][1] > start

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
