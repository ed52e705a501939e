"""Helpers for tests that run the whole pipeline: corrupt its tables on the way, invoke the CLI."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from click.testing import CliRunner

import pipeline.tables
from pipeline import engine
from pipeline.cli import main
from pipeline.facts import Extractor

Tables = dict[str, pd.DataFrame]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def reuse(monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> None:
    """Let runs share the session's extractor instead of building one each (seconds per run)."""
    monkeypatch.setitem(engine._extractors, engine.Settings(), extractor)


def corrupt(monkeypatch: pytest.MonkeyPatch, damage: Callable[[Tables], None]) -> None:
    """Make every run's tables go through `damage` before validation."""
    build = pipeline.tables.combine_tables

    def broken(parts):  # type: ignore[no-untyped-def]
        tables = build(parts)
        damage(tables)
        return tables

    monkeypatch.setattr("pipeline.runner.combine_tables", broken)


def negative_money(tables: Tables) -> None:
    """Every amount of money made negative, which its text does not say: breaks negative_as_written."""
    figures = tables["figures"]
    figures.loc[figures["kind"] == "money", "value"] = -1.0


def unknown_kind(tables: Tables) -> None:
    """Sergey Lavrov's entity given an unknown kind: breaks known_kind (and references_person)."""
    entities = tables["entities"]
    entities.loc[entities["entity_id"] == "person:sergey-lavrov", "kind"] = "human"
