"""A name found in the text before it is resolved, and the choice between overlapping ones."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.lexicon import Known


@dataclass(slots=True)
class Candidate:
    """A name found in the text: a token range, what it is, and how it was recognized."""

    start: int  # token index
    end: int  # token index, exclusive
    kind: str
    method: str
    known: Known | None = None
    priority: int = 0  # lower wins between overlapping candidates of the same length
    named: bool = False  # a lone word the text shows is a name that may be a slip (`_in_name_place`)


def select(candidates: list[Candidate]) -> list[Candidate]:
    """The longest candidates that do not overlap; on equal length, the lower priority wins."""
    chosen: list[Candidate] = []
    used: set[int] = set()
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.priority, c.start)):
        tokens = set(range(cand.start, cand.end))
        if tokens & used:
            continue
        used |= tokens
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)
