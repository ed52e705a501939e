"""The CSV files as DuckDB and Polars read them with default options, and event ids that sort."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from pipeline.schemas import TABLES

from pipeline.contract import column_types
from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from tests.runs import invoke, reuse

READERS = ("duckdb", "polars")
# What no spelling of a CSV can avoid (docs/contract.md): both readers guess a column's type from its
# values, quoted or not, and CAMEO codes are all digits; DuckDB keeps them text for their leading zero.
NUMERIC_LOOKING = {("polars", "events"): {"cameo": "integer"}}


def duckdb_types(path: Path) -> dict[str, str]:
    relation = duckdb.sql(f"SELECT * FROM read_csv_auto('{path}')")
    families = {
        "VARCHAR": "string",
        "BIGINT": "integer",
        "DOUBLE": "number",
        "BOOLEAN": "boolean",
        "DATE": "date",
    }
    return {c: families.get(str(t), str(t)) for c, t in zip(relation.columns, relation.types, strict=True)}


def polars_types(path: Path) -> dict[str, str]:
    frame = pl.read_csv(path)
    families: dict[str, str] = {}
    for column, dtype in frame.schema.items():
        if dtype == pl.String:
            families[column] = "string"
            values = frame[column].drop_nulls().to_list()
            # Polars leaves dates as text unless asked (try_parse_dates): text that parses counts.
            if values and all(_is_date(v) for v in values):
                families[column] = "date"
        elif dtype.is_integer():
            families[column] = "integer"
        elif dtype.is_float():
            families[column] = "number"
        else:
            families[column] = {pl.Boolean: "boolean", pl.Date: "date"}.get(dtype, str(dtype))
    return families


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == len("2021-04-06")


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("table", TABLES)
def test_csv_reads_back_with_the_contract_types(bundled_out: Path, reader: str, table: str) -> None:
    parquet = pq.read_table(bundled_out / f"{table}.parquet")
    # A column without a single value gives a reader nothing to go by.
    expected = {
        column: kind
        for column, kind in column_types(table).items()
        if parquet.column(column).null_count < parquet.num_rows
    }
    got = (duckdb_types if reader == "duckdb" else polars_types)(bundled_out / f"{table}.csv")
    wrong = {column: got[column] for column, kind in expected.items() if got[column] != kind}
    assert wrong == NUMERIC_LOOKING.get((reader, table), {})


def test_every_table_has_values_to_read_types_from(bundled_out: Path) -> None:
    # So that the test above checks nearly every column: these are null throughout for a .txt article.
    empty = {
        (table, column)
        for table in TABLES
        for column in column_types(table)
        if (values := pq.read_table(bundled_out / f"{table}.parquet").column(column)).null_count
        == len(values)
    }
    assert empty <= {("articles", "source_line"), ("articles", "source_id"), ("articles", "title")}


# Whole numbers among them: written as 790000000, they read back as integers.
@pytest.mark.parametrize(
    ("table", "column", "whole"), [("figures", "value", 790000000.0), ("mentions", "score", 1.0)]
)
def test_csv_doubles_read_back_exactly(bundled_out: Path, table: str, column: str, whole: float) -> None:
    expected = pq.read_table(bundled_out / f"{table}.parquet").column(column).to_pylist()
    assert whole in expected
    path = bundled_out / f"{table}.csv"
    assert (
        duckdb.sql(f"SELECT {column} FROM read_csv_auto('{path}')").fetchnumpy()[column].tolist() == expected
    )
    assert pl.read_csv(path)[column].to_list() == expected


def test_event_ids_of_an_article_sort_as_text_in_their_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: Extractor
) -> None:
    reuse(monkeypatch, extractor)
    article = tmp_path / "meetings.txt"
    article.write_text(" ".join(f"Officials held meeting number {i} on the border." for i in range(1, 1002)))
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(article), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    in_text_order = duckdb.sql(
        f"SELECT event_id FROM read_csv_auto('{out}/events.csv') ORDER BY start"
    ).fetchall()
    ids = [event_id for (event_id,) in in_text_order]
    assert len(ids) == 1001
    assert [i.rsplit("-", 1)[1] for i in (ids[0], ids[998], ids[999], ids[-1])] == [
        "e0001",
        "e0999",
        "e1000",
        "e1001",
    ]
    assert sorted(ids) == ids
