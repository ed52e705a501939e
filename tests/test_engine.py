"""The engines give the same facts, in the same order, whatever runs them and however many workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import engine
from pipeline.model import Article
from pipeline.read import make_article, read_articles
from tests.fixtures import RAW

SENTENCES = [
    "Foreign Minister Ana Robles of Chile arrived in Lima on Tuesday for talks on $ 2 billion in trade.",
    '"We will sign the agreement in May," Angela Merkel said in Berlin.',
    "Prime Minister Imran Khan met President Vladimir Putin in Moscow in June 2019.",
]


def corpus(n: int) -> list[Article]:
    bundled = list(read_articles(RAW))
    made = [make_article(Path(f"a{i}.txt"), f"{SENTENCES[i % 3]} (item {i})") for i in range(n)]
    return bundled + made


def flatten(batches: list[list[object]]) -> list[object]:
    return [facts for batch in batches for facts in batch]


def test_batches_keep_order_and_size() -> None:
    articles = corpus(10)
    got = list(engine.batches(articles, size=4))
    assert [len(b) for b in got] == [4, 4, 3]
    assert [a for b in got for a in b] == articles


def test_two_workers_give_the_same_facts_as_one() -> None:
    articles = corpus(40)
    settings = engine.Settings()
    one = flatten(list(engine.run_local(settings, articles, jobs=1, size=7)))
    two = flatten(list(engine.run_local(settings, articles, jobs=2, size=7)))
    assert two == one
    assert [f.article.article_id for f in one] == [a.article_id for a in articles]


def test_dask_local_cluster_gives_the_same_facts() -> None:
    pytest.importorskip("dask.distributed")
    articles = corpus(12)
    settings = engine.Settings()
    local = flatten(list(engine.extract_all(articles, settings, jobs=1)))
    dask = flatten(list(engine.extract_all(articles, settings, jobs=2, engine="dask")))
    assert dask == local
