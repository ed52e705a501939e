"""The run's reports: validation.json for machines, report.html for people; both say the same thing.

The HTML page is built from the very document written to validation.json, so the two cannot disagree,
and is self-contained (inline CSS, no script, no font or image to fetch): it opens from disk offline.
A small run shows every row of every table and every article; a big one a preview of each table and
the first articles. Each article is highlighted three times, one layer of facts at a time: names,
dates and figures; events and roles; quotes and their speakers.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipeline.schemas import TABLES
from pipeline.schemas.catalog import describe
from pipeline.validate import shorten

# Bumped when a key of validation.json changes meaning or goes away (adding keys does not bump it).
REPORT_VERSION = "1"
VALIDATION_REPORT = "validation.json"
FAILURE_CASES = "failure_cases.parquet"
HTML_REPORT = "report.html"
QUARANTINE_DIR = "quarantine"

# Caps for big runs: a table of at most ALL_ROWS rows is shown whole, a longer one by its first
# PREVIEW_ROWS; at most ALL_ARTICLES articles are all highlighted, more by their first HIGHLIGHT_ARTICLES.
PREVIEW_ROWS = 10
ALL_ROWS = 500
HIGHLIGHT_ARTICLES = 20
ALL_ARTICLES = 50
_CELL_WIDTH = 80


def validation_document(
    report_dict: Mapping[str, Any],
    metadata: Mapping[str, Any],
    *,
    fail_on: str,
    on_error: str | None,
    passed: bool,
    quarantined: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The content of validation.json: run metadata, the policy applied, and the validation result.

    `report_dict` is `Report.to_dict()`; the shape is documented in docs/contract.md.
    """
    tables = {name: dict(entry) for name, entry in report_dict["tables"].items()}
    for name, entry in tables.items():
        entry["quarantined_rows"] = (quarantined or {}).get(name, 0)
    return {
        "report_version": REPORT_VERSION,
        # run_id, pipeline_version, schema_version, created, settings
        **metadata,
        "fail_on": fail_on,
        "on_error": on_error,
        "passed": passed,
        "valid": report_dict["valid"],
        "result": report_dict["result"],
        "n_failures": report_dict["n_failures"],
        "counts": report_dict["counts"],
        "tables": tables,
        "files": {
            "failure_cases": FAILURE_CASES,
            "report": HTML_REPORT,
            "quarantine": {
                name: f"{QUARANTINE_DIR}/{name}.parquet" for name, n in (quarantined or {}).items() if n
            },
        },
    }


_STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
       margin: 0 auto; max-width: 1180px; padding: 24px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 36px 0 10px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 26px 0 6px; overflow-wrap: anywhere; }
.meta { color: #57606a; font-size: 13px; overflow-wrap: anywhere; } code { font-size: 13px; }
.settings { margin: 2px 0 0; padding: 0; list-style: none; }
.settings li { display: inline; } .settings li + li::before { content: " · "; }
.settings .k { font-weight: 600; }
.badge { display: inline-block; padding: 1px 10px; border-radius: 12px; font-weight: 600; font-size: 13px; }
.passed { background: #dafbe1; color: #1a7f37; } .warning { background: #fff8c5; color: #9a6700; }
.failed, .error { background: #ffebe9; color: #cf222e; }
.cards { display: flex; gap: 16px; margin: 18px 0; flex-wrap: wrap; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 18px; min-width: 150px; }
.card .n { font-size: 26px; font-weight: 700; } .card .what { color: #57606a; font-size: 13px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
td { overflow-wrap: break-word; }
th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.null { color: #8c959f; font-style: italic; } details { margin: 4px 0; } summary { cursor: pointer; }
.scroll { overflow-x: auto; max-width: 100%; }
.entities { line-height: 2.5; border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 16px;
            white-space: pre-wrap; overflow-wrap: anywhere; }
.layer > summary { font-weight: 600; font-size: 14px; margin: 10px 0 4px; }
.layer > summary .meta { font-weight: 400; }
mark.entity { padding: 0.2em 0.35em; margin: 0 0.1em; line-height: 1; border-radius: 0.35em;
              -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark.entity.part { border-top-right-radius: 0; border-bottom-right-radius: 0; margin-right: 0; }
mark.quote { outline: 1px dashed #8250df; }
mark.correction { outline: 2px solid #cf222e; }
/* Chips wrap inside their box, a long name or id too, rather than run out of it. */
.label, .detail, .badge, .legend mark { white-space: normal; overflow-wrap: break-word; max-width: 100%;
                                        box-sizing: border-box; }
mark .label { font-size: 0.72em; font-weight: 700; vertical-align: middle; }
mark .detail { font-size: 0.72em; vertical-align: middle; color: #24292f; }
.legend { line-height: 2; } .legend .group { display: inline-block; max-width: 100%; margin-right: 14px; }
.legend mark { display: inline-block; padding: 0 0.5em; border-radius: 0.35em; margin-right: 4px;
               font-size: 12px; line-height: 1.6; }
"""

_KIND_LABELS = {
    "person": "PERSON",
    "organization": "ORG",
    "country": "COUNTRY",
    "place": "PLACE",
    "facility": "FACILITY",
    "group": "GROUP",
    "event_name": "EVENT",
    "other": "OTHER",
}
_COLORS = {
    "PERSON": "#aa9cfc",
    "ORG": "#7aecec",
    "COUNTRY": "#feca74",
    "PLACE": "#ff9561",
    "FACILITY": "#9cc9cc",
    "GROUP": "#c887fb",
    "EVENT": "#ffeb80",
    "OTHER": "#dddddd",
    "DATE": "#bfe1d9",
    "MONEY": "#e4e7d2",
    "PERCENT": "#e4e7d2",
    "NUMBER": "#e9e9e9",
    "QUANTITY": "#e4e7d2",
}
_FIGURE_LABELS = {
    "money": "MONEY",
    "percent": "PERCENT",
    "cardinal": "NUMBER",
    "ordinal": "NUMBER",
    "quantity": "QUANTITY",
}
# The marks of events, roles and quotes: one colour each (an event's label is its kind, a role's its title).
_FACT_COLORS = {
    "event": "#ffb3c6",
    "role": "#a8d1ff",
    "quote": "#f1e8ff",
    "speaker": "#ffc98b",
}
_LEGEND = {
    "names": [*_KIND_LABELS.values()],
    "dates and figures": ["DATE", "MONEY", "PERCENT", "NUMBER", "QUANTITY"],
}
_PARTICIPANT_ROLES = ("actor", "target", "participant")


def render_html(
    document: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    *,
    preview_rows: int = PREVIEW_ROWS,
    articles: int = HIGHLIGHT_ARTICLES,
    written: Mapping[str, int] | None = None,
) -> str:
    """The HTML report of a run: validation summary, tables, corrections, highlighted articles.

    `tables` may be only the first rows of a long run; `written` then gives every table's full count.
    Tables of at most ALL_ROWS rows are shown whole, and at most ALL_ARTICLES articles all highlighted;
    beyond, the first `preview_rows` rows and the first `articles` articles.
    """
    title = f"News facts: run {document.get('run_id', '')}"
    body = "\n".join(
        [
            _header(document, title),
            _validation(document),
            _tables(document, tables, preview_rows, written),
            _corrections(tables),
            _articles(tables, articles, (written or {}).get("articles")),
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _readable(value: object) -> str:
    """A setting as a person reads it: `none`, `yes`, `a, b` for a list, `key: value` for a mapping."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        inner = ((k, _readable(v)) for k, v in value.items())
        return (
            "; ".join(f"{k}: ({v})" if isinstance(value[k], Mapping) else f"{k}: {v}" for k, v in inner)
            or "none"
        )
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_readable(v) for v in value) or "none"
    return str(value)


def _settings(settings: Mapping[str, Any]) -> str:
    items = "".join(
        f'<li><span class="k">{_e(key)}</span>: {_e(_readable(value))}</li>'
        for key, value in settings.items()
    )
    return f'<ul class="meta settings" id="settings">{items}</ul>' if items else ""


def _header(document: Mapping[str, Any], title: str) -> str:
    result = str(document.get("result", ""))
    counts = document.get("counts", {})
    errors, warnings = counts.get("error", {}), counts.get("warning", {})
    rows = sum(int(t.get("rows") or 0) for t in document.get("tables", {}).values())
    quarantined = sum(int(t.get("quarantined_rows") or 0) for t in document.get("tables", {}).values())
    policy = f"--fail-on {document.get('fail_on')}"
    if document.get("on_error"):
        policy += f" --on-error {document.get('on_error')}"
    verdict = "run passed" if document.get("passed") else "run failed"

    def card(n: int, word: str, rules: int, rows: int) -> str:
        return f"{word}{'' if n == 1 else 's'} in {_plural(rules, 'rule')}, {_plural(rows, 'row')}"

    cards = [
        (
            "errors",
            errors.get("failures", 0),
            card(errors.get("failures", 0), "error", errors.get("rules", 0), errors.get("rows", 0)),
        ),
        (
            "warnings",
            warnings.get("failures", 0),
            card(warnings.get("failures", 0), "warning", warnings.get("rules", 0), warnings.get("rows", 0)),
        ),
        ("rows", rows, f"rows in {len(document.get('tables', {}))} tables"),
        ("quarantined", quarantined, "rows quarantined"),
    ]
    return (
        f"<h1>{_e(title)}</h1>\n"
        f'<div class="meta">pipeline {_e(_readable(document.get("pipeline_version")))} · schema '
        f"{_e(_readable(document.get('schema_version')))} · {_e(document.get('created', ''))}</div>\n"
        f"{_settings(document.get('settings') or {})}\n"
        f'<p id="verdict"><span class="badge {_e(result)}">{_e(result.upper())}</span> '
        f"{_e(verdict)} under <code>{_e(policy)}</code></p>\n"
        '<div class="cards" id="summary">'
        + "".join(
            f'<div class="card" id="{name}"><div class="n">{n:,}</div>'
            f'<div class="what">{_e(what)}</div></div>'
            for name, n, what in cards
        )
        + "</div>"
    )


def _validation(document: Mapping[str, Any]) -> str:
    rules = [(table, rule) for table, entry in document.get("tables", {}).items() for rule in entry["rules"]]
    parts = ['<h2 id="validation">Validation</h2>']
    if not rules:
        parts.append("<p>Every table passes every rule of the contract.</p>")
        return "\n".join(parts)
    parts.append(
        '<div class="scroll"><table><tr><th>severity</th><th>table</th><th>rule</th><th>meaning</th>'
        "<th>failing rows</th><th>failures</th><th>examples (row key: value)</th></tr>"
    )
    for table, rule in rules:
        shown = rule["samples"]
        examples = "".join(
            f"<li><code>{_e(s['row_key'] or s['column'] or '')}</code>"
            f"{': ' + _e(_cut(s['failure_case'])) if s['failure_case'] is not None else ''}</li>"
            for s in shown
        )
        more = rule["failures"] - len(shown)
        if more > 0:
            examples += f"<li>… and {more:,} more in {FAILURE_CASES}</li>"
        rows = "whole table" if rule["blocking"] and not rule["failing_rows"] else f"{rule['failing_rows']:,}"
        parts.append(
            f'<tr class="rule" data-table="{_e(table)}" data-rule="{_e(rule["rule"])}">'
            f'<td><span class="badge {_e(rule["severity"])}">{_e(rule["severity"])}</span></td>'
            f"<td>{_e(table)}</td><td><code>{_e(rule['rule'])}</code></td>"
            f'<td>{_e(describe(table, rule["rule"]))}</td><td class="n">{rows}</td>'
            f'<td class="n">{rule["failures"]:,}</td>'
            f"<td><details><summary>{_plural(len(shown), 'example')}</summary><ul>{examples}</ul>"
            "</details></td></tr>"
        )
    parts.append("</table></div>")
    return "\n".join(parts)


def _cut(value: object, width: int = _CELL_WIDTH) -> str:
    return shorten(str(value), width, "…")


def _cell(value: object) -> str:
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    elif value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return '<td class="null">null</td>'
    if isinstance(value, pd.Timestamp):
        value = value.date().isoformat() if value == value.normalize() else value.isoformat()
    return f"<td>{_e(_cut(value))}</td>"


def _preview(frame: pd.DataFrame, n: int) -> str:
    head = frame.head(n)
    header = "".join(f"<th>{_e(c)}</th>" for c in head.columns)
    body = "".join(
        "<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in head.itertuples(index=False, name=None)
    )
    return f'<div class="scroll"><table><tr>{header}</tr>{body}</table></div>'


def _shown(frame: pd.DataFrame, total: int, n: int) -> tuple[int, str]:
    """How many rows of a table to show, and the words that say so: all of a small table, else `n`."""
    shown = min(len(frame), total if total <= ALL_ROWS else n)
    if shown == total:
        return shown, f"all {_plural(total, 'row')}" if total else "no rows"
    return shown, f"first {shown:,} of {_plural(total, 'row')}"


def _tables(
    document: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    n: int,
    written_rows: Mapping[str, int] | None = None,
) -> str:
    entries = document.get("tables", {})
    parts = [
        '<h2 id="tables">Tables</h2>',
        "<table><tr><th>table</th><th>rows written</th><th>rows validated</th><th>failing rows</th>"
        "<th>quarantined</th></tr>",
    ]
    for name in TABLES:
        entry = entries.get(name, {})
        written = (written_rows or {}).get(name, len(tables[name]) if name in tables else 0)
        parts.append(
            f'<tr data-table="{_e(name)}"><td><a href="#table-{_e(name)}">{_e(name)}</a></td>'
            f'<td class="n">{written:,}</td><td class="n">{int(entry.get("rows") or 0):,}</td>'
            f'<td class="n">{int(entry.get("failing_rows") or 0):,}</td>'
            f'<td class="n">{int(entry.get("quarantined_rows") or 0):,}</td></tr>'
        )
    parts.append("</table>")
    for name in TABLES:
        if name not in tables:
            continue
        frame = tables[name]
        shown, words = _shown(frame, (written_rows or {}).get(name, len(frame)), n)
        parts.append(
            f'<details id="table-{_e(name)}"><summary><b>{_e(name)}</b>: {words}</summary>'
            f"{_preview(frame, shown)}</details>"
        )
    return "\n".join(parts)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _corrections(tables: Mapping[str, pd.DataFrame]) -> str:
    parts = ['<h2 id="corrections">Corrections</h2>']
    corrections = tables.get("corrections")
    if corrections is None or corrections.empty:
        parts.append("<p>No spelling was corrected.</p>")
        return "\n".join(parts)
    parts.append(
        "<table><tr><th>as written</th><th></th><th>canonical name</th><th>method</th><th>times</th>"
        "<th>score</th><th>article</th><th>why</th></tr>"
    )
    parts.extend(
        f'<tr class="correction"><td>{_e(row["text"])}</td><td>→</td><td>{_e(row["name"])}</td>'
        f'<td>{_e(row["method"])}</td><td class="n">{row["count"]}</td>'
        f'<td class="n">{row["score"]:.2f}</td><td><code>{_e(row["article_id"])}</code></td>'
        f"<td>{_e(row['evidence'])}</td></tr>"
        for row in _records(corrections)
    )
    parts.append("</table>")
    return "\n".join(parts)


@dataclass(frozen=True)
class _Mark:
    """A highlighted span of an article: its label and, in view beside it, what it stands for."""

    start: int
    end: int
    kind: str  # its layer's class: name, date, figure, event, role, quote, speaker
    label: str
    color: str
    detail: tuple[str, ...] = ()  # shown after the label, joined by " · "
    tip: str = ""  # ids, on hover
    corrected: bool = False


@dataclass(frozen=True)
class _Layer:
    """One highlighted copy of an article's text: the marks of one kind of fact."""

    key: str
    title: str
    marks: list[_Mark]
    kinds: tuple[str, ...]  # of its marks, counted in its title

    def counts(self) -> str:
        return ", ".join(_plural(sum(m.kind == kind for m in self.marks), kind) for kind in self.kinds)


@dataclass(frozen=True)
class _Facts:
    """What the marks of the shown articles need from other tables than their own."""

    names: Mapping[str, str]  # entity id -> its name across the run
    kinds: Mapping[str, str]  # entity id -> kind
    corrected: Mapping[tuple[str, str, str], str]  # (article id, entity id, text as written) -> name
    participants: Mapping[str, list[tuple[str, str]]]  # event id -> (role, entity id)

    def name(self, entity_id: object) -> str:
        return self.names.get(str(entity_id), str(entity_id))


def _rows(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    return _records(frame) if frame is not None else []


def _text(value: object) -> str | None:
    """A text cell, or None for a missing one (NaN, NA, None)."""
    return value if isinstance(value, str) else None


def _day(value: object) -> str | None:
    if isinstance(value, dt.date) and not pd.isna(value):
        return value.isoformat()[:10]
    return None


def _when(start: object, end: object) -> str | None:
    first, last = _day(start), _day(end)
    return f"{first} – {last}" if first and last and first != last else first or last


def _offset(value: object) -> int | None:
    """A nullable offset cell (int, float or NA) as an int, or None."""
    return int(value) if isinstance(value, (int, float, np.number)) and not math.isnan(value) else None


def _offsets(start: object, end: object) -> tuple[int, int] | None:
    first, last = _offset(start), _offset(end)
    return (first, last) if first is not None and last is not None else None


def _facts(tables: Mapping[str, pd.DataFrame], event_ids: Iterable[str]) -> _Facts:
    entities = _rows(tables.get("entities"))
    own = {str(e["entity_id"]): str(e["name"]) for e in entities}
    # Who a phrase refers to is the entity it is across the run ("Recep Erdogan" is Recep Tayyip Erdogan).
    names = {str(e["entity_id"]): own.get(str(e.get("canonical_id")), str(e["name"])) for e in entities}
    kinds = {str(e["entity_id"]): str(e["kind"]) for e in entities}
    corrected = {
        (str(c["article_id"]), str(c["entity_id"]), str(c["text"])): str(c["name"])
        for c in _rows(tables.get("corrections"))
    }
    participants: dict[str, list[tuple[str, str]]] = {}
    frame = tables.get("event_participants")
    if frame is not None:
        for p in _records(frame.loc[frame["event_id"].isin(set(event_ids))]):
            participants.setdefault(str(p["event_id"]), []).append((str(p["role"]), str(p["entity_id"])))
    return _Facts(names, kinds, corrected, participants)


def _name_marks(article_id: str, mentions: pd.DataFrame | None, facts: _Facts) -> list[_Mark]:
    marks = []
    for m in _rows(mentions):
        label = _KIND_LABELS.get(facts.kinds.get(str(m["entity_id"]), ""), "OTHER")
        corrected = facts.corrected.get((article_id, str(m["entity_id"]), str(m["text"])))
        who = corrected or facts.name(m["entity_id"])
        # Who a phrase refers to is in view whenever the phrase is not the name itself.
        detail = (f"→ {who}",) if who.casefold() != str(m["text"]).casefold() else ()
        tip = f"{m['entity_id']} ({m['method']})" + (f": {m['text']} → {corrected}" if corrected else "")
        color = _COLORS.get(label, _COLORS["OTHER"])
        marks.append(_Mark(m["start"], m["end"], "name", label, color, detail, tip, corrected is not None))
    return marks


def _date_marks(dates: pd.DataFrame | None) -> list[_Mark]:
    return [
        _Mark(d["start"], d["end"], "date", "DATE", _COLORS["DATE"], (str(d["value"]),), f"{d['kind']}")
        for d in _rows(dates)
    ]


def _figure_marks(figures: pd.DataFrame | None) -> list[_Mark]:
    marks = []
    for f in _rows(figures):
        number = float(f["value"])
        value = f"{number:,.0f}" if number.is_integer() else f"{number:,}"
        unit = f" {f['unit']}" if _text(f["unit"]) else ""
        label = _FIGURE_LABELS.get(f["kind"], "NUMBER")
        marks.append(_Mark(f["start"], f["end"], "figure", label, _COLORS[label], (value + unit,), f["kind"]))
    return marks


def _participants(event_id: str, facts: _Facts) -> list[str]:
    """An event's participants by role, actors first: `actor: Sergey Lavrov`, `target: Imran Khan`."""
    by_role: dict[str, list[str]] = {}
    for role, entity_id in facts.participants.get(event_id, []):
        by_role.setdefault(role, []).append(facts.name(entity_id))
    order = {role: i for i, role in enumerate(_PARTICIPANT_ROLES)}
    roles = sorted(by_role, key=lambda role: (order.get(role, len(order)), role))
    return [f"{role}: {', '.join(by_role[role])}" for role in roles]


def _event_marks(events: pd.DataFrame | None, facts: _Facts) -> list[_Mark]:
    marks = []
    for ev in _rows(events):
        detail = _participants(str(ev["event_id"]), facts)
        if place := _text(ev["place_id"]):
            detail.append(f"place: {facts.name(place)}")
        if when := _when(ev["start_date"], ev["end_date"]):
            detail.append(f"date: {when}")
        cameo = _text(ev["cameo"])
        tip = str(ev["event_id"]) + (f", CAMEO {cameo}" if cameo else "")
        label = str(ev["kind"]).upper()
        marks.append(_Mark(ev["start"], ev["end"], "event", label, _FACT_COLORS["event"], tuple(detail), tip))
    return marks


def _role_marks(roles: pd.DataFrame | None, facts: _Facts) -> list[_Mark]:
    marks = []
    for r in _rows(roles):
        detail = [f"→ {facts.name(r['person_id'])}"]
        detail += [f"{key} {facts.name(r[f'{key}_id'])}" for key in ("of", "to") if _text(r[f"{key}_id"])]
        color = _FACT_COLORS["role"]
        marks.append(
            _Mark(r["start"], r["end"], "role", str(r["title"]), color, tuple(detail), str(r["person_id"]))
        )
    return marks


def _quote_marks(quotes: pd.DataFrame | None, facts: _Facts) -> list[_Mark]:
    """Each quote, with its cue and speaker in view; and the words naming the speaker, once each."""
    marks: list[_Mark] = []
    speakers: dict[tuple[int, int], _Mark] = {}
    for q in _rows(quotes):
        speaker_id, cue = _text(q["speaker_id"]), _text(q.get("cue"))
        speaker = facts.name(speaker_id) if speaker_id else None
        detail = (f"cue: {cue}" if cue else "no cue", f"speaker: {speaker}" if speaker else "no speaker")
        marks.append(
            _Mark(q["start"], q["end"], "quote", "QUOTE", _FACT_COLORS["quote"], detail, speaker_id or "")
        )
        span = _offsets(q.get("speaker_start"), q.get("speaker_end"))
        if span and speaker_id and span not in speakers:
            color = _FACT_COLORS["speaker"]
            speakers[span] = _Mark(*span, "speaker", "SPEAKER", color, (f"→ {speaker}",), speaker_id)
    return marks + list(speakers.values())


def _highlight(text: str, marks: Sequence[_Mark]) -> str:
    """`text` as HTML, each mark a <mark> with its label and detail at its end.

    Written by hand, not with displaCy: displaCy's spans cannot overlap, and facts do (a country in a
    title: "Russian" in "Russian Foreign Minister"; two roles over one span; an event in a role). Here
    marks nest, inner inside outer, and none is dropped: one that runs on past the end of the mark it
    starts in is cut there and goes on in a second <mark> (class "part" on the first piece, the label
    on the last).
    """
    queue = [(m.start, -m.end, i) for i, m in enumerate(marks) if 0 <= m.start < m.end <= len(text)]
    heapq.heapify(queue)
    out: list[str] = []
    opened: list[tuple[int, str]] = []  # the marks around the current position: (end, closing tags)
    done = 0  # text written up to here

    def write_to(offset: int) -> None:
        nonlocal done
        out.append(_e(text[done:offset]))
        done = offset

    while queue:
        start, minus_end, i = heapq.heappop(queue)
        while opened and opened[-1][0] <= start:
            end, closing = opened.pop()
            write_to(end)
            out.append(closing)
        end = -minus_end
        if opened and end > opened[-1][0]:  # crosses out of the mark it starts in: cut, go on after it
            heapq.heappush(queue, (opened[-1][0], minus_end, i))
            end = opened[-1][0]
        write_to(start)
        mark, last = marks[i], end == marks[i].end
        out.append(_open_tag(mark, last))
        opened.append((end, _close_tag(mark) if last else "</mark>"))
    while opened:
        end, closing = opened.pop()
        write_to(end)
        out.append(closing)
    write_to(len(text))
    return "".join(out)


def _open_tag(mark: _Mark, last: bool) -> str:
    """A mark's opening tag; data-start and data-end give the whole span's offsets, on each piece of it."""
    classes = ["entity", mark.kind] + ["correction"] * mark.corrected + ["part"] * (not last)
    return (
        f'<mark class="{" ".join(classes)}" data-start="{mark.start}" data-end="{mark.end}" '
        f'title="{_e(mark.tip)}" style="background: {mark.color}">'
    )


def _close_tag(mark: _Mark) -> str:
    """A mark's label and detail, and its end tag.

    Each starts with a space, so that copied text reads "Qureshi PERSON → Shah Mahmood Qureshi", and the
    article's text is exactly what is left outside them.
    """
    detail = f'<span class="detail"> {_e(" · ".join(mark.detail))}</span>' if mark.detail else ""
    return f'<span class="label"> {_e(mark.label)}</span>{detail}</mark>'


def _layers(article_id: str, rows: Mapping[str, pd.DataFrame | None], facts: _Facts) -> list[_Layer]:
    names = _name_marks(article_id, rows["mentions"], facts)
    names += _date_marks(rows["dates"]) + _figure_marks(rows["figures"])
    events = _event_marks(rows["events"], facts) + _role_marks(rows["roles"], facts)
    quotes = _quote_marks(rows["quotes"], facts)
    return [
        _Layer("names", "Names, dates and figures", names, ("name", "date", "figure")),
        _Layer("events", "Events and roles", events, ("event", "role")),
        _Layer("quotes", "Quotes and their speakers", quotes, ("quote",)),
    ]


def _article(article: Mapping[str, Any], layers: Sequence[_Layer]) -> str:
    aid = str(article["article_id"])
    heading = _text(article.get("title")) or article["source_path"]
    published = _day(article.get("published"))
    parts = [
        f'<h3 id="article-{_e(aid)}">{_e(heading)} <span class="meta"><code>{_e(aid)}</code>'
        f"{_e(f' · {published}' if published else '')}</span></h3>"
    ]
    for layer in layers:
        if not layer.marks:
            parts.append(f'<p class="layer meta" id="article-{_e(aid)}-{layer.key}">{layer.title}: none.</p>')
            continue
        parts.append(
            f'<details class="layer" id="article-{_e(aid)}-{layer.key}" open><summary>{layer.title} '
            f'<span class="meta">({layer.counts()})</span></summary>'
            f'<div class="entities" data-layer="{layer.key}">{_highlight(str(article["text"]), layer.marks)}'
            "</div></details>"
        )
    return "\n".join(parts)


def _legend() -> str:
    groups = {
        **{group: [(label, _COLORS[label]) for label in labels] for group, labels in _LEGEND.items()},
        "events and roles": [
            ("event: its kind", _FACT_COLORS["event"]),
            ("role: its title", _FACT_COLORS["role"]),
        ],
        "quotes": [("QUOTE", _FACT_COLORS["quote"]), ("SPEAKER", _FACT_COLORS["speaker"])],
    }
    marks = "".join(
        f'<span class="group">{_e(group)}: '
        + "".join(f'<mark style="background: {color}">{_e(label)}</mark>' for label, color in items)
        + "</span> "
        for group, items in groups.items()
    )
    return (
        f'<p class="legend">{marks}<mark class="correction" style="background: #fff">corrected</mark></p>\n'
        '<p class="meta">After each label: the name a phrase refers to (→), a value as normalized, an '
        "event's participants by role, place and dates, a role's person, a quote's cue and speaker.</p>"
    )


def _by_article(frame: pd.DataFrame | None, ids: set[str]) -> dict[str, pd.DataFrame]:
    if frame is None or frame.empty:
        return {}
    return {str(aid): rows for aid, rows in frame.loc[frame["article_id"].isin(ids)].groupby("article_id")}


def _articles(tables: Mapping[str, pd.DataFrame], limit: int, total: int | None = None) -> str:
    articles = tables.get("articles")
    parts = ['<h2 id="articles">Articles</h2>']
    if articles is None or articles.empty:
        parts.append("<p>No article was written.</p>")
        return "\n".join(parts)
    total = len(articles) if total is None else total
    shown = articles.head(total if total <= ALL_ARTICLES else limit)
    if len(shown) < total:
        parts.append(
            f"<p>The first {len(shown):,} of {total:,} articles, to keep this page small; every fact is "
            "in the tables.</p>"
        )
    parts.append(_legend())
    ids = {str(a) for a in shown["article_id"]}
    kinds = ("mentions", "dates", "figures", "events", "roles", "quotes")
    grouped = {kind: _by_article(tables.get(kind), ids) for kind in kinds}
    event_ids = [str(e) for frame in grouped["events"].values() for e in frame["event_id"]]
    facts = _facts(tables, event_ids)
    for article in _records(shown):
        aid = str(article["article_id"])
        rows = {kind: grouped[kind].get(aid) for kind in kinds}
        parts.append(_article(article, _layers(aid, rows, facts)))
    return "\n".join(parts)
