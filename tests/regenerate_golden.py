"""Rewrite the golden tables under tests/fixtures/golden/ from a fresh run on the bundled article.

Run after a deliberate change to extraction, then review `git diff tests/fixtures/golden`:
    python -m tests.regenerate_golden
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

from pipeline.schemas import TABLES

from pipeline import runner
from tests.fixtures import GOLDEN, REPO


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(REPO):
        out = Path(tmp) / "out"
        runner.run(Path("raw"), out)
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            shutil.copyfile(out / f"{table}.csv", GOLDEN / f"{table}.csv")
    print(f"wrote {len(TABLES)} golden tables to {GOLDEN}")


if __name__ == "__main__":
    main()
