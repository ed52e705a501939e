"""The library's two jobs: run the pipeline from raw articles to output, and re-validate existing output."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.errors import ValidationFailed
from pipeline.facts import Extractor
from pipeline.read import read_articles
from pipeline.schemas import SCHEMA_VERSION
from pipeline.tables import build_tables
from pipeline.validate import Report, validate
from pipeline.write import read_output, write_output

VALIDATION_REPORT = "validation.json"


@dataclass(frozen=True)
class RunResult:
    """What a run wrote and how long it took."""

    out: Path
    rows: dict[str, int]
    seconds: dict[str, float]  # per stage: setup, extract, validate, write
    report: Report


def rejected_path(out: Path) -> Path:
    """Where a run whose output failed validation leaves it for inspection, beside the good output."""
    return out.with_name(out.name + ".rejected")


def run(raw: Path, out: Path, *, model: str | None = None, reference: Path | None = None) -> RunResult:
    """Read every article under `raw`, extract and validate its facts, and replace `out` with them.

    Raises `InputError` for unreadable input and `ValidationFailed` when the tables break the contract;
    either way `out` is left as it was.
    """
    clock = _Stages()
    extractor = Extractor(model=model, reference=reference)
    clock.lap("setup")
    facts = [extractor.extract(article) for article in read_articles(raw)]
    tables = build_tables(facts)
    clock.lap("extract")
    report = validate(tables)
    clock.lap("validate")
    ids = ",".join(sorted(tables["articles"]["article_id"]))
    metadata: dict[str, Any] = {
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        # Same input and settings, same run id: reruns are recognizable as such.
        "run_id": hashlib.sha256(f"{ids}|{extractor.settings()}|{__version__}".encode()).hexdigest()[:16],
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "settings": extractor.settings(),
    }
    documents = {VALIDATION_REPORT: {**metadata, **report.to_dict()}}
    if not report.valid:
        write_output(rejected_path(out), tables, metadata, documents)
        raise ValidationFailed(report)
    write_output(out, tables, metadata, documents)
    clock.lap("write")
    rows = {name: len(frame) for name, frame in tables.items()}
    return RunResult(out=out, rows=rows, seconds=clock.seconds, report=report)


class _Stages:
    """Wall-clock seconds spent in each stage of a run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self._last, 3)
        self._last = now


def check(out: Path) -> Report:
    """Validate the tables already in an output folder (written here or elsewhere).

    Raises `ValidationFailed` when any rule fails.
    """
    report = validate(read_output(out))
    if not report.valid:
        raise ValidationFailed(report)
    return report
