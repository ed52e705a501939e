"""A run's reports: validation.json, failure_cases.parquet, the terminal summary and report.html agree."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from pipeline.schemas import TABLES

from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from pipeline.report import (
    ALL_ARTICLES,
    ALL_ROWS,
    HIGHLIGHT_ARTICLES,
    PREVIEW_ROWS,
    render_html,
    validation_document,
)
from pipeline.validate import SAMPLES, validate
from tests.factories import ARTICLE_ID, TEXT, span, valid_tables
from tests.fixtures import BUNDLED_ARTICLE
from tests.runs import Tables, corrupt, invoke, negative_money, reuse, unknown_kind


class Rules(HTMLParser):
    """The rows of the validation table of report.html: (table, rule) -> the texts of its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rules: dict[tuple[str, str], list[str]] = {}
        self.examples: dict[tuple[str, str], list[str]] = {}
        self._row: tuple[str, str] | None = None
        self._cell: list[str] | None = None
        self._code: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("class") == "rule":
            self._row = (str(found["data-table"]), str(found["data-rule"]))
            self.rules[self._row] = []
            self.examples[self._row] = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "code" and self._row is not None:
            self._code = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._code is not None:
            self._code.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._row is not None and self._code is not None:
            self.examples[self._row].append("".join(self._code))
            self._code = None
        elif tag == "td" and self._row is not None and self._cell is not None:
            self.rules[self._row].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None


@dataclass
class Mark:
    """A highlighted span of an article as the page shows it: the pieces of a cut span joined back."""

    text: str = ""
    label: str = ""
    detail: str = ""
    classes: set[str] = field(default_factory=set)


class Marks(HTMLParser):
    """The highlighted copies of the articles in report.html: their marks, and the text outside labels.

    `marks` is keyed by (layer, kind, start, end); `texts` is each layer's text without the labels and
    details, which must be the article's text exactly.
    """

    KINDS = frozenset({"name", "date", "figure", "event", "role", "quote", "speaker"})

    def __init__(self) -> None:
        super().__init__()
        self.marks: dict[tuple[str, str, int, int], Mark] = {}
        self.texts: dict[str, list[str]] = {}
        self._layer: str | None = None
        self._depth = 0  # of <div>s inside the current layer's
        self._open: list[tuple[tuple[str, str, int, int], Mark]] = []
        self._field: str | None = None  # "label" or "detail" of the innermost open mark

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        if tag == "div" and "entities" in classes:
            self._layer, self._depth = str(found["data-layer"]), 0
            self.texts.setdefault(self._layer, [])
        elif tag == "div" and self._layer is not None:
            self._depth += 1
        elif tag == "mark" and self._layer is not None:
            (kind,) = classes & self.KINDS
            key = (self._layer, kind, int(str(found["data-start"])), int(str(found["data-end"])))
            self._open.append((key, Mark(classes=classes)))
        elif tag == "span" and self._open and classes & {"label", "detail"}:
            (self._field,) = classes & {"label", "detail"}

    def handle_data(self, data: str) -> None:
        if self._field is not None:
            mark = self._open[-1][1]
            setattr(mark, self._field, getattr(mark, self._field) + data)
        elif self._layer is not None:
            self.texts[self._layer].append(data)
            for _, mark in self._open:
                mark.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._field is not None:
            self._field = None
        elif tag == "mark" and self._open:
            key, piece = self._open.pop()
            whole = self.marks.setdefault(key, Mark())
            whole.text += piece.text
            whole.classes |= piece.classes
            if "part" not in piece.classes:
                whole.label, whole.detail = piece.label.strip(), piece.detail.strip()
        elif tag == "div" and self._layer is not None:
            if self._depth == 0:
                self._layer = None
            self._depth -= 1

    def layer(self, name: str) -> dict[tuple[str, int, int], Mark]:
        """The marks of one layer, by (kind, start, end)."""
        return {key[1:]: mark for key, mark in self.marks.items() if key[0] == name}


def marks_of(page: str) -> Marks:
    parser = Marks()
    parser.feed(page)
    return parser


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> pytest.MonkeyPatch:
    reuse(monkeypatch, extractor)
    return monkeypatch


def both(tables: Tables) -> None:
    negative_money(tables)
    unknown_kind(tables)


def test_a_corrupted_run_reports_the_same_rules_and_rows_everywhere(
    tmp_path: Path, runs: pytest.MonkeyPatch
) -> None:
    corrupt(runs, both)
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out))
    assert code == ExitStatus.VALIDATION_FAILED and stdout == ""
    rejected = out.with_name("out.rejected")
    document = json.loads((rejected / "validation.json").read_text())

    in_json = {
        (table, r["rule"]): (r["severity"], r["failing_rows"], r["failures"])
        for table, entry in document["tables"].items()
        for r in entry["rules"]
    }
    assert {key for key, (severity, *_) in in_json.items() if severity == "error"} == {
        ("figures", "negative_as_written"),
        ("entities", "known_kind"),
        ("roles", "references_person"),
    }

    # The terminal: one line per rule, with its severity and distinct failing rows.
    lines = stderr.splitlines()
    in_terminal = {
        (cells[1], cells[2]): (cells[0], int(cells[3]))
        for cells in map(str.split, lines[2:])
        if len(cells) > 3 and cells[3].isdigit()
    }
    assert in_terminal == {key: (severity, rows) for key, (severity, rows, _) in in_json.items()}

    # The terminal's example of each rule is its first sample row.
    first = {
        (table, r["rule"]): r["samples"][0]["row_key"]
        for table, entry in document["tables"].items()
        for r in entry["rules"]
    }
    for line in lines[2:]:
        cells = line.split()
        if len(cells) > 4 and (cells[1], cells[2]) in first:
            assert first[cells[1], cells[2]][:60] in line, line

    # The page: the same rules, severities and counts, and the same sample rows.
    parser = Rules()
    parser.feed((rejected / "report.html").read_text(encoding="utf-8"))
    in_html = {
        key: (cells[0], int(cells[4].replace(",", "")), int(cells[5])) for key, cells in parser.rules.items()
    }
    assert in_html == in_json
    for table, entry in document["tables"].items():
        for r in entry["rules"]:
            codes = parser.examples[table, r["rule"]][1:]  # the first <code> is the rule id
            assert codes == [s["row_key"] for s in r["samples"]]

    # The full list: every failure, and the sample rows among them.
    cases = pd.read_parquet(rejected / "failure_cases.parquet")
    counted = cases.groupby(["table", "rule"]).size().to_dict()
    assert counted == {key: failures for key, (_, _, failures) in in_json.items()}
    for table, entry in document["tables"].items():
        for rule in entry["rules"]:
            keys = set(cases.loc[(cases["table"] == table) & (cases["rule"] == rule["rule"]), "row_key"])
            assert {s["row_key"] for s in rule["samples"]} <= keys


def test_validation_json_shape_is_stable(bundled_out: Path) -> None:
    document = json.loads((bundled_out / "validation.json").read_text())
    assert list(document) == [
        "report_version",
        "run_id",
        "pipeline_version",
        "schema_version",
        "created",
        "settings",
        "fail_on",
        "on_error",
        "passed",
        "valid",
        "result",
        "n_failures",
        "counts",
        "tables",
        "files",
    ]
    assert (document["fail_on"], document["on_error"], document["passed"]) == ("error", "fail", True)
    assert set(document["counts"]) == {"error", "warning"}
    assert set(document["counts"]["warning"]) == {"rules", "rows", "failures"}
    entry = document["tables"]["events"]
    assert list(entry) == ["rows", "failing_rows", "blocked", "rules", "quarantined_rows"]
    rule = entry["rules"][0]
    assert list(rule) == ["rule", "severity", "columns", "failing_rows", "failures", "blocking", "samples"]
    assert list(rule["samples"][0]) == ["keys", "row_key", "column", "failure_case"]
    assert list(rule["samples"][0]["keys"][0]) == ["event_id"]
    assert document["files"] == {
        "failure_cases": "failure_cases.parquet",
        "report": "report.html",
        "quarantine": {},
    }


def test_samples_stop_at_20_and_failure_cases_has_them_all(tmp_path: Path, runs: pytest.MonkeyPatch) -> None:
    def orphans(tables: Tables) -> None:
        tables["mentions"]["entity_id"] = "person:nobody"

    corrupt(runs, orphans)
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out))
    assert code == ExitStatus.VALIDATION_FAILED
    rejected = out.with_name("out.rejected")
    n = len(pd.read_parquet(rejected / "mentions.parquet"))
    assert n > SAMPLES
    rule = json.loads((rejected / "validation.json").read_text())["tables"]["mentions"]["rules"][0]
    assert (rule["rule"], rule["failing_rows"], rule["failures"], len(rule["samples"])) == (
        "foreign_key",
        n,
        n,
        SAMPLES,
    )
    cases = pd.read_parquet(rejected / "failure_cases.parquet")
    assert (cases["rule"] == "foreign_key").sum() == n
    # The terminal gets a summary, not a dump of every failing value.
    assert stderr.count("person:nobody") == 1


def test_report_page_is_self_contained(bundled_out: Path) -> None:
    page = (bundled_out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for fetching in ("<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "http://", "https://"):
        assert fetching not in page, fetching


class Previews(HTMLParser):
    """The table previews of report.html: each table's summary line and the rows shown, as cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.summaries: dict[str, str] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._summary: list[str] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "details" and (found.get("id") or "").startswith("table-"):
            self._table = str(found["id"]).removeprefix("table-")
            self.rows[self._table] = []
        elif self._table is not None and tag == "summary":
            self._summary = []
        elif self._table is not None and tag == "tr":
            self._row = []
        elif self._table is not None and tag == "td":
            self._cell = []

    def handle_data(self, data: str) -> None:
        for text in (self._summary, self._cell):
            if text is not None:
                text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._table is None:
            return
        if tag == "summary" and self._summary is not None:
            self.summaries[self._table], self._summary = "".join(self._summary), None
        elif tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row:  # the header row has no <td>
            self.rows[self._table].append(self._row)
        elif tag == "details":
            self._table = None


def previews_of(page: str) -> Previews:
    parser = Previews()
    parser.feed(page)
    return parser


def many_articles(n: int) -> dict[str, pd.DataFrame]:
    """The factory's tables with `n` copies of its article (the validation result is not what matters)."""
    tables = valid_tables()
    articles = pd.concat([tables["articles"]] * n, ignore_index=True)
    articles["article_id"] = [f"{i:016x}" for i in range(len(articles))]
    tables["articles"] = articles
    return tables


def page_of(tables: dict[str, pd.DataFrame], **metadata: object) -> str:
    document = validation_document(
        validate(valid_tables()).to_dict(),
        {"run_id": "x", **metadata},
        fail_on="error",
        on_error="fail",
        passed=True,
    )
    return render_html(document, tables)


@pytest.mark.parametrize(
    ("n", "highlighted", "rows"),
    [(ALL_ARTICLES, ALL_ARTICLES, ALL_ARTICLES), (ALL_ROWS + 1, HIGHLIGHT_ARTICLES, PREVIEW_ROWS)],
    ids=["small run: everything", "big run: a preview"],
)
def test_small_runs_show_everything_and_big_runs_a_preview(n: int, highlighted: int, rows: int) -> None:
    page = page_of(many_articles(n))
    assert page.count('<h3 id="article-') == highlighted
    assert (f"The first {HIGHLIGHT_ARTICLES} of {n:,} articles" in page) == (highlighted < n)
    previews = previews_of(page)
    assert len(previews.rows["articles"]) == rows
    assert previews.summaries["articles"] == (
        f"articles: all {n} rows" if rows == n else f"articles: first {rows} of {n:,} rows"
    )
    if highlighted < n:
        assert len(page) < 200_000


def test_small_runs_show_every_row_of_every_table(bundled_out: Path) -> None:
    previews = previews_of((bundled_out / "report.html").read_text(encoding="utf-8"))
    lengths = {}
    for name in TABLES:
        frame = pd.read_parquet(bundled_out / f"{name}.parquet")
        lengths[name] = len(frame)
        assert len(previews.rows[name]) == len(frame), name
        assert previews.summaries[name] == f"{name}: all {len(frame)} row{'' if len(frame) == 1 else 's'}"
    assert max(lengths.values()) > PREVIEW_ROWS  # else this run would not tell all rows from a preview
    mentions = pd.read_parquet(bundled_out / "mentions.parquet")
    shown = [(int(row[3]), int(row[4])) for row in previews.rows["mentions"]]  # (texts may be cut short)
    assert shown == list(zip(mentions["start"], mentions["end"], strict=True))


def test_report_page_highlights_facts_and_corrections() -> None:
    page = marks_of(page_of(valid_tables()))

    names = {m.text: (m.classes & {"correction"}, m.label, m.detail) for m in page.layer("names").values()}
    assert names["Antonn Varga"] == ({"correction"}, "PERSON", "→ Anton Varga")
    assert names["Anton Varga"] == (set(), "PERSON", "")
    assert names["April 6"] == (set(), "DATE", "2021-04-06")
    assert names["$25 million"] == (set(), "MONEY", "25,000,000 USD")
    assert names["12 percent"] == (set(), "PERCENT", "12 percent")

    events = {(kind, m.text): (m.label, m.detail) for (kind, *_), m in page.layer("events").items()}
    assert events["event", "arrived"] == (
        "VISIT",
        "actor: Anton Varga · target: Islamabad · place: Islamabad · date: 2021-04-06 – 2021-04-07",
    )
    assert events["event", "pledged"] == ("AID_PLEDGE", "actor: Hungary · place: Islamabad")
    assert events["role", "Foreign Minister"] == ("foreign minister", "→ Anton Varga · of Hungary")

    quotes = {(kind, m.text): (m.label, m.detail) for (kind, *_), m in page.layer("quotes").items()}
    assert quotes == {
        ("quote", "We came to listen,"): ("QUOTE", "cue: told · speaker: Anton Varga"),
        ("speaker", "Antonn Varga"): ("SPEAKER", "→ Anton Varga"),
    }
    for layer in ("names", "events", "quotes"):
        assert "".join(page.texts[layer]) == TEXT, layer


def test_overlapping_spans_are_all_highlighted_whole() -> None:
    tables = valid_tables()
    roles = tables["roles"]
    # "Foreign Minister" and "Minister Anton Varga" cross; "Anton Varga of Hungary" holds a name's span.
    extra = [("minister", "Minister Anton Varga"), ("envoy", "Anton Varga of Hungary")]
    added = [
        (ARTICLE_ID, "person:anton-varga", title, "country:HUN", None, *span(text)) for title, text in extra
    ]
    tables["roles"] = pd.concat([roles, pd.DataFrame(added, columns=roles.columns).astype(roles.dtypes)])
    page = marks_of(page_of(tables))
    shown = {(m.text, m.label) for (kind, *_), m in page.layer("events").items() if kind == "role"}
    assert shown == {("Foreign Minister", "foreign minister"), *((text, title) for title, text in extra)}
    assert any("part" in m.classes for m in page.layer("events").values())  # one was cut, and joined back
    assert "".join(page.texts["events"]) == TEXT


def entity_names(out: Path) -> dict[str, str]:
    entities = pd.read_parquet(out / "entities.parquet")
    own = dict(zip(entities["entity_id"], entities["name"], strict=True))
    return {e: own[c] for e, c in zip(entities["entity_id"], entities["canonical_id"], strict=True)}


def test_bundled_article_page_shows_quotes_with_cue_and_speaker(bundled_out: Path) -> None:
    names = entity_names(bundled_out)
    text = pd.read_parquet(bundled_out / "articles.parquet")["text"].iloc[0]
    quotes = pd.read_parquet(bundled_out / "quotes.parquet")
    assert quotes["speaker_id"].notna().any() and quotes["speaker_id"].isna().any()
    page = marks_of((bundled_out / "report.html").read_text(encoding="utf-8")).layer("quotes")
    for q in quotes.itertuples():
        speaker = names[q.speaker_id] if isinstance(q.speaker_id, str) else None
        cue = f"cue: {q.cue}" if isinstance(q.cue, str) else "no cue"
        mark = page["quote", q.start, q.end]
        assert (mark.text, mark.label) == (q.text, "QUOTE")
        assert mark.detail == f"{cue} · {f'speaker: {speaker}' if speaker else 'no speaker'}"
        if speaker:
            start, end = int(q.speaker_start), int(q.speaker_end)
            said = page["speaker", start, end]
            assert (said.text, said.label, said.detail) == (text[start:end], "SPEAKER", f"→ {speaker}")


def test_bundled_article_page_shows_events_by_role_and_roles(bundled_out: Path) -> None:
    names = entity_names(bundled_out)
    events = pd.read_parquet(bundled_out / "events.parquet")
    participants = pd.read_parquet(bundled_out / "event_participants.parquet")
    roles = pd.read_parquet(bundled_out / "roles.parquet")
    assert set(participants["role"]) == {"actor", "target", "participant"} and roles["to_id"].notna().any()
    page = marks_of((bundled_out / "report.html").read_text(encoding="utf-8")).layer("events")
    for ev in events.itertuples():
        taking_part = participants[participants["event_id"] == ev.event_id]
        by_role = {
            role: ", ".join(names[e] for e in taking_part.loc[taking_part["role"] == role, "entity_id"])
            for role in ("actor", "target", "participant")
        }
        detail = [f"{role}: {who}" for role, who in by_role.items() if who]
        if isinstance(ev.place_id, str):
            detail.append(f"place: {names[ev.place_id]}")
        dates = sorted({d.isoformat() for d in (ev.start_date, ev.end_date) if d is not None and d == d})
        if dates:
            detail.append(f"date: {' – '.join(dates)}")
        mark = page["event", ev.start, ev.end]
        assert (mark.text, mark.label, mark.detail) == (ev.text, ev.kind.upper(), " · ".join(detail))
    for r in roles.itertuples():
        posts = [f"{key} {names[i]}" for key, i in (("of", r.of_id), ("to", r.to_id)) if isinstance(i, str)]
        mark = page["role", r.start, r.end]
        assert (mark.text, mark.label, mark.detail) == (
            r.text,
            r.title,
            " · ".join([f"→ {names[r.person_id]}", *posts]),
        )


def test_who_a_phrase_refers_to_is_in_view(bundled_out: Path) -> None:
    names = entity_names(bundled_out)
    mentions = pd.read_parquet(bundled_out / "mentions.parquet")
    assert {"role", "surname", "demonym", "fuzzy"} <= set(mentions["method"])
    page = marks_of((bundled_out / "report.html").read_text(encoding="utf-8")).layer("names")
    for m in mentions.itertuples():
        who = names[m.entity_id]
        mark = page["name", m.start, m.end]
        assert mark.text == m.text
        assert mark.detail == ("" if who.casefold() == m.text.casefold() else f"→ {who}"), m.text


def header_of(page: str) -> str:
    return page[page.index("<h1>") : page.index('id="verdict"')]


def test_settings_are_shown_as_values_not_python(bundled_out: Path) -> None:
    settings = {
        "model": None,
        "spacy_pipeline": ["tok2vec", "ner"],
        "reference": "reference.json",
        "fuzzy": {"threshold": 0.9, "surnames": True},
    }
    header = header_of(page_of(valid_tables(), settings=settings))
    shown = [re.sub("<[^>]+>", "", item) for item in re.findall("<li>(.*?)</li>", header)]
    assert shown == [
        "model: none",
        "spacy_pipeline: tok2vec, ner",
        "reference: reference.json",
        "fuzzy: threshold: 0.9; surnames: yes",
    ]
    bundled = header_of((bundled_out / "report.html").read_text(encoding="utf-8"))
    assert "spacy_pipeline</span>: sentencizer, paragraph_breaks" in bundled
    for page in (header, bundled):
        for python in ("['", "{'", "None", "True", "False"):
            assert python not in page, python
