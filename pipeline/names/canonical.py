"""The canonical spelling of a name part, chosen by evidence in a fixed order, never by order of mention."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Choice:
    """The spelling chosen (None when the evidence does not decide) and the evidence, in words."""

    value: str | None
    evidence: str


def choose(
    options: Sequence[str],
    counts: Mapping[str, int],
    titled: Collection[str],
    known: Callable[[str], bool] | None = None,
    full: Collection[str] = (),
) -> Choice:
    """One of `options` by the first evidence that singles one out.

    In order: the name dictionary (`known`: "William" is a given name, "Willam" is not); the majority of
    mentions (`counts`); the form introduced with a title (`titled`: "President William Ruto"); the
    form written with the given name (`full`), where a writer spells a name with care, against one only
    ever written alone. When none decides, `value` is None: the caller keeps the spellings apart rather
    than guess.
    """
    options = sorted(set(options))
    if len(options) == 1:
        return Choice(options[0], "")
    if known is not None:
        real = [o for o in options if known(o)]
        if len(real) == 1:
            others = ", ".join(repr(o) for o in options if o != real[0])
            return Choice(real[0], f"name dictionary: {real[0]!r} is a known name, {others} not")
    top = max(counts.get(o, 0) for o in options)
    best = [o for o in options if counts.get(o, 0) == top]
    if len(best) == 1:
        total = sum(counts.get(o, 0) for o in options)
        return Choice(best[0], f"majority: {best[0]!r} in {top} of {total} mentions")
    with_title = [o for o in best if o in titled]
    if len(with_title) == 1:
        return Choice(with_title[0], f"introduced with a title: {with_title[0]!r}")
    in_full = [o for o in best if o in full]
    if len(in_full) == 1:
        return Choice(in_full[0], f"written with the given name: {in_full[0]!r}")
    return Choice(None, "undecided: " + ", ".join(f"{o!r} ({counts.get(o, 0)})" for o in options))
