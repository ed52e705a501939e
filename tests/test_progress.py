"""Progress lines for logs, and the article count they are measured against."""

from __future__ import annotations

import io
from pathlib import Path

from pipeline import progress
from pipeline.progress import Progress
from pipeline.read import count_articles


def test_count_articles_counts_lines_and_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    assert count_articles(tmp_path) == 3


def test_plain_lines_when_not_a_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)
    stream = io.StringIO()
    meter = Progress(total=10, stream=stream)
    meter.update(4)
    meter.close()
    (line,) = stream.getvalue().splitlines()
    assert line.startswith("4/10 articles, ")
    assert line.endswith(" s left")
