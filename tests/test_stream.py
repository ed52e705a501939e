"""A run streamed in chunks reports and writes what one validation of the whole output finds."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import engine, runner
from pipeline.validate import validate
from pipeline.write import read_output

SENTENCES = [
    "Minister Tomas Varga arrived in Lima on Tuesday for talks.",
    "Foreign Minister Ana Robles of Chile met Pedro Castillo.",
    "Trade grew by 12% to $ 3 billion last year, Angela Merkel said.",
]


def feed(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            # Every third article has no date: its relative dates cannot be anchored (warnings).
            published = None if i % 3 == 0 else "2021-04-06"
            record = {"id": str(i), "published": published, "text": f"{SENTENCES[i % 3]} (item {i})"}
            fh.write(json.dumps(record) + "\n")
    return path


def test_chunks_report_the_counts_of_a_whole_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BATCH_SIZE", 3)
    monkeypatch.setattr(runner, "CHUNK_ARTICLES", 7)
    out = tmp_path / "out"
    result = runner.run(feed(tmp_path / "feed.jsonl", 40), out)
    whole = validate(read_output(out))
    assert whole.counts()["warning"]["rules"] == 3
    assert result.report.counts() == whole.counts()
    document = json.loads((out / "validation.json").read_text())
    assert document["counts"] == whole.counts()
    for table, entry in whole.to_dict()["tables"].items():
        assert document["tables"][table]["failing_rows"] == entry["failing_rows"], table
    cases = pd.read_parquet(out / "failure_cases.parquet")
    assert len(cases) == whole.n_failures
    assert sorted(map(tuple, cases[["table", "rule"]].to_numpy())) == sorted(
        (f.table, f.check) for f in whole.failures
    )


def test_chunks_write_each_entity_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    monkeypatch.setattr(runner, "CHUNK_ARTICLES", 5)
    out = tmp_path / "out"
    runner.run(feed(tmp_path / "feed.jsonl", 30), out)
    entities = pd.read_parquet(out / "entities.parquet")
    assert entities["entity_id"].is_unique
    assert entities["entity_id"].is_monotonic_increasing
    assert len(pd.read_parquet(out / "articles.parquet")) == 30
