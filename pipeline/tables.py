"""Turn the facts of many articles into one typed DataFrame per contract table."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from pipeline.model import ArticleFacts
from pipeline.schemas import MODELS, TABLES

Tables = dict[str, pd.DataFrame]


def conform(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with exactly the columns of table `name`'s model, in order, with its dtypes.

    The pandera model is the one description of each table; building from it keeps the two in step.
    """
    schema = MODELS[name].to_schema()
    frame = pd.DataFrame(rows, columns=list(schema.columns))
    for column, spec in schema.columns.items():
        dtype = spec.dtype.type
        if str(dtype).startswith("datetime64"):
            # Second precision: nanoseconds cannot hold dates before 1677 ("in the year 1000").
            frame[column] = pd.to_datetime(pd.Series(frame[column], dtype=object)).astype("datetime64[s]")
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


_FIELDS: dict[type, tuple[str, ...]] = {}


def _record(item: Any) -> dict[str, Any]:
    # A flat dict of a record's fields: dataclasses.asdict deep-copies every value, many times slower.
    kind = type(item)
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(item))
    return {name: getattr(item, name) for name in _FIELDS[kind]}


def build_tables(facts: Iterable[ArticleFacts]) -> Tables:
    """The ten contract tables for a batch of articles; an entity seen in several articles is one row."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    entities: dict[str, dict[str, Any]] = {}
    for item in facts:
        article = item.article
        aid = article.article_id
        record = _record(article)
        record.pop("dateline_end")
        rows["articles"].append({**record, "n_sentences": item.n_sentences})
        for entity in item.entities:
            seen = entities.setdefault(entity.entity_id, _record(entity))
            if seen["country_code"] is None:
                seen["country_code"] = entity.country_code
        for table, records in (
            ("mentions", item.mentions),
            ("corrections", item.corrections),
            ("roles", item.roles),
            ("dates", item.dates),
            ("figures", item.figures),
            ("quotes", item.quotes),
        ):
            rows[table].extend({"article_id": aid, **_record(r)} for r in records)
        for event in item.events:
            record = _record(event)
            participants = record.pop("participants")
            rows["events"].append({**record, "article_id": aid})
            rows["event_participants"].extend(
                {"event_id": event.event_id, "entity_id": entity_id, "role": role}
                for entity_id, role in participants
            )
    rows["entities"] = sorted(entities.values(), key=lambda e: e["entity_id"])
    return {name: conform(name, rows[name]) for name in TABLES}


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
    combined["entities"] = entities
    return combined
