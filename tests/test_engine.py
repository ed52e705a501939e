"""The engines give the same facts, in the same order, whatever runs them and however many workers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pipeline.schemas import TABLES

from pipeline import engine
from pipeline.model import Article
from pipeline.read import make_article, read_articles
from pipeline.tables import Tables, build_tables, combine_tables
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


def assert_same_tables(got: Tables, expected: Tables) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)


def test_batches_keep_order_and_size() -> None:
    articles = corpus(10)
    got = list(engine.batches(articles, size=4))
    assert [len(b) for b in got] == [4, 4, 3]
    assert [a for b in got for a in b] == articles


def test_few_articles_are_shared_among_the_workers() -> None:
    assert engine.batch_size(10_000, 2) == engine.BATCH_SIZE
    assert engine.batch_size(300, 2) == 150
    assert engine.batch_size(301, 2) == 151
    assert engine.batch_size(1, 4) == 1


def test_an_entity_keeps_the_first_country_code_any_batch_knew() -> None:
    def part(country_code: str | None, name: str) -> Tables:
        tables = build_tables([])
        tables["entities"] = pd.DataFrame(
            {
                "entity_id": pd.Series(["person:ana-robles", "place:lima"], dtype="str"),
                "kind": pd.Series(["person", "place"], dtype="str"),
                "name": pd.Series([name, "Lima"], dtype="str"),
                "country_code": pd.Series([country_code, "PER"], dtype="str"),
                "in_reference": [False, True],
            }
        )
        return tables

    combined = combine_tables([part(None, "Ana Robles"), part("CHL", "A. Robles"), part("PER", "Robles")])
    entities = combined["entities"]
    assert entities["entity_id"].tolist() == ["person:ana-robles", "place:lima"]
    assert entities["country_code"].tolist() == ["CHL", "PER"]
    assert entities["name"].tolist() == ["Ana Robles", "Lima"]  # the first row seen, but for the code
    assert entities.dtypes.equals(build_tables([])["entities"].dtypes)


def test_two_workers_give_the_same_facts_as_one() -> None:
    articles = corpus(40)
    settings = engine.Settings()
    one = combine_tables(list(engine.run_local(settings, articles, jobs=1, size=7)))
    two = combine_tables(list(engine.run_local(settings, articles, jobs=2, size=7)))
    assert_same_tables(two, one)
    assert one["articles"]["article_id"].tolist() == [a.article_id for a in articles]


def test_batches_combine_into_the_tables_of_all_articles_at_once() -> None:
    articles = corpus(20)
    found = engine.extractor(engine.Settings())
    whole = build_tables(found.extract(article) for article in articles)
    assert whole["entities"]["entity_id"].duplicated().sum() == 0
    parts = list(engine.run_local(engine.Settings(), articles, jobs=1, size=3))
    assert len(parts) == 7
    # Entities recur across batches ("Chile" every third article): each must end up one row.
    per_batch = pd.concat([part["entities"]["entity_id"] for part in parts])
    assert per_batch.duplicated().any()
    assert_same_tables(combine_tables(parts), whole)


def test_dask_local_cluster_gives_the_same_facts() -> None:
    pytest.importorskip("dask.distributed")
    articles = corpus(12)
    settings = engine.Settings()
    local = combine_tables(list(engine.extract_all(articles, settings, jobs=1)))
    dask = combine_tables(list(engine.extract_all(articles, settings, jobs=2, engine="dask")))
    assert_same_tables(dask, local)
