"""The run's reports: validation.json for machines, report.html for people; both say the same thing.

The HTML page is built from the very document written to validation.json, so the two cannot disagree,
and is self-contained (inline CSS, no script, no font or image to fetch): it opens from disk offline.
It stays small on big runs: a preview of each table, and the first articles highlighted.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd
from spacy import displacy

from pipeline.schemas import TABLES
from pipeline.schemas.catalog import describe
from pipeline.validate import shorten

# Bumped when a key of validation.json changes meaning or goes away (adding keys does not bump it).
REPORT_VERSION = "1"
VALIDATION_REPORT = "validation.json"
FAILURE_CASES = "failure_cases.parquet"
HTML_REPORT = "report.html"
QUARANTINE_DIR = "quarantine"

PREVIEW_ROWS = 10
HIGHLIGHT_ARTICLES = 20
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
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 36px 0 10px;
     border-bottom: 1px solid #d0d7de; padding-bottom: 4px; } h3 { font-size: 16px; margin: 22px 0 6px; }
.meta { color: #57606a; font-size: 13px; } code { font-size: 13px; }
.badge { display: inline-block; padding: 1px 10px; border-radius: 12px; font-weight: 600; font-size: 13px; }
.passed { background: #dafbe1; color: #1a7f37; } .warning { background: #fff8c5; color: #9a6700; }
.failed, .error { background: #ffebe9; color: #cf222e; }
.cards { display: flex; gap: 16px; margin: 18px 0; flex-wrap: wrap; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 18px; min-width: 150px; }
.card .n { font-size: 26px; font-weight: 700; } .card .what { color: #57606a; font-size: 13px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.null { color: #8c959f; font-style: italic; } details { margin: 4px 0; } summary { cursor: pointer; }
.entities { line-height: 2.6 !important; border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 16px; }
mark.entity .label { font-size: 0.72em; font-weight: 700; margin-left: 0.45em; vertical-align: middle; }
mark.entity .detail { font-size: 0.72em; margin-left: 0.35em; vertical-align: middle; color: #24292f; }
mark.correction { outline: 2px solid #cf222e; }
.legend mark { padding: 0.1em 0.5em; border-radius: 0.35em; margin-right: 6px; font-size: 12px; }
"""

# displaCy's entity template, with the normalized value beside the label and a class for corrections.
_ENT_TEMPLATE = (
    '<mark class="entity {cls}" title="{tip}" style="background: {bg}; padding: 0.3em 0.5em; '
    'margin: 0 0.2em; line-height: 1; border-radius: 0.35em;">{text}'
    '<span class="label">{label}</span><span class="detail">{detail}</span></mark>'
)

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
    """
    title = f"News facts: run {document.get('run_id', '')}"
    body = "\n".join(
        [
            _header(document, title),
            _validation(document),
            _tables(document, tables, preview_rows, written),
            _corrections(tables),
            _articles(tables, articles),
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
    settings = ", ".join(f"{k}={v}" for k, v in (document.get("settings") or {}).items())

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
        f'<div class="meta">pipeline {_e(document.get("pipeline_version"))} · schema '
        f"{_e(document.get('schema_version'))} · {_e(document.get('created', ''))} · {_e(settings)}</div>\n"
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
        "<table><tr><th>severity</th><th>table</th><th>rule</th><th>meaning</th><th>failing rows</th>"
        "<th>failures</th><th>examples (row key: value)</th></tr>"
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
    parts.append("</table>")
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
    return f"<table><tr>{header}</tr>{body}</table>"


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
        shown = min(n, len(frame))
        total = (written_rows or {}).get(name, len(frame))
        parts.append(
            f'<details id="table-{_e(name)}"><summary><b>{_e(name)}</b>: first {shown:,} of '
            f"{_plural(total, 'row')}</summary>{_preview(frame, n)}</details>"
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


def _spans(
    mentions: pd.DataFrame | None,
    dates: pd.DataFrame | None,
    figures: pd.DataFrame | None,
    kinds: Mapping[str, str],
    corrected: Mapping[tuple[str, str], str],
) -> list[dict[str, Any]]:
    """displaCy spans of one article: mentions, dates, figures; a span overlapping one before is dropped."""
    spans: list[dict[str, Any]] = []
    for m in _records(mentions) if mentions is not None else []:
        label = _KIND_LABELS.get(kinds.get(m["entity_id"], ""), "OTHER")
        canonical = corrected.get((m["entity_id"], m["text"]))
        tip = f"{m['entity_id']} ({m['method']})" + (f": {m['text']} → {canonical}" if canonical else "")
        detail = f"→ {canonical}" if canonical else ""
        spans.append(_span(m["start"], m["end"], label, detail, tip, "correction" if canonical else ""))
    for d in _records(dates) if dates is not None else []:
        spans.append(_span(d["start"], d["end"], "DATE", d["value"], f"{d['kind']} {d['value']}"))
    for f in _records(figures) if figures is not None else []:
        number = float(f["value"])
        value = f"{number:,.0f}" if number.is_integer() else f"{number:,}"
        unit = f" {f['unit']}" if isinstance(f["unit"], str) else ""
        label = _FIGURE_LABELS.get(f["kind"], "NUMBER")
        spans.append(_span(f["start"], f["end"], label, value + unit, f"{f['kind']} {value}{unit}"))
    spans.sort(key=lambda s: (s["start"], -(s["end"] - s["start"])))
    kept: list[dict[str, Any]] = []
    for span in spans:
        if not kept or span["start"] >= kept[-1]["end"]:
            kept.append(span)
    return kept


def _span(start: int, end: int, label: str, detail: str, tip: str, cls: str = "") -> dict[str, Any]:
    return {
        "start": int(start),
        "end": int(end),
        "label": label,
        "params": {"detail": _e(detail), "tip": _e(tip), "cls": cls},
    }


def _by_article(frame: pd.DataFrame | None, ids: set[str]) -> dict[str, pd.DataFrame]:
    if frame is None or frame.empty:
        return {}
    return {str(aid): rows for aid, rows in frame.loc[frame["article_id"].isin(ids)].groupby("article_id")}


def _articles(tables: Mapping[str, pd.DataFrame], limit: int) -> str:
    articles = tables.get("articles")
    parts = ['<h2 id="articles">Articles</h2>']
    if articles is None or articles.empty:
        parts.append("<p>No article was written.</p>")
        return "\n".join(parts)
    shown = articles.head(limit)
    if len(articles) > limit:
        parts.append(
            f"<p>The first {limit:,} of {len(articles):,} articles, to keep this page small; every fact is "
            "in the tables.</p>"
        )
    ids = {str(a) for a in shown["article_id"]}
    mentions, dates, figures = (_by_article(tables.get(t), ids) for t in ("mentions", "dates", "figures"))
    entities = tables.get("entities")
    kinds: dict[str, str] = {}
    if entities is not None:
        kinds = {str(e["entity_id"]): str(e["kind"]) for e in _records(entities[["entity_id", "kind"]])}
    corrected: dict[str, dict[tuple[str, str], str]] = {}
    for c in _records(tables["corrections"]) if "corrections" in tables else []:
        corrected.setdefault(str(c["article_id"]), {})[(c["entity_id"], c["text"])] = c["name"]
    legend = "".join(
        f'<mark style="background: {color}">{_e(label)}</mark>' for label, color in _COLORS.items()
    )
    parts.append(
        f'<p class="legend">{legend} <mark class="correction" style="background: #fff">corrected</mark></p>'
    )
    options = {"colors": _COLORS, "template": _ENT_TEMPLATE}
    for article in _records(shown):
        aid = str(article["article_id"])
        spans = _spans(mentions.get(aid), dates.get(aid), figures.get(aid), kinds, corrected.get(aid, {}))
        heading = article["title"] if isinstance(article["title"], str) else article["source_path"]
        published = article["published"]
        when = f" · {published.date().isoformat()}" if isinstance(published, pd.Timestamp) else ""
        parts.append(
            f'<h3 id="article-{_e(aid)}">{_e(heading)} <span class="meta"><code>{_e(aid)}</code>'
            f"{_e(when)}</span></h3>"
        )
        parts.append(
            displacy.render(
                {"text": article["text"], "ents": spans, "title": None},
                style="ent",
                manual=True,
                page=False,
                jupyter=False,
                options=options,
            )
        )
    return "\n".join(parts)
