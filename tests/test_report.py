"""A run's reports: validation.json, failure_cases.parquet, the terminal summary and report.html agree."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from pipeline.report import HIGHLIGHT_ARTICLES, render_html, validation_document
from pipeline.validate import SAMPLES, validate
from tests.factories import ARTICLE_ID, valid_tables
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


def test_report_page_stays_small_on_big_runs() -> None:
    tables = valid_tables()
    # 200 copies of the article (the validation result is not what this test is about).
    articles = pd.concat([tables["articles"]] * 200, ignore_index=True)
    articles["article_id"] = [f"{i:016x}" for i in range(len(articles))]
    tables["articles"] = articles
    document = validation_document(
        validate(valid_tables()).to_dict(), {"run_id": "x"}, fail_on="error", on_error="fail", passed=True
    )
    page = render_html(document, tables)
    assert page.count('<div class="entities"') == HIGHLIGHT_ARTICLES
    assert f"The first {HIGHLIGHT_ARTICLES} of 200 articles" in page
    assert len(page) < 200_000


def test_report_page_highlights_facts_and_corrections() -> None:
    tables = valid_tables()
    document = validation_document(
        validate(tables).to_dict(), {"run_id": "x"}, fail_on="error", on_error="fail", passed=True
    )
    page = render_html(document, tables)
    marks = re.findall(
        r'<mark class="entity ([a-z]*)"[^>]*>(.*?)<span class="label">(.*?)</span>'
        r'<span class="detail">(.*?)</span></mark>',
        page,
        flags=re.S,
    )
    texts = {text.strip(): (cls, label, detail) for cls, text, label, detail in marks}
    assert texts["Antonn Varga"] == ("correction", "PERSON", "→ Anton Varga")
    assert texts["Anton Varga"] == ("", "PERSON", "")
    assert texts["April 6"] == ("", "DATE", "2021-04-06")
    assert texts["$25 million"] == ("", "MONEY", "25,000,000 USD")
    assert texts["12 percent"] == ("", "PERCENT", "12 percent")
    assert f'id="article-{ARTICLE_ID}"' in page
