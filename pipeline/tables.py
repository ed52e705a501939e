"""Turn the facts of many articles into one typed DataFrame per contract table."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any

import pandas as pd

from pipeline.model import (
    Article,
    ArticleFacts,
    Correction,
    DateFact,
    Entity,
    Event,
    FigureFact,
    Mention,
    Quote,
    Role,
)
from pipeline.names.identity import canonical_ids
from pipeline.schemas import MODELS, TABLES

Tables = dict[str, pd.DataFrame]


def conform(name: str, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A DataFrame with exactly the columns of table `name`'s model, in order, with its dtypes.

    The pandera model is the one description of each table; building from it keeps the two in step.
    """
    rows = list(rows)
    return _typed(name, {column: [row.get(column) for row in rows] for column in _columns(name)})


def _columns(name: str) -> list[str]:
    return list(MODELS[name].to_schema().columns)


def _typed(name: str, columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """Table `name` from its columns' values (a missing column is all null), typed by its model."""
    schema = MODELS[name].to_schema()
    n = len(next(iter(columns.values()), ()))
    data = {}
    for column, spec in schema.columns.items():
        values = columns.get(column, [None] * n)
        dtype = spec.dtype.type
        if str(dtype).startswith("datetime64"):
            # Second precision: nanoseconds cannot hold dates before 1677 ("in the year 1000").
            data[column] = pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[s]")
        else:
            data[column] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(schema.columns))


_GETTERS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _fields(kind: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """A record type's field names, and a function giving a record's values as a tuple in that order.

    `attrgetter` reads every field in one C call; dicts per record (or dataclasses.astuple, which
    deep-copies) made this a third of the cost of building a batch's tables.
    """
    if kind not in _GETTERS:
        names = tuple(f.name for f in dataclasses.fields(kind))
        getter = attrgetter(*names)
        _GETTERS[kind] = names, (getter if len(names) > 1 else lambda record: (getter(record),))
    return _GETTERS[kind]


class _Rows:
    """A table's rows as tuples, each led by the article id, turned into columns at the end."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.rows: list[tuple[Any, ...]] = []

    def columns(self) -> dict[str, Sequence[Any]]:
        if not self.rows:
            return {name: [] for name in self.names}
        return dict(zip(self.names, zip(*self.rows, strict=True), strict=True))


# The span tables, and the record type of their rows (each row led by its article's id).
_SPAN_RECORDS: dict[str, type] = {
    "mentions": Mention,
    "corrections": Correction,
    "roles": Role,
    "dates": DateFact,
    "figures": FigureFact,
    "quotes": Quote,
}


def build_tables(facts: Iterable[ArticleFacts]) -> Tables:
    """The ten contract tables for a batch of articles; an entity seen in several articles is one row.

    Fields a table does not list (an article's `dateline_end`, an event's `participants`) are dropped.
    """
    rows = {name: _Rows(("article_id", *_fields(kind)[0])) for name, kind in _SPAN_RECORDS.items()}
    rows["articles"] = _Rows((*_fields(Article)[0], "n_sentences", "language"))
    rows["events"] = _Rows(("article_id", *_fields(Event)[0]))
    rows["event_participants"] = _Rows(("event_id", "entity_id", "role"))
    entity_names, entity_values = _fields(Entity)
    entities: dict[str, dict[str, Any]] = {}
    for item in facts:
        aid = item.article.article_id
        rows["articles"].rows.append((*_fields(Article)[1](item.article), item.n_sentences, item.language))
        for entity in item.entities:
            record = dict(zip(entity_names, entity_values(entity), strict=True))
            seen = entities.setdefault(entity.entity_id, record)
            if seen["country_code"] is None:
                seen["country_code"] = entity.country_code
        for name, records in (
            ("mentions", item.mentions),
            ("corrections", item.corrections),
            ("roles", item.roles),
            ("dates", item.dates),
            ("figures", item.figures),
            ("quotes", item.quotes),
        ):
            values = _fields(_SPAN_RECORDS[name])[1]
            rows[name].rows.extend((aid, *values(record)) for record in records)
        for event in item.events:
            rows["events"].rows.append((aid, *_fields(Event)[1](event)))
            rows["event_participants"].rows.extend(
                (event.event_id, entity_id, role) for entity_id, role in event.participants
            )
    tables = {name: _typed(name, table.columns()) for name, table in rows.items()}
    tables["entities"] = joined(conform("entities", sorted(entities.values(), key=lambda e: e["entity_id"])))
    return {name: tables[name] for name in TABLES}


def joined(entities: pd.DataFrame) -> pd.DataFrame:
    """The entities table with `canonical_id` decided over all its rows: one person, one canonical id.

    Called wherever an entities table is completed (a batch, batches combined, the whole run), always
    over the full set of rows, so that the decision does not depend on how articles were split up.
    """
    entities = entities.copy()
    entities["canonical_id"] = canonical_ids(entities)
    return entities


def combine_tables(parts: Sequence[Tables]) -> Tables:
    """The tables of consecutive batches as one: what `build_tables` gives for all their articles at once.

    Workers build each batch's tables, which travel far more cheaply than the facts themselves; an
    entity in several batches keeps its first row, with the first country code any batch knew.
    """
    if len(parts) == 1:
        return dict(parts[0])
    combined = {}
    for name in TABLES:
        # Empty frames add no rows; leaving them out spares pandas guessing dtypes from them.
        frames = [part[name] for part in parts if len(part[name])] or [parts[0][name]]
        combined[name] = pd.concat(frames, ignore_index=True)
    entities = combined["entities"]
    known = entities.groupby("entity_id", sort=False)["country_code"].first()
    entities = entities.drop_duplicates("entity_id").sort_values("entity_id", ignore_index=True)
    entities["country_code"] = entities["entity_id"].map(known).astype(entities["country_code"].dtype)
    combined["entities"] = joined(entities)
    return combined
