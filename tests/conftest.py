"""Shared fixtures: one extractor per test session, and the bundled article's output built once."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from pipeline import runner
from pipeline.facts import Extractor
from tests.fixtures import REPO


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def bundled_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of `pipeline run` on the bundled article, run as the README's quickstart runs it."""
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "raw", root / "raw")
    with contextlib.chdir(root):
        runner.run(Path("raw"), Path("out"))
    return root / "out"
