"""Input a user can trust, tried from the outside: long, skipped, several, foreign and unwritable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import nlp
from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from tests.fixtures import BUNDLED_ARTICLE
from tests.runs import invoke, reuse

GOOD = "Foreign Minister Ana Robles met Sergey Lavrov in Lima on Tuesday to discuss trade.\n"
PARAGRAPH = GOOD + "The two ministers agreed to meet again next year and said the talks had been useful.\n"


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> pytest.MonkeyPatch:
    reuse(monkeypatch, extractor)
    return monkeypatch


def test_long_article_is_parsed_in_pieces_with_offsets_exact(
    tmp_path: Path, runs: pytest.MonkeyPatch, bundled_out: Path
) -> None:
    # Pieces of 2,000 characters make the bundled article (about 6,000) a long one.
    runs.setattr(nlp, "PIECE_CHARS", 2000)
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out))
    assert code == ExitStatus.OK, stderr  # spans_match_text would fail on one offset gone astray
    columns = ["entity_id", "text", "start", "end"]
    whole = pd.read_parquet(bundled_out / "mentions.parquet")[columns]
    pieces = pd.read_parquet(out / "mentions.parquet")[columns]
    pd.testing.assert_frame_equal(pieces, whole)


def test_article_over_the_limit_is_skipped_and_reported_and_the_others_run(
    tmp_path: Path, runs: pytest.MonkeyPatch
) -> None:
    runs.setattr("pipeline.read.MAX_ARTICLE_CHARS", 3000)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "long.txt").write_bytes(BUNDLED_ARTICLE.read_bytes())
    (raw / "short.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(raw), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    length = len(BUNDLED_ARTICLE.read_text(encoding="utf-8"))
    (rule,) = json.loads((out / "validation.json").read_text())["tables"]["input"]["rules"]
    assert [(s["row_key"], s["failure_case"]) for s in rule["samples"]] == [
        ((raw / "long.txt").as_posix(), f"text is {length:,} characters, more than the 3,000 read")
    ]
    assert pd.read_parquet(out / "articles.parquet")["text"].tolist() == [GOOD]
    assert json.loads((out / "manifest.json").read_text())["input"]["skipped"] == {"file_skipped": 1}


def test_pieces_join_into_the_text_and_cut_after_line_breaks() -> None:
    text = "One line here.\nAnother line.\n" * 10
    cut = list(nlp._pieces(text, 40))
    assert "".join(cut) == text
    assert all(len(piece) <= 40 and piece.endswith("\n") for piece in cut)


def _feed(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "feed.jsonl").write_text(
        '{"text": 12345}\n'
        "\n"
        '[{"text": "x"}]\n'
        '{"text": "Officials met in Paris on Monday to talk about the budget.", "published": "2021-02-30"}\n',
        encoding="utf-8",
    )


def test_skipped_input_is_reported_and_fails_only_with_fail_on_warning(
    tmp_path: Path, runs: pytest.MonkeyPatch
) -> None:
    _feed(tmp_path / "raw")
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", "--raw", str(tmp_path / "raw"), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    assert "Validation passed." in stdout
    found = {
        rule["rule"]: [(s["row_key"], s["failure_case"]) for s in rule["samples"]]
        for rule in json.loads((out / "validation.json").read_text())["tables"]["input"]["rules"]
    }
    feed = (tmp_path / "raw" / "feed.jsonl").as_posix()
    assert found == {
        "file_skipped": [((tmp_path / "raw" / "empty.txt").as_posix(), "empty file")],
        "record_skipped": [
            (f"{feed}:1", "text is a number, not a string"),
            (f"{feed}:2", "blank line"),
            (f"{feed}:3", "an array, not a JSON object"),
        ],
        "field_ignored": [(f"{feed}:4", "published 2021-02-30 is not a date; read without it")],
    }
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["input"]["articles"] == 2
    assert manifest["input"]["skipped"] == {"file_skipped": 1, "record_skipped": 3, "field_ignored": 1}
    cases = pd.read_parquet(out / "failure_cases.parquet")
    assert sorted(cases.loc[cases["table"] == "input", "rule"]) == [
        "field_ignored",
        "file_skipped",
        "record_skipped",
        "record_skipped",
        "record_skipped",
    ]
    assert "record_skipped" in (out / "report.html").read_text()

    code, _, stderr = invoke("run", "--raw", str(tmp_path / "raw"), "--out", str(out), "--fail-on", "warning")
    assert code == ExitStatus.VALIDATION_FAILED
    assert "input     record_skipped" in stderr


def test_empty_file_given_alone_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    code, _, stderr = invoke("run", "--raw", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"))
    assert code == ExitStatus.BAD_INPUT
    assert stderr == f"Error: {tmp_path / 'a.txt'}: empty file\n"


def test_raw_given_twice_reads_both(tmp_path: Path, runs: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(GOOD, encoding="utf-8")
    second = tmp_path / "two.jsonl"
    second.write_text(json.dumps({"text": "Olaf Scholz visited Paris on Monday."}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(tmp_path / "a"), "--raw", str(second), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    articles = pd.read_parquet(out / "articles.parquet")
    assert list(articles["source_path"]) == [(tmp_path / "a" / "one.txt").as_posix(), second.as_posix()]


def test_missing_raw_is_told_before_the_extractor_is_imported(tmp_path: Path) -> None:
    script = (
        "import sys; from click.testing import CliRunner; from pipeline.cli import main;"
        f"r = CliRunner().invoke(main, ['run', '--raw', {str(tmp_path / 'nope')!r}]);"
        "print(r.exit_code, 'spacy' in sys.modules, r.stderr.splitlines()[-1])"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == (f"2 False Error: {tmp_path / 'nope'}: no such file or folder")


def test_output_folder_that_cannot_be_made_is_bad_input(tmp_path: Path, runs: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, _, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(blocker / "out"))
    assert code == ExitStatus.BAD_INPUT
    assert stderr.startswith(f"Error: cannot write to {blocker}/: ")
    assert len(stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "a.jsonl",
            (json.dumps({"text": GOOD}) + "\n").encode("utf-16"),
            "a.jsonl: UTF-16 text (byte order mark found): JSON Lines must be UTF-8; convert it",
        ),
        (
            "a.txt",
            GOOD.encode("utf-16-le"),
            "a.txt: UTF-16 text without a byte order mark: convert it to UTF-8",
        ),
    ],
)
def test_utf16_that_cannot_be_read_says_so(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    code, _, stderr = invoke("run", "--raw", str(tmp_path / name), "--out", str(tmp_path / "out"))
    assert code == ExitStatus.BAD_INPUT
    assert stderr == f"Error: {tmp_path / message}\n"


def test_utf16_text_with_a_mark_is_read(tmp_path: Path, runs: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD.encode("utf-16"))
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(tmp_path / "a.txt"), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    assert pd.read_parquet(out / "articles.parquet")["text"].tolist() == [GOOD]


def test_foreign_language_and_html_get_a_warning_each(tmp_path: Path, runs: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "de.txt").write_text(
        "Der Bundestag hat am Dienstag ein neues Gesetz beschlossen, das die Steuern für Familien senkt. "
        "Bundeskanzler Olaf Scholz sagte in Berlin, das Gesetz sei ein wichtiger Schritt für das Land.\n",
        encoding="utf-8",
    )
    (raw / "page.txt").write_text(
        f"<p>{PARAGRAPH.strip()}</p>\n<p>They discussed trade.</p>\n", encoding="utf-8"
    )
    (raw / "en.txt").write_text(PARAGRAPH, encoding="utf-8")
    (raw / "short.txt").write_text("Talks went on.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = invoke("run", "--raw", str(raw), "--out", str(out), "--fail-on", "warning")
    assert code == ExitStatus.VALIDATION_FAILED
    report = json.loads((out.with_name("out.rejected") / "validation.json").read_text())
    rules = {r["rule"]: r["failing_rows"] for r in report["tables"]["articles"]["rules"]}
    assert rules == {"article_not_english": 1, "article_looks_like_html": 1}
    articles = pd.read_parquet(out.with_name("out.rejected") / "articles.parquet")
    languages = dict(
        zip(
            articles["source_path"].str.rsplit("/", n=1).str[1],
            articles["language"].astype(object).where(articles["language"].notna(), None),
            strict=True,
        )
    )
    # Too short to tell: no language rather than a guess, and no warning.
    assert languages == {"de.txt": "de", "en.txt": "en", "page.txt": "en", "short.txt": None}


def test_help_lists_each_command_on_one_line_and_the_exit_codes() -> None:
    code, stdout, _ = invoke("--help")
    assert code == ExitStatus.OK
    commands = stdout.split("Commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[0] for line in commands] == ["contract", "run", "validate"]  # one line each
    assert not any(line.rstrip().endswith("...") for line in commands)
    for status in ExitStatus:
        assert f"  {status.value:<4}" in stdout


def test_quarantine_with_fail_on_warning_says_what_was_written(
    tmp_path: Path, runs: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    code, _, stderr = invoke(
        "run",
        "--raw",
        str(BUNDLED_ARTICLE),
        "--out",
        str(out),
        "--on-error",
        "quarantine",
        "--fail-on",
        "warning",
    )
    assert code == ExitStatus.VALIDATION_FAILED
    assert stderr.splitlines()[-1] == (
        f"Error: output failed validation; no row broke an error rule; every row written to {out}/; "
        f"report: {out / 'report.html'}"
    )
    assert not (out / "quarantine").exists()
