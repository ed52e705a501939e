"""Clause shapes read over the text, for who did what: the words that open a clause or a phrase."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A name right after one of these is inside a phrase ("a visit to Pakistan", "talks in Geneva"): it is
# neither the subject nor the object of a verb.
PREPOSITIONS = frozenset(
    {"of", "to", "in", "on", "at", "by", "for", "from", "with", "about", "against", "into", "over", "under",
     "between", "among", "during", "after", "before", "through", "toward", "towards", "than", "via"}
)  # fmt: skip
# Words that open another clause: a name across one of them belongs to that clause, not to the verb's.
CLAUSE = re.compile(
    r"\b(?:and|but|or|while|whereas|as|because|when|where|which|who|whom|whose|that|if|since|although)\b",
    re.I,
)
# The same, without "and" and "or", which also join names inside one subject ("The USAF and Boeing"),
# and with quotation marks: a name inside a quotation takes no part in the verb outside it.
CLAUSE_OPENING = re.compile(
    r"\b(?:but|while|whereas|because|when|where|which|who|whom|whose|that|if|since|although)\b|[;:\"“”«»]",
    re.I,
)


def after_preposition(text: str, at: int, titles: bool = False) -> bool:
    """Whether the word before `at`, past a determiner (and with `titles`, capitalized words) is a
    preposition: "a visit to Pakistan", "with Prime Minister Imran Khan"."""
    words = text[max(0, at - 60) : at].split()
    if titles:
        while words and words[-1][:1].isupper() and not words[-1].endswith(","):
            words.pop()  # "Prime Minister", but not past a comma: "of the Russian Federation, Sergey"
    if words and words[-1].lower() in ("the", "a", "an"):
        words.pop()
    return bool(words) and words[-1].lower() in PREPOSITIONS


# ("her" is left out: also an object, "the people who elected her said".)
_DETERMINERS = ("the", "The", "a", "an", "his", "its", "their", "our", "these", "those", "such")


def speech_verb_pattern(verbs: Iterable[str]) -> re.Pattern[str]:
    """The speech verbs of the reference data ("said", "according to"), in lower case or capitalized
    where a sentence opens ("According to"): "the United States" and "Notes" are no verbs."""
    lower = _trie({v.lower() for v in verbs})
    opening = _trie({v[:1].upper() + v[1:].lower() for v in verbs})
    # After a determiner the word is a noun: "one of the states suing", "his remarks", "its reports".
    # (The word is looked for first: the lookbehinds run only where it is, not at every character.)
    noun = "".join(rf"(?<!\b{d} )" for d in _DETERMINERS)
    return re.compile(rf"\b(?=(?:{lower})\b){noun}(?:{lower})\b|(?:^|(?<=[.!?\"“”:]\s))(?:{opening})\b", re.M)


_Node = dict[str, "_Node"]


def _trie(words: set[str]) -> str:
    """One regex alternation of `words` that shares their prefixes ("sa(?:id|y(?:ing|s)?)"); a longer
    word is tried before its prefix (a greedy `?`), as in a flat alternation sorted longest first.

    Python's `re` tries the branches of a flat alternation one by one at every word boundary; a text
    is scanned for some hundred speech verbs several times an article, and the shared prefixes make
    that scan about as fast as for a few words. (A few lines: no library is worth a dependency here.)
    """
    tree: _Node = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Node) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here; the longer ones are tried first (greedy)
            return ("(?:" + body + ")" if len(branches) == 1 and len(body) > 1 else body) + "?"
        return body

    return build(tree)
