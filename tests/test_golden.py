"""The bundled article's output, table by table, against the reviewed golden copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline.schemas import TABLES

from tests.fixtures import GOLDEN


@pytest.mark.parametrize("table", TABLES)
def test_table_matches_golden(bundled_out: Path, table: str) -> None:
    # On a deliberate change: python -m tests.regenerate_golden, then review the diff.
    expected = (GOLDEN / f"{table}.csv").read_text(encoding="utf-8").splitlines()
    actual = (bundled_out / f"{table}.csv").read_text(encoding="utf-8").splitlines()
    assert actual == expected
